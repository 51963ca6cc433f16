"""Output escaping everywhere: a script/HTML payload typed into every text field of the main forms, then every page
that shows the stored text opened in a real browser. A page fails if a dialog opens, if the payload's script sets its
window flag, or if the payload's markup became elements (which the Content-Security-Policy alone would not reveal)."""
import datetime
import re

import pytest

from conftest import app_now, app_today, sign_in, working_day_after

MARK = "xss-motcua-7f3a"
PAYLOAD = (
    f"'\"><script>window.__xss=1;alert(1)</script>"
    f"<img src=x data-xss=1 onerror=\"window.__xss=1;alert(2)\"><b data-xss=1>{MARK}</b>"
)

TEXT_CONTROLS = "input:not([type]), input[type=text], input[type=search], textarea"

# The printed register shows applicants' data only with a reason (which goes to the access log applicants read).
REGISTER = "/mot-cua/so-theo-doi?ly-do=Ki%E1%BB%83m%20tra%20s%E1%BB%95%20theo%20d%C3%B5i"


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
            alerts = self.page.locator("[role=alert], .error").all_inner_texts() or [self.page.locator("main").inner_text()[:300]]
            assert MARK in self.page.inner_text("body"), f"{where} does not show the stored text; the page says {alerts}"


def fill_and_submit(page, form, valid=None, payload=PAYLOAD, unchecked=()):
    """Fills every text field of `form` with the payload (or the valid value given for it), then submits it.

    Date fields left empty get a date; a select still on its empty choice gets its first real option (a required
    choice would otherwise refuse the whole form); a required number field gets 1; every checkbox is ticked except
    those named in `unchecked`. Values in `valid` win over all of these (select values match a value or a label)."""
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
    for control in form.locator("input[type=tel], input[type=email], input[type=number], input[type=password], input[type=datetime-local]").all():
        name = control.get_attribute("name") or ""
        if not control.is_visible():
            continue
        if name in valid:
            control.fill(valid[name])
        elif control.get_attribute("type") == "number" and control.get_attribute("required") is not None and not control.input_value():
            control.fill("1")
    for control in form.locator("input[type=checkbox]").all():
        name = control.get_attribute("name") or ""
        if control.is_visible() and not control.is_checked() and name not in unchecked:
            control.check()
    for control in form.locator("select:not([multiple])").all():
        name = control.get_attribute("name") or ""
        if name in valid:
            control.select_option(valid[name])
        elif control.is_visible() and control.is_enabled() and not control.input_value():
            choices = [value for value in control.locator("option").evaluate_all("os => os.map(o => o.value)") if value]
            if choices:
                control.select_option(choices[0])
    with page.expect_navigation() as navigation:
        form.locator("button[type=submit], button:not([type])").first.click()
    page.wait_for_load_state()
    response = navigation.value
    assert response is not None and response.status < 500, f"{page.url}: the form answered {response and response.status}"
    return response


def context(browser):
    return browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")


def signed_in(browser, server, *credentials):
    """A fresh browser context signed in with `credentials` (username, and a password if not the demo one), its page,
    and a Watch on that page."""
    ctx = context(browser)
    page = ctx.new_page()
    watch = Watch(page)
    sign_in(page, server, *credentials)
    return ctx, page, watch


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
        ctx, page, watch = signed_in(browser, server, username)
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
    ctx, page, watch = signed_in(browser, server, "tiepnhan")
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
    watch.check(server + REGISTER, shows_payload=True)
    ctx.close()
    public = context(browser).new_page()
    Watch(public).check(f"{server}/tra-cuu/{code}")


LEADER_NAME = "Đỗ Văn Thắng"  # lanhdao of xã Phụng Công, so that the task is among his own reminders


