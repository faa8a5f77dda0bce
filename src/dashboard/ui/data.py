"""Cached access to the data and to what the views build from it.

Every cached function takes the data's ``version`` (the data folder and a signature of
its files, see :func:`version`) as its first argument, so any change to any data file
loads and builds afresh. What is cached is shared by every session:

- figures are frozen (:class:`dashboard.compat.FrozenFigure`, kept as their JSON text):
  they cannot be changed;
- DataFrames (alone or inside a returned tuple or container) are handed out as shallow
  copies: with pandas' copy-on-write, a page that changes its copy never changes what
  another session gets, and copying costs no data;
- other results are immutable (tuples, frozensets, read-only mappings, frozen
  dataclasses).

Data-wide results keep a few entries (one per data version); results per reader's
choice (a filter state, a search) have their own larger, bounded caches, so readers'
searches never evict the data-wide entries.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import weakref
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from dashboard import compat, filters, heap, records
from dashboard.datasets import Datasets, data_dir_from_env, file_signature
from dashboard.people import People

F = TypeVar("F", bound=Callable[..., Any])
SEPARATOR = "|"
#: how long a look-up of the data files' signature is trusted (each one stats every file)
SIGNATURE_TTL_S = 1.0
DATA_WIDE = 4  # entries of a data-wide cache: a few data versions
# entries of a cache per reader's choice: the views a crowd shares fit, and after a crowd
# has gone fewer entries made under load keep Python's arenas from being given back
# (64 left 27 MB above idle plus cache in a 5-minute soak, 16 left 20 MB;
# docs/PERFORMANCE.md)
PER_CHOICE = 16


#: the shared frames handed out as shallow copies (by id: frames are not hashable)
_handed: weakref.WeakValueDictionary[int, Any] = weakref.WeakValueDictionary()


def forget_dead_views() -> int:
    """Drop the copy-on-write references the readers' copies of the shared frames left
    (:func:`dashboard.compat.forget_dead_views`); run by the server's heap thread."""
    return compat.forget_dead_views(list(_handed.values()))


heap.before_tidy(forget_dead_views)


