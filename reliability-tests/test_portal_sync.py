"""The national portal's synchronisation survives a portal outage and SIGKILLs of MotCua: afterwards the portal's last
state of every dossier equals MotCua's, no dossier was created twice, and no step is missing or counted twice.

The portal is the stand-in `stand-ins/dvcqg_portal.py` (the provincial adapter's protocol as VietOpenCPS
speaks it), run in this process on a loopback port. Intakes and steps run through the JSON API as in the crash test;
one round in three the portal is down. SQLite only: the sender is the same code on both engines, and the crash test
already proves both engines keep what they acknowledged.
"""
import datetime
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

from support import ROOT, FULL, Server, SQLiteFile, api, base_environment, free_port, run_motcua, token_for
from test_crash_safety import NEXT_STEP, Ledger, check_database, run_round

sys.path.insert(0, str(ROOT / "stand-ins"))
import dvcqg_portal  # noqa: E402

ROUNDS = 12 if FULL else 4
NATIONAL = {
    "new": "1", "received": "2", "refused": "3", "forwarded": "4", "assigned": "4", "under_review": "4", "awaiting_approval": "4",
    "returned_for_rework": "4", "paused_for_verification": "4", "supplement_requested": "5", "payment_requested": "6",
    "withdrawn": "7", "stopped": "8", "refused_during_processing": "8", "result_ready": "9", "returned": "10",
}


def test_portal_has_every_dossier_after_an_outage_and_kills():
    data_dir = Path(tempfile.mkdtemp(prefix="motcua-dvcqg-"))
    portal_port = free_port()
    http_server, portal = dvcqg_portal.serve(portal_port, "motcua", "demo-dvcqg")
    threading.Thread(target=http_server.serve_forever, daemon=True).start()
    env = base_environment(data_dir, extra={
        "MOTCUA_DVCQG_URL": f"http://127.0.0.1:{portal_port}", "MOTCUA_DVCQG_USERNAME": "motcua", "MOTCUA_DVCQG_PASSWORD": "demo-dvcqg",
    })
    server = Server(data_dir, env)
    db = SQLiteFile(data_dir / "motcua.sqlite")
    rng = random.Random(18)
    try:
        server.start()
        tokens = {name: token_for(server.base_url, name) for name in ("tiepnhan", "truongphong", "chuyenvien", "lanhdao")}
        ledger = Ledger()
        for round_number in range(ROUNDS):
            portal.mode = "down" if round_number % 3 == 1 else "up"
            run_round(server, tokens, ledger, rng)
        portal.mode = "up"
        assert ledger.created, "no intake was acknowledged: the test proved nothing\n" + server.log_tail()

        # The sender retries with back-off (30 s, then 60 s…): wait until nothing is left to send but the steps that the
        # demo's one refused step holds back.
        deadline = time.time() + 300
        while True:
            waiting = int(db.rows("""SELECT COUNT(*) FROM portal_sync_events WHERE status = 'pending' AND dossier_id NOT IN
                                     (SELECT dossier_id FROM portal_sync_events WHERE status = 'refused')""")[0][0])
            if waiting == 0:
                break
            assert time.time() < deadline, f"{waiting} steps still waiting after 5 minutes\n" + server.log_tail()
            time.sleep(2)

        problems = check_database(db, ledger)
        state = portal.state()
        refused = {code for (code,) in db.rows("SELECT DISTINCT dossier_code FROM portal_sync_events WHERE status = 'refused'")}
        steps = defaultdict(int)
        for code, count in db.rows("SELECT d.code, COUNT(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id GROUP BY d.code"):
            steps[code] = int(count)
        for code, status in db.rows("SELECT code, status FROM dossiers"):
            if code in refused:
                continue  # the demo's one refused step holds its dossier back until a person resends it
            record = state["dossiers"].get(code)
            if record is None:
                # The demo seeds its past as already synchronised; this portal only knows what was sent to it.
                if code in ledger.created:
                    problems.append(f"{code}: not on the portal")
            elif record["TrangThaiHoSo"] != NATIONAL[status]:
                problems.append(f"{code}: {status} in MotCua but national status {record['TrangThaiHoSo']} on the portal")
        for code in ledger.created:
            if state["creates"].get(code) != 1:
                problems.append(f"{code}: created {state['creates'].get(code)} times on the portal")
            if len(state["progress"].get(code, [])) != steps[code]:
                problems.append(f"{code}: {steps[code]} steps in MotCua but {len(state['progress'].get(code, []))} on the portal")
        print(f"{ROUNDS} rounds: {len(ledger.created)} intakes, {len(ledger.steps)} steps; {state['calls']} portal calls, "
              f"{state['duplicate_steps']} steps sent again after a kill (ignored by the portal)")
        assert not problems, "\n".join(problems[:50])
    finally:
        server.stop()
        http_server.shutdown()
        shutil.rmtree(data_dir, ignore_errors=True)


