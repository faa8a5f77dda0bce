"""Builders for the border buildup map: sites as known on a date, distances, the deck.

Pure functions: frames in, frames or a ``pydeck.Deck`` out. Distances are
computed with geopandas in UTM zone 36N (EPSG:32636), whose central meridian
(33° E) runs through the middle of the region, so that scale error stays under
about 0.5 % for sites between 23° E and 41° E.
"""

from __future__ import annotations

import base64
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pydeck as pdk
import shapely

from dashboard import compat, map_labels, theme, urlstate
from dashboard.buildup_dates import MIN_OPACITY as MIN_OPACITY
from dashboard.buildup_dates import headline_estimate as headline_estimate
from dashboard.buildup_dates import nearest_records as nearest_records
from dashboard.buildup_dates import sites_as_of as sites_as_of
from dashboard.schemas import CONFIDENCE, DEPLOYMENT_COUNTRIES
from dashboard.text import fmt_date, plain

BORDERS_FILE = "borders.geojson"
DISTANCE_CRS = "EPSG:32636"
UKRAINE = "UKR"

#: Key moments to jump to, as (label, date).
PRESET_DATES: tuple[tuple[str, str, date], ...] = (  # (button, explanation, date)
    ("Apr 2021", "The spring buildup, 20 April 2021", date(2021, 4, 20)),
    ("Early Dec 2021", "US warnings and the video call, 3 December 2021", date(2021, 12, 3)),
    ("10 Jan 2022", "The extraordinary SSD session in Geneva", date(2022, 1, 10)),
    ("Mid-Feb 2022", "Leaders' visits and the last calls, 15 February 2022", date(2022, 2, 15)),
    ("23 Feb 2022", "The eve of the invasion", date(2022, 2, 23)),
)
DEFAULT_AS_OF = date(2022, 2, 23)
DISTANCE_CHOICES = (0, 25, 50, 100, 200, 300)  # 0 = any distance

#: Dark to light: readable in greyscale, and each has its own outline.
CONFIDENCE_COLOURS = {"high": [178, 34, 34], "medium": [213, 94, 0], "low": [230, 159, 0]}
CONFIDENCE_OUTLINE = {"high": 2.5, "medium": 1.5, "low": 0.8}
NEUTRAL_RADIUS_M = 20_000
UKRAINE_FILL = [255, 221, 87, 90]
BORDER_RGB = [90, 98, 110]
INK_RGB = (27, 31, 36)
LABEL_PX, LABEL_EM = 13, 11  # labels' size, and the width (in ems) past which they wrap
RADIUS_PX = (5, 40)  # the circles' smallest and largest radius on screen
#: The file's cut edges are dropped from the border lines within this many degrees.
CUT_EDGE_DEG = 0.01
#: The map's size at the narrowest common screen (1366 × 768, the sidebar open): the first
#: view fits Ukraine and the sites into it, and shows more around them on wider screens.
FIT_PX = (620, 620)
DEFAULT_VIEW_BOUNDS = (22.1, 44.3, 41.9, 54.7)  # Ukraine and the sites of the shipped data
#: The optional web basemap (only when the reader turns it on).
CARTO_LIGHT = pdk.map_styles.CARTO_LIGHT
BLANK_STYLE = "data:application/json;base64," + base64.b64encode(json.dumps({
    "version": 8, "sources": {},
    "layers": [{"id": "bg", "type": "background", "paint": {"background-color": "#eef2f5"}}],
}).encode()).decode()


# --- data ---------------------------------------------------------------------------------


def load_borders(data_dir: Path) -> gpd.GeoDataFrame:
    """The region's country borders shipped in ``data/borders.geojson`` (EPSG:4326)."""
    path = Path(data_dir) / BORDERS_FILE
    frame = gpd.read_file(path)
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        raise ValueError(f"{path}: expected coordinates in EPSG:4326, got {frame.crs}")
    return frame


