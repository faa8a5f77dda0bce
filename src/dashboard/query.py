"""A reader's search, understood: words in any order, month names and years as dates, a
person's name as that person.

"Lavrov January 2022" on the statements is Sergey Lavrov's statements of January 2022:
"January 2022" becomes the dates, "Lavrov" the person (the one registered person whose name
has that word), and any other word must appear somewhere in the row.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.people import People

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
_YEAR = re.compile(r"^(19|20)\d\d$")
_YEAR_MONTH = re.compile(r"^((?:19|20)\d\d)-(0[1-9]|1[0-2])$")
_TOKEN = re.compile(r"[^\s,;]+")


@dataclass(frozen=True)
class Query:
    """What a search asks for; empty parts ask for nothing."""

    words: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    months: tuple[int, ...] = ()
    people: tuple[str, ...] = ()  # person ids

    def describe(self, names: dict[str, str] | None = None) -> str:
        parts = [f"“{w}”" for w in self.words]
        parts += [(names or {}).get(p, p) for p in self.people]
        when = [calendar.month_name[m] for m in self.months] + [str(y) for y in self.years]
        if when:
            parts.append(" ".join(when))
        return ", ".join(parts)


def _person(word: str, people: People | None) -> str | None:
    """The one registered person with a name word equal to ``word`` (4+ letters), if any."""
    if people is None or len(word) < 4:
        return None
    hits = {p.person_id for p in people for spelling in p.spellings
            for part in re.split(r"[\s.]+", spelling.lower()) if part == word}
    return hits.pop() if len(hits) == 1 else None


def parse(text: str, people: People | None = None) -> Query:
    """Split a search into words, dates and people."""
    words: list[str] = []
    years: set[int] = set()
    months: set[int] = set()
    persons: list[str] = []
    for token in _TOKEN.findall(text.lower()):
        if _YEAR.match(token):
            years.add(int(token))
        elif found := _YEAR_MONTH.match(token):
            years.add(int(found.group(1)))
            months.add(int(found.group(2)))
        elif token in MONTHS:
            months.add(MONTHS[token])
        elif person := _person(token, people):
            persons.append(person)
        else:
            words.append(token)
    return Query(tuple(words), tuple(sorted(years)), tuple(sorted(months)),
                 tuple(dict.fromkeys(persons)))


def matches(query: Query, texts: pd.Series, dates: pd.Series | None = None,
            persons: pd.Series | None = None) -> pd.Series:
    """Which rows match: every word in ``texts``, the dates (when the rows have dates) and
    the people (when the rows name people; then a named person must be among them)."""
    mask = pd.Series(True, index=texts.index)
    for word in query.words:
        mask &= texts.str.contains(word, regex=False)
    if dates is not None and query.years:
        mask &= dates.dt.year.isin(query.years)
    if dates is not None and query.months:
        mask &= dates.dt.month.isin(query.months)
    if query.people:
        wanted = set(query.people)
        if persons is not None and persons.map(bool).any():
            mask &= persons.map(lambda ids: bool(wanted.intersection(ids)))
        else:  # rows that name nobody: look for the name in the text instead
            for person in query.people:
                mask &= texts.str.contains(person.split("-")[-1], regex=False)
    return mask


def in_range(dates: pd.Series, start: date | None, end: date | None) -> pd.Series:
    mask = pd.Series(True, index=dates.index)
    if start is not None:
        mask &= dates >= pd.Timestamp(start)
    if end is not None:
        mask &= dates <= pd.Timestamp(end)
    return mask
