"""The troop estimates as a chart: one builder for every view that plots them.

Each estimate is drawn as a marker at the middle of its low–high range with the range as
an error bar, coloured and shaped by the estimator's side; an estimator who gave several
figures also gets a band and a line joining them, labelled with a short name. The map page
shows this chart on its own; the timeline puts the talks above it
(:func:`dashboard.timeline.talks_vs_troops_figure`).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard import figures, theme
from dashboard.text import clip, escape, fmt_date

HOVER_SCOPE = 220
#: The period the estimates chart opens on when nothing narrows it.
DEFAULT_RANGE = (date(2021, 3, 1), date(2022, 3, 1))


def bands(estimates: pd.DataFrame) -> pd.DataFrame:
    """Estimates sorted for drawing, with ``low``, ``high``, ``mid`` (floats) and a
    ``label`` of the range in thousands."""
    out = estimates.sort_values(["estimator_side", "estimator", "date"]).copy()
    low, high = out["troops_low"].astype(float), out["troops_high"].astype(float)
    out["low"], out["high"], out["mid"] = low, high, (low + high) / 2
    out["label"] = [
        f"{lo / 1000:,.0f}k" if lo == hi else f"{lo / 1000:,.0f}–{hi / 1000:,.0f}k"
        for lo, hi in zip(low, high, strict=True)
    ]
    return out


def short_estimator(estimator: str, limit: int = 26) -> str:
    """'Ukrainian MoD (Defence Minister Oleksii Reznikov)' -> 'Ukrainian MoD (Reznikov)'."""
    body, _, person = estimator.partition(" (")
    surname = person.rstrip(")").split()[-1] if person else ""
    short = f"{body} ({surname})" if surname and surname.isalpha() else body
    return clip(short, limit)


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _joined(own: pd.DataFrame, style: theme.SideStyle, group: str, yaxis: str) -> list[dict]:
    """The band (low to high) and the line (middles) joining one estimator's figures."""
    common = {"type": "scatter", "x": own["date"], "showlegend": False, "hoverinfo": "skip",
              "legendgroup": group, "yaxis": yaxis}
    return [
        {**common, "y": own["high"].tolist(), "mode": "lines", "line": {"width": 0}},
        {**common, "y": own["low"].tolist(), "mode": "lines", "fill": "tonexty",
         "fillcolor": _rgba(style.colour, 0.18), "line": {"width": 0}},
        {**common, "y": own["mid"].tolist(), "mode": "lines",
         "line": {"color": style.colour, "width": 1.5, "dash": style.dash}},
    ]


def _label(own: pd.DataFrame, estimator: str, style: theme.SideStyle, yref: str) -> dict:
    top = own.loc[own["high"].idxmax()]
    return {"x": top["date"], "y": float(top["high"]), "xref": "x", "yref": yref,
            "text": escape(short_estimator(estimator)), "showarrow": False,
            "xanchor": "right", "yanchor": "bottom", "font": {"size": 9, "color": style.colour}}


def _markers(part: pd.DataFrame, style: theme.SideStyle, group: str, yaxis: str) -> dict:
    """One side's estimates: markers at the middle, the low–high range as an error bar."""
    return {
        "type": "scatter", "x": part["date"], "y": part["mid"].tolist(), "mode": "markers",
        "name": f"{style.label} estimates", "legendgroup": group, "yaxis": yaxis,
        "marker": {"color": style.colour, "symbol": style.symbol, "size": 9,
                   "line": {"color": "#FFFFFF", "width": 0.8}},
        "error_y": {"type": "data", "symmetric": False,
                    "array": (part["high"] - part["mid"]).tolist(),
                    "arrayminus": (part["mid"] - part["low"]).tolist(),
                    "color": style.colour, "thickness": 1.5, "width": 4},
        "hovertext": [f"<b>{fmt_date(d)}</b> · {escape(est)}<br>{lab} troops"
                      f"<br><i>{escape(clip(scope, HOVER_SCOPE))}</i>"
                      for d, est, lab, scope in zip(part["date"], part["estimator"],
                                                    part["label"], part["scope"], strict=True)],
        "hoverinfo": "text", "customdata": part["estimate_id"].tolist(),
    }


def troop_traces(estimates: pd.DataFrame, yaxis: str = "y") -> tuple[list[dict], list[dict]]:
    """(traces, labels) of the estimates: per side a marker trace, per estimator with
    several figures a joined band and a label."""
    data: list[dict] = []
    annotations: list[dict] = []
    yref = "y" if yaxis == "y" else yaxis
    for side, part in bands(estimates).groupby("estimator_side", sort=False):
        style = theme.SIDE_STYLES.get(str(side), theme.SIDE_STYLES["other"])
        group = f"est-{side}"
        for estimator, own in part.groupby("estimator", sort=False):
            if len(own) >= 2:
                data += _joined(own, style, group, yaxis)
                annotations.append(_label(own, str(estimator), style, yref))
        data.append(_markers(part, style, group, yaxis))
    return data, annotations


TROOPS_AXIS = {"title": {"text": "Russian troops near Ukraine (estimates)"},
               "rangemode": "tozero", "tickformat": ",.0f"}


def estimates_figure(estimates: pd.DataFrame, *, source: str, data_as_of: date | None,
                     x_range: tuple[date, date] = DEFAULT_RANGE,
                     filters: str | None = None) -> go.Figure:
    """The estimates on their own: every figure with its range, joined per estimator."""
    data, annotations = troop_traces(estimates)
    layout = {
        "height": 420, "hovermode": "closest", "annotations": annotations,
        "xaxis": {"type": "date", "range": [pd.Timestamp(x_range[0]),
                                            pd.Timestamp(x_range[1])]},
        "yaxis": TROOPS_AXIS,
    }
    return figures.framed(
        data, layout, figures.Frame(
            title="Russian troops near Ukraine: the estimates",
            subtitle=f"{len(estimates)} estimates; each bar is one estimate's low–high range, "
            "bands join an estimator's figures",
            as_of=data_as_of, source=source, filters=filters, legend="top",
        ),
    )
