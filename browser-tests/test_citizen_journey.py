"""A citizen registers on a phone, submits a dossier online, answers the desk's supplement request, gets the result and rates it."""
import re
import tempfile
from pathlib import Path

from playwright.sync_api import expect

from conftest import sign_in
from test_dossier_journey import act
from test_page_faults import assert_radios_beside_their_labels

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def outbox_text(browser, server):
    """The development outbox as the counter officer of Phụng Công sees it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, server, "tiepnhan")
    page.goto(f"{server}/mot-cua/hop-thu")
    text = page.locator("main").inner_text()
    context.close()
    return text


def test_citizen_registers_submits_online_supplements_and_rates(server, browser, phone):
    folder = Path(tempfile.mkdtemp())
    form_scan, birth_scan, clear_scan = folder / "to-khai.pdf", folder / "giay-chung-sinh.pdf", folder / "giay-chung-sinh-ro.pdf"
    for index, path in enumerate([form_scan, birth_scan, clear_scan]):
        path.write_bytes(PDF + bytes(f"% {index}\n", "ascii"))

    # Registration with a one-time code read from the development outbox.
    phone.goto(f"{server}/")
    phone.get_by_role("link", name="Nộp hồ sơ trực tuyến").first.click()
    phone.get_by_role("link", name="Đăng ký", exact=True).click()
    phone.get_by_label("Họ và tên", exact=True).fill("Đỗ Thị Lan")
    phone.get_by_label("Số định danh cá nhân (12 chữ số)").fill("033190005678")
    phone.get_by_label("Số điện thoại", exact=True).fill("0934 555 666")
    phone.get_by_label("Xã, phường thường làm thủ tục").select_option("phung-cong")
    phone.get_by_label("Mật khẩu", exact=True).fill("lan-mat-khau-2026")
    phone.get_by_label("Nhập lại mật khẩu").fill("lan-mat-khau-2026")
    phone.get_by_role("button", name="Đăng ký và nhận mã xác nhận").click()
    expect(phone.get_by_role("heading", name="Xác nhận tài khoản")).to_be_visible()

    phone.get_by_label("Mã xác nhận").fill("000000" if "000000" not in outbox_text(browser, server) else "111111")
    phone.get_by_role("button", name="Xác nhận").click()
    expect(phone.locator("#loi-xac-nhan")).to_contain_text("không đúng")
    code = re.search(r"0934555666\s+Mã xác nhận tài khoản MotCua của ông/bà là (\d{6})", outbox_text(browser, server)).group(1)
    phone.get_by_label("Mã xác nhận").fill(code)
    phone.get_by_role("button", name="Xác nhận").click()
    expect(phone.locator("#ten-tai-khoan")).to_have_text("Đỗ Thị Lan")

    # Online submission: birth registration in Phụng Công, the e-form prefilled from the account.
    phone.locator("#nop-ho-so").click()
    phone.get_by_label("Tìm thủ tục (gõ không dấu cũng được)").fill("dang ky khai sinh")
    phone.get_by_role("button", name="Tìm").click()
    phone.get_by_role("link", name="Đăng ký khai sinh", exact=True).click()
    expect(phone.get_by_label("Họ và tên (hoặc tên tổ chức)")).to_have_value("Đỗ Thị Lan")
    phone.locator("#file0").set_input_files(str(form_scan))
    phone.locator("#file1").set_input_files(str(birth_scan))
    phone.get_by_role("button", name="Nộp hồ sơ").click()
    expect(phone.locator("#trang-thai")).to_have_text("Mới, chờ tiếp nhận")
    code = phone.locator("#ma-ho-so").text_content().strip()
    assert re.fullmatch(r"H33\.55\.01-\d{6}-\d{4}", code)

    # The desk asks for a supplement; the citizen uploads it from the phone.
    act(browser, server, "tiepnhan", code, "request_supplement", {"missing": "Giấy chứng sinh bản rõ nét"})
    phone.reload()
    expect(phone.locator("#trang-thai")).to_have_text("Yêu cầu bổ sung hồ sơ")
    expect(phone.locator("#can-bo-sung")).to_contain_text("Giấy chứng sinh bản rõ nét")
    phone.locator("#bo-sung #file1").set_input_files(str(clear_scan))
    phone.get_by_role("button", name="Gửi bổ sung").click()
    expect(phone.locator("#trang-thai")).to_have_text("Mới, chờ tiếp nhận")

    # The desk receives it (form 01 goes out electronically) and the dossier runs to its result.
    assert act(browser, server, "tiepnhan", code, "receive") == ""
    assert f"/cong-dan/ho-so/{code}/mau-01" in outbox_text(browser, server)
    phone.reload()
    expect(phone.locator("#trang-thai")).to_have_text("Đã tiếp nhận")
    phone.locator("#giay-tiep-nhan").click()
    expect(phone.locator("#ma-ho-so")).to_have_text(code)
    phone.go_back()
    assert act(browser, server, "tiepnhan", code, "forward") == "Đã chuyển phòng chuyên môn"
    assert act(browser, server, "truongphong", code, "assign", {"assignee": "chuyenvien"}) == "Đã phân công chuyên viên"
    assert act(browser, server, "chuyenvien", code, "start_review") == "Đang thẩm định"
    assert act(browser, server, "chuyenvien", code, "propose", {"note": "Đủ điều kiện đăng ký khai sinh."}) == "Chờ lãnh đạo phê duyệt"
    assert act(browser, server, "lanhdao", code, "approve") == "Có kết quả tại bộ phận một cửa"
    assert act(browser, server, "tiepnhan", code, "return_result", {"method": "electronic"}) == "Đã trả kết quả"

    # The citizen sees the result on the phone and rates the service.
    phone.reload()
    expect(phone.locator("#trang-thai")).to_have_text("Đã trả kết quả")
    assert_radios_beside_their_labels(phone)
    phone.locator("#danh-gia").get_by_label("Rất hài lòng").check()
    phone.locator("#danh-gia").get_by_label("Ý kiến (không bắt buộc)").fill("Nộp trên điện thoại rất tiện.")
    phone.get_by_role("button", name="Gửi đánh giá").click()
    expect(phone.get_by_role("status")).to_have_text("Cảm ơn ông/bà đã đánh giá.")
    expect(phone.locator("#trang-thai")).to_have_text("Đã trả kết quả")
    body = phone.content()
    assert "Đỗ T*** L*" in body
    assert "033190005678" not in body and "0934" not in body and "Đỗ Thị Lan" not in body
