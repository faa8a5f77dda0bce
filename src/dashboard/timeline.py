"""Builders for the timeline view: the lane chart and the "talks vs troops" chart.

Pure functions: records in, Plotly figures out. The page wires filters and
selection to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import figures, theme


@dataclass(frozen=True)
class Lane:
    name: str
    kinds: tuple[str, ...]


#: Lanes from top to bottom. Positions are not events and stay off the timeline.
LANES: tuple[Lane, ...] = (
    Lane("Meetings & calls", ("Meeting",)),
    Lane("Statements", ("Statement",)),
    Lane("Forces: sites & estimates", ("Deployment", "Troop estimate")),
    Lane("Demands & answers", ("Demand", "Response")),
)
TIMELINE_KINDS = tuple(k for lane in LANES for k in lane.kinds)
_LANE_OF = {kind: i for i, lane in enumerate(LANES) for kind in lane.kinds}

MEETING_COLOUR = "#3D4752"
#: Meetings are drawn by format: the shape says summit, talks or call.
MEETING_SYMBOLS = {
    "summit": "star",
    "in_person": "circle",
    "multilateral": "hexagon",
    "working_group": "circle-open",
    "video_call": "square",
    "phone_call": "triangle-up",
}
MEETING_FORMAT_LABELS = {
    "summit": "Summit",
    "in_person": "Talks in person",
    "multilateral": "Multilateral meeting",
    "working_group": "Working group",
    "video_call": "Video call",
    "phone_call": "Phone call",
}
#: Above this many points, draw with WebGL so the page stays fast.
WEBGL_THRESHOLD = 3000
#: Above this many matching records, the lane chart counts them per period instead of
#: drawing each (a click on a count zooms into its dates, where the records reappear).
AGGREGATE_ABOVE = 5000
ZOOM_PREFIX = "zoom:"
_SPREAD = 0.38  # how far from its lane's centre line a point may sit
_HOVER_TITLE = 110
_HOVER_SUMMARY = 220


def _clip(text: object, limit: int) -> str:
    text = "" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


#: What the lane chart reads; ``hover`` is optional (computed once per data version by the
#: caller, see :func:`hover_texts`).
LANE_COLUMNS = ["date", "kind", "side", "format", "title", "summary", "record_id", "hover"]


def lane_events(records: pd.DataFrame) -> pd.DataFrame:
    """Records that belong on the timeline, with ``lane`` and a de-cluttered ``y``.

    Records of the same lane in the same week are spread vertically inside
    their lane, so dense periods stay legible without any point hiding another.
    Only the columns the lane chart reads are kept.
    """
    events = records.loc[records["kind"].isin(TIMELINE_KINDS),
                         [c for c in LANE_COLUMNS if c in records.columns]]
    if events.empty:
        return events.assign(lane=pd.Series(dtype="int64"), y=pd.Series(dtype="float64"))
    events = events.assign(lane=events["kind"].map(_LANE_OF).astype("int64"))
    events = events.sort_values(["lane", "date", "record_id"], kind="stable")
    # Monday-based week number (1 January 1970 was a Thursday); sorted, so each lane-week
    # is a run of equal keys
    week = (events["date"].to_numpy().astype("datetime64[D]").astype("int64") + 3) // 7
    key = events["lane"].to_numpy() * 1_000_000 + week
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    lengths = np.diff(np.r_[starts, len(key)])
    rank = np.arange(len(key)) - np.repeat(starts, lengths)
    size = np.repeat(lengths, lengths)
    # spread the points of one lane-week evenly: centre first, then alternating
    step = np.minimum(0.11, 2 * _SPREAD / np.maximum(size - 1, 1))
    sign = np.where(rank % 2 == 1, 1.0, -1.0)
    offsets = np.where(size > 1, ((rank + 1) // 2) * step * sign, 0.0)
    # lanes run top to bottom: lane 0 at the top
    return events.assign(y=(len(LANES) - 1 - events["lane"]).to_numpy() + offsets)


def hover_texts(events: pd.DataFrame) -> list[str]:
    """The lane chart's hover text of each record (escaped: it is shown as HTML)."""
    esc = figures.escape
    dates = events["date"].to_numpy()
    day = {d: f"{pd.Timestamp(d):%-d %b %Y}" for d in np.unique(dates)}  # few distinct days

    def cells(column: str) -> list:  # plain Python values: iterating Arrow text is slow
        return events[column].to_numpy(dtype=object).tolist()

    return [
        f"<b>{day[d]}</b> · {esc(k)}{' · ' + esc(s) if isinstance(s, str) else ''}"
        f"<br>{esc(_clip(t, _HOVER_TITLE))}<br><i>{esc(_clip(m, _HOVER_SUMMARY))}</i>"
        for d, k, s, t, m in zip(dates, cells("kind"), cells("side"), cells("title"),
                                 cells("summary"), strict=True)
    ]


