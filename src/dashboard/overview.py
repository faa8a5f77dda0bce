"""Builders for the overview page: headline counts, date span, activity chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard import figures
from dashboard.datasets import Datasets
from dashboard.registry import DATASETS

#: kind -> fill colour and pattern for the activity chart (kinds are not sides).
KIND_STYLES = {d.kind: (d.colour, d.pattern) for d in DATASETS.values() if d.kind}


#: Shown as the side of a meeting, which belongs to both.
BOTH_SIDES = "US–Russia"


@dataclass(frozen=True)
class Headline:
    label: str
    value: int
    help: str


#: The order of the headline counts (sources and discrepancies last).
HEADLINE_ORDER = ("meetings", "statements", "deployments", "troop_estimates", "demands",
                  "responses", "positions", "sources", "discrepancies")


def headlines(datasets: Datasets) -> list[Headline]:
    """The headline counts, computed from the data, as each dataset declares them."""
    ordered = [*HEADLINE_ORDER, *(n for n in DATASETS if n not in HEADLINE_ORDER)]
    out = []
    for name in ordered:
        head = DATASETS[name].headline
        if head is not None:
            frame = datasets.frames[name]
            out.append(Headline(head.label, int(head.count(frame)), head.help(frame)))
    return out


def date_span(records: pd.DataFrame) -> tuple[date, date] | None:
    """First and last record date, or None when there are no records."""
    if records.empty:
        return None
    return records["date"].min().date(), records["date"].max().date()


#: The months the chart opens on: the 2021–22 crisis (earlier and later contacts are a
#: drag away).
FOCUS = (pd.Timestamp("2021-01-01"), pd.Timestamp("2022-03-31"))


def activity_figure(records: pd.DataFrame, source: str) -> go.Figure:
    """Records per month, stacked by kind, opened on the 2021–22 crisis, framed for a
    slide."""
    data = []
    if not records.empty:
        months = records.assign(month=records["date"].dt.to_period("M").dt.to_timestamp())
        counts = months.groupby(["month", "kind"]).size().unstack(fill_value=0)
        for kind, (colour, pattern) in KIND_STYLES.items():
            if kind not in counts.columns:
                continue
            data.append({
                "type": "bar", "x": list(counts.index), "y": counts[kind].tolist(), "name": kind,
                "xperiod": "M1", "xperiodalignment": "middle",
                "marker": {"color": colour, "line": {"color": "#FFFFFF", "width": 0.5},
                           "pattern": {"shape": pattern, "fgcolor": "#FFFFFF",
                                       "fgopacity": 0.6, "size": 6, "fillmode": "overlay"}},
                "hovertemplate": "%{x|%B %Y}: %{y} " + kind.lower()
                + " record(s)<extra></extra>",
            })
    layout = {"barmode": "stack", "height": 440, "bargap": 0.15,
              "legend": {"traceorder": "normal"},
              "xaxis": {"tickformat": "%b %Y", "ticklabelmode": "period",
                        "range": [FOCUS[0] - pd.Timedelta(days=16),
                                  FOCUS[1] + pd.Timedelta(days=16)]},
              "yaxis": {"title": {"text": "Records per month"}}}
    span = date_span(records)
    before = int((records["date"] < FOCUS[0]).sum()) if len(records) else 0
    after = int((records["date"] > FOCUS[1]).sum()) if len(records) else 0
    return figures.framed(data, layout, figures.Frame(
        title="What the dashboard holds, month by month",
        subtitle=f"Dated records per month, by kind, January 2021 to March 2022; {before} "
        f"earlier and {after} later records lie outside this view",
        as_of=span[1] if span else None, source=source,
        point=(f"The busiest month is {figures.busiest_month(records['date'])}"
               if len(records) else "No records")))


def latest(records: pd.DataFrame, n: int = 8) -> pd.DataFrame:
    """The ``n`` most recent records, for the 'latest' table."""
    out = records.head(n)[["date", "kind", "title", "side"]].copy()
    out["side"] = out["side"].fillna(BOTH_SIDES)
    return out
