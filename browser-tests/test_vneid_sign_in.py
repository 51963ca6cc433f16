"""The demo citizen signs in with VNeID through a real OpenID Connect provider on loopback (oidc-provider-mock), links
the account with its password, submits a dossier of a procedure that requires a verified identity, and signs out of
both MotCua and the provider."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import BINARY, DEMO_PASSWORD, ROOT, free_port
from test_online_payment import wait_for

DEMO_ID_NUMBER = "034190012345"
DEMO_NAME = "Nguyễn Thị Hoa"


@pytest.fixture(scope="module")
def vneid_server():
    """A demo server whose VNeID is oidc-provider-mock, started with the demo citizen as its one-click user at LoA2."""
    data_dir = Path(tempfile.mkdtemp(prefix="motcua-vneid-"))
    port, provider_port = free_port(), free_port()
    issuer = f"http://127.0.0.1:{provider_port}"
    claims = {"sub": DEMO_ID_NUMBER, "SoDinhDanh": DEMO_ID_NUMBER, "HoVaTen": DEMO_NAME, "NgayThangNamSinh": "19900215", "acr": "LoA2"}
    provider_log = open(data_dir / "provider.log", "w")
    provider = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(provider_port), "--require-nonce", "--user-claims", json.dumps(claims, ensure_ascii=False)],
        stdout=provider_log, stderr=subprocess.STDOUT,
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"MOTCUA_DATA": str(data_dir), "MOTCUA_OIDC_ISSUER": issuer, "MOTCUA_OIDC_CLIENT_ID": "motcua-demo", "MOTCUA_OIDC_CLIENT_SECRET": "demo-vneid-secret"})
    log = open(data_dir / "server.log", "w")
    server = subprocess.Popen([str(BINARY), "serve", "--hostname", "127.0.0.1", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(issuer + "/.well-known/openid-configuration", provider, data_dir / "provider.log")
        wait_for(f"http://127.0.0.1:{port}/health", server, data_dir / "server.log")
        yield f"http://127.0.0.1:{port}"
    finally:
        for process in (server, provider):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()
        provider_log.close()
        shutil.rmtree(data_dir, ignore_errors=True)


def test_citizen_signs_in_with_vneid_links_submits_and_signs_out(vneid_server, phone, tmp_path):
    server = vneid_server
    phone.goto(f"{server}/cong-dan/dang-nhap")
    phone.get_by_role("link", name="Đăng nhập bằng VNeID").click()

    # The provider's page: the demo citizen is its one-click user.
    phone.get_by_role("button", name=DEMO_ID_NUMBER).click()

    # First VNeID sign-in: the account with the same ID number exists, so its password proves it before linking.
    expect(phone.get_by_role("heading", name="Liên kết tài khoản với VNeID")).to_be_visible()
    expect(phone.locator("#ten-xac-thuc")).to_have_text(DEMO_NAME)
    expect(phone.locator("#so-dinh-danh")).not_to_contain_text(DEMO_ID_NUMBER)
    phone.get_by_label("Mật khẩu tài khoản MotCua").fill(DEMO_PASSWORD)
    phone.get_by_role("button", name="Liên kết và đăng nhập").click()
    expect(phone.locator("#ten-tai-khoan")).to_have_text(DEMO_NAME)

    # The procedure that requires a verified identity now takes the dossier.
    phone.goto(f"{server}/cong-dan/nop-ho-so/phung-cong/2.000635")
    expect(phone.get_by_label("Họ và tên (hoặc tên tổ chức)")).to_have_value(DEMO_NAME)
    scan = tmp_path / "to-khai.pdf"
    scan.write_bytes(b"%PDF-1.4 to khai cap ban sao trich luc")
    phone.locator("#file0").set_input_files(str(scan))
    phone.get_by_role("button", name="Nộp hồ sơ").click()
    expect(phone.locator("#trang-thai")).to_have_text("Mới, chờ tiếp nhận")

    # Sign-out ends MotCua's session (the redirect to the provider's end_session_endpoint is checked in VNeIDSignInTests).
    phone.get_by_role("button", name="Đăng xuất").click()
    phone.wait_for_load_state()
    phone.goto(f"{server}/cong-dan")
    expect(phone.get_by_role("heading", name="Đăng nhập công dân, doanh nghiệp")).to_be_visible()
