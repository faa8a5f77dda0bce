"""The vocabulary of the data contract: allowed values, and typed pandera columns.

Each file's schema is declared with these in ``registry.py``, as part of its dataset's
one declaration. Dates, whole numbers and decimals are typed columns (``datasets.py``
reads each column's type from its schema, whatever the column is called), text columns
are strings, and ``;``-separated lists are strings marked ``metadata={"list": True}``
(split into tuples once valid). A column's ``expect`` text (in its metadata) is the
message a cell that cannot be read as that type gets.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pandera.pandas as pa
from pandera.engines import numpy_engine, pandas_engine

SIDES = ("US", "Russia", "NATO", "Ukraine", "EU", "Belarus", "OSCE", "other")
SOURCE_KINDS = ("official", "news", "analysis", "other")
#: How close a page is to the original text (see provenance.py and the sources card).
TIERS = ("primary", "wire", "outlet", "reprint", "reference")
#: The issuing bodies' own websites: only a page on one of these is kind=official.
OFFICIAL_DOMAINS = (
    "state.gov", "whitehouse.gov", "defense.gov", "usembassy.gov", "usmission.gov",
    "voa.gov", "kremlin.ru", "mid.ru", "mil.ru", "nato.int", "osce.org", "europa.eu",
    "president.gov.ua", "mfa.gov.ua", "mil.gov.ua", "gov.uk", "diplo.de", "elysee.fr",
    "admin.ch", "kam.lt", "mod.gov.lv", "dfa.ie", "un.org",
)
SPEAKER_KINDS = ("person", "body")
#: What a troop figure counts (see the troop_estimates card).
SCOPES = ("all_near_ukraine", "border_without_crimea", "crimea", "belarus", "withdrawing",
          "exercise", "planned", "other")
#: Every role in people.csv ends with the years the records show it: "(2021)", "(2021–2022)".
ROLE_PATTERN = r"^.+ \((\d{4})(–\d{4})?\)$"
MEETING_FORMATS = ("summit", "in_person", "phone_call", "video_call", "multilateral",
                   "working_group")
STANCES = ("rejected", "open", "counterproposal", "partial", "no_response")
CONFIDENCE = ("high", "medium", "low")
DEPLOYMENT_COUNTRIES = ("Russia", "Belarus", "Ukraine")
DISCREPANCY_KINDS = ("date", "number", "format", "wording", "participants", "other")
GAPS = ("opposed", "partly_compatible", "convergent")
TOPICS = ("arms_control", "strategic_stability", "ukraine", "nato_enlargement",
          "security_guarantees", "missiles", "exercises", "sanctions", "cyber",
          "diplomatic_missions", "prisoners", "new_start", "minsk", "ceasefire", "economy",
          "other")

#: Earliest record date the contract accepts (Crimea, 2014) and earliest publication
#: date of a source (older treaties are cited, e.g. 1997).
RECORD_DATE_MIN = date(2014, 1, 1)
SOURCE_DATE_MIN = date(1990, 1, 1)
#: Deployment sites must lie in the region around Ukraine (WGS84 degrees).
REGION_LAT = (41.0, 60.0)
REGION_LON = (20.0, 50.0)

LIST_SEPARATOR = ";"
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_URL_RE = re.compile(r"^https?://[^\s<>\"`]+$")
#: the pandas type of a date column once read
DATE_DTYPE = "datetime64[ns]"
#: Column types named as pandera's own classes (the same types as "datetime64[ns]", "Int64"
#: and "float64"): given a type's name, pandera's look-up tries geopandas' types first and
#: imports geopandas to do so, about 0.1 s of every start of the app
_DATE_TYPE = pandas_engine.DateTime
_WHOLE_TYPE = pandas_engine.INT64
_DECIMAL_TYPE = numpy_engine.Float64


def split_list(value: object) -> tuple[str, ...]:
    """Split a ``;``-separated cell into its non-empty, stripped items."""
    if not isinstance(value, str):
        return ()
    return tuple(item.strip() for item in value.split(LIST_SEPARATOR) if item.strip())


# --- column declarations ----------------------------------------------------------------

def _today() -> pd.Timestamp:
    return pd.Timestamp(date.today())


def date_column(minimum: date = RECORD_DATE_MIN, nullable: bool = False) -> pa.Column:
    expect = f"must be a real date YYYY-MM-DD between {minimum} and today"
    low = pd.Timestamp(minimum)
    return pa.Column(_DATE_TYPE, nullable=nullable, metadata={"expect": expect},
                     checks=pa.Check(lambda s: (s >= low) & (s <= _today()),
                                     name="date_in_range", error=expect))


def whole_number(minimum: int = 0, nullable: bool = False, unique: bool = False) -> pa.Column:
    expect = f"must be a whole number >= {minimum}"
    return pa.Column(_WHOLE_TYPE, nullable=nullable, unique=unique, metadata={"expect": expect},
                     checks=pa.Check.ge(minimum, error=expect))


def decimal(low: float, high: float, what: str) -> pa.Column:
    expect = f"must be a decimal {what} between {low} and {high}"
    return pa.Column(_DECIMAL_TYPE, metadata={"expect": expect},
                     checks=pa.Check.in_range(low, high, error=expect))


def choice(values: tuple[str, ...], nullable: bool = False) -> pa.Column:
    return pa.Column(str, nullable=nullable, checks=pa.Check.isin(
        values, error="must be one of: " + ", ".join(values)))


def _all_items(allowed, error: str, name: str) -> pa.Check:
    return pa.Check(lambda v: bool(split_list(v)) and all(allowed(i) for i in split_list(v)),
                    element_wise=True, name=name, error=error)


def choice_list(values: tuple[str, ...], nullable: bool = False) -> pa.Column:
    error = "must be a ';'-separated list of: " + ", ".join(values)
    return pa.Column(str, nullable=nullable, metadata={"list": True},
                     checks=_all_items(lambda i: i in values, error, "allowed_list"))


def text_list(max_item: int = 300, nullable: bool = False, pattern: str | None = None,
              error: str | None = None) -> pa.Column:
    """A ``;``-separated list of free texts (names, spellings, roles)."""
    matches = re.compile(pattern).match if pattern else None
    message = error or f"must be a ';'-separated list of texts of at most {max_item} characters"
    return pa.Column(str, nullable=nullable, metadata={"list": True},
                     checks=_all_items(lambda i: len(i) <= max_item and (
                         matches is None or matches(i) is not None), message, "text_list"))


def id_list(nullable: bool = False) -> pa.Column:
    error = "must be a ';'-separated list of ids (lowercase letters, digits, '-')"
    return pa.Column(str, nullable=nullable, metadata={"list": True},
                     checks=_all_items(lambda i: re.match(ID_PATTERN, i), error, "id_list"))


_ID_CHECK = pa.Check.str_matches(ID_PATTERN, error="must be an id: lowercase letters, digits "
                                 "and '-'")


def record_id() -> pa.Column:
    """The file's id column: unique, lowercase letters, digits and '-'."""
    return pa.Column(str, checks=[_ID_CHECK], unique=True, description="Unique id.")


