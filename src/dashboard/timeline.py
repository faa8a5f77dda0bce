"""Builders for the timeline's lane chart: every dated record in its lane.

Pure functions: records in, Plotly figures out. The page wires filters and selection to
them; the "talks vs troops" chart below it is built in ``talks_vs_troops.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import figures, filters, registry, theme
from dashboard.text import clip, escape, fmt_date, plural
from dashboard.theme import MEETING_COLOUR, MEETING_FORMAT_LABELS, MEETING_SYMBOLS


@dataclass(frozen=True)
class Lane:
    name: str
    kinds: tuple[str, ...]


#: Lanes from top to bottom, as the datasets declare them. Positions are not events and
#: stay off the timeline.
LANES: tuple[Lane, ...] = tuple(Lane(name, kinds) for name, kinds in registry.lanes())
TIMELINE_KINDS = tuple(k for lane in LANES for k in lane.kinds)
_LANE_OF = {kind: i for i, lane in enumerate(LANES) for kind in lane.kinds}

#: Above this many points, draw with WebGL so the page stays fast.
WEBGL_THRESHOLD = 3000
#: Above this many matching records, the lane chart counts them per period instead of
#: drawing each (a click on a count zooms into its dates, where the records reappear).
AGGREGATE_ABOVE = 5000
ZOOM_PREFIX = "zoom:"
_SPREAD = 0.38  # how far from its lane's centre line a point may sit
_HOVER_TITLE = 110
_HOVER_SUMMARY = 220


#: What the lane chart reads; ``hover`` is optional (computed once per data version by the
#: caller, see :func:`hover_texts`).
def _busiest(events: pd.DataFrame) -> str:
    """The main point of the lane chart: its busiest month."""
    month = figures.busiest_month(events["date"])
    return f"The busiest month is {month}" if month else "No records in this view"


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
    esc = escape
    dates = events["date"].to_numpy()
    day = {d: fmt_date(pd.Timestamp(d)) for d in np.unique(dates)}  # few distinct days

    def cells(column: str) -> list:  # plain Python values: iterating Arrow text is slow
        return events[column].to_numpy(dtype=object).tolist()

    return [
        f"<b>{day[d]}</b> · {esc(k)}{' · ' + esc(s) if isinstance(s, str) else ''}"
        f"<br>{esc(clip(t, _HOVER_TITLE))}<br><i>{esc(clip(m, _HOVER_SUMMARY))}</i>"
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


def window_shape(window: tuple[date, date], yref: str = "paper") -> dict:
    return {"type": "rect", "xref": "x", "yref": yref, "y0": 0, "y1": 1,
            "x0": pd.Timestamp(window[0]),
            "x1": pd.Timestamp(window[1]) + pd.Timedelta(hours=23),
            "fillcolor": "#FFC531", "opacity": 0.4, "line": {"width": 0}, "layer": "below"}


def x_range_of(x_range: tuple[date, date]) -> list[pd.Timestamp]:
    pad = pd.Timedelta(days=max(2, (x_range[1] - x_range[0]).days // 60))
    return [pd.Timestamp(x_range[0]) - pad, pd.Timestamp(x_range[1]) + pad]


def _point_traces(points: dict[str, np.ndarray], kind: str) -> list[dict]:
    """Meetings by format (shape), the other records by side (colour and shape)."""
    data: list[dict] = []
    is_meeting = points["kind"] == "Meeting"
    for fmt, label in MEETING_FORMAT_LABELS.items():
        mask = is_meeting & (points["format"] == fmt)
        if mask.any():
            data.append({
                "type": kind, "mode": "markers", "name": label, **_trace_values(points, mask),
                "legendgroup": "meetings", "legendgrouptitle": {"text": "Meetings, by format"},
                "marker": {"color": MEETING_COLOUR, "symbol": MEETING_SYMBOLS[fmt], "size": 13,
                           "line": {"color": "#FFFFFF", "width": 1}},
            })
    for side, style in theme.SIDE_STYLES.items():
        mask = ~is_meeting & (points["side"] == side)
        if mask.any():
            data.append({
                "type": kind, "mode": "markers", "name": style.label,
                **_trace_values(points, mask), "legendgroup": "sides",
                "legendgrouptitle": {"text": "Other records, by side"},
                "marker": {"color": style.colour, "symbol": style.symbol, "size": 10,
                           "line": {"color": "#FFFFFF", "width": 0.8}},
            })
    return data


def _ring(points: dict[str, np.ndarray], selected: str | None) -> list[dict]:
    """A ring around the selected record, if it is drawn."""
    where = np.flatnonzero(points["id"] == selected) if selected is not None else np.array([])
    if not len(where):
        return []
    i = where[0]
    return [{"type": "scatter", "x": [points["x"][i]], "y": [points["y"][i]],
             "mode": "markers", "name": "Selected record", "customdata": [selected],
             "hoverinfo": "skip", "showlegend": False,
             "marker": {"size": 24, "color": "rgba(0,0,0,0)",
                        "line": {"color": theme.INK, "width": 2.5}}}]


def _lane_lines(offset: float = 0.0) -> list[dict]:
    return [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": i + offset,
             "y1": i + offset, "line": {"color": theme.GRID, "width": 1}, "layer": "below"}
            for i in range(len(LANES))]


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
    points = _points(events)
    data = _point_traces(points, _scatter_type(len(events))) + _ring(points, selected)
    shapes = _lane_lines() + ([window_shape(window)] if window is not None else [])
    layout = {
        "height": 560, "hovermode": "closest", "dragmode": "zoom",
        "clickmode": "event+select", "shapes": shapes,
        "yaxis": _lane_axis(),
        "xaxis": {"range": x_range_of(x_range), "showspikes": True, "spikemode": "across",
                  "spikethickness": 1, "spikecolor": theme.MUTED, "type": "date"},
    }
    return figures.framed(
        data, layout, figures.Frame(
            title=LANE_CHART_TITLE,
            subtitle=f"{plural(len(events), 'dated record')} in four lanes; meetings by format, "
            "others by side",
            as_of=as_of, source=source, filters=filters, legend="right",
            point=_busiest(events),
        ),
    )


def period_label(start: object, unit: str) -> str:
    """'5 Jan 2022', 'week of 3 Jan 2022' or 'January 2022'."""
    day = pd.Timestamp(start)
    if unit == "month":
        return fmt_date(day, "month")
    return ("week of " if unit == "week" else "") + fmt_date(day)


def period_starts(dates: pd.Series, unit: str) -> np.ndarray:
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


def _period_counts(events: pd.DataFrame, unit: str):
    """(lane, first day, last day, count) arrays of the lane-periods that have records."""
    lanes = events["kind"].map(_LANE_OF).to_numpy(dtype="int64")
    keys = lanes * 1_000_000 + period_starts(events["date"], unit).astype("int64")
    unique, counts = np.unique(keys, return_counts=True)
    lane_of, start_of = unique // 1_000_000, (unique % 1_000_000).astype("datetime64[D]")
    ends = {"day": start_of, "week": start_of + np.timedelta64(6, "D"),
            "month": (start_of.astype("datetime64[M]") + 1).astype("datetime64[D]")
            - np.timedelta64(1, "D")}[unit]
    return lane_of, start_of, ends, counts


def _count_bars(events: pd.DataFrame, unit: str) -> list[dict]:
    lane_of, start_of, ends, counts = _period_counts(events, unit)
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
            "hovertext": [f"<b>{period_label(a, unit)}</b> · {escape(lane.name)}"
                          f"<br>{plural(int(c), 'record')}<br><i>Click to zoom into "
                          "these dates</i>" for a, c in zip(first, n, strict=True)],
            "hoverinfo": "text",
        })
    return data


def counts_figure(events: pd.DataFrame, *, x_range: tuple[date, date], as_of: date | None,
                  source: str, filters: str | None = None,
                  window: tuple[date, date] | None = None) -> go.Figure:
    """The lane chart for many records: in each lane, a bar per period, as tall as its count
    (scaled to the lane's busiest period; the hover gives the number).

    ``events`` needs ``date`` and ``kind``. Each bar's customdata is
    ``"zoom:<first day>:<last day>"`` (see :func:`zoom_range`).
    """
    unit = period_unit(x_range)
    shapes = _lane_lines(-0.4) + ([window_shape(window)] if window is not None else [])
    layout = {
        "height": 560, "hovermode": "closest", "clickmode": "event+select", "shapes": shapes,
        "barmode": "overlay", "bargap": 0,
        "yaxis": _lane_axis(zeroline=False),
        "xaxis": {"range": x_range_of(x_range), "type": "date"},
    }
    return figures.framed(
        _count_bars(events, unit), layout, figures.Frame(
            title=LANE_CHART_TITLE,
            subtitle=f"{len(events):,} records, too many to draw one by one: bars count them per "
            f"{unit} and lane. Click a bar to zoom in",
            as_of=as_of, source=source, filters=filters, legend="right",
            point=_busiest(events),
        ),
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


def lanes_view(records: pd.DataFrame, state: filters.Filters, *, bounds: tuple[date, date],
               source: str, window: tuple[date, date] | None = None,
               names: Mapping[str, str] | None = None) -> tuple[pd.DataFrame, go.Figure | None]:
    """(matching records, lane chart) for filter ``state`` (a ``filters.Filters``)."""
    events_all = records[records["kind"].isin(TIMELINE_KINDS)]
    matching = filters.apply(events_all, state)
    if matching.empty:
        return matching, None
    x_range, as_of = (state.start, state.end), bounds[1]
    narrowed = state.describe(bounds, names)
    if len(matching) > AGGREGATE_ABOVE:
        return matching, counts_figure(matching, x_range=x_range, as_of=as_of, source=source,
                                       filters=narrowed, window=window)
    return matching, timeline_figure(lane_events(matching), x_range=x_range, as_of=as_of,
                                     source=source, filters=narrowed, window=window,
                                     selected=state.record)
