"""The troop estimates as a chart: one builder for every view that plots them.

Figures are compared like for like. The main panel plots only totals (scope
``all_near_ukraine``: all Russian forces near Ukraine as each estimator counts them), each
as a marker at the middle of its low–high range with the range as an error bar, coloured
and shaped by the estimator's side; an estimator who gave several totals also gets a band
and a line joining them. Figures of any other scope (Belarus only, Crimea only, forces said
to be withdrawing, planned forces, declared exercises…) go in a panel of their own,
labelled by scope and never joined to anything. The map page shows this chart on its own;
the timeline puts the talks above it (``talks_vs_troops.py``).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard import figures, theme
from dashboard import labels as lbl
from dashboard.text import clip, escape, fmt_date

HOVER_NOTE = 220
#: The period the estimates chart opens on when nothing narrows it.
DEFAULT_RANGE = (date(2021, 3, 1), date(2022, 3, 1))
TOTAL = "all_near_ukraine"
SCOPE_LABELS = {
    "all_near_ukraine": "All forces near Ukraine",
    "border_without_crimea": "Border regions, Crimea excluded",
    "crimea": "Crimea only",
    "belarus": "Belarus only",
    "withdrawing": "Said to be withdrawing",
    "exercise": "In a declared exercise",
    "planned": "Planned or expected, not present",
    "other": "Other counts",
}
SCOPE_SYMBOLS = {"border_without_crimea": "triangle-down-open", "crimea": "diamond-open",
                 "belarus": "square-open", "withdrawing": "triangle-left-open",
                 "exercise": "circle-open", "planned": "star-open", "other": "x-open"}
TOTALS_AXIS = "Troops, all forces"
PARTS_AXIS = "Partial counts"


def bands(estimates: pd.DataFrame, names: dict[str, str] | None = None) -> pd.DataFrame:
    """Estimates sorted for drawing, with ``x`` (the date the figure describes), ``low``,
    ``high``, ``mid`` (floats), a ``label`` of the range in thousands and ``who`` (the
    estimator, with the person who stated it when ``names`` resolves one)."""
    out = estimates.sort_values(["estimator_side", "estimator", "date"]).copy()
    low, high = out["troops_low"].astype(float), out["troops_high"].astype(float)
    out["low"], out["high"], out["mid"] = low, high, (low + high) / 2
    out["x"] = out["refers_to"].fillna(out["date"]) if "refers_to" in out else out["date"]
    out["label"] = [
        f"{lo / 1000:,.0f}k" if lo == hi else f"{lo / 1000:,.0f}–{hi / 1000:,.0f}k"
        for lo, hi in zip(low, high, strict=True)
    ]
    people = out["estimator_person"] if "estimator_person" in out else pd.Series(
        None, index=out.index)
    out["who"] = [f"{e} ({(names or {}).get(p, p)})" if isinstance(p, str) and p else e
                  for e, p in zip(out["estimator"], people, strict=True)]
    return out


def main_point(estimates: pd.DataFrame, names: dict[str, str] | None = None) -> str:
    """The estimates in one sentence: the first total in view and the highest."""
    totals = bands(estimates[estimates["scope"] == TOTAL], names)
    if totals.empty:
        return "No estimate of all Russian forces near Ukraine in this view"
    first = totals.loc[totals["x"].idxmin()]
    top = totals.loc[totals["high"].idxmax()]
    return (f"Estimates of all Russian forces near Ukraine go from {first['label']} "
            f"({first['who']}, {fmt_date(first['x'])}) to a high of {top['label']} "
            f"({top['who']}, {fmt_date(top['x'])})")


def _surname(who: str) -> str:
    """'Ukrainian Ministry of Defence (Oleksii Reznikov)' -> 'Ukrainian Ministry of
    Defence (Reznikov)'."""
    body, _, person = who.partition(" (")
    surname = person.rstrip(")").split()[-1] if person else ""
    return f"{body} ({surname})" if surname.isalpha() else body


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _joined(own: pd.DataFrame, style: theme.SideStyle, group: str, yaxis: str) -> list[dict]:
    """The band (low to high) and the line (middles) joining one estimator's totals."""
    meta = {"joins": list(own["estimate_id"]), "scope": sorted(set(own["scope"]))}
    common = {"type": "scatter", "x": own["x"], "showlegend": False, "hoverinfo": "skip",
              "legendgroup": group, "yaxis": yaxis, "meta": meta}
    return [
        {**common, "y": own["high"].tolist(), "mode": "lines", "line": {"width": 0}},
        {**common, "y": own["low"].tolist(), "mode": "lines", "fill": "tonexty",
         "fillcolor": _rgba(style.colour, 0.18), "line": {"width": 0}},
        {**common, "y": own["mid"].tolist(), "mode": "lines",
         "line": {"color": style.colour, "width": 1.5, "dash": style.dash}},
    ]


