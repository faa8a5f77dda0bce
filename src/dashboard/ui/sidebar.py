"""The timeline's filters in the sidebar, initialised from the URL and kept in it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import streamlit as st

from dashboard import filters, theme
from dashboard.schemas import TOPICS
from dashboard.ui import state as view_state

CUSTOM = "custom"
FILTER_KEYS = ("f_preset", "f_range", "f_sides", "f_actors", "f_kinds", "f_topics", "f_text",
               "f_record", "f_story")
_ZOOM_KEY = "_zoom_to"


def _preset_label(key: str) -> str:
    return "Custom range" if key == CUSTOM else filters.PRESET_KEYS[key].label


def clip_range(start: date, end: date, bounds: tuple[date, date]) -> tuple[date, date]:
    start, end = max(start, bounds[0]), min(end, bounds[1])
    return (start, end) if start <= end else bounds


def _on_preset(vocab: filters.Vocabulary) -> None:
    key = st.session_state["f_preset"]
    if key in filters.PRESET_KEYS:
        st.session_state["f_range"] = filters.preset_range(key, vocab)


def _on_range() -> None:
    st.session_state["f_preset"] = CUSTOM


def _from_url(vocab: filters.Vocabulary) -> tuple[dict, list[str]]:
    parsed, notices = filters.from_params(view_state.query(), vocab)
    return {
        "f_preset": parsed.preset or CUSTOM,
        "f_range": clip_range(parsed.start, parsed.end, vocab.bounds),
        "f_sides": list(parsed.sides), "f_actors": list(parsed.actors),
        "f_kinds": list(parsed.kinds), "f_topics": list(parsed.topics), "f_text": parsed.text,
        "f_record": parsed.record, "f_story": parsed.story,
    }, notices


def zoom_dates(dates: tuple[date, date]) -> None:
    """Narrow the filters to ``dates`` on the next run (before the date widget exists)."""
    st.session_state[_ZOOM_KEY] = dates


def _picked_range(picked: object, bounds: tuple[date, date]) -> tuple[date, date]:
    if isinstance(picked, tuple | list) and len(picked) == 2:
        return picked[0], picked[1]
    # the reader is half-way through picking a range
    return (picked[0], bounds[1]) if isinstance(picked, tuple | list) and picked else bounds


def filter_sidebar(page: str, vocab: filters.Vocabulary, kinds: tuple[str, ...],
                   people: Mapping[str, str]) -> tuple[filters.Filters, list[str]]:
    """Sidebar filters, initialised from the URL; returns (filters, notices about the URL)."""
    notices = view_state.page_state(page, FILTER_KEYS, lambda: _from_url(vocab))
    ss = st.session_state
    if _ZOOM_KEY in ss:
        first, last = ss.pop(_ZOOM_KEY)
        ss["f_range"] = clip_range(first, last, vocab.bounds)
        ss["f_preset"] = CUSTOM
    bounds = vocab.bounds
    with st.sidebar:
        st.markdown("**Filters**")
        st.selectbox("Period", [*filters.PRESET_KEYS, CUSTOM], key="f_preset",
                     format_func=_preset_label, on_change=_on_preset, args=(vocab,))
        picked = st.date_input("Dates", key="f_range", min_value=bounds[0],
                               max_value=bounds[1], on_change=_on_range, format="YYYY-MM-DD")
        st.multiselect("Side", list(theme.SIDE_STYLES), key="f_sides",
                       format_func=lambda s: theme.SIDE_STYLES[s].label)
        st.multiselect("Record type", list(kinds), key="f_kinds")
        st.multiselect("People", sorted(vocab.actors, key=lambda p: people.get(p, p)),
                       key="f_actors", placeholder="Anyone",
                       format_func=lambda p: people.get(p, p))
        st.multiselect("Topic", [t for t in TOPICS if t in vocab.topics], key="f_topics",
                       format_func=lambda t: t.replace("_", " "))
        st.text_input("Search titles, summaries and quotes", key="f_text", max_chars=200)
    start, end = _picked_range(picked, bounds)
    preset = ss["f_preset"] if ss["f_preset"] in filters.PRESET_KEYS else None
    chosen = filters.Filters(
        start=start, end=end, preset=preset,
        sides=tuple(ss["f_sides"]), actors=tuple(ss["f_actors"]), kinds=tuple(ss["f_kinds"]),
        topics=tuple(ss["f_topics"]), text=ss["f_text"].strip()[: filters.MAX_TEXT],
        record=ss.get("f_record"), story=ss.get("f_story"),
    )
    return chosen, notices
