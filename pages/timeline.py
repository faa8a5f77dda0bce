"""Timeline: every event in lanes, talks vs troops, a record's detail, and story mode."""

from datetime import date

import streamlit as st

from dashboard import details, filters, overview, story, timeline, ui

ds = ui.datasets()
records = ui.all_records()
events_all = records[records["kind"].isin(timeline.TIMELINE_KINDS)]
vocab = ui.timeline_vocabulary(len(story.STEPS))

st.title("Timeline")
st.caption("Meetings, statements, the buildup and the demands, on one time axis. "
           "Filter in the sidebar; click a point to open its record with every source.")
ui.problems_banner(ds)
state, notices = ui.filter_sidebar("timeline", vocab, timeline.TIMELINE_KINDS)
ui.show_notices(notices)

ss = st.session_state
MAX_TABLE_ROWS = 2000  # rows sent to the browser; the rest stay a filter away


def open_record(record_id: str) -> None:
    ss["f_record"] = record_id


def open_or_zoom(picked: str) -> None:
    """A click on a point opens its record; on a count circle, zooms into its dates."""
    dates = timeline.zoom_range(picked)
    if dates is None:
        open_record(picked)
    else:
        ui.zoom_dates(dates)
        st.rerun()


def go_to_step(step: int | None) -> None:
    ss["f_story"] = step


# --- story mode: a guided walk through the key moments -------------------------------------
story_on = st.toggle("Story mode: walk through the key moments", value=state.story is not None,
                     disabled=not story.STEPS)
window: tuple[date, date] | None = None
if story_on and story.STEPS:
    step_no = state.story or 1
    if state.story is None:
        go_to_step(1)
    step = story.STEPS[step_no - 1]
    window = (step.start, step.end)
    with st.container(border=True):
        st.markdown(f"**Step {step_no} of {len(story.STEPS)} · "
                    f"{step.start:%-d %b %Y}{'' if step.end == step.start else ' – '}"
                    f"{'' if step.end == step.start else f'{step.end:%-d %b %Y}'}**")
        st.subheader(step.title)
        st.markdown(ui.md_escape(step.text))
        terms = step.terms()
        if terms:
            st.caption(" · ".join(f"**{ui.md_escape(t.term)}**: {ui.md_escape(t.definition)}"
                                  for t in terms))
        behind = records[records["record_id"].isin(step.record_ids)].sort_values("date")
        if not behind.empty:
            st.markdown("Records behind this step:")
            for row in behind.itertuples(index=False):
                cols = st.columns([6, 1])
                cols[0].markdown(f"{row.date:%-d %b %Y} · {ui.md_escape(row.kind)} · "
                                 f"{ui.md_escape(row.title[:160])}")
                cols[1].button("Open", key=f"story-open-{row.record_id}", on_click=open_record,
                               args=(row.record_id,))
        prev_col, _, next_col = st.columns([1, 4, 1])
        prev_col.button("← Previous", disabled=step_no <= 1, on_click=go_to_step,
                        args=(step_no - 1,), use_container_width=True)
        next_col.button("Next →", disabled=step_no >= len(story.STEPS), on_click=go_to_step,
                        args=(step_no + 1,), use_container_width=True)
elif state.story is not None:
    go_to_step(None)

state = filters.Filters(**{**state.__dict__, "record": ss.get("f_record"),
                           "story": ss.get("f_story") if story_on else None})
ui.sync_url(state, vocab)

# --- the lane chart ---------------------------------------------------------------------------
view = ui.timeline_view(state, window)
filters_text = state.describe(vocab.bounds)
st.markdown(f"**{len(view.matching):,}** of {len(events_all):,} records match"
            + (f" · {ui.md_escape(filters_text)}" if filters_text else ""))
if view.lanes is None:
    st.info("No records match these filters. Widen the dates or clear a filter in the sidebar.",
            icon=":material/filter_alt_off:")
else:
    chosen = ui.chart(view.lanes, key="timeline_chart", name="timeline", on_select="rerun",
                      selection_mode="points")
    points = chosen.selection.points if chosen and chosen.selection else []
    picked = next((p.get("customdata") for p in points if p.get("customdata")), None)
    if isinstance(picked, list):
        picked = picked[0]
    ui.on_new_pick(picked, "_last_pick", open_or_zoom)

# --- the record's detail panel --------------------------------------------------------------
record_id = ss.get("f_record")
if record_id:
    detail = details.record_detail(ds, record_id)
    with st.container(border=True, key="detail_panel"):
        if detail is None:
            st.info("That record is not in the loaded data.")
        else:
            ui.record_panel(detail, on_open=open_record)
        st.button("Close record", on_click=open_record, args=(None,), key="close_record")

# --- talks vs troops ----------------------------------------------------------------------
st.divider()
if view.talks_vs_troops is not None:
    ui.chart(view.talks_vs_troops, key="talks_vs_troops", name="talks-vs-troops")
    with st.expander("The estimates behind the chart, estimator by estimator"):
        st.dataframe(
            view.estimates[["date", "estimator", "estimator_side", "label", "scope",
                            "confidence"]],
            hide_index=True,
            column_config={
                "date": st.column_config.DateColumn("Date", format="D MMM YYYY"),
                "estimator": "Estimator", "estimator_side": "Side", "label": "Troops",
                "scope": st.column_config.TextColumn("What the figure covers", width="large"),
                "confidence": "Confidence",
            },
        )
else:
    ui.require(ds, "troop_estimates", "meetings")

# --- the matching records as a table -------------------------------------------------------
st.subheader("Matching records")
table = view.matching[["date", "kind", "side", "title", "record_id"]]
if len(table) > MAX_TABLE_ROWS:
    st.caption(f"The first {MAX_TABLE_ROWS:,} of {len(table):,} by date. Narrow the filters "
               "to see the others, or download them from the Data & sources page.")
table = table.sort_values("date").head(MAX_TABLE_ROWS)
table["side"] = table["side"].fillna(overview.BOTH_SIDES)
picked_rows = st.dataframe(
    table, hide_index=True, key="timeline_table", on_select="rerun",
    selection_mode="single-row",
    column_config={
        "date": st.column_config.DateColumn("Date", format="D MMM YYYY", width="small"),
        "kind": st.column_config.TextColumn("Type", width="small"),
        "side": st.column_config.TextColumn("Side", width="small"),
        "title": st.column_config.TextColumn("Record", width="large"),
        "record_id": st.column_config.TextColumn("Id", width="small"),
    },
)
rows = picked_rows.selection.rows if picked_rows and picked_rows.selection else []
if rows:
    ui.on_new_pick(table.iloc[rows[0]]["record_id"], "_last_row_pick", open_record)

ui.view_tools("Timeline", "timeline",
              {k: v for k, v in (("timeline", view.lanes),
                                 ("talks-vs-troops", view.talks_vs_troops)) if v is not None},
              view.cited)