LABEL_PX = 11
LABEL_RINGS = 2  # how far from its point a name may go, in rows
HEADROOM = 1.22  # the totals axis runs to this many times the highest figure: room for labels


def _label(own: pd.DataFrame, style: theme.SideStyle, yref: str) -> dict:
    """Where an estimator's name goes: by its highest total (placed later, see
    :func:`estimator_labels`)."""
    top = own.loc[own["high"].idxmax()]
    return {"x": top["x"], "y": float(top["high"]), "yref": yref, "count": len(own),
            "text": _surname(str(top["who"])), "colour": theme.text_colour(style.colour)}


def y_top(estimates: pd.DataFrame) -> float:
    """The top of the totals axis: the highest total with room above it for labels."""
    highs = estimates.loc[estimates["scope"] == TOTAL, "troops_high"].astype(float)
    return float(highs.max()) * HEADROOM if len(highs) else 1.0


def estimator_labels(anchors: list[dict], axis: figures.TimeAxis, top: float,
                     plots: list[tuple[float, float]]) -> list[dict]:
    """Estimators' names in full beside their highest totals, those with the most figures
    first, each close to its point (a short leader line) and inside the plot, so that no
    two names overlap at any size the chart is shown at. A name with no free place near
    its point is left out (the legend gives the estimator's country, the hover and the
    table its name)."""
    order = sorted(range(len(anchors)), key=lambda i: (-anchors[i]["count"], -anchors[i]["y"]))
    points = [lbl.Anchor(axis.share(anchors[i]["x"]), anchors[i]["y"] / top,
                         anchors[i]["text"]) for i in order]
    offsets = lbl.place_or_drop(
        points, lambda a: lbl.around(LABEL_PX, a.text, rings=LABEL_RINGS), LABEL_PX, plots)
    notes = []
    for i, offset in zip(order, offsets, strict=True):
        if offset is None:
            continue
        (dx, dy), a = offset, anchors[i]
        notes.append({"x": a["x"], "y": a["y"], "xref": "x", "yref": a["yref"],
                      "text": escape(a["text"]), "showarrow": True, "arrowhead": 0,
                      "arrowwidth": 1, "arrowcolor": theme.MUTED, "ax": dx, "ay": -dy,
                      "font": {"size": LABEL_PX, "color": a["colour"]},
                      "bgcolor": "rgba(255,255,255,0.9)", "borderpad": 1,
                      "name": "estimator"})
    return notes


def _hover(part: pd.DataFrame) -> list[str]:
    texts = []
    for row in part.itertuples(index=False):
        btgs = f" · {int(row.btgs)} BTGs" if pd.notna(getattr(row, "btgs", None)) else ""
        when = (f" (stated {fmt_date(row.date)})" if row.x != row.date else "")
        texts.append(f"<b>{fmt_date(row.x)}</b>{when} · {escape(row.who)}<br>{row.label} "
                     f"troops{btgs} · {SCOPE_LABELS.get(row.scope, row.scope)}"
                     f"<br><i>{escape(clip(row.scope_note, HOVER_NOTE))}</i>")
    return texts


def _markers(part: pd.DataFrame, name: str, colour: str, symbol: str, group: str,
             yaxis: str) -> dict:
    """Estimates as markers at the middle, the low–high range as an error bar."""
    return {
        "type": "scatter", "x": part["x"], "y": part["mid"].tolist(), "mode": "markers",
        "name": name, "legendgroup": group, "yaxis": yaxis,
        "marker": {"color": colour, "symbol": symbol, "size": 9,
                   "line": {"color": colour if symbol.endswith("open") else "#FFFFFF",
                            "width": 1.5 if symbol.endswith("open") else 0.8}},
        "error_y": {"type": "data", "symmetric": False,
                    "array": (part["high"] - part["mid"]).tolist(),
                    "arrayminus": (part["mid"] - part["low"]).tolist(),
                    "color": colour, "thickness": 1.5, "width": 4},
        "hovertext": _hover(part), "hoverinfo": "text",
        "customdata": part["estimate_id"].tolist(),
    }


def _totals(drawn: pd.DataFrame, yaxis: str) -> tuple[list[dict], list[dict]]:
    data: list[dict] = []
    labels: list[dict] = []
    for side, part in drawn.groupby("estimator_side", sort=False):
        style = theme.SIDE_STYLES.get(str(side), theme.SIDE_STYLES["other"])
        group = f"est-{side}"
        for _, own in part.groupby("estimator", sort=False):
            if len(own) >= 2:
                data += _joined(own.sort_values("x"), style, group, yaxis)
                labels.append(_label(own, style, yaxis))
        data.append(_markers(part, f"{style.label}: totals", style.colour, style.symbol, group,
                             yaxis))
    first = next((trace for trace in data if trace.get("showlegend", True)), None)
    if first is not None:
        first["legendgrouptitle"] = {"text": "All forces, joined per estimator"}
    return data, labels