def _points(events: pd.DataFrame) -> dict[str, np.ndarray]:
    """The lane chart's per-point values as plain arrays (cheap to slice and to send)."""
    return {
        "x": events["date"].dt.strftime("%Y-%m-%d").to_numpy(dtype=object),
        "y": np.round(events["y"].to_numpy(dtype="float64"), 4),
        "id": events["record_id"].to_numpy(dtype=object),
        "hover": (events["hover"].to_numpy(dtype=object) if "hover" in events else
                  np.array(hover_texts(events), dtype=object)),
        "kind": events["kind"].to_numpy(dtype=object),
        "side": events["side"].to_numpy(dtype=object),
        "format": (events["format"] if "format" in events else
                   pd.Series(None, index=events.index)).to_numpy(dtype=object),
    }


def _trace_values(points: dict[str, np.ndarray], mask: np.ndarray) -> dict:
    return {"x": points["x"][mask].tolist(), "y": points["y"][mask].tolist(),
            "customdata": points["id"][mask].tolist(),
            "hovertext": points["hover"][mask].tolist(), "hoverinfo": "text"}


LANE_CHART_TITLE = "Who met, who said what, and what moved on the ground"


def _lane_axis(**extra) -> dict:
    """The lane charts' y axis: one named row per lane, top to bottom."""
    top = len(LANES) - 1
    return {"tickvals": [top - i for i in range(len(LANES))],
            "ticktext": [lane.name for lane in LANES], "range": [-0.6, top + 0.6],
            "fixedrange": True, "showgrid": False, "automargin": True, **extra}


def _scatter_type(n_points: int) -> str:
    return "scattergl" if n_points > WEBGL_THRESHOLD else "scatter"


def _window_shape(window: tuple[date, date], yref: str = "paper") -> dict:
    return {"type": "rect", "xref": "x", "yref": yref, "y0": 0, "y1": 1,
            "x0": pd.Timestamp(window[0]),
            "x1": pd.Timestamp(window[1]) + pd.Timedelta(hours=23),
            "fillcolor": "#FFC531", "opacity": 0.4, "line": {"width": 0}, "layer": "below"}


