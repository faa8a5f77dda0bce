"""AppTest over the map page: the date slider and filters drive what the deck draws."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import DATA_DIR

from dashboard import export

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


def test_the_map_picture_is_offered_but_not_drawn_by_the_page(page, monkeypatch):
    """PNG and SVG of the view at a chosen size, drawn only when a download is clicked: the
    page's run never draws the picture."""
    from dashboard import static_map

    def refuse(*args, **kwargs):
        raise AssertionError("the page's run drew the map picture")

    monkeypatch.setattr(static_map, "map_image", refuse)
    at = page()
    assert not at.exception
    downloads = [b.proto.label for b in at.get("download_button")]
    assert downloads[:2] == ["PNG", "SVG"]
    assert "Download the briefing pack (zip)" not in downloads  # the share panel is closed
    at.session_state["share-map"] = True  # the reader opens it: the page runs again
    at.run()
    assert not at.exception
    downloads = [b.proto.label for b in at.get("download_button")]
    assert "Download the briefing pack (zip)" in downloads
    sizes = at.get("button_group")[0].proto.options
    assert [o.content for o in sizes] == [s.label for s in export.SIZES]
    labels = next(layer for layer in json.loads(at.get("deck_gl_json_chart")[0].proto.json)[
        "layers"] if layer["id"] == "labels")["data"]
    assert labels and all(not r["label"].endswith("…") for r in labels)


def test_presentation_mode_shows_only_the_picture(page):
    at = page(present="1", as_of="2021-04-20")
    assert not at.exception
    assert not at.get("deck_gl_json_chart") and not at.get("plotly_chart")
    assert not at.slider and not at.button and not at.get("download_button")
    assert not at.get("arrow_data_frame") and not at.get("dataframe")
    images = at.get("image")
    assert len(images) == 1 and len(images[0].proto.imgs) == 1
    assert "as known on 20 April 2021" in images[0].proto.imgs[0].alt
    assert at.query_params["present"] in ("1", ["1"])  # the mode stays in the link
