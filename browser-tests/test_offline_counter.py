"""The counter keeps taking dossiers in while the network is down and sends them once it is back (issue #25)."""
import datetime
import re

from playwright.sync_api import expect

from conftest import app_today, sign_in

PAGE = "/mot-cua/tiep-nhan/ngoai-tuyen"
CODE = re.compile(r"H33\.55\.01-\d{6}-\d{4}")
# Two dossiers the server accepts, and one it refuses (a personal ID number of 5 digits).
BATCH = [
    ("1.004837", "Đỗ Văn Mạnh", "034185009871"),
    ("1.004837", "Ngô Thị Lan", "034185009872"),
    ("1.004837", "Vũ Văn Sai", "12345"),
]
READ_QUEUE = """() => new Promise((resolve, reject) => {
  const officer = document.getElementById('quay-ngoai-tuyen').dataset.officer;
  const open = indexedDB.open('motcua-quay-' + officer);
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const all = open.result.transaction('queue').objectStore('queue').getAll();
    all.onsuccess = () => { open.result.close(); resolve(all.result); };
  };
})"""
REPLAY = """async (items) => {
  const root = document.getElementById('quay-ngoai-tuyen');
  const answers = [];
  for (const item of items) {
    const response = await fetch(root.dataset.send, {
      method: 'POST', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': root.dataset.csrf, 'Idempotency-Key': item.key},
      body: JSON.stringify({officerID: root.dataset.officer, intake: item.intake}),
    });
    answers.push({status: response.status, body: await response.json()});
  }
  return answers;
}"""


def our_dossiers(context, server):
    """The dossiers received today whose applicant is one of the batch's, read through the API with the session."""
    today = app_today().isoformat()
    response = context.request.get(f"{server}/api/v1/dossiers?from={today}&to={today}")
    assert response.ok, response.text()
    names = {name for _, name, _ in BATCH}
    return [item for item in response.json() if item["applicantName"] in names]


def test_a_batch_taken_in_offline_is_sent_once_when_the_network_returns(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, server, "tiepnhan")
    page.goto(server + PAGE)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    expect(page.locator("#quay-ngoai-tuyen")).to_have_attribute("data-ready", "true")
    assert our_dossiers(context, server) == []

    # The network drops: the page comes from the service worker's copy, with the catalog and the calendar.
    context.set_offline(True)
    page.reload()
    expect(page.locator("#trang-thai-mang")).to_be_visible()
    for index, (procedure, name, id_number) in enumerate(BATCH, start=1):
        page.select_option("#procedureCode", procedure)
        page.get_by_label("Họ và tên (hoặc tên tổ chức)").fill(name)
        page.get_by_label("Số định danh cá nhân (12 chữ số) hoặc mã số thuế của tổ chức").fill(id_number)
        page.get_by_label("Số điện thoại (nhận mã hồ sơ chính thức qua SMS)").fill("0912345678")
        page.get_by_label("Địa chỉ", exact=True).fill("Thôn Đông Cầu, xã Phụng Công")
        page.get_by_role("button", name="Tiếp nhận và in giấy biên nhận tạm").click()
        expect(page.locator("#bien-nhan-nguoi-nop")).to_have_text(name)
        number = page.locator("#bien-nhan-so-tam").text_content()
        assert re.fullmatch(r"TẠM \d{2}/\d{2}-\d{2}", number) and not CODE.search(number)
        assert re.fullmatch(r"17:00 ngày \d{2}/\d{2}/\d{4}", page.locator("#bien-nhan-hen").text_content())
        expect(page.locator("#bien-nhan-tam")).to_contain_text("Mã hồ sơ chính thức sẽ được gửi qua tin nhắn SMS")
        expect(page.locator("#so-cho-gui")).to_have_text(str(index))
    batch = sorted(page.evaluate(READ_QUEUE), key=lambda item: item["seq"])
    assert [item["applicantName"] for item in batch] == [name for _, name, _ in BATCH]

    # The network returns: the queue is sent in order; the refused dossier stays as a failure to resolve.
    context.set_offline(False)
    expect(page.locator("#so-cho-gui")).to_have_text("0")
    expect(page.locator("tr.outcome-sent")).to_have_count(2)
    expect(page.locator("tr.outcome-failed")).to_have_count(1)
    expect(page.locator("tr.outcome-failed")).to_contain_text("Vũ Văn Sai")
    expect(page.locator("#trang-thai-mang")).to_be_hidden()
    receipt = page.locator("tr.outcome-sent a").first.get_attribute("href")
    assert re.fullmatch(r"/mot-cua/ho-so/H33\.55\.01-\d{6}-\d{4}/in/mau-01", receipt)
    assert CODE.search(context.request.get(server + receipt).text())
    # Only the refused dossier is left in the browser.
    assert [item["applicantName"] for item in page.evaluate(READ_QUEUE)] == ["Vũ Văn Sai"]

    received = our_dossiers(context, server)
    assert sorted(item["applicantName"] for item in received) == ["Ngô Thị Lan", "Đỗ Văn Mạnh"]
    for item in received:
        assert CODE.fullmatch(item["code"])
        taken = next(b for b in batch if b["applicantName"] == item["applicantName"])["takenAt"]
        receipt_time = datetime.datetime.fromisoformat(item["receivedAt"].replace("Z", "+00:00"))
        assert abs(receipt_time.timestamp() * 1000 - taken) < 1000, (item["receivedAt"], taken)

    # The same batch replayed creates nothing: the accepted ones answer their codes again, the refused one is refused.
    answers = page.evaluate(REPLAY, batch)
    assert [answer["status"] for answer in answers] == [201, 201, 422]
    assert all(answer["body"]["replayed"] for answer in answers[:2])
    assert sorted(answer["body"]["code"] for answer in answers[:2]) == sorted(item["code"] for item in received)
    assert len(our_dossiers(context, server)) == 2
    context.close()
