"""One person, one name: the people registry (``data/people.csv``) as a lookup.

Records refer to a person by id (``sergey-lavrov``) or by a spelling registered for them
(``Sergei Ryabkov``); this resolves either to the person, whose canonical name and roles
the views show, and whose every spelling a search finds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

_ROLE_YEARS = re.compile(r"\s*\((\d{4})(?:–(\d{4}))?\)$")


@dataclass(frozen=True)
class Person:
    person_id: str
    name: str
    spellings: tuple[str, ...]  # the canonical name first
    side: str
    roles: tuple[str, ...]  # "Minister of Foreign Affairs of Russia (2019–2025)"

    @property
    def role(self) -> str:
        """The first role listed (the one held during the 2021–22 crisis where there was
        one), without its years."""
        return _ROLE_YEARS.sub("", self.roles[0]) if self.roles else ""

    @property
    def label(self) -> str:
        """'Sergey Lavrov — Minister of Foreign Affairs of Russia'."""
        return f"{self.name} — {self.role}" if self.role else self.name

    def role_in(self, year: int) -> str:
        """The role the records show the person in during ``year`` (else the first)."""
        for role in self.roles:
            found = _ROLE_YEARS.search(role)
            if found and int(found.group(1)) <= year <= int(found.group(2) or found.group(1)):
                return _ROLE_YEARS.sub("", role)
        return self.role


class People:
    """The registry: look people up by id or by any registered spelling."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self._by_id: dict[str, Person] = {}
        self._by_spelling: dict[str, str] = {}
        for row in frame.itertuples(index=False):
            spellings = tuple(dict.fromkeys([row.name, *row.other_names]))
            person = Person(row.person_id, row.name, spellings, row.side, tuple(row.roles))
            self._by_id[row.person_id] = person
            for spelling in spellings:
                self._by_spelling.setdefault(spelling, row.person_id)

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self):
        return iter(self._by_id.values())

    def find(self, ref: object) -> Person | None:
        """The person ``ref`` (an id or a registered spelling) names, or None."""
        if not isinstance(ref, str):
            return None
        key = ref.strip()
        return self._by_id.get(key) or self._by_id.get(self._by_spelling.get(key, ""))

    def name_of_every_spelling(self) -> dict[str, str]:
        """Every person id and registered spelling -> the canonical name."""
        return {s: p.name for p in self for s in (p.person_id, *p.spellings)}

    def ids(self, refs: Iterable[str]) -> tuple[str, ...]:
        """The person ids of ``refs``, in order, once each (unknown refs are left out)."""
        return tuple(dict.fromkeys(p.person_id for r in refs if (p := self.find(r))))

    def name(self, ref: object) -> str:
        """The canonical name of ``ref``; ``ref`` itself when it names no registered person
        (a body such as "White House")."""
        person = self.find(ref)
        return person.name if person else ("" if not isinstance(ref, str) else ref)

    def names(self, refs: Iterable[str]) -> str:
        """Canonical names joined for reading: 'Wendy Sherman; Bonnie Jenkins'."""
        return "; ".join(self.name(r) for r in refs)

    def search_words(self, refs: Iterable[str]) -> str:
        """Every spelling of the people ``refs`` name, lower-cased, for full-text search."""
        return " ".join(s.lower() for r in refs if (p := self.find(r)) for s in p.spellings)

    def labels(self) -> dict[str, str]:
        """person id -> 'Name — role', for pickers."""
        return {p.person_id: p.label for p in self._by_id.values()}


def empty() -> People:
    return People(pd.DataFrame({"person_id": [], "name": [], "other_names": [], "side": [],
                                "roles": []}))
