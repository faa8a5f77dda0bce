"""Timeline: every event in lanes, talks vs troops, a record's detail, and story mode."""

from datetime import date
from functools import partial

import streamlit as st

from dashboard import details, estimates, filters, overview, story, timeline
from dashboard.text import clip, fmt_date, fmt_range, md_escape
from dashboard.ui import data, sidebar, state, widgets

version, ds = widgets.page_start(
    "Timeline",
    "Meetings, statements, the buildup and the demands, on one time axis. Filter in the "
    "sidebar; click a point to open its record with every source.")
records = data.all_records(version)
events_all = records[records["kind"].isin(timeline.TIMELINE_KINDS)]
vocab = data.timeline_vocabulary(version, len(story.STEPS))
people = data.people(version)
chosen, notices = sidebar.filter_sidebar("timeline", vocab, timeline.TIMELINE_KINDS,
                                         people.labels())
widgets.show_notices(notices)

ss = st.session_state
MAX_TABLE_ROWS = 2000  # rows sent to the browser; the rest stay a filter away


def open_record(record_id: str | None) -> None:
    ss["f_record"] = record_id


def on_point() -> None:
    """A click on a point opens its record; on a count bar, zooms into its dates."""
    picked = next((p.get("customdata") for p in widgets.picked_points("timeline_chart")
                   if p.get("customdata")), None)
    if isinstance(picked, list):
        picked = picked[0]
    if not picked:
        return
    dates = timeline.zoom_range(picked)
    if dates is None:
        open_record(picked)
    else:
        sidebar.zoom_dates(dates)


def on_row(ids: list[str]) -> None:
    rows = widgets.picked_rows("timeline_table")
    if rows and rows[0] < len(ids):
        open_record(ids[rows[0]])


def go_to_step(step: int | None) -> None:
    ss["f_story"] = step


# --- story mode: a guided walk through the key moments -------------------------------------
story_on = st.toggle("Story mode: walk through the key moments", value=chosen.story is not None,
                     disabled=not story.STEPS)
window: tuple[date, date] | None = None
if story_on and story.STEPS:
    step_no = chosen.story or 1
    if chosen.story is None:
        go_to_step(1)
    step = story.STEPS[step_no - 1]
    window = (step.start, step.end)
    with st.container(border=True):
        st.markdown(f"**Step {step_no} of {len(story.STEPS)} · "
                    f"{fmt_range(step.start, step.end)}**")
        st.subheader(step.title)
        st.markdown(md_escape(step.text))
        terms = step.terms()
        if terms:
            st.caption(" · ".join(f"**{md_escape(t.term)}**: {md_escape(t.definition)}"
                                  for t in terms))
        behind = records[records["record_id"].isin(step.record_ids)].sort_values("date")
        if not behind.empty:
            st.markdown("Records behind this step:")
            for row in behind.itertuples(index=False):
                cols = st.columns([6, 1])
                cols[0].markdown(f"{fmt_date(row.date)} · {md_escape(row.kind)} · "
                                 f"{md_escape(clip(row.title, 160))}")
                cols[1].button("Open", key=f"story-open-{row.record_id}", on_click=open_record,
                               args=(row.record_id,))
        prev_col, _, next_col = st.columns([1, 4, 1])
        prev_col.button("← Previous", disabled=step_no <= 1, on_click=go_to_step,
                        args=(step_no - 1,), width="stretch")
        next_col.button("Next →", disabled=step_no >= len(story.STEPS), on_click=go_to_step,
                        args=(step_no + 1,), width="stretch")
elif chosen.story is not None:
    go_to_step(None)

chosen = filters.Filters(**{**chosen.__dict__, "record": ss.get("f_record"),
                            "story": ss.get("f_story") if story_on else None})
state.set_params(filters.to_params(chosen, vocab))

# --- the lane chart ---------------------------------------------------------------------------
matching, lanes, cited = data.timeline_lanes(version, chosen, window)
filters_text = chosen.describe(vocab.bounds, data.person_names(version))
st.markdown(f"**{len(matching):,}** of {len(events_all):,} records match"
            + (f" · {md_escape(filters_text)}" if filters_text else ""))
if lanes is None:
    st.info("No records match these filters. Widen the dates or clear a filter in the sidebar.",
            icon=":material/filter_alt_off:")
else:
    widgets.chart(lanes, key="timeline_chart", name="timeline", on_select=on_point)

# --- the record's detail panel --------------------------------------------------------------
record_id = ss.get("f_record")
if record_id:
    detail = details.record_detail(ds, record_id)
    with st.container(border=True, key="detail_panel"):
        if detail is None:
            st.info("That record is not in the loaded data.")
        else:
            widgets.record_panel(detail, on_open=open_record)
        st.button("Close record", on_click=open_record, args=(None,), key="close_record")

# --- talks vs troops ----------------------------------------------------------------------
st.divider()
talks, shown = data.talks_vs_troops(version, chosen.start, chosen.end, window)
if talks is not None:
    widgets.chart(talks, key="talks_vs_troops", name="talks-vs-troops")
    with st.expander("The estimates behind the chart, estimator by estimator"):
        st.dataframe(
            shown.assign(scope=shown["scope"].map(estimates.SCOPE_LABELS))[
                ["date", "who", "estimator_side", "label", "btgs", "scope", "scope_note",
                 "confidence"]],
            hide_index=True,
            column_config={
                "date": st.column_config.DateColumn("Stated", format="D MMM YYYY"),
                "who": "Estimator", "estimator_side": "Side", "label": "Troops",
                "btgs": st.column_config.NumberColumn("BTGs", format="%d"),
                "scope": "What is counted",
                "scope_note": st.column_config.TextColumn("In detail", width="large"),
                "confidence": "Confidence",
            },
        )
else:
    widgets.require(ds, "troop_estimates", "meetings")

# --- the matching records as a table -------------------------------------------------------
st.subheader("Matching records")
table = matching[["date", "kind", "side", "title", "record_id"]]
if len(table) > MAX_TABLE_ROWS:
    st.caption(f"The first {MAX_TABLE_ROWS:,} of {len(table):,} by date. Narrow the filters "
               "to see the others, or download them from the Data & sources page.")
table = table.sort_values("date").head(MAX_TABLE_ROWS)
table = table.assign(side=table["side"].fillna(overview.BOTH_SIDES))
st.dataframe(
    table, hide_index=True, key="timeline_table",
    on_select=partial(on_row, table["record_id"].tolist()), selection_mode="single-row",
    column_config={
        "date": st.column_config.DateColumn("Date", format="D MMM YYYY", width="small"),
        "kind": st.column_config.TextColumn("Type", width="small"),
        "side": st.column_config.TextColumn("Side", width="small"),
        "title": st.column_config.TextColumn("Record", width="large"),
        "record_id": st.column_config.TextColumn("Id", width="small"),
    },
)

widgets.view_tools("Timeline", "timeline",
                   {k: v for k, v in (("timeline", lanes), ("talks-vs-troops", talks))
                    if v is not None}, set(cited))