def test_commune_work_payloads_stay_text(server, browser):
    today = app_today()
    due = working_day_after(today, 2)
    event_day = today + datetime.timedelta(days=14)
    ctx, page, watch = signed_in(browser, server, "lanhdao")

    # A plan of the whole commune, then a task with the six clears, assigned to the leader himself and due soon.
    page.goto(f"{server}/cong-viec/ke-hoach")
    plan_form = page.locator("form[method=post]").filter(has=page.locator("[name=periodStart]"))
    fill_and_submit(page, plan_form, {"departmentID": "", "periodStart": today.isoformat(),
                                      "periodEnd": (today + datetime.timedelta(days=90)).isoformat()})
    watch.check(shows_payload=True)
    assert "/cong-viec/ke-hoach/" in page.url
    plan_url = page.url.split("?")[0]
    task_form = page.locator("form[method=post]").filter(has=page.locator("[name=deliverable]"))
    fill_and_submit(page, task_form, {"assigneeID": LEADER_NAME, "dueDate": due.isoformat()})
    watch.check(shows_payload=True)
    assert page.locator("table.queue a", has_text=MARK).count() == 1, "the task was not added"
    page.locator("table.queue a", has_text=MARK).first.click()
    watch.check(shows_payload=True)
    task_url = page.url.split("?")[0]
    assert "/cong-viec/nhiem-vu/" in task_url
    # A progress report with the payload as its note (not done: that needs an evidence file).
    fill_and_submit(page, page.locator("form[enctype]").filter(has=page.locator("[name=note]")), {"percent": "30"}, unchecked=("done",))
    watch.check(shows_payload=True)
    assert page.locator("#tien-do").inner_text() == "30%"
    # The plan submitted, then returned by the leader with the payload as the reason.
    page.goto(plan_url)
    fill_and_submit(page, page.locator("form[method=post]").filter(has=page.locator("input[name=decision][value=submitted]")))
    fill_and_submit(page, page.locator("form[method=post]").filter(has=page.locator("input[name=decision][value=returned]")))
    watch.check(shows_payload=True)
    assert MARK in page.locator("p.warning").inner_text(), "the reason for returning the plan is not shown"

    # An event of the commune, public, with a preparation item.
    page.goto(f"{server}/cong-viec/su-kien")
    event_form = page.locator("form[method=post]").filter(has=page.locator("[name=kind]"))
    fill_and_submit(page, event_form, {"kind": "solar", "day": str(event_day.day), "month": str(event_day.month),
                                       "onceOn": event_day.isoformat()})
    watch.check(shows_payload=True)
    event = page.locator("article.event", has_text=MARK).first
    event.locator("summary").click()
    fill_and_submit(page, event.locator("form[method=post]").filter(has=page.locator("[name=workingDaysBefore]")),
                    {"assigneeID": LEADER_NAME, "workingDaysBefore": "3"})
    watch.check(shows_payload=True)
    assert page.locator("article.event", has_text=MARK).first.locator("table.queue td", has_text=MARK).count() >= 1, "the preparation item was not added"

    # An announcement on the commune's home page.
    page.goto(f"{server}/xa/phung-cong")
    fill_and_submit(page, page.locator("form#dang-thong-bao"))
    watch.check(shows_payload=True)
    assert page.locator("article.announcement", has_text=MARK).count() == 1, "the announcement was not published"

    month = f"{event_day.year:04d}-{event_day.month:02d}"
    for url, shown in [
        (plan_url, True), (task_url, True), (f"{server}/cong-viec/ke-hoach", True), (f"{server}/cong-viec/su-kien", True),
        (f"{server}/cong-viec/bao-cao", True), (f"{server}/lam-viec", True), (f"{server}/lich?thang={month}", True),
        (f"{server}/cong-viec/chi-dao", False),
    ]:
        watch.check(url, shows_payload=shown)
    ctx.close()

    # The province records an inspection of the commune with a directive; the leader turns it into a task.
    ctx, page, watch = signed_in(browser, server, "tinh")
    page.goto(f"{server}/cong-viec/kiem-tra")
    fill_and_submit(page, page.locator("form[method=post]").filter(has=page.locator("[name=inspector]")), {
        "communeID": "Xã Phụng Công", "visitedOn": today.isoformat(), "due1": due.isoformat(),
        **{f"directive{n}": "" for n in range(2, 6)}, **{f"due{n}": "" for n in range(2, 6)},
    })
    watch.check(shows_payload=True)
    for url in [f"{server}/cong-viec/kiem-tra", f"{server}/cong-viec/chi-dao", f"{server}/cong-viec/bao-cao"]:
        watch.check(url, shows_payload=True)
    ctx.close()

    ctx, page, watch = signed_in(browser, server, "lanhdao")
    page.goto(f"{server}/cong-viec/chi-dao")
    row = page.locator("tr", has_text=MARK).first
    row.locator("summary").click()
    assign = row.locator("form")
    plan_value = assign.locator("select[name=planID] option", has_text=MARK).first.get_attribute("value")
    fill_and_submit(page, assign, {"planID": plan_value, "assigneeID": LEADER_NAME, "dueDate": due.isoformat()})
    watch.check(shows_payload=True)
    for url in [f"{server}/cong-viec/chi-dao", plan_url, f"{server}/lam-viec"]:
        watch.check(url, shows_payload=True)
    ctx.close()

    # The public pages: the commune's home page with the announcement, the public calendar with the event.
    public = context(browser).new_page()
    watch = Watch(public)
    watch.check(f"{server}/xa/phung-cong", shows_payload=True)
    watch.check(f"{server}/lich?xa=phung-cong&thang={month}", shows_payload=True)
    public.context.close()


def option_with_payload(form, name):
    """The value of the choice of select `name` whose label shows the stored payload (a unit created by the test)."""
    option = form.locator(f'select[name="{name}"] option', has_text=MARK).first
    assert option.count(), f"no choice of {name} shows the stored text"
    return option.get_attribute("value")


def local_minute(moment):
    return moment.strftime("%Y-%m-%dT%H:%M")


