"""Story mode (``data/story.csv``): the key moments in order, in plain language, with the
records and sources behind each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard import glossary


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    start: date
    end: date
    text: str
    record_ids: tuple[str, ...]
    source_ids: tuple[str, ...]
    key_meeting: str = ""  # the meeting labelled on the talks-vs-troops chart …
    label: str = ""  # … with this short label

    def terms(self, terms: tuple[glossary.Term, ...]) -> list[glossary.Term]:
        """Glossary terms the step's text uses, explained where they appear."""
        return glossary.terms_in(f"{self.title} {self.text}", terms)


def steps(story: pd.DataFrame) -> tuple[Step, ...]:
    """The story's steps, in step order."""
    ordered = story.sort_values("step")
    return tuple(
        Step(int(r.step), r.title, r.date_from.date(), r.date_to.date(), r.text,
             tuple(r.record_ids), tuple(r.source_ids),
             r.key_meeting if isinstance(r.key_meeting, str) else "",
             r.label if isinstance(r.label, str) else "")
        for r in ordered.itertuples(index=False))


def key_meetings(story_steps: tuple[Step, ...]) -> dict[str, str]:
    """Meeting id -> short label, for the steps that carry a label."""
    return {s.key_meeting: s.label for s in story_steps if s.key_meeting and s.label}
