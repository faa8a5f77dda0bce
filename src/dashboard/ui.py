"""The Streamlit layer: cached loading and the shared pieces every page shows.

Everything else in the package is pure; this module is the only one (with the
pages) that calls ``st.*``.
"""

from __future__ import annotations

import dataclasses
import re
import time
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import filters, records, theme
from dashboard.datasets import Datasets, data_dir_from_env, load_datasets
from dashboard.datasets import file_signature as _file_signature
from dashboard.schemas import TOPICS

_SIGNATURE_TTL = 0.5  # seconds


def file_signature(data_dir) -> str:
    """The data files' signature, looked up at most every half second: a page asks for it
    several times per run, and each look-up stats every file."""
    now = time.monotonic()
    hit = _signatures.get(str(data_dir))
    if hit is None or now - hit[0] > _SIGNATURE_TTL:
        hit = _signatures[str(data_dir)] = (now, _file_signature(data_dir))
    return hit[1]


_signatures: dict[str, tuple[float, str]] = {}


@st.cache_resource(show_spinner="Loading and checking the data…", max_entries=4)
def _load(data_dir: str, signature: str) -> Datasets:
    # ``signature`` (file sizes and times) is part of the key so edits to the data reload.
    return load_datasets(Path(data_dir))


@st.cache_resource(max_entries=4)
def _records(data_dir: str, signature: str) -> pd.DataFrame:
    from dashboard import timeline

    recs = records.all_records(_load(data_dir, signature))
    return recs.assign(hover=timeline.hover_texts(recs))  # the lane chart's, written once


@st.cache_resource(max_entries=4)
def _publishers(data_dir: str, signature: str) -> list[str]:
    from dashboard import overview

    return overview.top_publishers(_load(data_dir, signature))


@st.cache_resource(max_entries=4)
def _timeline_vocabulary(data_dir: str, signature: str, story_steps: int) -> filters.Vocabulary:
    from dashboard import timeline

    recs = _records(data_dir, signature)
    vocab = filters.vocabulary(recs[recs["kind"].isin(timeline.TIMELINE_KINDS)],
                               story_steps=story_steps)
    # any record can be opened in the detail panel, positions too (they have no lane)
    return dataclasses.replace(vocab, record_ids=frozenset(recs["record_id"]))


def timeline_vocabulary(story_steps: int) -> filters.Vocabulary:
    """What the timeline's filters can take (dates, sides, people…), cached per data version."""
    data_dir = data_dir_from_env()
    return _timeline_vocabulary(str(data_dir), file_signature(data_dir), story_steps)


@st.cache_resource(max_entries=64, show_spinner=False)
def _lanes_view(data_dir: str, signature: str, key: str, _state: filters.Filters,
                _window: tuple | None):
    # ``key`` stands for (state, window): a string is hashed far faster than the dataclass
    from dashboard import figures, timeline

    state, window = _state, _window
    matching, lanes = timeline.lanes_view(
        _records(data_dir, signature), state,
        bounds=_timeline_vocabulary(data_dir, signature, 0).bounds,
        source=figures.source_line(_publishers(data_dir, signature)), window=window)
    return matching, lanes, frozenset().union(*matching["source_ids"])


@st.cache_resource(max_entries=64, show_spinner=False)
def _troops_view(data_dir: str, signature: str, start: date, end: date, window: tuple | None):
    from dashboard import figures, story, timeline

    ds = _load(data_dir, signature)
    vocab = _timeline_vocabulary(data_dir, signature, 0)
    usable = ds.available("troop_estimates", "meetings")
    has_events = _records(data_dir, signature)["kind"].isin(timeline.TIMELINE_KINDS).any()
    return timeline.troops_view(
        ds.troop_estimates if usable else ds.troop_estimates.iloc[0:0], ds.meetings,
        filters.Filters(start=start, end=end), bounds=vocab.bounds,
        as_of=vocab.bounds[1] if has_events else None,
        source=figures.source_line(_publishers(data_dir, signature)), window=window,
        key_meetings=story.key_meetings())


