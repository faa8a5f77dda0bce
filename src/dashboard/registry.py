"""The dataset registry: one declaration per data file, from which the rest is derived.

A :class:`Dataset` names its schema, its title, what one of its records is called, how a
record's title and searchable text are built, its relations to other files, and where it
goes in the views (timeline lane, overview headline and colour). Loading, validation of
references, the record list, record details, the catalogue, the overview and the
timeline's lanes all read :data:`DATASETS`; adding a data file means adding its CSV, its
card and one entry here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa

from dashboard import schemas as s
from dashboard.text import fmt_date

#: What a record's builder returns, besides ``date`` and ``record_id`` (see records.py).
RecordBuilder = Callable[[pd.DataFrame], dict[str, object]]


@dataclass(frozen=True)
class Relation:
    """Ids in ``column`` name records of ``target`` (None: of any file)."""

    column: str
    target: str | None
    label: str  # the linked record, as seen from this one: "Meeting"
    reverse: str | None = None  # this record, as seen from the target


@dataclass(frozen=True)
class Headline:
    label: str
    count: Callable[[pd.DataFrame], int]
    help: Callable[[pd.DataFrame], str]


@dataclass(frozen=True)
class Dataset:
    """Everything the app knows about one data file, declared once."""

    name: str  # the file stem: data/<name>.csv, cards/<name>.md
    schema: pa.DataFrameSchema
    title: str  # "Meetings, calls and summits"
    kind: str | None = None  # one record's name ("Meeting"); None: not a dated record
    date_column: str | None = None
    side_column: str | None = None  # the side a record speaks for, when it has one
    record_title: Callable[[pd.DataFrame], pd.Series] | None = None
    record: RecordBuilder | None = None  # side, sides, actors, topics, summary, format
    search_columns: tuple[str, ...] = ()
    relations: tuple[Relation, ...] = ()
    siblings: tuple[tuple[str, str], ...] = ()  # (column, label): others sharing the value
    lane: str | None = None  # timeline lane; None: not on the timeline
    colour: str = "#999999"  # in charts of record kinds (not sides)
    pattern: str = ""
    headline: Headline | None = None
    labels: dict[str, str] = field(default_factory=dict)  # column -> label in details
    dated_titles: bool = True  # linked-record titles start with the record's date

    @property
    def id_column(self) -> str:
        return next(iter(self.schema.columns))

    @property
    def columns(self) -> list[str]:
        return list(self.schema.columns)

    def label(self, column: str) -> str:
        """How a column is named for readers."""
        return self.labels.get(column, column.replace("_", " ").replace(" ids", "")
                               .capitalize())


def _one(values: pd.Series) -> list[tuple[str, ...]]:
    return [(v,) if isinstance(v, str) else () for v in values]


def _fixed(frame: pd.DataFrame, value: tuple) -> list[tuple]:
    return [value] * len(frame)


def _figures(low: pd.Series, high: pd.Series) -> pd.Series:
    text = [f"{lo:,}" if lo == hi else f"{lo:,}–{hi:,}" for lo, hi in zip(low, high,
                                                                          strict=True)]
    return pd.Series(text, index=low.index, dtype="str")


def _names(cell: object) -> list[str]:
    """Names from a participants cell: ``"Wendy Sherman (Deputy Secretary); …"`` -> names."""
    if not isinstance(cell, str):
        return []
    return [re.sub(r"\s*\(.*?\)\s*$", "", part).strip() for part in cell.split(";")
            if part.strip()]


def _people(*columns: str):
    def actors(df: pd.DataFrame) -> list[tuple[str, ...]]:
        return [tuple(dict.fromkeys(n for cell in cells for n in _names(cell)))
                for cells in zip(*(df[c] for c in columns), strict=True)]
    return actors


def _meeting_sides(df: pd.DataFrame) -> list[tuple[str, ...]]:
    """Each meeting's sides: US, Russia and 'other', by who took part."""
    return [tuple(side for side, cell in (("US", us), ("Russia", ru), ("other", other))
                  if isinstance(cell, str))
            for us, ru, other in zip(df["us_participants"], df["ru_participants"],
                                     df["other_participants"], strict=True)]