def _x_range(x_range: tuple[date, date]) -> list[pd.Timestamp]:
    pad = pd.Timedelta(days=max(2, (x_range[1] - x_range[0]).days // 60))
    return [pd.Timestamp(x_range[0]) - pad, pd.Timestamp(x_range[1]) + pad]


def timeline_figure(
    events: pd.DataFrame,
    *,
    x_range: tuple[date, date],
    as_of: date | None,
    source: str,
    filters: str | None = None,
    window: tuple[date, date] | None = None,
    selected: str | None = None,
) -> go.Figure:
    """The lane chart: one lane per record type, colour and shape by side.

    Parameters
    ----------
    events
        Output of :func:`lane_events`.
    x_range
        The date range shown (the filter's range).
    window
        A highlighted date window (the current story step), if any.
    selected
        The record id to ring, if any.
    """
    kind = _scatter_type(len(events))
    points = _points(events)
    data: list[dict] = []
    is_meeting = points["kind"] == "Meeting"
    for fmt, label in MEETING_FORMAT_LABELS.items():
        mask = is_meeting & (points["format"] == fmt)
        if not mask.any():
            continue
        data.append({
            "type": kind, "mode": "markers", "name": label, **_trace_values(points, mask),
            "legendgroup": "meetings", "legendgrouptitle": {"text": "Meetings, by format"},
            "marker": {"color": MEETING_COLOUR, "symbol": MEETING_SYMBOLS[fmt], "size": 13,
                       "line": {"color": "#FFFFFF", "width": 1}},
        })
    for side, style in theme.SIDE_STYLES.items():
        mask = ~is_meeting & (points["side"] == side)
        if not mask.any():
            continue
        data.append({
            "type": kind, "mode": "markers", "name": style.label,
            **_trace_values(points, mask), "legendgroup": "sides",
            "legendgrouptitle": {"text": "Other records, by side"},
            "marker": {"color": style.colour, "symbol": style.symbol, "size": 10,
                       "line": {"color": "#FFFFFF", "width": 0.8}},
        })
    where = np.flatnonzero(points["id"] == selected) if selected is not None else []
    if len(where):
        i = where[0]
        data.append({
            "type": "scatter", "x": [points["x"][i]], "y": [points["y"][i]], "mode": "markers",
            "name": "Selected record", "customdata": [selected], "hoverinfo": "skip",
            "showlegend": False,
            "marker": {"size": 24, "color": "rgba(0,0,0,0)",
                       "line": {"color": theme.INK, "width": 2.5}},
        })
    shapes = [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": i, "y1": i,
               "line": {"color": theme.GRID, "width": 1}, "layer": "below"}
              for i in range(len(LANES))]
    if window is not None:
        shapes.append(_window_shape(window))
    layout = {
        "height": 560, "hovermode": "closest", "dragmode": "zoom",
        "clickmode": "event+select", "shapes": shapes,
        "yaxis": _lane_axis(),
        "xaxis": {"range": _x_range(x_range), "showspikes": True, "spikemode": "across",
                  "spikethickness": 1, "spikecolor": theme.MUTED, "type": "date"},
    }
    n = len(events)
    return figures.framed(
        data, layout,
        title=LANE_CHART_TITLE,
        subtitle=f"{n:,} dated record{'s' if n != 1 else ''} in four lanes; meetings by format, "
        "others by side. Click a point for its record",
        as_of=as_of, source=source, filters=filters, legend="right",
    )


_PERIOD_LABELS = {"day": "%-d %b %Y", "week": "week of %-d %b %Y", "month": "%B %Y"}


def _period_starts(dates: pd.Series, unit: str) -> np.ndarray:
    """The first day of each date's day, Monday-based week or month."""
    days = dates.to_numpy().astype("datetime64[D]")
    if unit == "week":  # 1 January 1970 was a Thursday
        return days - ((days.astype("int64") + 3) % 7).astype("timedelta64[D]")
    if unit == "month":
        return days.astype("datetime64[M]").astype("datetime64[D]")
    return days


def period_unit(x_range: tuple[date, date]) -> str:
    """The counting period for a date range: about 400 periods at most."""
    days = (x_range[1] - x_range[0]).days
    return "day" if days <= 400 else "week" if days <= 7 * 400 else "month"


def counts_figure(events: pd.DataFrame, *, x_range: tuple[date, date], as_of: date | None,
                  source: str, filters: str | None = None,
                  window: tuple[date, date] | None = None) -> go.Figure:
    """The lane chart for many records: in each lane, a bar per period, as tall as its count
    (scaled to the lane's busiest period; the hover gives the number).

    ``events`` needs ``date`` and ``kind``. Each bar's customdata is
    ``"zoom:<first day>:<last day>"`` (see :func:`zoom_range`).
    """
    unit = period_unit(x_range)
    lanes = events["kind"].map(_LANE_OF).to_numpy(dtype="int64")
    starts = _period_starts(events["date"], unit)
    keys = lanes * 1_000_000 + starts.astype("int64")
    unique, counts = np.unique(keys, return_counts=True)
    lane_of, start_of = unique // 1_000_000, (unique % 1_000_000).astype("datetime64[D]")
    ends = {"day": start_of, "week": start_of + np.timedelta64(6, "D"),
            "month": (start_of.astype("datetime64[M]") + 1).astype("datetime64[D]")
            - np.timedelta64(1, "D")}[unit]
    label = _PERIOD_LABELS[unit]
    top = len(LANES) - 1
    data = []
    for i, lane in enumerate(LANES):
        mask = lane_of == i
        if not mask.any():
            continue
        first, last, n = start_of[mask], ends[mask], counts[mask]
        days = (last - first).astype("int64") + 1
        data.append({
            "type": "bar", "name": lane.name, "showlegend": False,
            "x": [str(d) for d in first], "offset": 0,
            "width": (days * 86_400_000 * 0.9).tolist(),  # milliseconds on a date axis
            "base": [top - i - 0.4] * int(mask.sum()),
            "y": (0.8 * n / n.max()).round(4).tolist(),
            "marker": {"color": MEETING_COLOUR if i == 0 else theme.MUTED, "line": {"width": 0}},
            "customdata": [f"{ZOOM_PREFIX}{a}:{b}" for a, b in zip(first, last, strict=True)],
            "hovertext": [f"<b>{pd.Timestamp(a):{label}}</b> · {figures.escape(lane.name)}"
                          f"<br>{c:,} record{'s' if c != 1 else ''}<br><i>Click to zoom into "
                          "these dates</i>" for a, c in zip(first, n, strict=True)],
            "hoverinfo": "text",
        })
    shapes = [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": i - 0.4, "y1": i - 0.4,
               "line": {"color": theme.GRID, "width": 1}, "layer": "below"}
              for i in range(len(LANES))]
    if window is not None:
        shapes.append(_window_shape(window))
    layout = {
        "height": 560, "hovermode": "closest", "clickmode": "event+select", "shapes": shapes,
        "barmode": "overlay", "bargap": 0,
        "yaxis": _lane_axis(zeroline=False),
        "xaxis": {"range": _x_range(x_range), "type": "date"},
    }
    n = len(events)
    return figures.framed(
        data, layout,
        title=LANE_CHART_TITLE,
        subtitle=f"{n:,} records, too many to draw one by one: bars count them per {unit} "
        "and lane. Click a bar to zoom in",
        as_of=as_of, source=source, filters=filters, legend="right",
    )