def timeline_view(state: filters.Filters, window: tuple | None):
    """The timeline's charts for ``state``, cached: the lane chart per filter state, the
    talks-vs-troops chart per date range (a new search text does not redraw it)."""
    from dashboard import timeline

    data_dir = data_dir_from_env()
    signature = file_signature(data_dir)
    matching, lanes, cited = _lanes_view(str(data_dir), signature, repr((state, window)), state,
                                         window)
    tvt, shown = _troops_view(str(data_dir), signature, state.start, state.end, window)
    return timeline.TimelineView(matching, lanes, tvt, shown, cited)


def publishers() -> list[str]:
    """Publishers ordered by how often records cite them (for source lines), cached."""
    data_dir = data_dir_from_env()
    return _publishers(str(data_dir), file_signature(data_dir))


@st.cache_resource(max_entries=4, show_spinner="Measuring distances to the border…")
def _map_data(data_dir: str, signature: str):
    from dashboard import buildup_map

    ds = _load(data_dir, signature)
    borders = buildup_map.load_borders(Path(data_dir))
    sites = buildup_map.site_distances(ds.deployments, borders)
    # plain Python strings: a page filters this small frame on every rerun, and pandas
    # takes rows of Arrow-backed text columns several times slower
    sites = sites.astype({c: object for c in sites.columns
                          if isinstance(sites[c].dtype, pd.StringDtype)})
    return buildup_map.borders_json(borders), sites


def map_data():
    """(the borders layer as JSON, deployments with distances), once per data version."""
    data_dir = data_dir_from_env()
    return _map_data(str(data_dir), file_signature(data_dir))


@st.cache_resource(max_entries=4)
def _publisher_names(data_dir: str, signature: str) -> dict[str, str]:
    sources = _load(data_dir, signature).frames["sources"]
    return dict(zip(sources["source_id"], sources["publisher"], strict=True))


def cached(name: str, build, *key):
    """``build()``, computed once per data version and ``key`` and shared by every session
    (so it must not be changed). For what pages derive from the data alone."""
    data_dir = data_dir_from_env()
    return _cached(str(data_dir), file_signature(data_dir), name, repr(key), build)


@st.cache_resource(max_entries=256, show_spinner=False)
def _cached(data_dir: str, signature: str, name: str, key: str, _build):
    return _build()


def publisher_names() -> dict[str, str]:
    """source_id -> publisher, cached."""
    data_dir = data_dir_from_env()
    return _publisher_names(str(data_dir), file_signature(data_dir))


def data_as_of() -> date | None:
    """Date of the newest record: the 'as of' date of the data."""
    recs = all_records()
    return None if recs.empty else recs["date"].max().date()


def datasets() -> Datasets:
    """The validated data of ``DASHBOARD_DATA_DIR`` (or ``data/``), cached per file version."""
    data_dir = data_dir_from_env()
    return _load(str(data_dir), file_signature(data_dir))


def all_records() -> pd.DataFrame:
    """Every dated record (see :func:`dashboard.records.all_records`), cached."""
    data_dir = data_dir_from_env()
    return _records(str(data_dir), file_signature(data_dir))


def warm() -> None:
    """Fill the shared caches every page starts from (the data, its records, the timeline's
    vocabulary). Safe to run beside page runs."""
    from dashboard import story

    datasets()
    all_records()
    publishers()
    timeline_vocabulary(len(story.STEPS))


def problems_banner(ds: Datasets, limit: int = 12) -> None:
    """Name the broken files and their problems; the page goes on with what loaded."""
    if not ds.problems:
        return
    files = ", ".join(f"{name}.csv" for name in sorted(ds.broken))
    st.error(
        f"**Some data could not be loaded.** {len(ds.problems)} problem(s) in: {files}. "
        "These files are left out until fixed; views that do not need them work as usual. "
        "Run `python -m dashboard validate` for the full list.",
        icon=":material/error:",
    )
    lines = [str(p) for p in ds.problems[:limit]]
    if len(ds.problems) > limit:
        lines.append(f"… and {len(ds.problems) - limit} more")
    # st.code shows the problem text as text: values from a file are never rendered.
    st.code("\n".join(lines), language=None, wrap_lines=True)


