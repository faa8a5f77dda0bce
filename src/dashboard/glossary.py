"""The glossary (``data/glossary.csv``): terms of art and acronyms, found in texts.

Each definition states only what its cited pages state; the app shows the definition
beside the text that uses the term, and lists the whole glossary on the Data & sources
page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    source_ids: tuple[str, ...]
    aliases: tuple[str, ...] = ()

    def pattern(self) -> re.Pattern[str]:
        names = sorted((self.term, *self.aliases), key=len, reverse=True)
        return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def terms(glossary: pd.DataFrame) -> tuple[Term, ...]:
    """The glossary's terms, in file order."""
    return tuple(Term(r.term, r.definition, tuple(r.source_ids), tuple(r.aliases))
                 for r in glossary.itertuples(index=False))


def terms_in(text: str, glossary: Iterable[Term]) -> list[Term]:
    """The terms ``text`` uses, in glossary order."""
    return [t for t in glossary if t.pattern().search(text)]


ACRONYM = re.compile(r"(?<![\w-])([A-Z][A-Z0-9]{1,5})(?:s)?(?![\w-])")


def acronyms(text: str) -> set[str]:
    """Capitalised abbreviations (2–6 letters) in ``text`` ("SSD", "BTGs" -> "BTG")."""
    return set(ACRONYM.findall(text))
