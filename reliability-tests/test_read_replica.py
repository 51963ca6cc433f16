"""Read replica: a PostgreSQL primary and a streaming replica (pg_basebackup -R) on loopback, the server with
DATABASE_URL and DATABASE_READ_URL. Public lookups, the public API and Open311 GETs keep answering from the replica while
the primary is stopped; a write then fails quickly with a Vietnamese 503 page (JSON 503 in the API), never a hang."""
import http.cookiejar
import shutil
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from support import PG_PORT, PG_REPLICA_PORT, PostgresCluster, Server, api, base_environment, token_for
from test_crash_safety import PROCEDURE

JURISDICTION = "phungcong.hungyen.gov.vn"


def wait_until(predicate, timeout=30, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def browser():
    """A cookie-keeping client, as a browser without JavaScript, and its cookies."""
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def fetch(opener, url, data=None, timeout=30):
    request = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode() if data is not None else None)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read().decode(), {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), {k.lower(): v for k, v in error.headers.items()}


def test_reads_go_on_from_the_replica_while_the_primary_is_stopped():
    primary = PostgresCluster(PG_PORT).create()
    replica = None
    data_dir = Path(tempfile.mkdtemp(prefix="motcua-replica-"))
    server = None
    try:
        replica = PostgresCluster(PG_REPLICA_PORT, replica_of=primary).create()
        env = base_environment(data_dir, database_url=primary.url, extra={"DATABASE_READ_URL": replica.url})
        server = Server(data_dir, env)
        server.start(timeout=300)
        token = token_for(server.base_url, "tiepnhan")
        status, created = api(server.base_url, "POST", "/api/v1/dossiers", token=token, body={
            "procedureCode": PROCEDURE, "channel": "counter",
            "applicant": {"fullName": "Phạm Thị Lụa", "idNumber": "034185001234", "phone": "0987654321", "address": "Thôn Xuân Cầu"},
        })
        assert status == 201, created
        code = created["code"]
        wait_until(lambda: replica.rows(f"SELECT code FROM dossiers WHERE code = '{code}'"), what="the replica to receive the dossier")

        # The server holds connections to the replica once a read-only page was served.
        status, _ = api(server.base_url, "GET", f"/api/v1/public/dossiers/{code}")
        assert status == 200
        assert replica.rows("SELECT COUNT(*) FROM pg_stat_activity WHERE usename = 'motcua'")[0][0] != "0"

        primary.stop("fast")
        started = time.time()

        # Reads: the public lookup page, the public API, Open311 discovery, services and requests.
        page, cookies = browser()
        status, html, _ = fetch(page, f"{server.base_url}/tra-cuu/{code}")
        assert status == 200 and code in html, html[:500]
        status, body = api(server.base_url, "GET", f"/api/v1/public/dossiers/{code}")
        assert status == 200 and body["code"] == code and body["status"]
        status, body = api(server.base_url, "GET", f"/open311/v2/services.json?jurisdiction_id={JURISDICTION}")
        assert status == 200 and isinstance(body, list) and body, body
        status, body = api(server.base_url, "GET", f"/open311/v2/requests.json?jurisdiction_id={JURISDICTION}")
        assert status == 200 and isinstance(body, list), body

        # A write from a page (rating the dossier, with the form's token): a clear Vietnamese 503 page, quickly.
        # The form token is the value of the cookie the lookup page set (the rating form prints it once rating is open).
        csrf = next((cookie.value for cookie in cookies if cookie.name == "motcua_csrf"), None)
        assert csrf, "the lookup page sets the form token"
        before = time.time()
        status, html, headers = fetch(page, f"{server.base_url}/tra-cuu/{code}/danh-gia", data={"_csrf": csrf, "level": "5", "idLast4": "1234"})
        assert time.time() - before < 10, "a write must fail quickly, not hang"
        assert status == 503, (status, html[:300])
        assert "Cơ sở dữ liệu chính tạm thời không truy cập được" in html and "<html" in html.lower()
        assert headers.get("retry-after")

        # A write through the API: JSON 503.
        before = time.time()
        status, body = api(server.base_url, "POST", "/api/v1/dossiers", token=token, body={"procedureCode": PROCEDURE, "applicant": {"fullName": "A"}})
        assert time.time() - before < 10
        assert status == 503 and body["error"]["code"] == "database_unavailable", body

        # And reads still work after the failed writes.
        status, body = api(server.base_url, "GET", f"/api/v1/public/dossiers/{code}")
        assert status == 200
        print(f"primary down: reads and refused writes answered within {time.time() - started:.1f} s")

        # The primary back: writes go through again.
        primary.start()
        def writes_again():
            status, _ = api(server.base_url, "POST", "/api/v1/dossiers", token=token, body={
                "procedureCode": PROCEDURE, "channel": "counter",
                "applicant": {"fullName": "Trần Văn Bình", "idNumber": "034185001235", "phone": "0987654322", "address": "Thôn Xuân Cầu"}})
            return status == 201
        wait_until(writes_again, timeout=60, what="writes after the primary restarted")
    finally:
        if server:
            server.stop()
        if replica:
            replica.destroy()
        primary.destroy()
        shutil.rmtree(data_dir, ignore_errors=True)
