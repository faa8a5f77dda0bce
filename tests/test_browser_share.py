"""A briefer's share link, end to end: set a view by clicking, copy the link the app offers,
open it in a fresh browser (no shared session or storage) and find the same view."""

from __future__ import annotations

import re

import pytest
from browser import assert_no_errors, open_page, screenshot, wait_done, wait_drawn

pytestmark = pytest.mark.browser


def _pick(page, label: str, option: str) -> None:
    """Choose ``option`` in the multiselect or selectbox labelled ``label`` by clicking."""
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    wait_done(page)


def _share_link(page) -> str:
    """The link the app offers under 'Share and export this view'."""
    page.get_by_text("Share and export this view").click()
    code = page.locator('[data-testid="stExpander"] [data-testid="stCode"]').filter(
        has_text="http").first
    code.wait_for()
    link = code.inner_text().strip()
    assert link.startswith("http://"), link
    return link


def _fresh(chromium, link: str):
    context, page, _ = open_page(chromium, link, 1600, 1000)
    assert_no_errors(page)
    wait_drawn(page)
    return context, page


def _text(page, pattern: str) -> str:
    """The first text on the page matching ``pattern`` (a regular expression)."""
    found = page.get_by_text(re.compile(pattern)).first
    found.wait_for(timeout=15_000)
    return found.inner_text()


def test_overview_link_is_the_overview(chromium, app_server):
    context, page, _ = open_page(chromium, app_server.url + "/", 1600, 1000)
    try:
        link = _share_link(page)
        assert link.rstrip("/").endswith(app_server.url.split("//")[1].rstrip("/")) \
            or link.endswith("/overview") or link == app_server.url + "/", link
    finally:
        context.close()
    fresh, again = _fresh(chromium, link)
    try:
        assert "US–Russia Dialogue Dashboard" in again.locator("h1").first.inner_text()
    finally:
        fresh.close()


def test_timeline_link_keeps_filters_and_the_open_record(chromium, app_server, artifacts):
    context, page, _ = open_page(chromium, app_server.url + "/timeline", 1600, 1000)
    try:
        wait_drawn(page)
        _pick(page, "Side", "Russia")
        box = page.get_by_label("Search titles, summaries and quotes")
        box.fill("Geneva")
        box.press("Enter")
        wait_done(page)
        count = _text(page, r"records? match")
        # open a matching record: a click on its point in the lane chart
        wait_drawn(page)
        point = page.locator('[data-testid="stPlotlyChart"]').first.locator(
            ".scatterlayer .point").first
        point.scroll_into_view_if_needed()
        spot = point.bounding_box()
        page.mouse.click(spot["x"] + spot["width"] / 2, spot["y"] + spot["height"] / 2)
        drawer = page.get_by_role("dialog")
        drawer.wait_for(timeout=20_000)
        wait_done(page)
        title = drawer.locator("h2").filter(has_not_text="Record").first.inner_text()
        link = drawer.locator('[data-testid="stCode"]').filter(has_text="http").first \
            .inner_text().strip()
        assert "record=" in link and "q=Geneva" in link and "side=Russia" in link, link
    finally:
        context.close()
    fresh, again = _fresh(chromium, link)
    try:
        drawer = again.get_by_role("dialog")
        drawer.wait_for(timeout=20_000)
        assert drawer.locator("h2").filter(has_text=title[:50]).count() == 1
        assert _text(again, r"records? match") == count
        screenshot(again, artifacts, "share-timeline-fresh")
    finally:
        fresh.close()


def test_map_link_keeps_the_date_and_country(chromium, app_server, artifacts):
    context, page, _ = open_page(chromium, app_server.url + "/map", 1600, 1000)
    try:
        wait_drawn(page)
        page.get_by_role("button", name="Apr 2021", exact=True).click()
        wait_done(page)
        _pick(page, "Country", "Russia")
        headline = _text(page, r"sites? with forces reported")
        link = _share_link(page)
        assert "as_of=2021-04-20" in link and "country=Russia" in link, link
    finally:
        context.close()
    fresh, again = _fresh(chromium, link)
    try:
        assert _text(again, r"sites? with forces reported") == headline
        screenshot(again, artifacts, "share-map-fresh")
    finally:
        fresh.close()


def test_positions_link_keeps_the_section_and_its_filters(chromium, app_server, artifacts):
    context, page, _ = open_page(chromium, app_server.url + "/positions", 1600, 1000)
    try:
        wait_drawn(page)
        page.get_by_role("radio", name="Demand by demand").click() \
            if page.get_by_role("radio", name="Demand by demand").count() \
            else page.get_by_role("button", name="Demand by demand").click()
        wait_done(page)
        _pick(page, "Any answer's stance", "Rejected")
        wait_drawn(page)
        shown = page.locator('[class*="st-key-demand-dem-"]').count()
        assert shown >= 1
        link = _share_link(page)
        assert "section=demands" in link and "stance=rejected" in link, link
    finally:
        context.close()
    fresh, again = _fresh(chromium, link)
    try:
        again.locator('[class*="st-key-demand-dem-"]').first.wait_for()
        assert again.locator('[class*="st-key-demand-dem-"]').count() == shown
        screenshot(again, artifacts, "share-positions-fresh")
    finally:
        fresh.close()


def test_data_link_keeps_the_dataset_and_search(chromium, app_server, artifacts):
    context, page, _ = open_page(chromium, app_server.url + "/data", 1600, 1000)
    try:
        wait_drawn(page)
        _pick(page, "Dataset", "Statements")
        box = page.get_by_label("Search this dataset", exact=True)
        box.fill("Lavrov January 2022")
        box.press("Enter")
        wait_done(page)
        count = _text(page, r"of [\d,]+ rows")
        link = _share_link(page)
        assert "dataset=statements" in link and "q=Lavrov" in link, link
    finally:
        context.close()
    fresh, again = _fresh(chromium, link)
    try:
        assert _text(again, r"of [\d,]+ rows") == count
        screenshot(again, artifacts, "share-data-fresh")
    finally:
        fresh.close()
