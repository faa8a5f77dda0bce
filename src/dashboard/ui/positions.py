"""The positions page's cached data and pieces: one side's position, one demand with its
answers."""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import figures, theme
from dashboard import positions as pos
from dashboard.text import fmt_date, md_escape, md_link
from dashboard.ui import data, record, state

SIDE_NAMES = {"us": ("United States", "US"), "russia": ("Russia", "Russia"),
              "nato": ("NATO", "NATO"), "ukraine": ("Ukraine", "Ukraine")}
STANCE_MARKS = {"rejected": "✕", "open": "✓", "counterproposal": "⇄", "partial": "◐",
                "no_response": "–"}
ALL_ANSWERS = (("US", "us"), ("NATO", "nato"), ("Russia", "ru"))
RUSSIA_ONLY = (("Russia", "ru"),)


def source_links(ids: Any, labels: Mapping[str, tuple]) -> str:
    """'Who wrote it, 5 Jan 2022' links of the sources ``ids``, joined for a caption."""
    return " · ".join(md_link(f"{labels[i][4]}, {fmt_date(labels[i][2]) or 'undated'}",
                              labels[i][3]) for i in ids or () if i in labels)


def _side_texts(side: str, row: Any, labels: Mapping[str, tuple]) -> tuple[str, str, str]:
    """(coloured label as HTML, position and key quote as Markdown, sources caption) of one
    side's position; made once per data version and set of known positions."""
    label, key = SIDE_NAMES[side]
    colour = theme.side_text_colour(key)  # the side's colour, dark enough to read
    head = f"<span style='color:{colour};font-weight:700'>■ {label}</span>"
    position = getattr(row, f"{side}_position")
    if position is None:
        return head, f"*No {label} position recorded by this date.*", ""
    text = f"{md_escape(position)}  \n*as of {fmt_date(getattr(row, f'{side}_as_of'))}*"
    quote = getattr(row, f"{side}_quote")
    if quote:
        when = getattr(row, f"{side}_quote_date")
        text += (f"\n\n> {md_escape(quote)}  \n> — "
                 f"{md_escape(getattr(row, f'{side}_speaker'))}, {fmt_date(when)}")
    links = source_links(getattr(row, f"{side}_sources"), labels)
    return head, text, ("Sources: " + links) if links else ""


def position_cell(texts: tuple[str, str, str]) -> None:
    """One side's position in the side-by-side view: summary, key quote, sources."""
    head, text, caption = texts
    st.markdown(head, unsafe_allow_html=True)  # fixed label and colour only: no data in it
    st.markdown(text)
    if caption:
        st.caption(caption)


def _other_texts(others: Any, labels: Mapping[str, tuple]) -> tuple[tuple[str, str], ...]:
    """(Markdown, sources caption) of the positions of other holders (NATO, Ukraine, the
    G7, the EU, the OSCE chair…)."""
    out = []
    for holder, _, position, as_of, sources, _ in others:
        links = source_links(sources, labels)
        out.append((f"**{md_escape(holder)}** (as of {fmt_date(as_of)}): {md_escape(position)}",
                    ("Sources: " + links) if links else ""))
    return tuple(out)


def other_positions(texts: tuple[tuple[str, str], ...]) -> None:
    """The positions of other holders."""
    for text, caption in texts:
        st.markdown(text)
        if caption:
            st.caption(caption)


# --- cached data of the positions page ---------------------------------------------------

@data.shared(max_entries=data.DATA_WIDE)
def tracker_documents(version: str) -> tuple[str, ...]:
    """Russia's two drafts, then the documents of the US and NATO proposals."""
    return tuple(dict.fromkeys([*pos.RUSSIAN_DOCUMENTS,
                                *pos.proposal_documents(data.datasets(version).demands)]))


@data.shared(max_entries=data.DATA_WIDE)
def position_dates(version: str) -> tuple[pd.Timestamp, ...]:
    """The dates of the positions, sorted (missing dates left out)."""
    return tuple(data.datasets(version).positions["as_of"].dropna().sort_values())


def known_positions(version: str, as_of: date) -> int:
    """How many positions were known on ``as_of``."""
    return bisect.bisect_right(position_dates(version), pd.Timestamp(as_of))


def side_by_side(version: str, as_of: date) -> pd.DataFrame:
    """The side-by-side table as of a date (cached per set of positions known by then: the
    table changes only when the date passes a position's date)."""
    return _side_by_side(version, known_positions(version, as_of))


@data.shared(max_entries=data.PER_CHOICE)
def _side_by_side(version: str, known: int) -> pd.DataFrame:
    ds = data.datasets(version)
    dates = ds.positions["as_of"].sort_values()
    # the latest date of the known positions (or before all of them)
    cutoff = dates.iloc[known - 1] if known else dates.min() - pd.Timedelta(days=1)
    return pos.side_by_side(ds.positions, ds.statements, cutoff.date(),
                            names=data.person_names(version))


@data.shared(max_entries=data.DATA_WIDE)
def tracker(version: str, proposals: bool) -> pd.DataFrame:
    """Russia's draft articles (or, with ``proposals``, the US and NATO proposals) with
    every answer."""
    ds = data.datasets(version)
    documents = pos.proposal_documents(ds.demands) if proposals else pos.RUSSIAN_DOCUMENTS
    return pos.tracker(ds.demands, ds.responses, documents)


