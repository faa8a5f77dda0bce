"""A record, opened where the reader is: a side drawer over the page (a Streamlit dialog)
with the record's readable fields, its sources by tier, the disagreements about it and the
records linked to it.

A page keeps the open record under a session key (``f_record`` on the timeline,
``m_site`` on the map…) that is also in its URL; :func:`show` opens the drawer when the key
holds a record, and closing the drawer clears the key.
"""

from __future__ import annotations

import streamlit as st

from dashboard import details
from dashboard.datasets import Datasets
from dashboard.text import md_escape
from dashboard.ui import state, widgets

_OPEN_KEY = "_record_key"  # which session key the open drawer belongs to


def open_record(key: str, record_id: str | None) -> None:
    """A callback: open ``record_id`` (None closes) under the page's session ``key``."""
    st.session_state[key] = record_id


def _close() -> None:
    key = st.session_state.get(_OPEN_KEY)
    if key:
        st.session_state[key] = None


def fields(detail: details.RecordDetail) -> None:
    """The record's fields: one value on a line, several as a list."""
    lines = []
    for label, values in detail.fields:
        if len(values) == 1:
            lines.append(f"**{md_escape(label)}**: {md_escape(values[0])}")
        else:
            lines.append(f"**{md_escape(label)}**\n" + "\n".join(
                f"- {md_escape(v)}" for v in values))
    st.markdown("\n\n".join(lines))


def disagreements(detail: details.RecordDetail) -> None:
    if not len(detail.discrepancies):
        return
    st.markdown("**Where sources disagree**")
    for row in detail.discrepancies.itertuples(index=False):
        st.warning(f"**{md_escape(row.kind.capitalize())}.** {md_escape(row.for_readers)}",
                   icon=":material/compare_arrows:")
    with st.expander("The curators' working notes"):
        st.markdown("\n\n".join(
            f"**{md_escape(row.discrepancy_id)}.** Claim: {md_escape(row.claim)}  \n"
            f"Finding: {md_escape(row.finding)}"
            for row in detail.discrepancies.itertuples(index=False)))


def linked(detail: details.RecordDetail, key: str) -> None:
    if not detail.linked:
        return
    st.markdown("**Linked records**")
    for i, link in enumerate(detail.linked):
        cols = st.columns([5, 1], vertical_alignment="center")
        cols[0].markdown(f"{md_escape(link.relation)}: {md_escape(link.title)}")
        # a button in a dialog reruns the dialog alone: rerun the page to open the other
        if cols[1].button("Open", key=f"open-{detail.record_id}-{i}-{link.record_id}",
                          help=f"Open {link.record_id} here"):
            open_record(key, link.record_id)
            st.rerun()


def body(detail: details.RecordDetail, key: str) -> None:
    """Everything about the record, compact, for the drawer."""
    st.markdown(f"## {md_escape(detail.title)}")
    st.caption(f"{md_escape(detail.kind)} · `{detail.record_id}`")
    fields(detail)
    st.markdown("**Sources**")
    widgets.source_list(detail.sources)
    disagreements(detail)
    linked(detail, key)


@st.dialog("Record", width="medium", position="right", on_dismiss=_close)
def _drawer(ds: Datasets, record_id: str, key: str, url_path: str) -> None:
    detail = details.record_detail(ds, record_id)
    if detail is None:
        st.info("That record is not in the loaded data.")
        return
    body(detail, key)
    st.markdown("**Link to this view with this record open**")
    st.code(state.current_share_url(url_path), language=None, wrap_lines=True)
    if st.button("Close", key=f"close-{key}", icon=":material/close:"):
        open_record(key, None)
        st.rerun()


def show(ds: Datasets, key: str, url_path: str) -> None:
    """Open the record held under ``key``, if any: a drawer, or in presentation mode its
    title and summary in large type under the picture."""
    record_id = st.session_state.get(key)
    if not record_id:
        return
    if state.presenting():
        detail = details.record_detail(ds, record_id)
        if detail is not None:
            summary = next((v[0] for k, v in detail.fields if k in ("Summary", "Description",
                                                                  "Position", "Demand",
                                                                  "Response", "Quote")), "")
            st.markdown(f"## {md_escape(detail.title)}\n\n{md_escape(summary)}")
        return
    st.session_state[_OPEN_KEY] = key
    _drawer(ds, record_id, key, url_path)
