"""The border buildup map as a still picture for slides and print (PNG or SVG).

A pure builder, drawn offline: Agg, a font found on this machine, no tiles, no pyplot.
Units: the layout is in CSS px like :data:`dashboard.export.SIZES`; the figure is
``width / 96`` × ``height / 96`` inches, so 1 CSS px = 0.75 pt and a font size in CSS px is
its em size, as in CSS (16 px = 12 pt). PNGs are rendered at 96 × ``SCALE`` dpi; "display
pixels" are those PNG pixels. The projection is a Lambert conformal conic centred on the
region (parallels 46° N and 54° N, 32° E): circles stay round, scale within 1 % of true.
"""

from __future__ import annotations

import io
import textwrap
import threading
from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import shapely
from adjustText import adjust_text
from matplotlib import font_manager, patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.offsetbox import AnchoredOffsetbox, DrawingArea, HPacker, TextArea, VPacker
from matplotlib.patches import Circle, PathPatch, Rectangle
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from pyproj import Geod, Transformer
from shapely.geometry.polygon import orient

from dashboard import buildup_map, export, theme
from dashboard.figures import SITE_NAME
from dashboard.text import fmt_date, plain

MAP_CRS = "+proj=lcc +lat_0=50 +lon_0=32 +lat_1=46 +lat_2=54 +datum=WGS84 +units=m +no_defs"
CSS_DPI, S = 96, export.SCALE  # S: display pixels per CSS px
PT, DPI = 72 / CSS_DPI, CSS_DPI * export.SCALE  # PT: points per CSS px
MARGIN, TITLE_PX, SUBTITLE_PX, TEXT_PX, NAME_PX = 24, 32, 20, 16, 18
HALO_PX, STACK_GAP_PX, FAR = 2, 3, 1e7  # halo; gap in a block of labels; reach of edge bands
LABEL_WRAP = 34  # characters per label line: longer names wrap, never cut
UKRAINE_FILL = "#FFF3C4"  # the live map's [255, 221, 87] at 35 % over white
LAND, SEA, BORDER, FRAME, OUTLINE = "#FFFFFF", "#EEF2F5", "#9AA3AD", "#C9D0D7", (0.16,) * 3
PX_PER_M = 7 / buildup_map.NEUTRAL_RADIUS_M  # circle radius, CSS px per metre of the live map
FILL_ALPHA = 200 / 255
STRENGTH_EXAMPLES, SCALE_STEPS_KM = (50_000, 10_000), (50, 100, 200, 250, 500, 1000)
EXPLAIN = "circle area grows with reported strength; colour gives confidence"
NOTE = "Ukraine's internationally recognised borders shaded, Crimea included. " \
       "Borders: Natural Earth."
#: Country names, each at the first of its places (lon, lat) that is free.
COUNTRY_NAMES = {"UKRAINE": ((31, 49),), "BELARUS": ((27.3, 54.1), (28.3, 52.8)), "POLAND": (
    (19.8, 52),), "RUSSIA": ((42.3, 53.4), (44, 51), (40.5, 52.5)), "ROMANIA": ((24.8, 46),)}
FONTS = ("Source Sans Pro", "Source Sans 3", "Helvetica Neue", "Arial", "Liberation Sans")
ANGLES = np.radians([0, 180, 20, -20, 160, -160, 45, -45, 135, -135, 70, -70, 110, -110, 90, -90])
GROW = np.array([-1, -1, 1, 1])  # a box's extents plus GROW × px: the box grown by px
CORNERS = ("lower left", "upper left", "lower right", "upper right")
ITERATIONS = 100  # of adjustText: a fixed number, so the layout is the same every time
HALO = [patheffects.withStroke(linewidth=3, foreground="white")]
_lock = threading.Lock()  # rc_context (SVG settings) changes matplotlib's global state
_names = {entry.name for entry in font_manager.fontManager.ttflist}
FONT = next((name for name in FONTS if name in _names), "DejaVu Sans")  # bundled fallback


@dataclass(frozen=True)
class Label:
    """A site's label as placed: ``box`` (text and halo) and ``point`` in display pixels."""

    deployment_id: str
    site: str
    text: Text
    box: Bbox
    point: tuple[float, float]
    radius: float


@dataclass
class StaticMap:
    """The drawn map: the figure, its size, every site's label and the legend's box."""

    figure: Figure
    size: export.Size
    labels: list[Label]
    legend: Bbox