def zoom_range(customdata: object) -> tuple[date, date] | None:
    """The dates of a clicked count circle (``"zoom:2021-11-01:2021-11-07"``), else None."""
    if not isinstance(customdata, str) or not customdata.startswith(ZOOM_PREFIX):
        return None
    try:
        first, last = customdata[len(ZOOM_PREFIX):].split(":")
        return date.fromisoformat(first), date.fromisoformat(last)
    except ValueError:
        return None


def estimate_bands(estimates: pd.DataFrame) -> pd.DataFrame:
    """Troop estimates sorted for drawing, with a ``label`` of the range in thousands."""
    out = estimates.sort_values(["estimator_side", "estimator", "date"]).copy()
    out["label"] = [
        f"{lo / 1000:,.0f}k" if lo == hi else f"{lo / 1000:,.0f}–{hi / 1000:,.0f}k"
        for lo, hi in zip(out["troops_low"], out["troops_high"], strict=True)
    ]
    return out


def _meeting_counts(meetings: pd.DataFrame, unit: str) -> dict:
    """The talks strip of :func:`talks_vs_troops_figure` as counts per period."""
    starts, counts = np.unique(_period_starts(meetings["date"], unit), return_counts=True)
    label = _PERIOD_LABELS[unit]
    return {
        "type": "scatter", "x": [str(d) for d in starts], "y": [0] * len(starts),
        "yaxis": "y2", "mode": "markers", "name": f"Meetings and calls per {unit}",
        "marker": {"size": (6 + 20 * np.sqrt(counts / counts.max())).round(1).tolist(),
                   "color": MEETING_COLOUR, "opacity": 0.75},
        "hovertext": [f"<b>{pd.Timestamp(d):{label}}</b><br>{c:,} meetings and calls"
                      for d, c in zip(starts, counts, strict=True)],
        "hoverinfo": "text",
    }