def require(ds: Datasets, *names: str) -> bool:
    """Tell the reader when a view cannot run because a file it needs is broken."""
    missing = [n for n in names if n in ds.broken]
    if missing:
        st.warning(
            "This view needs " + ", ".join(f"`{n}.csv`" for n in missing)
            + ", which could not be loaded (see the problems above).",
            icon=":material/warning:",
        )
        return False
    return True


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")


def md_escape(text: object) -> str:
    """Text from the data, safe inside ``st.markdown``: every Markdown mark escaped.

    No link, image, HTML tag or Streamlit directive (``:red[...]``) in a record can
    take effect; the reader sees the characters as typed.
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text)).replace("\n", "  \n")
    # a bare address would still become a link (GFM autolinks): a zero-width space stops it
    return escaped.replace("\\://", "\\:\u200b//").replace("www\\.", "www\u200b\\.")


def md_link(label: object, url: str) -> str:
    """A Markdown link whose label is escaped and whose URL cannot break out of ``( )``."""
    safe_url = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    if not safe_url.startswith(("http://", "https://")):
        return md_escape(label)
    return f"[{md_escape(label)}]({safe_url})"


def on_new_pick(value, memo_key: str, action) -> None:
    """Act on a chart or table selection once: selections persist across reruns, so only a
    value different from the last one handled (remembered under ``memo_key``) counts."""
    if value and value != st.session_state.get(memo_key):
        st.session_state[memo_key] = value
        action(value)
        st.rerun()


def show_notices(notices: list[str]) -> None:
    """URL parameters that could not be used: say so, once, without failing."""
    if notices:
        st.info("The link could not be followed in full. " + " ".join(
            md_escape(n) for n in notices), icon=":material/link_off:")


def source_list(sources: pd.DataFrame) -> None:
    """Every source as a clickable link with publisher and date."""
    for row in sources.itertuples(index=False):
        if not isinstance(row.url, str):
            st.markdown(f"- {md_escape(row.source_id)} (source not loaded)")
            continue
        published = f"{row.published:%-d %b %Y}" if pd.notna(row.published) else "n.d."
        st.markdown(f"- {md_link(row.title, row.url)}: {md_escape(row.publisher)}, "
                    f"{published} ({md_escape(row.kind)})")


def record_panel(detail, on_open=None) -> None:
    """The detail panel: every field, sources, linked records and discrepancies."""
    st.markdown(f"##### {md_escape(detail.kind)} `{detail.record_id}`")
    rows = "\n".join(f"| {md_escape(k)} | {md_escape(v)} |" for k, v in detail.fields)
    st.markdown("| Field | Value |\n|---|---|\n" + rows)
    st.markdown("**Sources**")
    source_list(detail.sources)
    if len(detail.discrepancies):
        st.markdown("**Where sources disagree**")
        for row in detail.discrepancies.itertuples(index=False):
            st.warning(f"**{md_escape(row.kind.capitalize())}.** Claim: {md_escape(row.claim)}  \n"
                       f"Finding: {md_escape(row.finding)}", icon=":material/compare_arrows:")
    if detail.linked:
        st.markdown("**Linked records**")
        for i, link in enumerate(detail.linked):
            cols = st.columns([5, 1])
            cols[0].markdown(f"{md_escape(link.relation)}: {md_escape(link.title)}")
            if on_open is not None:
                cols[1].button("Open", key=f"open-{detail.record_id}-{i}-{link.record_id}",
                               on_click=on_open, args=(link.record_id,))


# --- filters in the sidebar, kept in the URL ---------------------------------

_CUSTOM = "custom"


def _preset_label(key: str) -> str:
    if key == _CUSTOM:
        return "Custom range"
    return filters.PRESET_KEYS[key].label


def _clip_range(start: date, end: date, bounds: tuple[date, date]) -> tuple[date, date]:
    start, end = max(start, bounds[0]), min(end, bounds[1])
    return (start, end) if start <= end else bounds


def _on_preset(bounds: tuple[date, date], vocab: filters.Vocabulary) -> None:
    key = st.session_state["f_preset"]
    if key in filters.PRESET_KEYS:
        st.session_state["f_range"] = filters.preset_range(key, vocab)


def _on_range() -> None:
    st.session_state["f_preset"] = _CUSTOM


def page_state(page: str, keys: tuple[str, ...], from_url) -> list[str]:
    """Set a page's widget values when the reader arrives on it; returns notices about the URL.

    Streamlit drops a widget's value once its page is left, so a missing key means the
    reader has just arrived. A link with parameters then wins (``from_url()`` returns
    ``(values, notices)``); otherwise the reader finds the page as they left it, from a copy
    of the values kept under a private key.
    """
    ss = st.session_state
    saved_key, notices_key = f"_saved_{page}", f"_notices_{page}"
    saved = ss.get(saved_key)
    if saved is None or any(k not in ss for k in keys):
        params = [k for k in st.query_params if k != PRESENT_PARAM]
        if params or saved is None:
            values, notices = from_url()
        else:
            values, notices = saved, []
        ss.update({k: values[k] for k in keys if k in values})
        ss[notices_key] = notices
    ss[saved_key] = {k: ss[k] for k in keys if k in ss}
    return ss.get(notices_key, [])


FILTER_KEYS = ("f_preset", "f_range", "f_sides", "f_actors", "f_kinds", "f_topics", "f_text",
               "f_record", "f_story")


def _filters_from_url(vocab: filters.Vocabulary) -> tuple[dict, list[str]]:
    state, notices = filters.from_params(st.query_params.to_dict(), vocab)
    return {
        "f_preset": state.preset or _CUSTOM,
        "f_range": _clip_range(state.start, state.end, vocab.bounds),
        "f_sides": list(state.sides), "f_actors": list(state.actors),
        "f_kinds": list(state.kinds), "f_topics": list(state.topics), "f_text": state.text,
        "f_record": state.record, "f_story": state.story,
    }, notices


def zoom_dates(dates: tuple[date, date]) -> None:
    """Narrow the filters to ``dates`` on the next run (before the date widget exists)."""
    st.session_state["_zoom_to"] = dates


def filter_sidebar(page: str, vocab: filters.Vocabulary, kinds: tuple[str, ...]
                   ) -> tuple[filters.Filters, list[str]]:
    """Sidebar filters, initialised from the URL; returns (filters, notices about the URL)."""
    notices = page_state(page, FILTER_KEYS, lambda: _filters_from_url(vocab))
    ss = st.session_state
    if "_zoom_to" in ss:
        ss["f_range"] = _clip_range(*ss.pop("_zoom_to"), vocab.bounds)
        ss["f_preset"] = _CUSTOM
    bounds = vocab.bounds
    with st.sidebar:
        st.subheader("Filters")
        st.selectbox("Period", [*filters.PRESET_KEYS, _CUSTOM], key="f_preset",
                     format_func=_preset_label, on_change=_on_preset, args=(bounds, vocab))
        picked = st.date_input("Dates", key="f_range", min_value=bounds[0],
                               max_value=bounds[1], on_change=_on_range, format="YYYY-MM-DD")
        st.multiselect("Side", list(theme.SIDE_STYLES), key="f_sides",
                       format_func=lambda s: theme.SIDE_STYLES[s].label)
        st.multiselect("Record type", list(kinds), key="f_kinds")
        st.multiselect("People", sorted(vocab.actors), key="f_actors",
                       placeholder="Anyone")
        st.multiselect("Topic", [t for t in TOPICS if t in vocab.topics], key="f_topics",
                       format_func=lambda t: t.replace("_", " "))
        st.text_input("Search titles, summaries and quotes", key="f_text", max_chars=200)
    if isinstance(picked, tuple | list) and len(picked) == 2:
        start, end = picked
    else:  # the reader is half-way through picking a range
        start, end = (picked[0], bounds[1]) if picked else bounds
    preset = ss["f_preset"] if ss["f_preset"] in filters.PRESET_KEYS else None
    state = filters.Filters(
        start=start, end=end, preset=preset,
        sides=tuple(ss["f_sides"]), actors=tuple(ss["f_actors"]), kinds=tuple(ss["f_kinds"]),
        topics=tuple(ss["f_topics"]), text=ss["f_text"].strip()[: filters.MAX_TEXT],
        record=ss.get("f_record"), story=ss.get("f_story"),
    )
    return state, notices


def sync_url(state: filters.Filters, vocab: filters.Vocabulary) -> None:
    """Write the view's state into the URL, so that a copied link reopens it."""
    set_params(filters.to_params(state, vocab))