def _text_kw(px: float, colour: str = theme.INK, **kw) -> dict:
    """Text properties: size in CSS px; data shown literally (no mathtext, no TeX)."""
    return {"fontsize": px * PT, "color": colour, "fontfamily": FONT, "parse_math": False,
            "usetex": False, **kw}


def _path(geom) -> Path:
    rings = [ring for polygon in getattr(geom, "geoms", [geom])
             for ring in (orient(polygon).exterior, *orient(polygon).interiors)]
    return Path.make_compound_path(*(Path(np.asarray(r.coords)[:, :2], closed=True)
                                     for r in rings))


def _to_map(lon, lat, inverse: bool = False):
    crs = (MAP_CRS, "EPSG:4326") if inverse else ("EPSG:4326", MAP_CRS)
    return Transformer.from_crs(*crs, always_xy=True).transform(lon, lat)


def _map_axes(fig: Figure, rect: tuple, size: export.Size, borders: gpd.GeoDataFrame,
              sites: pd.DataFrame, xs: np.ndarray, ys: np.ndarray) -> tuple[Axes, np.ndarray]:
    """Borders (Ukraine shaded) over Ukraine and every site, to scale; sites as circles: area
    by strength (the live map's square-root law), colour by confidence, old ones paler."""
    ax = fig.add_axes(rect, facecolor=LAND, xticks=[], yticks=[])  # beyond the file: land
    for spine in ax.spines.values():
        spine.set(edgecolor=FRAME, linewidth=PT)
    frame = shapely.segmentize(shapely.box(*borders.total_bounds), 0.5)
    sea = gpd.GeoSeries([frame.difference(borders.union_all())], crs=borders.crs)
    ax.add_patch(PathPatch(_path(sea.to_crs(MAP_CRS).iloc[0]), facecolor=SEA, linewidth=0))
    projected = borders.to_crs(MAP_CRS)
    for row in projected.itertuples(index=False):
        ours = row.iso_a3 == buildup_map.UKRAINE
        ax.add_patch(PathPatch(_path(row.geometry), facecolor=UKRAINE_FILL if ours else LAND,
                               edgecolor="#7A838C" if ours else BORDER, zorder=1 + ours,
                               linewidth=(1.5 if ours else 1.0) * PT))
    ukraine = projected[projected["iso_a3"] == buildup_map.UKRAINE]
    x0, y0, x1, y1 = (ukraine if len(ukraine) else projected).total_bounds
    x0, x1, y0, y1 = min([x0, *xs]), max([x1, *xs]), min([y0, *ys]), max([y1, *ys])
    aspect, pad = rect[2] * size.width / (rect[3] * size.height), 0.06 * max(x1 - x0, y1 - y0)
    half_w, half_h = (x1 - x0) / 2 + pad, (y1 - y0) / 2 + pad
    half_w, half_h = max(half_w, half_h * aspect), max(half_h, half_w / aspect)
    ax.set(xlim=((x0 + x1) / 2 - half_w, (x0 + x1) / 2 + half_w), autoscale_on=False,
           ylim=((y0 + y1) / 2 - half_h, (y0 + y1) / 2 + half_h))
    radii = np.array([buildup_map.radius(buildup_map.strength(t, b)) * PX_PER_M for t, b
                      in zip(sites["troops_est"], sites["btg_est"], strict=True)], dtype=float)
    opacity = sites["opacity"].to_numpy(dtype=float)
    rgb = np.array([buildup_map.CONFIDENCE_COLOURS[c] for c in sites["confidence"]]) / 255
    face = np.column_stack([rgb.reshape(-1, 3), opacity * FILL_ALPHA])
    edge = np.column_stack([np.tile(OUTLINE, (len(sites), 1)), opacity])
    widths = np.array([buildup_map.CONFIDENCE_OUTLINE[c] * PT for c in sites["confidence"]])
    order = np.lexsort((opacity, -radii))  # the largest first, the freshest on top
    ax.scatter(xs[order], ys[order], s=(2 * radii[order] * PT) ** 2, c=face[order],
               edgecolors=edge[order].tolist(), linewidths=widths[order].tolist(), zorder=3)
    return ax, radii


