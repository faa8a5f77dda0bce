"""AppTest over every page: each runs without exception, on real and on broken data."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import DATA_DIR, FIXTURES, ROOT
from streamlit.testing.v1 import AppTest

from dashboard.views import ALL_VIEWS

TIMEOUT = 60


@pytest.fixture
def run_page(app_test):
    return lambda path, data_dir: app_test(path, data_dir, timeout=TIMEOUT).run()


@pytest.mark.parametrize("view", ALL_VIEWS, ids=[v.url_path for v in ALL_VIEWS])
def test_page_runs_on_real_data(view, run_page):
    at = run_page(view.path, DATA_DIR)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("view", ALL_VIEWS, ids=[v.url_path for v in ALL_VIEWS])
def test_page_runs_on_broken_data(view, run_page):
    at = run_page(view.path, FIXTURES / "broken")
    assert not at.exception, at.exception
    assert at.error, "the problems banner is shown"
    assert "could not be loaded" in at.error[0].value


def test_every_view_url_matches_its_file():
    """Streamlit shows 'Page not found' for a URL path that differs from the page's file name
    (the pages/ folder is also read the legacy way), so each view keeps them equal."""
    for view in ALL_VIEWS:
        assert view.path == f"pages/{view.url_path}.py"


def test_app_entry_runs_and_routes_to_overview(monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(DATA_DIR))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    assert at.title[0].value == "US–Russia Dialogue Dashboard"


def test_a_closed_share_panel_costs_the_page_nothing_and_opens_on_a_click(run_page):
    """The share panel is made only while open: the first page does not send the link's
    code block (a large script for the browser); opening the panel shows the link."""
    at = run_page("pages/overview.py", DATA_DIR)
    assert not at.get("code")
    assert not any("Link to this view" in m.value for m in at.markdown)
    at.session_state["share-overview"] = True  # the reader opens it: the page runs again
    at.run()
    assert not at.exception
    assert at.get("code") and any("Link to this view" in m.value for m in at.markdown)


def test_overview_counts_follow_the_data(run_page):
    at = run_page("pages/overview.py", FIXTURES / "valid")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Meetings & calls"] == "2"
    assert metrics["Sources"] == "2"
    assert metrics["Sites"] == "2"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "What the dashboard holds" in spec["layout"]["title"]["text"]
    assert any("1 Nov 2021 to 18 Feb 2022" in m.value for m in at.markdown)


def test_overview_banner_names_problems(run_page):
    at = run_page("pages/overview.py", FIXTURES / "broken")
    assert "demands.csv" in at.error[0].value
    code = at.get("code")[0].proto.code_text
    assert "meetings.csv:2: date:" in code


# A search box on each view that keeps state (key) and a value to type into it.
SEARCH_BOXES = {"timeline": "f_text", "data": "d_text"}
SLIDERS = {"map": "m_as_of", "positions": "p_as_of"}


@pytest.mark.parametrize("view", [v for v in ALL_VIEWS if v.url_path != "overview"],
                         ids=lambda v: v.url_path)
def test_leaving_a_view_and_coming_back(view, run_page):
    """Streamlit drops a widget's value when its page is left; coming back through the
    sidebar must neither fail (it did: a missing date range, a missing key) nor lose the
    reader's filters."""
    at = run_page(view.path, DATA_DIR)
    box = SEARCH_BOXES.get(view.url_path)
    if box:
        at.text_input(key=box).input("Geneva").run()
    else:  # the map and the positions: move the date
        at.slider(key=SLIDERS[view.url_path]).set_value(date(2021, 11, 1)).run()
        moved = at.slider(key=SLIDERS[view.url_path]).value
    for other in ("pages/overview.py", view.path, "pages/overview.py", view.path):
        at.switch_page(other).run()
        assert not at.exception, (other, at.exception)
    if box:
        assert at.text_input(key=box).value == "Geneva"
    else:
        assert at.slider(key=SLIDERS[view.url_path]).value == moved


def test_presentation_mode_shows_each_chart_as_its_slide_picture(app_test):
    """In presentation mode a chart is its 16:9 export (nothing to click, type sized for a
    slide); the charts shared with other sessions are not changed by it."""
    presenting = app_test("pages/timeline.py", DATA_DIR, {"present": "1"}, TIMEOUT).run()
    assert not presenting.exception
    assert list(presenting.get("plotly_chart")) == []
    assert not presenting.button and not presenting.get("download_button")
    pictures = [image.proto.imgs[0] for image in presenting.get("image")]
    assert len(pictures) == 2
    assert "dated records" in pictures[0].alt and "troop estimates" in pictures[1].alt
    normal = app_test("pages/timeline.py", DATA_DIR, timeout=TIMEOUT).run()
    charts = [json.loads(c.proto.spec) for c in normal.get("plotly_chart")]
    assert len(charts) == 2 and all(c["layout"].get("height") != 900 for c in charts)
