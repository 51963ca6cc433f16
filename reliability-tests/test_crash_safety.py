"""Crash safety: intakes and transitions run concurrently through the JSON API while the server is killed with SIGKILL
at random moments and restarted; nothing that was acknowledged may be lost and nothing half-written may remain.

Checks after the rounds, on SQLite and on PostgreSQL:
- every dossier whose creation was answered 201, and every step answered 200, is in the database;
- every dossier's history is whole: events 1…version, each starting where the previous one ended, the last one ending
  at the stored status, one audit entry per event; this holds for the demo's dossiers as for the test's own, which the
  ledger names (never their day: the demo seeds dossiers up to the day the test runs);
- dossier codes run 1…n within each commune and day, without duplicates or gaps, and the day's counter equals n;
- `motcua reports verify` (summary tables equal a recount) and `motcua audit verify` (hash chain) both pass.

Short form: 4 rounds per engine. Full form (MOTCUA_RELIABILITY_FULL=1): 25 rounds per engine.
"""
import random
import re
import shutil
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import pytest

from support import FULL, PG_PORT, PostgresCluster, Server, SQLiteFile, api, base_environment, run_motcua, token_for

ROUNDS = 25 if FULL else 4
PROCEDURE = "1.004837"  # Đăng ký giám hộ, handled by Văn phòng HĐND–UBND, where truongphong and chuyenvien work
CODE = re.compile(r"^(?P<agency>.+)-(?P<day>\d{6})-(?P<number>\d{4,})$")

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu"]
GIVEN = ["An", "Bình", "Lụa", "Hằng", "Tuấn", "Dũng", "Mai"]

# The journey of a dossier: from its status, who takes which step.
NEXT_STEP = {
    "received": ("tiepnhan", {"action": "forward"}),
    "forwarded": ("truongphong", {"action": "assign", "assignee": "chuyenvien"}),
    "assigned": ("chuyenvien", {"action": "start_review"}),
    "under_review": ("chuyenvien", {"action": "propose", "note": "Đủ điều kiện."}),
    "awaiting_approval": ("lanhdao", {"action": "approve"}),
    "result_ready": ("tiepnhan", {"action": "return_result", "method": "in_person"}),
}


class Ledger:
    """What the server acknowledged, and anything it answered that it never should."""

    def __init__(self):
        self.lock = threading.Lock()
        self.created = set()
        self.steps = []  # (code, version, status) of every step answered 200
        self.open_codes = []
        self.unexpected = []

    def add_created(self, code):
        with self.lock:
            self.created.add(code)
            self.open_codes.append(code)

    def pick_open(self, rng):
        with self.lock:
            return rng.choice(self.open_codes) if self.open_codes else None

    def close(self, code):
        with self.lock:
            if code in self.open_codes:
                self.open_codes.remove(code)


def intake_worker(base, token, ledger, stop, seed):
    rng = random.Random(seed)
    while not stop.is_set():
        body = {
            "procedureCode": PROCEDURE, "channel": "counter",
            "applicant": {"fullName": f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}", "idNumber": f"0341850{rng.randrange(10**5):05d}",
                          "phone": "0987654321", "address": "Thôn Xuân Cầu"},
        }
        try:
            status, answer = api(base, "POST", "/api/v1/dossiers", token=token, body=body, timeout=30)
        except OSError:
            return  # the server is gone: this request was not acknowledged
        if status == 201:
            ledger.add_created(answer["code"])
        else:
            ledger.unexpected.append(("intake", status, answer))


def step_worker(base, tokens, ledger, stop, seed):
    rng = random.Random(seed)
    while not stop.is_set():
        code = ledger.pick_open(rng)
        if code is None:
            time.sleep(0.05)
            continue
        try:
            status, dossier = api(base, "GET", f"/api/v1/dossiers/{code}", token=tokens["tiepnhan"], timeout=30)
            if status != 200:
                ledger.unexpected.append(("read", code, status, dossier))
                continue
            if dossier["status"] not in NEXT_STEP:
                ledger.close(code)
                continue
            username, step = NEXT_STEP[dossier["status"]]
            status, answer = api(base, "POST", f"/api/v1/dossiers/{code}/actions", token=tokens[username],
                                 body={**step, "version": dossier["version"]}, timeout=30)
        except OSError:
            return
        if status == 200:
            with ledger.lock:
                ledger.steps.append((code, answer["version"], answer["status"]))
        elif status != 409:  # 409: another worker took the step first, which is what versions are for
            ledger.unexpected.append(("step", code, status, answer))


def run_round(server, tokens, ledger, rng):
    stop = threading.Event()
    threads = [threading.Thread(target=intake_worker, args=(server.base_url, tokens["tiepnhan"], ledger, stop, rng.random())) for _ in range(2)]
    threads += [threading.Thread(target=step_worker, args=(server.base_url, tokens, ledger, stop, rng.random())) for _ in range(2)]
    for thread in threads:
        thread.start()
    time.sleep(rng.uniform(0.3, 3.0))
    server.kill()
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    server.start()


