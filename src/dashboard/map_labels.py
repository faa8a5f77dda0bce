"""Where the live map's site names go: beside their circle, never over another name.

A pure builder. deck.gl's text layer draws every label it is given, and its collision
filter (``CollisionFilterExtension``) keeps a label only where the label covers its own
anchor, which a name drawn beside its circle never does. So the names are placed here, in
the map's pixels at its first view (Web Mercator, 512 px tiles): strongest site first (the
selected one before all), each in the first of four places around its circle (above,
below, right, left) that overlaps no name placed before it, preferring places that cover
no other circle, and inside the first view's frame. A name with no free place, or the
same name as one placed near it (several sites at one town), is left out; the tooltip
still gives it.
Text widths are estimated (bold sans serif, ``CHAR_EM`` ems a character) with room to
spare, so that names placed apart are apart in any of the browser's fonts.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import numpy as np

CHAR_EM = 0.6  # average width of a character of a bold sans serif, in ems (with room)
LINE = 1.1  # line height, in ems
GAP_PX = 3  # between a circle and its name
HALO_PX = 2  # the white outline around each name
EARTH_M = 40_075_016.686  # the equator's length: metres per world width at latitude 0
SAME_NAME_PX = 120  # a name is not repeated within this distance


def wrap(label: str, size_px: float, max_em: float) -> list[str]:
    """The lines a name takes when wrapped at ``max_em`` ems (as deck.gl's ``maxWidth``)."""
    return textwrap.wrap(label, max(1, int(max_em / CHAR_EM)), break_long_words=False) or [""]


def _pixels(lon: np.ndarray, lat: np.ndarray, zoom: float) -> np.ndarray:
    world = 512 * 2 ** zoom
    y = 0.5 - np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)) / (2 * np.pi)
    return np.column_stack([(lon + 180) / 360 * world, y * world])


def _radius_px(metres: float, lat: float, zoom: float, clamp: tuple[float, float]) -> float:
    per_px = EARTH_M * math.cos(math.radians(lat)) / (512 * 2 ** zoom)
    return min(max(metres / per_px, clamp[0]), clamp[1])


def _places(x: float, y: float, r: float, w: float, h: float) -> list[tuple[dict, tuple]]:
    """The four places around a circle: (deck.gl placement, box x0, y0, x1, y1 in px)."""
    d = r + GAP_PX
    return [
        ({"anchor": "middle", "baseline": "bottom", "offset": [0, -d]},
         (x - w / 2, y - d - h, x + w / 2, y - d)),
        ({"anchor": "middle", "baseline": "top", "offset": [0, d]},
         (x - w / 2, y + d, x + w / 2, y + d + h)),
        ({"anchor": "start", "baseline": "center", "offset": [d, 0]},
         (x + d, y - h / 2, x + d + w, y + h / 2)),
        ({"anchor": "end", "baseline": "center", "offset": [-d, 0]},
         (x - d - w, y - h / 2, x - d, y + h / 2)),
    ]


def _hits(box: tuple, boxes: np.ndarray) -> bool:
    return bool(len(boxes)) and bool(np.any((box[0] < boxes[:, 2]) & (boxes[:, 0] < box[2])
                                            & (box[1] < boxes[:, 3]) & (boxes[:, 1] < box[3])))


def place(rows: Sequence[dict], view: tuple[float, float, float], frame: tuple[int, int], *,
          size_px: float, max_em: float, radius_px: tuple[float, float],
          selected: str | None = None) -> list[dict]:
    """``rows`` (``tooltip_rows``) with ``anchor``, ``baseline`` and ``offset`` (px) for their
    name, and ``label`` emptied where the name has no free place in a map of ``frame``
    (width, height px) at ``view`` (longitude, latitude, zoom)."""
    if not rows:
        return []
    lon, lat, zoom = view
    xy = _pixels(np.array([r["lon"] for r in rows]), np.array([r["lat"] for r in rows]), zoom)
    centre = _pixels(np.array([lon]), np.array([lat]), zoom)[0]
    x0, y0 = centre - np.array(frame) / 2
    x1, y1 = centre + np.array(frame) / 2  # beyond the frame: as if taken
    taken = np.array([[-1e12, -1e12, x0, 1e12], [x1, -1e12, 1e12, 1e12],
                      [-1e12, -1e12, 1e12, y0], [-1e12, y1, 1e12, 1e12]])
    radii = [_radius_px(r["radius"], r["lat"], zoom, radius_px) for r in rows]
    circles = np.array([[x - r, y - r, x + r, y + r] for (x, y), r in zip(xy, radii,
                                                                          strict=True)])
    order = sorted(range(len(rows)), key=lambda i: (rows[i]["deployment_id"] != selected,
                                                    -rows[i]["radius"], rows[i]["label"]))
    named: dict[str, list] = {}
    out = [dict(row, anchor="middle", baseline="bottom", offset=[0, 0], label="")
           for row in rows]
    for i in order:
        lines = wrap(rows[i]["label"], size_px, max_em)
        w = max(map(len, lines)) * CHAR_EM * size_px + 2 * HALO_PX
        h = len(lines) * LINE * size_px + 2 * HALO_PX
        others = np.delete(circles, i, axis=0)
        options = _places(float(xy[i, 0]), float(xy[i, 1]), radii[i], w, h)
        free = [o for o in options if not _hits(o[1], taken)]
        best = next((o for o in free if not _hits(o[1], others)), free[0] if free else None)
        near = [p for p in named.get(rows[i]["label"], [])
                if np.hypot(*(p - xy[i])) < SAME_NAME_PX]
        if best is not None and rows[i]["label"] and not near:
            out[i].update(best[0], label=rows[i]["label"])
            taken = np.vstack([taken, best[1]])
            named.setdefault(rows[i]["label"], []).append(xy[i])
    return out
