"""Glossary for readers new to the subject; the story explains the terms it uses."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    aliases: tuple[str, ...] = ()

    def pattern(self) -> re.Pattern[str]:
        names = (self.term, *self.aliases)
        return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


TERMS: tuple[Term, ...] = ()


def terms_in(text: str) -> list[Term]:
    """The glossary terms that ``text`` mentions, in glossary order."""
    return [t for t in TERMS if t.pattern().search(text)]
