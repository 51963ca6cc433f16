"""The center floor in a real browser: kiosk, screen, counter and phone side by side."""
import re

from playwright.sync_api import expect

from conftest import sign_in

SLUG = "phung-cong"


def new_page(browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    # The kiosk prints each ticket; headless Chromium has no printer to wait for.
    context.add_init_script("window.print = function () {};")
    return context, context.new_page()


def take_ticket(kiosk, server, service_name):
    kiosk.goto(f"{server}/xa/{SLUG}/lay-so?kiosk=1")
    kiosk.get_by_role("button", name=re.compile(service_name)).click()
    expect(kiosk.locator("#so-thu-tu")).to_be_visible()
    number = kiosk.locator("#so-thu-tu").inner_text().strip()
    ticket_path = kiosk.locator("article.ticket-slip").get_attribute("data-ticket")
    return number, ticket_path


def test_ticket_from_kiosk_to_screen_to_counter(server, browser):
    kiosk_context, kiosk = new_page(browser, 1024, 768)
    display_context, display = new_page(browser, 1920, 1080)
    counter_context, counter = new_page(browser, 1280, 900)
    phone_context, phone = new_page(browser, 390, 844)
    try:
        display.goto(f"{server}/xa/{SLUG}/man-hinh")
        expect(display.locator("#cac-quay")).to_contain_text("Quầy 1")

        first, _ = take_ticket(kiosk, server, "Hộ tịch")
        second, second_path = take_ticket(kiosk, server, "Hộ tịch")
        assert int(second) == int(first) + 1
        expect(kiosk.locator(".ticket-slip svg")).to_be_visible()

        # The screen lists both as waiting, live, without reloading.
        expect(display.locator("#danh-sach-cho")).to_contain_text(first, timeout=2000)
        expect(display.locator("#danh-sach-cho")).to_contain_text(second, timeout=2000)

        # The phone that scanned the second ticket sees one ticket ahead.
        phone.goto(server + second_path)
        expect(phone.locator("#phia-truoc")).to_have_text("1")
        expect(phone.locator("#thoi-gian-cho")).to_contain_text("phút")

        sign_in(counter, server, "tiepnhan")
        counter.goto(server + "/mot-cua/quay")
        counter.get_by_role("link", name="Làm việc tại quầy").first.click()
        counter.get_by_role("button", name="Gọi số tiếp theo").click()
        expect(counter.locator("#so-dang-phuc-vu")).to_have_text(first)

        # Within two seconds the screen shows the number at counter 1 and the call.
        expect(display.locator('[data-counter="1"] .counter-ticket')).to_have_text(first, timeout=2000)
        expect(display.locator("#loi-moi")).to_have_text(f"Mời số {first} đến quầy 1", timeout=2000)
        expect(display.locator("#danh-sach-cho")).not_to_contain_text(first, timeout=2000)

        # The phone's position falls.
        phone.reload()
        expect(phone.locator("#phia-truoc")).to_have_text("0")

        # The counter calls the second ticket; the phone page tells the visitor where to go.
        counter.get_by_role("button", name="Gọi số tiếp theo").click()
        expect(display.locator('[data-counter="1"] .counter-ticket')).to_have_text(second, timeout=2000)
        phone.reload()
        expect(phone.locator("#trang-thai")).to_have_text(f"Mời số {second} đến quầy 1")

        # The visitor rates the service on the counter's tablet.
        counter_link = counter.get_by_role("link", name="Máy đánh giá của quầy").get_attribute("href")
        phone.goto(server + counter_link)
        expect(phone.locator("#so-danh-gia")).to_have_text(second)
        phone.get_by_role("button", name="Rất hài lòng").click()
        expect(phone.get_by_role("status")).to_contain_text("Cảm ơn")
    finally:
        for context in (kiosk_context, display_context, counter_context, phone_context):
            context.close()


def test_phone_ticket_and_entrance_poster(server, phone):
    phone.goto(f"{server}/xa/{SLUG}/lay-so/ma-qr")
    expect(phone.locator(".poster-qr svg")).to_be_visible()
    phone.goto(f"{server}/xa/{SLUG}/lay-so")
    phone.get_by_label("Người cao tuổi").check()
    phone.get_by_role("button", name=re.compile("Chứng thực")).click()
    expect(phone).to_have_url(re.compile(r"/so-thu-tu/[0-9a-f-]+$"))
    expect(phone.locator(".ticket-service")).to_contain_text("Ưu tiên: Người cao tuổi")
