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
from plotly.subplots import make_subplots

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
_OFFSETS = (0.0, 0.22, -0.22, 0.11, -0.11, 0.33, -0.33)
_HOVER_TITLE = 110
_HOVER_SUMMARY = 220


def _clip(text: object, limit: int) -> str:
    text = "" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def lane_events(records: pd.DataFrame) -> pd.DataFrame:
    """Records that belong on the timeline, with ``lane`` and a de-cluttered ``y``.

    Records of the same lane in the same week are spread vertically inside
    their lane, so dense periods stay legible without any point hiding another.
    """
    events = records[records["kind"].isin(TIMELINE_KINDS)].copy()
    if events.empty:
        events["lane"] = pd.Series(dtype="int64")
        events["y"] = pd.Series(dtype="float64")
        return events
    events["lane"] = events["kind"].map(_LANE_OF).astype("int64")
    week = events["date"].dt.to_period("W").astype(str)
    events = events.sort_values(["lane", "date", "record_id"])
    rank = events.groupby([events["lane"], week.loc[events.index]]).cumcount()
    offsets = np.array(_OFFSETS)[rank.to_numpy() % len(_OFFSETS)]
    # lanes run top to bottom: lane 0 at the top
    events["y"] = (len(LANES) - 1 - events["lane"]).to_numpy() + offsets
    return events


def _hover(events: pd.DataFrame) -> list[str]:
    esc = figures.escape
    return [
        f"<b>{d:%-d %b %Y}</b> · {esc(k)}{' · ' + esc(s) if isinstance(s, str) else ''}"
        f"<br>{esc(_clip(t, _HOVER_TITLE))}<br><i>{esc(_clip(m, _HOVER_SUMMARY))}</i>"
        for d, k, s, t, m in zip(events["date"], events["kind"], events["side"],
                                 events["title"], events["summary"], strict=True)
    ]