# --- pieces of the positions page -------------------------------------------------------------


def position_cell(side: str, row) -> None:
    """One side's position in the side-by-side view: summary, key quote, sources."""
    label = {"us": "United States", "russia": "Russia", "nato": "NATO",
             "ukraine": "Ukraine"}[side]
    colour = theme.side_colour({"us": "US", "russia": "Russia", "nato": "NATO",
                                "ukraine": "Ukraine"}[side])
    position = getattr(row, f"{side}_position")
    st.markdown(f"<span style='color:{colour};font-weight:700'>■ {label}</span>",
                unsafe_allow_html=True)  # fixed label and colour only: no data in this HTML
    if position is None:
        st.markdown(f"*No {label} position recorded by this date.*")
        return
    text = f"{md_escape(position)}  \n*as of {getattr(row, f'{side}_as_of'):%-d %b %Y}*"
    quote = getattr(row, f"{side}_quote")
    if quote:
        when = getattr(row, f"{side}_quote_date")
        text += (f"\n\n> {md_escape(quote)}  \n> — "
                 f"{md_escape(getattr(row, f'{side}_speaker'))}, {when:%-d %b %Y}")
    st.markdown(text)
    ids = getattr(row, f"{side}_sources") or []
    names = _publisher_titles(ids)
    if names:
        st.caption("Sources: " + " · ".join(md_link(title, url) for title, url in names))