def portal_time(iso):
    """An API time (ISO 8601, UTC) as the portal writes it: yyyyMMddHHmmss in Vietnam time."""
    if not iso:
        return ""
    instant = datetime.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return instant.astimezone(datetime.timezone(datetime.timedelta(hours=7))).strftime("%Y%m%d%H%M%S")


def test_full_journey_reaches_the_portal_field_by_field():
    """Intake, a supplement asked during review and received, the result, its return: the portal's record and progress."""
    data_dir = Path(tempfile.mkdtemp(prefix="motcua-dvcqg-journey-"))
    portal_port = free_port()
    http_server, portal = dvcqg_portal.serve(portal_port, "motcua", "demo-dvcqg")
    threading.Thread(target=http_server.serve_forever, daemon=True).start()
    env = base_environment(data_dir, extra={
        "MOTCUA_DVCQG_URL": f"http://127.0.0.1:{portal_port}", "MOTCUA_DVCQG_USERNAME": "motcua", "MOTCUA_DVCQG_PASSWORD": "demo-dvcqg",
    })
    server = Server(data_dir, env)
    try:
        server.start()
        base = server.base_url
        tokens = {name: token_for(base, name) for name in ("tiepnhan", "truongphong", "chuyenvien", "lanhdao")}
        status, created = api(base, "POST", "/api/v1/dossiers", token=tokens["tiepnhan"], body={
            "procedureCode": "1.004837", "channel": "counter",
            "applicant": {"fullName": "Đỗ Thị Hạnh", "idNumber": "034185012345", "phone": "0987654321", "address": "Thôn Xuân Cầu"},
        })
        assert status == 201, created
        code = created["code"]
        journey = [
            ("tiepnhan", {"action": "forward"}),
            ("truongphong", {"action": "assign", "assignee": "chuyenvien"}),
            ("chuyenvien", {"action": "start_review"}),
            ("chuyenvien", {"action": "request_supplement", "missing": ["Bản chính giấy khai sinh"], "reason": "Bản sao không rõ"}),
            ("tiepnhan", {"action": "provide_supplement"}),
        ]
        due_before_supplement = None
        national_after_each_step = ["2"]
        while True:
            status, dossier = api(base, "GET", f"/api/v1/dossiers/{code}", token=tokens["tiepnhan"])
            assert status == 200, dossier
            if dossier["status"] == "returned":
                break
            username, step = journey.pop(0) if journey else NEXT_STEP[dossier["status"]]
            if step["action"] == "request_supplement":
                due_before_supplement = dossier["dueAt"]
            # A second apart, as officers act: the protocol's step carries no identifier, so the stand-in (like a portal
            # that drops a step sent twice after a crash) takes two identical steps in one second for one.
            time.sleep(1.05)
            status, answer = api(base, "POST", f"/api/v1/dossiers/{code}/actions", token=tokens[username], body={**step, "version": dossier["version"]})
            assert status == 200, (step, answer)
            national_after_each_step.append(NATIONAL[answer["status"]])
        final = dossier

        deadline = time.time() + 60
        while len(portal.state()["progress"].get(code, [])) < len(national_after_each_step):
            assert time.time() < deadline, (f"the portal has {len(portal.state()['progress'].get(code, []))} of {len(national_after_each_step)} steps: "
                                            f"{portal.state()['progress'].get(code)}; duplicates {portal.state()['duplicate_steps']}\n"
                                            f"{SQLiteFile(data_dir / 'motcua.sqlite').rows('SELECT sequence, status, last_error FROM portal_sync_events WHERE dossier_code = ' + repr(code))}\n" + server.log_tail())
            time.sleep(0.5)
        state = portal.state()
        record = state["dossiers"][code]
        assert state["creates"][code] == 1
        assert state["units"][code] == code.split("-")[0], "madonvi is the commune's electronic identifier"
        expected = {
            "MaHoSo": code, "MaTTHC": "1.004837", "TenTTHC": final["procedureName"], "ChuHoSo": "Đỗ Thị Hạnh", "LoaiDoiTuong": "1",
            "SoDienThoai": "0987654321", "Email": "", "KenhThucHien": "1", "HinhThuc": "0", "TrangThaiHoSo": "10",
            "NgayTiepNhan": portal_time(final["receivedAt"]), "NgayHenTra": portal_time(final["dueAt"]),
        }
        for field, value in expected.items():
            assert record[field] == value, (field, record[field], value)
        for field in ("NgayTra", "NgayKetThucXuLy"):
            assert re.fullmatch(r"\d{14}", record[field]), (field, record[field])
        assert "Phụng Công" in record["DonViXuLy"]
        assert record["TaiLieuNop"] and all(item["TenTepDinhKem"] for item in record["TaiLieuNop"])
        assert [item["MaThanhPhanHoSo"] for item in record["TaiLieuNop"]] == [str(n) for n in range(1, len(record["TaiLieuNop"]) + 1)]
        assert len(record["DanhSachGiayToKetQua"]) == 1
        [round_] = record["DanhSachHoSoBoSung"]
        assert round_["TrangThaiBoSung"] == "1"
        assert "Bản sao không rõ" in round_["NoiDungBoSung"] and "Bản chính giấy khai sinh" in round_["NoiDungBoSung"]
        assert round_["NguoiYeuCauBoSung"] not in ("", "chuyenvien"), "the requester is named, not their username"
        assert round_["NgayHenTraTruoc"] == portal_time(due_before_supplement)
        assert round_["NgayHenTraMoi"] == record["NgayHenTra"]
        # The clock resumes after a supplement (NĐ 61/2018 Điều 17): the due date moves by the working time spent waiting,
        # which is none when the request and the supplement both fall outside working hours, as they do in an evening run.
        assert round_["NgayHenTraMoi"] >= round_["NgayHenTraTruoc"]
        steps = state["progress"][code]
        assert [step["TrangThai"] for step in steps] == national_after_each_step
        assert national_after_each_step[-1] == "10" and "5" in national_after_each_step
        assert [step["ThoiDiemXuLy"] for step in steps] == sorted(step["ThoiDiemXuLy"] for step in steps)
        assert steps[0]["NoiDungXuLy"].startswith("Tiếp nhận hồ sơ")
        assert all(step["NguoiXuLy"] not in ("tiepnhan", "truongphong", "chuyenvien", "lanhdao") for step in steps), "officers are named"
        assert state["duplicate_steps"] == 0

        # Resynchronising the commune's day sends each record again as an update: nothing is created twice, no step is
        # added, and the record stays as it was. Twice, to show the command can be repeated.
        server.stop()
        today = code.split("-")[1]
        since = f"20{today[0:2]}-{today[2:4]}-{today[4:6]}"
        calls_before = state["calls"]
        for _ in range(2):
            result = run_motcua("dvcqg", "resync", "--commune", "phung-cong", "--since", since, env=env)
            assert result.returncode == 0 and "Đã xếp" in result.stdout, result.stdout + result.stderr
            result = run_motcua("dvcqg", "send", env=env)
            assert result.returncode == 0 and "Đã gửi" in result.stdout, result.stdout + result.stderr
        after = portal.state()
        assert after["calls"] > calls_before
        assert after["creates"][code] == 1
        assert after["dossiers"][code] == record
        assert len(after["progress"][code]) == len(national_after_each_step)
        bad = run_motcua("dvcqg", "resync", "--commune", "khong-co", "--since", since, env=env)
        assert bad.returncode != 0 and "slug" in (bad.stdout + bad.stderr)
    finally:
        server.stop()
        http_server.shutdown()
        shutil.rmtree(data_dir, ignore_errors=True)
