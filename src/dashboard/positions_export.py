"""The positions page's downloads: a printable page of both tables for a briefing, and the
side-by-side view and the tracker as CSV."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.positions import GAP_LABELS, STANCE_LABELS
from dashboard.text import escape, fmt_date, is_missing


def _e(value: object) -> str:
    if is_missing(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return fmt_date(value)
    return escape(value)


def printable_html(sides: pd.DataFrame, table: pd.DataFrame, as_of: date,
                   source_note: str) -> str:
    """A self-contained, printable HTML page of both tables for a briefing (all text escaped)."""
    css = ("body{font-family:Helvetica,Arial,sans-serif;color:#1B1F24;margin:24px;}"
           "h1{font-size:22px;margin:0}h2{font-size:17px;margin-top:28px}"
           ".sub{color:#5B6672;font-size:13px;margin:4px 0 16px}"
           "table{border-collapse:collapse;width:100%;font-size:11px;page-break-inside:auto}"
           "td,th{border:1px solid #C9D0D8;padding:5px;vertical-align:top;text-align:left}"
           "th{background:#F3F5F8}tr{page-break-inside:avoid}"
           "q{font-style:italic}.gap{font-weight:bold}")
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>US and Russian positions"
             f" as of {fmt_date(as_of, 'long')}</title><style>{css}</style></head><body>",
             f"<h1>US and Russian positions, as of {fmt_date(as_of, 'long')}</h1>",
             f"<p class='sub'>{_e(source_note)}. US–Russia Dialogue Dashboard.</p>",
             "<table><tr><th>Issue</th><th>United States</th><th>Russia</th>"
             "<th>How far apart</th></tr>"]
    for row in sides.itertuples(index=False):
        cells = []
        for side in ("us", "russia"):
            position = getattr(row, f"{side}_position")
            if position is None:
                cells.append("<td><i>No position recorded by this date</i></td>")
                continue
            quote = getattr(row, f"{side}_quote")
            said = (f"<br><q>{_e(quote)}</q> ({_e(getattr(row, f'{side}_speaker'))}, "
                    f"{_e(getattr(row, f'{side}_quote_date'))})" if quote else "")
            cells.append(f"<td>{_e(position)} <small>({_e(getattr(row, f'{side}_as_of'))})"
                         f"</small>{said}</td>")
        gap = (f"<span class='gap'>{_e(GAP_LABELS.get(row.gap, row.gap))}</span>: "
               f"{_e(row.gap_reason)}" if row.gap else "<i>not assessed</i>")
        parts.append(f"<tr><td>{_e(row.issue)}</td>{''.join(cells)}<td>{gap}</td></tr>")
    parts.append("</table><h2>Russia's draft articles and the answers</h2>"
                 "<table><tr><th>Article</th><th>Demand</th><th>US answer</th>"
                 "<th>NATO answer</th><th>Russia's reply (17 Feb 2022)</th></tr>")
    for row in table.itertuples(index=False):
        answers = "".join(
            f"<td><b>{_e(STANCE_LABELS.get(getattr(row, f'{p}_stance')))}</b>"
            f"{'<br>' + _e(getattr(row, f'{p}_response')) if getattr(row, f'{p}_response') else ''}"
            "</td>" for p in ("us", "nato", "ru"))
        parts.append(f"<tr><td>{_e(row.document)}, {_e(row.article)}</td>"
                     f"<td><b>{_e(row.topic)}</b><br>{_e(row.demand)}</td>{answers}</tr>")
    parts.append("</table></body></html>")
    return "".join(parts)


def side_by_side_csv(sides: pd.DataFrame) -> str:
    """The side-by-side table as CSV (lists and history flattened to text)."""
    out = sides.drop(columns=["history", "others"]).copy()
    out["others"] = sides["others"].map(lambda items: " | ".join(
        f"{holder} ({when:%Y-%m-%d}): {text}" for holder, _, text, when, _, _ in items))
    for column in out.columns:
        if column.endswith("_sources"):
            out[column] = out[column].map(
                lambda v: ";".join(v) if isinstance(v, list | tuple) else "")
    out["history"] = sides["history"].map(
        lambda items: " | ".join(f"{d:%Y-%m-%d} {s}: {t}" for d, s, t in items))
    return out.to_csv(index=False, date_format="%Y-%m-%d")


def tracker_csv(table: pd.DataFrame) -> str:
    """The tracker as CSV (id lists joined with ';')."""
    out = table.copy()
    for column in out.columns:
        if column.endswith(("_ids", "sources")):
            out[column] = out[column].map(
                lambda v: ";".join(v) if isinstance(v, list | tuple) else "")
    return out.to_csv(index=False)
