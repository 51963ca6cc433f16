"""Starts the built MotCua server on loopback with a fresh data folder, and a real Chromium for the tests."""
import datetime
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
BINARY = Path(os.environ.get("MOTCUA_BINARY", ROOT / ".build" / "debug" / "motcua"))
DEMO_PASSWORD = "motcua-demo"
DEMO_ACCOUNTS = {
    "admin": "system_administrator",
    "tiepnhan": "counter_officer",
    "truongphong": "department_head",
    "chuyenvien": "specialist",
    "kinhte": "specialist",
    "lanhdao": "commune_leader",
    "tinh": "province_office",
    "quantritinh": "system_administrator",
    "congan": "specialist",
}


VIETNAM = datetime.timezone(datetime.timedelta(hours=7))


def app_now() -> datetime.datetime:
    """The application's clock in Vietnam: the real time, moved to the day MOTCUA_TODAY names when it is set."""
    now = datetime.datetime.now(VIETNAM)
    today = os.environ.get("MOTCUA_TODAY")
    if today:
        now += datetime.date.fromisoformat(today) - now.date()
    return now


def app_today() -> datetime.date:
    return app_now().date()


def working_day_after(start: datetime.date, days: int) -> datetime.date:
    """`days` working days after `start`, from the application's own calendar (Tết and swapped days included)."""
    result = run_motcua("calendar", "add-working-days", start.isoformat(), str(days), data_dir=Path(tempfile.mkdtemp(prefix="motcua-cal-")))
    assert result.returncode == 0, result.stderr
    return datetime.date.fromisoformat(result.stdout.strip())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_motcua(*arguments, data_dir, env_extra=None, input_text=None, timeout=120):
    """Runs the motcua binary with its own data folder and returns the completed process."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["MOTCUA_DATA"] = str(data_dir)
    env.update(env_extra or {})
    return subprocess.run(
        [str(BINARY), *arguments], cwd=ROOT, env=env, input=input_text,
        capture_output=True, text=True, timeout=timeout,
    )


@pytest.fixture(scope="session")
def server():
    """A demo server (development environment, SQLite) on a free loopback port."""
    data_dir = Path(tempfile.mkdtemp(prefix="motcua-browser-"))
    port = free_port()
    log = open(data_dir / "server.log", "w")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["MOTCUA_DATA"] = str(data_dir)
    process = subprocess.Popen(
        [str(BINARY), "serve", "--hostname", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            with urllib.request.urlopen(base_url + "/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.time() > deadline:
            log.flush()
            raise RuntimeError("server did not start:\n" + (data_dir / "server.log").read_text())
        time.sleep(0.2)
    yield base_url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    """A fresh phone-sized page with its own cookies."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, base_url, username, password=DEMO_PASSWORD):
    page.goto(base_url + "/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
