"""Output escaping everywhere: a script/HTML payload typed into every text field of the main forms, then every page
that shows the stored text opened in a real browser. A page fails if a dialog opens, if the payload's script sets its
window flag, or if the payload's markup became elements (which the Content-Security-Policy alone would not reveal)."""
import re

import pytest

from conftest import sign_in

MARK = "xss-motcua-7f3a"
PAYLOAD = (
    f"'\"><script>window.__xss=1;alert(1)</script>"
    f"<img src=x data-xss=1 onerror=\"window.__xss=1;alert(2)\"><b data-xss=1>{MARK}</b>"
)

TEXT_CONTROLS = "input:not([type]), input[type=text], input[type=search], textarea"


class Watch:
    """Listens for dialogs on a page and checks every page it opens."""

    def __init__(self, page):
        self.page = page
        self.dialogs = []
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

    def check(self, url=None, shows_payload=False):
        if url is not None:
            response = self.page.goto(url)
            assert response is not None and response.status < 500, f"{url} answered {response and response.status}"
        self.page.wait_for_load_state()
        where = self.page.url
        assert self.dialogs == [], f"{where}: a dialog opened: {self.dialogs}"
        assert self.page.evaluate("() => window.__xss === undefined"), f"{where}: the payload's script ran"
        assert self.page.locator("[data-xss]").count() == 0, f"{where}: the payload's markup became elements"
        if shows_payload:
            assert MARK in self.page.inner_text("body"), f"{where} does not show the stored text"


def fill_and_submit(page, form, valid=None, payload=PAYLOAD):
    """Fills every text field of `form` with the payload (or the valid value given for it), then submits it."""
    valid = valid or {}
    form.evaluate("f => { f.noValidate = true }")
    for control in form.locator(TEXT_CONTROLS).all():
        if not control.is_visible() or not control.is_editable():
            continue
        name = control.get_attribute("name") or ""
        control.fill(valid.get(name, payload))
    for control in form.locator("input[type=date]").all():
        name = control.get_attribute("name") or ""
        if control.is_visible() and (name in valid or not control.input_value()):
            control.fill(valid.get(name, "2026-12-15"))
    for control in form.locator("input[type=tel], input[type=email], input[type=number], input[type=password]").all():
        name = control.get_attribute("name") or ""
        if control.is_visible() and name in valid:
            control.fill(valid[name])
    for control in form.locator("input[type=checkbox]").all():
        if control.is_visible() and not control.is_checked():
            control.check()
    for name, value in valid.items():
        select = form.locator(f'select[name="{name}"]')
        if select.count():
            select.select_option(value)
    form.locator("button[type=submit], button:not([type])").first.click()
    page.wait_for_load_state()


def context(browser):
    return browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")


def test_feedback_and_fault_report_payloads_stay_text(server, browser):
    ctx = context(browser)
    page = ctx.new_page()
    watch = Watch(page)
    page.goto(f"{server}/xa/phung-cong/phan-anh")
    fill_and_submit(page, page.locator("form[method=post]").last, {"senderContact": "0912345678", "dossierCode": ""})
    watch.check(shows_payload=True)
    feedback_url = page.url
    assert "/phan-anh/" in feedback_url

    page.goto(f"{server}/xa/phung-cong/su-co/bao-moi?loai=den-duong-hong")
    fill_and_submit(page, page.locator("form[method=post]").last, {"phone": "0912765432", "email": "bay@example.vn", "lat": "", "long": ""})
    watch.check(shows_payload=True)
    report_url = page.url
    watch.check(f"{server}/xa/phung-cong/su-co")
    watch.check(feedback_url, shows_payload=True)
    watch.check(report_url, shows_payload=True)
    ctx.close()

    for username, pages in {
        "lanhdao": ["/mot-cua/phan-anh", "/dich-vu-cong-cong/su-co"],
        "kinhte": ["/dich-vu-cong-cong/su-co"],
    }.items():
        ctx = context(browser)
        page = ctx.new_page()
        watch = Watch(page)
        sign_in(page, server, username)
        for path in pages:
            watch.check(server + path, shows_payload=True)
        # The staff page of the report itself.
        page.goto(server + "/dich-vu-cong-cong/su-co")
        link = page.locator("a", has_text=MARK).first
        if link.count():
            link.click()
            watch.check(shows_payload=True)
        ctx.close()


def test_counter_intake_payload_stays_text_on_every_dossier_page(server, browser):
    ctx = context(browser)
    page = ctx.new_page()
    watch = Watch(page)
    sign_in(page, server, "tiepnhan")
    page.goto(f"{server}/mot-cua/tiep-nhan?thu-tuc=1.001193")
    form = page.locator("form[method=post][enctype]").first if page.locator("form[method=post][enctype]").count() else page.locator("form[method=post]").last
    fill_and_submit(page, form, {
        "fullName": "Phạm Thị Lụa", "idNumber": "034185001234", "phone": "0987654321", "email": "lua@example.vn",
        "representativeName": "", "representativeIDNumber": "", "copies": "1", "pages": "1",
    })
    watch.check(shows_payload=True)
    code = page.locator("#ma-ho-so").text_content().strip()
    assert re.fullmatch(r"H33\.55\.01-\d{6}-\d{4}", code)
    for path in [f"/mot-cua/ho-so/{code}", "/mot-cua/viec-can-lam", "/mot-cua/so-theo-doi", f"/mot-cua/ho-so/{code}/in/mau-01"]:
        watch.check(server + path)
    watch.check(f"{server}/mot-cua/ho-so/{code}", shows_payload=True)
    ctx.close()
    public = context(browser).new_page()
    Watch(public).check(f"{server}/tra-cuu/{code}")


def test_citizen_registration_re_renders_the_payload_as_text(server, browser):
    page = context(browser).new_page()
    watch = Watch(page)
    page.goto(f"{server}/cong-dan/dang-ky")
    fill_and_submit(page, page.locator("form[method=post]").last, {"phone": "0912000111", "password": "Mat-khau-2026-an-toan", "confirmPassword": "Mat-khau-2026-an-toan"})
    watch.check()
    page.goto(f"{server}/tra-cuu?ma={PAYLOAD}")
    watch.check()
    page.goto(f"{server}/dang-nhap?next={PAYLOAD}")
    watch.check()
