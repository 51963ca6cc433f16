"""Reports in a real browser: the province dashboard, a drill-down to xã Phụng Công, and its XLSX read by openpyxl."""
import io
import re

import openpyxl
import pytest

from conftest import run_motcua, sign_in


def number(text):
    """'1.234' as the page prints it -> 1234."""
    return int(text.strip().replace(".", ""))


def test_province_dashboard_drill_down_and_xlsx(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    sign_in(page, server, "tinh")
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    assert page.get_by_role("heading", name="Bảng xếp hạng các xã, phường").is_visible()
    ranking = page.locator("#xep-hang tbody tr")
    assert ranking.count() == 5
    # Every commune is ranked 1..5, and the charts are there for screen readers too.
    assert [ranking.nth(i).locator("td").first.inner_text() for i in range(5)] == ["1", "2", "3", "4", "5"]
    assert page.locator("svg.chart[role=img]").count() == 3

    page.get_by_role("link", name="Xã Phụng Công").click()
    assert page.get_by_role("heading", name=re.compile("Tình hình giải quyết hồ sơ — Xã Phụng Công")).is_visible()
    figures = page.locator("#so-lieu tbody tr")
    on_page = {}
    for i in range(figures.count()):
        row = figures.nth(i)
        on_page[row.locator("th").inner_text().strip()] = row.locator("td").first.inner_text().strip()
    entered = number(on_page["Hồ sơ tiếp nhận"])
    handled = number(on_page["Đã giải quyết"])
    assert entered > 0 and handled > 0

    # Printed (to PDF through the browser): navigation, tabs, the period form and the buttons give way to the figures.
    page.emulate_media(media="print")
    assert not page.locator(".report-tabs").is_visible()
    assert not page.locator("form.report-filters").is_visible()
    assert page.locator("#so-lieu").is_visible()
    assert page.pdf(format="A4")[:4] == b"%PDF"
    page.emulate_media(media="screen")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải Excel (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("bao-cao-hoat-dong-phung-cong-2025-07-01-")
    workbook = openpyxl.load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    assert workbook.sheetnames == ["Hoạt động", "Theo lĩnh vực", "Theo thủ tục", "Theo phòng ban", "Theo cán bộ", "Theo tháng"]
    sheet = workbook["Hoạt động"]
    assert "Xã Phụng Công" in sheet["A1"].value
    in_file = {str(row[0]).strip(): row[1] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert in_file["Hồ sơ tiếp nhận"] == entered
    assert in_file["Đã giải quyết"] == handled
    assert in_file["Trước hạn"] + in_file["Đúng hạn"] + in_file["Quá hạn"] == handled
    assert in_file["Trực tiếp tại bộ phận một cửa"] + in_file["Trực tuyến"] + in_file["Qua bưu chính công ích"] == entered
    # The breakdown by procedure adds up to the same intake.
    procedures = workbook["Theo thủ tục"]
    assert sum(row[1] for row in procedures.iter_rows(min_row=3, values_only=True)) == entered
    # Month by month, the results add up to those of the period.
    assert sum(row[2] for row in workbook["Theo tháng"].iter_rows(min_row=3, values_only=True)) == handled

    # A figure leads to the dossiers behind it: as many rows as the figure says (up to a page).
    page.locator("#so-lieu tbody tr").filter(has_text="Đã giải quyết").first.get_by_role("link").first.click()
    assert number(page.locator("#so-ho-so").inner_text()) == handled
    context.close()


def test_reports_verify_command_agrees_with_a_fresh_demo(tmp_path):
    seeded = run_motcua("seed", data_dir=tmp_path)
    assert seeded.returncode == 0, seeded.stderr
    verified = run_motcua("reports", "verify", data_dir=tmp_path)
    assert verified.returncode == 0, verified.stderr
    assert "khớp" in verified.stdout
