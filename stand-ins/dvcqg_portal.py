"""A stand-in for the National Public Service Portal's provincial adapter (Cổng Dịch vụ công quốc gia), for development
and tests. No public test instance of the portal exists, so this follows the protocol as the open-source VietOpenCPS
system speaks it (`DVCQGIntegrationActionImpl.java`, backend-dossiermgt): POST /login with {"username", "password"}
answers {"error_code": "0", "session": ...}; POST /service with {"session", "madonvi", "service", "data", "isUpdating"}
runs TraCuuHoSo, DongBoHoSoMC or CapNhatTienDoHoSoMC; error_code "0" is success.

It records what it receives, and tests steer it through POST /_control:
  {"mode": "up" | "down" | "slow", "delay": seconds, "refuse": {"field": "MaTTHC", "value": "1.000001"} | null}
GET /_state returns what it holds as JSON; GET / shows it as a page.

Usage: python3 dvcqg_portal.py --port 8091 [--username motcua --password demo-dvcqg]
"""
import argparse
import html
import json
import re
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TIMESTAMP = re.compile(r"^(\d{14})?$")
REQUIRED_DOSSIER_FIELDS = ["MaHoSo", "MaTTHC", "TenTTHC", "ChuHoSo", "LoaiDoiTuong", "NgayTiepNhan", "NgayHenTra", "TrangThaiHoSo", "KenhThucHien"]
REQUIRED_PROGRESS_FIELDS = ["MaHoSo", "NguoiXuLy", "ThoiDiemXuLy", "NoiDungXuLy", "TrangThai"]


class Portal:
    def __init__(self, username, password):
        self.username = username
        self.password = password
        self.lock = threading.Lock()
        self.sessions = set()
        self.dossiers = {}  # MaHoSo -> {"madonvi", "record"}
        self.progress = {}  # MaHoSo -> [step, ...]
        self.creates = {}  # MaHoSo -> times created with isUpdating false
        self.duplicate_steps = 0
        self.calls = 0
        self.mode = "up"
        self.delay = 0.0
        self.refuse = None

    def state(self):
        with self.lock:
            return {
                "dossiers": {code: entry["record"] for code, entry in self.dossiers.items()},
                "units": {code: entry["madonvi"] for code, entry in self.dossiers.items()},
                "progress": self.progress,
                "creates": self.creates,
                "duplicate_steps": self.duplicate_steps,
                "calls": self.calls,
                "mode": self.mode,
            }

    def sign_in(self, body):
        if body.get("username") != self.username or body.get("password") != self.password:
            return {"error_code": "1", "message": "Sai tên đăng nhập hoặc mật khẩu"}
        session = secrets.token_hex(16)
        with self.lock:
            self.sessions.add(session)
        return {"error_code": "0", "session": session}

    def service(self, body):
        with self.lock:
            self.calls += 1
            if body.get("session") not in self.sessions:
                return {"error_code": "401", "message": "Phiên làm việc không hợp lệ"}
            if not body.get("madonvi"):
                return {"error_code": "2", "message": "Thiếu mã đơn vị (madonvi)"}
            service = body.get("service")
            if service == "TraCuuHoSo":
                code = body.get("mahoso")
                found = self.dossiers.get(code)
                return {"error_code": "0", "result": [found["record"]] if found else []}
            if service == "DongBoHoSoMC":
                return self._sync(body)
            if service == "CapNhatTienDoHoSoMC":
                return self._progress(body)
            return {"error_code": "3", "message": f"Không có dịch vụ {service}"}

    def _sync(self, body):
        items = body.get("data")
        if not isinstance(items, list) or not items:
            return {"error_code": "4", "message": "data phải là danh sách hồ sơ"}
        for record in items:
            missing = [field for field in REQUIRED_DOSSIER_FIELDS if field not in record]
            if missing:
                return {"error_code": "5", "message": "Thiếu trường " + ", ".join(missing)}
            for field in ["NgayTiepNhan", "NgayHenTra", "NgayTra", "NgayKetThucXuLy"]:
                if not TIMESTAMP.match(str(record.get(field, ""))):
                    return {"error_code": "6", "message": f"{field} phải có dạng yyyyMMddHHmmss"}
            if str(record["TrangThaiHoSo"]) not in [str(n) for n in range(1, 11)]:
                return {"error_code": "7", "message": "TrangThaiHoSo ngoài 1..10"}
            if self.refuse and str(record.get(self.refuse["field"])) == str(self.refuse["value"]):
                return {"error_code": "-1", "message": f"Trường {self.refuse['field']} không hợp lệ: {record.get(self.refuse['field'])}"}
        for record in items:
            code = record["MaHoSo"]
            if not body.get("isUpdating"):
                self.creates[code] = self.creates.get(code, 0) + 1
            self.dossiers[code] = {"madonvi": body["madonvi"], "record": record}
        return {"error_code": "0", "message": "Thành công"}

    def _progress(self, body):
        items = body.get("data")
        if not isinstance(items, list) or not items:
            return {"error_code": "4", "message": "data phải là danh sách bước xử lý"}
        for step in items:
            missing = [field for field in REQUIRED_PROGRESS_FIELDS if field not in step]
            if missing:
                return {"error_code": "5", "message": "Thiếu trường " + ", ".join(missing)}
            if step["MaHoSo"] not in self.dossiers:
                return {"error_code": "8", "message": f"Chưa có hồ sơ {step['MaHoSo']}"}
        for step in items:
            steps = self.progress.setdefault(step["MaHoSo"], [])
            key = (step["ThoiDiemXuLy"], step["TrangThai"], step["NoiDungXuLy"])
            if any((s["ThoiDiemXuLy"], s["TrangThai"], s["NoiDungXuLy"]) == key for s in steps):
                self.duplicate_steps += 1
                continue
            steps.append(step)
        return {"error_code": "0", "message": "Thành công"}