def test_admin_forms_payloads_stay_text(server, browser):
    """The province administrator creates a commune, its police unit and an officer with the payload in every free text
    field; that officer keeps the duty roster; the administrator records a year's official days off. A new commune
    keeps the demo communes' counts (officers, units) as the other journeys expect them."""
    slug, officer = "xa-thu-xss", "xss.congan"
    password = "Mat-khau-2026-an-toan"
    ctx, page, watch = signed_in(browser, server, "quantritinh")

    page.goto(f"{server}/quan-tri/xa/them")
    fill_and_submit(page, page.locator("form[method=post]").filter(has=page.locator("[name=slug]")),
                    {"slug": slug, "agencyIdentifier": "H33.55.97"})
    watch.check(shows_payload=True)
    assert page.url.split("?")[0].endswith("/quan-tri/xa"), f"the commune was not created: {page.url}"
    page.locator("a", has_text=MARK).first.click()
    watch.check(shows_payload=True)

    page.goto(f"{server}/quan-tri/phong-ban/them")
    form = page.locator("form[method=post]").filter(has=page.locator("[name=kind]"))
    fill_and_submit(page, form, {"communeID": option_with_payload(form, "communeID"), "kind": "police", "phone": "0221.3999.111"})
    watch.check(shows_payload=True)
    assert page.url.split("?")[0].endswith("/quan-tri/phong-ban"), f"the unit was not created: {page.url}"
    page.locator("a", has_text=MARK).first.click()
    watch.check(shows_payload=True)

    page.goto(f"{server}/quan-tri/can-bo/them")
    form = page.locator("form[method=post]").filter(has=page.locator("[name=fullName]"))
    form.locator("input[name='roles[]'][value=specialist]").check()
    fill_and_submit(page, form, {
        "username": officer, "password": password, "email": "congan.xss@example.vn", "phone": "0912 000 222",
        "communeID": option_with_payload(form, "communeID"), "departmentID": option_with_payload(form, "departmentID"),
    }, unchecked=("roles[]",))
    watch.check(shows_payload=True)
    assert page.url.split("?")[0].endswith("/quan-tri/can-bo"), f"the officer was not created: {page.url}"
    page.locator("tr", has_text=MARK).locator("a", has_text=officer).click()
    watch.check(shows_payload=True)

    # The official days off of a year the page lists: the projected days kept, the first one renamed with the payload.
    year = app_today().year + 2
    page.goto(f"{server}/quan-tri/lich-nghi?nam={year}")
    form = page.locator("form[method=post]").filter(has=page.locator("[name=daysOff]"))
    days_off = form.locator("[name=daysOff]").input_value().splitlines()
    first_day = days_off[0].split(" ", 1)[0]
    days_off[0] = f"{first_day} {PAYLOAD}"
    fill_and_submit(page, form, {"year": str(year), "daysOff": "\n".join(days_off),
                                 "makeUpWorkingDays": form.locator("[name=makeUpWorkingDays]").input_value()})
    watch.check(shows_payload=True)
    assert page.locator(f"tr[data-year='{year}']", has_text=MARK).count() == 1, "the official days off were not recorded"

    for path, shown in [("/quan-tri/xa", True), ("/quan-tri/phong-ban", True), ("/quan-tri/can-bo", True), ("/quan-tri/lich-nghi", True),
                        ("/quan-tri/nhat-ky", True), (f"/lich?thang={first_day[:7]}", True), (f"/lich?xa={slug}", True)]:
        watch.check(server + path, shows_payload=shown)
    ctx.close()

    # The new officer of the commune police keeps the duty roster and logs a call.
    ctx, page, watch = signed_in(browser, server, officer, password)
    page.goto(f"{server}/cong-an/truc-ban")
    now = app_now()
    fill_and_submit(page, page.locator("form#them-ca-truc"), {
        "dutyPhone": "0912 345 678", "startsAt": local_minute(now - datetime.timedelta(hours=1)), "endsAt": local_minute(now + datetime.timedelta(hours=8)),
    })
    watch.check(shows_payload=True)
    fill_and_submit(page, page.locator("form#ghi-cuoc-goi"), {"receivedAt": local_minute(now - datetime.timedelta(minutes=10)), "callerPhone": "0987 654 321"})
    watch.check(shows_payload=True)
    assert page.locator("#ghi-cuoc-goi").count() == 1
    watch.check(f"{server}/cong-an/truc-ban", shows_payload=True)
    ctx.close()

    # The province's own pages that list every commune, and the new commune's public pages.
    ctx, page, watch = signed_in(browser, server, "tinh")
    for path, shown in [("/bao-cao", True), ("/bao-cao/hoat-dong", True), ("/bao-cao/chi-so-766", True), ("/bao-cao/hai-long", True),
                        ("/cong-viec/kiem-tra", True), ("/cong-viec/dao-tao", True), ("/cong-viec/bao-cao", False), ("/cong-viec/dao-tao/do-phu", False)]:
        watch.check(server + path, shows_payload=shown)
    ctx.close()
    public = context(browser).new_page()
    watch = Watch(public)
    for path in [f"/xa/{slug}", f"/xa/{slug}/thu-tuc", f"/xa/{slug}/phan-anh", f"/xa/{slug}/truc-ban"]:
        watch.check(server + path, shows_payload=True)
    assert "0912 345 678" in public.inner_text("body"), "the hotline does not show the number of the current shift"
    public.context.close()


SHORT_PAYLOAD = "<img src=x data-xss=1 onerror=alert(3)>"  # for a field of at most 40 characters


