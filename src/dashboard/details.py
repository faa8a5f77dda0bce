"""The full record behind a point: every field, its sources, linked records, discrepancies."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard import schemas
from dashboard.datasets import Datasets
from dashboard.records import KINDS


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
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return f"{value:%-d %B %Y}"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


_LABELS = {
    "us_participants": "US participants", "ru_participants": "Russian participants",
    "other_participants": "Other participants", "lat": "Latitude", "lon": "Longitude",
    "btg_est": "BTGs (estimate)", "troops_est": "Troops (estimate)",
    "troops_low": "Troops (low)", "troops_high": "Troops (high)", "as_of": "As of",
    "coord_source": "Coordinates from", "estimator_side": "Estimator's side",
}


def _label(column: str) -> str:
    return _LABELS.get(column, column.replace("_", " ").replace(" ids", "").capitalize())


def find(datasets: Datasets, record_id: str) -> tuple[str, pd.Series] | None:
    """(dataset name, row) of the record with ``record_id``, searching every dataset."""
    for name, frame in datasets.frames.items():
        if frame.empty:
            continue
        column = schemas.id_column(name)
        hit = frame[frame[column] == record_id]
        if not hit.empty:
            return name, hit.iloc[0]
    return None


def _title(name: str, row: pd.Series) -> str:
    if name == "meetings":
        return f"{row['date']:%-d %b %Y}: {row['title']}"
    if name == "statements":
        return f"{row['date']:%-d %b %Y}: {row['speaker']}: “{row['quote']}”"
    if name == "demands":
        return f"{row['document']}, {row['article']}: {row['topic']}"
    if name == "responses":
        return f"{row['responder']} ({row['stance'].replace('_', ' ')}): {row['response']}"
    if name == "positions":
        return f"{row['as_of']:%-d %b %Y}: {row['side']} on {row['issue']}"
    if name == "deployments":
        return f"{row['date']:%-d %b %Y}: {row['site']}"
    return str(row.iloc[0])


def _rows(datasets: Datasets, name: str, mask: pd.Series) -> list[tuple[str, pd.Series]]:
    frame = datasets.frames[name]
    return [(name, row) for _, row in frame[mask].iterrows()]


def _links(datasets: Datasets, name: str, row: pd.Series) -> list[Linked]:
    f = datasets.frames
    found: list[tuple[str, str, pd.Series]] = []
    if name == "meetings":
        at_meeting = f["statements"]["meeting_id"] == row["meeting_id"]
        for n, r in _rows(datasets, "statements", at_meeting):
            found.append(("Statement made at or about this meeting", n, r))
    elif name == "statements":
        if isinstance(row["meeting_id"], str):
            its_meeting = f["meetings"]["meeting_id"] == row["meeting_id"]
            for n, r in _rows(datasets, "meetings", its_meeting):
                found.append(("Meeting", n, r))
        mask = f["positions"]["statement_ids"].map(lambda ids: row["statement_id"] in ids)
        for n, r in _rows(datasets, "positions", mask):
            found.append(("Position this statement shows", n, r))
    elif name == "demands":
        for n, r in _rows(datasets, "responses", f["responses"]["demand_id"] == row["demand_id"]):
            found.append(("Answer", n, r))
    elif name == "responses":
        for n, r in _rows(datasets, "demands", f["demands"]["demand_id"] == row["demand_id"]):
            found.append(("Demand answered", n, r))
        mask = (f["responses"]["demand_id"] == row["demand_id"]) & (
            f["responses"]["response_id"] != row["response_id"])
        for n, r in _rows(datasets, "responses", mask):
            found.append(("Other answer to the same demand", n, r))
    elif name == "positions":
        mask = f["statements"]["statement_id"].isin(row["statement_ids"])
        for n, r in _rows(datasets, "statements", mask):
            found.append(("Statement", n, r))
    elif name == "deployments":
        mask = (f["deployments"]["site"] == row["site"]) & (
            f["deployments"]["deployment_id"] != row["deployment_id"])
        for n, r in _rows(datasets, "deployments", mask):
            found.append(("Other observation at this site", n, r))
    return [Linked(rel, n, str(r.iloc[0]), _title(n, r)) for rel, n, r in found]


def record_detail(datasets: Datasets, record_id: str) -> RecordDetail | None:
    """Everything about one record, or None when no dataset holds ``record_id``."""
    hit = find(datasets, record_id)
    if hit is None:
        return None
    name, row = hit
    fields = [(_label(c), _display(row[c])) for c in row.index if c != "source_ids"]
    sources = datasets.frames["sources"]
    cited = sources.set_index("source_id").reindex(row["source_ids"]).reset_index()
    cited = cited.rename(columns={"index": "source_id"})
    disc = datasets.frames["discrepancies"]
    return RecordDetail(
        dataset=name,
        record_id=record_id,
        kind=KINDS.get(name, name.capitalize()),
        fields=[(k, v) for k, v in fields if v != ""],
        sources=cited,
        linked=_links(datasets, name, row),
        discrepancies=disc[disc["record_id"] == record_id],
    )