def _scatter(n_points: int) -> type[go.Scatter] | type[go.Scattergl]:
    return go.Scattergl if n_points > WEBGL_THRESHOLD else go.Scatter


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
    scatter = _scatter(len(events))
    fig = go.Figure()
    meetings = events[events["kind"] == "Meeting"]
    for fmt, label in MEETING_FORMAT_LABELS.items():
        part = meetings[meetings["format"] == fmt]
        if part.empty:
            continue
        fig.add_trace(scatter(
            x=part["date"], y=part["y"], mode="markers", name=f"Meeting: {label.lower()}",
            legendgroup="meetings", legendgrouptitle_text="Meetings, by format",
            marker={"color": MEETING_COLOUR, "symbol": MEETING_SYMBOLS[fmt], "size": 13,
                    "line": {"color": "#FFFFFF", "width": 1}},
            customdata=part["record_id"], hovertext=_hover(part), hoverinfo="text",
        ))
    others = events[events["kind"] != "Meeting"]
    for side, style in theme.SIDE_STYLES.items():
        part = others[others["side"] == side]
        if part.empty:
            continue
        fig.add_trace(scatter(
            x=part["date"], y=part["y"], mode="markers", name=style.label,
            legendgroup="sides", legendgrouptitle_text="Other records, by side",
            marker={"color": style.colour, "symbol": style.symbol, "size": 10,
                    "line": {"color": "#FFFFFF", "width": 0.8}},
            customdata=part["record_id"], hovertext=_hover(part), hoverinfo="text",
        ))
    if selected is not None and selected in set(events["record_id"]):
        row = events[events["record_id"] == selected].iloc[0]
        fig.add_trace(go.Scatter(
            x=[row["date"]], y=[row["y"]], mode="markers", name="Selected record",
            marker={"size": 24, "color": "rgba(0,0,0,0)", "line": {"color": theme.INK,
                                                                   "width": 2.5}},
            customdata=[selected], hoverinfo="skip", showlegend=False,
        ))
    if window is not None:
        fig.add_vrect(x0=pd.Timestamp(window[0]), x1=pd.Timestamp(window[1]) + pd.Timedelta(
            hours=23), fillcolor="#FFD166", opacity=0.25, line_width=0, layer="below")
    fig.update_yaxes(
        tickvals=[len(LANES) - 1 - i for i in range(len(LANES))],
        ticktext=[lane.name for lane in LANES],
        range=[-0.6, len(LANES) - 0.4], fixedrange=True, showgrid=False,
    )
    for i in range(len(LANES)):
        fig.add_hline(y=i, line={"color": theme.GRID, "width": 1})
    pad = pd.Timedelta(days=max(2, (x_range[1] - x_range[0]).days // 60))
    fig.update_xaxes(range=[pd.Timestamp(x_range[0]) - pad, pd.Timestamp(x_range[1]) + pad],
                     rangeslider={"visible": False}, showspikes=True, spikemode="across",
                     spikethickness=1, spikecolor=theme.MUTED)
    fig.update_layout(height=560, hovermode="closest", dragmode="zoom", clickmode="event+select")
    fig.update_yaxes(automargin=True)
    n = len(events)
    return figures.frame(
        fig,
        title="Who met, who said what, and what moved on the ground",
        subtitle=f"{n:,} dated record{'s' if n != 1 else ''} in four lanes; meetings by format, "
        "others by side. Click a point for its record",
        as_of=as_of, source=source, filters=filters, legend="right",
    )


def estimate_bands(estimates: pd.DataFrame) -> pd.DataFrame:
    """Troop estimates sorted for drawing, with a ``label`` of the range in thousands."""
    out = estimates.sort_values(["estimator_side", "estimator", "date"]).copy()
    out["label"] = [
        f"{lo / 1000:,.0f}k" if lo == hi else f"{lo / 1000:,.0f}–{hi / 1000:,.0f}k"
        for lo, hi in zip(out["troops_low"], out["troops_high"], strict=True)
    ]
    return out


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
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.2, 0.8],
                        vertical_spacing=0.03)
    # top strip: the talks
    for fmt, label in MEETING_FORMAT_LABELS.items():
        part = meetings[meetings["format"] == fmt]
        if part.empty:
            continue
        fig.add_trace(go.Scatter(
            x=part["date"], y=[0] * len(part), mode="markers", name=label,
            legendgroup="talks", legendgrouptitle_text="Talks",
            marker={"symbol": MEETING_SYMBOLS[fmt], "size": 12, "color": MEETING_COLOUR,
                    "line": {"color": "#FFFFFF", "width": 1}},
            hovertext=[f"<b>{d:%-d %b %Y}</b><br>{figures.escape(_clip(t, _HOVER_TITLE))}"
                       for d, t in zip(part["date"], part["title"], strict=True)],
            hoverinfo="text", customdata=part["meeting_id"],
        ), row=1, col=1)
    key_meetings = key_meetings or {}
    keyed = meetings[meetings["meeting_id"].isin(key_meetings)].sort_values("date")
    for i, (_, row) in enumerate(keyed.iterrows()):
        label = key_meetings[row["meeting_id"]]
        fig.add_annotation(x=row["date"], y=0, text=figures.escape(_clip(label, 30)),
                           showarrow=True, arrowhead=0, arrowwidth=1, arrowcolor=theme.MUTED,
                           ax=0, ay=-18 - 16 * (i % 3), font={"size": 10, "color": theme.INK},
                           bgcolor="rgba(255,255,255,0.85)", row=1, col=1)
    # bottom panel: the troops
    bands = estimate_bands(estimates)
    shown_sides: set[str] = set()
    for (side, estimator), part in bands.groupby(["estimator_side", "estimator"], sort=False):
        style = theme.SIDE_STYLES.get(side, theme.SIDE_STYLES["other"])
        group = f"est-{side}"
        hover = [
            f"<b>{d:%-d %b %Y}</b> · {figures.escape(estimator)}<br>{lab} troops"
            f"<br><i>{figures.escape(_clip(scope, _HOVER_SUMMARY))}</i>"
            for d, lab, scope in zip(part["date"], part["label"], part["scope"], strict=True)
        ]
        if len(part) >= 2:
            fig.add_trace(go.Scatter(
                x=part["date"], y=part["troops_high"], mode="lines", line={"width": 0},
                showlegend=False, hoverinfo="skip", legendgroup=group,
            ), row=2, col=1)
            fig.add_trace(go.Scatter(
                x=part["date"], y=part["troops_low"], mode="lines", fill="tonexty",
                fillcolor=_rgba(style.colour, 0.18), line={"width": 0},
                showlegend=False, hoverinfo="skip", legendgroup=group,
            ), row=2, col=1)
        mid = (part["troops_low"].astype(float) + part["troops_high"].astype(float)) / 2
        fig.add_trace(go.Scatter(
            x=part["date"], y=mid, mode="markers+lines" if len(part) >= 2 else "markers",
            name=f"{style.label} estimates", legendgroup=group,
            showlegend=side not in shown_sides,
            line={"color": style.colour, "width": 1.5, "dash": style.dash},
            marker={"color": style.colour, "symbol": style.symbol, "size": 9,
                    "line": {"color": "#FFFFFF", "width": 0.8}},
            error_y={"type": "data", "symmetric": False,
                     "array": part["troops_high"].astype(float) - mid,
                     "arrayminus": mid - part["troops_low"].astype(float),
                     "color": style.colour, "thickness": 1.5, "width": 4},
            hovertext=hover, hoverinfo="text", customdata=part["estimate_id"],
        ), row=2, col=1)
        shown_sides.add(side)
        if len(part) >= 2:
            last = part.iloc[-1]
            fig.add_annotation(x=last["date"], y=float(last["troops_high"]),
                               text=figures.escape(_clip(estimator, 28)), showarrow=False,
                               xanchor="left", yanchor="bottom", font={"size": 10,
                               "color": style.colour}, row=2, col=1)
    for _, row in keyed.iterrows():  # guide lines, once the troop panel has its traces
        fig.add_vline(x=row["date"], line={"color": theme.MUTED, "width": 1, "dash": "dot"},
                      row=2, col=1, exclude_empty_subplots=False)
    if window is not None:
        for r in (1, 2):
            fig.add_vrect(x0=pd.Timestamp(window[0]),
                          x1=pd.Timestamp(window[1]) + pd.Timedelta(hours=23),
                          fillcolor="#FFD166", opacity=0.25, line_width=0, layer="below",
                          row=r, col=1, exclude_empty_subplots=False)
    pad = pd.Timedelta(days=max(2, (x_range[1] - x_range[0]).days // 60))
    fig.update_xaxes(range=[pd.Timestamp(x_range[0]) - pad, pd.Timestamp(x_range[1]) + pad])
    fig.update_yaxes(visible=False, range=[-0.5, 3.2], fixedrange=True, row=1, col=1)
    fig.update_yaxes(title_text="Russian troops near Ukraine (estimates)", rangemode="tozero",
                     tickformat=",.0f", row=2, col=1)
    fig.update_layout(height=620, hovermode="closest")
    n_est, n_meet = len(estimates), len(meetings)
    return figures.frame(
        fig,
        title="Talks vs troops: what was said while the buildup grew",
        subtitle=f"{n_est} troop estimates (bars show each low–high range; bands join an "
        f"estimator's figures) under {n_meet} meetings and calls",
        as_of=as_of, source=source, filters=filters, legend="right",
    )


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
