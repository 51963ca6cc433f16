"""A street light reported out on a phone, fixed by the lighting unit, shown fixed in public, reopened by its reporter."""
import re

from playwright.sync_api import expect

from conftest import sign_in

PNG = bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + bytes(64)


def test_anonymous_light_report_fixed_then_reopened(server, browser):
    citizen_context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True, has_touch=True)
    citizen = citizen_context.new_page()
    citizen.goto(f"{server}/xa/phung-cong/su-co")
    citizen.get_by_role("link", name="Báo sự cố mới").click()
    citizen.get_by_role("link", name="Đèn đường hỏng").click()
    citizen.get_by_label("Mô tả sự cố").fill("Đèn trước nhà văn hoá thôn không sáng hai đêm nay.")
    citizen.get_by_label("Vị trí (thôn, tổ dân phố, số nhà, mốc gần nhất)").fill("Thôn Đông Cầu, trước nhà văn hoá")
    citizen.get_by_label("Mã cột đèn (số sơn trên cột), nếu thấy").fill("PC-CS-003")
    citizen.get_by_label("Ảnh 1").set_input_files(files=[{"name": "den.png", "mimeType": "image/png", "buffer": PNG}])
    # Anonymous: the name, phone and email fields stay empty.
    citizen.get_by_role("button", name="Gửi phản ánh").click()

    code = citizen.locator("#ma-phan-anh").text_content().strip()
    assert re.fullmatch(r"SC-\d{4}-\d{6}", code)
    secret = citizen.locator("#ma-bi-mat").text_content().strip()
    follow_url = citizen.url
    expect(citizen.locator("#trang-thai")).to_have_text("Mới tiếp nhận")

    officer_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    officer = officer_context.new_page()
    sign_in(officer, server, "kinhte")
    officer.get_by_role("link", name="Sự cố hạ tầng").click()
    officer.get_by_role("link", name=code).click()
    expect(officer.locator("dl.facts")).to_contain_text("Ẩn danh")
    expect(officer.locator("dl.facts")).to_contain_text("PC-CS-003")
    officer.get_by_label("Trạng thái mới").select_option(label="Đã khắc phục")
    officer.get_by_label("Ghi chú công khai cho người dân").fill("Đã thay bóng đèn LED mới.")
    officer.get_by_role("button", name="Lưu").first.click()
    expect(officer.locator("#trang-thai")).to_have_text("Đã khắc phục")
    officer_context.close()

    neighbour_context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    neighbour = neighbour_context.new_page()
    neighbour.goto(f"{server}/xa/phung-cong/su-co/{code}")
    expect(neighbour.locator("#trang-thai")).to_have_text("Đã khắc phục")
    expect(neighbour.locator("main")).to_contain_text("Đã thay bóng đèn LED mới.")
    body = neighbour.locator("main").text_content()
    assert secret not in body
    assert neighbour.get_by_role("button", name="Mở lại phản ánh").count() == 0
    neighbour_context.close()

    citizen.goto(follow_url.replace("&moi=1", ""))
    citizen.get_by_label("Chưa được khắc phục? Cho xã biết vì sao (trong 7 ngày)").fill("Tối qua đèn lại tắt.")
    citizen.get_by_role("button", name="Mở lại phản ánh").click()
    expect(citizen.locator("#trang-thai")).to_have_text("Mở lại")
    expect(citizen.locator("ol.activity")).to_contain_text("Tối qua đèn lại tắt.")
    citizen_context.close()


def test_collection_schedule_is_public_and_printable(server, phone):
    phone.goto(f"{server}/xa/phung-cong/lich-thu-gom-rac")
    expect(phone.locator("h1")).to_have_text("Lịch thu gom rác thải sinh hoạt")
    expect(phone.locator("table")).to_contain_text("Thôn Đa Ngưu")
    phone.get_by_role("link", name="Báo rác chưa được thu gom").click()
    expect(phone.get_by_label("Mô tả sự cố")).to_be_visible()
