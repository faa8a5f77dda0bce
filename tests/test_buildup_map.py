"""Map builders: distances (checked against haversine), as-of selection, deck, URL state."""

from __future__ import annotations

import json
import math
from datetime import date

import geopandas as gpd
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
    assert bm._radius(None) == bm.NEUTRAL_RADIUS_M
    assert bm._radius(10_000) > bm._radius(1_000) > 6_000


def test_deck_layers_colours_and_escaped_tooltips():
    sites = frame(lon=[33.0], lat=[49.0], confidence=["low"])
    sites["site"] = ["<img src=x onerror=alert(1)>"]
    sites["units"] = ["<script>alert(1)</script>"]
    shown = bm.sites_as_of(bm.site_distances(sites, square_borders()), date(2022, 2, 1))
    rows = bm.tooltip_rows(shown, {"src-a": "Reuters & <b>Co</b>"})
    assert rows[0]["site"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert "<script>" not in rows[0]["units"] and "&lt;script&gt;" in rows[0]["units"]
    assert rows[0]["sources"] == "Reuters &amp; &lt;b&gt;Co&lt;/b&gt;"
    assert rows[0]["fill"][:3] == bm.CONFIDENCE_COLOURS["low"]
    assert rows[0]["line_width"] < bm.CONFIDENCE_OUTLINE["high"]
    deck = bm.buildup_deck(square_borders(), rows, selected="dep-0")
    spec = json.loads(deck.to_json())
    assert set(spec) == {"initialViewState", "layers", "mapStyle", "views"}  # borders once
    ids = [layer["id"] for layer in spec["layers"]]
    assert ids == ["borders", "sites", "labels", "selected"]
    assert spec["mapStyle"].startswith("data:application/json;base64,")
    fills = {f["properties"]["iso_a3"]: f["properties"]["fill"]
             for f in spec["layers"][0]["data"]["features"]}
    assert fills["UKR"][3] > 0 and fills["RUS"][3] == 0


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