def test_commune_resources_payloads_stay_text(server, browser):
    """Assets (created, moved inside the commune, offered to another commune, a pasted CSV refused), a land clearance
    project with a household, an investment project and a budget estimate line, each with the payload."""
    assert len(SHORT_PAYLOAD) <= 40
    ctx, page, watch = signed_in(browser, server, "lanhdao")

    page.goto(f"{server}/kinh-te-tai-chinh/tai-san")
    fill_and_submit(page, page.locator("form[method=post]").filter(has=page.locator("[name=yearInUse]")), {
        "code": SHORT_PAYLOAD, "originalValue": "125.000.000", "yearInUse": "2020", "departmentID": "",
    })
    watch.check(shows_payload=True)
    assert "/kinh-te-tai-chinh/tai-san/" in page.url, f"the asset was not created: {page.url}"
    asset_url = page.url.split("?")[0]
    page.locator("#sua-tai-san").locator("xpath=..").locator("summary").click()
    fill_and_submit(page, page.locator("form#sua-tai-san"), {"originalValue": "125.000.000", "yearInUse": "2021"})
    watch.check(shows_payload=True)
    inside = page.locator("form.action-form").filter(has=page.locator("[name=departmentID]"))
    fill_and_submit(page, inside)
    watch.check(shows_payload=True)
    assert page.locator("#lich-su td", has_text=MARK).count() >= 1, "the transfer inside the commune was not recorded"
    fill_and_submit(page, page.locator("form.action-form").filter(has=page.locator("[name=toCommuneID]")), {"toCommuneID": "Xã Văn Giang"})
    watch.check(shows_payload=True)

    # A pasted CSV that is not one: refused with the pasted text shown back, never run.
    page.goto(f"{server}/kinh-te-tai-chinh/tai-san")
    refused = fill_and_submit(page, page.locator("form[enctype]").filter(has=page.locator("[name=csvText]")))
    assert 400 <= refused.status < 500, f"a CSV that is not one answered {refused.status}"
    watch.check()

    page.goto(f"{server}/kinh-te-tai-chinh/giai-phong-mat-bang")
    fill_and_submit(page, page.locator("form[method=post]").filter(has=page.locator("[name=parcelCount]")), {"area": "1500", "parcelCount": "3"})
    watch.check(shows_payload=True)
    assert "/kinh-te-tai-chinh/giai-phong-mat-bang/" in page.url, f"the clearance project was not created: {page.url}"
    project_url = page.url.split("?")[0]
    fill_and_submit(page, page.locator("form[method=post]").filter(has=page.locator("[name=headName]")), {"area": "200", "compensation": "50.000.000"})
    watch.check(shows_payload=True)
    household = page.locator("tr", has_text=MARK).filter(has=page.locator("summary")).first
    household.locator("summary").click()
    fill_and_submit(page, household.locator("form"), {"compensation": "50.000.000", "paid": "20.000.000"})
    watch.check(shows_payload=True)

    page.goto(f"{server}/kinh-te-tai-chinh/dau-tu")
    fill_and_submit(page, page.locator("form[method=post]").filter(has=page.locator("[name=sector]")), {"capital": "5.000.000.000", "jobs": "20"})
    watch.check(shows_payload=True)
    assert page.locator("tr", has_text=MARK).count() >= 1, "the investment project was not created"

    for url in [asset_url, project_url, f"{server}/kinh-te-tai-chinh", f"{server}/kinh-te-tai-chinh/tai-san", f"{server}/kinh-te-tai-chinh/dieu-chuyen",
                f"{server}/kinh-te-tai-chinh/giai-phong-mat-bang", f"{server}/kinh-te-tai-chinh/dau-tu", f"{server}/kinh-te-tai-chinh/bao-cao"]:
        watch.check(url)
    for url in [asset_url, project_url, f"{server}/kinh-te-tai-chinh/tai-san", f"{server}/kinh-te-tai-chinh/giai-phong-mat-bang", f"{server}/kinh-te-tai-chinh/dau-tu"]:
        watch.check(url, shows_payload=True)
    ctx.close()

    # The commune office drafts a budget estimate with a line.
    year = app_today().year + 2
    ctx, page, watch = signed_in(browser, server, "truongphong")
    page.goto(f"{server}/kinh-te-tai-chinh/ngan-sach")
    fill_and_submit(page, page.locator("form[method=post]").filter(has=page.locator("[name=year]")), {"year": str(year)})
    watch.check()
    assert "/kinh-te-tai-chinh/ngan-sach/" in page.url, f"the estimate of {year} was not created: {page.url}"
    estimate_url = page.url.split("?")[0]
    fill_and_submit(page, page.locator("form#them-dong"), {"lineID": "", "chapter": "805", "item": "6001", "amount": "100.000.000"})
    watch.check(shows_payload=True)
    for url in [estimate_url, f"{server}/kinh-te-tai-chinh/bao-cao?nam={year}"]:
        watch.check(url, shows_payload=True)
    watch.check(f"{server}/kinh-te-tai-chinh/ngan-sach")
    ctx.close()

    # The province sees the transfer request and every commune's figures.
    ctx, page, watch = signed_in(browser, server, "tinh")
    watch.check(f"{server}/kinh-te-tai-chinh/dieu-chuyen", shows_payload=True)
    for path in ["/kinh-te-tai-chinh", "/kinh-te-tai-chinh/tai-san", "/kinh-te-tai-chinh/giai-phong-mat-bang", "/kinh-te-tai-chinh/dau-tu",
                 f"/kinh-te-tai-chinh/bao-cao?nam={year}", asset_url.replace(server, ""), project_url.replace(server, "")]:
        watch.check(server + path)
    ctx.close()


def test_training_course_payloads_stay_text(server, browser):
    """A commune course that only the leader must attend (so the demo's coverage figures stay as the training journey
    expects them), with the payload in its texts, the leader's score and certificate number."""
    today = app_today()
    ctx, page, watch = signed_in(browser, server, "lanhdao")
    page.goto(f"{server}/cong-viec/dao-tao")
    form = page.locator("form[method=post]").filter(has=page.locator("[name=organiser]"))
    form.locator("select[name='officerIDs[]']").select_option(label=LEADER_NAME)
    fill_and_submit(page, form, {"startsOn": today.isoformat(), "endsOn": (today + datetime.timedelta(days=1)).isoformat()},
                    unchecked=("communeIDs[]", "roles[]", "departmentKinds[]"))
    watch.check(shows_payload=True)
    assert "/cong-viec/dao-tao/" in page.url, f"the course was not created: {page.url}"
    course_url = page.url.split("?")[0]
    row = page.locator("tr[data-attendee]", has_text=LEADER_NAME)
    attendee = row.get_attribute("data-attendee")
    fill_and_submit(page, page.locator("form").filter(has=page.locator(f"[name=attendance_{attendee}]")), {
        f"attendance_{attendee}": "Có mặt", f"result_{attendee}": "Đạt", f"certificate_{attendee}": SHORT_PAYLOAD,
    })
    watch.check(shows_payload=True)
    assert page.locator(f"[name=score_{attendee}]").input_value() == PAYLOAD, "the score was not recorded"
    officer_link = page.locator("tr[data-attendee]", has_text=LEADER_NAME).locator("a").first.get_attribute("href")
    for url, shown in [(course_url, True), (f"{server}/cong-viec/dao-tao", True), (f"{server}/cong-viec/dao-tao/cua-toi", True),
                       (server + officer_link, True), (f"{server}/cong-viec/dao-tao/do-phu", True), (f"{server}/cong-viec/bao-cao", True),
                       (f"{server}/lam-viec", False)]:
        watch.check(url, shows_payload=shown)
    ctx.close()

    # The commune's administrator sees the course on the officer's account page; the province on its coverage page.
    for username, paths in {"admin": ["/quan-tri/can-bo"], "tinh": ["/cong-viec/dao-tao", "/cong-viec/dao-tao/do-phu", "/cong-viec/bao-cao"]}.items():
        ctx, page, watch = signed_in(browser, server, username)
        for path in paths:
            watch.check(server + path)
        if username == "admin":
            page.locator("tr", has_text=LEADER_NAME).locator("a").first.click()
            watch.check(shows_payload=True)
        else:
            watch.check(server + course_url.replace(server, ""), shows_payload=True)
        ctx.close()


