"""The vocabulary of the data contract: allowed values, and typed columns checked by
pandera.

Each file's schema is declared with these in ``registry.py``, as part of its dataset's
one declaration. Dates, whole numbers and decimals are typed columns (``datasets.py``
reads each column's type from its schema, whatever the column is called), text columns
are strings, and ``;``-separated lists are strings marked ``list`` (split into tuples
once valid). A column's ``expect`` text is the message a cell that cannot be read as that
type gets. The pandera schema of a file (:attr:`Table.pandera`) is made when a file is
first validated.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    import pandera.pandas as pa

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


def split_list(value: object) -> tuple[str, ...]:
    """Split a ``;``-separated cell into its non-empty, stripped items."""
    if not isinstance(value, str):
        return ()
    return tuple(item.strip() for item in value.split(LIST_SEPARATOR) if item.strip())


# --- column declarations ----------------------------------------------------------------
#
# A declaration is plain data (the column's pandas type, whether it holds a list, what a
# cell must look like) plus how to make its pandera column. Pandera is imported only when
# a file is validated: a server that starts from the data's snapshot never needs it, and
# its import was a quarter of a second of every cold start (docs/PERFORMANCE.md).

def _pa() -> Any:
    import pandera.pandas as pa

    return pa


def _types() -> tuple[Any, Any, Any]:
    """Date, whole-number and decimal types named as pandera's own classes (the same types
    as "datetime64[ns]", "Int64" and "float64"): given a type's name, pandera's look-up
    tries geopandas' types first and imports geopandas to do so, about 0.1 s."""
    from pandera.engines import numpy_engine, pandas_engine

    return pandas_engine.DateTime, pandas_engine.INT64, numpy_engine.Float64


@dataclass(frozen=True, eq=False)
class Column:
    """One column of a file as declared; ``make()`` gives the pandera column checking it."""

    dtype: str  # the pandas type once read: "str", DATE_DTYPE, "Int64" or "float64"
    make: Callable[[], pa.Column]
    list: bool = False  # a ";"-separated list (split into tuples once valid)
    expect: str = ""  # what a cell that cannot be read as ``dtype`` is told


@dataclass(frozen=True)
class RowCheck:
    """A check over whole rows whose failures are reported on ``column``."""

    column: str
    error: str
    test: Callable[[pd.DataFrame], pd.Series]

    def make(self) -> pa.Check:
        return _pa().Check(self.test, error=self.error)


class Table:
    """A file's declared columns (in order, no others) and checks across columns; the
    pandera schema is made on first use."""

    def __init__(self, name: str, columns: dict[str, Column], checks: tuple[RowCheck, ...]):
        self.name, self.columns, self.checks = name, columns, checks

    @functools.cached_property
    def pandera(self) -> pa.DataFrameSchema:
        """The strict pandera schema (the data card must list every column)."""
        return _pa().DataFrameSchema({c: col.make() for c, col in self.columns.items()},
                                     checks=[check.make() for check in self.checks],
                                     strict=True, name=self.name)


def _today() -> pd.Timestamp:
    return pd.Timestamp(date.today())


def date_column(minimum: date = RECORD_DATE_MIN, nullable: bool = False) -> Column:
    expect = f"must be a real date YYYY-MM-DD between {minimum} and today"
    low = pd.Timestamp(minimum)

    def make() -> pa.Column:
        pa = _pa()
        return pa.Column(_types()[0], nullable=nullable, checks=pa.Check(
            lambda s: (s >= low) & (s <= _today()), name="date_in_range", error=expect))
    return Column(DATE_DTYPE, make, expect=expect)


def whole_number(minimum: int = 0, nullable: bool = False, unique: bool = False) -> Column:
    expect = f"must be a whole number >= {minimum}"

    def make() -> pa.Column:
        pa = _pa()
        return pa.Column(_types()[1], nullable=nullable, unique=unique,
                         checks=pa.Check.ge(minimum, error=expect))
    return Column("Int64", make, expect=expect)


def decimal(low: float, high: float, what: str) -> Column:
    expect = f"must be a decimal {what} between {low} and {high}"

    def make() -> pa.Column:
        pa = _pa()
        return pa.Column(_types()[2], checks=pa.Check.in_range(low, high, error=expect))
    return Column("float64", make, expect=expect)


def _text_column(make_checks: Callable[[], Any], nullable: bool = False, unique: bool = False,
                 is_list: bool = False) -> Column:
    def make() -> pa.Column:
        return _pa().Column(str, nullable=nullable, unique=unique, checks=make_checks())
    return Column("str", make, list=is_list)