def _legend(ax: Axes, map_px: float, circles: np.ndarray, renderer) -> Bbox:
    """Sizes, colours, a scale bar (≤ 200 px, true at the centre) and the borders' note, in
    the corner where they hide the fewest circles and likely labels."""
    def dot(radius: float, words: str, face=LAND, edge=theme.MUTED, width: float = 1) -> list:
        side = max(2 * radius, TEXT_PX) + 4
        area = DrawingArea(side * PT, side * PT)
        area.add_artist(Circle((side * PT / 2,) * 2, radius * PT, facecolor=face,
                               edgecolor=edge, linewidth=width * PT))
        return [area, TextArea(words, textprops=_text_kw(TEXT_PX))]

    def row(*items: list) -> HPacker:
        return HPacker(children=[part for item in items for part in item], align="center",
                       pad=0, sep=6 * PT)

    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    lon, lat = _to_map((x0 + x1) / 2, (y0 + y1) / 2, inverse=True)
    east = Geod(ellps="WGS84").fwd(lon, lat, 90, 100_000)
    (ax_, bx), (ay, by) = _to_map([lon, east[0]], [lat, east[1]])
    px_km = np.hypot(bx - ax_, by - ay) / 100 * map_px / (x1 - x0)
    km = max([k for k in SCALE_STEPS_KM if k * px_km <= 200] or [SCALE_STEPS_KM[0]])
    bar = DrawingArea(km * px_km * PT, 10 * PT)
    bar.add_artist(Rectangle((0, 3 * PT), km * px_km * PT, 4 * PT, facecolor=theme.INK))
    fade, rgba = buildup_map.MIN_OPACITY, {c: (*np.divide(rgb, 255), FILL_ALPHA) for c, rgb
                                           in buildup_map.CONFIDENCE_COLOURS.items()}
    children: list = [
        TextArea("Reported strength (circle area)", textprops=_text_kw(TEXT_PX, weight="bold")),
        row(*(dot(buildup_map.radius(n) * PX_PER_M, f"{n:,} troops")
              for n in STRENGTH_EXAMPLES), dot(7, "no figure reported")),
        TextArea("Confidence", textprops=_text_kw(TEXT_PX, weight="bold")),
        row(*(dot(7, c, rgba[c], OUTLINE, width) for c, width
              in buildup_map.CONFIDENCE_OUTLINE.items()),
            dot(7, "older report", (*rgba["high"][:3], FILL_ALPHA * fade), (*OUTLINE, fade))),
        row([bar, TextArea(f"{km:,} km", textprops=_text_kw(TEXT_PX))]),
        TextArea(textwrap.fill(NOTE, 48), textprops=_text_kw(TEXT_PX, theme.MUTED))]
    box = AnchoredOffsetbox("lower left", pad=0.6, borderpad=0.6, zorder=6,
                            child=VPacker(children=children, align="left", pad=0, sep=8 * PT),
                            prop=font_manager.FontProperties(size=TEXT_PX * PT))
    box.patch.set(facecolor="white", alpha=0.92, edgecolor=FRAME, linewidth=PT)
    ax.add_artist(box)
    zones = circles[:, [0, 1, 0, 1]] + np.array([-20, -24, 240, 24]) * S  # likely labels
    scores = []
    for corner in CORNERS:
        box.loc = AnchoredOffsetbox.codes[corner]
        extent = np.array([box.get_window_extent(renderer).extents])
        scores.append(10 * (_reach(extent, circles) < 0).sum() + _overlaps(extent, zones).sum())
    box.loc = AnchoredOffsetbox.codes[CORNERS[int(np.argmin(scores))]]
    return box.get_window_extent(renderer)


def _overlaps(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Which of ``others`` each box overlaps (a point is a box x, y, x, y)."""
    return ((boxes[:, None, 0] < others[None, :, 2]) & (others[None, :, 0] < boxes[:, None, 2])
            & (boxes[:, None, 1] < others[None, :, 3]) & (others[None, :, 1] < boxes[:, None, 3]))


def _reach(boxes: np.ndarray, circles: np.ndarray) -> np.ndarray:
    """Distance from each box to the edge of each circle; negative when it covers some."""
    cx, cy, r = (circles[None, :, k] for k in range(3))
    dx = np.maximum(np.maximum(boxes[:, None, 0] - cx, cx - boxes[:, None, 2]), 0)
    dy = np.maximum(np.maximum(boxes[:, None, 1] - cy, cy - boxes[:, None, 3]), 0)
    return np.hypot(dx, dy) - r


def _boxes(texts: list[Text], renderer) -> np.ndarray:
    """Each text's box, its halo included."""
    return np.array([t.get_window_extent(renderer).extents for t in texts]) + HALO_PX * S * GROW


def _candidates(circle: np.ndarray, w: float, h: float) -> np.ndarray:
    """Boxes w × h around a circle, nearest first: 16 directions, rings 8 px apart."""
    gaps = circle[2] + S * (3 + 8 * np.arange(64))[:, None]
    ux, uy = np.cos(ANGLES), np.sin(ANGLES)
    with np.errstate(divide="ignore"):
        reach = gaps + np.minimum(w / 2 / np.abs(ux), h / 2 / np.abs(uy))
    cx, cy = (circle[0] + reach * ux).ravel(), (circle[1] + reach * uy).ravel()
    return np.column_stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2])


