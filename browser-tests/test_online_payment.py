"""A citizen pays a dossier's fee online on the fake VNPay (stand-ins/fake_vnpay.py), sees the receipt, the desk sees the dossier moved on,
and the reconciliation page is clean until a settlement file with one unknown transaction shows that difference."""
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import BINARY, ROOT, free_port, sign_in

CITIZEN_PHONE = "0912345678"


def wait_for(url, process, log_path):
    deadline = time.time() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            pass
        if process.poll() is not None or time.time() > deadline:
            raise RuntimeError(f"{url} did not start:\n" + Path(log_path).read_text())
        time.sleep(0.2)


@pytest.fixture(scope="module")
def paying_server():
    """A demo server whose VNPay is the local fake, and the fake, which notifies that server."""
    data_dir = Path(tempfile.mkdtemp(prefix="motcua-payment-"))
    port, fake_port = free_port(), free_port()
    base_url = f"http://127.0.0.1:{port}"
    fake_log = open(data_dir / "fake.log", "w")
    fake = subprocess.Popen(
        [sys.executable, str(ROOT / "stand-ins" / "fake_vnpay.py"), "--port", str(fake_port), "--ipn", base_url + "/thanh-toan/vnpay/ipn"],
        stdout=fake_log, stderr=subprocess.STDOUT,
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["MOTCUA_DATA"] = str(data_dir)
    env["MOTCUA_VNPAY_URL"] = f"http://127.0.0.1:{fake_port}/paymentv2/vpcpay.html"
    log = open(data_dir / "server.log", "w")
    server = subprocess.Popen([str(BINARY), "serve", "--hostname", "127.0.0.1", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(base_url + "/health", server, data_dir / "server.log")
        wait_for(f"http://127.0.0.1:{fake_port}/notices", fake, data_dir / "fake.log")
        yield base_url, f"http://127.0.0.1:{fake_port}"
    finally:
        for process in (server, fake):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()
        fake_log.close()
        shutil.rmtree(data_dir, ignore_errors=True)


def test_citizen_pays_online_and_sees_the_receipt(paying_server, browser, phone):
    server, fake = paying_server
    phone.goto(f"{server}/cong-dan/dang-nhap")
    phone.get_by_label("Số điện thoại hoặc email").fill(CITIZEN_PHONE)
    phone.get_by_label("Mật khẩu").fill("motcua-demo")
    phone.get_by_role("button", name="Đăng nhập").click()
    expect(phone.locator("main")).to_contain_text("Đăng ký tạm trú")

    # The demo dossier waiting for its fee: the amount, its legal basis and the button.
    links = [link.get_attribute("href") for link in phone.get_by_role("link", name="Đăng ký tạm trú").all()]
    waiting = None
    for href in links:
        phone.goto(server + href)
        if phone.locator("#thanh-toan-truc-tuyen").count():
            waiting = href
            break
    assert waiting, "the demo has a dossier waiting for an online payment"
    code = phone.locator("#ma-ho-so").inner_text()
    expect(phone.locator("#phi-can-nop")).to_contain_text("7.000")
    expect(phone.locator("#can-cu-thu")).not_to_be_empty()

    phone.get_by_role("button", name="Thanh toán trực tuyến").click()
    expect(phone.locator("#so-tien")).to_contain_text("7.000")
    phone.get_by_role("link", name="Thanh toán qua VNPay").click()

    # The fake intermediary's page: the amount it shows was read from the signed request (×100 undone).
    expect(phone.locator("#amount")).to_have_text("7.000")
    phone.locator("#pay").click()

    # Back on MotCua: the fake called the IPN before redirecting, so the payment is recorded.
    expect(phone.locator("#trang-thai-thanh-toan")).to_have_text("Đã thanh toán")
    phone.locator("#bien-lai").click()
    expect(phone.locator("h1")).to_contain_text("BIÊN LAI")
    expect(phone.locator("#so-tien-bien-lai")).to_contain_text("7.000")
    expect(phone.locator("#nguoi-nop")).to_have_text("Nguyễn Thị Hoa")
    receipt_number = phone.locator("#so-bien-lai").inner_text()
    assert receipt_number.startswith("BL-MC")

    # A replay from the intermediary answers 02 and changes nothing.
    with urllib.request.urlopen(f"{fake}/replay", timeout=30) as response:
        assert b'"RspCode": "02"' in response.read()

    # The desk sees the dossier moved on, the payment recorded by VNPay's notice.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    desk = context.new_page()
    sign_in(desk, server, "tiepnhan")
    desk.goto(f"{server}/mot-cua/ho-so/{code}")
    main = desk.locator("main")
    expect(main).to_contain_text("Ghi nhận đã nộp phí")
    expect(main).to_contain_text("vnpay")
    assert desk.locator('form[data-action="record_payment"]').count() == 0

    # Reconciliation: both online payments of the day (the demo's and this one), nothing needing attention; then the
    # intermediary's settlement file with those two and one transaction MotCua does not know shows exactly that one.
    desk.goto(f"{server}/mot-cua/thanh-toan")
    expect(desk.locator("#tong-truc-tuyen")).to_have_text("14.000 ₫")
    expect(desk.locator("#khong-can-xu-ly")).to_be_visible()
    heading = "vnp_TmnCode,vnp_TxnRef,vnp_TransactionNo,vnp_Amount,vnp_BankCode,vnp_PayDate,vnp_TransactionStatus"
    rows = [f"MOTCUADEMO,{reference},{number},700000,NCB,20261203090000,00"
            for number, reference in enumerate(["MCDEMOPHUNGCONG01", receipt_number.removeprefix("BL-"), "MCKHONGCOOMOTCUA"], start=1)]
    desk.set_input_files("#tep-doi-soat", files=[{"name": "vnpay-doi-soat.csv", "mimeType": "text/csv", "buffer": "\n".join([heading, *rows]).encode()}])
    desk.get_by_role("button", name="Đối soát", exact=True).click()
    expect(desk.locator("#chenh-lech li")).to_have_count(1)
    expect(desk.locator("#chenh-lech li")).to_contain_text("Dòng 4: giao dịch MCKHONGCOOMOTCUA")
    context.close()