def make_handler(portal):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _json(self, status, payload):
            data = json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self):
            length = int(self.headers.get("Content-Length") or 0)
            try:
                return json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                return None

        def do_GET(self):
            if self.path == "/_state":
                return self._json(200, portal.state())
            if self.path == "/":
                state = portal.state()
                rows = "".join(
                    f"<tr><td>{html.escape(code)}</td><td>{html.escape(state['units'][code])}</td><td>{html.escape(str(r.get('TrangThaiHoSo')))}</td>"
                    f"<td>{html.escape(str(r.get('TenTTHC')))}</td><td>{len(state['progress'].get(code, []))}</td></tr>"
                    for code, r in sorted(state["dossiers"].items())
                )
                page = (
                    "<!doctype html><html lang='vi'><meta charset='utf-8'><title>Cổng DVCQG (giả lập)</title>"
                    "<h1>Cổng Dịch vụ công quốc gia — giả lập để phát triển</h1>"
                    f"<p>{len(state['dossiers'])} hồ sơ đã nhận.</p><table border='1'><tr><th>MaHoSo</th><th>madonvi</th>"
                    f"<th>TrangThaiHoSo</th><th>TenTTHC</th><th>Số bước</th></tr>{rows}</table></html>"
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)
                return
            self._json(404, {"error_code": "404", "message": "Không có"})

        def do_POST(self):
            body = self._body()
            if self.path == "/_control":
                with portal.lock:
                    portal.mode = body.get("mode", portal.mode)
                    portal.delay = float(body.get("delay", portal.delay))
                    if "refuse" in body:
                        portal.refuse = body["refuse"]
                return self._json(200, {"mode": portal.mode})
            if portal.mode == "down":
                return self._json(503, {"error_code": "503", "message": "Cổng đang bảo trì"})
            if portal.mode == "slow":
                time.sleep(portal.delay)
            if body is None:
                return self._json(400, {"error_code": "400", "message": "JSON không hợp lệ"})
            if self.path == "/login":
                return self._json(200, portal.sign_in(body))
            if self.path == "/service":
                return self._json(200, portal.service(body))
            self._json(404, {"error_code": "404", "message": "Không có"})

    return Handler


def serve(port, username, password):
    portal = Portal(username, password)
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(portal))
    return server, portal


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8091)
    parser.add_argument("--username", default="motcua")
    parser.add_argument("--password", default="demo-dvcqg")
    arguments = parser.parse_args()
    http_server, _ = serve(arguments.port, arguments.username, arguments.password)
    print(f"Cổng DVCQG giả lập: http://127.0.0.1:{arguments.port}/ (tài khoản {arguments.username})", flush=True)
    http_server.serve_forever()
