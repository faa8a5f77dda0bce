"""Overview: what the dashboard covers, headline counts, date span, latest records."""

import streamlit as st

from dashboard import overview, ui
from dashboard.views import VIEWS

ds = ui.datasets()
records = ui.all_records()

st.title("US–Russia Dialogue Dashboard")
st.markdown(
    "The US–Russia security dialogue and Russia's military buildup on Ukraine's borders, "
    "from the spring 2021 buildup and the Geneva summit through the Strategic Stability "
    "Dialogue, Russia's draft treaties and the written answers, to the invasion of "
    "24 February 2022 and the contacts since. Every meeting, quote, deployment and figure "
    "links to the public pages that state it."
)
st.markdown(
    "**Analysts** filter, search and download the records; **briefers** export "
    "charts that carry their own title, date and sources; **students** follow the story "
    "with plain-language summaries and a glossary."
)
ui.problems_banner(ds)

span = overview.date_span(records)
if span:
    st.subheader(f"{len(records):,} dated records, {span[0]:%-d %b %Y} to {span[1]:%-d %b %Y}")
else:
    st.info("No records could be loaded.")

heads = ui.cached("headlines", lambda: overview.headlines(ds))
for row in (heads[:5], heads[5:]):
    cols = st.columns(len(row))
    for col, head in zip(cols, row, strict=True):
        col.metric(head.label, f"{head.value:,}", help=head.help, border=True)

if VIEWS:
    st.subheader("Views")
    cols = st.columns(len(VIEWS))
    for col, view in zip(cols, VIEWS, strict=True):
        with col:
            st.page_link(view.path, label=view.title, icon=view.icon)
            st.caption(view.blurb)

fig = ui.cached("activity", lambda: overview.activity_figure(records, ui.publishers()))
ui.chart(fig, key="activity", name="records-per-month")

st.subheader("Latest records")
# A list, not a table: the table widget's script is large, and this is the first page
st.markdown("\n".join(
    f"- {row.date:%-d %b %Y} · {ui.md_escape(row.kind)} · {ui.md_escape(row.title)}"
    f" · *{ui.md_escape(row.side)}*" for row in overview.latest(records, 10).itertuples()))
st.page_link("pages/timeline.py", label="Every record on the timeline", icon="➡️")

ui.view_tools("Overview", "overview", {"records-per-month": fig},
              {sid for ids in records.head(10)["source_ids"] for sid in ids})
