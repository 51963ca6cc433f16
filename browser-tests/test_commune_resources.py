"""The commune office finishes the asset review and drafts next year's budget; the leader approves it; a month of
execution is recorded by the office (spending) and the economy department (revenue); the report shows the percentages."""
from playwright.sync_api import expect

from conftest import sign_in


def page_for(browser, server, username, phone=False):
    viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    sign_in(page, server, username)
    return context, page


def test_asset_review_and_budget_from_draft_to_report(server, browser):
    # The commune office opens the review campaign from the navigation and assigns the two assets still without a unit.
    context, office = page_for(browser, server, "truongphong")
    office.get_by_role("link", name="Tài sản, ngân sách").click()
    expect(office.locator("#so-chua-giao")).to_have_text("2")
    office.get_by_role("link", name="Rà soát", exact=True).click()
    office.get_by_role("link", name="Rà soát trụ sở, trang thiết bị sau sắp xếp").click()
    expect(office.locator("#chua-co-don-vi")).to_have_text("2")
    # Confirming an asset without a managing unit is refused with a clear message.
    row = office.locator("tr[data-code='PC-TB-02']")
    row.get_by_label("Kết luận", exact=True).select_option(label="Xác nhận đúng hiện trạng")
    row.get_by_role("button", name="Lưu").click()
    expect(office.locator(".error")).to_contain_text("Tài sản chưa có đơn vị quản lý")
    for code, unit in [("PC-TS-03", "Trung tâm Phục vụ hành chính công"), ("PC-TB-02", "Văn phòng HĐND–UBND")]:
        row = office.locator(f"tr[data-code='{code}']")
        row.get_by_label("Đơn vị", exact=True).select_option(label=unit)
        row.get_by_label("Kết luận", exact=True).select_option(label="Xác nhận đúng hiện trạng")
        row.get_by_role("button", name="Lưu").click()
        expect(office.locator(f"tr[data-code='{code}']")).to_contain_text(unit)
    expect(office.locator("#chua-co-don-vi")).to_have_text("0")
    expect(office.locator("#da-giao-het")).to_have_text("Mọi tài sản đã có đơn vị quản lý.")

    # The office drafts next year's estimate with a spending and a revenue line, and submits it.
    office.get_by_role("link", name="Dự toán ngân sách").click()
    office.get_by_label("Năm ngân sách").fill("2027")
    office.get_by_role("button", name="Lập dự toán").click()
    expect(office.locator("#trang-thai")).to_have_text("Đang lập")
    lines = office.locator("#them-dong")
    # A negative amount is refused and nothing is added.
    lines.get_by_label("Thu hay chi (dòng mới)").select_option(label="Chi")
    lines.get_by_label("Mã chương (3 số)").fill("805")
    lines.get_by_label("Mã mục, tiểu mục (4 số)").fill("6001")
    lines.get_by_label("Nội dung").fill("Tiền lương, phụ cấp cán bộ, công chức")
    lines.get_by_label("Số tiền (đồng)").fill("-600.000.000")
    lines.get_by_role("button", name="Lưu dòng").click()
    expect(office.locator(".error")).to_contain_text("Số tiền dự toán không được âm.")
    lines = office.locator("#them-dong")
    lines.get_by_label("Số tiền (đồng)").fill("600.000.000")
    lines.get_by_role("button", name="Lưu dòng").click()
    expect(office.locator("#dong-du-toan")).to_contain_text("600.000.000 ₫")
    lines = office.locator("#them-dong")
    lines.get_by_label("Thu hay chi (dòng mới)").select_option(label="Thu")
    lines.get_by_label("Mã chương (3 số)").fill("805")
    lines.get_by_label("Mã mục, tiểu mục (4 số)").fill("2001")
    lines.get_by_label("Nội dung").fill("Thu phí, lệ phí")
    lines.get_by_label("Số tiền (đồng)").fill("120.000.000")
    lines.get_by_role("button", name="Lưu dòng").click()
    expect(office.locator("#dong-du-toan")).to_contain_text("120.000.000 ₫")
    office.get_by_role("button", name="Trình phê duyệt").click()
    expect(office.locator("#trang-thai")).to_have_text("Đã trình, chờ phê duyệt")
    estimate_url = office.url.split("?")[0]
    context.close()

    # The leader approves, lowering the salary line.
    context, leader = page_for(browser, server, "lanhdao")
    leader.goto(estimate_url)
    leader.get_by_label("Số được duyệt của dòng 805-6001").fill("550.000.000")
    leader.get_by_role("button", name="Phê duyệt dự toán").click()
    expect(leader.locator("#trang-thai")).to_have_text("Đã phê duyệt")
    expect(leader.locator("#dong-du-toan tr[data-line='805-6001']")).to_contain_text("550.000.000 ₫")
    context.close()

    # January: the office records spending, the economy department (on a phone) records the fees collected.
    context, office = page_for(browser, server, "truongphong")
    office.goto(estimate_url)
    execution = office.locator("#ghi-thuc-hien")
    execution.get_by_label("Dòng", exact=True).select_option(label="Chi: 805-6001 Tiền lương, phụ cấp cán bộ, công chức")
    execution.get_by_label("Tháng", exact=True).select_option(label="Tháng 1")
    execution.get_by_label("Số thực hiện trong tháng (đồng)").fill("45.833.000")
    execution.get_by_role("button", name="Ghi số thực hiện").click()
    expect(office.locator("#dong-du-toan tr[data-line='805-6001']")).to_contain_text("8,3 %")
    context.close()
    context, economy = page_for(browser, server, "kinhte", phone=True)
    economy.goto(estimate_url)
    execution = economy.locator("#ghi-thuc-hien")
    execution.get_by_label("Dòng", exact=True).select_option(label="Thu: 805-2001 Thu phí, lệ phí")
    execution.get_by_label("Tháng", exact=True).select_option(label="Tháng 1")
    execution.get_by_label("Số thực hiện trong tháng (đồng)").fill("8.000.000")
    execution.get_by_role("button", name="Ghi số thực hiện").click()
    fees = economy.locator("#dong-du-toan tr[data-line='805-2001']")
    expect(fees).to_contain_text("6,7 %")
    expect(fees).to_contain_text("Thu không đạt dự toán nếu giữ nhịp này")

    # The report for 2027 shows the same percentages, with CSV and Excel downloads.
    economy.goto(f"{server}/kinh-te-tai-chinh/bao-cao?nam=2027")
    report = economy.locator("main")
    expect(report).to_contain_text("Thực hiện dự toán ngân sách năm 2027")
    expect(economy.locator("tr", has_text="805-6001")).to_contain_text("8,3 %")
    expect(economy.locator("tr", has_text="805-2001")).to_contain_text("6,7 %")
    with economy.expect_download() as download:
        economy.get_by_role("link", name="Tải Excel (XLSX)").click()
    assert download.value.suggested_filename == "tai-chinh-kinh-te-2027.xlsx"
    context.close()
