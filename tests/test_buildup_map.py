"""Map builders: distances (checked against haversine), as-of selection, deck, URL state."""

from __future__ import annotations

import json
import math
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from conftest import DATA_DIR
from shapely.geometry import Polygon, box

from dashboard import buildup_map as bm
from dashboard.datasets import load_datasets


def haversine_km(lon1, lat1, lon2, lat2) -> float:
    """Great-circle distance on a sphere of radius 6371.0088 km (independent of geopandas)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def square_borders() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"name": ["Testland", "Eastland"], "iso_a3": ["UKR", "RUS"]},
                            geometry=[box(30, 48, 32, 50), box(32, 48, 36, 50)],
                            crs="EPSG:4326")


def frame(**cols) -> pd.DataFrame:
    n = len(next(iter(cols.values())))
    base = {"deployment_id": [f"dep-{i}" for i in range(n)], "site": [f"S{i}" for i in range(n)],
            "region": ["R"] * n, "country": ["Russia"] * n, "units": ["u"] * n,
            "troops_est": [pd.NA] * n, "btg_est": [pd.NA] * n, "confidence": ["high"] * n,
            "source_ids": [["src-a"]] * n, "date": pd.to_datetime(["2022-01-01"] * n)}
    return pd.DataFrame({**base, **cols})


def test_distance_matches_haversine_on_a_known_point():
    sites = frame(lon=[33.0, 31.0], lat=[49.0, 49.0])
    out = bm.site_distances(sites, square_borders())
    expected = haversine_km(33.0, 49.0, 32.0, 49.0)  # nearest border point: due west
    assert out.loc[0, "distance_km"] == pytest.approx(expected, rel=0.01)
    assert not out.loc[0, "inside_ukraine"]
    assert out.loc[1, "distance_km"] == 0 and out.loc[1, "inside_ukraine"]


def test_distance_on_the_real_border_against_the_nearest_vertex():
    borders = bm.load_borders(DATA_DIR)
    ukraine = borders[borders["iso_a3"] == "UKR"].geometry.iloc[0]
    belgorod = (36.59, 50.60)
    out = bm.site_distances(frame(lon=[belgorod[0]], lat=[belgorod[1]]), borders)
    # independent: the closest vertex of Ukraine's outline by haversine (an upper bound that a
    # densely drawn border makes tight)
    rings = [ukraine.exterior] if isinstance(ukraine, Polygon) else [
        g.exterior for g in ukraine.geoms]
    nearest = min(haversine_km(*belgorod, x, y) for ring in rings for x, y in ring.coords)
    assert 10 < out.loc[0, "distance_km"] <= nearest + 0.5
    assert out.loc[0, "distance_km"] == pytest.approx(nearest, abs=3)


def test_crimea_sites_are_inside_ukraine():
    borders = bm.load_borders(DATA_DIR)
    out = bm.site_distances(frame(lon=[34.10], lat=[44.95]), borders)  # Simferopol
    assert out.loc[0, "inside_ukraine"] and out.loc[0, "distance_km"] == 0


def test_sites_as_of_keeps_the_latest_observation_and_fades_old_ones():
    sites = frame(lon=[33.0, 33.0, 34.0], lat=[49.0, 49.0, 49.5],
                  date=pd.to_datetime(["2021-04-01", "2022-01-20", "2022-03-01"]))
    sites["site"] = ["A", "A", "B"]
    sites["distance_km"] = [10.0, 10.0, 20.0]
    shown = bm.sites_as_of(sites, date(2022, 2, 1))
    assert list(shown["deployment_id"]) == ["dep-1"]  # B not yet reported; A's latest
    assert shown.loc[0, "observations"] == 2 and shown.loc[0, "opacity"] == 1.0
    early = bm.sites_as_of(sites, date(2021, 9, 1))
    assert early.loc[0, "opacity"] < 1.0
    assert bm.sites_as_of(sites, date(2020, 1, 1)).empty


def test_strength_and_radius():
    assert bm.strength(3000, pd.NA) == 3000
    assert bm.strength(pd.NA, 2) == 1600
    assert bm.strength(pd.NA, pd.NA) is None
    assert bm.radius(None) == bm.NEUTRAL_RADIUS_M
    assert bm.radius(10_000) > bm.radius(1_000) > 6_000


def test_deck_layers_colours_and_plain_tooltip_text():
    """Rows hold plain text: Streamlit's deck escapes each value it puts into the tooltip's
    HTML (once; tests/test_browser_map.py checks it in Chromium) and a text layer draws its
    text literally, so escaping here would show ``&lt;`` and ``&#x27;``."""
    sites = frame(lon=[33.0], lat=[49.0], confidence=["low"])
    sites["site"] = ["<img src=x onerror=alert(1)> camp's"]
    sites["units"] = ["<script>alert(1)</script>"]
    shown = bm.sites_as_of(bm.site_distances(sites, square_borders()), date(2022, 2, 1))
    rows = bm.tooltip_rows(shown, {"src-a": "Reuters & <b>Co</b>"})
    assert rows[0]["site"] == "<img src=x onerror=alert(1)> camp's"
    assert rows[0]["label"] == "<img src=x onerror=alert(1)> camp's"
    assert rows[0]["units"] == "<script>alert(1)</script>"
    assert rows[0]["sources"] == "Reuters & <b>Co</b>"
    assert "Ukraine's border" in rows[0]["where"]
    assert rows[0]["fill"][:3] == bm.CONFIDENCE_COLOURS["low"]
    assert rows[0]["line_width"] < bm.CONFIDENCE_OUTLINE["high"]
    deck = bm.buildup_deck(square_borders(), rows, selected="dep-0")
    spec = json.loads(deck.to_json())
    assert set(spec) == {"initialViewState", "layers", "mapStyle", "views"}  # borders once
    ids = [layer["id"] for layer in spec["layers"]]
    assert ids == ["borders", "sites", "labels", "selected"]
    assert spec["mapStyle"].startswith("data:application/json;base64,")
    features = spec["layers"][0]["data"]["features"]
    # Ukraine shaded; every border a line, except the edges where the file was cut out
    assert [f["properties"] for f in features if "fill" in f["properties"]] == [
        {"fill": bm.UKRAINE_FILL}]
    lines = [f["geometry"] for f in features if f["geometry"]["type"].endswith("LineString")]
    assert len(lines) == 2
    xs = {x for line in lines for x, _ in _coords(line)}
    assert xs == {32.0}  # the shared border; the file's edges (30°E, 36°E, 48°N, 50°N) cut
    labels = next(layer for layer in spec["layers"] if layer["id"] == "labels")
    assert labels["data"][0]["label"] == "<img src=x onerror=alert(1)> camp's"
    assert labels["characterSet"] == "auto" and labels["outlineWidth"] >= 1  # a white halo
    assert labels["getPixelOffset"] == "@@=offset"


