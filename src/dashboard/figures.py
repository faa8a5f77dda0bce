"""The chart frame: every figure carries its title, subtitle, as-of date and source line.

A briefer pastes charts into slides, so what a chart shows must be readable
from the image alone. :func:`framed` builds every chart with its :class:`Frame` inside.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard import compat, theme
from dashboard.text import escape, fmt_date, plural

SITE_NAME = "US–Russia Dialogue Dashboard"
TOP_MARGIN = 124
BOTTOM_MARGIN = 84
FILTER_LINE = 18  # the "Filtered: …" line under the subtitle
TITLE_PX = 22  # 32 px at 1920×1080 once exported (see dashboard.export.SLIDE_TYPE)
SUBTITLE_PX = 14
#: A subtitle wraps to lines of at most this many characters: at 0.6 em a character (see
#: dashboard.labels), a line fits the narrowest chart: 960 px wide, a 4:3 slide's layout.
SUBTITLE_CHARS = 110
AXIS_TITLE = 26  # room for an x-axis title between the tick labels and the source line


_LEGENDS = {
    "top": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom",
            "font": {"size": 12}, "bgcolor": "rgba(255,255,255,0)"},
    "right": {"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1.0, "yanchor": "top",
              "font": {"size": 12}, "bgcolor": "rgba(255,255,255,0)", "tracegroupgap": 4},
}


@dataclass(frozen=True)
class Frame:
    """What a chart says about itself inside the image.

    Attributes
    ----------
    title, subtitle
        What the chart is and what it shows, in one line each.
    as_of
        Date of the newest record the chart draws on (None when it has none).
    source
        The source line (:func:`dashboard.provenance.source_line`).
    filters
        A description of the active filters, shown only when they narrow the view.
    legend
        "top" (a row between subtitle and plot) or "right" (a column beside the plot,
        for charts with many series).
    point
        The main point of the chart in one sentence, computed from what it plots, for
        its text alternative (screen readers).
    """

    title: str
    subtitle: str
    as_of: date | None
    source: str
    filters: str | None = None
    legend: str = "top"
    point: str | None = None


def subtitle_lines(subtitle: str) -> list[str]:
    """``subtitle`` wrapped to lines that fit the narrowest chart."""
    return textwrap.wrap(subtitle, SUBTITLE_CHARS) or [""]


def top_margin(subtitle: str, filters: str | None) -> int:
    """The room above the plot for the title, the subtitle's lines and the filters line."""
    return TOP_MARGIN + FILTER_LINE * (len(subtitle_lines(subtitle)) - 1 + bool(filters))


def frame_layout(layout: go.Layout | dict, frame: Frame) -> dict:
    """The layout properties that put ``frame`` inside a figure with ``layout``."""
    as_of_text = f"Data as of {fmt_date(frame.as_of, 'long')}" if frame.as_of else "No data"
    sub = "<br>".join(escape(line) for line in subtitle_lines(frame.subtitle))
    if frame.filters:
        sub += f"<br><span style='font-size:12px'>Filtered: {escape(frame.filters)}</span>"
    existing = layout.get("annotations", ()) if isinstance(layout, dict) else layout.annotations
    bottom = BOTTOM_MARGIN + (AXIS_TITLE if _x_titled(layout) else 0)
    source_note = {
        "text": f"{escape(frame.source)}<br>{as_of_text} · {SITE_NAME}",
        "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yshift": -bottom + 8,
        "xanchor": "left", "yanchor": "bottom", "align": "left", "showarrow": False,
        "font": {"size": 11, "color": theme.MUTED}, "name": "source_line",
    }
    return {
        "title": {
            "text": f"<b>{escape(frame.title)}</b>",
            "subtitle": {"text": sub, "font": {"size": SUBTITLE_PX, "color": theme.MUTED}},
            "x": 0.01, "xanchor": "left", "xref": "container",
            "y": 1, "yanchor": "top", "yref": "container", "pad": {"t": 16},
            "font": {"size": TITLE_PX, "color": theme.INK},
        },
        "font": {"family": theme.FONT_FAMILY, "color": theme.INK, "size": 13},
        "paper_bgcolor": theme.BACKGROUND,
        "plot_bgcolor": theme.BACKGROUND,
        "margin": {"t": top_margin(frame.subtitle, frame.filters), "b": bottom,
                   "l": 64, "r": 230 if frame.legend == "right" else 24},
        # the legend never overlaps the title block or the source line
        "legend": {**_LEGENDS[frame.legend], **_own(layout, "legend")},
        "annotations": [*existing, source_note],
        **{axis: axis_style() for axis in _axes(layout)},
        "meta": {"title": frame.title, "subtitle": frame.subtitle,
                 "as_of": frame.as_of.isoformat() if frame.as_of else None,
                 "source": frame.source, "filters": frame.filters, "point": frame.point},
    }