def catalog_csv(code):
    """A catalog file with one procedure whose every free text cell (documents and form names too) is the payload."""
    import csv
    import io

    in_cell = PAYLOAD.replace("\\", "\\\\").replace(";", "\\;").replace("|", "\\|")
    row = {
        "code": code, "name": PAYLOAD, "field": "civil_status", "level": "commune", "processing_time": "3", "fee_kind": "per_case",
        "fee_amount": "50000", "fee_unit": PAYLOAD, "fee_condition": PAYLOAD, "documents": f"{in_cell}|original|1|{in_cell}",
        "department": "office", "online_level": "full", "result": PAYLOAD, "legal_basis": PAYLOAD, "source": PAYLOAD,
    }
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(row), lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    return text.getvalue()


def test_procedure_catalog_payloads_stay_text(server, browser):
    """The province imports a procedure whose texts are the payload; the commune offers it; it is shown on the public
    procedure pages, at the counter and in the citizen's online submission."""
    code = "2.999901"
    ctx, page, watch = signed_in(browser, server, "quantritinh")
    page.goto(f"{server}/quan-tri/danh-muc-thu-tuc")
    fill_and_submit(page, page.locator("form[enctype]").filter(has=page.locator("[name=csvText]")), {"csvText": catalog_csv(code)})
    watch.check()
    assert page.url.split("?")[0].endswith("/mot-cua/thu-tuc"), f"the catalog was not imported: {page.url}"
    watch.check(f"{server}/quan-tri/danh-muc-thu-tuc")
    ctx.close()

    ctx, page, watch = signed_in(browser, server, "lanhdao")
    page.goto(f"{server}/mot-cua/thu-tuc/{code}")
    watch.check(shows_payload=True)
    fill_and_submit(page, page.locator("form[method=post]").filter(has=page.locator("[name=isOffered]")), {"processingTime": ""})
    watch.check()
    watch.check(f"{server}/mot-cua/thu-tuc?q=xss-motcua", shows_payload=True)
    ctx.close()

    ctx, page, watch = signed_in(browser, server, "tiepnhan")
    watch.check(f"{server}/mot-cua/tiep-nhan?thu-tuc={code}", shows_payload=True)
    ctx.close()

    public = context(browser).new_page()
    watch = Watch(public)
    for path in [f"/xa/phung-cong/thu-tuc/{code}", "/xa/phung-cong/thu-tuc?q=xss-motcua"]:
        watch.check(server + path, shows_payload=True)
    # The demo citizen (named on the sign-in page in development) sees it among the procedures offered online.
    public.goto(f"{server}/cong-dan/dang-nhap?next=/cong-dan/nop-ho-so")
    demo = public.locator("aside.demo-accounts code")
    login, password = demo.nth(0).inner_text(), demo.nth(1).inner_text()
    public.locator("#login").fill(login)
    public.locator("#password").fill(password)
    public.locator("form[method=post]").filter(has=public.locator("#login")).locator("button[type=submit]").click()
    public.wait_for_load_state()
    watch.check(f"{server}/cong-dan/nop-ho-so?q=xss-motcua", shows_payload=True)
    watch.check(f"{server}/cong-dan/nop-ho-so/phung-cong/{code}", shows_payload=True)
    public.context.close()


CHOICE_PAYLOAD = f"<b data-xss=1>{MARK}</b><img src=x data-xss=1 onerror=alert(4)>"  # no ";" (separates choices), under 100


def test_public_services_admin_payloads_stay_text(server, browser):
    """The commune's administrator registers a fault type with its own questions, a light point, a waste collection
    route and an Open311 client, all with the payload; a citizen reports a fault of that type answering the questions."""
    type_code = "xss-loai"
    ctx, page, watch = signed_in(browser, server, "admin")

    page.goto(f"{server}/dich-vu-cong-cong/loai-su-co")
    questions = f"xss_mo_ta | text | khong | {PAYLOAD}\nxss_chon | singlevaluelist | khong | {PAYLOAD} | a={CHOICE_PAYLOAD}; b={CHOICE_PAYLOAD}"
    fill_and_submit(page, page.locator("form[method=post]").filter(has=page.locator("[name=responseAmount]")),
                    {"code": type_code, "responseAmount": "3", "questions": questions})
    watch.check(shows_payload=True)
    assert page.locator("tr", has_text=MARK).filter(has_text=type_code).count() == 1, "the fault type was not registered"

    page.goto(f"{server}/dich-vu-cong-cong/chieu-sang")
    fill_and_submit(page, page.locator("form[method=post]").filter(has=page.locator("[name=lampCount]")).last,
                    {"code": SHORT_PAYLOAD, "circuit": CHOICE_PAYLOAD, "onTime": "18:00", "offTime": "05:30", "lampCount": "4"})
    watch.check(shows_payload=True)

    page.goto(f"{server}/dich-vu-cong-cong/thu-gom-rac")
    fill_and_submit(page, page.locator("form[method=post]").filter(has=page.locator("[name=weekdays]")).last,
                    {"weekdays": "2, 4, 6", "start": "05:30", "end": "07:00", "collectorPhone": "0912 111 222"})
    watch.check(shows_payload=True)

    page.goto(f"{server}/dich-vu-cong-cong/khoa-open311")
    fill_and_submit(page, page.locator("form[method=post]").filter(has=page.locator("[name=contact]")))
    watch.check(shows_payload=True)
    for path in ["/dich-vu-cong-cong/loai-su-co", "/dich-vu-cong-cong/chieu-sang", "/dich-vu-cong-cong/thu-gom-rac", "/dich-vu-cong-cong/khoa-open311"]:
        watch.check(server + path, shows_payload=True)
    ctx.close()

    public = context(browser).new_page()
    watch = Watch(public)
    watch.check(f"{server}/xa/phung-cong/lich-thu-gom-rac", shows_payload=True)
    public.goto(f"{server}/xa/phung-cong/su-co/bao-moi?loai={type_code}")
    watch.check(shows_payload=True)
    fill_and_submit(public, public.locator("form[method=post]").last, {"phone": "0912765400", "email": "xss@example.vn", "lat": "", "long": ""})
    watch.check(shows_payload=True)
    assert "/su-co/" in public.url and "bao-moi" not in public.url, f"the fault report was not received: {public.url}"
    report_url = public.url
    for path in ["/xa/phung-cong/su-co", "/open311/v2/services.xml?jurisdiction_id=phungcong.hungyen.gov.vn",
                 f"/open311/v2/services/{type_code}.xml?jurisdiction_id=phungcong.hungyen.gov.vn",
                 "/open311/v2/requests.xml?jurisdiction_id=phungcong.hungyen.gov.vn"]:
        watch.check(server + path)
    watch.check(report_url, shows_payload=True)
    public.context.close()

    ctx, page, watch = signed_in(browser, server, "admin")
    watch.check(f"{server}/dich-vu-cong-cong/su-co", shows_payload=True)
    page.locator("tr", has_text=MARK).first.locator("a").first.click()
    watch.check(shows_payload=True)
    assert page.locator("main", has_text=MARK).count() and "/dich-vu-cong-cong/su-co/" in page.url
    watch.check(f"{server}/dich-vu-cong-cong/bao-cao")
    ctx.close()


