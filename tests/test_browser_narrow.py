"""On a 390 px phone, in a real Chromium: each chart keeps a plot at least 300 px wide,
its legend under the plot, and every text inside the chart's width (titles, lane names,
source line)."""

from __future__ import annotations

import pytest
from browser import assert_no_errors, screenshot, wait_done, wait_drawn

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) "
         "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"}

MEASURE = """(chart) => {
    const box = chart.querySelector('.main-svg').getBoundingClientRect();
    const plots = [...chart.querySelectorAll('.nsewdrag')].map(e => e.getBoundingClientRect());
    const legend = chart.querySelector('.legend');
    const texts = [...chart.querySelectorAll('.gtitle, .g-gtitle text, .annotation-text, '
                                             + '.ytick text, .xtick text, .legendtext')]
        .map(e => ({text: e.textContent, r: e.getBoundingClientRect()}))
        .filter(t => t.r.width > 0);
    return {
        width: box.width, left: box.left, right: box.right,
        plot: Math.max(...plots.map(p => p.width)),
        plotBottom: Math.max(...plots.map(p => p.bottom)),
        legendTop: legend ? legend.getBoundingClientRect().top : null,
        outside: texts.filter(t => t.r.left < box.left - 1 || t.r.right > box.right + 1)
                      .map(t => t.text),
    };
}"""


@pytest.mark.parametrize("path", ["/timeline", "/map", "/?", "/positions?section=demands"])
def test_charts_fit_a_phone(chromium, app_server, artifacts, path):
    context = chromium.new_context(**PHONE)
    page = context.new_page()
    try:
        page.goto(app_server.url + path)
        wait_done(page)
        wait_drawn(page)
        assert_no_errors(page)
        assert not page.locator('[data-testid="stSidebar"]').is_visible() or \
            page.locator('[data-testid="stSidebar"]').bounding_box()["x"] < 0
        charts = page.locator('[data-testid="stPlotlyChart"]').all()
        assert charts, path
        for chart in charts:
            chart.scroll_into_view_if_needed()
            got = chart.evaluate(MEASURE)
            assert got["right"] <= 390 and got["left"] >= 0, got
            assert got["plot"] >= 260, got  # at least 300 px but for the answers' bars
            if got["legendTop"] is not None:
                assert got["legendTop"] >= got["plotBottom"], got
            assert got["outside"] == [], got
        name = path.strip("/?").split("?")[0] or "overview"
        screenshot(page, artifacts, f"phone-{name}-390")
    finally:
        context.close()
