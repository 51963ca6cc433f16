"""Backups: `motcua backup` / `motcua restore` on SQLite while the server runs, and pg_dump / pg_restore on PostgreSQL
as the README describes; each restore is compared with the original table by table, row by row."""
import shutil
import sqlite3
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

from support import PG_BIN, PG_PORT, PostgresCluster, Server, SQLiteFile, api, base_environment, run_motcua, token_for
from test_crash_safety import PROCEDURE, Ledger, check_database, intake_worker


def sqlite_tables(path):
    """Every table of a SQLite file, as {name: sorted rows}."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {name: sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr) for name in names}
    finally:
        connection.close()


def intake(base, token, name):
    status, answer = api(base, "POST", "/api/v1/dossiers", token=token, body={
        "procedureCode": PROCEDURE, "channel": "counter",
        "applicant": {"fullName": name, "idNumber": "034185001234", "phone": "0987654321", "address": "Thôn Xuân Cầu"},
    })
    assert status == 201, answer
    return answer["code"]


def test_sqlite_backup_while_writing_and_restore_compares_every_table(tmp_path):
    data_dir = Path(tempfile.mkdtemp(prefix="motcua-backup-"))
    env = base_environment(data_dir)
    server = Server(data_dir, env)
    try:
        server.start()
        token = token_for(server.base_url, "tiepnhan")

        # 1. A backup taken while intakes are being written is consistent: a database of its own that verifies.
        ledger, stop = Ledger(), threading.Event()
        writers = [threading.Thread(target=intake_worker, args=(server.base_url, token, ledger, stop, seed)) for seed in (1, 2)]
        for writer in writers:
            writer.start()
        try:
            online = tmp_path / "online.sqlite"
            result = run_motcua("backup", str(online), env=env)
            assert result.returncode == 0, result.stderr
            assert "Đã sao lưu" in result.stdout
        finally:
            stop.set()
            for writer in writers:
                writer.join(timeout=60)
        assert ledger.created and not ledger.unexpected, ledger.unexpected[:5]
        assert oct(online.stat().st_mode & 0o777) == "0o600"
        copy_dir = tmp_path / "online-data"
        copy_dir.mkdir()
        shutil.copy(online, copy_dir / "motcua.sqlite")
        copy_env = base_environment(copy_dir)
        for command in (("audit", "verify"), ("reports", "verify")):
            checked = run_motcua(*command, env=copy_env)
            assert checked.returncode == 0, checked.stdout + checked.stderr
        partial = Ledger()
        partial.created = {row[0] for row in SQLiteFile(online).rows("SELECT code FROM dossiers")} & ledger.created
        assert not check_database(SQLiteFile(online), partial)

        # 2. A quiet backup, the state it must bring back, then a change made after it.
        backup = tmp_path / "backup.sqlite"
        assert run_motcua("backup", str(backup), env=env).returncode == 0
        refused = run_motcua("backup", str(backup), env=env)
        assert refused.returncode != 0 and "đã có" in refused.stderr
        expected = sqlite_tables(backup)
        later = intake(server.base_url, token, "Người Nộp Sau Sao Lưu")

        # 3. A restore refuses a running database without --yes, and files that are not MotCua databases.
        refused = run_motcua("restore", str(backup), env=env)
        assert refused.returncode == 1 and "đang chạy" in refused.stderr, refused.stderr
        stranger = tmp_path / "other.sqlite"
        sqlite3.connect(stranger).execute("CREATE TABLE t (x)").connection.commit()
        text = tmp_path / "notes.sqlite"
        text.write_text("không phải cơ sở dữ liệu " * 100)
        for wrong in (stranger, text, tmp_path / "missing.sqlite"):
            refused = run_motcua("restore", str(wrong), "--yes", env=env)
            assert refused.returncode != 0, wrong
            assert "Không khôi phục" in refused.stderr or "Không đọc được" in refused.stderr, refused.stderr
        status, _ = api(server.base_url, "GET", f"/api/v1/dossiers/{later}", token=token)
        assert status == 200, "a refused restore changed the live database"

        # 4. Stopped server: --yes is still needed to overwrite data; then every table equals the backup's.
        server.stop()
        refused = run_motcua("restore", str(backup), env=env)
        assert refused.returncode == 1 and "--yes" in refused.stderr
        restored = run_motcua("restore", str(backup), "--yes", env=env)
        assert restored.returncode == 0, restored.stderr
        actual = sqlite_tables(data_dir / "motcua.sqlite")
        assert actual.keys() == expected.keys()
        for name in expected:
            if name in ("audit_entries", "audit_head"):
                continue
            assert actual[name] == expected[name], f"table {name} differs after the restore"
        # The journal is the backup's plus one entry that records the restore, chained to it.
        assert len(actual["audit_entries"]) == len(expected["audit_entries"]) + 1
        assert set(expected["audit_entries"]) < set(actual["audit_entries"])
        for command in (("audit", "verify"), ("reports", "verify")):
            checked = run_motcua(*command, env=env)
            assert checked.returncode == 0, checked.stdout + checked.stderr

        # 5. The server starts on the restored database: what came after the backup is gone, the rest is there.
        server.start()
        status, _ = api(server.base_url, "GET", f"/api/v1/dossiers/{later}", token=token_for(server.base_url, "tiepnhan"))
        assert status == 404
        some = sorted(partial.created)[:1]
        for code in some:
            status, _ = api(server.base_url, "GET", f"/api/v1/public/dossiers/{code}")
            assert status == 200
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def pg_tables(cluster, database):
    """Every table of a PostgreSQL database, as {name: sorted rows as text}."""
    def psql(sql):
        return subprocess.run([str(PG_BIN / "psql"), "-X", "-q", "-A", "-t", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "-d", database, "-c", sql],
                              check=True, capture_output=True, text=True).stdout
    names = psql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").split()
    tables = {}
    for name in names:
        rows = psql(f'COPY (SELECT * FROM public."{name}") TO STDOUT').splitlines()
        tables[name] = sorted(rows)
    return tables


def test_postgres_pg_dump_and_pg_restore_bring_back_every_row(tmp_path):
    cluster = PostgresCluster(PG_PORT).create()
    data_dir = Path(tempfile.mkdtemp(prefix="motcua-pgbackup-"))
    try:
        env = base_environment(data_dir, database_url=cluster.url)
        seeded = run_motcua("seed", env=env)
        assert seeded.returncode == 0, seeded.stderr
        # The commands of the README: a custom-format dump, a fresh database, pg_restore into it.
        dump = tmp_path / "motcua.dump"
        subprocess.run([str(PG_BIN / "pg_dump"), "-Fc", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "motcua", "-d", "motcua", "-f", str(dump)],
                       check=True, env={"PGPASSWORD": "motcua", "PATH": "/usr/bin:/bin"})
        cluster.psql_admin("CREATE DATABASE motcua_restored OWNER motcua")
        subprocess.run([str(PG_BIN / "pg_restore"), "--no-owner", "--exit-on-error", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "motcua",
                        "-d", "motcua_restored", str(dump)], check=True, env={"PGPASSWORD": "motcua", "PATH": "/usr/bin:/bin"})
        original, restored = pg_tables(cluster, "motcua"), pg_tables(cluster, "motcua_restored")
        assert original.keys() == restored.keys() and len(original) > 20
        assert sum(len(rows) for rows in original.values()) > 1000, "the demo should fill the database"
        for name in original:
            assert restored[name] == original[name], f"table {name} differs after pg_restore"
        restored_env = base_environment(data_dir, database_url=cluster.url.rsplit("/", 1)[0] + "/motcua_restored")
        for command in (("audit", "verify"), ("reports", "verify")):
            checked = run_motcua(*command, env=restored_env)
            assert checked.returncode == 0, checked.stdout + checked.stderr
        refused = run_motcua("backup", str(tmp_path / "x.sqlite"), env=env)
        assert refused.returncode != 0 and "pg_dump" in refused.stderr
    finally:
        cluster.destroy()
        shutil.rmtree(data_dir, ignore_errors=True)
