"""The full record behind a point: every field, its sources, linked records, discrepancies.

Which records are linked comes from the relations declared in ``registry.py``: the
records this one refers to, the records that refer to it, and its siblings (records that
share a value, such as other observations of the same site).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard import registry
from dashboard.datasets import Datasets
from dashboard.people import People
from dashboard.text import fmt_date, is_missing


@dataclass(frozen=True)
class Linked:
    relation: str  # e.g. "Statement made at this meeting"
    dataset: str
    record_id: str
    title: str


@dataclass(frozen=True)
class RecordDetail:
    dataset: str
    record_id: str
    kind: str
    fields: list[tuple[str, str]]
    sources: pd.DataFrame  # source_id, publisher, title, url, published, kind
    linked: list[Linked] = field(default_factory=list)
    discrepancies: pd.DataFrame = field(default_factory=pd.DataFrame)


def _display(value: object) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if is_missing(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return fmt_date(value, "long")
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def _named(dataset: str, column: str, value: object, people: People) -> object:
    """A person reference shown by its canonical name."""
    person_columns = {r.column for source, r in registry.relations()
                      if source == dataset and r.target == "people"}
    if column not in person_columns:
        return value
    if isinstance(value, tuple):
        return tuple(people.name(v) for v in value)
    return people.name(value)


def find(datasets: Datasets, record_id: str) -> tuple[str, pd.Series] | None:
    """(dataset name, row) of the record with ``record_id``, searching every dataset."""
    for name, frame in datasets.frames.items():
        if frame.empty:
            continue
        hit = frame[frame[registry.DATASETS[name].id_column] == record_id]
        if not hit.empty:
            return name, hit.iloc[0]
    return None


def _contains(values: pd.Series, wanted: str) -> pd.Series:
    """Cells equal to ``wanted``, or (list cells) holding it."""
    return values.map(lambda v: wanted in v if isinstance(v, tuple) else v == wanted)


def _matches(datasets: Datasets, name: str, row: pd.Series) -> list[tuple[str, str, pd.DataFrame]]:
    """(relation label, dataset, matching rows) for every relation of ``name``'s record."""
    record_id = row[registry.DATASETS[name].id_column]
    f = datasets.frames
    found = []
    for source, relation in registry.relations():
        if relation.column == "source_ids" or relation.target in (None, "people"):
            continue
        if source == name and relation.target in f:  # records this one refers to
            ids = row[relation.column]
            ids = ids if isinstance(ids, tuple) else (ids,) if isinstance(ids, str) else ()
            target = f[relation.target]
            hits = target[target[registry.DATASETS[relation.target].id_column].isin(ids)]
            found.append((relation.label, relation.target, hits))
        if relation.target == name and relation.reverse:  # records that refer to this one
            hits = f[source][_contains(f[source][relation.column], record_id)]
            found.append((relation.reverse, source, hits))
    for column, label in registry.DATASETS[name].siblings:
        frame = f[name]
        same = (frame[column] == row[column]) & (frame[registry.DATASETS[name].id_column]
                                                 != record_id)
        found.append((label, name, frame[same]))
    return found


def _links(datasets: Datasets, name: str, row: pd.Series, people: People) -> list[Linked]:
    out = []
    for label, dataset, hits in _matches(datasets, name, row):
        if hits.empty:
            continue
        titles = registry.dated_title(dataset, hits, people)
        ids = hits[registry.DATASETS[dataset].id_column]
        out += [Linked(label, dataset, str(i), str(t))
                for i, t in zip(ids, titles, strict=True)]
    return out


def record_detail(datasets: Datasets, record_id: str) -> RecordDetail | None:
    """Everything about one record, or None when no dataset holds ``record_id``."""
    hit = find(datasets, record_id)
    if hit is None:
        return None
    name, row = hit
    dataset = registry.DATASETS[name]
    people = People(datasets.frames["people"])
    fields = [(dataset.label(c), _display(_named(name, c, row[c], people)))
              for c in row.index if c != "source_ids"]
    sources = datasets.frames["sources"]
    cited = sources.set_index("source_id").reindex(list(row["source_ids"])).reset_index()
    cited = cited.rename(columns={"index": "source_id"})
    disc = datasets.frames["discrepancies"]
    return RecordDetail(
        dataset=name,
        record_id=record_id,
        kind=dataset.kind or name.capitalize(),
        fields=[(k, v) for k, v in fields if v != ""],
        sources=cited,
        linked=_links(datasets, name, row, people),
        discrepancies=disc[disc["record_id"] == record_id],
    )
