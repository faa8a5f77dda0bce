"""All dated records of every dataset in one frame: the common base of the views.

One row per record: ``date``, ``kind`` (Meeting, Statement, …), ``dataset``,
``record_id``, ``title``, ``side``, ``summary``. Meetings belong to both sides,
so their side is ``None``.
"""

from __future__ import annotations

import pandas as pd

from dashboard.datasets import Datasets

RECORD_COLUMNS = ["date", "kind", "dataset", "record_id", "title", "side", "summary"]

#: dataset -> display name of one of its records.
KINDS = {
    "meetings": "Meeting",
    "statements": "Statement",
    "deployments": "Deployment",
    "troop_estimates": "Troop estimate",
    "demands": "Demand",
    "responses": "Response",
    "positions": "Position",
}


def _fmt_int(value: object) -> str:
    return f"{int(value):,}" if pd.notna(value) else "?"


def _meetings(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "date": df["date"], "record_id": df["meeting_id"], "title": df["title"],
        "side": None, "summary": df["summary"],
    })


def _statements(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "date": df["date"], "record_id": df["statement_id"],
        "title": df["speaker"] + ": “" + df["quote"] + "”",
        "side": df["side"], "summary": df["summary"],
    })


def _deployments(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "date": df["date"], "record_id": df["deployment_id"],
        "title": df["site"] + " (" + df["region"] + ")",
        "side": "Russia", "summary": df["description"],
    })


def _estimates(df: pd.DataFrame) -> pd.DataFrame:
    figures = [
        _fmt_int(lo) if lo == hi else f"{_fmt_int(lo)}–{_fmt_int(hi)}"
        for lo, hi in zip(df["troops_low"], df["troops_high"], strict=True)
    ]
    return pd.DataFrame({
        "date": df["date"], "record_id": df["estimate_id"],
        "title": pd.Series(figures, index=df.index, dtype="str") + " troops, per "
        + df["estimator"],
        "side": df["estimator_side"], "summary": df["scope"],
    })


def _demands(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "date": df["date"], "record_id": df["demand_id"],
        "title": df["document"] + ", " + df["article"] + ": " + df["topic"],
        "side": df["demanded_by"], "summary": df["demand"],
    })


def _responses(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "date": df["date"], "record_id": df["response_id"],
        "title": df["responder"] + " answer (" + df["stance"].str.replace("_", " ") + ") to "
        + df["demand_id"],
        "side": df["responder"], "summary": df["response"],
    })


def _positions(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "date": df["as_of"], "record_id": df["position_id"],
        "title": df["side"] + " on " + df["issue"],
        "side": df["side"], "summary": df["position"],
    })


_BUILDERS = {
    "meetings": _meetings,
    "statements": _statements,
    "deployments": _deployments,
    "troop_estimates": _estimates,
    "demands": _demands,
    "responses": _responses,
    "positions": _positions,
}


def all_records(datasets: Datasets) -> pd.DataFrame:
    """Every dated record, newest first."""
    parts = []
    for name, build in _BUILDERS.items():
        frame = datasets.frames[name]
        if frame.empty:
            continue
        part = build(frame)
        part["kind"] = KINDS[name]
        part["dataset"] = name
        parts.append(part[RECORD_COLUMNS])
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in RECORD_COLUMNS}).astype(
            {"date": "datetime64[us]"})
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["date", "kind", "record_id"], ascending=[False, True, True],
                           ignore_index=True)
