"""The full record behind a point: every field, its sources, linked records, discrepancies.

Which records are linked comes from the relations declared in ``registry.py``: the
records this one refers to, the records that refer to it, and its siblings (records that
share a value, such as other observations of the same site).
"""

from __future__ import annotations

import numbers
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
    """One record as readers see it: a title, readable fields, sources, links."""

    dataset: str
    record_id: str
    kind: str
    title: str
    fields: list[tuple[str, tuple[str, ...]]]  # label -> one or more readable values
    sources: pd.DataFrame  # source_id, publisher, title, url, published, kind, origin, tier
    linked: list[Linked] = field(default_factory=list)
    discrepancies: pd.DataFrame = field(default_factory=pd.DataFrame)


#: Fields readers do not need in a record's detail (ids, coordinates, internal codes).
HIDDEN = {"source_ids", "lat", "lon", "coord_source", "speaker_kind", "statement_ids",
          "record_ids", "key_meeting", "meeting_id", "demand_id"}
#: Codes shown as words.
WORDS: dict[str, dict[str, str]] = {
    "format": {"summit": "Summit", "in_person": "Talks in person", "phone_call": "Phone call",
               "video_call": "Video call", "multilateral": "Multilateral meeting",
               "working_group": "Working group"},
    "stance": {"rejected": "Rejected", "open": "Open to discuss",
               "counterproposal": "Counterproposal", "partial": "Partly accepted",
               "no_response": "Not addressed"},
    "gap": {"opposed": "Opposed", "partly_compatible": "Partly compatible",
            "convergent": "Convergent"},
    "scope": {"all_near_ukraine": "All forces near Ukraine",
              "border_without_crimea": "Border regions, Crimea excluded",
              "crimea": "Crimea only", "belarus": "Belarus only",
              "withdrawing": "Said to be withdrawing", "exercise": "In a declared exercise",
              "planned": "Planned or expected, not present", "other": "Other count"},
}


def _words(column: str, value: object) -> str:
    if isinstance(value, pd.Timestamp):
        return fmt_date(value, "long")
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return f"{int(value):,}"
    text = str(value)
    if column in WORDS:
        return WORDS[column].get(text, text)
    if column == "topics":
        return text.replace("_", " ")
    return text


def _values(dataset: str, column: str, value: object, people: People, year: int
            ) -> tuple[str, ...]:
    """A field's readable values: people as 'Name, role that year', codes as words."""
    items = value if isinstance(value, tuple) else (value,)
    items = tuple(v for v in items if not is_missing(v) and v != "")
    if column in _person_columns(dataset):
        out = []
        for ref in items:
            person = people.find(ref)
            out.append(f"{person.name}, {person.role_in(year)}" if person and person.roles
                       else people.name(ref))
        return tuple(out)
    if column == "topics":
        return (", ".join(_words(column, v) for v in items),) if items else ()
    return tuple(_words(column, v) for v in items)


def _person_columns(dataset: str) -> set[str]:
    return {r.column for source, r in registry.relations()
            if source == dataset and r.target == "people"}


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
    when = row[dataset.date_column] if dataset.date_column else None
    year = when.year if isinstance(when, pd.Timestamp) else 2022
    hidden = (HIDDEN | {"title"}  # the drawer's heading carries the title
              | ({"speaker_role"} if row.get("speaker_kind") == "person" else set())
              | ({"end_date"} if row.get("end_date") == row.get("date") else set()))
    fields = [(dataset.label(c), _values(name, c, row[c], people, year)) for c in row.index
              if c not in hidden and c != dataset.id_column]
    sources = datasets.frames["sources"]
    cited = sources.set_index("source_id").reindex(list(row["source_ids"])).reset_index()
    cited = cited.rename(columns={"index": "source_id"})
    disc = datasets.frames["discrepancies"]
    title = str(registry.dated_title(name, datasets.frames[name].loc[[row.name]],
                                     people).iloc[0])
    return RecordDetail(
        dataset=name, record_id=record_id, kind=dataset.kind or dataset.title, title=title,
        fields=[(k, v) for k, v in fields if v],
        sources=cited, linked=_links(datasets, name, row, people),
        discrepancies=disc[disc["record_id"] == record_id],
    )
