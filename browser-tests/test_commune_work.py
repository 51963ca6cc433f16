"""An inspection's two directives turned into tasks, one reported done with evidence, followed by the province."""
from playwright.sync_api import expect

from conftest import app_today, sign_in, working_day_after

PDF = b"%PDF-1.4\n% bien ban niem yet thu tuc\n"


def page_for(browser, server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, server, username)
    return context, page


def test_directives_from_inspection_to_done(server, browser):
    # Dated from the application's day: the tasks must fall inside the plan of the current half-year.
    today = app_today()
    first_due, second_due = working_day_after(today, 5), working_day_after(today, 15)
    first_task_due, second_task_due = working_day_after(today, 4), working_day_after(today, 14)
    # The province office records the inspection with two directives.
    context, tinh = page_for(browser, server, "tinh")
    tinh.goto(f"{server}/cong-viec/kiem-tra")
    tinh.get_by_label("Xã, phường").select_option(label="Xã Phụng Công")
    tinh.get_by_label("Ngày kiểm tra").fill(today.isoformat())
    tinh.get_by_label("Người, đoàn kiểm tra").fill("Đoàn kiểm tra Văn phòng UBND tỉnh")
    tinh.get_by_label("Nội dung kiểm tra").fill("Niêm yết thủ tục và sổ theo dõi hồ sơ")
    tinh.get_by_label("Chỉ đạo 1", exact=True).fill("Niêm yết đủ bộ thủ tục tại quầy số 1")
    tinh.get_by_label("Hạn chỉ đạo 1").fill(first_due.isoformat())
    tinh.get_by_label("Chỉ đạo 2", exact=True).fill("Cập nhật sổ theo dõi hồ sơ hằng ngày")
    tinh.get_by_label("Hạn chỉ đạo 2").fill(second_due.isoformat())
    tinh.get_by_role("button", name="Ghi nhận").click()
    expect(tinh.locator("main")).to_contain_text("Niêm yết đủ bộ thủ tục tại quầy số 1")
    context.close()

    # The commune leader turns both into tasks of the current plan, each with the six clears.
    context, leader = page_for(browser, server, "lanhdao")
    leader.goto(f"{server}/cong-viec/chi-dao")
    for text, assignee, due in [("Niêm yết đủ bộ thủ tục tại quầy số 1", "Phạm Thu Trang", first_task_due.isoformat()),
                                ("Cập nhật sổ theo dõi hồ sơ hằng ngày", "Nguyễn Thị Hoa", second_task_due.isoformat())]:
        row = leader.locator("tr", has_text=text).first
        row.locator("summary").click()
        form = row.locator("form")
        form.get_by_label("Rõ người").select_option(label=assignee)
        form.get_by_label("Rõ thời gian").fill(due)
        form.get_by_label("Rõ trách nhiệm").select_option(label="Văn phòng HĐND–UBND")
        form.get_by_label("Rõ sản phẩm").fill("Bảng niêm yết, sổ cập nhật")
        form.get_by_label("Minh chứng").fill("Ảnh chụp, biên bản kiểm tra")
        form.get_by_role("button", name="Giao").click()
        expect(leader.locator("tr", has_text=text).first.locator(".directive-progress")).to_have_text("Đang thực hiện")
    context.close()

    # The specialist reports the first one done, with evidence.
    context, specialist = page_for(browser, server, "chuyenvien")
    specialist.goto(f"{server}/cong-viec/chi-dao")
    # The row's first link is its inspection; its task is listed in the last cell.
    specialist.locator("tr", has_text="Niêm yết đủ bộ thủ tục tại quầy số 1").first.locator("td ul a").first.click()
    specialist.get_by_label("Tiến độ (%)").fill("100")
    specialist.get_by_label("Ghi chú").fill("Đã niêm yết 44 thủ tục.")
    specialist.get_by_label("Minh chứng (PDF, JPEG, PNG)").set_input_files(files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    specialist.get_by_label("Đã hoàn thành").check()
    specialist.get_by_role("button", name="Gửi báo cáo").click()
    expect(specialist.locator("#trang-thai-nhiem-vu")).to_have_text("Hoàn thành đúng hạn")
    expect(specialist.locator("main")).to_contain_text("bien-ban.pdf")
    context.close()

    # The province sees one directive done and the other in progress.
    context, tinh = page_for(browser, server, "tinh")
    tinh.goto(f"{server}/cong-viec/chi-dao")
    expect(tinh.locator("tr", has_text="Niêm yết đủ bộ thủ tục tại quầy số 1").first.locator(".directive-progress")).to_have_text("Hoàn thành")
    expect(tinh.locator("tr", has_text="Cập nhật sổ theo dõi hồ sơ hằng ngày").first.locator(".directive-progress")).to_have_text("Đang thực hiện")
    context.close()
