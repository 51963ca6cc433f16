"""The command line as an operator uses it: audit verification, first administrator."""
import shutil
import sqlite3
import tempfile
from pathlib import Path

from conftest import run_motcua

_seeded_once = None


def seeded_data_dir() -> Path:
    """A fresh copy of one seeded demo database: seeding once keeps these tests short, and a slow machine under load
    within the time limit."""
    global _seeded_once
    if _seeded_once is None:
        _seeded_once = Path(tempfile.mkdtemp(prefix="motcua-cli-seed-"))
        result = run_motcua("seed", data_dir=_seeded_once, timeout=600)
        assert result.returncode == 0, result.stderr
    data_dir = Path(tempfile.mkdtemp(prefix="motcua-cli-")) / "data"
    shutil.copytree(_seeded_once, data_dir)
    return data_dir


def test_audit_verify_passes_on_an_intact_journal():
    data_dir = seeded_data_dir()
    result = run_motcua("audit", "verify", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "toàn vẹn" in result.stdout


def test_audit_verify_names_an_edited_entry():
    data_dir = seeded_data_dir()
    with sqlite3.connect(data_dir / "motcua.sqlite") as db:
        db.execute("UPDATE audit_entries SET summary = 'sửa lén' WHERE sequence = 1")
    result = run_motcua("audit", "verify", data_dir=data_dir)
    assert result.returncode != 0
    assert "mục 1" in result.stderr


def test_audit_verify_names_a_deleted_entry():
    data_dir = seeded_data_dir()
    with sqlite3.connect(data_dir / "motcua.sqlite") as db:
        db.execute("DELETE FROM audit_entries WHERE sequence = 1")
    result = run_motcua("audit", "verify", data_dir=data_dir)
    assert result.returncode != 0
    assert "xoá" in result.stderr


def test_first_administrator_in_production():
    data_dir = Path(tempfile.mkdtemp(prefix="motcua-prod-"))
    migrate = run_motcua("migrate", "--yes", "--env", "production", data_dir=data_dir)
    assert migrate.returncode == 0, migrate.stderr
    result = run_motcua(
        "user", "create", "quantri", "--name", "Nguyễn Văn Quản", "--province", "33", "--province-name", "Hưng Yên",
        "--env", "production", data_dir=data_dir, env_extra={"MOTCUA_PASSWORD": "mat-khau-quan-tri-2026"},
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(data_dir / "motcua.sqlite") as db:
        rows = db.execute("SELECT username, commune_id FROM officers").fetchall()
        provinces = db.execute("SELECT COUNT(*) FROM provinces").fetchone()[0]
    assert rows == [("quantri", None)]
    assert provinces == 1
    weak = run_motcua("user", "create", "quantri2", "--name", "B", "--env", "production", data_dir=data_dir, env_extra={"MOTCUA_PASSWORD": "yeu"})
    assert weak.returncode == 2
    assert "ít nhất 10 ký tự" in weak.stderr


def test_unwritable_data_folder_stops_start_up_with_one_line():
    blocker = Path(tempfile.mkdtemp(prefix="motcua-ro-")) / "file"
    blocker.write_text("not a folder")
    result = run_motcua("serve", data_dir=blocker / "data", timeout=60)
    assert result.returncode != 0
    assert "MOTCUA_DATA" in result.stderr


def test_malformed_database_url_stops_start_up():
    data_dir = Path(tempfile.mkdtemp(prefix="motcua-url-"))
    result = run_motcua("serve", data_dir=data_dir, env_extra={"DATABASE_URL": "khong-phai-url"}, timeout=60)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_import_procedures_refuses_a_file_with_bad_rows_and_imports_nothing(tmp_path):
    data_dir = seeded_data_dir()
    exported = tmp_path / "catalog.csv"
    result = run_motcua("export", "procedures", str(exported), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    lines = exported.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) > 30
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([lines[0], lines[1], "khong-phai-ma,Thiếu cột"]), encoding="utf-8")
    result = run_motcua("import", "procedures", str(bad), data_dir=data_dir)
    assert result.returncode == 2
    assert "Dòng 3" in result.stderr
    good = tmp_path / "good.csv"
    good.write_text("\n".join(lines[:2]), encoding="utf-8")
    result = run_motcua("import", "procedures", str(good), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "1 cập nhật" in result.stdout
