"""The data contract: one pandera schema per data file.

Schemas validate the *raw* text of each CSV (every cell a string, empty cells
missing), so that a failure can always be reported with the value exactly as
it stands in the file. ``datasets.py`` converts validated frames to typed
ones. Rules that span files (``source_ids`` must name a source, and so on)
live in ``references.py``.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pandera.pandas as pa

SIDES = ("US", "Russia", "NATO", "Ukraine", "EU", "Belarus", "OSCE", "other")
SOURCE_KINDS = ("official", "news", "analysis", "other")
MEETING_FORMATS = (
    "summit",
    "in_person",
    "phone_call",
    "video_call",
    "multilateral",
    "working_group",
)
STANCES = ("rejected", "open", "counterproposal", "partial", "no_response")
CONFIDENCE = ("high", "medium", "low")
DEPLOYMENT_COUNTRIES = ("Russia", "Belarus", "Ukraine")
DISCREPANCY_KINDS = ("date", "number", "format", "wording", "participants", "other")
GAPS = ("opposed", "partly_compatible", "convergent")
TOPICS = (
    "arms_control",
    "strategic_stability",
    "ukraine",
    "nato_enlargement",
    "security_guarantees",
    "missiles",
    "exercises",
    "sanctions",
    "cyber",
    "diplomatic_missions",
    "prisoners",
    "new_start",
    "minsk",
    "ceasefire",
    "economy",
    "other",
)

#: Earliest record date the contract accepts (Crimea, 2014) and earliest
#: publication date of a source (older treaties are cited, e.g. 1997).
RECORD_DATE_MIN = date(2014, 1, 1)
SOURCE_DATE_MIN = date(1990, 1, 1)

#: Deployment sites must lie in the region around Ukraine (WGS84 degrees).
REGION_LAT = (41.0, 60.0)
REGION_LON = (20.0, 50.0)

LIST_SEPARATOR = ";"

_ID_RE = r"^[a-z0-9][a-z0-9-]*$"
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT_RE = re.compile(r"^-?\d+$")
_FLOAT_RE = re.compile(r"^-?\d+(\.\d+)?$")
_URL_RE = re.compile(r"^https?://[^\s<>\"`]+$")


def split_list(value: object) -> list[str]:
    """Split a ``;``-separated cell into its non-empty, stripped items."""
    if not isinstance(value, str):
        return []
    return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]


def _parse_date(value: str) -> date | None:
    if not _DATE_RE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


# --- element-wise checks, shared by the schemas -------------------------------


def _iso_date(minimum: date) -> pa.Check:
    def check(value: str) -> bool:
        parsed = _parse_date(value)
        return parsed is not None and minimum <= parsed <= date.today()

    return pa.Check(
        check,
        element_wise=True,
        name="iso_date",
        error=f"must be a real date YYYY-MM-DD between {minimum} and today",
    )


def _integer(minimum: int = 0) -> pa.Check:
    return pa.Check(
        lambda v: bool(_INT_RE.match(v)) and int(v) >= minimum,
        element_wise=True,
        name="non_negative_integer",
        error=f"must be a whole number >= {minimum}",
    )


def _number_between(low: float, high: float, what: str) -> pa.Check:
    return pa.Check(
        lambda v: bool(_FLOAT_RE.match(v)) and low <= float(v) <= high,
        element_wise=True,
        name=f"{what}_in_range",
        error=f"must be a decimal {what} between {low} and {high}",
    )


def _one_of(values: tuple[str, ...]) -> pa.Check:
    return pa.Check(
        lambda v: v in values,
        element_wise=True,
        name="allowed_value",
        error="must be one of: " + ", ".join(values),
    )


def _list_of(values: tuple[str, ...]) -> pa.Check:
    return pa.Check(
        lambda v: bool(split_list(v)) and all(item in values for item in split_list(v)),
        element_wise=True,
        name="allowed_list",
        error="must be a ';'-separated list of: " + ", ".join(values),
    )


_ID_LIST = pa.Check(
    lambda v: bool(split_list(v)) and all(re.match(_ID_RE, i) for i in split_list(v)),
    element_wise=True,
    name="id_list",
    error="must be a ';'-separated list of ids (lowercase letters, digits, '-')",
)

_HTTP_URL = pa.Check(
    lambda v: bool(_URL_RE.match(v)),
    element_wise=True,
    name="http_url",
    error="must be an http:// or https:// URL",
)


_ID_CHECK = pa.Check.str_matches(_ID_RE, error="must be an id: lowercase letters, digits and '-'")


def _id() -> pa.Column:
    return pa.Column(str, checks=[_ID_CHECK], unique=True, description="Unique id.")


def _ref(nullable: bool = False) -> pa.Column:
    return pa.Column(str, checks=[_ID_CHECK], nullable=nullable)


def _text(nullable: bool = False, max_length: int = 4000) -> pa.Column:
    return pa.Column(
        str,
        checks=[pa.Check.str_length(max_value=max_length, error=f"text longer than {max_length}")],
        nullable=nullable,
    )


def _col(*checks: pa.Check, nullable: bool = False, unique: bool = False) -> pa.Column:
    return pa.Column(str, checks=list(checks), nullable=nullable, unique=unique)


def _not_before(df: pd.DataFrame, later: str, earlier: str) -> pd.Series:
    """True unless both are valid dates and ``later`` is before ``earlier``."""
    def ok(late: object, early: object) -> bool:
        if not (isinstance(late, str) and isinstance(early, str)):
            return True
        late_d, early_d = _parse_date(late), _parse_date(early)
        return late_d is None or early_d is None or late_d >= early_d

    return pd.Series([ok(a, b) for a, b in zip(df[later], df[earlier], strict=True)],
                     index=df.index)


def _low_not_above_high(df: pd.DataFrame) -> pd.Series:
    def ok(low: object, high: object) -> bool:
        if not (isinstance(low, str) and isinstance(high, str)):
            return True
        if not (_INT_RE.match(low) and _INT_RE.match(high)):
            return True  # reported by the integer check
        return int(low) <= int(high)

    return pd.Series([ok(lo, hi) for lo, hi in zip(df["troops_low"], df["troops_high"],
                                                   strict=True)], index=df.index)


def _numbers_sourced(number_columns: list[str]) -> pa.Check:
    """A row with a number needs two sources or ``confidence=low``."""
    def check(df: pd.DataFrame) -> pd.Series:
        has_number = df[number_columns].notna().any(axis=1)
        n_sources = df["source_ids"].map(lambda v: len(split_list(v)))
        return ~has_number | (n_sources >= 2) | (df["confidence"] == "low")

    return pa.Check(check, name="numbers_have_two_sources_or_low_confidence",
                    error="a troop or BTG figure needs two sources or confidence=low")


_END_NOT_BEFORE_START = pa.Check(
    lambda df: _not_before(df, "end_date", "date"),
    name="end_date_not_before_date",
    error="must be on or after date",
)

#: Dataframe-wide checks report every column of a failing row; this says
#: which single column each one is about, for ``file:line: column`` errors.
WIDE_CHECK_COLUMNS = {
    "end_date_not_before_date": "end_date",
    "low_not_above_high": "troops_low",
    "numbers_have_two_sources_or_low_confidence": "source_ids",
    "gap_has_reason": "gap_reason",
}

_RECORD_DATE = _iso_date(RECORD_DATE_MIN)


def _schema(name: str, columns: dict[str, pa.Column], *checks: pa.Check) -> pa.DataFrameSchema:
    # strict: unknown columns are errors, so the data card must list every column.
    return pa.DataFrameSchema(columns, checks=list(checks), strict=True, name=name)


SourcesSchema = _schema("SourcesSchema", {
    "source_id": _id(),
    "publisher": _text(max_length=200),
    "title": _text(max_length=500),
    "url": _col(_HTTP_URL, unique=True),
    "published": _col(_iso_date(SOURCE_DATE_MIN)),
    "kind": _col(_one_of(SOURCE_KINDS)),
})

MeetingsSchema = _schema("MeetingsSchema", {
    "meeting_id": _id(),
    "date": _col(_RECORD_DATE),
    "end_date": _col(_RECORD_DATE),
    "title": _text(max_length=300),
    "format": _col(_one_of(MEETING_FORMATS)),
    "location": _text(max_length=200),
    "lat": _col(_number_between(-90.0, 90.0, "latitude")),
    "lon": _col(_number_between(-180.0, 180.0, "longitude")),
    "us_participants": _text(nullable=True, max_length=2000),
    "ru_participants": _text(nullable=True, max_length=2000),
    "other_participants": _text(nullable=True, max_length=2000),
    "summary": _text(),
    "outcome": _text(nullable=True),
    "topics": _col(_list_of(TOPICS)),
    "source_ids": _col(_ID_LIST),
}, _END_NOT_BEFORE_START)

StatementsSchema = _schema("StatementsSchema", {
    "statement_id": _id(),
    "date": _col(_RECORD_DATE),
    "speaker": _text(max_length=200),
    "speaker_role": _text(nullable=True, max_length=300),
    "side": _col(_one_of(SIDES)),
    "venue": _text(max_length=300),
    "meeting_id": _ref(nullable=True),
    "topics": _col(_list_of(TOPICS)),
    "quote": _text(max_length=600),
    "summary": _text(),
    "source_ids": _col(_ID_LIST),
})

DeploymentsSchema = _schema("DeploymentsSchema", {
    "deployment_id": _id(),
    "date": _col(_RECORD_DATE),
    "end_date": _col(_RECORD_DATE, nullable=True),
    "site": _text(max_length=200),
    "region": _text(max_length=200),
    "country": _col(_one_of(DEPLOYMENT_COUNTRIES)),
    "lat": _col(_number_between(*REGION_LAT, "latitude")),
    "lon": _col(_number_between(*REGION_LON, "longitude")),
    "coord_source": _text(max_length=300),
    "units": _text(nullable=True, max_length=1000),
    "troops_est": _col(_integer(), nullable=True),
    "btg_est": _col(_integer(), nullable=True),
    "description": _text(),
    "confidence": _col(_one_of(CONFIDENCE)),
    "source_ids": _col(_ID_LIST),
}, _END_NOT_BEFORE_START, _numbers_sourced(["troops_est", "btg_est"]))

TroopEstimatesSchema = _schema("TroopEstimatesSchema", {
    "estimate_id": _id(),
    "date": _col(_RECORD_DATE),
    "troops_low": _col(_integer()),
    "troops_high": _col(_integer()),
    "scope": _text(max_length=1000),
    "estimator": _text(max_length=300),
    "estimator_side": _col(_one_of(SIDES)),
    "confidence": _col(_one_of(CONFIDENCE)),
    "source_ids": _col(_ID_LIST),
}, pa.Check(_low_not_above_high, name="low_not_above_high",
            error="must not be greater than troops_high"),
   _numbers_sourced(["troops_low", "troops_high"]))

DemandsSchema = _schema("DemandsSchema", {
    "demand_id": _id(),
    "document": _text(max_length=200),
    "article": _text(max_length=100),
    "date": _col(_RECORD_DATE),
    "demanded_by": _col(_one_of(SIDES)),
    "addressed_to": _col(_one_of(SIDES)),
    "topic": _text(max_length=200),
    "demand": _text(),
    "source_ids": _col(_ID_LIST),
})

ResponsesSchema = _schema("ResponsesSchema", {
    "response_id": _id(),
    "demand_id": _ref(),
    "date": _col(_RECORD_DATE),
    "responder": _col(_one_of(SIDES)),
    "stance": _col(_one_of(STANCES)),
    "response": _text(),
    "source_ids": _col(_ID_LIST),
})

PositionsSchema = _schema("PositionsSchema", {
    "position_id": _id(),
    "issue": _text(max_length=200),
    "side": _col(_one_of(SIDES)),
    "as_of": _col(_RECORD_DATE),
    "position": _text(),
    "statement_ids": _col(_ID_LIST, nullable=True),
    "source_ids": _col(_ID_LIST),
    "gap": _col(_one_of(GAPS), nullable=True),
    "gap_reason": _text(nullable=True, max_length=600),
}, pa.Check(lambda df: df["gap"].isna() | df["gap_reason"].notna(), name="gap_has_reason",
            error="a gap needs its reasoning in gap_reason"))

DiscrepanciesSchema = _schema("DiscrepanciesSchema", {
    "discrepancy_id": _id(),
    "record_id": _ref(),
    "kind": _col(_one_of(DISCREPANCY_KINDS)),
    "claim": _text(),
    "finding": _text(),
    "source_ids": _col(_ID_LIST),
})

#: Dataset name -> schema, in the order files are read and reported.
SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "sources": SourcesSchema,
    "meetings": MeetingsSchema,
    "statements": StatementsSchema,
    "deployments": DeploymentsSchema,
    "troop_estimates": TroopEstimatesSchema,
    "demands": DemandsSchema,
    "responses": ResponsesSchema,
    "positions": PositionsSchema,
    "discrepancies": DiscrepanciesSchema,
}

#: Typed conversion applied after validation.
DATE_COLUMNS = ("date", "end_date", "published", "as_of")
INT_COLUMNS = ("troops_est", "btg_est", "troops_low", "troops_high")
FLOAT_COLUMNS = ("lat", "lon")
LIST_COLUMNS = ("source_ids", "statement_ids", "topics")


def columns(name: str) -> list[str]:
    """The contract's columns for dataset ``name``, in file order."""
    return list(SCHEMAS[name].columns)


def id_column(name: str) -> str:
    """The id column of dataset ``name`` (its first column)."""
    return columns(name)[0]
