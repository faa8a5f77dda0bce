"""Positions & demands: US vs Russia issue by issue, every demand with its answers, and the
US and NATO proposals, each a section of its own."""

from datetime import timedelta

import streamlit as st

from dashboard import positions as pos
from dashboard import positions_export as exports
from dashboard.text import fmt_date, md_escape
from dashboard.ui import data, record, state, widgets
from dashboard.ui import positions as cells

version, ds = widgets.page_start(
    "Positions & demands",
    "What exactly did each side want, and what did the other say to it? Positions issue by "
    "issue as they stood on a chosen date, every article of Russia's December 2021 drafts "
    "with the US and NATO answers and Russia's reply, and the proposals the other way.")

documents = cells.tracker_documents(version)
dated = cells.position_dates(version)
bounds = ((dated[0].date(), dated[-1].date()) if dated
          else (pos.DEFAULT_AS_OF, pos.DEFAULT_AS_OF))
ss = st.session_state
KEYS = ("p_as_of", "p_docs", "p_stances", "p_text", "p_section", "p_record")
RECORD = "p_record"
SECTION_LABELS = dict(pos.SECTIONS)


def from_url() -> tuple[dict, list[str]]:
    ids = frozenset(data.timeline_vocabulary(version, len(data.story_steps(version))).record_ids)
    parsed, notices = pos.state_from_params(state.query(), bounds, documents, ids)
    return {"p_as_of": parsed.as_of, "p_docs": list(parsed.documents),
            "p_stances": list(parsed.stances), "p_text": parsed.text,
            "p_section": parsed.section, "p_record": parsed.record}, notices


widgets.show_notices(state.page_state("positions", KEYS, from_url))

presenting = state.presenting()  # a slide: the section as read, no control
section = ss["p_section"] if presenting else st.segmented_control(
    "Section", list(SECTION_LABELS), key="p_section", format_func=SECTION_LABELS.get,
    label_visibility="collapsed", required=True)
if section != "side":
    with st.sidebar:
        st.markdown("**Filters for the demands and proposals**")
        if section == "demands":
            st.multiselect("Document", list(documents), key="p_docs",
                           placeholder="Russia's two drafts")
        st.multiselect("Any answer's stance", list(pos.STANCE_LABELS), key="p_stances",
                       format_func=lambda s: pos.STANCE_LABELS[s], placeholder="Any stance")
        st.text_input("Search demands and answers", key="p_text", max_chars=200)

chosen = pos.PositionsState(as_of=ss["p_as_of"], documents=tuple(ss["p_docs"]),
                            stances=tuple(ss["p_stances"]), text=ss["p_text"].strip(),
                            section=section, record=ss.get(RECORD))
state.set_params(pos.state_to_params(chosen, bounds))
labels = data.source_labels(version)
chart, cited = None, set()

if section == "side" and widgets.require(ds, "positions"):
    st.header(SECTION_LABELS["side"])
    if not presenting:
        st.slider("Positions as of", min_value=bounds[0], max_value=bounds[1],
                  key="p_as_of", step=timedelta(days=1), format="D MMM YYYY")
    sides = cells.side_by_side(version, chosen.as_of)
    st.caption(f"Each side's latest recorded position on or before "
               f"{fmt_date(chosen.as_of, 'long')}; the marker says how far apart the US and "
               "Russia were then, with the reasoning (the curators' assessment from the cited "
               "positions).")
    texts = cells.issue_texts(version, chosen.as_of)
    for row in sides[sides["recorded"]].itertuples(index=False):
        cells.issue_card(row, texts[row.issue], RECORD)
    later = sides[~sides["recorded"]]["issue"].tolist()
    if later:
        st.caption("No position recorded yet on this date for: "
                   + "; ".join(md_escape(i) for i in later) + ". Move the date later.")
    if not presenting:
        st.download_button("Download the side-by-side table (CSV)",
                           lambda: exports.side_by_side_csv(sides).encode("utf-8"),
                           on_click="ignore", file_name=f"positions-as-of-{chosen.as_of}.csv",
                           mime="text/csv")
    cited = {sid for col in ("us_sources", "russia_sources") for ids in sides[col] if ids
             for sid in ids}

if section == "demands" and widgets.require(ds, "demands", "responses"):
    st.header(SECTION_LABELS["demands"])
    russian = pos.filter_tracker(cells.tracker(version, False), documents=chosen.documents,
                                 stances=chosen.stances, text=chosen.text)
    chart = cells.stance_chart(version, chosen.documents, chosen.stances, chosen.text)
    widgets.chart(chart, key="stance_chart", name="answers-by-stance")
    if russian.empty:
        st.info("No article matches these filters.")
    texts = cells.tracker_texts(version, False)
    for row in russian.itertuples(index=False):
        cells.tracker_row(row, texts, RECORD)
    cited = {sid for ids in russian["sources"] for sid in ids}
    if not presenting:
        st.download_button("Download the tracker (CSV)",
                           lambda: exports.tracker_csv(russian).encode("utf-8"),
                           on_click="ignore", file_name="russian-demands-and-answers.csv",
                           mime="text/csv")
        sides = cells.side_by_side(version, chosen.as_of)
        st.download_button(
            "Download a printable briefing page (HTML: open it and print)",
            lambda: exports.printable_html(sides, russian, chosen.as_of, data.source_line(
                version, [*russian["sources"]])).encode("utf-8"), on_click="ignore",
            file_name=f"positions-and-demands-{chosen.as_of}.html", mime="text/html")

if section == "proposals" and widgets.require(ds, "demands", "responses"):
    st.header(SECTION_LABELS["proposals"])
    proposals = pos.filter_tracker(cells.tracker(version, True), stances=chosen.stances,
                                   text=chosen.text)
    st.caption("Every proposal in the US and NATO written answers of 26 January 2022, and how "
               "Russia's reply of 17 February 2022 answered it.")
    if proposals.empty:
        st.info("No proposal matches these filters.")
    texts = cells.tracker_texts(version, True)
    for row in proposals.itertuples(index=False):
        cells.tracker_row(row, texts, RECORD)
    cited = {sid for ids in proposals["sources"] for sid in ids}

record.show(ds, RECORD, "positions")
widgets.view_tools("Positions & demands", "positions",
                   {"answers-by-stance": chart} if chart is not None else {}, cited)