def talks_vs_troops_figure(
    estimates: pd.DataFrame,
    meetings: pd.DataFrame,
    *,
    x_range: tuple[date, date],
    as_of: date | None,
    source: str,
    filters: str | None = None,
    key_meetings: dict[str, str] | None = None,
    window: tuple[date, date] | None = None,
) -> go.Figure:
    """The signature chart: troop estimates (low–high per estimator) under the talks.

    Parameters
    ----------
    estimates
        ``troop_estimates`` rows to draw (already filtered).
    meetings
        ``meetings`` rows to mark on the same time axis.
    key_meetings
        Meeting id -> short label, for the meetings to label and to draw as guide lines
        through the troop panel.
    """
    data: list[dict] = []
    annotations: list[dict] = []
    shapes: list[dict] = []
    # top strip (y2): the talks, one by one or, when there are very many, counted
    if len(meetings) > AGGREGATE_ABOVE:
        data.append(_meeting_counts(meetings, period_unit(x_range)))
    for fmt, label in MEETING_FORMAT_LABELS.items():
        if len(meetings) > AGGREGATE_ABOVE:
            break
        part = meetings[meetings["format"] == fmt]
        if part.empty:
            continue
        data.append({
            "type": "scatter", "x": part["date"], "y": [0] * len(part), "yaxis": "y2",
            "mode": "markers", "name": label, "legendgroup": "talks",
            "legendgrouptitle": {"text": "Talks"},
            "marker": {"symbol": MEETING_SYMBOLS[fmt], "size": 12, "color": MEETING_COLOUR,
                       "line": {"color": "#FFFFFF", "width": 1}},
            "hovertext": [f"<b>{d:%-d %b %Y}</b><br>{figures.escape(_clip(t, _HOVER_TITLE))}"
                          for d, t in zip(part["date"], part["title"], strict=True)],
            "hoverinfo": "text", "customdata": part["meeting_id"],
        })
    key_meetings = key_meetings or {}
    keyed = meetings[meetings["meeting_id"].isin(key_meetings)].sort_values("date")
    for i, (day, meeting_id) in enumerate(zip(keyed["date"], keyed["meeting_id"], strict=True)):
        annotations.append({
            "x": day, "y": 0, "xref": "x", "yref": "y2",
            "text": figures.escape(_clip(key_meetings[meeting_id], 30)),
            "showarrow": True, "arrowhead": 0, "arrowwidth": 1, "arrowcolor": theme.MUTED,
            "ax": 0, "ay": -16 - 15 * (i % 4), "font": {"size": 10, "color": theme.INK},
            "bgcolor": "rgba(255,255,255,0.85)",
        })
        shapes.append({"type": "line", "xref": "x", "yref": "y domain", "x0": day, "x1": day,
                       "y0": 0, "y1": 1, "line": {"color": theme.MUTED, "width": 1,
                                                  "dash": "dot"}})
    # main panel (y): the troops. One trace of figures per side (each with its low–high
    # bar), and for estimators who gave several figures, a band and a line joining them.
    bands = estimate_bands(estimates)
    low_all = bands["troops_low"].astype(float)
    high_all = bands["troops_high"].astype(float)
    bands = bands.assign(low=low_all, high=high_all, mid=(low_all + high_all) / 2)
    for side, part in bands.groupby("estimator_side", sort=False):
        style = theme.SIDE_STYLES.get(side, theme.SIDE_STYLES["other"])
        group = f"est-{side}"
        for estimator, own in part.groupby("estimator", sort=False):
            if len(own) < 2:
                continue
            data.append({"type": "scatter", "x": own["date"], "y": own["high"].tolist(),
                         "mode": "lines", "line": {"width": 0}, "showlegend": False,
                         "hoverinfo": "skip", "legendgroup": group})
            data.append({"type": "scatter", "x": own["date"], "y": own["low"].tolist(),
                         "mode": "lines", "fill": "tonexty",
                         "fillcolor": _rgba(style.colour, 0.18), "line": {"width": 0},
                         "showlegend": False, "hoverinfo": "skip", "legendgroup": group})
            data.append({"type": "scatter", "x": own["date"], "y": own["mid"].tolist(),
                         "mode": "lines", "showlegend": False, "hoverinfo": "skip",
                         "legendgroup": group,
                         "line": {"color": style.colour, "width": 1.5, "dash": style.dash}})
            top = own.loc[own["high"].idxmax()]
            annotations.append({
                "x": top["date"], "y": float(top["high"]), "xref": "x", "yref": "y",
                "text": figures.escape(_short_estimator(estimator)), "showarrow": False,
                "xanchor": "right", "yanchor": "bottom",
                "font": {"size": 9, "color": style.colour},
            })
        data.append({
            "type": "scatter", "x": part["date"], "y": part["mid"].tolist(), "mode": "markers",
            "name": f"{style.label} estimates", "legendgroup": group,
            "marker": {"color": style.colour, "symbol": style.symbol, "size": 9,
                       "line": {"color": "#FFFFFF", "width": 0.8}},
            "error_y": {"type": "data", "symmetric": False,
                        "array": (part["high"] - part["mid"]).tolist(),
                        "arrayminus": (part["mid"] - part["low"]).tolist(),
                        "color": style.colour, "thickness": 1.5, "width": 4},
            "hovertext": [
                f"<b>{d:%-d %b %Y}</b> · {figures.escape(est)}<br>{lab} troops"
                f"<br><i>{figures.escape(_clip(scope, _HOVER_SUMMARY))}</i>"
                for d, est, lab, scope in zip(part["date"], part["estimator"], part["label"],
                                              part["scope"], strict=True)
            ],
            "hoverinfo": "text", "customdata": part["estimate_id"].tolist(),
        })
    if window is not None:
        shapes.append(_window_shape(window))
    layout = {
        "height": 640, "hovermode": "closest", "shapes": shapes, "annotations": annotations,
        "xaxis": {"range": _x_range(x_range), "type": "date", "anchor": "y"},
        "yaxis": {"domain": [0, 0.72], "title": {"text": "Russian troops near Ukraine "
                                                 "(estimates)"},
                  "rangemode": "tozero", "tickformat": ",.0f"},
        "yaxis2": {"domain": [0.76, 1], "visible": False, "range": [-0.4, 4.2],
                   "fixedrange": True, "anchor": "x"},
    }
    n_est, n_meet = len(estimates), len(meetings)
    return figures.framed(
        data, layout,
        title="Talks vs troops: what was said while the buildup grew",
        subtitle=f"{n_est} troop estimates (bars show each low–high range; bands join an "
        f"estimator's figures) under {n_meet} meetings and calls",
        as_of=as_of, source=source, filters=filters, legend="right",
    )