def test_floor_counter_payload_stays_text_on_the_call_screen(server, browser):
    """A counter named with the payload: the staff pages, and the public call screen both as served and as its script
    redraws it from the state the server sends."""
    ctx, page, watch = signed_in(browser, server, "admin")
    page.goto(f"{server}/mot-cua/quay")
    form = page.locator("form[method=post]").filter(has=page.locator("[name=procedureCodes]"))
    form.locator("input[name='fields[]']").first.check()  # a field the demo's counters serve: no new queue line
    fill_and_submit(page, form, {"number": "19", "name": CHOICE_PAYLOAD, "procedureCodes": ""}, unchecked=("fields[]",))
    watch.check(shows_payload=True)
    row = page.locator("tr", has_text=MARK)
    assert row.count() == 1, "the counter was not added"
    # The administrator is not offered the counter's desk (only counter officers work there, issue #24).
    assert row.locator("a", has_text="Làm việc tại quầy").count() == 0
    rating = row.locator("a", has_text="Máy đánh giá").get_attribute("href")
    edit = row.locator("a", has_text="Sửa").get_attribute("href")
    for path in [edit, "/mot-cua/thong-ke-quay", "/lam-viec"]:
        watch.check(server + path)
    ctx.close()
    ctx, page, watch = signed_in(browser, server, "tiepnhan")
    watch.check(f"{server}/mot-cua/quay", shows_payload=True)
    desk = page.locator("tr", has_text=MARK).locator("a", has_text="Làm việc tại quầy").get_attribute("href")
    watch.check(server + desk, shows_payload=True)
    ctx.close()

    public = context(browser).new_page()
    watch = Watch(public)
    watch.check(f"{server}/xa/phung-cong/man-hinh", shows_payload=True)
    public.wait_for_function("() => document.querySelectorAll('#cac-quay li').length > 0")
    public.wait_for_timeout(3000)  # the script has fetched the state and redrawn the board
    watch.check(shows_payload=True)
    for path in ["/xa/phung-cong/lay-so", "/xa/phung-cong/lay-so/ma-qr", rating]:
        watch.check(server + path)
    public.context.close()


def dossier_action(browser, server, username, code, action, valid=None, shows_payload=True):
    """Signs in as `username` and submits the dossier's form of `action` with the payload in its free text fields."""
    ctx, page, watch = signed_in(browser, server, username)
    page.goto(f"{server}/mot-cua/ho-so/{code}")
    form = page.locator(f'form[data-action="{action}"]')
    assert form.count() == 1, f"{username} has no form for {action} on {code}"
    shown_before = page.inner_text("main").count(MARK)
    response = fill_and_submit(page, form, valid)
    alerts = page.locator("[role=alert], .error").all_inner_texts() or [page.locator("main").inner_text()[:300]]
    assert response.status < 400, f"{action} by {username} answered {response.status}: {alerts}"
    watch.check(shows_payload=shows_payload)
    if shows_payload:
        assert page.inner_text("main").count(MARK) > shown_before, f"the text typed for {action} is not shown on the dossier page"
    ctx.close()


def test_dossier_processing_notes_stay_text(server, browser):
    """The reasons and notes officers type while processing a dossier (supplement request, pause for verification,
    proposal, sending back) on the dossier page, the printed forms and the public lookup."""
    ctx, page, watch = signed_in(browser, server, "tiepnhan")
    page.goto(f"{server}/mot-cua/tiep-nhan?thu-tuc=1.001193")
    form = page.locator("form[method=post][enctype]").first
    fill_and_submit(page, form, {
        "fullName": "Phạm Thị Lụa", "idNumber": "034185001234", "phone": "0987654321", "email": "lua@example.vn",
        "representativeName": "", "representativeIDNumber": "", "copies": "1", "pages": "1",
    })
    code = page.locator("#ma-ho-so").text_content().strip()
    ctx.close()
    dossier_action(browser, server, "tiepnhan", code, "forward", shows_payload=False)
    dossier_action(browser, server, "truongphong", code, "assign", {"assignee": "chuyenvien"}, shows_payload=False)
    dossier_action(browser, server, "chuyenvien", code, "start_review", shows_payload=False)
    dossier_action(browser, server, "chuyenvien", code, "request_supplement")
    ctx, page, watch = signed_in(browser, server, "tiepnhan")
    watch.check(f"{server}/mot-cua/ho-so/{code}/in/mau-02", shows_payload=True)
    ctx.close()
    Watch(context(browser).new_page()).check(f"{server}/tra-cuu/{code}")
    dossier_action(browser, server, "tiepnhan", code, "provide_supplement", shows_payload=False)
    dossier_action(browser, server, "tiepnhan", code, "forward", shows_payload=False)
    dossier_action(browser, server, "truongphong", code, "assign", {"assignee": "chuyenvien"}, shows_payload=False)
    dossier_action(browser, server, "chuyenvien", code, "start_review", shows_payload=False)
    dossier_action(browser, server, "chuyenvien", code, "pause_for_verification")
    dossier_action(browser, server, "chuyenvien", code, "resume_after_verification", shows_payload=False)
    dossier_action(browser, server, "chuyenvien", code, "propose")
    dossier_action(browser, server, "lanhdao", code, "send_back")
    dossier_action(browser, server, "chuyenvien", code, "propose")

    ctx, page, watch = signed_in(browser, server, "tiepnhan")
    for form_name in ["mau-01", "mau-02", "mau-06"]:
        watch.check(f"{server}/mot-cua/ho-so/{code}/in/{form_name}", shows_payload=True)
    for path in ["/mot-cua/viec-can-lam", REGISTER, "/mot-cua/hop-thu"]:
        watch.check(server + path)
    ctx.close()
    public = context(browser).new_page()
    Watch(public).check(f"{server}/tra-cuu/{code}")
    public.context.close()