MEETINGS = Dataset(
    "meetings", s.MeetingsSchema, "Meetings, calls and summits", kind="Meeting",
    date_column="date", lane="Meetings & calls", colour="#1B1F24",
    record_title=lambda df: df["title"],
    record=lambda df: {
        "side": None, "sides": _meeting_sides(df),
        "actors": _people("us_participants", "ru_participants", "other_participants")(df),
        "topics": df["topics"], "format": df["format"], "summary": df["summary"]},
    search_columns=("title", "location", "us_participants", "ru_participants",
                    "other_participants", "summary", "outcome"),
    headline=Headline("Meetings & calls", len, lambda df: "Meetings, calls and summits"),
    labels={"us_participants": "US participants", "ru_participants": "Russian participants",
            "other_participants": "Other participants", "lat": "Latitude",
            "lon": "Longitude"},
)

STATEMENTS = Dataset(
    "statements", s.StatementsSchema, "Statements", kind="Statement", date_column="date",
    side_column="side", lane="Statements", colour="#0072B2", pattern="/",
    record_title=lambda df: df["speaker"] + ": “" + df["quote"] + "”",
    record=lambda df: {"side": df["side"], "sides": _one(df["side"]),
                       "actors": _one(df["speaker"]), "topics": df["topics"],
                       "summary": df["summary"]},
    search_columns=("speaker", "speaker_role", "venue", "quote", "summary"),
    relations=(Relation("meeting_id", "meetings", "Meeting",
                        "Statement made at or about this meeting"),),
    headline=Headline("Statements", len, lambda df: "Dated public statements with quotes"),
)

DEPLOYMENTS = Dataset(
    "deployments", s.DeploymentsSchema, "Deployments (observations at sites)",
    kind="Deployment", date_column="date", lane="Forces: sites & estimates",
    colour="#D55E00", pattern="x",
    record_title=lambda df: df["site"] + " (" + df["region"] + ")",
    record=lambda df: {"side": "Russia", "sides": _fixed(df, ("Russia",)),
                       "actors": _fixed(df, ()), "topics": _fixed(df, ("ukraine",)),
                       "summary": df["description"]},
    search_columns=("site", "region", "country", "units", "description"),
    siblings=(("site", "Other observation at this site"),),
    headline=Headline("Sites", lambda df: df["site"].nunique(),
                      lambda df: f"{len(df)} observations at {df['site'].nunique()} named "
                      "sites"),
    labels={"btg_est": "BTGs (estimate)", "troops_est": "Troops (estimate)",
            "coord_source": "Coordinates from", "lat": "Latitude", "lon": "Longitude"},
)

TROOP_ESTIMATES = Dataset(
    "troop_estimates", s.TroopEstimatesSchema, "Troop estimates", kind="Troop estimate",
    date_column="date", side_column="estimator_side", lane="Forces: sites & estimates",
    colour="#E69F00", pattern=".",
    record_title=lambda df: _figures(df["troops_low"], df["troops_high"]) + " troops, per "
    + df["estimator"],
    record=lambda df: {"side": df["estimator_side"], "sides": _one(df["estimator_side"]),
                       "actors": _one(df["estimator"]), "topics": _fixed(df, ("ukraine",)),
                       "summary": df["scope"]},
    search_columns=("estimator", "scope"),
    headline=Headline("Troop estimates", len, lambda df: "Dated total estimates"),
    labels={"troops_low": "Troops (low)", "troops_high": "Troops (high)",
            "estimator_side": "Estimator's side"},
)

DEMANDS = Dataset(
    "demands", s.DemandsSchema, "Demands and proposals", kind="Demand", date_column="date",
    side_column="demanded_by", lane="Demands & answers", colour="#56B4E9", pattern="\\",
    record_title=lambda df: df["document"] + ", " + df["article"] + ": " + df["topic"],
    record=lambda df: {"side": df["demanded_by"],
                       "sides": [(a, b) for a, b in zip(df["demanded_by"], df["addressed_to"],
                                                        strict=True)],
                       "actors": _fixed(df, ()), "topics": _fixed(df, ("security_guarantees",)),
                       "summary": df["demand"]},
    search_columns=("document", "article", "topic", "demand"), dated_titles=False,
    headline=Headline("Demands", len, lambda df: "Articles of the drafts and proposals"),
)

