"""What a new user tripped on (issue #24), checked as the browser draws it: buttons that vanished white on white, radio
buttons stretched across the form, the officers' sign-in offered to a signed-in citizen."""
from playwright.sync_api import expect

from conftest import sign_in

# The WCAG contrast ratio between an element's text colour and the first opaque background behind it.
CONTRAST = """
element => {
  const rgba = colour => (colour.match(/[\\d.]+/g) || []).map(Number);
  const backdrop = node => {
    for (; node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour.length === 3 || colour[3] > 0) return colour.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const luminance = ([r, g, b]) => {
    const linear = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const text = luminance(rgba(getComputedStyle(element).color).slice(0, 3));
  const ground = luminance(backdrop(element));
  return (Math.max(text, ground) + 0.05) / (Math.min(text, ground) + 0.05);
}
"""


def assert_readable(locator):
    expect(locator).to_be_visible()
    ratio = locator.evaluate(CONTRAST)
    assert ratio >= 4.5, f"{locator.text_content()!r} has a contrast of {ratio:.2f}:1 against its background"


def assert_radios_beside_their_labels(page):
    """Every radio button keeps its own small size and sits right before its label's words."""
    radios = page.locator("form.form input[type=radio]")
    assert radios.count() >= 2
    for index in range(radios.count()):
        radio = radios.nth(index)
        box = radio.bounding_box()
        label = radio.locator("xpath=ancestor::label[1]").bounding_box()
        assert box["width"] < 40, f"radio {index} is {box['width']:.0f} px wide"
        assert box["x"] - label["x"] < 10, f"radio {index} stands {box['x'] - label['x']:.0f} px into its label"


def sign_in_citizen(page, server):
    page.goto(f"{server}/cong-dan/dang-nhap")
    page.get_by_label("Số điện thoại hoặc email").fill("0912345678")
    page.get_by_label("Mật khẩu").fill("motcua-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{server}/cong-dan")


def test_resend_code_is_readable_on_the_confirmation_page(server, phone):
    phone.goto(f"{server}/cong-dan/dang-ky")
    phone.get_by_label("Họ và tên", exact=True).fill("Lê Văn Tâm")
    phone.get_by_label("Số định danh cá nhân (12 chữ số)").fill("033190007777")
    phone.get_by_label("Số điện thoại", exact=True).fill("0934 777 888")
    phone.get_by_label("Xã, phường thường làm thủ tục").select_option("phung-cong")
    phone.get_by_label("Mật khẩu", exact=True).fill("tam-mat-khau-2026")
    phone.get_by_label("Nhập lại mật khẩu").fill("tam-mat-khau-2026")
    phone.get_by_role("button", name="Đăng ký và nhận mã xác nhận").click()
    expect(phone.get_by_role("heading", name="Xác nhận tài khoản")).to_be_visible()
    assert_readable(phone.get_by_role("button", name="Gửi lại mã"))


def test_signed_in_citizen_sees_their_account_and_sign_out_not_the_officers_sign_in(server, phone):
    sign_in_citizen(phone, server)
    header = phone.locator("header.site-header")
    expect(header).not_to_contain_text("Đăng nhập cán bộ")
    expect(header.get_by_role("link", name="Tài khoản của tôi")).to_be_visible()
    sign_out = phone.get_by_role("button", name="Đăng xuất")
    assert_readable(sign_out)
    for path in ["/", "/tra-cuu", "/cong-dan/nop-ho-so"]:
        phone.goto(server + path)
        expect(header).not_to_contain_text("Đăng nhập cán bộ")
    sign_out.click()
    expect(header.get_by_role("link", name="Đăng nhập cán bộ")).to_be_visible()


def test_officer_sign_out_stays_readable_on_the_dark_header(server, phone):
    sign_in(phone, server, "tiepnhan")
    assert_readable(phone.locator("header").get_by_role("button", name="Đăng xuất"))


def test_radio_buttons_sit_beside_their_labels_on_the_counter_and_online_forms(server, browser, phone):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    desk = context.new_page()
    sign_in(desk, server, "tiepnhan")
    desk.goto(f"{server}/mot-cua/tiep-nhan?thu-tuc=1.001193")
    expect(desk.get_by_label("Họ và tên (hoặc tên tổ chức)")).to_be_visible()
    assert_radios_beside_their_labels(desk)
    context.close()

    sign_in_citizen(phone, server)
    phone.goto(f"{server}/cong-dan/nop-ho-so/phung-cong/1.001193")
    expect(phone.get_by_label("Họ và tên (hoặc tên tổ chức)")).to_be_visible()
    assert_radios_beside_their_labels(phone)


def test_public_fault_reports_fit_a_phone_and_the_phone_field_opens_the_number_pad(server, phone):
    phone.goto(f"{server}/xa/phung-cong/su-co")
    expect(phone.locator("#danh-sach-su-co > li").first).to_be_visible()
    # A table in a scrolling box also keeps the page itself narrow, but hides four of its six columns off screen.
    expect(phone.locator("main table")).to_have_count(0)
    card = phone.locator("#danh-sach-su-co > li").first.bounding_box()
    assert card["x"] >= 0 and card["x"] + card["width"] <= 390, f"a report's card runs off the phone: {card}"
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than the phone"
    phone.get_by_role("link", name="Báo sự cố mới").click()
    phone.get_by_role("link", name="Đèn đường hỏng").click()
    field = phone.get_by_label("Số điện thoại")
    expect(field).to_have_attribute("type", "tel")