def _coords(geometry: dict) -> list:
    parts = geometry["coordinates"]
    return parts if geometry["type"] == "LineString" else [c for part in parts for c in part]


def test_long_names_are_never_cut():
    assert bm.short_label("Military camp next to Kachyk Lake (Crimea)") == \
        "Military camp next to Kachyk Lake"
    assert bm.short_label("Near Rechitsa (likely camp)") == "Rechitsa"
    assert bm.short_label("Pogonovo training ground (field camp south of Voronezh)") == \
        "Pogonovo"
    assert bm.short_label("Training ground") == "Training ground"  # never empty


def test_first_view_fits_ukraine_and_the_sites():
    bounds = (22.1, 44.3, 41.9, 54.7)
    view = bm.fit_view(bounds, 620, 620, pad=24)
    scale = 512 * 2 ** view.zoom  # px per world width
    assert (bounds[2] - bounds[0]) / 360 * scale == pytest.approx(620 - 48, rel=0.01)
    assert bounds[0] < view.longitude < bounds[2] and bounds[1] < view.latitude < bounds[3]
    assert bm.fit_view(bounds, 1240, 1240).zoom == pytest.approx(view.zoom + 1, abs=0.1)


def test_headline_estimate_and_nearest_records():
    ds = load_datasets(DATA_DIR)
    head = bm.headline_estimate(ds.troop_estimates, date(2022, 2, 18))
    assert head["date"] == pd.Timestamp("2022-02-18")
    assert bm.headline_estimate(ds.troop_estimates, date(2015, 1, 1)) is None
    records = pd.DataFrame({
        "date": pd.to_datetime(["2022-01-01", "2022-01-09", "2022-01-12", "2022-01-10",
                                "2022-03-01"]),
        "kind": ["Meeting", "Statement", "Meeting", "Deployment", "Statement"],
        "record_id": ["m-far", "s-near", "m-next", "dep-same-day", "s-late"]})
    near = bm.nearest_records(records, date(2022, 1, 10), n=3)
    # meetings and statements only, closest in time first (1 day, 2 days, 9 days)
    assert list(near["record_id"]) == ["s-near", "m-next", "m-far"]
    assert list(near["days_away"]) == [1, 2, 9]
    assert bm.nearest_records(records[records["kind"] == "Deployment"], date(2022, 1, 10)).empty


