"""motcua calendar: answers on stdout, bad input on stderr with exit code 2 and nothing on stdout."""
import json
import tempfile
from pathlib import Path

import pytest

from conftest import run_motcua


@pytest.fixture(scope="module")
def data_dir():
    return Path(tempfile.mkdtemp(prefix="motcua-calendar-"))


def calendar(data_dir, *arguments):
    return run_motcua("calendar", *arguments, data_dir=data_dir)


def test_lunar_json(data_dir):
    result = calendar(data_dir, "lunar", "2030-02-02", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stdout == '{"day":1,"month":1,"year":2030,"leap":false}\n'


def test_lunar_sentence_in_vietnamese(data_dir):
    result = calendar(data_dir, "lunar", "2026-02-17")
    assert result.returncode == 0
    assert "tháng Giêng" in result.stdout


def test_solar_of_a_leap_month(data_dir):
    # 2025 has a leap sixth month; its first day is 25/7/2025.
    result = calendar(data_dir, "solar", "1/6/2025", "--leap")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2025-07-25\n"


def test_add_working_days_across_tet(data_dir):
    result = calendar(data_dir, "add-working-days", "2026-02-13", "1")
    assert result.stdout == "2026-02-23\n"


def test_add_working_days_across_new_year_2026(data_dir):
    # Công văn 12729/VPCP-KGVX ngày 25/12/2025: Friday 2/1/2026 off, Saturday 10/1/2026 worked.
    result = calendar(data_dir, "add-working-days", "2025-12-31", "1")
    assert result.stdout == "2026-01-05\n"


@pytest.mark.parametrize("arguments", [
    ("lunar", "2026-02-30"),
    ("solar", "30/2/2026"),
    ("solar", "1/5/2026", "--leap"),
    ("add-working-days", "2026-02-13", "-1"),
    ("add-working-days", "2026-02-13", "99999999"),
    ("khong-co-lenh",),
])
def test_bad_input_exits_2_with_nothing_on_stdout(data_dir, arguments):
    result = calendar(data_dir, *arguments)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() != ""


def test_import_records_a_year_and_year_lists_it_as_official(data_dir, tmp_path):
    before = calendar(data_dir, "year", "2027")
    assert "(dự kiến)" in before.stdout
    schedule = {
        "year": 2027,
        "source": {"title": "Lịch nghỉ năm 2027 (thử)", "reference": "Thông báo thử số 1"},
        "daysOff": [{"date": "2027-01-01", "name": "Tết Dương lịch"}, {"date": "2027-02-08", "name": "Tết Nguyên Đán"}],
        "makeUpWorkingDays": [],
    }
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(schedule, ensure_ascii=False))
    result = calendar(data_dir, "import", str(path))
    assert result.returncode == 0, result.stderr
    after = calendar(data_dir, "year", "2027")
    assert "(dự kiến)" not in after.stdout
    assert "2027-02-08" in after.stdout


def test_import_of_a_malformed_file_imports_nothing(data_dir, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"year": 2028, "source": {"title": "x", "reference": "y"}, "daysOff": [{"date": "2028-02-30", "name": "?"}], "makeUpWorkingDays": []}')
    result = calendar(data_dir, "import", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "(dự kiến)" in calendar(data_dir, "year", "2028").stdout
