"""A chart laid out for a phone (a screen about 390 px wide): the legend below the plot,
the title, subtitle and source line wrapped, the lane names inside the plot, figures
shortened (200k), and labels with leader lines left out (the hover and the table name
them), so that the plot keeps at least 300 px of the width.

Pure: takes a framed figure (see :mod:`dashboard.figures`) and returns a changed copy.
"""

from __future__ import annotations

import re
import textwrap

import plotly.graph_objects as go

from dashboard import compat
from dashboard.text import escape

WIDTH = 358  # the chart's width on a 390 px screen (the page's padding taken off)
PLOT_HEIGHT = 320  # px of plot per chart, whatever its height on a wide screen
TITLE_CHARS, SUBTITLE_CHARS, SOURCE_CHARS = 30, 46, 44
TITLE_LINE, TEXT_LINE, LEGEND_ROW = 24, 16, 19
TICKS = 58  # the x axis's slanted tick labels
LEGEND_FONT = 11
_TAGS = re.compile(r"<[^>]+>")


def _lines(text: str, chars: int) -> list[str]:
    return [line for part in text.split("\n") for line in (textwrap.wrap(part, chars) or [""])]


def _legend_names(fig: go.Figure) -> list[str]:
    names, groups = [], set()
    for trace in fig.data:
        title = getattr(getattr(trace, "legendgrouptitle", None), "text", None)
        if title and trace.legendgroup not in groups:
            names.append(title)
            groups.add(trace.legendgroup)
        if trace.showlegend is not False and trace.name:
            names.append(str(trace.name))
    return names


def _source_note(fig: go.Figure) -> tuple[str, int]:
    """The source line re-wrapped (its text, its number of lines)."""
    note = next((a for a in fig.layout.annotations if a.name == "source_line"), None)
    if note is None:
        return "", 0
    parts = [_TAGS.sub("", part).replace("&amp;", "&") for part in note.text.split("<br>")]
    lines = [line for part in parts for line in _lines(part, SOURCE_CHARS)]
    return "<br>".join(escape(line) for line in lines), len(lines)


def _heading(fig: go.Figure) -> tuple[dict, int]:
    """The title block wrapped for a phone, and its height in px."""
    meta = fig.layout.meta or {}
    title = _lines(str(meta.get("title", "")), TITLE_CHARS)
    sub = _lines(str(meta.get("subtitle", "")), SUBTITLE_CHARS)
    if meta.get("filters"):
        sub += _lines(f"Filtered: {meta['filters']}", SUBTITLE_CHARS)
    block = {"text": "<br>".join(f"<b>{escape(line)}</b>" for line in title),
             "subtitle": {"text": "<br>".join(escape(line) for line in sub),
                          "font": {"size": 12}},
             "font": {"size": 18}, "x": 0.02, "xref": "container", "y": 1,
             "yref": "container", "yanchor": "top", "pad": {"t": 22}}
    return block, 22 + TITLE_LINE * len(title) + TEXT_LINE * len(sub) + 24


def _axes(fig: go.Figure) -> dict:
    """Lane names inside the plot, figures shortened, axis titles small."""
    changes: dict = {}
    for name in [k for k in fig.layout.to_plotly_json() if k.startswith("yaxis")]:
        axis = fig.layout[name]
        if axis.ticktext:  # named lanes: inside the plot, above their line
            changes[name] = {"ticklabelposition": "inside top", "tickfont": {"size": 11}}
        elif axis.visible is not False:
            changes[name] = {"tickformat": "~s", "automargin": True,
                             "title": {"font": {"size": 11}, "standoff": 4}}
    return changes


def narrow(fig: go.Figure) -> go.Figure:
    """A copy of the framed ``fig`` laid out for a phone."""
    out = compat.thaw(fig)
    axes = _axes(out)
    heading, top = _heading(out)
    source, source_lines = _source_note(out)
    rows = len(_legend_names(out)) if out.layout.showlegend is not False else 0
    legend_h = rows * LEGEND_ROW + (12 if rows else 0)
    bottom = TICKS + legend_h + source_lines * 14 + 12
    notes = []
    for note in out.layout.annotations:
        if note.name == "source_line":
            notes.append({**note.to_plotly_json(), "text": source, "yshift": -bottom + 8})
        elif not note.showarrow:
            notes.append(note.to_plotly_json())
    out.update_layout(
        title=heading, height=top + PLOT_HEIGHT + bottom,
        margin={"t": top, "b": bottom, "r": 8,
                "l": 44 if any("tickformat" in change for change in axes.values()) else 8},
        legend={"orientation": "v", "x": 0, "xanchor": "left", "yref": "container",
                "y": (source_lines * 14 + 16) / (top + PLOT_HEIGHT + bottom),
                "yanchor": "bottom", "font": {"size": LEGEND_FONT}, "tracegroupgap": 0},
        **axes)
    out.layout.annotations = notes  # replaced (update_layout would merge item by item)
    for name in [k for k in out.layout.to_plotly_json() if k.startswith("xaxis")]:
        out.layout[name].update(automargin=True, nticks=6)
    return out