BOUNDS = (date(2021, 3, 1), date(2022, 2, 23))


def test_map_state_round_trip_and_bad_params():
    state = bm.MapState(as_of=date(2022, 1, 10), within_km=50, countries=("Belarus",),
                        confidence=("high",), site="dep-001")
    params = bm.state_to_params(state, BOUNDS)
    parsed, notices = bm.state_from_params(params, BOUNDS, frozenset({"dep-001"}))
    assert parsed == state and notices == []
    assert bm.state_to_params(bm.default_state(BOUNDS), BOUNDS) == {}
    for bad in ({"as_of": "2022-02-30"}, {"as_of": "1999-01-01"}, {"within": "7"},
                {"country": "Mars"}, {"confidence": "sure"}, {"site": "<b>"}):
        parsed, notices = bm.state_from_params(bad, BOUNDS, frozenset())
        assert notices, bad
        assert BOUNDS[0] <= parsed.as_of <= BOUNDS[1]


def test_apply_state_filters_distance_country_confidence():
    shown = frame(lon=[33.0, 34.0], lat=[49.0, 49.0], confidence=["high", "low"],
                  country=["Russia", "Belarus"])
    shown["distance_km"] = [10.0, 120.0]
    within = bm.apply_state(shown, bm.MapState(as_of=BOUNDS[1], within_km=50))
    assert list(within["deployment_id"]) == ["dep-0"]
    by_country = bm.apply_state(shown, bm.MapState(as_of=BOUNDS[1], countries=("Belarus",)))
    assert list(by_country["deployment_id"]) == ["dep-1"]
    by_conf = bm.apply_state(shown, bm.MapState(as_of=BOUNDS[1], confidence=("high",)))
    assert list(by_conf["deployment_id"]) == ["dep-0"]


def test_names_are_placed_apart_strongest_and_selected_first():
    """Twelve sites in a cluster: the names drawn never overlap (boxes as placed), the
    strongest site and the selected one are named, the rest are left to the tooltip."""
    from dashboard import map_labels

    rows = [{"deployment_id": f"d{i}", "lon": 36 + 0.15 * (i % 4), "lat": 50 + 0.1 * (i // 4),
             "radius": 15_000 + 1_000 * i, "label": f"Site number {i} camp"} for i in range(12)]
    placed = map_labels.place(rows, (36.2, 50.1, 5.0), (2000, 2000), size_px=13, max_em=11,
                              radius_px=(5, 40), selected="d0")
    named = [r for r in placed if r["label"]]
    assert {"d0", "d11"} <= {r["deployment_id"] for r in named} and len(named) < 12
    xy = map_labels._pixels(np.array([r["lon"] for r in named]),
                            np.array([r["lat"] for r in named]), 5.0)
    boxes = []
    for (x, y), row in zip(xy, named, strict=True):
        r = map_labels._radius_px(row["radius"], row["lat"], 5.0, (5, 40))
        lines = map_labels.wrap(row["label"], 13, 11)
        w = max(map(len, lines)) * map_labels.CHAR_EM * 13 + 4
        h = len(lines) * map_labels.LINE * 13 + 4
        box = next(b for p, b in map_labels._places(x, y, r, w, h) if p["offset"] == row[
            "offset"] and p["anchor"] == row["anchor"])
        assert not map_labels._hits(box, np.array(boxes).reshape(-1, 4))
        boxes.append(box)
