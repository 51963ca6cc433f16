"""A dossier from intake to returned result, in the browser, with the printed receipt checked as a PDF."""
import re
import subprocess
import tempfile
from pathlib import Path

from playwright.sync_api import expect

from conftest import sign_in


def act(browser, server, username, code, action, fields=None):
    """Signs in as `username`, opens the dossier and submits the form of one action."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, server, username)
    page.goto(f"{server}/mot-cua/ho-so/{code}")
    form = page.locator(f'form[data-action="{action}"]')
    for name, value in (fields or {}).items():
        control = form.locator(f'[name="{name}"]')
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    status = page.locator("#trang-thai").text_content() if page.locator("#trang-thai").count() else ""
    context.close()
    return status


def test_intake_to_returned_result_with_a_printed_receipt(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, server, "tiepnhan")
    page.get_by_role("link", name="Tiếp nhận").first.click()
    page.get_by_label("Tìm thủ tục theo tên hoặc mã").fill("dang ky giam ho")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Đăng ký giám hộ").click()
    page.get_by_label("Họ và tên (hoặc tên tổ chức)").fill("Phạm Thị Lụa")
    page.get_by_label("Số định danh cá nhân (12 chữ số) hoặc mã số thuế của tổ chức").fill("034185001234")
    page.get_by_label("Số điện thoại").fill("0987 654 321")
    page.get_by_label("Địa chỉ", exact=True).fill("Thôn Xuân Cầu, xã Phụng Công")
    page.get_by_role("button", name="Tiếp nhận hồ sơ (phiếu 01)").click()

    code = page.locator("#ma-ho-so").text_content().strip()
    assert re.fullmatch(r"H33\.55\.01-\d{6}-\d{4}", code)
    due = page.locator("#hen-tra").text_content().strip()
    assert re.search(r"\d{2} giờ \d{2} phút, ngày \d{2}/\d{2}/\d{4}", due)
    assert page.locator("#ma-qr svg").count() == 1

    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "phieu-01.pdf"
        page.pdf(path=str(pdf), format="A4")
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert code in text
        assert due.split(", ngày ")[1] in text
        subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(Path(folder) / "page")], check=True)
        images = sorted(Path(folder).glob("page*.png"))
        assert len(images) == 1, f"the receipt should fit one A4 page, it has {len(images)}"
        decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(images[0])], capture_output=True, text=True)
        assert decoded.returncode == 0, decoded.stderr
        lookup_url = decoded.stdout.strip().splitlines()[0]
        assert lookup_url.endswith(f"/tra-cuu/{code}")
    context.close()

    assert act(browser, server, "tiepnhan", code, "forward") == "Đã chuyển phòng chuyên môn"
    assert act(browser, server, "truongphong", code, "assign", {"assignee": "chuyenvien"}) == "Đã phân công chuyên viên"
    assert act(browser, server, "chuyenvien", code, "start_review") == "Đang thẩm định"
    assert act(browser, server, "chuyenvien", code, "propose", {"note": "Đủ điều kiện đăng ký giám hộ."}) == "Chờ lãnh đạo phê duyệt"
    assert act(browser, server, "lanhdao", code, "approve") == "Có kết quả tại bộ phận một cửa"
    assert act(browser, server, "tiepnhan", code, "return_result", {"method": "in_person"}) == "Đã trả kết quả"

    # The QR code's address, opened on a phone, shows the masked status.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN").new_page()
    phone.goto(f"{server}/tra-cuu/{code}")
    expect(phone.locator("#trang-thai")).to_have_text("Đã trả kết quả")
    body = phone.content()
    assert "Phạm T*** L*" in body
    assert "Phạm Thị Lụa" not in body
    assert "034185001234" not in body
    assert "0987 654 321" not in body


def test_the_department_refuses_a_dossier_during_processing_with_a_written_reason(server, browser):
    """Refusal during processing (Nghị định 61/2018/NĐ-CP Điều 17 khoản 1 as amended, kept by Nghị định 118/2025/NĐ-CP):
    the head of the department refuses with a reason, form 03 prints it, and the dossier page and the public lookup show it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, server, "tiepnhan")
    page.get_by_role("link", name="Tiếp nhận").first.click()
    page.get_by_label("Tìm thủ tục theo tên hoặc mã").fill("dang ky giam ho")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Đăng ký giám hộ").click()
    page.get_by_label("Họ và tên (hoặc tên tổ chức)").fill("Đỗ Văn Khải")
    page.get_by_label("Số định danh cá nhân (12 chữ số) hoặc mã số thuế của tổ chức").fill("034185009876")
    page.get_by_label("Số điện thoại").fill("0987 000 111")
    page.get_by_label("Địa chỉ", exact=True).fill("Thôn Mễ Sở, xã Phụng Công")
    page.get_by_role("button", name="Tiếp nhận hồ sơ (phiếu 01)").click()
    code = page.locator("#ma-ho-so").text_content().strip()
    context.close()

    assert act(browser, server, "tiepnhan", code, "forward") == "Đã chuyển phòng chuyên môn"
    assert act(browser, server, "truongphong", code, "assign", {"assignee": "chuyenvien"}) == "Đã phân công chuyên viên"

    reason = "Người được cử làm giám hộ không đủ điều kiện theo Điều 49 Bộ luật Dân sự 2015."
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, server, "truongphong")
    page.goto(f"{server}/mot-cua/ho-so/{code}")
    form = page.locator('form[data-action="refuse_during_processing"]')
    expect(form.get_by_role("button")).to_have_text(re.compile("Từ chối giải quyết hồ sơ"))
    form.locator('[name="reason"]').fill(reason)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    # Form 03 opens at once, as the handling unit's refusal with its reason.
    assert "/in/mau-03" in page.url
    body = page.content()
    assert reason in body
    assert "không đủ điều kiện giải quyết" in body
    assert "NGƯỜI GIẢI QUYẾT HỒ SƠ" in body
    page.goto(f"{server}/mot-cua/ho-so/{code}")
    expect(page.locator("#trang-thai")).to_have_text("Từ chối giải quyết")
    expect(page.locator("#ly-do-tu-choi")).to_have_text(reason)
    assert page.locator('form[data-action="refuse_during_processing"]').count() == 0
    context.close()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN").new_page()
    phone.goto(f"{server}/tra-cuu/{code}")
    expect(phone.locator("#trang-thai")).to_have_text("Từ chối giải quyết")
    expect(phone.locator("#ly-do-tu-choi")).to_have_text(reason)
    assert "Đỗ Văn Khải" not in phone.content()
    phone.context.close()
