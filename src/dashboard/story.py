"""Story mode: the key moments, in order, in plain language, with the records behind them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dashboard import glossary


@dataclass(frozen=True)
class Step:
    title: str
    start: date
    end: date
    text: str
    record_ids: tuple[str, ...]

    def terms(self) -> list[glossary.Term]:
        """Glossary terms the step's text uses, explained where they appear."""
        return glossary.terms_in(self.text)


STEPS: tuple[Step, ...] = ()