RESPONSES = Dataset(
    "responses", s.ResponsesSchema, "Answers to the demands", kind="Response",
    date_column="date", side_column="responder", lane="Demands & answers", colour="#009E73",
    pattern="+",
    record_title=lambda df: df["responder"] + " answer (" + df["stance"].str.replace("_", " ")
    + ") to " + df["demand_id"],
    record=lambda df: {"side": df["responder"], "sides": _one(df["responder"]),
                       "actors": _fixed(df, ()), "topics": _fixed(df, ("security_guarantees",)),
                       "summary": df["response"]},
    search_columns=("responder", "stance", "response"),
    relations=(Relation("demand_id", "demands", "Demand answered", "Answer"),),
    siblings=(("demand_id", "Other answer to the same demand"),),
    headline=Headline("Answers", len, lambda df: "Answers to the demands"),
)

POSITIONS = Dataset(
    "positions", s.PositionsSchema, "Positions by issue", kind="Position",
    date_column="as_of", side_column="side", colour="#999999", pattern="-",
    record_title=lambda df: df["side"] + " on " + df["issue"],
    record=lambda df: {"side": df["side"], "sides": _one(df["side"]),
                       "actors": _fixed(df, ()), "topics": _fixed(df, ()),
                       "summary": df["position"]},
    search_columns=("issue", "position"),
    relations=(Relation("statement_ids", "statements", "Statement",
                        "Position this statement shows"),),
    headline=Headline("Issues", lambda df: df["issue"].nunique(),
                      lambda df: f"{len(df)} positions on {df['issue'].nunique()} issues"),
    labels={"as_of": "As of"},
)

SOURCES = Dataset(
    "sources", s.SourcesSchema, "Sources", date_column="published",
    headline=Headline("Sources", len, lambda df: "Public documents cited"),
)

DISCREPANCIES = Dataset(
    "discrepancies", s.DiscrepanciesSchema, "Discrepancies",
    relations=(Relation("record_id", None, "Record"),),
    headline=Headline("Discrepancies", len, lambda df: "Points where sources disagree"),
)

#: Every data file, in the order files are read and reported.
DATASETS: dict[str, Dataset] = {d.name: d for d in (
    SOURCES, MEETINGS, STATEMENTS, DEPLOYMENTS, TROOP_ESTIMATES, DEMANDS, RESPONSES,
    POSITIONS, DISCREPANCIES)}
NAMES = tuple(DATASETS)
#: dataset -> one record's name, for the datasets whose rows are dated records
KINDS = {d.name: d.kind for d in DATASETS.values() if d.kind}


def relations() -> list[tuple[str, Relation]]:
    """Every (dataset, relation), the citations of sources included."""
    out = []
    for d in DATASETS.values():
        if "source_ids" in d.schema.columns:
            out.append((d.name, Relation("source_ids", "sources", "Source")))
        out.extend((d.name, r) for r in d.relations)
    return out


def lanes() -> list[tuple[str, tuple[str, ...]]]:
    """The timeline's lanes, top to bottom: (name, kinds of record in it)."""
    out: dict[str, list[str]] = {}
    for d in DATASETS.values():
        if d.lane and d.kind:
            out.setdefault(d.lane, []).append(d.kind)
    return [(name, tuple(kinds)) for name, kinds in out.items()]


def dated_title(name: str, rows: pd.DataFrame) -> pd.Series:
    """Record titles with the record's date in front ('5 Jan 2022: …') where it has one."""
    d = DATASETS[name]
    titles = (d.record_title(rows) if d.record_title is not None
              else rows[d.id_column].astype("str"))
    if d.date_column is None or not d.dated_titles:
        return titles
    dates = [fmt_date(v) for v in rows[d.date_column]]
    return pd.Series(dates, index=rows.index, dtype="str") + ": " + titles
