"""Issue #20: the department uploads a signed result, the citizen downloads it, the public page confirms it, and a
tampered copy is reported as not genuine. The PDF is the demo's, signed by pyHanko with the TEST PKI."""
from pathlib import Path

from playwright.sync_api import expect

from conftest import ROOT, sign_in

CITIZEN_PHONE = "0912345678"
SIGNED = ROOT / "Sources" / "MotCuaCore" / "Resources" / "signing-test" / "demo-result.pdf"


def test_department_uploads_citizen_downloads_public_page_checks(server, browser, phone, tmp_path):
    # The citizen's dossier that has no electronic result yet.
    phone.goto(f"{server}/cong-dan/dang-nhap")
    phone.get_by_label("Số điện thoại hoặc email").fill(CITIZEN_PHONE)
    phone.get_by_label("Mật khẩu").fill("motcua-demo")
    phone.get_by_role("button", name="Đăng nhập").click()
    expect(phone.locator("main")).to_contain_text("Hồ sơ")
    links = [a.get_attribute("href") for a in phone.locator('main a[href^="/cong-dan/ho-so/"]').all()]
    target = None
    for href in dict.fromkeys(links):
        phone.goto(server + href)
        if phone.locator("#ket-qua-dien-tu").count() == 0:
            target = href
            break
    assert target, "the demo citizen has a dossier without an electronic result"
    code = phone.locator("#ma-ho-so").inner_text()

    # The department attaches the signed PDF; MotCua verifies it and shows its verification code.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", accept_downloads=True)
    officer = context.new_page()
    sign_in(officer, server, "chuyenvien")
    officer.goto(f"{server}/mot-cua/ho-so/{code}")
    officer.locator("#ketQua").set_input_files(str(SIGNED))
    officer.get_by_role("button", name="Tải lên kết quả đã ký").click()
    expect(officer.locator("#kq-nguoi-ky")).to_have_text("TEST Chu tich UBND xa Phung Cong")
    verification_code = officer.locator("#kq-ma-xac-thuc").inner_text()
    context.close()

    # The citizen downloads the same bytes from the dossier page.
    phone.goto(server + target)
    expect(phone.locator("#kq-ma-xac-thuc")).to_have_text(verification_code)
    with phone.expect_download() as download_info:
        phone.locator("#kq-tai-ve").click()
    downloaded = tmp_path / "ket-qua.pdf"
    download_info.value.save_as(downloaded)
    assert downloaded.read_bytes() == SIGNED.read_bytes()

    # The public page confirms the downloaded copy, with the applicant's name masked.
    phone.goto(f"{server}/xac-thuc")
    phone.locator("#tep").set_input_files(str(downloaded))
    phone.get_by_role("button", name="Xác thực tệp").click()
    expect(phone.locator("#ket-luan")).to_have_attribute("data-genuine", "true")
    expect(phone.locator("#nguoi-ky")).to_have_text("TEST Chu tich UBND xa Phung Cong")
    expect(phone.locator("#nguoi-nop")).to_have_text("Nguyễn T*** H*")

    # A copy with one byte of its content changed is not genuine, and the page says which check failed.
    tampered = bytearray(downloaded.read_bytes())
    at = tampered.index(b"KET QUA")
    tampered[at] = ord("X")
    forged = tmp_path / "ket-qua-sua.pdf"
    forged.write_bytes(bytes(tampered))
    phone.locator("#tep").set_input_files(str(forged))
    phone.get_by_role("button", name="Xác thực tệp").click()
    expect(phone.locator("#ket-luan")).to_have_attribute("data-genuine", "false")
    expect(phone.locator("#ly-do")).to_contain_text("Giá trị băm không khớp")
