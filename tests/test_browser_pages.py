"""Every page in a real Chromium: it finishes, shows no error box, and draws its charts."""

from __future__ import annotations

import csv
import io
import shutil
import time

import pytest
from browser import (
    DATAFRAME_DRAWN,
    PLOTLY_DRAWN,
    assert_no_errors,
    open_page,
    screenshot,
    wait_done,
    wait_drawn,
)
from conftest import DATA_DIR, AppServer
from PIL import Image

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_overview_renders(chromium, app_server, artifacts, size):
    context, page, log = open_page(chromium, app_server.url + "/", *size)
    try:
        assert_no_errors(page)
        page.wait_for_selector(PLOTLY_DRAWN, timeout=20_000)
        assert page.locator('[data-testid="stMetric"]').count() >= 9
        # the latest records: a list (the table widget's script is not loaded on this page)
        assert page.locator('[data-testid="stMain"] li').count() >= 10
        assert "US–Russia Dialogue Dashboard" in page.locator("h1").first.inner_text()
        nav = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]')
        assert nav.all_inner_texts() and "app" not in " ".join(nav.all_inner_texts()).split()
        assert any("Timeline" in t for t in nav.all_inner_texts())
        # the heavy scripts of closed panels are not loaded for the first page
        assert page.locator('[data-testid="stCode"]').count() == 0
        screenshot(page, artifacts, f"overview-{size[0]}x{size[1]}")
        # the glossary is made when opened (a rerun), then lists its terms
        page.get_by_text("Glossary of terms").click()
        page.get_by_text("Bucharest formula").first.wait_for(timeout=15_000)
        screenshot(page, artifacts, f"overview-glossary-{size[0]}x{size[1]}")
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
            codes = page.locator('[data-testid="stCode"]')
            codes.filter(has_text="meetings.csv:2: date:").first.wait_for(timeout=15_000)
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
        wait_drawn(page)
        assert page.locator('[data-testid="stPlotlyChart"]').count() == 2
        assert page.locator(".scatterlayer .point").count() > 50
        screenshot(page, artifacts, f"timeline-{size[0]}x{size[1]}")
        _click_first_point(page)
        panel = page.get_by_role("dialog")  # the record opens in a drawer beside the page
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


def test_a_chart_click_opens_its_record_after_filter_changes(chromium, app_server, artifacts):
    """Each filter change gives the lane chart a new widget id and the server forgets the
    old ones (compat.forget_stale_widget_metadata): the chart drawn now still answers."""
    context, page, log = open_page(chromium, app_server.url + "/timeline", 1600, 1000)
    try:
        wait_drawn(page)
        search = page.get_by_label("Search titles, summaries and quotes")
        for text in ("Lavrov", "Geneva", "Blinken", ""):
            search.fill(text)
            search.press("Enter")
            wait_done(page)
            wait_drawn(page)
        page.wait_for_function("() => !location.search.includes('q=')", timeout=15_000)
        _click_first_point(page)
        panel = page.get_by_role("dialog")
        panel.wait_for(timeout=20_000)
        wait_done(page)
        assert "record=" in page.url
        assert panel.locator('a[href^="http"]').count() >= 1
        assert_no_errors(page)
        screenshot(page, artifacts, "timeline-detail-after-filter-changes")
        assert not log["errors"], log["errors"]
    finally:
        context.close()


def test_timeline_story_mode_steps(chromium, app_server, artifacts):
    context, page, _ = open_page(chromium, app_server.url + "/timeline?story=1")
    try:
        assert_no_errors(page)
        first = page.locator("h2").filter(has_text="Spring 2021")
        assert first.count() == 1
        page.get_by_role("button", name="Next →").click()
        wait_done(page)
        page.wait_for_function("() => location.search.includes('story=2')", timeout=10_000)
        assert page.locator("h2").filter(has_text="Preparing a summit").count() == 1
        # the highlighted window is drawn on both charts
        assert page.locator('[data-testid="stPlotlyChart"] .shapelayer path').count() >= 2
        screenshot(page, artifacts, "timeline-story-step-2")
    finally:
        context.close()


def _deck_pixels(page, artifacts, name: str) -> dict[str, int]:
    """Count pixels of the site colours and of Ukraine's shading in the drawn map."""
    from io import BytesIO

    from PIL import Image

    deck = page.locator('[data-testid="stDeckGlJsonChart"]')
    counts: dict[str, int] = {}
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # deck.gl draws after the script: poll until it has
        png = deck.screenshot()
        (artifacts / f"{name}.png").write_bytes(png)
        image = Image.open(BytesIO(png)).convert("RGB")
        colours = image.getcolors(maxcolors=1 << 20) or []
        counts = {"sites": 0, "ukraine": 0, "border": 0}
        for n, (r, g, b) in colours:
            if r > 120 and g < 160 and b < 90 and r - b > 80:  # the confidence colours
                counts["sites"] += n
            elif 205 <= r <= 245 and 205 <= g <= 240 and 170 <= b <= 205 and r > b + 15:
                # Ukraine's pale yellow shading
                counts["ukraine"] += n
            elif abs(r - 90) < 25 and abs(g - 98) < 25 and abs(b - 110) < 25:
                counts["border"] += n
        if counts["sites"] > 200 and counts["ukraine"] > 2000:
            break
    return counts