def choice(values: tuple[str, ...], nullable: bool = False) -> Column:
    return _text_column(lambda: _pa().Check.isin(
        values, error="must be one of: " + ", ".join(values)), nullable)


def _all_items(allowed, error: str, name: str) -> Callable[[], pa.Check]:
    return lambda: _pa().Check(
        lambda v: bool(split_list(v)) and all(allowed(i) for i in split_list(v)),
        element_wise=True, name=name, error=error)


def choice_list(values: tuple[str, ...], nullable: bool = False) -> Column:
    error = "must be a ';'-separated list of: " + ", ".join(values)
    return _text_column(_all_items(lambda i: i in values, error, "allowed_list"), nullable,
                        is_list=True)


def text_list(max_item: int = 300, nullable: bool = False, pattern: str | None = None,
              error: str | None = None) -> Column:
    """A ``;``-separated list of free texts (names, spellings, roles)."""
    matches = re.compile(pattern).match if pattern else None
    message = error or f"must be a ';'-separated list of texts of at most {max_item} characters"
    return _text_column(_all_items(lambda i: len(i) <= max_item and (
        matches is None or matches(i) is not None), message, "text_list"), nullable,
        is_list=True)


def id_list(nullable: bool = False) -> Column:
    error = "must be a ';'-separated list of ids (lowercase letters, digits, '-')"
    return _text_column(_all_items(lambda i: re.match(ID_PATTERN, i), error, "id_list"),
                        nullable, is_list=True)


def _id_check() -> list[pa.Check]:
    return [_pa().Check.str_matches(ID_PATTERN, error="must be an id: lowercase letters, "
                                    "digits and '-'")]


def record_id() -> Column:
    """The file's id column: unique, lowercase letters, digits and '-'."""
    return _text_column(_id_check, unique=True)


def reference(nullable: bool = False) -> Column:
    """The id of one record of another file (which file: ``registry.py``)."""
    return _text_column(_id_check, nullable)


def text(max_length: int = 4000, nullable: bool = False, unique: bool = False) -> Column:
    return _text_column(lambda: _pa().Check.str_length(
        max_value=max_length, error=f"text longer than {max_length}"), nullable, unique)


def official_site(url: str) -> bool:
    """True when ``url`` is on one of the :data:`OFFICIAL_DOMAINS` (or a subdomain)."""
    host = re.sub(r"^https?://([^/:?#]+).*$", r"\1", url).lower()
    return any(host == d or host.endswith("." + d) for d in OFFICIAL_DOMAINS)


def http_url() -> Column:
    return _text_column(lambda: _pa().Check(
        lambda v: bool(_URL_RE.match(v)), element_wise=True, name="http_url",
        error="must be an http:// or https:// URL"), unique=True)


# --- checks across columns ----------------------------------------------------------------

#: Checks over a whole row report every column of a failing row; this says which single
#: column each is about, for ``file:line: column`` errors (keyed by the check's error text).
ROW_CHECK_COLUMNS: dict[str, str] = {}


def row_check(column: str, error: str, test: Callable[[pd.DataFrame], pd.Series]
              ) -> RowCheck:
    """A check over whole rows whose failures are reported on ``column``."""
    ROW_CHECK_COLUMNS[error] = column
    return RowCheck(column, error, test)


END_NOT_BEFORE_START = row_check(
    "end_date", "must be on or after date",
    lambda df: df["end_date"].isna() | df["date"].isna() | (df["end_date"] >= df["date"]))


def numbers_sourced(*number_columns: str) -> RowCheck:
    """A row with a number needs two sources or ``confidence=low``."""
    def test(df: pd.DataFrame) -> pd.Series:
        has_number = df[list(number_columns)].notna().any(axis=1)
        n_sources = df["source_ids"].map(lambda v: len(split_list(v)))
        return ~has_number | (n_sources >= 2) | (df["confidence"] == "low")

    return row_check("source_ids", "a troop or BTG figure needs two sources or "
                     "confidence=low", test)


def table(name: str, columns: dict[str, Column], *checks: RowCheck) -> Table:
    """A file's schema: these columns in this order, no others (strict: the data card
    must list every column), and checks across columns."""
    return Table(name, columns, checks)


# --- what a schema says about its columns ---------------------------------------------------

def is_list(column: Column) -> bool:
    return column.list


def is_date(column: Column) -> bool:
    return column.dtype.startswith("datetime64")


def expectation(column: Column) -> str:
    """What a cell of ``column`` must look like (for cells that are not of its type)."""
    return column.expect or f"must be of type {column.dtype}"