def site_distances(deployments: pd.DataFrame, borders: gpd.GeoDataFrame) -> pd.DataFrame:
    """Each deployment with ``distance_km`` to Ukraine and ``inside_ukraine``.

    A site outside Ukraine gets its distance in km to the nearest point of
    Ukraine's internationally recognised border; a site inside (occupied
    Crimea) gets 0 and ``inside_ukraine=True``.
    """
    out = deployments.copy()
    if out.empty:
        out["distance_km"] = pd.Series(dtype="float64")
        out["inside_ukraine"] = pd.Series(dtype="bool")
        return out
    ukraine = borders[borders["iso_a3"] == UKRAINE].to_crs(DISTANCE_CRS).union_all()
    points = gpd.GeoSeries(gpd.points_from_xy(out["lon"], out["lat"]), crs="EPSG:4326")
    projected = points.to_crs(DISTANCE_CRS)
    out["distance_km"] = (projected.distance(ukraine) / 1000).round(1).to_numpy()
    out["inside_ukraine"] = projected.within(ukraine).to_numpy()
    return out


def strength(row_troops: Any, row_btgs: Any) -> float | None:
    """Estimated personnel of a site: troops where given, else BTGs at 800 each."""
    if pd.notna(row_troops):
        return float(row_troops)
    if pd.notna(row_btgs):
        return float(row_btgs) * 800.0
    return None


# --- URL state ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MapState:
    as_of: date
    within_km: int = 0  # 0 = any distance
    countries: tuple[str, ...] = ()
    confidence: tuple[str, ...] = ()
    site: str | None = None


def _default_as_of(domains: urlstate.Domains) -> date:
    return urlstate.clamp(DEFAULT_AS_OF, domains["bounds"])


SPEC = urlstate.Spec("map", (
    urlstate.Param("as_of", "date", "the date", bounds="bounds", default=_default_as_of),
    urlstate.Param("within", "int", "distance", attr="within_km", choices=DISTANCE_CHOICES,
                   default=0),
    urlstate.Param("country", "list", "country", attr="countries",
                   choices=DEPLOYMENT_COUNTRIES),
    urlstate.Param("confidence", "list", "confidence", choices=CONFIDENCE),
    urlstate.Param("site", "id", "site", choices="sites"),
))
MAP_PARAMS = SPEC.names()


def default_state(bounds: tuple[date, date]) -> MapState:
    return MapState(as_of=_default_as_of({"bounds": bounds}))


def state_from_params(params: Mapping[str, str | Sequence[str]], bounds: tuple[date, date],
                      sites: frozenset[str]) -> tuple[MapState, list[str]]:
    """Map state from URL parameters; never raises. Returns (state, notices)."""
    values, notices = urlstate.parse(SPEC, params, {"bounds": bounds, "sites": sites})
    return MapState(**values), notices


def state_to_params(state: MapState, bounds: tuple[date, date]) -> dict[str, str]:
    return urlstate.unparse(SPEC, state.__dict__, {"bounds": bounds})


def filters_note(state: MapState) -> str:
    """The filters of ``state`` in words ('' when none): what a picture of the map says."""
    return "; ".join(part for part in (
        " and ".join(state.countries),
        f"within {state.within_km} km of Ukraine" if state.within_km else "",
        f"{' or '.join(state.confidence)} confidence" if state.confidence else "") if part)


def apply_state(shown: pd.DataFrame, state: MapState) -> pd.DataFrame:
    """Sites that pass the distance, country and confidence filters."""
    mask = pd.Series(True, index=shown.index)
    if state.within_km:
        mask &= shown["distance_km"] <= state.within_km
    if state.countries:
        mask &= shown["country"].isin(state.countries)
    if state.confidence:
        mask &= shown["confidence"].isin(state.confidence)
    return shown[mask]


# --- the deck -----------------------------------------------------------------------------


def tooltip_rows(shown: pd.DataFrame, publishers: Mapping[str, str]) -> list[dict]:
    """One dict per site with every field the tooltip shows, as plain text.

    Not escaped here: Streamlit's deck escapes each value it puts into the tooltip's HTML
    (so escaping here would show ``&amp;``), and a text layer draws its text literally.
    """
    rows = []
    for r in shown.itertuples(index=False):
        force = strength(r.troops_est, r.btg_est)
        figures_text = ", ".join(
            part for part in (f"{int(r.troops_est):,} troops" if pd.notna(r.troops_est) else "",
                              f"{int(r.btg_est)} BTGs" if pd.notna(r.btg_est) else "") if part
        ) or "not reported"
        where = ("inside Ukraine (occupied Crimea)" if r.inside_ukraine
                 else f"{r.distance_km:,.0f} km from Ukraine's border")
        rows.append({
            "deployment_id": r.deployment_id,
            "lon": float(r.lon), "lat": float(r.lat),
            "radius": radius(force),
            "fill": [*CONFIDENCE_COLOURS[r.confidence], int(round(200 * r.opacity))],
            "line": [40, 40, 40, int(round(255 * r.opacity))],
            "line_width": CONFIDENCE_OUTLINE[r.confidence],
            "site": plain(r.site), "region": plain(r.region), "country": plain(r.country),
            "date": fmt_date(r.date), "units": plain(r.units), "strength": figures_text,
            "confidence": plain(r.confidence), "where": where,
            "sources": plain("; ".join(publishers.get(s, s) for s in r.source_ids)),
            "label": short_label(r.site),
        })
    return rows