def test_map_draws_borders_and_sites_and_replays(chromium, app_server, artifacts):
    context, page, log = open_page(chromium, app_server.url + "/map", 1280, 900)
    try:
        assert_no_errors(page)
        late = _deck_pixels(page, artifacts, "map-deck-2022-02-23")
        assert late["ukraine"] > 2000, late
        assert late["border"] > 200, late
        assert late["sites"] > 200, late
        screenshot(page, artifacts, "map-1280x900")
        page.get_by_role("button", name="Apr 2021", exact=True).click()
        wait_done(page)
        page.wait_for_function("() => location.search.includes('as_of=2021-04-20')")
        early = _deck_pixels(page, artifacts, "map-deck-2021-04-20")
        assert early["sites"] > 50 and abs(early["sites"] - late["sites"]) > 50, (early, late)
        screenshot(page, artifacts, "map-april-2021")
        assert not [e for e in log["errors"] if "WebGL" in e], log["errors"]
        assert not log["outside"], f"requests left the machine: {log['outside']}"
    finally:
        context.close()


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_positions_page_in_the_browser(chromium, app_server, artifacts, size):
    context, page, log = open_page(chromium, app_server.url + "/positions", *size)
    try:
        assert_no_errors(page)
        wait_drawn(page)
        issues = page.locator('[class*="st-key-issue-"]')
        assert issues.count() >= 10  # the issues with a position by 23 Feb 2022
        # long quotes wrap inside their column instead of overflowing it
        overflow = page.evaluate("""() => [...document.querySelectorAll(
            '[class*="st-key-issue-"] blockquote')].filter(
            b => b.scrollWidth > b.clientWidth + 2).length""")
        assert overflow == 0
        # a position opens in the drawer beside the page, its sources as links
        issues.first.get_by_role("button", name="Open").first.click()
        drawer = page.get_by_role("dialog")
        drawer.wait_for(timeout=20_000)
        assert drawer.locator('a[href^="http"]').count() >= 1
        assert "record=" in page.url
        screenshot(page, artifacts, f"positions-{size[0]}x{size[1]}")
        assert not log["errors"] and not log["outside"]
    finally:
        context.close()


def test_a_fresh_server_opened_on_a_deep_link_keeps_the_app_navigation(chromium, artifacts):
    """The first visitor may arrive on a shared link to a page, not on the overview."""
    server = AppServer(DATA_DIR, artifacts / "server-deep-link.log")
    try:
        context, page, _ = open_page(chromium, server.url + "/positions?as_of=2022-01-26")
        try:
            assert_no_errors(page)
            links = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]')
            assert any("Timeline" in t for t in links.all_inner_texts())
            assert page.locator("h1").first.inner_text() == "Positions & demands"
        finally:
            context.close()
    finally:
        server.stop()


def test_presentation_mode_hides_the_chrome(chromium, app_server, artifacts):
    context, page, _ = open_page(chromium, app_server.url + "/timeline?present=1", 1920, 1080)
    try:
        assert_no_errors(page)
        picture = page.locator(".st-key-picture-timeline_chart img")
        page.wait_for_function("(img) => img.complete && img.naturalWidth > 0",
                               arg=picture.element_handle(), timeout=30_000)
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        assert not page.locator('[data-testid="stHeader"]').is_visible()
        assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
        box = picture.bounding_box()
        assert box["width"] / box["height"] == pytest.approx(16 / 9, rel=0.01), box
        assert box["width"] >= 1400 and box["y"] + box["height"] <= 1080, box
        assert "dated records" in picture.get_attribute("alt")
        screenshot(page, artifacts, "presentation-timeline-1920x1080")
    finally:
        context.close()


def test_a_permalink_reopens_the_same_view_in_a_fresh_browser(chromium, app_server, artifacts):
    context, page, _ = open_page(chromium, app_server.url + "/timeline")
    try:
        page.get_by_label("Search titles, summaries and quotes").fill("Geneva")
        page.keyboard.press("Enter")
        wait_done(page)
        page.wait_for_function("() => location.search.includes('q=Geneva')")
        link = page.url
        count = page.get_by_text("records match").first.inner_text()
    finally:
        context.close()
    fresh, again, _ = open_page(chromium, link)  # a new context: no shared session or storage
    try:
        assert_no_errors(again)
        box = again.get_by_label("Search titles, summaries and quotes")
        again.wait_for_function("(el) => el.value === 'Geneva'", arg=box.element_handle(),
                                timeout=15_000)
        wait_done(again)
        assert again.get_by_text("records match").first.inner_text() == count
        screenshot(again, artifacts, "permalink-timeline-geneva")
    finally:
        fresh.close()


