"""The shipped country borders (data/borders.geojson) and the script that builds them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import geopandas
import pytest
from conftest import DATA_DIR
from shapely.geometry import Point

BORDERS = DATA_DIR / "borders.geojson"
SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "build_borders.py"
BOX = (12.0, 40.0, 52.0, 62.0)


@pytest.fixture(scope="module")
def borders() -> geopandas.GeoDataFrame:
    return geopandas.read_file(BORDERS)


def country(borders: geopandas.GeoDataFrame, iso_a3: str):
    rows = borders[borders["iso_a3"] == iso_a3]
    assert len(rows) == 1, f"expected one feature for {iso_a3}, got {len(rows)}"
    return rows.geometry.iloc[0]


def test_file_exists_and_is_small():
    assert BORDERS.exists()
    assert BORDERS.stat().st_size < 1_000_000


def test_reads_in_wgs84_with_the_documented_properties(borders):
    assert borders.crs is not None and borders.crs.to_epsg() == 4326
    assert set(borders.columns) == {"name", "iso_a3", "geometry"}
    assert list(borders["name"]) == sorted(borders["name"])


def test_geometries_are_valid_polygons(borders):
    assert borders.geometry.is_valid.all()
    assert not borders.geometry.is_empty.any()
    assert set(borders.geom_type) <= {"Polygon", "MultiPolygon"}


def test_region_countries_are_present(borders):
    codes = set(borders["iso_a3"])
    assert {"UKR", "RUS", "BLR"} <= codes
    assert {"MDA", "POL", "ROU", "LTU", "LVA", "EST", "FIN", "GEO", "TUR", "KAZ"} <= codes


def test_crimea_is_drawn_inside_ukraine(borders):
    simferopol = Point(34.10, 44.95)
    assert country(borders, "UKR").contains(simferopol)
    assert not country(borders, "RUS").contains(simferopol)


def test_capitals_fall_in_their_countries(borders):
    assert country(borders, "UKR").contains(Point(30.52, 50.45))  # Kyiv
    assert country(borders, "BLR").contains(Point(27.56, 53.90))  # Minsk


def test_every_feature_lies_inside_the_clip_box(borders):
    min_lon, min_lat, max_lon, max_lat = BOX
    bounds = borders.geometry.bounds
    assert (bounds["minx"] >= min_lon).all() and (bounds["maxx"] <= max_lon).all()
    assert (bounds["miny"] >= min_lat).all() and (bounds["maxy"] <= max_lat).all()


def test_script_reproduces_the_shipped_features(tmp_path, borders):
    spec = importlib.util.spec_from_file_location("build_borders", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = module.main(tmp_path / "borders.geojson")
    rebuilt = geopandas.read_file(out)
    assert list(rebuilt["name"]) == list(borders["name"])
    assert list(rebuilt["iso_a3"]) == list(borders["iso_a3"])