_LABEL_NOISE = re.compile(r"^(near|areas around|around|north of|south of|west of|east of|"
                          r"northwest of|southwest of)\s+|\s+(training ground|testing ground|"
                          r"range|airfield|air base|airbase|railway station|station|field camp)"
                          r"$", re.IGNORECASE)


def short_label(site: str) -> str:
    """A map label: the place's name in full, without what the tooltip says ('near',
    'training ground', a note in brackets); never cut."""
    base = plain(site).split(" (")[0]
    for _ in range(2):
        base = _LABEL_NOISE.sub("", base).strip()
    return base or plain(site)


def radius(force: float | None) -> float:
    """Circle radius in metres: area grows with the force; a neutral size when unknown."""
    if force is None:
        return NEUTRAL_RADIUS_M
    return float(15_000 + 400 * np.sqrt(force))


TOOLTIP_HTML = (
    "<b>{site}</b><br/>{region}, {country}<br/>Observed {date}<br/>{where}"
    "<br/>Units: {units}<br/>Strength: {strength}<br/>Confidence: {confidence}"
    "<br/><i>Sources: {sources}</i>"
)


def borders_json(borders: gpd.GeoDataFrame) -> str:
    """The borders layer's GeoJSON as compact JSON: Ukraine shaded, and each country's border
    as a line, without the edges where the shipped file was cut out of the world (drawn,
    they would be straight lines across the sea and the land)."""
    frame = shapely.box(*borders.total_bounds).exterior.buffer(CUT_EDGE_DEG)
    ukraine = borders[borders["iso_a3"] == UKRAINE]
    lines = borders.assign(geometry=borders.boundary.difference(frame))
    lines = lines[~lines.geometry.is_empty]
    geo = json.loads(pd.concat([ukraine[["geometry"]], lines[["geometry"]]]).to_json(
        drop_id=True))
    for feature in geo["features"][: len(ukraine)]:
        feature["properties"] = {"fill": UKRAINE_FILL}
    return json.dumps(geo, separators=(",", ":"))


def view_bounds(borders: gpd.GeoDataFrame, sites: pd.DataFrame) -> tuple[float, ...]:
    """(west, south, east, north) of Ukraine and every site: what the first view shows."""
    west, south, east, north = borders[borders["iso_a3"] == UKRAINE].total_bounds
    if len(sites):
        west, east = min(west, sites["lon"].min()), max(east, sites["lon"].max())
        south, north = min(south, sites["lat"].min()), max(north, sites["lat"].max())
    return float(west), float(south), float(east), float(north)


def fit_view(bounds: Sequence[float], width: int = FIT_PX[0], height: int = FIT_PX[1],
             pad: int = 24) -> pdk.ViewState:
    """The view (Web Mercator, 512 px tiles) that shows ``bounds`` whole in a map of
    ``width`` × ``height`` px with ``pad`` px to spare on every side."""
    west, south, east, north = bounds
    top, bottom = (0.5 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / 2 / math.pi
                   for lat in (north, south))  # Web Mercator y: 0 at the top, 1 at the bottom
    scale = min((width - 2 * pad) / ((east - west) / 360), (height - 2 * pad) / (bottom - top))
    y = (top + bottom) / 2
    lat = math.degrees(2 * math.atan(math.exp((0.5 - y) * 2 * math.pi)) - math.pi / 2)
    return pdk.ViewState(latitude=round(lat, 4), longitude=round((west + east) / 2, 4),
                         zoom=round(math.log2(scale / 512), 3))