@data.shared(max_entries=data.PER_CHOICE)
def stance_chart(version: str, documents: tuple[str, ...], stances: tuple[str, ...],
                 text: str) -> Any:
    table = pos.filter_tracker(tracker(version, False), documents=documents, stances=stances,
                               text=text)
    narrowing = "; ".join(part for part in (
        ", ".join(documents), ", ".join(pos.STANCE_LABELS[s] for s in stances),
        f"text “{text}”" if text else "") if part) or None
    ds = data.datasets(version)
    answers = ds.responses[ds.responses["demand_id"].isin(table["demand_id"])
                           & ds.responses["responder"].isin(("US", "NATO"))]
    return figures.freeze(pos.stance_figure(
        pos.stance_counts(table), as_of=data.data_as_of(version),
        source=data.source_line(version, [*table["sources"], *answers["source_ids"]]),
        filters=narrowing))


def tracker_markdown(row: Any, answers: tuple[tuple[str, str], ...],
                     labels: Mapping[str, tuple]) -> tuple[str, str]:
    """(Markdown of a demand and its answers, caption naming its sources)."""
    lines = [f"**{md_escape(row.document)}, {md_escape(row.article)}: "
             f"{md_escape(row.topic)}**  \n{md_escape(row.demand)}"]
    for responder, prefix in answers:  # one block: a row costs few elements
        stance = getattr(row, f"{prefix}_stance")
        text = getattr(row, f"{prefix}_response")
        label = pos.STANCE_LABELS.get(stance, stance)
        lines.append(f"**{md_escape(responder)}: {STANCE_MARKS.get(stance, '–')} "
                     f"{md_escape(label)}**" + (f" · {md_escape(text)}" if text else ""))
    links = source_links(row.sources, labels)
    return "\n\n".join(lines), ("Sources of the text: " + links) if links else ""


@data.shared(max_entries=data.DATA_WIDE)
def tracker_texts(version: str, proposals: bool) -> MappingProxyType:
    """demand id -> its tracker texts, made once per data version."""
    answers = RUSSIA_ONLY if proposals else ALL_ANSWERS
    labels = data.source_labels(version)
    table = tracker(version, proposals)
    return MappingProxyType({row.demand_id: tracker_markdown(row, answers, labels)
                             for row in table.itertuples(index=False)})


def tracker_row(row: Any, texts: Mapping[str, tuple[str, str]], record_key: str) -> None:
    """One demand with its answers, stance labels in words (not colour alone)."""
    text, caption = texts[row.demand_id]
    with st.container(border=True, key=f"demand-{row.demand_id}"):
        st.markdown(text)
        if state.presenting():  # a slide: the texts, not the ways to open them
            st.caption(caption)
            return
        cols = st.columns([4, 1, 1], vertical_alignment="bottom")
        cols[0].caption(caption)
        cols[1].button("Open", key=f"open-{row.demand_id}", on_click=record.open_record,
                       args=(record_key, row.demand_id), help="The demand and its answers, "
                       "with every source, beside the page")
        with cols[2]:
            state.page_link("timeline", "On the timeline",
                            {"record": row.demand_id, "preset": "all"},
                            icon=":material/timeline:",
                            help="The demand and its answers among the other records")


def _issue_texts(row: Any, labels: Mapping[str, tuple]) -> MappingProxyType:
    """Everything an issue card writes, as text."""
    gap = (f"**{pos.GAP_ICONS[row.gap]} {pos.GAP_LABELS[row.gap]}** "
           f"(as of {fmt_date(row.gap_as_of)}): {md_escape(row.gap_reason)}"
           if row.gap else "*Distance not assessed for this date.*")
    extra = tuple(s for s in ("nato", "ukraine") if getattr(row, f"{s}_position"))
    holders = [SIDE_NAMES[s][0] for s in extra] + [other[0] for other in row.others]
    shown = ", ".join(holders[:4]) + (f" and {len(holders) - 4} more"
                                       if len(holders) > 4 else "")
    return MappingProxyType({
        "title": f"### {md_escape(row.issue)}\n\n{gap}",
        "sides": MappingProxyType({side: _side_texts(side, row, labels)
                                   for side in ("us", "russia", *extra)}),
        "extra": extra, "others": _other_texts(row.others, labels),
        "also": f"Also: {md_escape(shown)}" if holders else "",
        "history": "\n".join(f"- {fmt_date(day)} · **{md_escape(side)}**: {md_escape(text)}"
                              for day, side, text in row.history) if row.moved else "",
    })


def issue_texts(version: str, as_of: date) -> MappingProxyType:
    """issue -> what its card writes, as of a date."""
    return _issue_texts_known(version, known_positions(version, as_of))


@data.shared(max_entries=data.PER_CHOICE)
def _issue_texts_known(version: str, known: int) -> MappingProxyType:
    # once per set of known positions, like the side-by-side table itself
    labels = data.source_labels(version)
    sides = _side_by_side(version, known)
    return MappingProxyType({row.issue: _issue_texts(row, labels)
                             for row in sides[sides["recorded"]].itertuples(index=False)})


def issue_card(row: Any, texts: Mapping[str, Any], record_key: str) -> None:
    """One issue: how far apart the sides were, each side's position, the others', and
    how the positions moved."""
    presenting = state.presenting()  # a slide: the positions, not the ways to open them
    with st.container(border=True, key=f"issue-{row.issue}"):
        st.markdown(texts["title"])
        for col, side in zip(st.columns(2), ("us", "russia"), strict=True):
            with col:
                position_cell(texts["sides"][side])
                if getattr(row, f"{side}_id") and not presenting:
                    st.button("Open", key=f"open-{getattr(row, f'{side}_id')}",
                              on_click=record.open_record,
                              args=(record_key, getattr(row, f"{side}_id")),
                              help="The position with its statements and sources")
        if presenting:
            return
        if texts["also"]:
            with st.expander(texts["also"]):
                for side in texts["extra"]:
                    position_cell(texts["sides"][side])
                other_positions(texts["others"])
        if texts["history"]:
            with st.expander("How the positions moved"):
                st.markdown(texts["history"])
