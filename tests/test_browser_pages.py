"""Every page in a real Chromium: it finishes, shows no error box, and draws its charts."""

from __future__ import annotations

import csv
import shutil

import pytest
from browser import (
    DATAFRAME_DRAWN,
    PLOTLY_DRAWN,
    assert_no_errors,
    open_page,
    screenshot,
)
from conftest import DATA_DIR, AppServer

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_overview_renders(chromium, app_server, artifacts, size):
    context, page, log = open_page(chromium, app_server.url + "/", *size)
    try:
        assert_no_errors(page)
        page.wait_for_selector(PLOTLY_DRAWN, timeout=20_000)
        page.wait_for_selector(DATAFRAME_DRAWN, timeout=20_000)
        assert page.locator('[data-testid="stMetric"]').count() >= 9
        assert "US–Russia Dialogue Dashboard" in page.locator("h1").first.inner_text()
        screenshot(page, artifacts, f"overview-{size[0]}x{size[1]}")
        assert not log["errors"], log["errors"]
        assert not log["outside"], f"requests left the machine: {log['outside']}"
    finally:
        context.close()


def test_broken_file_shows_banner_and_overview_still_renders(chromium, artifacts, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    meetings = data / "meetings.csv"
    with meetings.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[1][rows[0].index("date")] = "2021-02-30"  # not a real day
    with meetings.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)

    server = AppServer(data, artifacts / "server-broken-data.log")
    try:
        context, page, log = open_page(chromium, server.url + "/")
        try:
            banner = page.locator('[data-testid="stAlertContentError"]')
            assert banner.count() >= 1
            assert "meetings.csv" in banner.first.inner_text()
            assert "meetings.csv:2: date:" in page.locator('[data-testid="stCode"]').inner_text()
            assert_no_errors(page)
            page.wait_for_selector(PLOTLY_DRAWN, timeout=20_000)
            assert page.locator('[data-testid="stMetric"]').count() >= 9
            screenshot(page, artifacts, "overview-broken-meetings")
        finally:
            context.close()
    finally:
        server.stop()
