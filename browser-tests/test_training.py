"""A province course for two communes: due for a commune's officer, attendance recorded by the commune, coverage seen by the province."""
from datetime import timedelta

from playwright.sync_api import expect

from conftest import app_today, sign_in

TITLE = "Tập huấn cải cách thủ tục hành chính cấp xã"


def page_for(browser, server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, server, username)
    return context, page


def test_province_course_from_requirement_to_coverage(server, browser):
    today = app_today()

    # The province office creates a course that the specialists of Phụng Công and Văn Giang must attend.
    context, tinh = page_for(browser, server, "tinh")
    tinh.goto(f"{server}/cong-viec/dao-tao")
    tinh.get_by_label("Tên khoá học").fill(TITLE)
    expect(tinh.get_by_label("Đơn vị tổ chức")).to_have_value("Văn phòng UBND tỉnh")
    tinh.get_by_label("Nội dung, chủ đề").fill("Rà soát, đơn giản hoá thủ tục; số hoá hồ sơ")
    tinh.get_by_label("Địa điểm").fill("Hội trường UBND tỉnh Hưng Yên")
    tinh.get_by_label("Từ ngày").fill(today.isoformat())
    tinh.get_by_label("Đến ngày").fill((today + timedelta(days=1)).isoformat())
    tinh.get_by_label("Xã Phụng Công", exact=True).check()
    tinh.get_by_label("Xã Văn Giang", exact=True).check()
    tinh.get_by_label("Chuyên viên", exact=True).check()
    tinh.get_by_role("button", name="Tạo khoá học").click()
    expect(tinh.locator("h1")).to_have_text(TITLE)
    expect(tinh.locator("main")).to_contain_text("Phạm Thu Trang")
    expect(tinh.locator("main")).to_contain_text("Ngô Thị Hạnh")
    context.close()

    # The commune's specialist sees the course among the trainings still due.
    context, specialist = page_for(browser, server, "chuyenvien")
    specialist.goto(f"{server}/cong-viec/dao-tao/cua-toi")
    due = specialist.locator("#dao-tao-con-no tr", has_text=TITLE)
    expect(due).to_contain_text("Phải tham dự")
    context.close()

    # The commune leader records attendance and the result of the commune's own officer; Văn Giang's stay hidden.
    context, leader = page_for(browser, server, "lanhdao")
    leader.goto(f"{server}/cong-viec/dao-tao")
    leader.get_by_role("link", name=TITLE).click()
    expect(leader.locator("main")).not_to_contain_text("Ngô Thị Hạnh")
    leader.get_by_label("Tham dự của Phạm Thu Trang").select_option(label="Có mặt")
    leader.get_by_label("Kết quả của Phạm Thu Trang").select_option(label="Đạt")
    leader.get_by_label("Điểm của Phạm Thu Trang").fill("9")
    leader.get_by_label("Chứng chỉ của Phạm Thu Trang").fill("CCHC-2026/015")
    leader.get_by_role("button", name="Lưu tham dự và kết quả").click()
    expect(leader.locator("tr", has_text="Phạm Thu Trang").locator(".training-standing")).to_have_text("Đã hoàn thành")
    context.close()

    context, specialist = page_for(browser, server, "chuyenvien")
    specialist.goto(f"{server}/cong-viec/dao-tao/cua-toi")
    expect(specialist.locator("#dao-tao-da-xong tr", has_text=TITLE)).to_contain_text("CCHC-2026/015")
    context.close()

    # The province sees the coverage of each commune: one of Phụng Công's three specialists, none of Văn Giang's one.
    context, tinh = page_for(browser, server, "tinh")
    tinh.goto(f"{server}/cong-viec/dao-tao/do-phu")
    rows = tinh.locator("#bao-phu-theo-khoa tr", has_text=TITLE)
    expect(rows.filter(has_text="Xã Phụng Công")).to_contain_text("33,3 %")
    expect(rows.filter(has_text="Xã Văn Giang")).to_contain_text("0 %")
    context.close()


def test_reminders_command_writes_each_reminder_once():
    """`motcua reminders send` twice on the demo: the overdue task and the late directive once each, then nothing."""
    import sqlite3
    import tempfile
    from pathlib import Path

    from conftest import run_motcua

    data_dir = Path(tempfile.mkdtemp(prefix="motcua-reminders-"))
    assert run_motcua("seed", data_dir=data_dir).returncode == 0
    first = run_motcua("reminders", "send", data_dir=data_dir)
    assert first.returncode == 0, first.stderr
    assert "Đã ghi 2 nhắc việc (4 tin)" in first.stdout
    second = run_motcua("reminders", "send", data_dir=data_dir)
    assert second.returncode == 0, second.stderr
    assert "Đã ghi 0 nhắc việc" in second.stdout
    with sqlite3.connect(data_dir / "motcua.sqlite") as db:
        count = db.execute("SELECT COUNT(*) FROM outbox_messages WHERE subject IN ('Nhiệm vụ quá hạn', 'Chỉ đạo của tỉnh quá hạn')").fetchone()[0]
        notices = db.execute("SELECT COUNT(*) FROM work_reminder_notices").fetchone()[0]
    assert (count, notices) == (4, 2)
    wrong = run_motcua("reminders", "gui", data_dir=data_dir)
    assert wrong.returncode == 2
    assert "motcua reminders send" in wrong.stderr