def test_staff_answers_shown_to_the_public_stay_text(server, browser):
    """The leader's answer to a feedback and the officer's public note on a fault report, on the public pages."""
    public = context(browser).new_page()
    watch = Watch(public)
    public.goto(f"{server}/xa/phung-cong/phan-anh")
    fill_and_submit(public, public.locator("form[method=post]").last,
                    {"content": "Đề nghị bố trí thêm ghế chờ ở bộ phận một cửa (xss-tra-loi).", "senderName": "Lê Văn Bình",
                     "senderContact": "0912345670", "dossierCode": ""})
    feedback_url = public.url
    assert "/phan-anh/" in feedback_url, f"the feedback was not received: {feedback_url}"
    public.goto(f"{server}/xa/phung-cong/su-co/bao-moi?loai=den-duong-hong")
    fill_and_submit(public, public.locator("form[method=post]").last,
                    {"description": "Đèn trước nhà văn hoá thôn không sáng (xss-tra-loi).", "address": "Thôn Đông Cầu", "name": "Lê Văn Bình",
                     "phone": "0912765431", "email": "", "lat": "", "long": ""}, payload="Đèn đường hỏng (xss-tra-loi)")
    report_url = public.url
    assert "/su-co/" in report_url and "bao-moi" not in report_url, f"the fault report was not received: {report_url}"

    ctx = context(browser)
    page = ctx.new_page()
    staff = Watch(page)
    sign_in(page, server, "lanhdao")
    page.goto(f"{server}/mot-cua/phan-anh")
    row = page.locator("tr", has_text="xss-tra-loi").first
    fill_and_submit(page, row.locator("form"))
    staff.check(shows_payload=True)
    ctx.close()

    ctx = context(browser)
    page = ctx.new_page()
    staff = Watch(page)
    sign_in(page, server, "kinhte")
    page.goto(f"{server}/dich-vu-cong-cong/su-co")
    report_code = report_url.split("?")[0].rstrip("/").split("/")[-1]
    page.locator("a", has_text=report_code).first.click()
    form = page.locator("form.action-form").filter(has=page.locator("[name=duplicateOf]"))
    fill_and_submit(page, form, {"status": "acknowledged", "duplicateOf": ""})
    staff.check(shows_payload=True)
    ctx.close()

    watch.check(feedback_url, shows_payload=True)
    watch.check(report_url, shows_payload=True)
    watch.check(f"{server}/xa/phung-cong/su-co")
    public.context.close()


PDF_BYTES = b"%PDF-1.4\n% giay to thu nghiem\n"
FILE_NAME_PAYLOAD = "<img src=x data-xss=1 onerror=alert(5)>.pdf"


def sign_in_demo_citizen(page, server):
    """Signs in the demo citizen named on the citizen sign-in page (development only)."""
    page.goto(f"{server}/cong-dan/dang-nhap")
    demo = page.locator("aside.demo-accounts code")
    page.locator("#login").fill(demo.nth(0).inner_text())
    page.locator("#password").fill(demo.nth(1).inner_text())
    page.locator("form[method=post]").filter(has=page.locator("#login")).locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_citizen_online_dossier_payloads_stay_text(server, browser):
    """The demo citizen submits a dossier online with the payload in its free texts and as an uploaded file's name,
    answers a supplement request with another, then asks to stop it; the citizen's and the desk's pages show text."""
    ctx = context(browser)
    page = ctx.new_page()
    watch = Watch(page)
    sign_in_demo_citizen(page, server)
    page.goto(f"{server}/cong-dan/nop-ho-so/phung-cong/1.001193")
    form = page.locator("form#to-khai")
    own = {name: form.locator(f"[name={name}]").input_value() for name in ["fullName", "idNumber", "phone", "email"]}
    for index in range(form.locator("input[type=file][name^=file]").count()):
        form.locator(f"#file{index}").set_input_files(files=[{"name": FILE_NAME_PAYLOAD, "mimeType": "application/pdf", "buffer": PDF_BYTES}])
    fill_and_submit(page, form, {**own, "authorisationDocument": ""})
    watch.check()
    assert "/cong-dan/ho-so/" in page.url, f"the dossier was not submitted: {page.url}"
    code = page.locator("#ma-ho-so").text_content().strip()
    citizen_url = page.url.split("?")[0]

    dossier_action(browser, server, "tiepnhan", code, "request_supplement")
    watch.check(citizen_url, shows_payload=True)
    assert MARK in page.locator("#can-bo-sung").inner_text(), "the supplement request is not shown to the citizen"
    supplement = page.locator("form#bo-sung")
    supplement.locator("#fileExtra").set_input_files(files=[{"name": FILE_NAME_PAYLOAD, "mimeType": "application/pdf", "buffer": PDF_BYTES}])
    fill_and_submit(page, supplement)
    watch.check(shows_payload=True)
    stop = page.locator("form#dung-ho-so")
    assert stop.count() == 1, "the citizen cannot ask to stop the dossier"
    page.locator("details", has=stop).locator("summary").click()
    fill_and_submit(page, stop)
    watch.check(shows_payload=True)
    assert MARK in page.locator("#cac-buoc").inner_text(), "the reason for stopping is not among the dossier's steps"
    for path in ["/cong-dan", f"/cong-dan/ho-so/{code}", f"/tra-cuu/{code}"]:
        watch.check(server + path)
    ctx.close()

    ctx, page, watch = signed_in(browser, server, "tiepnhan")
    watch.check(f"{server}/mot-cua/ho-so/{code}", shows_payload=True)
    for path in ["/mot-cua/viec-can-lam", REGISTER, f"/mot-cua/ho-so/{code}/in/mau-02", "/mot-cua/hop-thu"]:
        watch.check(server + path)
    ctx.close()


