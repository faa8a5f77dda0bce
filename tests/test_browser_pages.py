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
    wait_done,
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
        nav = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]')
        assert nav.all_inner_texts() and "app" not in " ".join(nav.all_inner_texts()).split()
        assert any("Timeline" in t for t in nav.all_inner_texts())
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


def _click_first_point(page) -> None:
    """Click the centre of a drawn point of the lane chart."""
    point = page.locator('[data-testid="stPlotlyChart"]').first.locator(
        ".scatterlayer .point").first
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_timeline_draws_and_opens_a_record(chromium, app_server, artifacts, size):
    context, page, log = open_page(chromium, app_server.url + "/timeline", *size)
    try:
        assert_no_errors(page)
        page.wait_for_selector(PLOTLY_DRAWN, timeout=20_000)
        assert page.locator('[data-testid="stPlotlyChart"]').count() == 2
        assert page.locator(".scatterlayer .point").count() > 50
        screenshot(page, artifacts, f"timeline-{size[0]}x{size[1]}")
        _click_first_point(page)
        panel = page.locator(".st-key-detail_panel")
        panel.wait_for(timeout=20_000)
        wait_done(page)
        links = panel.locator('a[href^="http"]')
        assert links.count() >= 1, "the detail panel lists its sources as links"
        assert "record=" in page.url, "the selected record is in the URL"
        assert_no_errors(page)
        screenshot(page, artifacts, f"timeline-detail-{size[0]}x{size[1]}")
        assert not log["errors"], log["errors"]
        assert not log["outside"], log["outside"]
    finally:
        context.close()


def test_timeline_story_mode_steps(chromium, app_server, artifacts):
    context, page, _ = open_page(chromium, app_server.url + "/timeline?story=1")
    try:
        assert_no_errors(page)
        first = page.locator("h3").filter(has_text="Spring 2021")
        assert first.count() == 1
        page.get_by_role("button", name="Next →").click()
        wait_done(page)
        page.wait_for_function("() => location.search.includes('story=2')", timeout=10_000)
        assert page.locator("h3").filter(has_text="Preparing a summit").count() == 1
        # the highlighted window is drawn on both charts
        assert page.locator('[data-testid="stPlotlyChart"] .shapelayer path').count() >= 2
        screenshot(page, artifacts, "timeline-story-step-2")
    finally:
        context.close()