def reference(nullable: bool = False) -> pa.Column:
    """The id of one record of another file (which file: ``registry.py``)."""
    return pa.Column(str, checks=[_ID_CHECK], nullable=nullable)


def text(max_length: int = 4000, nullable: bool = False, unique: bool = False) -> pa.Column:
    return pa.Column(str, nullable=nullable, unique=unique, checks=pa.Check.str_length(
        max_value=max_length, error=f"text longer than {max_length}"))


def official_site(url: str) -> bool:
    """True when ``url`` is on one of the :data:`OFFICIAL_DOMAINS` (or a subdomain)."""
    host = re.sub(r"^https?://([^/:?#]+).*$", r"\1", url).lower()
    return any(host == d or host.endswith("." + d) for d in OFFICIAL_DOMAINS)


def http_url() -> pa.Column:
    return pa.Column(str, unique=True, checks=pa.Check(
        lambda v: bool(_URL_RE.match(v)), element_wise=True, name="http_url",
        error="must be an http:// or https:// URL"))


# --- checks across columns ----------------------------------------------------------------

#: Checks over a whole row report every column of a failing row; this says which single
#: column each is about, for ``file:line: column`` errors (keyed by the check's error text).
ROW_CHECK_COLUMNS: dict[str, str] = {}


def row_check(column: str, error: str, test) -> pa.Check:
    """A check over whole rows whose failures are reported on ``column``."""
    ROW_CHECK_COLUMNS[error] = column
    return pa.Check(test, error=error)


END_NOT_BEFORE_START = row_check(
    "end_date", "must be on or after date",
    lambda df: df["end_date"].isna() | df["date"].isna() | (df["end_date"] >= df["date"]))


def numbers_sourced(*number_columns: str) -> pa.Check:
    """A row with a number needs two sources or ``confidence=low``."""
    def test(df: pd.DataFrame) -> pd.Series:
        has_number = df[list(number_columns)].notna().any(axis=1)
        n_sources = df["source_ids"].map(lambda v: len(split_list(v)))
        return ~has_number | (n_sources >= 2) | (df["confidence"] == "low")

    return row_check("source_ids", "a troop or BTG figure needs two sources or "
                     "confidence=low", test)


def table(name: str, columns: dict[str, pa.Column], *checks: pa.Check
          ) -> pa.DataFrameSchema:
    """A file's schema: these columns in this order, no others (strict: the data card
    must list every column), and checks across columns."""
    return pa.DataFrameSchema(columns, checks=list(checks), strict=True, name=name)


# --- what a schema says about its columns ---------------------------------------------------

def is_list(column: pa.Column) -> bool:
    return bool((column.metadata or {}).get("list"))


def is_date(column: pa.Column) -> bool:
    return str(column.dtype).startswith("datetime64")


def expectation(column: pa.Column) -> str:
    """What a cell of ``column`` must look like (for cells that are not of its type)."""
    return str((column.metadata or {}).get("expect", f"must be of type {column.dtype}"))