def _x_titled(layout: go.Layout | dict) -> bool:
    """Whether an x axis of ``layout`` has a title (drawn in the bottom margin, above the
    source line)."""
    for axis in _axes(layout):
        if axis.startswith("xaxis") and (_own(layout, axis).get("title") or {}).get("text"):
            return True
    return False


def _own(layout: go.Layout | dict, key: str) -> dict:
    """What ``layout`` itself sets under ``key`` (kept when the frame sets the rest)."""
    value = layout.get(key) if isinstance(layout, dict) else layout[key].to_plotly_json()
    return dict(value or {})


def _axes(layout: go.Layout | dict) -> list[str]:
    keys = layout.keys() if isinstance(layout, dict) else layout.to_plotly_json().keys()
    found = [k for k in keys if k.startswith(("xaxis", "yaxis"))]
    return sorted(set(found) | {"xaxis", "yaxis"})


def framed(data: list[dict], layout: dict, frame: Frame) -> go.Figure:
    """A figure from dicts with ``frame`` inside it, built in one construction (an update
    after building would re-validate every annotation)."""
    extra = frame_layout(layout, frame)
    merged = {**layout, **extra}
    for axis in _axes(layout):
        merged[axis] = {**axis_style(), **layout.get(axis, {})}
    return build(data, merged)


def build(data: list[dict], layout: dict) -> go.Figure:
    """A figure from plain dicts, in one step.

    Plotly's per-property validation dominates the cost of building a figure
    (about 50 ms for the timeline against 13 ms without); the builders make
    well-formed dicts and the tests and browser tests check what they draw.

    The template is pinned empty: plotly fills an unset one from ``pio.templates.default``,
    which importing Streamlit changes from "plotly" to its own, so a figure would otherwise
    look one way in the app and its exports and another in a process without Streamlit.
    """
    return go.Figure(data=data, layout={"template": {}, **layout}, _validate=False)


def axis_style() -> dict:
    # automargin: room for tick labels and axis titles inside the frame (plotly's own
    # template sets it, the empty one the figures use does not)
    return {"gridcolor": theme.GRID, "zeroline": False, "automargin": True}


def describe(fig: go.Figure) -> str:
    """A text alternative for ``fig``: what it shows, how much, over what range, and its
    main point (read by screen readers in place of the picture)."""
    if isinstance(fig, compat.FrozenFigure):
        return fig.alt
    meta = fig.layout.meta or {}
    title = meta.get("title") or "Chart"
    parts = [f"{title.rstrip('.')}."]
    if meta.get("subtitle"):
        parts.append(f"{meta['subtitle'].rstrip('.')}.")
    counts, xs = _series(fig)
    span = value_range(xs)
    if span:
        parts.append(span)
    if meta.get("point"):
        parts.append(f"Main point: {meta['point'].rstrip('.')}.")
    if counts:
        parts.append("Series: " + ", ".join(f"{name} ({n:,})" for name, n in counts.items())
                     + ".")
    if meta.get("as_of"):
        parts.append(f"Data as of {fmt_date(date.fromisoformat(meta['as_of']), 'long')}.")
    if meta.get("source"):
        parts.append(str(meta["source"]))
    return " ".join(parts)


def _series(fig: go.Figure) -> tuple[dict[str, int], list]:
    """(How much each named series draws, every x value) of ``fig``."""
    counts: dict[str, int] = {}
    xs: list = []
    for trace in fig.data:
        x = getattr(trace, "x", None)
        if x is None:
            continue
        xs.extend(v for v in x if v is not None)
        name = getattr(trace, "name", None)
        if name and getattr(trace, "showlegend", None) is not False:
            counts[name] = counts.get(name, 0) + _amount(trace)
    return counts, xs


def _amount(trace) -> int:
    """How much a trace draws: the sum of its bars, or its number of points."""
    if getattr(trace, "type", None) == "bar":
        values = trace.x if getattr(trace, "orientation", None) == "h" else trace.y
        return int(sum(v for v in (values or ()) if v is not None))
    return len(trace.x)


