"""Filter state for the record views, its URL round trip, and applying it to records.

The state lives in ``st.query_params`` so that a copied link reopens the same
view. :func:`from_params` never raises: unknown or malformed parameters fall
back to defaults and each one yields a notice the page shows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from dashboard import urlstate
from dashboard.schemas import SIDES, TOPICS
from dashboard.text import fmt_date


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    start: date | None  # None: from the oldest record
    end: date | None  # None: up to the newest record


PRESETS: tuple[Preset, ...] = (
    Preset("core", "In depth: Mar 2021 – 24 Feb 2022", date(2021, 3, 1), date(2022, 2, 24)),
    Preset("spring-2021", "Spring 2021 buildup (Mar–May 2021)", date(2021, 3, 1),
           date(2021, 5, 31)),
    Preset("ssd-track", "SSD track (Jun 2021 – Jan 2022)", date(2021, 6, 1), date(2022, 1, 31)),
    Preset("crisis", "The crisis (Dec 2021 – 24 Feb 2022)", date(2021, 12, 1), date(2022, 2, 24)),
    Preset("later", "Later contacts (after 24 Feb 2022)", date(2022, 2, 25), None),
    Preset("all", "All dates", None, None),
)
PRESET_KEYS = {p.key: p for p in PRESETS}
#: The view opens on the period the data covers in depth.
DEFAULT_PRESET = "core"

MAX_TEXT = urlstate.MAX_TEXT

@dataclass(frozen=True)
class Filters:
    """What the reader asked to see. Empty tuples mean 'all'."""

    start: date
    end: date
    preset: str | None = None
    sides: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    text: str = ""
    record: str | None = None
    story: int | None = None

    def narrows(self, bounds: tuple[date, date]) -> bool:
        """True when the filters hide some records (used to label charts)."""
        return bool(
            (self.start, self.end) != bounds
            or self.sides or self.actors or self.kinds or self.topics or self.text
        )

    def describe_dates(self, bounds: tuple[date, date]) -> str | None:
        """The date range, when it narrows the data (for charts only dates apply to)."""
        if (self.start, self.end) == bounds:
            return None
        return f"{fmt_date(self.start)} – {fmt_date(self.end)}"

    def describe(self, bounds: tuple[date, date], names: Mapping[str, str] | None = None
                 ) -> str | None:
        """A one-line description of the active filters, or None when nothing is filtered
        (``names``: person id -> name, for the people filter)."""
        if not self.narrows(bounds):
            return None
        parts = [d] if (d := self.describe_dates(bounds)) else []
        people = tuple((names or {}).get(a, a) for a in self.actors)
        for label, values in (("side", self.sides), ("people", people),
                              ("type", self.kinds), ("topic", self.topics)):
            if values:
                parts.append(f"{label}: {', '.join(values)}")
        if self.text:
            parts.append(f"text: “{self.text}”")
        return "; ".join(parts)


@dataclass(frozen=True)
class Vocabulary:
    """The values a filter may take, from the data (unknown values are dropped with a notice)."""

    bounds: tuple[date, date]
    actors: frozenset[str] = field(default_factory=frozenset)
    kinds: frozenset[str] = field(default_factory=frozenset)
    sides: frozenset[str] = frozenset(SIDES)
    topics: frozenset[str] = frozenset(TOPICS)
    record_ids: frozenset[str] = field(default_factory=frozenset)
    story_steps: int = 0


def vocabulary(records: pd.DataFrame, story_steps: int = 0) -> Vocabulary:
    """What ``records`` allows the filters to take."""
    if records.empty:
        today = date.today()
        return Vocabulary(bounds=(today, today), story_steps=story_steps)
    actors = {a for values in records["actors"] for a in values}
    return Vocabulary(
        bounds=(records["date"].min().date(), records["date"].max().date()),
        actors=frozenset(actors),
        kinds=frozenset(records["kind"]),
        record_ids=frozenset(records["record_id"]),
        story_steps=story_steps,
    )


def defaults(vocab: Vocabulary) -> Filters:
    start, end = preset_range(DEFAULT_PRESET, vocab)
    return Filters(start=start, end=end, preset=DEFAULT_PRESET)


def preset_range(key: str, vocab: Vocabulary) -> tuple[date, date]:
    """The dates of preset ``key``, kept inside the data's date range."""
    preset = PRESET_KEYS[key]
    start = max(preset.start or vocab.bounds[0], vocab.bounds[0])
    end = min(preset.end or vocab.bounds[1], vocab.bounds[1])
    return (start, end) if start <= end else vocab.bounds