def test_data_page_in_the_browser(chromium, app_server, artifacts):
    context, page, log = open_page(chromium, app_server.url + "/data?dataset=statements")
    try:
        assert_no_errors(page)
        page.wait_for_selector(DATAFRAME_DRAWN, timeout=20_000)
        screenshot(page, artifacts, "data-1280x800")
        page.get_by_role("tab", name="Sources").click()
        sources_tab = page.get_by_role("tabpanel", name="Sources")
        sources_tab.get_by_text("public pages, each cited at least once").wait_for()
        wait_done(page)  # the click reruns the page: the tab's content arrives with it
        # the tier mix and the list of pages
        assert sources_tab.locator('[data-testid="stDataFrame"]').count() == 2
        wait_drawn(page)
        screenshot(page, artifacts, "data-sources-tab")
        # the open tab is in the address (only it runs), so a copied link reopens it
        page.wait_for_function("() => location.search.includes('tab=sources')")
        link = page.url
        assert not log["errors"] and not log["outside"]
    finally:
        context.close()
    context, page, _ = open_page(chromium, link)
    try:
        page.get_by_role("tabpanel", name="Sources").get_by_text(
            "public pages, each cited at least once").wait_for()
        assert page.get_by_role("tab", name="Sources").get_attribute("aria-selected") == "true"
    finally:
        context.close()


def test_links_work_under_a_base_path(chromium, artifacts):
    """Served under a path prefix (server.baseUrlPath), every internal link keeps it."""
    server = AppServer(DATA_DIR, artifacts / "server-base-path.log",
                       extra=("--server.baseUrlPath", "briefing/dashboard"))
    try:
        assert server.url.endswith("/briefing/dashboard")
        context, page, log = open_page(chromium, server.url + "/positions?section=demands")
        try:
            assert_no_errors(page)
            page.get_by_role("link", name="On the timeline").first.click()
            page.wait_for_function(
                "() => location.pathname.endsWith('/briefing/dashboard/timeline')"
                " && location.search.includes('record=')")
            wait_done(page)
            assert_no_errors(page)
            page.get_by_role("dialog").wait_for()
            page.get_by_role("dialog").get_by_role("button", name="Close", exact=True).last.click()
            wait_done(page)
            page.get_by_text("Share and export this view").click()
            shared = page.locator('[data-testid="stCode"]').filter(has_text="preset=all")
            assert "/briefing/dashboard/timeline?" in shared.first.inner_text()
            assert not log["outside"], log["outside"]
        finally:
            context.close()
    finally:
        server.stop()


def test_people_are_listed_once_and_charts_name_their_own_sources(chromium, app_server,
                                                                  artifacts):
    """Provenance as a reader sees it: one entry per person in the People filter, and a
    source line on each chart computed from what that chart plots."""
    context, page, _ = open_page(chromium, app_server.url + "/timeline", 1600, 1000)
    try:
        wait_drawn(page)
        lines = [t for t in page.locator('[data-testid="stPlotlyChart"] .annotation-text')
                 .evaluate_all("els => els.map(e => e.textContent)") if "Sources:" in t]
        assert len(lines) == 2 and lines[0] != lines[1], lines
        assert all("Full list: briefing pack" in line for line in lines)
        people = page.get_by_label("People")
        for typed, expected in (("Lavrov", "Sergey Lavrov — Minister of Foreign Affairs of "
                                 "Russia"), ("Ryabkov", "Sergey Ryabkov"), ("Biden", "Joe Biden")):
            people.fill(typed)  # the list narrows to what matches: each person once
            options = page.locator('[role="option"]')
            options.first.wait_for()
            # the list matches loosely; the person appears once, under one name
            names = [n for n in options.all_inner_texts() if typed in n]
            assert len(names) == 1 and names[0].startswith(expected), (typed, names)
        people.fill("Ryabkov")
        screenshot(page, artifacts, "timeline-people-list")
    finally:
        context.close()


def test_a_chart_downloads_at_the_chosen_print_size(chromium, app_server, artifacts):
    """The chart's own picture buttons: A4 landscape chosen, the PNG is that size with a
    blank margin all round."""
    context, page, _ = open_page(chromium, app_server.url + "/", 1600, 900)
    try:
        group = page.get_by_role("radiogroup", name="Chart as a picture")
        group.get_by_role("radio", name="A4 landscape").click()
        wait_done(page)
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="PNG", exact=True).first.click()
        assert download.value.suggested_filename == "us-russia-dialogue-records-per-month-a4.png"
        image = Image.open(io.BytesIO(download.value.path().read_bytes())).convert("L")
        assert image.size == (3504, 2478)
        width, height = image.size
        border = [image.getpixel((x, y)) for x in range(0, width, 7) for y in (0, 8, height - 8)]
        assert min(border) >= 245
        image.save(artifacts / "records-per-month-a4.png")
    finally:
        context.close()