def _parts(drawn: pd.DataFrame, yaxis: str) -> list[dict]:
    """Figures of other scopes: one trace per scope and side, never joined. The legend
    has one grey entry per scope (its symbol; colour gives the estimator's side as in the
    totals), which shows or hides that scope for every side."""
    data: list[dict] = []
    keys: list[dict] = []
    for (scope, side), part in drawn.groupby(["scope", "estimator_side"], sort=True):
        style = theme.SIDE_STYLES.get(str(side), theme.SIDE_STYLES["other"])
        label, symbol = SCOPE_LABELS.get(str(scope), scope), SCOPE_SYMBOLS.get(str(scope),
                                                                               "x-open")
        trace = _markers(part, f"{label} ({style.label})", style.colour, symbol,
                         f"part-{scope}", yaxis)
        data.append({**trace, "showlegend": False})
        if not keys or keys[-1]["legendgroup"] != f"part-{scope}":
            keys.append({"type": "scatter", "x": [None], "y": [None], "yaxis": yaxis,
                         "mode": "markers", "name": label, "legendgroup": f"part-{scope}",
                         "legendrank": 2000, "hoverinfo": "skip", "customdata": [],
                         "marker": {"color": theme.MUTED, "symbol": symbol, "size": 9,
                                    "line": {"color": theme.MUTED, "width": 1.5}}})
    if keys:
        keys[0]["legendgrouptitle"] = {"text": "Partial counts, not joined"}
    return data + keys


def troop_traces(estimates: pd.DataFrame, names: dict[str, str] | None = None, *,
                 totals_axis: str = "y", parts_axis: str = "y3"
                 ) -> tuple[list[dict], list[dict]]:
    """(traces, labels) of the estimates: totals on ``totals_axis`` (joined per
    estimator), every other scope on ``parts_axis`` (never joined)."""
    drawn = bands(estimates, names)
    totals = drawn[drawn["scope"] == TOTAL]
    data, labels = _totals(totals, totals_axis)
    return data + _parts(drawn[drawn["scope"] != TOTAL], parts_axis), labels


def totals_domain(top: float, has_parts: bool) -> tuple[float, float]:
    """The share of the plot's height the totals panel spans."""
    return (0.3 * top + 0.06 if has_parts else 0.0, top)


def axes(top: float, has_parts: bool, x_axis: dict, y_range: float) -> dict:
    """The totals axis (0 to ``y_range``; the partial-counts axis below it) up to ``top`` of
    the plot, with ``x_axis`` drawn at the bottom of the lowest panel."""
    split = 0.3 * top if has_parts else 0.0
    out = {"yaxis": {"domain": list(totals_domain(top, has_parts)),
                     "title": {"text": TOTALS_AXIS}, "range": [0, y_range],
                     "tickformat": ",.0f"},
           "xaxis": {**x_axis, "anchor": "y3" if has_parts else "y"}}
    if has_parts:
        out["yaxis3"] = {"domain": [0, split], "title": {"text": PARTS_AXIS},
                         "rangemode": "tozero", "tickformat": ",.0f", "anchor": "x"}
    return out


HEIGHT = 520


def estimates_figure(estimates: pd.DataFrame, *, source: str, data_as_of: date | None,
                     x_range: tuple[date, date] = DEFAULT_RANGE, filters: str | None = None,
                     names: dict[str, str] | None = None) -> go.Figure:
    """The estimates on their own: totals joined per estimator, other scopes apart; months
    without any estimate are cut out of the time axis (and marked)."""
    data, anchors = troop_traces(estimates, names)
    start, end = pd.Timestamp(x_range[0]), pd.Timestamp(x_range[1])
    axis = figures.TimeAxis(start, end, figures.empty_stretches(
        bands(estimates)["x"], start, end))
    has_parts = bool((estimates["scope"] != TOTAL).any())
    top = y_top(estimates)
    n_total = int((estimates["scope"] == TOTAL).sum())
    subtitle = (f"{n_total} estimates of all forces (bars: each low–high range; bands join an "
                f"estimator's figures) and {len(estimates) - n_total} partial counts")
    margin = figures.top_margin(subtitle, filters)
    plots = lbl.plot_sizes(HEIGHT, (margin, figures.BOTTOM_MARGIN),
                           totals_domain(1.0, has_parts))
    shapes, notes = figures.break_marks(axis)
    layout = {
        "height": HEIGHT, "hovermode": "closest", "shapes": shapes,
        "annotations": notes + estimator_labels(anchors, axis, top, plots),
        **axes(1.0, has_parts, axis.layout(), top),
    }
    return figures.framed(
        data, layout, figures.Frame(
            title="Russian troops near Ukraine: the estimates",
            subtitle=subtitle,
            as_of=data_as_of, source=source, filters=filters, legend="right",
            point=main_point(estimates, names),
        ),
    )
