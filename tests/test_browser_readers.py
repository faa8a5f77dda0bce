"""Readers in a real Chromium: accessibility (axe-core, keyboard), records opened in view,
the positions sections reached from links, and a search an analyst would type."""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import pytest
from browser import assert_no_errors, open_drawer, open_page, screenshot, wait_done, wait_drawn
from conftest import DATA_DIR

pytestmark = pytest.mark.browser

#: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices (headings in order).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"]}

#: Every page, and the states a reader reaches: story mode with a record open, each
#: positions section, a map site open, a dataset with its filters.
AXE_PAGES = [
    ("overview", "/", False),
    ("timeline", "/timeline", False),
    ("timeline-story-record", "/timeline?story=5&record=m-20220110-ssd-extraordinary", True),
    ("map", "/map", False),
    ("map-site", "/map?site=dep-001", True),
    ("positions-side", "/positions", False),
    ("positions-demands", "/positions?section=demands", False),
    ("positions-proposals", "/positions?section=proposals", False),
    ("positions-record", "/positions?section=demands&record=dem-us-art1", True),
    ("data", "/data?dataset=statements", False),
]


def _serious(violations: list[dict]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} at "
            + "; ".join(str(n["target"]) for n in v["nodes"][:5])
            for v in violations if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize(("name", "path", "drawer"), AXE_PAGES, ids=[p[0] for p in AXE_PAGES])
def test_axe_finds_no_serious_violation(chromium, app_server, artifacts, name, path, drawer):
    from axe_playwright_python.sync_playwright import Axe

    context, page, _ = open_page(chromium, app_server.url + path, 1600, 1000)
    try:
        assert_no_errors(page)
        wait_drawn(page)
        if drawer:
            page.get_by_role("dialog").wait_for(timeout=20_000)
        results = Axe().run(page, options=AXE_OPTIONS).response
        assert results["testEngine"]["version"].startswith("4.")
        found = _serious(results["violations"])
        assert not found, "\n".join(found)
        # every chart is a figure with a text alternative: what, how much, the main point
        labels = page.locator('[data-testid="stPlotlyChart"]').evaluate_all(
            "els => els.map(e => [e.getAttribute('role'), e.getAttribute('aria-label')])")
        for role, label in labels:
            assert role == "figure" and label and "Main point:" in label, (role, label)
        screenshot(page, artifacts, f"a11y-{name}")
    finally:
        context.close()


def test_axe_catches_what_it_should(chromium, app_server):
    """The check above can fail: text below 4.5:1 added to a page is reported."""
    from axe_playwright_python.sync_playwright import Axe

    context, page, _ = open_page(chromium, app_server.url + "/", 1280, 800)
    try:
        page.evaluate("""() => { const p = document.createElement('p');
            p.textContent = 'Pale text'; p.style.color = '#AAAAAA';
            document.querySelector('[data-testid="stMain"]').prepend(p); }""")
        found = _serious(Axe().run(page, options=AXE_OPTIONS).response["violations"])
        assert any(f.startswith("color-contrast") for f in found), found
    finally:
        context.close()


def test_a_story_record_opens_in_view(chromium, app_server, artifacts):
    context, page, _ = open_page(chromium, app_server.url + "/timeline?story=9", 1600, 1000)
    try:
        wait_drawn(page)
        step = page.locator(".st-key-story_step")
        button = step.get_by_role("button", name="Open").last
        button.scroll_into_view_if_needed()
        row = button.locator("xpath=ancestor::*[@data-testid='stHorizontalBlock'][1]")
        title = row.inner_text().split("·")[-1].strip().splitlines()[0].rstrip("…")
        button.click()
        drawer = open_drawer(page)
        heading = drawer.locator("h2").filter(has_text=title[:40])
        assert heading.count() == 1, drawer.locator("h2").all_inner_texts()
        box = heading.bounding_box()
        viewport = page.viewport_size
        assert box and 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"], box
        assert 0 <= box["x"] and box["x"] + box["width"] <= viewport["width"], box
        screenshot(page, artifacts, "story-step-9-record-open")
    finally:
        context.close()


SECTIONS = [("side", "US and Russia, side by side", '[class*="st-key-issue-"]'),
            ("demands", "Demand by demand", '[class*="st-key-demand-dem-"]'),
            ("proposals", "The US and NATO proposals", '[class*="st-key-demand-dem-"]')]