#: The timeline's link parameters (the overview's links use them too).
SPEC = urlstate.Spec("timeline", (
    urlstate.Param("from", "date", "the date", attr="start"),
    urlstate.Param("to", "date", "the date", attr="end"),
    urlstate.Param("preset", "choice", "date preset", choices=tuple(PRESET_KEYS),
                   default=DEFAULT_PRESET),
    urlstate.Param("side", "list", "side", attr="sides", choices="sides"),
    urlstate.Param("actor", "list", "actor", attr="actors", choices="actors"),
    urlstate.Param("kind", "list", "record type", attr="kinds", choices="kinds"),
    urlstate.Param("topic", "list", "topic", attr="topics", choices="topics"),
    urlstate.Param("q", "text", "search text", attr="text"),
    urlstate.Param("record", "id", "record", choices="record_ids"),
    urlstate.Param("story", "int", "story step", choices="story_steps"),
))
PARAMS = SPEC.names()


def _domains(vocab: Vocabulary) -> dict[str, object]:
    return {"sides": vocab.sides, "actors": vocab.actors, "kinds": vocab.kinds,
            "topics": vocab.topics, "record_ids": vocab.record_ids,
            "story_steps": range(1, vocab.story_steps + 1)}


def from_params(params: Mapping[str, str | Sequence[str]], vocab: Vocabulary
                ) -> tuple[Filters, list[str]]:
    """Filters from URL parameters; never raises. Returns (filters, notices).

    A preset names a date range; ``from`` and ``to`` override it (and the preset is then
    dropped); a range whose start is after its end falls back to the default period.
    """
    values, notices = urlstate.parse(SPEC, params, _domains(vocab))
    preset = values["preset"]
    start, end = preset_range(preset, vocab)
    if values["start"] is not None or values["end"] is not None:
        preset = None
        start, end = values["start"] or start, values["end"] or end
    if start > end:
        notices.append("The link's start date is after its end date; showing the default "
                       "period.")
        preset, (start, end) = DEFAULT_PRESET, preset_range(DEFAULT_PRESET, vocab)
    state = Filters(**{**values, "start": start, "end": end, "preset": preset})
    return state, notices


def to_params(state: Filters, vocab: Vocabulary) -> dict[str, str]:
    """URL parameters for ``state``: only what differs from the defaults."""
    values = {**state.__dict__, "start": None if state.preset else state.start,
              "end": None if state.preset else state.end}
    return urlstate.unparse(SPEC, values, _domains(vocab))


def apply(records: pd.DataFrame, state: Filters) -> pd.DataFrame:
    """The records that pass every filter (the selected record does not filter)."""
    if records.empty:
        return records
    dates = records["date"]
    mask = (dates >= pd.Timestamp(state.start)) & (dates <= pd.Timestamp(state.end))
    if state.sides:
        wanted = set(state.sides)
        mask &= records["sides"].map(lambda values: bool(wanted.intersection(values)))
    if state.actors:
        wanted_actors = set(state.actors)
        mask &= records["actors"].map(lambda values: bool(wanted_actors.intersection(values)))
    if state.kinds:
        mask &= records["kind"].isin(state.kinds)
    if state.topics:
        wanted_topics = set(state.topics)
        mask &= records["topics"].map(lambda values: bool(wanted_topics.intersection(values)))
    if state.text:
        for word in state.text.lower().split():
            mask &= records["text"].str.contains(word, regex=False)
    return records[mask]
