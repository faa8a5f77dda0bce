"""The "talks vs troops" chart: the meetings and calls above the troop estimates.

The talks are a strip of markers (shape by format) with the key meetings labelled and
drawn as guide lines through the troop panel; the troop panel is the estimates chart of
``estimates.py``. With very many meetings the strip counts them per period instead.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import estimates, figures, filters, theme
from dashboard import labels as lbl
from dashboard.text import clip, escape, fmt_date, plural
from dashboard.theme import MEETING_COLOUR, MEETING_FORMAT_LABELS, MEETING_SYMBOLS
from dashboard.timeline import (
    AGGREGATE_ABOVE,
    period_label,
    period_starts,
    period_unit,
    window_shape,
    x_range_of,
)

TITLE = "Talks vs troops: what was said while the buildup grew"
TROOPS_TOP = 0.72  # the troop panels fill the plot up to here; the talks strip sits above
_HOVER_TITLE = 110


def _meeting_counts(meetings: pd.DataFrame, unit: str) -> dict:
    """The talks strip as counts per period (for very many meetings)."""
    starts, counts = np.unique(period_starts(meetings["date"], unit), return_counts=True)
    return {
        "type": "scatter", "x": [str(d) for d in starts], "y": [0] * len(starts),
        "yaxis": "y2", "mode": "markers", "name": f"Meetings and calls per {unit}",
        "marker": {"size": (6 + 20 * np.sqrt(counts / counts.max())).round(1).tolist(),
                   "color": MEETING_COLOUR, "opacity": 0.75},
        "hovertext": [f"<b>{period_label(d, unit)}</b><br>{c:,} meetings and calls"
                      for d, c in zip(starts, counts, strict=True)],
        "hoverinfo": "text",
    }


def _meeting_markers(meetings: pd.DataFrame) -> list[dict]:
    """The talks strip, one marker per meeting, shaped by format."""
    data = []
    for fmt, label in MEETING_FORMAT_LABELS.items():
        part = meetings[meetings["format"] == fmt]
        if part.empty:
            continue
        data.append({
            "type": "scatter", "x": part["date"], "y": [0] * len(part), "yaxis": "y2",
            "mode": "markers", "name": label, "legendgroup": "talks",
            "legendgrouptitle": {"text": "Talks"},
            "marker": {"symbol": MEETING_SYMBOLS[fmt], "size": 12, "color": MEETING_COLOUR,
                       "line": {"color": "#FFFFFF", "width": 1}},
            "hovertext": [f"<b>{fmt_date(d)}</b><br>{escape(clip(t, _HOVER_TITLE))}"
                          for d, t in zip(part["date"], part["title"], strict=True)],
            "hoverinfo": "text", "customdata": part["meeting_id"],
        })
    return data


STRIP_RANGE = (-0.4, 4.2)  # the talks strip's y axis: markers at 0, labels above
LABEL_PX = 11
HEIGHT = 720


def _key_meetings(meetings: pd.DataFrame, labels: dict[str, str], axis: figures.TimeAxis,
                  top_margin: float) -> tuple[list[dict], list[dict]]:
    """(labels, guide lines) for the key meetings: each label in full, above its meeting,
    stacked in rows so that no two overlap at any width the chart is shown at."""
    keyed = meetings[meetings["meeting_id"].isin(labels)].sort_values("date")
    anchors = [lbl.Anchor(axis.share(day), -STRIP_RANGE[0] / (STRIP_RANGE[1] - STRIP_RANGE[0]),
                          labels[meeting_id])
               for day, meeting_id in zip(keyed["date"], keyed["meeting_id"], strict=True)]
    plots = lbl.plot_sizes(HEIGHT, (top_margin, figures.BOTTOM_MARGIN),
                           (TROOPS_TOP + 0.04, 1.0))
    offsets = lbl.place(anchors, lbl.stacked(6, LABEL_PX), LABEL_PX, plots)
    annotations, shapes = [], []
    for day, anchor, (dx, dy) in zip(keyed["date"], anchors, offsets, strict=True):
        annotations.append({
            "x": day, "y": 0, "xref": "x", "yref": "y2", "text": escape(anchor.text),
            "showarrow": True, "arrowhead": 0, "arrowwidth": 1, "arrowcolor": theme.MUTED,
            "ax": dx, "ay": -dy, "font": {"size": LABEL_PX, "color": theme.INK},
            "bgcolor": "rgba(255,255,255,0.9)", "borderpad": 1, "name": "key_meeting",
        })
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": day, "x1": day,
                       "y0": 0, "y1": TROOPS_TOP, "line": {"color": theme.MUTED, "width": 1,
                                                           "dash": "dot"}})
    return annotations, shapes


def talks_vs_troops_figure(
    troop_estimates: pd.DataFrame,
    meetings: pd.DataFrame,
    *,
    x_range: tuple[date, date],
    as_of: date | None,
    source: str,
    filters: str | None = None,
    key_meetings: dict[str, str] | None = None,
    window: tuple[date, date] | None = None,
    names: dict[str, str] | None = None,
) -> go.Figure:
    """The signature chart: troop estimates (low–high per estimator) under the talks.

    Parameters
    ----------
    troop_estimates
        ``troop_estimates`` rows to draw (already filtered).
    meetings
        ``meetings`` rows to mark on the same time axis.
    key_meetings
        Meeting id -> short label, for the meetings to label and to draw as guide lines
        through the troop panel.
    """
    many = len(meetings) > AGGREGATE_ABOVE
    data = ([_meeting_counts(meetings, period_unit(x_range))] if many
            else _meeting_markers(meetings))
    axis = figures.TimeAxis(*x_range_of(x_range))
    subtitle = (f"{len(troop_estimates)} troop estimates under {len(meetings)} meetings and "
                "calls. Totals: bars show each low–high range, bands join an estimator's "
                "figures; partial counts apart, never joined")
    top = figures.top_margin(subtitle, filters)
    annotations, shapes = _key_meetings(meetings, key_meetings or {}, axis, top)
    troops, anchors = estimates.troop_traces(troop_estimates, names)
    if window is not None:
        shapes.append(window_shape(window))
    has_parts = bool((troop_estimates["scope"] != estimates.TOTAL).any())
    y_top = estimates.y_top(troop_estimates)
    plots = lbl.plot_sizes(HEIGHT, (top, figures.BOTTOM_MARGIN),
                           estimates.totals_domain(TROOPS_TOP, has_parts))
    layout = {
        "height": HEIGHT, "hovermode": "closest", "shapes": shapes,
        "annotations": annotations + estimates.estimator_labels(anchors, axis, y_top, plots),
        **estimates.axes(TROOPS_TOP, has_parts, axis.layout(), y_top),
        "yaxis2": {"domain": [TROOPS_TOP + 0.04, 1], "visible": False,
                   "range": list(STRIP_RANGE),
                   "fixedrange": True, "anchor": "x"},
    }
    return figures.framed(
        data + troops, layout, figures.Frame(
            title=TITLE,
            subtitle=subtitle,
            as_of=as_of, source=source, filters=filters, legend="right",
            point=f"{estimates.main_point(troop_estimates, names)}; "
            f"{plural(len(meetings), 'meeting or call', 'meetings and calls')} in the same "
            "months",
        ),
    )


def troops_view(troop_estimates: pd.DataFrame, meetings: pd.DataFrame,
                state: filters.Filters, *, bounds: tuple[date, date], as_of: date | None,
                source: str, window: tuple[date, date] | None = None,
                key_meetings: dict[str, str] | None = None,
                names: dict[str, str] | None = None) -> tuple[go.Figure | None, pd.DataFrame]:
    """(talks-vs-troops chart, the estimates it draws); only ``state``'s dates apply."""
    if troop_estimates.empty:
        return None, estimates.bands(troop_estimates)
    lo, hi = pd.Timestamp(state.start), pd.Timestamp(state.end)
    shown = troop_estimates[troop_estimates["date"].between(lo, hi)]
    chart = talks_vs_troops_figure(
        shown, meetings[meetings["date"].between(lo, hi)], x_range=(state.start, state.end),
        as_of=as_of, source=source, filters=state.describe_dates(bounds),
        key_meetings=key_meetings, window=window, names=names)
    return chart, estimates.bands(shown, names).sort_values("date")
