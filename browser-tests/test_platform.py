"""The platform in a real browser: sign-in for every role, errors, administration, the journal."""
import re

import pytest
from playwright.sync_api import expect

from conftest import DEMO_ACCOUNTS, sign_in


@pytest.mark.parametrize("username,role", sorted(DEMO_ACCOUNTS.items()))
def test_each_demo_account_lands_on_its_role_home(server, phone, username, role):
    sign_in(phone, server, username)
    expect(phone).to_have_url(server + "/lam-viec")
    heading = phone.locator("h1[data-role]")
    expect(heading).to_have_attribute("data-role", role)
    expect(heading).to_contain_text("Trang làm việc")


def test_sign_in_page_lists_demo_accounts_in_development(server, phone):
    phone.goto(server + "/dang-nhap")
    for username in DEMO_ACCOUNTS:
        expect(phone.locator("aside.demo-accounts")).to_contain_text(username)


def test_wrong_password_gets_one_message(server, phone):
    sign_in(phone, server, "lanhdao", "mat-khau-sai-1")
    expect(phone.get_by_role("alert")).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    expect(phone).to_have_url(server + "/dang-nhap")


def test_unknown_page_is_a_vietnamese_404(server, phone):
    response = phone.goto(server + "/khong-co-trang-nay")
    assert response.status == 404
    expect(phone.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")


def test_sign_out(server, phone):
    sign_in(phone, server, "truongphong")
    phone.get_by_role("button", name="Đăng xuất").click()
    expect(phone.get_by_role("status")).to_contain_text("Bạn đã đăng xuất")
    phone.goto(server + "/lam-viec")
    expect(phone).to_have_url(re.compile(r"/dang-nhap\?next="))


def test_admin_adds_a_department_and_finds_it_in_the_journal(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, server, "admin")
    page.get_by_role("link", name="Phòng ban").first.click()
    page.get_by_role("link", name="Thêm phòng ban").click()
    page.get_by_label("Tên phòng ban").fill("Tổ chuyển đổi số cộng đồng")
    page.get_by_label("Loại đơn vị").select_option("other")
    page.get_by_label("Điện thoại").fill("0221 3888 123")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("status")).to_have_text("Đã tạo mới.")
    expect(page.get_by_role("table")).to_contain_text("Tổ chuyển đổi số cộng đồng")

    page.get_by_role("link", name="Nhật ký").click()
    page.get_by_label("Hành động").fill("department.create")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_role("table")).to_contain_text("Tổ chuyển đổi số cộng đồng")
    context.close()


def test_admin_form_errors_are_shown_in_vietnamese(server, phone):
    sign_in(phone, server, "admin")
    phone.goto(server + "/quan-tri/can-bo/them")
    phone.get_by_label("Tên đăng nhập").fill("x")
    phone.get_by_label("Họ và tên").fill("Nguyễn Văn Thử")
    phone.get_by_label("Mật khẩu ban đầu").fill("ngan1234567")
    # The browser's own checks are bypassed so that the server's validation is what answers.
    phone.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
    phone.get_by_role("button", name="Lưu").click()
    expect(phone.get_by_role("alert")).to_contain_text("Tên đăng nhập gồm 3–40 ký tự")


def test_commune_admin_cannot_open_another_communes_officer(server, phone):
    sign_in(phone, server, "tinh")
    # The province office sees every commune, and Văn Giang among them.
    phone.goto(server + "/quan-tri/xa")
    expect(phone.get_by_role("table")).to_contain_text("Xã Văn Giang")
