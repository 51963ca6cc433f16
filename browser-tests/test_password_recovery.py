"""A citizen who forgot the password gets a one-time code, sets a new password, and the other device is signed out."""
import re

from playwright.sync_api import expect

from test_citizen_journey import outbox_text


def register(page, server):
    """Registers Phạm Văn Bình and confirms the account with the code from the development outbox."""
    page.goto(f"{server}/cong-dan/dang-ky")
    page.get_by_label("Họ và tên", exact=True).fill("Phạm Văn Bình")
    page.get_by_label("Số định danh cá nhân (12 chữ số)").fill("033190009999")
    page.get_by_label("Số điện thoại", exact=True).fill("0934 999 000")
    page.get_by_label("Xã, phường thường làm thủ tục").select_option("phung-cong")
    page.get_by_label("Mật khẩu", exact=True).fill("binh-mat-khau-cu")
    page.get_by_label("Nhập lại mật khẩu").fill("binh-mat-khau-cu")
    page.get_by_role("button", name="Đăng ký và nhận mã xác nhận").click()
    expect(page.get_by_role("heading", name="Xác nhận tài khoản")).to_be_visible()


def test_citizen_recovers_the_password_and_other_sessions_end(server, browser, phone):
    register(phone, server)
    browser_outbox = outbox_text(browser, server)
    code = re.search(r"0934999000\s+Mã xác nhận tài khoản MotCua của ông/bà là (\d{6})", browser_outbox).group(1)
    phone.get_by_label("Mã xác nhận").fill(code)
    phone.get_by_role("button", name="Xác nhận").click()
    expect(phone.locator("#ten-tai-khoan")).to_have_text("Phạm Văn Bình")

    # On another device the citizen has forgotten the password.
    laptop_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    laptop = laptop_context.new_page()
    laptop.goto(f"{server}/cong-dan/dang-nhap")
    laptop.get_by_role("link", name="Quên mật khẩu?").click()
    expect(laptop.get_by_role("heading", name="Quên mật khẩu")).to_be_visible()
    laptop.get_by_label("Số điện thoại hoặc email").fill("0934 999 000")
    laptop.get_by_role("button", name="Nhận mã khôi phục").click()
    expect(laptop.locator("#da-gui-ma")).to_contain_text("Nếu số điện thoại hoặc email này có tài khoản")

    outbox = outbox_text(browser, server)
    recovery = re.search(r"0934999000\s+Mã khôi phục mật khẩu MotCua của ông/bà là (\d{6})", outbox).group(1)
    laptop.get_by_label("Mã khôi phục").fill("000000" if recovery != "000000" else "111111")
    laptop.get_by_label("Mật khẩu mới", exact=True).fill("binh-mat-khau-moi")
    laptop.get_by_label("Nhập lại mật khẩu mới").fill("binh-mat-khau-moi")
    laptop.get_by_role("button", name="Đặt lại mật khẩu").click()
    expect(laptop.locator("#loi-khoi-phuc")).to_contain_text("Còn 4 lần thử")

    laptop.get_by_label("Mã khôi phục").fill(recovery)
    laptop.get_by_label("Mật khẩu mới", exact=True).fill("binh-mat-khau-moi")
    laptop.get_by_label("Nhập lại mật khẩu mới").fill("binh-mat-khau-moi")
    laptop.get_by_role("button", name="Đặt lại mật khẩu").click()
    expect(laptop.get_by_role("status")).to_have_text("Đã đặt lại mật khẩu.")
    assert "(đã dùng, đã xoá khỏi hộp thư)" in outbox_text(browser, server)

    # The phone's session ended with the change.
    phone.goto(f"{server}/cong-dan")
    expect(phone.get_by_role("heading", name="Đăng nhập công dân, doanh nghiệp")).to_be_visible()

    # The old password no longer works; the new one does.
    laptop.get_by_label("Số điện thoại hoặc email").fill("0934999000")
    laptop.get_by_label("Mật khẩu").fill("binh-mat-khau-cu")
    laptop.get_by_role("button", name="Đăng nhập").click()
    expect(laptop.locator("#loi-dang-nhap")).to_be_visible()
    laptop.get_by_label("Mật khẩu").fill("binh-mat-khau-moi")
    laptop.get_by_role("button", name="Đăng nhập").click()
    expect(laptop.locator("#ten-tai-khoan")).to_have_text("Phạm Văn Bình")
    laptop_context.close()