@st.cache_resource(max_entries=4)
def _source_labels(data_dir: str, signature: str) -> dict[str, tuple[str, str]]:
    sources = _load(data_dir, signature).frames["sources"]
    return {r.source_id: (f"{r.publisher}, {r.published:%-d %b %Y}", r.url)
            for r in sources.itertuples(index=False)}


def _publisher_titles(ids: list[str]) -> list[tuple[str, str]]:
    """(label, url) of each source id, for link lists (cached per data version)."""
    data_dir = data_dir_from_env()
    labels = _source_labels(str(data_dir), file_signature(data_dir))
    return [labels[sid] for sid in ids if sid in labels]


def _tracker_texts(row, answers) -> tuple[str, str]:
    """(Markdown of the demand and its answers, caption of its links and sources)."""
    from dashboard import positions as pos

    marks = {"rejected": "✕", "open": "✓", "counterproposal": "⇄", "partial": "◐",
             "no_response": "–"}
    lines = [f"**{md_escape(row.document)}, {md_escape(row.article)}: "
             f"{md_escape(row.topic)}**  \n{md_escape(row.demand)}"]
    for responder, prefix in answers:  # one block: a row costs 3 elements, not 10
        stance = getattr(row, f"{prefix}_stance")
        text = getattr(row, f"{prefix}_response")
        label = pos.STANCE_LABELS.get(stance, stance)
        lines.append(f"**{md_escape(responder)}: {marks.get(stance, '–')} {md_escape(label)}**"
                     + (f" · {md_escape(text)}" if text else ""))
    links = [f"[demand on the timeline](/timeline?record={row.demand_id}&preset=all)"]
    links += [f"[{rid}](/timeline?record={rid}&preset=all)"
              for _, prefix in answers for rid in getattr(row, f"{prefix}_ids")]
    names = _publisher_titles(list(row.sources))
    return "\n\n".join(lines), "Open: " + " · ".join(links) + (
        "  \nSources of the text: " + " · ".join(md_link(t, u) for t, u in names)
        if names else "")


