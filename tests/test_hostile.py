"""Hostile text in every free-text column: shown as text, never run (AppTest and Chromium)."""

from __future__ import annotations

import re

import pytest
from browser import assert_no_errors, open_page, screenshot, wait_drawn
from conftest import DATA_DIR, AppServer
from hostile import FLAG, make_hostile_copy

from dashboard.datasets import load_datasets
from dashboard.views import ALL_VIEWS

PAGES = {v.url_path: v.path for v in ALL_VIEWS}
DEEP = {"timeline": "?record=m-20220110-ssd-extraordinary&story=3",
        "map": "?site=dep-001", "positions": "?as_of=2025-12-14", "data": "?dataset=statements",
        "overview": ""}
# the data page runs only its open tab: each tab that shows data text, opened by its link
CASES = [(path, DEEP[path]) for path in PAGES] + [
    ("data", f"?dataset=statements&tab={tab}")
    for tab in ("sources", "discrepancies", "glossary", "cite")]


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    return make_hostile_copy(DATA_DIR, tmp_path_factory.mktemp("hostile") / "data")


def test_hostile_copy_is_still_valid_data(hostile_dir):
    ds = load_datasets(hostile_dir)
    assert ds.problems == ()
    assert ds.statements["quote"].str.contains("<script>", regex=False).any()


@pytest.mark.parametrize(("url_path", "query"), CASES)
def test_pages_show_hostile_text_as_text(hostile_dir, url_path, query, app_test):
    params = dict(p.split("=") for p in query.lstrip("?").split("&") if p)
    at = app_test(PAGES[url_path], hostile_dir, params).run()
    assert not at.exception, at.exception
    for element in at.markdown:
        value = element.value
        # Markdown shows a backslash-escaped character as itself: only unescaped marks count
        assert not re.search(r"(?<!\\)<(script|img|a )", value), value[:200]
        assert not re.search(r"(?<!\\)\]\(javascript:", value), value[:200]
        assert not re.search(r"(?<!\\)!\[tracker", value), value[:200]


@pytest.fixture(scope="module")
def hostile_server(hostile_dir, artifacts):
    server = AppServer(hostile_dir, artifacts / "server-hostile.log")
    yield server
    server.stop()


@pytest.mark.browser
@pytest.mark.parametrize(("url_path", "query"), CASES)
def test_no_script_runs_in_chromium(chromium, hostile_server, artifacts, url_path, query):
    url = hostile_server.url + ("/" if url_path == "overview" else f"/{url_path}")
    context, page, log = open_page(chromium, url + query)
    try:
        wait_drawn(page)  # charts, tables and maps have drawn
        assert_no_errors(page)
        assert page.evaluate(f"() => window.{FLAG}") is None, "a payload ran"
        assert not log["errors"], log["errors"]
        assert not [u for u in log["outside"] if "example.invalid" in u], "an image loaded"
        assert page.locator("script:not([src])").filter(has_text=FLAG).count() == 0
        assert page.locator('a[href*="example.invalid"], a[href^="javascript"]').count() == 0
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 1280 + 20, f"the layout overflows sideways ({width}px)"
        screenshot(page, artifacts, f"hostile-{url_path}"
                   + (f"-{query.partition('tab=')[2]}" if "tab=" in query else ""))
    finally:
        context.close()
