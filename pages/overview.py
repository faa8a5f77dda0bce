"""Overview: what the dashboard covers, a way into the story, the views and the questions
they answer, headline counts and the latest records."""

import streamlit as st

from dashboard import overview
from dashboard.text import fmt_date, md_escape
from dashboard.ui import data, state, widgets
from dashboard.views import VIEWS

version = data.version()
ds = data.datasets(version)
records = data.all_records(version)
steps = data.story_steps(version)
presenting = state.presenting()  # a slide: what the data shows, no way in or help

st.title("US–Russia Dialogue Dashboard")
st.markdown(
    "The US–Russia security dialogue and Russia's military buildup on Ukraine's borders, "
    "from the spring 2021 buildup and the Geneva summit through the Strategic Stability "
    "Dialogue, Russia's draft treaties and the written answers, to the invasion of "
    "24 February 2022 and the contacts since. Every meeting, quote, deployment and figure "
    "links to the public pages that state it."
)
widgets.problems_banner(ds)
if steps and not presenting:
    with st.container(border=True, key="story_start"):
        st.markdown(f"**New to the subject? Follow the story** in {len(steps)} steps, from "
                    f"“{md_escape(steps[0].title)}” to “{md_escape(steps[-1].title)}”, "
                    "with the terms explained as they come up.")
        state.page_link("timeline", "Start the story", {"story": "1"},
                        icon=":material/play_circle:")

if not presenting:
    st.header("Four ways in")
    cols = st.columns(len(VIEWS))
    for col, view in zip(cols, VIEWS, strict=True):
        with col:
            st.markdown(f"**{md_escape(view.question)}**")
            state.page_link(view.url_path, view.title, icon=view.icon)
            st.caption(view.blurb)

st.header("What the data holds")
span = overview.date_span(records)
if span:
    st.markdown(f"**{len(records):,} dated records**, {fmt_date(span[0])} to "
                f"{fmt_date(span[1])}.")
else:
    st.info("No records could be loaded.")
heads = data.headlines(version)
for row in (heads[:5], heads[5:]):
    cols = st.columns(len(row))
    for col, head in zip(cols, row, strict=True):
        col.metric(head.label, f"{head.value:,}", help=None if presenting else head.help,
                   border=True)

fig = data.activity_chart(version)
widgets.chart(fig, key="activity", name="records-per-month")

st.header("Latest records")
# A list, not a table: the table widget's script is large, and this is the first page
st.markdown("\n".join(
    f"- {fmt_date(row.date)} · {md_escape(row.kind)} · {md_escape(row.title)}"
    f" · *{md_escape(row.side)}*" for row in overview.latest(records, 10).itertuples()))
if not presenting:
    state.page_link("timeline", "Every record on the timeline",
                    icon=":material/arrow_forward:")

widgets.view_tools("Overview", "overview", {"records-per-month": fig},
                   {sid for ids in records.head(10)["source_ids"] for sid in ids})
