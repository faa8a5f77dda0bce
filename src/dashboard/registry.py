"""The dataset registry: one declaration per data file, from which the rest is derived.

Each :class:`~dashboard.dataset.Dataset` below holds its file's typed schema, its title,
what one of its records is called, how a record's title and searchable text are built,
its relations to other files, and where it goes in the views (timeline lane, overview
headline and colour). Loading, validation of references, the record list, record details,
the catalogue, the overview and the timeline's lanes all read :data:`DATASETS`: adding a
data file means adding its CSV, its card and one entry here.
"""

from __future__ import annotations

import pandas as pd

from dashboard.dataset import (
    Dataset,
    Headline,
    Relation,
    figures_text,
    fixed,
    meeting_sides,
    one,
    people,
)
from dashboard.schemas import (
    CONFIDENCE,
    DEPLOYMENT_COUNTRIES,
    DISCREPANCY_KINDS,
    END_NOT_BEFORE_START,
    GAPS,
    MEETING_FORMATS,
    REGION_LAT,
    REGION_LON,
    SIDES,
    SOURCE_DATE_MIN,
    SOURCE_KINDS,
    STANCES,
    TOPICS,
    choice,
    choice_list,
    date_column,
    decimal,
    http_url,
    id_list,
    numbers_sourced,
    record_id,
    reference,
    row_check,
    table,
    text,
    whole_number,
)
from dashboard.text import fmt_date

MEETINGS = Dataset(
    "meetings", title="Meetings, calls and summits",
    schema=table("MeetingsSchema", {
        "meeting_id": record_id(),
        "date": date_column(),
        "end_date": date_column(),
        "title": text(300),
        "format": choice(MEETING_FORMATS),
        "location": text(200),
        "lat": decimal(-90.0, 90.0, "latitude"),
        "lon": decimal(-180.0, 180.0, "longitude"),
        "us_participants": text(2000, nullable=True),
        "ru_participants": text(2000, nullable=True),
        "other_participants": text(2000, nullable=True),
        "summary": text(),
        "outcome": text(nullable=True),
        "topics": choice_list(TOPICS),
        "source_ids": id_list(),
    }, END_NOT_BEFORE_START),
    kind="Meeting",
    date_column="date", lane="Meetings & calls", colour="#1B1F24",
    record_title=lambda df: df["title"],
    record=lambda df: {
        "side": None, "sides": meeting_sides(df),
        "actors": people("us_participants", "ru_participants", "other_participants")(df),
        "topics": df["topics"], "format": df["format"], "summary": df["summary"]},
    search_columns=("title", "location", "us_participants", "ru_participants",
                    "other_participants", "summary", "outcome"),
    headline=Headline("Meetings & calls", len, lambda df: "Meetings, calls and summits"),
    labels={"us_participants": "US participants", "ru_participants": "Russian participants",
            "other_participants": "Other participants", "lat": "Latitude",
            "lon": "Longitude"},
)

STATEMENTS = Dataset(
    "statements", title="Statements",
    schema=table("StatementsSchema", {
        "statement_id": record_id(),
        "date": date_column(),
        "speaker": text(200),
        "speaker_role": text(300, nullable=True),
        "side": choice(SIDES),
        "venue": text(300),
        "meeting_id": reference(nullable=True),
        "topics": choice_list(TOPICS),
        "quote": text(600),
        "summary": text(),
        "source_ids": id_list(),
    }),
    kind="Statement", date_column="date",
    side_column="side", lane="Statements", colour="#0072B2", pattern="/",
    record_title=lambda df: df["speaker"] + ": “" + df["quote"] + "”",
    record=lambda df: {"side": df["side"], "sides": one(df["side"]),
                       "actors": one(df["speaker"]), "topics": df["topics"],
                       "summary": df["summary"]},
    search_columns=("speaker", "speaker_role", "venue", "quote", "summary"),
    relations=(Relation("meeting_id", "meetings", "Meeting",
                        "Statement made at or about this meeting"),),
    headline=Headline("Statements", len, lambda df: "Dated public statements with quotes"),
)

