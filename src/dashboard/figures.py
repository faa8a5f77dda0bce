"""The chart frame: every figure carries its title, subtitle, as-of date and source line.

A briefer pastes charts into slides, so what a chart shows must be readable
from the image alone. :func:`framed` builds every chart with its :class:`Frame` inside.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go

from dashboard import compat, theme
from dashboard.text import escape, fmt_date

SITE_NAME = "US–Russia Dialogue Dashboard"
TOP_MARGIN = 124
BOTTOM_MARGIN = 84


_LEGENDS = {
    "top": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom",
            "font": {"size": 12}, "bgcolor": "rgba(255,255,255,0)"},
    "right": {"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1.0, "yanchor": "top",
              "font": {"size": 12}, "bgcolor": "rgba(255,255,255,0)", "tracegroupgap": 12},
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
    """

    title: str
    subtitle: str
    as_of: date | None
    source: str
    filters: str | None = None
    legend: str = "top"


def frame_layout(layout: go.Layout | dict, frame: Frame) -> dict:
    """The layout properties that put ``frame`` inside a figure with ``layout``."""
    as_of_text = f"Data as of {fmt_date(frame.as_of, 'long')}" if frame.as_of else "No data"
    sub = escape(frame.subtitle)
    if frame.filters:
        sub += f"<br><span style='font-size:12px'>Filtered: {escape(frame.filters)}</span>"
    existing = layout.get("annotations", ()) if isinstance(layout, dict) else layout.annotations
    source_note = {
        "text": f"{escape(frame.source)}<br>{as_of_text} · {SITE_NAME}",
        "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yshift": -BOTTOM_MARGIN + 8,
        "xanchor": "left", "yanchor": "bottom", "align": "left", "showarrow": False,
        "font": {"size": 11, "color": theme.MUTED}, "name": "source_line",
    }
    return {
        "title": {
            "text": f"<b>{escape(frame.title)}</b><br><span style='font-size:14px;color:"
            f"{theme.MUTED}'>{sub}</span>",
            "x": 0.01, "xanchor": "left", "xref": "container",
            "y": 1, "yanchor": "top", "yref": "container", "pad": {"t": 14},
            "font": {"size": 20, "color": theme.INK},
        },
        "font": {"family": theme.FONT_FAMILY, "color": theme.INK, "size": 13},
        "paper_bgcolor": theme.BACKGROUND,
        "plot_bgcolor": theme.BACKGROUND,
        "margin": {"t": TOP_MARGIN + (18 if frame.filters else 0), "b": BOTTOM_MARGIN,
                   "l": 64, "r": 230 if frame.legend == "right" else 24},
        # the legend never overlaps the title block or the source line
        "legend": {**_LEGENDS[frame.legend], **_own(layout, "legend")},
        "annotations": [*existing, source_note],
        **{axis: axis_style() for axis in _axes(layout)},
        "meta": {"title": frame.title, "subtitle": frame.subtitle,
                 "as_of": frame.as_of.isoformat() if frame.as_of else None,
                 "source": frame.source, "filters": frame.filters},
    }


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
    """
    return go.Figure(data=data, layout=layout, _validate=False)


def axis_style() -> dict:
    return {"gridcolor": theme.GRID, "zeroline": False}


def describe(fig: go.Figure) -> str:
    """A short text alternative for ``fig``: what it shows and how much."""
    if isinstance(fig, compat.FrozenFigure):
        return fig.alt
    meta = fig.layout.meta or {}
    title = meta.get("title") or "Chart"
    parts = [f"{title.rstrip('.')}."]
    if meta.get("subtitle"):
        parts.append(f"{meta['subtitle'].rstrip('.')}.")
    names = [t.name for t in fig.data if getattr(t, "name", None)]
    points = sum(len(t.x) for t in fig.data if getattr(t, "x", None) is not None)
    if names:
        parts.append(f"Series: {', '.join(dict.fromkeys(names))}.")
    parts.append(f"{points} data points.")
    if meta.get("as_of"):
        parts.append(f"Data as of {meta['as_of']}.")
    if meta.get("source"):
        parts.append(str(meta["source"]))
    return " ".join(parts)


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
