"""All dated records of every dataset in one frame: the common base of the views.

One row per record: ``date``, ``kind`` (Meeting, Statement, …), ``dataset``,
``record_id``, ``title``, ``side`` (for colour; missing for meetings, which belong to
several sides), ``sides`` (every side involved, for filtering), ``actors`` (people
named), ``topics``, ``format`` (meetings only), ``summary``, ``text`` (lower-cased words
to search) and ``source_ids``. How each dataset fills them is declared in
``registry.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import pandas as pd

from dashboard.datasets import Datasets
from dashboard.people import People
from dashboard.registry import DATASETS, KINDS

RECORD_COLUMNS = ["date", "kind", "dataset", "record_id", "title", "side", "sides", "actors",
                  "topics", "format", "summary", "text", "source_ids"]
_TUPLES = ("sides", "actors", "topics", "source_ids")

__all__ = ["KINDS", "RECORD_COLUMNS", "all_records", "search_text"]


def search_text(df: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series:
    """Lower-cased words of ``columns``, for full-text search."""
    cells = df[list(columns)].fillna("").astype(str)
    first, *others = columns
    return cells[first].str.cat([cells[c] for c in others], sep=" ").str.lower()


def _records_of(name: str, frame: pd.DataFrame, people: People) -> pd.DataFrame:
    d = DATASETS[name]
    assert d.record is not None and d.record_title is not None and d.date_column is not None
    fields = d.record(frame, people)
    actors = [tuple(a) for a in cast(Iterable, fields["actors"])]
    # a search for any spelling of anyone involved finds the record
    words = pd.Series([people.search_words(a) for a in actors], index=frame.index, dtype="str")
    part = pd.DataFrame({
        "date": frame[d.date_column], "kind": d.kind, "dataset": name,
        "record_id": frame[d.id_column], "title": d.record_title(frame, people),
        "text": search_text(frame, d.search_columns) + " " + words,
        "source_ids": frame["source_ids"],
    }, index=frame.index)
    for column in ("side", "sides", "actors", "topics", "format", "summary"):
        value: Any = fields.get(column)
        if column in _TUPLES and value is not None and not isinstance(value, str):
            value = [tuple(v) for v in value]
        part[column] = value if value is not None else None
    return part[RECORD_COLUMNS]


def all_records(datasets: Datasets) -> pd.DataFrame:
    """Every dated record, newest first. ``actors`` are person ids (see people.py)."""
    people = People(datasets.frames["people"])
    parts = [_records_of(name, datasets.frames[name], people) for name in KINDS
             if not datasets.frames[name].empty]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in RECORD_COLUMNS}).astype(
            {"date": "datetime64[ns]"})
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["date", "kind", "record_id"], ascending=[False, True, True],
                           ignore_index=True)