def value_range(values: list) -> str | None:
    """'From 1 Mar 2021 to 24 Feb 2022.' for dates, 'Range: 0 to 5.' for numbers."""
    if not values:
        return None
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return f"Range: {min(values):,g} to {max(values):,g}."
    stamps = pd.to_datetime(pd.Series([v for v in values
                                       if not isinstance(v, int | float | bool)]),
                            errors="coerce").dropna()
    if stamps.empty:
        return None
    return f"From {fmt_date(stamps.min())} to {fmt_date(stamps.max())}."


def busiest_month(dates: pd.Series) -> str | None:
    """'January 2022, with 61 records' for the month most of ``dates`` fall in."""
    if dates.empty:
        return None
    months = dates.dt.to_period("M").value_counts()
    top = months.index[0]
    return f"{top.strftime('%B %Y')}, with {plural(int(months.iloc[0]), 'record')}"


def plotly_config(filename: str) -> dict:
    """Toolbar settings: PNG download at presentation size with a meaningful file name."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": f"us-russia-dialogue-{filename}",
            "width": 1920,
            "height": 1080,
            "scale": 2,
        },
    }


def freeze(fig: go.Figure) -> compat.FrozenFigure:
    """``fig``, finished: its dict and text alternative computed once (see
    :class:`dashboard.compat.FrozenFigure`); it can no longer be changed."""
    return compat.freeze(fig, describe(fig))


@dataclass(frozen=True)
class TimeAxis:
    """A date axis from ``start`` to ``end`` with stretches ``breaks`` cut out of it (plotly
    range breaks): where a date falls, as a share of the axis's length."""

    start: pd.Timestamp
    end: pd.Timestamp
    breaks: tuple[tuple[pd.Timestamp, pd.Timestamp], ...] = ()

    def share(self, when: pd.Timestamp) -> float:
        """Where ``when`` falls: 0 at the start, 1 at the end (cut stretches excluded)."""
        def cut_before(t: pd.Timestamp) -> float:
            return sum(((min(t, b) - a).total_seconds() for a, b in self.breaks if t > a),
                       0.0)
        length = (self.end - self.start).total_seconds() - cut_before(self.end)
        return ((when - self.start).total_seconds() - cut_before(when)) / length

    def layout(self) -> dict:
        """The axis's range and range breaks, for a layout's xaxis."""
        out: dict = {"range": [self.start, self.end], "type": "date"}
        if self.breaks:
            out["rangebreaks"] = [{"bounds": [a, b]} for a, b in self.breaks]
        return out


def empty_stretches(dates: pd.Series, start: pd.Timestamp, end: pd.Timestamp,
                    min_days: int = 90, keep_days: int = 14
                    ) -> tuple[tuple[pd.Timestamp, pd.Timestamp], ...]:
    """Stretches of at least ``min_days`` between ``start`` and ``end`` with no date of
    ``dates``, less ``keep_days`` at each side (so that a cut is visible as a cut)."""
    inside = sorted(d for d in dates.dropna() if start <= d <= end)
    edges = [start, *inside, end]
    out = []
    for a, b in zip(edges, edges[1:], strict=False):
        if (b - a).days >= min_days:
            out.append((a + pd.Timedelta(days=keep_days), b - pd.Timedelta(days=keep_days)))
    return tuple(out)


def break_marks(axis: TimeAxis, yref: str = "paper") -> tuple[list[dict], list[dict]]:
    """(Shapes, annotations) marking each cut of ``axis``: a double line and what is left
    out ("Jun–Oct 2021: no records, axis cut")."""
    shapes, notes = [], []
    for a, b in axis.breaks:
        for x in (a, b):
            shapes.append({"type": "line", "xref": "x", "yref": yref, "x0": x, "x1": x,
                           "y0": 0, "y1": 1, "line": {"color": theme.MUTED, "width": 1,
                                                      "dash": "dash"}})
        notes.append({"x": a, "y": 1, "xref": "x", "yref": yref, "yanchor": "top",
                      "xanchor": "center", "showarrow": False,
                      "text": f"{a:%b}–{b:%b %Y}: none, axis cut",
                      "font": {"size": 11, "color": theme.MUTED},
                      "bgcolor": "rgba(255,255,255,0.9)"})
    return shapes, notes