_tracker_memo: dict[str, dict] = {}


def tracker_row(row, answers=(("US", "us"), ("NATO", "nato"), ("Russia", "ru"))) -> None:
    """One demand with its answers, stance labels in words (not colour alone)."""
    signature = file_signature(data_dir_from_env())
    if signature not in _tracker_memo:  # the texts of one data version, shared
        _tracker_memo.clear()
    memo = _tracker_memo.setdefault(signature, {})
    key = (row.demand_id, answers)
    if key not in memo:
        memo[key] = _tracker_texts(row, answers)
    text, caption = memo[key]
    with st.container(border=True, key=f"demand-{row.demand_id}"):
        st.markdown(text)
        st.caption(caption)


# --- exports, permalinks, presentation mode ----------------------------------------------------

PRESENT_PARAM = "present"


def presenting() -> bool:
    """Presentation mode: ``?present=1`` in the URL (the sidebar toggle sets it)."""
    return st.query_params.get(PRESENT_PARAM) == "1"


def set_params(wanted: dict[str, str]) -> None:
    """Replace the URL's view state with ``wanted``, keeping presentation mode."""
    wanted = dict(wanted)
    if presenting():
        wanted[PRESENT_PARAM] = "1"
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


PRESENT_HEIGHT = 900  # 16:9 at the 1600 px a presentation-mode chart spans


def chart(fig, *, key: str, name: str, **kwargs):
    """A framed chart with its PNG/SVG export (rendered on the server when clicked)."""
    from dashboard import export, figures

    if presenting():  # 16:9 for a clean screenshot; a copy, as charts are shared (cached)
        fig = figures.thaw(fig).update_layout(height=PRESENT_HEIGHT)
    fig = figures.freeze(fig)  # a cached chart is turned into a dict once, not every run
    event = st.plotly_chart(fig, key=key, theme=None, config=figures.plotly_config(name),
                            alt=figures.describe(fig), **kwargs)
    if not presenting():
        png, svg, _ = st.columns([1, 1, 5])
        png.download_button("PNG", lambda: export.chart_image(fig, "png"),
                            file_name=f"us-russia-dialogue-{name}.png", mime="image/png",
                            key=f"{key}-png", icon=":material/image:", on_click="ignore",
                            help="1920×1080 at 2× (3840×2160 px), rendered on the server")
        svg.download_button("SVG", lambda: export.chart_image(fig, "svg"),
                            file_name=f"us-russia-dialogue-{name}.svg", mime="image/svg+xml",
                            key=f"{key}-svg", icon=":material/draw:", on_click="ignore",
                            help="Vector image for print and slides")
    return event


def view_tools(title: str, name: str, charts: dict, source_ids: set[str]) -> None:
    """Copy-link and briefing-pack controls for a view (hidden in presentation mode)."""
    from dashboard import export

    if presenting():
        return
    url = str(st.context.url or "")
    with st.expander("Share and export this view", icon=":material/ios_share:"):
        st.markdown("**Link to this view** (filters, date and selected record included):")
        st.code(url, language=None, wrap_lines=True)
        st.markdown(f"**Briefing pack**: the {len(charts)} chart(s) of this view as PNG "
                    f"(3840×2160) plus the full citations of the {len(source_ids)} sources "
                    "behind the records shown, in one zip.")
        pack_key = f"pack-{name}"
        if st.button("Prepare the briefing pack", key=f"{pack_key}-make"):
            bar = st.progress(0.0, text="Rendering charts…")
            ds = datasets()
            st.session_state[pack_key] = export.briefing_pack(
                title, charts, ds.sources, source_ids, data_as_of(), url,
                progress=lambda done, total: bar.progress(done / total,
                                                          text=f"Rendered {done} of {total}"))
            bar.progress(1.0, text="Ready")
        if st.session_state.get(pack_key):
            st.download_button("Download the briefing pack (zip)", st.session_state[pack_key],
                               file_name=f"us-russia-dialogue-{name}-briefing.zip",
                               mime="application/zip", key=f"{pack_key}-dl")
