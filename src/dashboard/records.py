"""All dated records of every dataset in one frame: the common base of the views.

One row per record: ``date``, ``kind`` (Meeting, Statement, …), ``dataset``,
``record_id``, ``title``, ``side`` (for colour; ``None`` for meetings, which
belong to several sides), ``sides`` (every side involved, for filtering),
``actors`` (people named), ``topics``, ``format`` (meetings only),
``summary`` and ``text`` (lower-cased words to search).
"""

from __future__ import annotations

import re

import pandas as pd

from dashboard.datasets import Datasets

RECORD_COLUMNS = ["date", "kind", "dataset", "record_id", "title", "side", "sides", "actors",
                  "topics", "format", "summary", "text", "source_ids"]

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


def _text(df: pd.DataFrame, columns: list[str]) -> pd.Series:
    """Lower-cased words of ``columns``, for full-text search."""
    cells = df[columns].fillna("").astype(str)
    first, *others = columns
    return cells[first].str.cat([cells[c] for c in others], sep=" ").str.lower()


def _fmt_int(value: object) -> str:
    return f"{int(value):,}" if pd.notna(value) else "?"


def people(cell: object) -> list[str]:
    """Names from a participants cell: ``"Wendy Sherman (Deputy Secretary); …"`` -> names."""
    if not isinstance(cell, str):
        return []
    return [re.sub(r"\s*\(.*?\)\s*$", "", part).strip()
            for part in cell.split(";") if part.strip()]


def _meeting_sides(df: pd.DataFrame) -> list[list[str]]:
    """Each meeting's sides: US, Russia and 'other', by who took part."""
    return [[side for side, cell in (("US", us), ("Russia", ru), ("other", other))
             if isinstance(cell, str)]
            for us, ru, other in zip(df["us_participants"], df["ru_participants"],
                                     df["other_participants"], strict=True)]


def _meetings(df: pd.DataFrame) -> pd.DataFrame:
    actors = [people(u) + people(r) + people(o) for u, r, o in
              zip(df["us_participants"], df["ru_participants"], df["other_participants"],
                  strict=True)]
    return pd.DataFrame({
        "date": df["date"], "record_id": df["meeting_id"], "title": df["title"],
        "side": None, "sides": _meeting_sides(df),
        "actors": actors, "topics": df["topics"], "format": df["format"],
        "summary": df["summary"],
        "text": _text(df, ["title", "location", "us_participants", "ru_participants",
                           "other_participants", "summary", "outcome"]),
    })


def _statements(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "date": df["date"], "record_id": df["statement_id"],
        "title": df["speaker"] + ": “" + df["quote"] + "”",
        "side": df["side"], "sides": df["side"].map(lambda v: [v]),
        "actors": df["speaker"].map(lambda v: [v]), "topics": df["topics"],
        "summary": df["summary"],
        "text": _text(df, ["speaker", "speaker_role", "venue", "quote", "summary"]),
    })


def _deployments(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "date": df["date"], "record_id": df["deployment_id"],
        "title": df["site"] + " (" + df["region"] + ")",
        "side": "Russia", "sides": [["Russia"]] * len(df), "actors": [[]] * len(df),
        "topics": [["ukraine"]] * len(df), "summary": df["description"],
        "text": _text(df, ["site", "region", "country", "units", "description"]),
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
        "side": df["estimator_side"], "sides": df["estimator_side"].map(lambda v: [v]),
        "actors": df["estimator"].map(lambda v: [v]), "topics": [["ukraine"]] * len(df),
        "summary": df["scope"], "text": _text(df, ["estimator", "scope"]),
    })


def _demands(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "date": df["date"], "record_id": df["demand_id"],
        "title": df["document"] + ", " + df["article"] + ": " + df["topic"],
        "side": df["demanded_by"], "sides": (df["demanded_by"] + ";" + df["addressed_to"])
        .str.split(";"), "actors": [[]] * len(df), "topics": [["security_guarantees"]] * len(df),
        "summary": df["demand"], "text": _text(df, ["document", "article", "topic", "demand"]),
    })


def _responses(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "date": df["date"], "record_id": df["response_id"],
        "title": df["responder"] + " answer (" + df["stance"].str.replace("_", " ") + ") to "
        + df["demand_id"],
        "side": df["responder"], "sides": df["responder"].map(lambda v: [v]),
        "actors": [[]] * len(df), "topics": [["security_guarantees"]] * len(df),
        "summary": df["response"], "text": _text(df, ["responder", "stance", "response"]),
    })


def _positions(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "date": df["as_of"], "record_id": df["position_id"],
        "title": df["side"] + " on " + df["issue"],
        "side": df["side"], "sides": df["side"].map(lambda v: [v]), "actors": [[]] * len(df),
        "topics": [[]] * len(df), "summary": df["position"],
        "text": _text(df, ["issue", "position"]),
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
        part["source_ids"] = frame["source_ids"].to_numpy()
        part["kind"] = KINDS[name]
        part["dataset"] = name
        if "format" not in part.columns:
            part["format"] = None
        parts.append(part[RECORD_COLUMNS])
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in RECORD_COLUMNS}).astype(
            {"date": "datetime64[us]"})
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["date", "kind", "record_id"], ascending=[False, True, True],
                           ignore_index=True)