def _labels_layer(rows: list[dict], view: pdk.ViewState, selected: str | None) -> pdk.Layer:
    """Site names in full, dark on a white halo, long ones on two lines, each beside its
    circle where it overlaps no other name at the first view (:func:`map_labels.place`)."""
    placed = map_labels.place(rows, (view.longitude, view.latitude, view.zoom), FIT_PX,
                              size_px=LABEL_PX, max_em=LABEL_EM, radius_px=RADIUS_PX,
                              selected=selected)
    return pdk.Layer(
        "TextLayer", id="labels", data=[r for r in placed if r["label"]],
        get_position=["lon", "lat"], get_text="label", get_size=LABEL_PX,
        get_color=list(INK_RGB), font_family="'Source Sans Pro, Arial, Helvetica, sans-serif'",
        font_weight=600, character_set="'auto'", outline_width=1,
        outline_color=[255, 255, 255, 255],
        font_settings={"sdf": True, "fontSize": 64, "buffer": 12, "radius": 16},
        max_width=LABEL_EM, word_break="'break-word'", line_height=map_labels.LINE,
        get_pixel_offset="offset", get_text_anchor="anchor", get_alignment_baseline="baseline")


def buildup_deck(borders: gpd.GeoDataFrame | str, rows: list[dict], *,
                 selected: str | None = None, basemap: str | None = None,
                 view: pdk.ViewState | None = None) -> pdk.Deck:
    """The map: borders (:func:`load_borders`, or :func:`borders_json` computed once), sites
    (:func:`tooltip_rows`) sized by strength and coloured by confidence, the ``selected``
    site ringed; ``basemap`` a web style URL (None: offline), ``view`` the first view
    (:func:`fit_view`; by default Ukraine and the sites near it)."""
    chosen = [r for r in rows if r["deployment_id"] == selected]
    view = view or fit_view(DEFAULT_VIEW_BOUNDS)
    layers = [
        pdk.Layer("GeoJsonLayer", id="borders", data=compat.BORDERS_SLOT, stroked=False,
                  filled=True, get_fill_color="properties.fill", get_line_color=BORDER_RGB,
                  line_width_min_pixels=1, pickable=False),
        pdk.Layer("ScatterplotLayer", id="sites", data=rows, get_position=["lon", "lat"],
                  get_radius="radius", get_fill_color="fill", get_line_color="line",
                  get_line_width="line_width", line_width_units="'pixels'", stroked=True,
                  pickable=True, radius_min_pixels=RADIUS_PX[0], radius_max_pixels=RADIUS_PX[1]),
        _labels_layer(rows, view, selected),
    ]
    if chosen:
        layers.append(pdk.Layer(
            "ScatterplotLayer", id="selected", data=chosen, get_position=["lon", "lat"],
            get_radius="radius", radius_min_pixels=10, stroked=True, filled=False,
            get_line_color=list(INK_RGB), line_width_min_pixels=3))
    return compat.compact_deck(
        borders if isinstance(borders, str) else borders_json(borders),
        layers=layers, initial_view_state=view,
        map_style=basemap or BLANK_STYLE,
        map_provider=None if basemap is None else "carto",
        tooltip={"html": TOOLTIP_HTML, "style": {"backgroundColor": "#1B1F24",
                                                  "color": "white", "fontSize": "12px"}},
    )


def map_date_marker(as_of: date) -> tuple[dict, dict]:
    """The map's date on the estimates chart: a vertical line and its label."""
    marker = pd.Timestamp(as_of)
    return ({"type": "line", "xref": "x", "yref": "paper", "x0": marker, "x1": marker,
             "y0": 0, "y1": 1, "line": {"color": theme.INK, "width": 2}},
            {"x": marker, "y": 0.02, "xref": "x", "yref": "paper",
             "text": f" Map date: {fmt_date(as_of)} ", "showarrow": False,
             "xanchor": "right" if marker > pd.Timestamp("2021-12-01") else "left",
             "yanchor": "bottom", "font": {"size": 11}, "bgcolor": "rgba(255,255,255,0.9)"})


def marked_estimates(chart: compat.FrozenFigure, as_of: date) -> compat.FrozenFigure:
    """A frozen estimates chart with the map's date marked, without rebuilding it: the
    marker is added to a copy of its spec."""
    shape, note = map_date_marker(as_of)
    return compat.with_layout_items(chart, shapes=[shape], annotations=[note])