def _wrap(site: str) -> str:
    """A site's full name on short lines, never cut; breaks before "(" where that fits."""
    head, paren, tail = (name := plain(site)).partition(" (")
    parts = [head, f"({tail}"] if paren and len(name) > LABEL_WRAP - 4 else [name]
    return "\n".join(line for part in (parts if max(map(len, parts)) <= LABEL_WRAP else [name])
                     for line in textwrap.wrap(part, LABEL_WRAP, break_long_words=False,
                                               break_on_hyphens=False))


def _leader(boxes: np.ndarray, circles: np.ndarray, i: int) -> tuple[np.ndarray, np.ndarray]:
    """(Whether each box needs a line to circle ``i`` (off it, or nearer another), lines)."""
    reach = _reach(boxes, circles)
    ends = np.clip(circles[i, :2], boxes[:, :2], boxes[:, 2:])
    return ((reach[:, i] > 6 * S) | (reach[:, i] > reach.min(axis=1) + 1),
            shapely.linestrings(np.stack([np.broadcast_to(circles[i, :2], ends.shape), ends], 1)))


def _resolve(blocks: np.ndarray, circles: np.ndarray, taken: np.ndarray) -> np.ndarray:
    """Blocks placed, largest first, where adjustText put them or around their circle at the
    least bad place: never over a block or outside (``taken`` has bands around the map); then
    over circles; then with a line crossing blocks, circles, lines; then near another circle."""
    placed, lines = blocks.copy(), shapely.linestrings(np.zeros((0, 2, 2)))
    others = np.eye(len(circles)) == 0
    for i in np.argsort(-np.prod(blocks[:, 2:] - blocks[:, :2], axis=1), kind="stable"):
        options = np.vstack([placed[i : i + 1], _candidates(circles[i], *(
            placed[i, 2:] - placed[i, :2]))])
        needs, leads = _leader(options, circles, i)
        crossings = (shapely.intersects(leads[:, None], shapely.box(*taken.T)).sum(1)
                     + (shapely.distance(leads[:, None], shapely.points(circles[:, :2]))
                        < circles[:, 2])[:, others[i]].sum(1)
                     + shapely.intersects(leads[:, None], lines).sum(1))
        reach = _reach(options, circles)
        near = reach[:, others[i]].min(axis=1, initial=np.inf)
        cost = (1e6 * _overlaps(options, taken).any(1) + 1e3 * (reach < 0).sum(1)
                + 10 * (needs * crossings + shapely.intersects(
                    shapely.box(*options.T)[:, None], lines).sum(1))
                + ((reach[:, i] + 8 * S > near) & (near < 12 * S)))
        placed[i] = options[int(np.argmin(cost))]
        taken = np.vstack([taken, placed[i : i + 1]])
        lines = np.append(lines, leads[int(np.argmin(cost))]) if needs[np.argmin(cost)] else lines
    return placed


def _stack(ax: Axes, texts: list[Text], block: np.ndarray, heights: np.ndarray,
           circles: np.ndarray, i: int) -> None:
    """A block's labels one under another, flush towards circle ``i``, and its line."""
    right, top, to_data = block[2] <= circles[i, 0], block[3], ax.transData.inverted()
    for text, height in zip(texts, heights, strict=True):
        text.set(ha="right" if right else "left", multialignment="right" if right else "left",
                 va="top", position=to_data.transform((block[2] - HALO_PX * S if right
                                                       else block[0] + HALO_PX * S,
                                                       top - HALO_PX * S)))
        halo = ax.text(0, 0, text.get_text(), zorder=4.5, gid="halo", parse_math=False)
        halo.update_from(text)  # an artist of its own: with path effects SVG text is a path
        halo.set(color="white", path_effects=HALO, position=text.get_position())
        top -= height + STACK_GAP_PX * S
    needs, lead = _leader(block[None], circles, i)
    if needs[0]:  # from the circle's edge to the block's
        centre, end = circles[i, :2], shapely.get_coordinates(lead)[-1]
        start = centre + (end - centre) * circles[i, 2] / max(np.hypot(*(end - centre)), 1)
        ax.plot(*to_data.transform([start, end]).T, color=theme.MUTED, linewidth=PT, zorder=4)