def _handout(value: Any) -> Any:
    if isinstance(value, pd.DataFrame | pd.Series):
        _handed[id(value)] = value
        return value.copy(deep=False)
    if isinstance(value, Datasets):
        for frame in value.frames.values() if isinstance(value.frames, dict) else ():
            _handed[id(frame)] = frame
        return value.copy()
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(_handout(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        frames = {f.name: _handout(getattr(value, f.name)) for f in dataclasses.fields(value)
                  if isinstance(getattr(value, f.name), pd.DataFrame | pd.Series)}
        return dataclasses.replace(value, **frames) if frames else value
    return value


def shared(*, max_entries: int, spinner: str | bool = False,
           hash_funcs: dict | None = None) -> Callable[[F], F]:
    """``st.cache_resource`` for results every session shares, handed out safely (see the
    module's docstring). The decorated function's arguments are its cache key."""
    def wrap(fn: F) -> F:
        cached = st.cache_resource(max_entries=max_entries, show_spinner=spinner,
                                   hash_funcs=hash_funcs)(fn)

        @functools.wraps(fn)
        def call(*args: Any, **kwargs: Any) -> Any:
            return _handout(cached(*args, **kwargs))

        call.clear = cached.clear  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]
    return wrap


@st.cache_resource(ttl=SIGNATURE_TTL_S, max_entries=8, show_spinner=False)
def _signature(data_dir: str) -> str:
    # a short digest: every cached call hashes the version it is given
    return hashlib.blake2b(file_signature(Path(data_dir)).encode(), digest_size=8).hexdigest()


def forget_signatures() -> None:
    """Look at the data files again on the next :func:`version` (tests; after an edit)."""
    _signature.clear()


def version() -> str:
    """The data folder in use and a signature of its files: the key of every data cache."""
    data_dir = str(data_dir_from_env())
    return f"{data_dir}{SEPARATOR}{_signature(data_dir)}"


def _folder(version: str) -> Path:
    return Path(version.split(SEPARATOR, 1)[0])


@shared(max_entries=DATA_WIDE, spinner="Loading and checking the data…")
def datasets(version: str) -> Datasets:
    """The validated data of the folder in ``version`` (from its snapshot when the files
    have not changed since it was written, see :mod:`dashboard.snapshot`)."""
    from dashboard import snapshot

    return snapshot.load(_folder(version))


@shared(max_entries=DATA_WIDE)
def all_records(version: str) -> pd.DataFrame:
    """Every dated record (:func:`dashboard.records.all_records`) with its lane-chart hover
    text, written once."""
    from dashboard import timeline

    recs = records.all_records(datasets(version))
    return recs.assign(hover=timeline.hover_texts(recs))


@shared(max_entries=DATA_WIDE)
def data_as_of(version: str) -> date | None:
    """Date of the newest record: the 'as of' date of the data."""
    recs = all_records(version)
    return None if recs.empty else recs["date"].max().date()


@shared(max_entries=DATA_WIDE)
def origins(version: str) -> MappingProxyType:
    """source_id -> who wrote the page's text (for source lines), read-only."""
    sources = datasets(version).frames["sources"]
    return MappingProxyType(dict(zip(sources["source_id"], sources["origin"], strict=True)))


def source_line(version: str, source_ids) -> str:
    """The source line of a chart plotting records that cite ``source_ids`` (lists)."""
    from dashboard import provenance

    return provenance.source_line(source_ids, origins(version))


@shared(max_entries=DATA_WIDE)
def source_labels(version: str) -> MappingProxyType:
    """source_id -> (publisher, title, published, url, origin, tier), read-only."""
    sources = datasets(version).frames["sources"]
    return MappingProxyType({r.source_id: (r.publisher, r.title, r.published, r.url, r.origin,
                                           r.tier) for r in sources.itertuples(index=False)})


@shared(max_entries=DATA_WIDE)
def story_steps(version: str) -> tuple:
    """The story's steps (``data/story.csv``)."""
    from dashboard import story

    return story.steps(datasets(version).frames["story"])


@shared(max_entries=DATA_WIDE)
def glossary_terms(version: str) -> tuple:
    """The glossary's terms (``data/glossary.csv``)."""
    from dashboard import glossary

    return glossary.terms(datasets(version).frames["glossary"])


@shared(max_entries=DATA_WIDE)
def people(version: str) -> People:
    """The people registry (read-only lookups by id or spelling)."""
    return People(datasets(version).frames["people"])


@shared(max_entries=DATA_WIDE)
def person_labels(version: str) -> MappingProxyType:
    """Person id -> the label a filter shows (name and role), read-only."""
    return MappingProxyType(people(version).labels())


@shared(max_entries=DATA_WIDE)
def person_names(version: str) -> MappingProxyType:
    """Every person id and registered spelling -> the canonical name, read-only."""
    return MappingProxyType(people(version).name_of_every_spelling())


@shared(max_entries=DATA_WIDE)
def publisher_names(version: str) -> MappingProxyType:
    """source_id -> publisher, read-only."""
    sources = datasets(version).frames["sources"]
    return MappingProxyType(dict(zip(sources["source_id"], sources["publisher"], strict=True)))


@shared(max_entries=DATA_WIDE)
def timeline_vocabulary(version: str, story_steps: int) -> filters.Vocabulary:
    """What the timeline's filters can take (dates, sides, people…)."""
    from dashboard import timeline

    recs = all_records(version)
    vocab = filters.vocabulary(recs[recs["kind"].isin(timeline.TIMELINE_KINDS)],
                               story_steps=story_steps)
    # any record can be opened in the detail panel, positions too (they have no lane)
    return dataclasses.replace(vocab, record_ids=frozenset(recs["record_id"]))


@shared(max_entries=DATA_WIDE)
def timeline_count(version: str) -> int:
    """How many records the timeline's lanes can show."""
    from dashboard import timeline

    return int(all_records(version)["kind"].isin(timeline.TIMELINE_KINDS).sum())


def warm() -> None:
    """Fill the caches every page starts from. Safe to run beside page runs."""
    v = version()
    datasets(v)
    all_records(v)
    origins(v)
    timeline_vocabulary(v, len(story_steps(v)))


# --- the timeline ---------------------------------------------------------------------------

@shared(max_entries=PER_CHOICE, hash_funcs={filters.Filters: repr})
def timeline_lanes(version: str, state: filters.Filters, window: tuple[date, date] | None
                   ) -> tuple[pd.DataFrame, Any, frozenset[str]]:
    """(matching records, lane chart or None, source ids of the matching records)."""
    from dashboard import figures, timeline

    vocab = timeline_vocabulary(version, len(story_steps(version)))
    records = all_records(version)
    shown = filters.apply(records[records["kind"].isin(timeline.TIMELINE_KINDS)], state)
    matching, chart = timeline.lanes_view(  # given the matching records: filtered once
        shown, state, bounds=vocab.bounds, source=source_line(version, shown["source_ids"]),
        window=window, names=person_names(version))
    cited = frozenset().union(*matching["source_ids"]) if len(matching) else frozenset()
    return matching, None if chart is None else figures.freeze(chart), cited


@shared(max_entries=PER_CHOICE)
def talks_vs_troops(version: str, start: date, end: date, window: tuple[date, date] | None
                    ) -> tuple[Any, pd.DataFrame]:
    """(talks-vs-troops chart or None, the estimates it draws) for a date range."""
    from dashboard import figures, story, talks_vs_troops, timeline

    ds = datasets(version)
    vocab = timeline_vocabulary(version, len(story_steps(version)))
    usable = ds.available("troop_estimates", "meetings")
    has_events = all_records(version)["kind"].isin(timeline.TIMELINE_KINDS).any()
    estimates = ds.troop_estimates if usable else ds.troop_estimates.iloc[0:0]
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    plotted = [*estimates[estimates["date"].between(lo, hi)]["source_ids"],
               *ds.meetings[ds.meetings["date"].between(lo, hi)]["source_ids"]]
    chart, shown = talks_vs_troops.troops_view(
        estimates, ds.meetings, filters.Filters(start=start, end=end), bounds=vocab.bounds,
        as_of=vocab.bounds[1] if has_events else None,
        source=source_line(version, plotted), window=window,
        key_meetings=story.key_meetings(story_steps(version)),
        names=dict(person_names(version)))
    return None if chart is None else figures.freeze(chart), shown


# --- the map ---------------------------------------------------------------------------------

@shared(max_entries=DATA_WIDE, spinner="Measuring distances to the border…")
def map_data(version: str) -> tuple[str, pd.DataFrame, Any]:
    """(borders layer as JSON, deployments with their distance to Ukraine, borders)."""
    from dashboard import buildup_map

    borders = buildup_map.load_borders(_folder(version))
    sites = buildup_map.site_distances(datasets(version).deployments, borders)
    # plain Python strings: a page filters this small frame on every rerun, and pandas
    # takes rows of Arrow-backed text columns several times slower
    sites = sites.astype({c: object for c in sites.columns
                          if isinstance(sites[c].dtype, pd.StringDtype)})
    return buildup_map.borders_json(borders), sites, borders


@shared(max_entries=12, spinner="Drawing the map…")  # pictures of 1–4 MB: a dozen at most
def map_picture(version: str, state: Any, size: str, fmt: str) -> bytes:
    """The map of a ``buildup_map.MapState`` as a PNG or SVG of export size ``size`` (key)."""
    from dashboard import export, static_map
    from dashboard.buildup_map import apply_state, filters_note, sites_as_of

    _, sites, borders = map_data(version)
    shown = apply_state(sites_as_of(sites, state.as_of), state)
    return static_map.map_image(
        borders, shown, as_of=state.as_of, source=source_line(version, shown["source_ids"]),
        data_as_of=data_as_of(version), size=export.SIZE_BY_KEY[size], fmt=fmt,
        filters=filters_note(state))


@shared(max_entries=DATA_WIDE)
def estimates_chart(version: str) -> Any:
    """The troop-estimates chart of the map page (without the map's date)."""
    from dashboard import estimates, figures

    drawn = datasets(version).troop_estimates
    return figures.freeze(estimates.estimates_figure(
        drawn, source=source_line(version, drawn["source_ids"]),
        data_as_of=data_as_of(version), names=dict(person_names(version))))


# --- the overview and the data page ---------------------------------------------------------

@shared(max_entries=DATA_WIDE)
def headlines(version: str) -> tuple:
    from dashboard import overview

    return tuple(overview.headlines(datasets(version)))


@shared(max_entries=DATA_WIDE)
def activity_chart(version: str) -> Any:
    from dashboard import figures, overview

    records = all_records(version)
    return figures.freeze(overview.activity_figure(
        records, source_line(version, records["source_ids"])))


@shared(max_entries=DATA_WIDE * 16)
def table(version: str, name: str) -> Any:
    """A dataset made ready for browsing (:class:`dashboard.catalog.Table`: people by
    name, rows as in a CSV file, search texts); ``name`` "registry" is the sources with
    how often each is cited."""
    from dashboard import catalog

    ds = datasets(version)
    frame = catalog.citation_counts(ds) if name == "registry" else ds.frames[name]
    return catalog.table(frame, name, people(version))


@shared(max_entries=DATA_WIDE)
def tier_mix(version: str) -> pd.DataFrame:
    """Per dataset, the share of records whose first source is of each tier."""
    from dashboard import provenance

    ds = datasets(version)
    return provenance.tier_mix(ds.frames, ds.frames["sources"])


@shared(max_entries=PER_CHOICE)
def search(version: str, name: str, text: str = "", sides: tuple[str, ...] = (),
           start: date | None = None, end: date | None = None,
           persons: tuple[str, ...] = (), topics: tuple[str, ...] = ()) -> pd.DataFrame:
    """The rows of ``name`` matching a reader's search and filters."""
    from dashboard import catalog

    return catalog.search(table(version, name), text=text, sides=sides, start=start, end=end,
                          persons=persons, topics=topics, people=people(version))
