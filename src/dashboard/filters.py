"""Filter state for the record views, its URL round trip, and applying it to records.

The state lives in ``st.query_params`` so that a copied link reopens the same
view. :func:`from_params` never raises: unknown or malformed parameters fall
back to defaults and each one yields a notice the page shows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from dashboard.schemas import SIDES, TOPICS


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

#: URL parameter names (short, stable: they appear in shared links).
PARAMS = ("from", "to", "preset", "side", "actor", "kind", "topic", "q", "record", "story")
MAX_TEXT = 200
MAX_ITEMS = 50
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RECORD_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")


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
        return f"{self.start:%-d %b %Y} – {self.end:%-d %b %Y}"

    def describe(self, bounds: tuple[date, date]) -> str | None:
        """A one-line description of the active filters, or None when nothing is filtered."""
        if not self.narrows(bounds):
            return None
        parts = [d] if (d := self.describe_dates(bounds)) else []
        for label, values in (("side", self.sides), ("actor", self.actors),
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


def _first(value: str | Sequence[str] | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value[0] if value else ""


def _parse_date(raw: str) -> date | None:
    if not _DATE.match(raw):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def _parse_list(name: str, raw: str, allowed: frozenset[str], notices: list[str]
                ) -> tuple[str, ...]:
    items = [item.strip() for item in raw.split(",") if item.strip()][:MAX_ITEMS]
    known = tuple(dict.fromkeys(item for item in items if item in allowed))
    unknown = [item for item in items if item not in allowed]
    if unknown:
        shown = ", ".join(repr(u[:40]) for u in unknown[:3])
        notices.append(f"Ignored unknown {name} in the link: {shown}.")
    return known


def from_params(params: Mapping[str, str | Sequence[str]], vocab: Vocabulary
                ) -> tuple[Filters, list[str]]:
    """Filters from URL parameters; never raises. Returns (filters, notices)."""
    notices: list[str] = []
    state = defaults(vocab)
    get = {key: _first(params.get(key)) for key in PARAMS}
    unknown = sorted(k for k in params if k not in PARAMS and k != "present")
    if unknown:
        notices.append("Ignored unknown link parameters: "
                       + ", ".join(repr(k[:30]) for k in unknown[:5]) + ".")

    preset = get["preset"]
    if preset:
        if preset in PRESET_KEYS:
            start, end = preset_range(preset, vocab)
            state = replace(state, preset=preset, start=start, end=end)
        else:
            notices.append(f"Unknown date preset {preset[:40]!r} in the link; showing the "
                           "default period.")
    for key, attr in (("from", "start"), ("to", "end")):
        raw = get[key]
        if not raw:
            continue
        parsed = _parse_date(raw)
        if parsed is None:
            notices.append(f"Could not read the date {raw[:40]!r} in the link; "
                           "use YYYY-MM-DD.")
        else:
            state = replace(state, preset=None, **{attr: parsed})
    if state.start > state.end:
        notices.append("The link's start date is after its end date; showing the default "
                       "period.")
        state = replace(state, **{k: getattr(defaults(vocab), k)
                                  for k in ("start", "end", "preset")})

    state = replace(
        state,
        sides=_parse_list("side", get["side"], vocab.sides, notices),
        actors=_parse_list("actor", get["actor"], vocab.actors, notices),
        kinds=_parse_list("record type", get["kind"], vocab.kinds, notices),
        topics=_parse_list("topic", get["topic"], vocab.topics, notices),
    )
    text = get["q"].strip()
    if len(text) > MAX_TEXT:
        notices.append(f"The search text in the link was cut to {MAX_TEXT} characters.")
        text = text[:MAX_TEXT]
    state = replace(state, text=text)

    record = get["record"]
    if record:
        if _RECORD_ID.match(record) and record in vocab.record_ids:
            state = replace(state, record=record)
        else:
            notices.append(f"The record {record[:40]!r} in the link was not found.")
    story = get["story"]
    if story:
        if story.isdigit() and 1 <= int(story) <= vocab.story_steps:
            state = replace(state, story=int(story))
        else:
            notices.append(f"The story step {story[:10]!r} in the link does not exist; "
                           "story mode starts at the beginning.")
    return state, notices


def to_params(state: Filters, vocab: Vocabulary) -> dict[str, str]:
    """URL parameters for ``state``: only what differs from the defaults."""
    out: dict[str, str] = {}
    if state.preset and state.preset != DEFAULT_PRESET:
        out["preset"] = state.preset
    elif not state.preset:
        out["from"], out["to"] = state.start.isoformat(), state.end.isoformat()
    for key, values in (("side", state.sides), ("actor", state.actors),
                        ("kind", state.kinds), ("topic", state.topics)):
        if values:
            out[key] = ",".join(values)
    if state.text:
        out["q"] = state.text
    if state.record:
        out["record"] = state.record
    if state.story:
        out["story"] = str(state.story)
    return out


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