def _country_names(ax: Axes, taken: np.ndarray, circles: np.ndarray, renderer) -> np.ndarray:
    """The main countries' names where they fit; returns ``taken`` with their boxes."""
    for name, places in COUNTRY_NAMES.items():
        for lon, lat in places:
            x, y = _to_map(lon, lat)
            text = ax.text(x, y, name, ha="center", va="center", zorder=2.5,
                           **_text_kw(NAME_PX, theme.MUTED))
            box = _boxes([text], renderer)
            if not _overlaps(box, taken).any() and not (_reach(box, circles) < 0).any():
                taken = np.vstack([taken, box])
                break
            text.remove()
    return taken


def _labels(ax: Axes, sites: pd.DataFrame, circles: np.ndarray, taken: np.ndarray,
            renderer) -> list[Label]:
    """Every site's label, in blocks (one per place) that overlap nothing."""
    texts = [ax.text(0, 0, _wrap(site), zorder=5, **_text_kw(TEXT_PX))
             for site in sites["site"]]
    boxes = _boxes(texts, renderer)
    widths, heights = (boxes[:, 2:] - boxes[:, :2]).T
    keys = [(round(x), round(y)) for x, y in circles[:, :2]]  # sites at one place: a group
    groups = [[i for i, k in enumerate(keys) if k == key] for key in dict.fromkeys(keys)]
    spots = np.array([[*circles[g[0], :2], circles[g, 2].max()] for g in groups])
    sizes = np.array([[widths[g].max(), heights[g].sum() + STACK_GAP_PX * S * (len(g) - 1)]
                      for g in groups])
    # adjustText spreads the blocks, from beside their circles (left of those near the
    # right edge), on stand-in texts; then each is moved to the least bad place near it
    flip = np.where(spots[:, 0] + spots[:, 2] + sizes[:, 0] + 4 * S > ax.bbox.x1, -1, 1)
    xs = spots[:, 0] + flip * (spots[:, 2] + 4 * S + sizes[:, 0] / 2)
    to_data = ax.transData.inverted()
    proxies = [ax.text(x, y, "\n".join(texts[i].get_text() for i in g), ha="center",
                       va="center", linespacing=1.3, **_text_kw(TEXT_PX))
               for (x, y), g in zip(to_data.transform(np.c_[xs, spots[:, 1]]), groups,
                                    strict=True)]
    avoid = np.unique(np.vstack([taken[np.abs(taken).max(axis=1) < FAR],  # not the bands
                                 np.c_[spots[:, :2] - spots[:, 2:], spots[:, :2] + spots[:, 2:]]]),
                      axis=0)
    targets = to_data.transform(spots[:, :2])
    adjust_text(proxies, target_x=targets[:, 0], target_y=targets[:, 1], avoid_self=False,
                objects=[Bbox(to_data.transform(row.reshape(2, 2))) for row in avoid],
                ax=ax, iter_lim=ITERATIONS, expand=(1.08, 1.3), force_text=(0.3, 0.5),
                force_static=(0.3, 0.5), force_pull=(0.02, 0.02), prevent_crossings=False)
    centres = ax.transData.transform([proxy.get_position() for proxy in proxies])
    for proxy in proxies:
        proxy.remove()
    blocks = _resolve(np.c_[centres - sizes / 2, centres + sizes / 2], spots, taken)
    for k, (g, block) in enumerate(zip(groups, blocks, strict=True)):
        _stack(ax, [texts[i] for i in g], block, heights[g], spots, k)
    return [Label(plain(row.deployment_id), plain(row.site), text, Bbox(box.reshape(2, 2)),
                  (float(c[0]), float(c[1])), float(c[2]))
            for row, text, box, c in zip(sites.itertuples(index=False), texts,
                                         _boxes(texts, renderer), circles, strict=True)]