@pytest.mark.parametrize(("section", "label", "content"), SECTIONS,
                         ids=[s[0] for s in SECTIONS])
def test_each_positions_section_opens_from_a_link(chromium, app_server, artifacts, section,
                                                  label, content):
    context, page, _ = open_page(
        chromium, f"{app_server.url}/positions?section={section}&as_of=2022-02-01", 1600, 1000)
    try:
        assert_no_errors(page)
        wait_drawn(page)
        chosen = page.get_by_role("radiogroup").first.locator('[aria-checked="true"]')
        if not chosen.count():  # the segmented control marks its choice as pressed
            chosen = page.locator('[data-testid="stButtonGroup"] [aria-pressed="true"]')
        assert label in chosen.first.inner_text()
        first = page.locator(content).first
        first.wait_for()
        top = first.evaluate("e => e.getBoundingClientRect().top")
        assert top < page.viewport_size["height"], f"{section} starts {top:.0f} px down"
        screenshot(page, artifacts, f"positions-section-{section}")
    finally:
        context.close()


def _lavrov_january_2022() -> int:
    statements = pd.read_csv(DATA_DIR / "statements.csv", parse_dates=["date"])
    return int(((statements["speaker"] == "sergey-lavrov")
                & (statements["date"].dt.strftime("%Y-%m") == "2022-01")).sum())


def test_lavrov_january_2022_finds_his_statements_of_that_month(chromium, app_server,
                                                                 artifacts):
    expected = _lavrov_january_2022()
    assert expected >= 3
    context, page, _ = open_page(chromium, app_server.url + "/data?dataset=statements")
    try:
        box = page.get_by_label("Search this dataset", exact=True)
        box.fill("Lavrov January 2022")
        box.press("Enter")
        wait_done(page)
        page.get_by_text(f"{expected} of ").first.wait_for(timeout=15_000)
        assert "q=Lavrov" in page.url
        wait_drawn(page)
        screenshot(page, artifacts, "data-lavrov-january-2022")
    finally:
        context.close()
    # the link, opened fresh, finds the same rows
    context, page, _ = open_page(
        chromium, app_server.url + "/data?dataset=statements&q=" + quote("Lavrov January 2022"))
    try:
        page.get_by_text(f"{expected} of ").first.wait_for(timeout=15_000)
    finally:
        context.close()


def _tab_to(page, predicate: str, limit: int = 150) -> int:
    """Press Tab until the focused element satisfies ``predicate`` (JS, given ``el``);
    return the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({predicate}); }}"):
            return presses
    raise AssertionError(f"no focusable element matching {predicate} in {limit} tabs")


def test_a_record_opens_and_closes_by_keyboard(chromium, app_server, artifacts):
    context, page, _ = open_page(chromium, app_server.url + "/positions?section=demands",
                                 1600, 1000)
    try:
        wait_drawn(page)
        _tab_to(page, "el.tagName === 'BUTTON' && el.innerText.trim() === 'Open'")
        page.keyboard.press("Enter")
        drawer = page.get_by_role("dialog")
        drawer.wait_for(timeout=20_000)
        wait_done(page)
        assert "record=" in page.url
        screenshot(page, artifacts, "keyboard-record-open")
        page.keyboard.press("Escape")
        drawer.wait_for(state="hidden", timeout=20_000)
        wait_done(page)
        page.wait_for_function("() => !location.search.includes('record=')", timeout=15_000)
    finally:
        context.close()


def test_the_timeline_search_works_by_keyboard(chromium, app_server):
    context, page, _ = open_page(chromium, app_server.url + "/timeline", 1600, 1000)
    try:
        wait_drawn(page)
        _tab_to(page, "el.getAttribute('aria-label') === 'Search titles, summaries and quotes'")
        page.keyboard.type("Geneva")
        page.keyboard.press("Enter")
        wait_done(page)
        page.wait_for_function("() => location.search.includes('q=Geneva')", timeout=15_000)
        # the story toggle is a switch the keyboard can flip
        _tab_to(page, "el.getAttribute('role') === 'switch' || el.type === 'checkbox'")
        page.keyboard.press("Space")
        wait_done(page)
        page.wait_for_function("() => location.search.includes('story=')", timeout=15_000)
    finally:
        context.close()