DEPLOYMENTS = Dataset(
    "deployments", title="Deployments (observations at sites)",
    schema=table("DeploymentsSchema", {
        "deployment_id": record_id(),
        "date": date_column(),
        "end_date": date_column(nullable=True),
        "site": text(200),
        "region": text(200),
        "country": choice(DEPLOYMENT_COUNTRIES),
        "lat": decimal(*REGION_LAT, "latitude"),
        "lon": decimal(*REGION_LON, "longitude"),
        "coord_source": text(300),
        "units": text(1000, nullable=True),
        "troops_est": whole_number(nullable=True),
        "btg_est": whole_number(nullable=True),
        "description": text(),
        "confidence": choice(CONFIDENCE),
        "source_ids": id_list(),
    }, END_NOT_BEFORE_START, numbers_sourced("troops_est", "btg_est")),
    kind="Deployment", date_column="date", lane="Forces: sites & estimates",
    colour="#D55E00", pattern="x",
    record_title=lambda df: df["site"] + " (" + df["region"] + ")",
    record=lambda df: {"side": "Russia", "sides": fixed(df, ("Russia",)),
                       "actors": fixed(df, ()), "topics": fixed(df, ("ukraine",)),
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
    "troop_estimates", title="Troop estimates",
    schema=table("TroopEstimatesSchema", {
        "estimate_id": record_id(),
        "date": date_column(),
        "troops_low": whole_number(),
        "troops_high": whole_number(),
        "scope": text(1000),
        "estimator": text(300),
        "estimator_side": choice(SIDES),
        "confidence": choice(CONFIDENCE),
        "source_ids": id_list(),
    }, row_check("troops_low", "must not be greater than troops_high",
                 lambda df: df["troops_low"].isna() | df["troops_high"].isna()
                 | (df["troops_low"] <= df["troops_high"])),
       numbers_sourced("troops_low", "troops_high")),
    kind="Troop estimate",
    date_column="date", side_column="estimator_side", lane="Forces: sites & estimates",
    colour="#E69F00", pattern=".",
    record_title=lambda df: figures_text(df["troops_low"], df["troops_high"]) + " troops, per "
    + df["estimator"],
    record=lambda df: {"side": df["estimator_side"], "sides": one(df["estimator_side"]),
                       "actors": one(df["estimator"]), "topics": fixed(df, ("ukraine",)),
                       "summary": df["scope"]},
    search_columns=("estimator", "scope"),
    headline=Headline("Troop estimates", len, lambda df: "Dated total estimates"),
    labels={"troops_low": "Troops (low)", "troops_high": "Troops (high)",
            "estimator_side": "Estimator's side"},
)

DEMANDS = Dataset(
    "demands", title="Demands and proposals",
    schema=table("DemandsSchema", {
        "demand_id": record_id(),
        "document": text(200),
        "article": text(100),
        "date": date_column(),
        "demanded_by": choice(SIDES),
        "addressed_to": choice(SIDES),
        "topic": text(200),
        "demand": text(),
        "source_ids": id_list(),
    }),
    kind="Demand", date_column="date",
    side_column="demanded_by", lane="Demands & answers", colour="#56B4E9", pattern="\\",
    record_title=lambda df: df["document"] + ", " + df["article"] + ": " + df["topic"],
    record=lambda df: {"side": df["demanded_by"],
                       "sides": [(a, b) for a, b in zip(df["demanded_by"], df["addressed_to"],
                                                        strict=True)],
                       "actors": fixed(df, ()), "topics": fixed(df, ("security_guarantees",)),
                       "summary": df["demand"]},
    search_columns=("document", "article", "topic", "demand"), dated_titles=False,
    headline=Headline("Demands", len, lambda df: "Articles of the drafts and proposals"),
)

RESPONSES = Dataset(
    "responses", title="Answers to the demands",
    schema=table("ResponsesSchema", {
        "response_id": record_id(),
        "demand_id": reference(),
        "date": date_column(),
        "responder": choice(SIDES),
        "stance": choice(STANCES),
        "response": text(),
        "source_ids": id_list(),
    }),
    kind="Response",
    date_column="date", side_column="responder", lane="Demands & answers", colour="#009E73",
    pattern="+",
    record_title=lambda df: df["responder"] + " answer (" + df["stance"].str.replace("_", " ")
    + ") to " + df["demand_id"],
    record=lambda df: {"side": df["responder"], "sides": one(df["responder"]),
                       "actors": fixed(df, ()), "topics": fixed(df, ("security_guarantees",)),
                       "summary": df["response"]},
    search_columns=("responder", "stance", "response"),
    relations=(Relation("demand_id", "demands", "Demand answered", "Answer"),),
    siblings=(("demand_id", "Other answer to the same demand"),),
    headline=Headline("Answers", len, lambda df: "Answers to the demands"),
)

POSITIONS = Dataset(
    "positions", title="Positions by issue",
    schema=table("PositionsSchema", {
        "position_id": record_id(),
        "issue": text(200),
        "side": choice(SIDES),
        "as_of": date_column(),
        "position": text(),
        "statement_ids": id_list(nullable=True),
        "source_ids": id_list(),
        "gap": choice(GAPS, nullable=True),
        "gap_reason": text(600, nullable=True),
    }, row_check("gap_reason", "a gap needs its reasoning in gap_reason",
                 lambda df: df["gap"].isna() | df["gap_reason"].notna())),
    kind="Position",
    date_column="as_of", side_column="side", colour="#999999", pattern="-",
    record_title=lambda df: df["side"] + " on " + df["issue"],
    record=lambda df: {"side": df["side"], "sides": one(df["side"]),
                       "actors": fixed(df, ()), "topics": fixed(df, ()),
                       "summary": df["position"]},
    search_columns=("issue", "position"),
    relations=(Relation("statement_ids", "statements", "Statement",
                        "Position this statement shows"),),
    headline=Headline("Issues", lambda df: df["issue"].nunique(),
                      lambda df: f"{len(df)} positions on {df['issue'].nunique()} issues"),
    labels={"as_of": "As of"},
)

SOURCES = Dataset(
    "sources", title="Sources",
    schema=table("SourcesSchema", {
        "source_id": record_id(),
        "publisher": text(200),
        "title": text(500),
        "url": http_url(),
        "published": date_column(SOURCE_DATE_MIN),
        "kind": choice(SOURCE_KINDS),
    }),
    date_column="published",
    headline=Headline("Sources", len, lambda df: "Public documents cited"),
)

DISCREPANCIES = Dataset(
    "discrepancies", title="Discrepancies",
    schema=table("DiscrepanciesSchema", {
        "discrepancy_id": record_id(),
        "record_id": reference(),
        "kind": choice(DISCREPANCY_KINDS),
        "claim": text(),
        "finding": text(),
        "source_ids": id_list(),
    }),
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