def test_register_export_reason_stays_text_for_the_citizen(server, browser):
    """The reason an officer gives for exporting the register with personal data: in the journal, and on the access
    log of each citizen whose dossier was in the file."""
    ctx, page, watch = signed_in(browser, server, "lanhdao")
    page.goto(f"{server}/mot-cua/so-theo-doi/xuat-du-lieu")
    form = page.locator("form[method=post]").filter(has=page.locator("[name=reason]"))
    form.evaluate("f => { f.noValidate = true }")
    form.locator("#from").fill((app_today() - datetime.timedelta(days=360)).isoformat())
    form.locator("#reason").fill(PAYLOAD)
    with page.expect_download() as download:
        form.locator("button[type=submit]").click()
    assert download.value.suggested_filename.endswith(".csv")
    watch.check()
    ctx.close()

    ctx, page, watch = signed_in(browser, server, "admin")
    watch.check(f"{server}/quan-tri/nhat-ky", shows_payload=True)
    ctx.close()

    ctx = context(browser)
    page = ctx.new_page()
    watch = Watch(page)
    sign_in_demo_citizen(page, server)
    watch.check(f"{server}/cong-dan/truy-cap-du-lieu", shows_payload=True)
    ctx.close()


QUERY_KEYS = ["q", "xa", "thang", "nam", "tu", "den", "ma", "next", "thu-tuc", "linh-vuc", "loc", "ketqua", "commune", "kiosk", "ve",
              "thongbao", "trang-thai", "loai", "trang", "tai-ve", "ly-do"]


def test_query_parameters_are_never_reflected_as_markup(server, browser):
    """Every page opened with the payload in each query parameter the server reads (filters, months, communes,
    return paths): answered below 500, and nothing the payload carries runs or becomes elements."""
    from urllib.parse import urlencode

    query = "?" + urlencode({key: PAYLOAD for key in QUERY_KEYS})
    pages = {
        None: ["/", "/tra-cuu", "/lich", "/dang-nhap", "/xa/phung-cong", "/xa/phung-cong/thu-tuc", "/xa/phung-cong/phan-anh",
               "/xa/phung-cong/su-co", "/xa/phung-cong/su-co/bao-moi", "/xa/phung-cong/lich-thu-gom-rac", "/xa/phung-cong/lay-so",
               "/xa/phung-cong/man-hinh", "/xa/phung-cong/truc-ban", "/cong-dan/dang-nhap", "/cong-dan/dang-ky"],
        "lanhdao": ["/lam-viec", "/mot-cua/viec-can-lam", "/mot-cua/so-theo-doi", "/mot-cua/thu-tuc", "/mot-cua/phan-anh", "/mot-cua/hop-thu",
                    "/mot-cua/quay", "/mot-cua/thong-ke-quay", "/bao-cao", "/bao-cao/hoat-dong", "/bao-cao/chi-so-766", "/bao-cao/hai-long",
                    "/bao-cao/ho-so", "/lich", "/cong-viec/ke-hoach", "/cong-viec/su-kien", "/cong-viec/chi-dao", "/cong-viec/kiem-tra",
                    "/cong-viec/dao-tao", "/cong-viec/dao-tao/cua-toi", "/cong-viec/dao-tao/do-phu", "/cong-viec/bao-cao",
                    "/kinh-te-tai-chinh", "/kinh-te-tai-chinh/tai-san", "/kinh-te-tai-chinh/dieu-chuyen", "/kinh-te-tai-chinh/ra-soat",
                    "/kinh-te-tai-chinh/ngan-sach", "/kinh-te-tai-chinh/giai-phong-mat-bang", "/kinh-te-tai-chinh/dau-tu",
                    "/kinh-te-tai-chinh/bao-cao", "/dich-vu-cong-cong/su-co", "/dich-vu-cong-cong/bao-cao", "/cong-an/truc-ban"],
        "admin": ["/quan-tri/phong-ban", "/quan-tri/can-bo", "/quan-tri/nhat-ky", "/quan-tri/lich-nghi", "/dich-vu-cong-cong/loai-su-co",
                  "/dich-vu-cong-cong/khoa-open311", "/dich-vu-cong-cong/thu-gom-rac", "/dich-vu-cong-cong/chieu-sang"],
        "tinh": ["/quan-tri/xa", "/bao-cao", "/bao-cao/ho-so", "/cong-viec/chi-dao", "/kinh-te-tai-chinh/bao-cao"],
    }
    for username, paths in pages.items():
        ctx = context(browser)
        page = ctx.new_page()
        watch = Watch(page)
        if username:
            sign_in(page, server, username)
        for path in paths:
            watch.check(server + path + query)
        ctx.close()


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
    # Both sign-in forms re-render what was typed after a wrong password.
    for path in ["/dang-nhap", "/cong-dan/dang-nhap"]:
        page.goto(server + path)
        form = page.locator("form[method=post]").filter(has=page.locator("input[type=password]")).last
        response = fill_and_submit(page, form, {"password": "mat-khau-sai-2026"})
        assert 400 <= response.status < 500, f"{path} with a wrong password answered {response.status}"
        watch.check()
