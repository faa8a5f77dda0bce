"""The story mode panel on the timeline: one step at a time, its terms explained one per
line, the records behind it opened in the record drawer."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import glossary
from dashboard.story import Step
from dashboard.text import clip, fmt_date, fmt_range, md_escape
from dashboard.ui import record, state

STEP_KEY = "f_story"


def go_to_step(step: int | None) -> None:
    st.session_state[STEP_KEY] = step


def terms_list(terms: list[glossary.Term]) -> str:
    """Definitions one per line, each with its term in bold."""
    return "\n".join(f"- **{md_escape(t.term)}**: {md_escape(t.definition)}" for t in terms)


def step_panel(steps: tuple[Step, ...], number: int, terms: tuple[glossary.Term, ...],
               records: pd.DataFrame, record_key: str) -> None:
    """Step ``number`` of ``steps``: its text, its terms, its records, and the way on."""
    step = steps[number - 1]
    with st.container(border=True, key="story_step"):
        st.markdown(f"**Step {number} of {len(steps)} · {fmt_range(step.start, step.end)}**")
        st.header(md_escape(step.title))
        st.markdown(md_escape(step.text))
        used = step.terms(terms)
        if used:
            st.markdown("**Terms in this step**\n" + terms_list(used))
        if state.presenting():
            return
        behind = records[records["record_id"].isin(step.record_ids)].sort_values("date")
        if not behind.empty:
            st.markdown("**Records behind this step**")
            for row in behind.itertuples(index=False):
                cols = st.columns([6, 1], vertical_alignment="center")
                cols[0].markdown(f"{fmt_date(row.date)} · {md_escape(row.kind)} · "
                                 f"{md_escape(clip(row.title, 160))}")
                cols[1].button("Open", key=f"story-open-{row.record_id}",
                               on_click=record.open_record, args=(record_key, row.record_id),
                               help="Open the record beside the chart")
        prev_col, _, next_col = st.columns([1, 4, 1])
        prev_col.button("← Previous", disabled=number <= 1, on_click=go_to_step,
                        args=(number - 1,), width="stretch")
        next_col.button("Next →", disabled=number >= len(steps), on_click=go_to_step,
                        args=(number + 1,), width="stretch")