def draw(borders: gpd.GeoDataFrame, sites: pd.DataFrame, *, as_of: date, source: str,
         data_as_of: date | None, size: export.Size = export.SIZES[0],
         filters: str = "") -> StaticMap:
    """The buildup map at ``size``: ``borders`` from :func:`buildup_map.load_borders`, ``sites``
    as the map page shows them (``apply_state(sites_as_of(...))``), the map's date, its source
    line (:func:`provenance.source_line`), the newest record's date (None: no data) and the
    filters applied in words (:func:`buildup_map.filters_note`)."""
    with _lock:
        fig = Figure(figsize=(size.width / CSS_DPI, size.height / CSS_DPI), dpi=DPI,
                     facecolor=theme.BACKGROUND)
        renderer, w, h, n = FigureCanvasAgg(fig).get_renderer(), size.width, size.height, len(sites)
        when = f"Data as of {fmt_date(data_as_of, 'long')}" if data_as_of else "No data"
        footer = [*textwrap.wrap(plain(source), int((w - 2 * MARGIN) / (TEXT_PX * 0.6))),
                  f"{when} · {SITE_NAME}"]
        fig.text(MARGIN / w, 1 - MARGIN / h, f"Russian forces near Ukraine, as known on "
                 f"{fmt_date(as_of, 'long')}", va="top", **_text_kw(TITLE_PX, weight="bold"))
        fig.text(MARGIN / w, 1 - (MARGIN + 46) / h, va="top", s=(
            f"{n:,} site{'s' * (n != 1)} with forces reported{f' ({filters})' * bool(filters)}; "
            f"{EXPLAIN}" if n else "No site with forces reported by this date"
            + f" ({filters})" * bool(filters)), **_text_kw(SUBTITLE_PX, theme.MUTED))
        fig.text(MARGIN / w, MARGIN / h, "\n".join(footer), va="bottom", linespacing=1.4,
                 **_text_kw(TEXT_PX, theme.MUTED))
        top, bottom = MARGIN + 84, MARGIN + len(footer) * TEXT_PX * 1.4 + 14
        rect = (MARGIN / w, bottom / h, 1 - 2 * MARGIN / w, 1 - (top + bottom) / h)
        xs, ys = (np.asarray(v, dtype=float).reshape(-1) for v in _to_map(
            sites["lon"].to_numpy(float), sites["lat"].to_numpy(float)))
        ax, radii = _map_axes(fig, rect, size, borders, sites, xs, ys)
        circles = np.column_stack([ax.transData.transform(np.c_[xs, ys]).reshape(-1, 2),
                                   radii * S])
        legend = _legend(ax, rect[2] * size.width, circles, renderer)
        x0, y0, x1, y1 = ax.bbox.extents - 4 * S * GROW
        bands = np.array([[-FAR, -FAR, x0, FAR], [x1, -FAR, FAR, FAR], [-FAR, -FAR, FAR, y0],
                          [-FAR, y1, FAR, FAR]])
        taken = _country_names(ax, np.vstack([bands, legend.extents + 2 * S * GROW]), circles,
                               renderer)
        labels = _labels(ax, sites, circles, taken, renderer) if len(sites) else []
    return StaticMap(figure=fig, size=size, labels=labels, legend=legend)


def image(static: StaticMap, fmt: str = "png") -> bytes:
    """``static`` as PNG (size × :data:`dashboard.export.SCALE` pixels) or SVG (text kept as
    text); the same bytes for the same map."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"unsupported format {fmt!r}; use 'png' or 'svg'")
    buffer = io.BytesIO()  # below: SVG text kept as text, the same ids every time
    with _lock, matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "static-map"}):
        static.figure.savefig(buffer, format=fmt, dpi=DPI, facecolor=theme.BACKGROUND,
                              metadata={"Software": None} if fmt == "png" else
                              {"Date": None, "Creator": None})
    return buffer.getvalue()


def map_image(borders: gpd.GeoDataFrame, sites: pd.DataFrame, *, as_of: date, source: str,
              data_as_of: date | None, size: export.Size = export.SIZES[0],
              fmt: str = "png", filters: str = "") -> bytes:
    """:func:`draw` then :func:`image`."""
    return image(draw(borders, sites, as_of=as_of, source=source, data_as_of=data_as_of,
                      size=size, filters=filters), fmt)
