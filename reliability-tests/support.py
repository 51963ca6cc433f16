"""What the reliability tests share: the built server as a child process, throwaway PostgreSQL clusters on loopback,
direct reads of the database, and a small JSON client.

Everything runs on 127.0.0.1 only. The short forms (CI) are the default; MOTCUA_RELIABILITY_FULL=1 selects the full ones.
"""
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINARY = Path(os.environ.get("MOTCUA_BINARY", ROOT / ".build" / "debug" / "motcua"))
PG_BIN = Path("/usr/lib/postgresql/15/bin")
DEMO_PASSWORD = "motcua-demo"
FULL = os.environ.get("MOTCUA_RELIABILITY_FULL", "") not in ("", "0", "false")
PG_PORT = int(os.environ.get("MOTCUA_TEST_PG_PORT", "55444"))
PG_REPLICA_PORT = int(os.environ.get("MOTCUA_TEST_PG_REPLICA_PORT", str(PG_PORT + 10)))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_environment(data_dir, database_url=None, extra=None):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_READ_URL")}
    env["MOTCUA_DATA"] = str(data_dir)
    env.setdefault("LOG_LEVEL", "warning")
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(extra or {})
    return env


def run_motcua(*arguments, env, input_text=None, timeout=300):
    """Runs one motcua command and returns the completed process."""
    return subprocess.run([str(BINARY), *arguments], cwd=ROOT, env=env, input=input_text, capture_output=True, text=True, timeout=timeout)


class Server:
    """The built `motcua serve` on a loopback port, started and killed at will."""

    def __init__(self, data_dir, env, port=None, environment="development"):
        self.data_dir = Path(data_dir)
        self.env = env
        self.port = port or free_port()
        self.environment = environment
        self.process = None
        self.log_path = self.data_dir / "server.log"
        self.base_url = f"http://127.0.0.1:{self.port}"

    def start(self, timeout=180):
        log = open(self.log_path, "a")
        log.write(f"\n==== start {time.strftime('%H:%M:%S')}\n")
        log.flush()
        self.process = subprocess.Popen(
            [str(BINARY), "serve", "--env", self.environment, "--hostname", "127.0.0.1", "--port", str(self.port)],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.time() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.base_url + "/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if self.process.poll() is not None or time.time() > deadline:
                self.kill()
                raise RuntimeError("server did not start:\n" + self.log_tail())
            time.sleep(0.1)

    def kill(self):
        """SIGKILL: no shutdown code runs, as when the machine loses power to the process."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process = None

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None

    def log_tail(self, lines=60):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def as_postgres(*command, **kwargs):
    if os.geteuid() == 0:
        command = ("runuser", "-u", "postgres", "--", *command)
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


class PostgresCluster:
    """A throwaway PostgreSQL 15 cluster on loopback, like scripts/with-postgres; optionally a streaming replica."""

    def __init__(self, port, directory=None, replica_of=None):
        self.port = port
        self.dir = Path(directory or tempfile.mkdtemp(prefix="motcua-rel-pg-"))
        self.data = self.dir / "data"
        self.replica_of = replica_of
        shutil.chown(self.dir, "postgres", "postgres") if os.geteuid() == 0 else None

    @property
    def url(self):
        return f"postgres://motcua:motcua@127.0.0.1:{self.port}/motcua"

    def create(self):
        if self.replica_of is None:
            as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
            with open(self.data / "postgresql.conf", "a") as conf:
                conf.write("wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\n")
            with open(self.data / "pg_hba.conf", "a") as hba:
                hba.write("host replication postgres 127.0.0.1/32 trust\n")
        else:
            # A copy of the primary that follows it: pg_basebackup -R writes standby.signal and primary_conninfo.
            as_postgres(str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.replica_of.port), "-U", "postgres",
                        "-D", str(self.data), "-R", "-X", "stream")
        self.start()
        if self.replica_of is None:
            self.psql_admin("CREATE ROLE motcua LOGIN CREATEDB PASSWORD 'motcua'")
            self.psql_admin("CREATE DATABASE motcua OWNER motcua")
        return self

    def start(self):
        as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "server.log"), "-w",
                    "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=300", "start")

    def stop(self, mode="fast"):
        subprocess.run((["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else [])
                       + [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"], capture_output=True)

    def destroy(self):
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)

    def psql_admin(self, sql, database="postgres"):
        return as_postgres(str(PG_BIN / "psql"), "-q", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database, "-c", sql)

    def rows(self, sql):
        """Rows of a query as tuples of strings (NULL as None)."""
        out = subprocess.run(
            [str(PG_BIN / "psql"), "-X", "-q", "-A", "-t", "-F", "\x1f", "-R", "\x1e", "-P", "null=\x01NULL\x01",
             "-h", "127.0.0.1", "-p", str(self.port), "-U", "motcua", "-d", "motcua", "-c", sql],
            env={**os.environ, "PGPASSWORD": "motcua"}, check=True, capture_output=True, text=True,
        ).stdout
        rows = []
        for line in out.split("\x1e"):
            line = line.strip("\n")
            if line:
                rows.append(tuple(None if value == "\x01NULL\x01" else value for value in line.split("\x1f")))
        return rows


class SQLiteFile:
    """Direct reads of a SQLite database file, with the same interface as PostgresCluster.rows."""

    def __init__(self, path):
        self.path = Path(path)

    def rows(self, sql):
        connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
        try:
            return [tuple(None if v is None else (v.hex() if isinstance(v, bytes) else str(v)) for v in row) for row in connection.execute(sql)]
        finally:
            connection.close()


def api(base_url, method, path, token=None, body=None, timeout=15, headers=None):
    """One JSON request; returns (status, parsed body or text). Raises OSError when no answer came."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base_url + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw, kind = response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        status, raw, kind = error.code, error.read(), error.headers.get("Content-Type", "")
    text = raw.decode("utf-8", errors="replace")
    if "json" in kind:
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text
    return status, text


def token_for(base_url, username, password=DEMO_PASSWORD):
    status, body = api(base_url, "POST", "/api/v1/auth/token", body={"username": username, "password": password})
    assert status == 200, (username, status, body)
    return body["token"]