def check_database(db, ledger):
    """Every invariant that must hold after any number of crashes; returns a list of problems."""
    problems = []
    dossiers = {code: (commune, status, int(version)) for code, commune, status, version in db.rows("SELECT code, commune_id, status, version FROM dossiers")}
    for code in sorted(ledger.created - dossiers.keys()):
        problems.append(f"{code}: creation acknowledged (201) but the dossier is missing")

    events = defaultdict(list)
    for code, sequence, from_status, to_status in db.rows(
            "SELECT d.code, e.sequence, e.from_status, e.to_status FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id"):
        events[code].append((int(sequence), from_status, to_status))
    audits = defaultdict(int)
    for code, count in db.rows("SELECT object_id, COUNT(*) FROM audit_entries WHERE object_type = 'dossier' AND action LIKE 'dossier.%' GROUP BY object_id"):
        audits[code] = int(count)

    # Every dossier, the demo's as much as the ones this test made (known by the ledger, not by their day), must have a
    # whole history that ends at its stored status and one audit entry per step.
    for code, (_, status, version) in dossiers.items():
        history = sorted(events[code])
        if [sequence for sequence, _, _ in history] != list(range(1, version + 1)):
            problems.append(f"{code}: version {version} but event sequences {[s for s, _, _ in history]}")
            continue
        previous = None
        for sequence, from_status, to_status in history:
            if from_status != previous:
                problems.append(f"{code}: event {sequence} starts from {from_status}, the previous one ended at {previous}")
            previous = to_status
        if previous != status:
            problems.append(f"{code}: stored status {status} but the history ends at {previous}")
        if audits[code] != len(history):
            problems.append(f"{code}: {len(history)} events but {audits[code]} audit entries")

    for code, version, status in ledger.steps:
        history = {sequence: to_status for sequence, _, to_status in events.get(code, [])}
        if history.get(version) != status:
            problems.append(f"{code}: step to {status} (version {version}) acknowledged but the history has {history.get(version)}")

    # Codes run 1…n within each commune and day, on the days of the demo as on the days of the test.
    numbers = defaultdict(list)
    for code, (commune, _, _) in dossiers.items():
        match = CODE.match(code)
        if not match:
            problems.append(f"{code}: not a dossier code")
            continue
        numbers[(commune, match["day"])].append(int(match["number"]))
    counters = {(commune, day): int(value) for commune, day, value in db.rows("SELECT commune_id, day, last_value FROM dossier_sequences")}
    for (commune, day), values in numbers.items():
        if sorted(values) != list(range(1, len(values) + 1)):
            duplicates = sorted({v for v in values if values.count(v) > 1})
            gaps = sorted(set(range(1, max(values) + 1)) - set(values))
            problems.append(f"day {day}: codes duplicated {duplicates} or skipped {gaps[:20]}")
        if counters.get((commune, day)) != len(values):
            problems.append(f"day {day}: counter at {counters.get((commune, day))} for {len(values)} dossiers")
    return problems


def crash_rounds(server, env, db, seed):
    rng = random.Random(seed)
    server.start()
    tokens = {name: token_for(server.base_url, name) for name in ("tiepnhan", "truongphong", "chuyenvien", "lanhdao")}
    ledger = Ledger()
    try:
        for _ in range(ROUNDS):
            run_round(server, tokens, ledger, rng)
            # After every restart, what was acknowledged can be read back through the API.
            for code in rng.sample(sorted(ledger.created), min(5, len(ledger.created))):
                status, _ = api(server.base_url, "GET", f"/api/v1/dossiers/{code}", token=tokens["tiepnhan"])
                assert status == 200, f"{code} acknowledged but answers {status}"
    finally:
        server.stop()
    print(f"{ROUNDS} rounds: {len(ledger.created)} intakes and {len(ledger.steps)} steps acknowledged")
    assert not ledger.unexpected, ledger.unexpected[:10]
    assert len(ledger.created) > 0, "no intake was acknowledged: the test proved nothing\n" + server.log_tail()
    problems = check_database(db, ledger)
    assert not problems, "\n".join(problems[:50])
    for command in (("reports", "verify"), ("audit", "verify")):
        result = run_motcua(*command, env=env)
        assert result.returncode == 0, f"motcua {' '.join(command)}: {result.stdout}{result.stderr}"


def test_sqlite_survives_sigkill():
    data_dir = Path(tempfile.mkdtemp(prefix="motcua-crash-sqlite-"))
    try:
        env = base_environment(data_dir)
        crash_rounds(Server(data_dir, env), env, SQLiteFile(data_dir / "motcua.sqlite"), seed=12)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def test_postgres_survives_sigkill():
    cluster = PostgresCluster(PG_PORT).create()
    data_dir = Path(tempfile.mkdtemp(prefix="motcua-crash-pg-"))
    try:
        env = base_environment(data_dir, database_url=cluster.url)
        crash_rounds(Server(data_dir, env), env, cluster, seed=13)
    finally:
        cluster.destroy()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    pytest.main([__file__, "-v", "-s"])
