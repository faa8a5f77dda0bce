"""AppTest over the map page: the date slider and filters drive what the deck draws."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import DATA_DIR

PAGE = "pages/map.py"


def deck_sites(at) -> list[str]:
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    layer = next(layer for layer in spec["layers"] if layer["id"] == "sites")
    return [row["deployment_id"] for row in layer["data"]]


@pytest.fixture
def page(app_test):
    return lambda **params: app_test(PAGE, DATA_DIR, params).run()


def test_map_runs_and_draws_sites_and_borders(page):
    at = page()
    assert not at.exception
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert [layer["id"] for layer in spec["layers"]][:3] == ["borders", "sites", "labels"]
    assert len(deck_sites(at)) >= 20
    assert spec["mapStyle"].startswith("data:")  # no basemap request by default
    assert len(at.get("plotly_chart")) == 1  # the estimates beside the map


def test_moving_the_date_changes_the_sites(page):
    at = page()
    late = set(deck_sites(at))
    at.slider(key="m_as_of").set_value(date(2021, 4, 20)).run()
    early = set(deck_sites(at))
    assert early and early != late
    assert at.query_params["as_of"] == "2021-04-20"


def test_distance_filter(page):
    at = page()
    everything = deck_sites(at)
    at.select_slider(key="m_within").set_value(50).run()
    near = deck_sites(at)
    assert 0 < len(near) < len(everything)
    assert at.query_params["within"] == "50"


def test_country_and_confidence_filters(page):
    at = page(country="Belarus")
    assert at.multiselect(key="m_countries").value == ["Belarus"]
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    rows = next(layer for layer in spec["layers"] if layer["id"] == "sites")["data"]
    assert rows and {r["country"] for r in rows} == {"Belarus"}
    at.multiselect(key="m_confidence").set_value(["high"]).run()
    assert at.query_params["confidence"] == "high"


def test_step_buttons_and_presets(page):
    at = page(as_of="2022-01-10")
    next(b for b in at.button if b.label == "Later ▶").click().run()
    assert at.slider(key="m_as_of").value > date(2022, 1, 10)
    next(b for b in at.button if b.label == "Apr 2021").click().run()
    assert at.slider(key="m_as_of").value == date(2021, 4, 20)


def test_selected_site_opens_its_record(page):
    at = page(site="dep-001")
    assert not at.exception
    assert any("dep-001" in c.value for c in at.caption)
    assert any(m.value.startswith("## ") and "Pogonovo" in m.value for m in at.markdown)


@pytest.mark.parametrize("params", [{"as_of": "yesterday"}, {"within": "-3"},
                                    {"country": "<x>"}, {"site": "nope"}])
def test_bad_params_fall_back_with_a_notice(page, params):
    at = page(**params)
    assert not at.exception
    assert any("could not be followed" in i.value for i in at.info)
