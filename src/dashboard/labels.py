"""Chart labels placed so that they never overlap, whatever size the chart is shown at.

A label belongs to an anchor (a point of the chart). Its box is known once the chart's
plot area is known: the anchor's position in the plot plus the label's pixel offset. The
plot area depends on where the chart is shown (the browser's width, an export size), so a
placement is accepted only if no two boxes overlap at *every* plot size in
:data:`PLOT_SIZES`: the plot areas of the chart in a browser 1366, 1600 and 1920 px wide
and at each export size (see :func:`dashboard.export.layout_size`).

Pure functions; widths are estimated from the text (no font files are read): a
conservative 0.6 em per character, as wide as the widest fonts the charts may fall back
to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

#: Width of a character, in em, for the estimate of a label's width (conservative).
EM_PER_CHAR = 0.6
PAD = 3  # px around a label's text (its background box) and between boxes

#: The chart's width in a browser 1366, 1600 and 1920 px wide (sidebar open, wide layout).
SCREEN_WIDTHS = (970, 1205, 1525)
SIDE_MARGINS = 64 + 230  # a chart with its legend on the right


@dataclass(frozen=True)
class Anchor:
    """A point to label: ``x`` as a share of the plot's width (0 left, 1 right), ``y`` as
    a share of the plot's height from the bottom."""

    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Box:
    left: float
    bottom: float
    right: float
    top: float

    def overlaps(self, other: Box) -> bool:
        return not (self.right + PAD <= other.left or other.right + PAD <= self.left
                    or self.top + PAD <= other.bottom or other.top + PAD <= self.bottom)


def text_width(text: str, font_px: float) -> float:
    """The estimated width in px of ``text`` at ``font_px`` (with its box's padding)."""
    return len(text) * font_px * EM_PER_CHAR + 2 * PAD


def box(anchor: Anchor, offset: tuple[float, float], font_px: float,
        plot: tuple[float, float]) -> Box:
    """The box of ``anchor``'s label, its centre ``offset`` px (right, up) from the anchor,
    in a plot of ``plot`` = (width, height) px (origin bottom left)."""
    cx = anchor.x * plot[0] + offset[0]
    cy = anchor.y * plot[1] + offset[1]
    half_w, half_h = text_width(anchor.text, font_px) / 2, (font_px + 2 * PAD) / 2
    return Box(cx - half_w, cy - half_h, cx + half_w, cy + half_h)


def _fits(candidate: Sequence[Box], placed: Iterable[Sequence[Box]],
          plots: Sequence[tuple[float, float]]) -> bool:
    """No overlap with any placed label, and inside the plot, at every plot size."""
    for i, own in enumerate(candidate):
        width, height = plots[i]
        if own.left < 0 or own.right > width or own.bottom < 0 or own.top > height:
            return False
    return not any(own.overlaps(other[i]) for other in placed
                   for i, own in enumerate(candidate))


Candidates = Sequence[tuple[float, float]] | Callable[[Anchor], Sequence[tuple[float, float]]]


def place(anchors: Sequence[Anchor], candidates: Candidates,
          font_px: float, plots: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """One offset (px right, px up from the anchor to the label's centre) per anchor,
    chosen in order from ``candidates`` so that no two labels overlap at any of the
    ``plots`` sizes. An anchor none of whose candidates fits is stacked above the others
    rather than overlapping (the caller leaves room above the plot: see :func:`stacked`)."""
    return [offset for offset in _place(anchors, candidates, font_px, plots, drop=False)
            if offset is not None]


def place_or_drop(anchors: Sequence[Anchor], candidates: Candidates, font_px: float,
                  plots: Sequence[tuple[float, float]]) -> list[tuple[float, float] | None]:
    """As :func:`place`, but an anchor none of whose candidates fits (inside the plot, clear
    of every label placed before it) is left unlabelled: None."""
    return _place(anchors, candidates, font_px, plots, drop=True)


def _place(anchors: Sequence[Anchor], candidates: Candidates, font_px: float,
           plots: Sequence[tuple[float, float]], drop: bool
           ) -> list[tuple[float, float] | None]:
    placed: list[list[Box]] = []
    offsets: list[tuple[float, float] | None] = []
    for anchor in anchors:
        chosen = None
        own = candidates(anchor) if callable(candidates) else candidates
        for offset in own:
            boxes = [box(anchor, offset, font_px, plot) for plot in plots]
            if _fits(boxes, placed, plots):
                chosen = offset
                break
        if chosen is None and drop:
            offsets.append(None)
            continue
        if chosen is None:
            chosen = _above_all(anchor, placed, font_px, plots, own[0])
        placed.append([box(anchor, chosen, font_px, plot) for plot in plots])
        offsets.append(chosen)
    return offsets


def _above_all(anchor: Anchor, placed: list[list[Box]], font_px: float,
               plots: Sequence[tuple[float, float]], start: tuple[float, float]
               ) -> tuple[float, float]:
    """``start`` moved up a row at a time until it overlaps nothing (the plot's top may be
    passed: the caller leaves room above the plot)."""
    dx, dy = start
    for _ in range(50):
        boxes = [box(anchor, (dx, dy), font_px, plot) for plot in plots]
        if not any(own.overlaps(other[i]) for other in placed for i, own in enumerate(boxes)):
            break
        dy += font_px + 2 * PAD
    return dx, dy


def stacked(rows: int, font_px: float, first: float = 16.0) -> list[tuple[float, float]]:
    """Candidates straight above an anchor, one per row: for labels on a strip."""
    return [(0.0, first + row * (font_px + 2 * PAD + 1)) for row in range(rows)]


def around(font_px: float, text: str, rings: int = 4) -> list[tuple[float, float]]:
    """Candidates around an anchor: above, then right and left, then further away."""
    half = text_width(text, font_px) / 2
    step = font_px + 2 * PAD
    out: list[tuple[float, float]] = []
    for ring in range(1, rings + 1):
        up = step * ring
        out += [(0.0, up), (half + 6, up), (-half - 6, up), (0.0, -up),
                (half + 6, -up), (-half - 6, -up)]
    return out


def plot_sizes(height: float, margins: tuple[float, float],
               domain: tuple[float, float] = (0.0, 1.0), side: float = SIDE_MARGINS
               ) -> list[tuple[float, float]]:
    """The plot areas (width, height in px) of a panel spanning ``domain`` of a figure
    ``height`` px tall with ``margins`` (top, bottom) and ``side`` margins: on screen at
    every width of :data:`SCREEN_WIDTHS`, and at every export size (laid out at
    :func:`dashboard.export.layout_size`)."""
    from dashboard import export

    figures = [(w, height) for w in SCREEN_WIDTHS]
    figures += [export.layout_size(size) for size in export.SIZES]
    share = domain[1] - domain[0]
    return [(w - side, (h - sum(margins)) * share) for w, h in figures]
