"""Timeline: every event in lanes, talks vs troops, a record's detail, and story mode."""

from datetime import date
from functools import partial

import streamlit as st

from dashboard import catalog, estimates, filters, overview, timeline
from dashboard.text import md_escape
from dashboard.ui import data, record, sidebar, state, widgets
from dashboard.ui import story as story_ui

version, ds = widgets.page_start(
    "Timeline",
    "Who met whom, what was said, what was demanded and answered, and how the buildup moved, "
    "on one time axis. Filter in the sidebar; click a point to open its record.")
records = data.all_records(version)
steps = data.story_steps(version)
vocab = data.timeline_vocabulary(version, len(steps))
chosen, notices = sidebar.filter_sidebar("timeline", vocab, timeline.TIMELINE_KINDS,
                                         data.person_labels(version))
widgets.show_notices(notices)

ss = st.session_state
MAX_TABLE_ROWS = 2000  # rows sent to the browser; the rest stay a filter away
RECORD = "f_record"


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
        record.open_record(RECORD, picked)
    else:
        sidebar.zoom_dates(dates)


def on_row(ids: list[str]) -> None:
    rows = widgets.picked_rows("timeline_table")
    if rows and rows[0] < len(ids):
        record.open_record(RECORD, ids[rows[0]])


# --- story mode: a guided walk through the key moments -------------------------------------
presenting = state.presenting()
story_on = chosen.story is not None
if not presenting:
    story_on = st.toggle("Story mode: walk through the key moments", value=story_on,
                         disabled=not steps)
window: tuple[date, date] | None = None
if story_on and steps:
    number = min(chosen.story or 1, len(steps))
    if chosen.story is None:
        story_ui.go_to_step(1)
    window = (steps[number - 1].start, steps[number - 1].end)
    story_ui.step_panel(steps, number, data.glossary_terms(version), records, RECORD)
elif chosen.story is not None:
    story_ui.go_to_step(None)

chosen = filters.Filters(**{**chosen.__dict__, "record": ss.get(RECORD),
                            "story": ss.get(story_ui.STEP_KEY) if story_on else None})
state.set_params(filters.to_params(chosen, vocab))

# --- the lane chart ---------------------------------------------------------------------------
matching, lanes, cited = data.timeline_lanes(version, chosen, window)
filters_text = chosen.describe(vocab.bounds, data.person_names(version))
if not presenting:
    st.markdown(f"**{len(matching):,}** of {data.timeline_count(version):,} records match"
                + (f" · {md_escape(filters_text)}" if filters_text else ""))
if lanes is None:
    st.info("No records match these filters. Widen the dates or clear a filter in the sidebar.",
            icon=":material/filter_alt_off:")
else:
    widgets.chart(lanes, key="timeline_chart", name="timeline", on_select=on_point)
record.show(ds, RECORD, "timeline")

# --- talks vs troops ----------------------------------------------------------------------
talks, shown = data.talks_vs_troops(version, chosen.start, chosen.end, window)
if talks is not None:
    widgets.chart(talks, key="talks_vs_troops", name="talks-vs-troops")
    if not presenting:
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

if presenting:
    st.stop()

# --- the matching records as a table -------------------------------------------------------
st.header("Matching records")
table = matching[["date", "kind", "side", "title", "record_id"]]
if len(table) > MAX_TABLE_ROWS:
    st.caption(f"The first {MAX_TABLE_ROWS:,} of {len(table):,} by date. Narrow the filters "
               "to see the others, or download them all below.")
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
st.download_button(
    f"Download the {len(matching):,} matching records (CSV, every column, sources resolved)",
    lambda: catalog.to_csv(catalog.records_export(matching, ds.sources,
                                                  data.person_names(version))),
    on_click="ignore", file_name="timeline-matching-records.csv", mime="text/csv",
    key="dl_matching")

widgets.view_tools("Timeline", "timeline",
                   {k: v for k, v in (("timeline", lanes), ("talks-vs-troops", talks))
                    if v is not None}, set(cited))
