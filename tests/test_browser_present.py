"""Presentation mode in a real Chromium, page by page: the screenshot a briefer takes
holds the view (title, charts, the record) and no control a reader would operate."""

from __future__ import annotations

import pytest
from browser import assert_no_errors, open_page, screenshot, wait_drawn
from test_browser_map import CONTROLS

pytestmark = pytest.mark.browser

#: Each page in presentation mode, and a text its picture must show.
PAGES = {
    "overview": ("/?present=1", "US–Russia Dialogue Dashboard"),
    "timeline": ("/timeline?present=1&story=3", "Geneva summit, 16 June 2021"),
    "timeline-record": ("/timeline?present=1&record=m-20220110-ssd-extraordinary",
                        "Extraordinary"),
    "positions": ("/positions?present=1", "Positions & demands"),
    "data": ("/data?present=1", "Data & sources"),
}


@pytest.mark.parametrize("name", PAGES)
def test_a_presentation_screenshot_holds_no_control(chromium, app_server, artifacts, name):
    path, expected = PAGES[name]
    context, page, log = open_page(chromium, app_server.url + path, 1920, 1080)
    try:
        assert_no_errors(page)
        wait_drawn(page)
        main = page.locator('[data-testid="stMain"]')
        assert expected in main.inner_text()
        for picture in main.locator("img").all():  # every chart as its slide picture
            page.wait_for_function("(img) => img.complete && img.naturalWidth > 0",
                                   arg=picture.element_handle(), timeout=30_000)
            assert picture.get_attribute("alt"), "a picture without its text alternative"
        assert main.locator('[data-testid="stPlotlyChart"]').count() == 0
        screenshot(page, artifacts, f"present-{name}-1920x1080")
        visible = [c for c in main.locator(CONTROLS).all() if c.is_visible()]
        described = [c.evaluate("e => e.outerHTML.slice(0, 160)") for c in visible]
        assert described == [], "\n".join(described)
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        assert "sidebar" not in main.inner_text().lower()
        assert "present=1" not in main.inner_text()
        assert not log["errors"] and not log["outside"]
    finally:
        context.close()