def _short_estimator(estimator: str, limit: int = 26) -> str:
    """'Ukrainian MoD (Defence Minister Oleksii Reznikov)' -> 'Ukrainian MoD (Reznikov)'."""
    body, _, person = estimator.partition(" (")
    surname = person.rstrip(")").split()[-1] if person else ""
    short = f"{body} ({surname})" if surname and surname.isalpha() else body
    return _clip(short, limit)


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


@dataclass(frozen=True)
class TimelineView:
    """Everything the timeline page draws for one filter state."""

    matching: pd.DataFrame  # records that pass the filters
    lanes: go.Figure | None  # None when nothing matches
    talks_vs_troops: go.Figure | None  # None when estimates or meetings are unavailable
    estimates: pd.DataFrame  # the estimates drawn, for the table under the chart
    cited: frozenset[str]  # the source ids of the matching records


def lanes_view(records: pd.DataFrame, state, *, bounds: tuple[date, date], source: str,
               window: tuple[date, date] | None = None) -> tuple[pd.DataFrame, go.Figure | None]:
    """(matching records, lane chart) for filter ``state`` (a ``filters.Filters``)."""
    from dashboard import filters  # the filters module imports nothing from here

    events_all = records[records["kind"].isin(TIMELINE_KINDS)]
    matching = filters.apply(events_all, state)
    if matching.empty:
        return matching, None
    frame = {"x_range": (state.start, state.end), "as_of": bounds[1], "source": source,
             "filters": state.describe(bounds), "window": window}
    if len(matching) > AGGREGATE_ABOVE:
        return matching, counts_figure(matching, **frame)
    return matching, timeline_figure(lane_events(matching), selected=state.record, **frame)


def troops_view(estimates: pd.DataFrame, meetings: pd.DataFrame, state, *,
                bounds: tuple[date, date], as_of: date | None, source: str,
                window: tuple[date, date] | None = None,
                key_meetings: dict[str, str] | None = None
                ) -> tuple[go.Figure | None, pd.DataFrame]:
    """(talks-vs-troops chart, the estimates it draws); only ``state``'s dates apply."""
    if estimates.empty:
        return None, estimate_bands(estimates)
    lo, hi = pd.Timestamp(state.start), pd.Timestamp(state.end)
    shown = estimates[estimates["date"].between(lo, hi)]
    tvt = talks_vs_troops_figure(
        shown, meetings[meetings["date"].between(lo, hi)], x_range=(state.start, state.end),
        as_of=as_of, source=source, filters=state.describe_dates(bounds),
        key_meetings=key_meetings, window=window)
    return tvt, estimate_bands(shown).sort_values("date")
