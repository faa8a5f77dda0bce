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

from dashboard import schemas as s
from dashboard.dataset import Dataset, Headline, Relation, figures_text, fixed, one, persons
from dashboard.dataset import meeting_sides as _meeting_sides
from dashboard.text import fmt_date

_SOURCES = s.id_list()


def _count(label: str, what: str) -> Headline:
    return Headline(label, len, lambda df: what)


SOURCES = Dataset(
    "sources", title="Sources",
    schema=s.table("SourcesSchema", {
        "source_id": s.record_id(), "publisher": s.text(200), "title": s.text(500),
        "url": s.http_url(), "published": s.date_column(s.SOURCE_DATE_MIN, nullable=True),
        "kind": s.choice(s.SOURCE_KINDS), "origin": s.text(200), "tier": s.choice(s.TIERS),
    }, s.row_check("kind", "kind=official is only for a page on the issuing body's own "
                   "website (see OFFICIAL_DOMAINS)",
                   lambda df: (df["kind"] != "official") | df["url"].map(s.official_site))),
    date_column="published", headline=_count("Sources", "Public documents cited"),
    labels={"origin": "Written by"},
)

PEOPLE = Dataset(
    "people", title="People",
    schema=s.table("PeopleSchema", {
        "person_id": s.record_id(), "name": s.text(200),
        "other_names": s.text_list(200, nullable=True), "side": s.choice(s.SIDES),
        "roles": s.text_list(300, pattern=s.ROLE_PATTERN, error="must be a ';'-separated "
                             "list of roles, each ending with its years: 'Role (2021–2022)'"),
        "source_ids": _SOURCES,
    }),
    side_column="side", headline=_count("People", "People who took part, spoke or estimated"),
    labels={"other_names": "Other spellings"},
)

MEETINGS = Dataset(
    "meetings", title="Meetings, calls and summits",
    schema=s.table("MeetingsSchema", {
        "meeting_id": s.record_id(), "date": s.date_column(), "end_date": s.date_column(),
        "title": s.text(300), "format": s.choice(s.MEETING_FORMATS),
        "location": s.text(200), "lat": s.decimal(-90.0, 90.0, "latitude"),
        "lon": s.decimal(-180.0, 180.0, "longitude"),
        "us_participants": s.text_list(200, nullable=True),
        "ru_participants": s.text_list(200, nullable=True),
        "other_participants": s.text_list(200, nullable=True),
        "participant_notes": s.text(1000, nullable=True), "summary": s.text(),
        "outcome": s.text(nullable=True), "topics": s.choice_list(s.TOPICS),
        "source_ids": _SOURCES,
    }, s.END_NOT_BEFORE_START),
    kind="Meeting", date_column="date", lane="Meetings & calls", colour="#1B1F24",
    record_title=lambda df, people: df["title"],
    record=lambda df, people: {
        "side": None, "sides": _meeting_sides(df),
        "actors": persons(people, "us_participants", "ru_participants",
                          "other_participants")(df),
        "topics": df["topics"], "format": df["format"], "summary": df["summary"]},
    search_columns=("title", "location", "participant_notes", "summary", "outcome"),
    relations=tuple(Relation(c, "people", label) for c, label in (
        ("us_participants", "US participant"), ("ru_participants", "Russian participant"),
        ("other_participants", "Other participant"))),
    headline=_count("Meetings & calls", "Meetings, calls and summits"),
    labels={"us_participants": "US participants", "ru_participants": "Russian participants",
            "other_participants": "Other participants", "lat": "Latitude",
            "lon": "Longitude"},
)

STATEMENTS = Dataset(
    "statements", title="Statements",
    schema=s.table("StatementsSchema", {
        "statement_id": s.record_id(), "date": s.date_column(), "speaker": s.text(200),
        "speaker_kind": s.choice(s.SPEAKER_KINDS), "speaker_role": s.text(300, nullable=True),
        "side": s.choice(s.SIDES), "venue": s.text(300),
        "meeting_id": s.reference(nullable=True), "topics": s.choice_list(s.TOPICS),
        "quote": s.text(600), "summary": s.text(), "source_ids": _SOURCES,
    }),
    kind="Statement", date_column="date", side_column="side", lane="Statements",
    colour="#0072B2", pattern="/",
    record_title=lambda df, people: df["speaker"].map(people.name) + ": “" + df["quote"]
    + "”",
    record=lambda df, people: {"side": df["side"], "sides": one(df["side"]),
                               "actors": [people.ids((r,)) for r in df["speaker"]],
                               "topics": df["topics"], "summary": df["summary"]},
    search_columns=("speaker", "speaker_role", "venue", "quote", "summary"),
    relations=(Relation("meeting_id", "meetings", "Meeting",
                        "Statement made at or about this meeting"),
               Relation("speaker", "people", "Speaker", when=("speaker_kind", "person"))),
    headline=_count("Statements", "Dated public statements with quotes"),
)

