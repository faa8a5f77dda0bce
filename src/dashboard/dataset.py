"""What the app knows about one data file: the :class:`Dataset` declaration and the
helpers declarations use. The declarations themselves are in ``registry.py``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from dashboard.people import People
from dashboard.schemas import Table

#: What a record's builder returns, besides ``date`` and ``record_id`` (see records.py):
#: side, sides, actors (person ids), topics, summary, format. It gets the people registry.
RecordBuilder = Callable[[pd.DataFrame, People], dict[str, object]]
#: A record's title from its row(s), with the people registry for names.
TitleBuilder = Callable[[pd.DataFrame, People], pd.Series]


@dataclass(frozen=True)
class Relation:
    """Ids in ``column`` name records of ``target`` (None: of any file).

    ``when`` (column, value): only rows with that value refer (a statement's speaker is a
    person only when ``speaker_kind`` is "person"). A relation to ``people`` accepts a
    person's id or any spelling registered for them.
    """

    column: str
    target: str | None
    label: str  # the linked record, as seen from this one: "Meeting"
    reverse: str | None = None  # this record, as seen from the target
    when: tuple[str, str] | None = None


@dataclass(frozen=True)
class Headline:
    label: str
    count: Callable[[pd.DataFrame], int]
    help: Callable[[pd.DataFrame], str]


@dataclass(frozen=True)
class Dataset:
    """Everything the app knows about one data file, declared once."""

    name: str  # the file stem: data/<name>.csv, cards/<name>.md
    title: str  # "Meetings, calls and summits"
    schema: Table
    kind: str | None = None  # one record's name ("Meeting"); None: not a dated record
    date_column: str | None = None
    side_column: str | None = None  # the side a record speaks for, when it has one
    record_title: TitleBuilder | None = None
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


def one(values: pd.Series) -> list[tuple[str, ...]]:
    return [(v,) if isinstance(v, str) else () for v in values]


def fixed(frame: pd.DataFrame, value: tuple) -> list[tuple]:
    return [value] * len(frame)


def figures_text(low: pd.Series, high: pd.Series) -> pd.Series:
    text = [f"{lo:,}" if lo == hi else f"{lo:,}–{hi:,}" for lo, hi in zip(low, high,
                                                                          strict=True)]
    return pd.Series(text, index=low.index, dtype="str")


def persons(people: People, *columns: str) -> Callable[[pd.DataFrame], list[tuple[str, ...]]]:
    """The person ids each row's ``columns`` (lists of person references) name."""
    def actors(df: pd.DataFrame) -> list[tuple[str, ...]]:
        return [people.ids(ref for cell in cells for ref in cell)
                for cells in zip(*(df[c] for c in columns), strict=True)]
    return actors


def meeting_sides(df: pd.DataFrame) -> list[tuple[str, ...]]:
    """Each meeting's sides: US, Russia and 'other', by who took part."""
    return [tuple(side for side, cell in (("US", us), ("Russia", ru), ("other", other))
                  if len(cell))
            for us, ru, other in zip(df["us_participants"], df["ru_participants"],
                                     df["other_participants"], strict=True)]