DEPLOYMENTS = Dataset(
    "deployments", title="Deployments (observations at sites)",
    schema=s.table("DeploymentsSchema", {
        "deployment_id": s.record_id(), "date": s.date_column(),
        "end_date": s.date_column(nullable=True), "site": s.text(200),
        "region": s.text(200), "country": s.choice(s.DEPLOYMENT_COUNTRIES),
        "lat": s.decimal(*s.REGION_LAT, "latitude"),
        "lon": s.decimal(*s.REGION_LON, "longitude"), "coord_source": s.text(300),
        "units": s.text(1000, nullable=True), "troops_est": s.whole_number(nullable=True),
        "btg_est": s.whole_number(nullable=True), "description": s.text(),
        "confidence": s.choice(s.CONFIDENCE), "source_ids": _SOURCES,
    }, s.END_NOT_BEFORE_START, s.numbers_sourced("troops_est", "btg_est")),
    kind="Deployment", date_column="date", lane="Forces: sites & estimates",
    colour="#D55E00", pattern="x",
    record_title=lambda df, people: df["site"] + " (" + df["region"] + ")",
    record=lambda df, people: {"side": "Russia", "sides": fixed(df, ("Russia",)),
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
    schema=s.table("TroopEstimatesSchema", {
        "estimate_id": s.record_id(), "date": s.date_column(),
        "refers_to": s.date_column(nullable=True), "troops_low": s.whole_number(),
        "troops_high": s.whole_number(), "btgs": s.whole_number(nullable=True),
        "scope": s.choice(s.SCOPES), "scope_note": s.text(1000), "estimator": s.text(300),
        "estimator_person": s.text(200, nullable=True),
        "estimator_side": s.choice(s.SIDES), "confidence": s.choice(s.CONFIDENCE),
        "source_ids": _SOURCES,
    }, s.row_check("troops_low", "must not be greater than troops_high",
                   lambda df: df["troops_low"].isna() | df["troops_high"].isna()
                   | (df["troops_low"] <= df["troops_high"])),
       s.row_check("refers_to", "must not be after date (the figure was stated on date)",
                   lambda df: df["refers_to"].isna() | (df["refers_to"] <= df["date"])),
       s.numbers_sourced("troops_low", "troops_high", "btgs")),
    kind="Troop estimate", date_column="date", side_column="estimator_side",
    lane="Forces: sites & estimates", colour="#E69F00", pattern=".",
    record_title=lambda df, people: figures_text(df["troops_low"], df["troops_high"])
    + " troops, per " + df["estimator"],
    record=lambda df, people: {"side": df["estimator_side"],
                               "sides": one(df["estimator_side"]),
                               "actors": [people.ids((r,)) for r in df["estimator_person"]],
                               "topics": fixed(df, ("ukraine",)), "summary": df["scope_note"]},
    search_columns=("estimator", "scope", "scope_note"),
    relations=(Relation("estimator_person", "people", "Stated by"),),
    headline=_count("Troop estimates", "Dated estimates of Russian forces, by scope"),
    labels={"troops_low": "Troops (low)", "troops_high": "Troops (high)", "btgs": "BTGs",
            "estimator_side": "Estimator's side", "scope_note": "What the figure counts",
            "refers_to": "Describes the situation on", "estimator_person": "Stated by"},
)

DEMANDS = Dataset(
    "demands", title="Demands and proposals",
    schema=s.table("DemandsSchema", {
        "demand_id": s.record_id(), "document": s.text(200), "article": s.text(100),
        "date": s.date_column(), "demanded_by": s.choice(s.SIDES),
        "addressed_to": s.choice(s.SIDES), "topic": s.text(200), "demand": s.text(),
        "source_ids": _SOURCES,
    }),
    kind="Demand", date_column="date", side_column="demanded_by", lane="Demands & answers",
    colour="#56B4E9", pattern="\\",
    record_title=lambda df, people: df["document"] + ", " + df["article"] + ": "
    + df["topic"],
    record=lambda df, people: {
        "side": df["demanded_by"], "actors": fixed(df, ()),
        "sides": [(a, b) for a, b in zip(df["demanded_by"], df["addressed_to"], strict=True)],
        "topics": fixed(df, ("security_guarantees",)), "summary": df["demand"]},
    search_columns=("document", "article", "topic", "demand"), dated_titles=False,
    headline=_count("Demands", "Articles of the drafts and proposals"),
)

RESPONSES = Dataset(
    "responses", title="Answers to the demands",
    schema=s.table("ResponsesSchema", {
        "response_id": s.record_id(), "demand_id": s.reference(), "date": s.date_column(),
        "responder": s.choice(s.SIDES), "stance": s.choice(s.STANCES),
        "response": s.text(), "source_ids": _SOURCES,
    }),
    kind="Response", date_column="date", side_column="responder", lane="Demands & answers",
    colour="#009E73", pattern="+",
    record_title=lambda df, people: df["responder"] + " answer ("
    + df["stance"].str.replace("_", " ") + ") to " + df["demand_id"],
    record=lambda df, people: {"side": df["responder"], "sides": one(df["responder"]),
                               "actors": fixed(df, ()),
                               "topics": fixed(df, ("security_guarantees",)),
                               "summary": df["response"]},
    search_columns=("responder", "stance", "response"),
    relations=(Relation("demand_id", "demands", "Demand answered", "Answer"),),
    siblings=(("demand_id", "Other answer to the same demand"),),
    headline=_count("Answers", "Answers to the demands"),
)

POSITIONS = Dataset(
    "positions", title="Positions by issue",
    schema=s.table("PositionsSchema", {
        "position_id": s.record_id(), "issue": s.text(200), "side": s.choice(s.SIDES),
        "holder": s.text(200, nullable=True), "as_of": s.date_column(),
        "position": s.text(), "statement_ids": s.id_list(nullable=True),
        "source_ids": _SOURCES, "gap": s.choice(s.GAPS, nullable=True),
        "gap_reason": s.text(600, nullable=True),
    }, s.row_check("gap_reason", "a gap needs its reasoning in gap_reason",
                   lambda df: df["gap"].isna() | df["gap_reason"].notna())),
    kind="Position", date_column="as_of", side_column="side", colour="#999999", pattern="-",
    record_title=lambda df, people: df["holder"].fillna(df["side"]) + " on " + df["issue"],
    record=lambda df, people: {"side": df["side"], "sides": one(df["side"]),
                               "actors": fixed(df, ()), "topics": fixed(df, ()),
                               "summary": df["position"]},
    search_columns=("issue", "holder", "position"),
    relations=(Relation("statement_ids", "statements", "Statement",
                        "Position this statement shows"),),
    headline=Headline("Issues", lambda df: df["issue"].nunique(),
                      lambda df: f"{len(df)} positions on {df['issue'].nunique()} issues"),
    labels={"as_of": "As of", "holder": "Held by"},
)

DISCREPANCIES = Dataset(
    "discrepancies", title="Discrepancies",
    schema=s.table("DiscrepanciesSchema", {
        "discrepancy_id": s.record_id(), "record_id": s.reference(),
        "kind": s.choice(s.DISCREPANCY_KINDS), "for_readers": s.text(400),
        "claim": s.text(), "finding": s.text(), "source_ids": _SOURCES,
    }),
    relations=(Relation("record_id", None, "Record"),),
    headline=_count("Discrepancies", "Points where sources disagree"),
    labels={"for_readers": "In short"},
)

STORY = Dataset(
    "story", title="The story, step by step",
    schema=s.table("StorySchema", {
        "step": s.whole_number(1, unique=True), "date_from": s.date_column(),
        "date_to": s.date_column(), "title": s.text(120), "text": s.text(1200),
        "record_ids": s.id_list(), "source_ids": _SOURCES,
        "key_meeting": s.reference(nullable=True), "label": s.text(40, nullable=True),
    }, s.row_check("date_to", "must be on or after date_from",
                   lambda df: df["date_to"].isna() | (df["date_to"] >= df["date_from"]))),
    relations=(Relation("record_ids", None, "Record"),
               Relation("key_meeting", "meetings", "Key meeting")),
)

GLOSSARY = Dataset(
    "glossary", title="Glossary",
    schema=s.table("GlossarySchema", {
        "term": s.text(80, unique=True), "aliases": s.text_list(80, nullable=True),
        "definition": s.text(1000), "source_ids": _SOURCES,
    }),
)

#: Every data file, in the order files are read and reported.
DATASETS: dict[str, Dataset] = {d.name: d for d in (
    SOURCES, PEOPLE, MEETINGS, STATEMENTS, DEPLOYMENTS, TROOP_ESTIMATES, DEMANDS, RESPONSES,
    POSITIONS, DISCREPANCIES, STORY, GLOSSARY)}
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


def dated_title(name: str, rows: pd.DataFrame, people) -> pd.Series:
    """Record titles with the record's date in front ('5 Jan 2022: …') where it has one."""
    d = DATASETS[name]
    titles = (d.record_title(rows, people) if d.record_title is not None
              else rows[d.id_column].astype("str"))
    if d.date_column is None or not d.dated_titles:
        return titles
    dates = [fmt_date(v) for v in rows[d.date_column]]
    return pd.Series(dates, index=rows.index, dtype="str") + ": " + titles
