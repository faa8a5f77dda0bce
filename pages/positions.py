"""Positions & demands: US vs Russia issue by issue, and every demand with its answers."""

from datetime import timedelta

import streamlit as st

from dashboard import positions as pos
from dashboard.text import fmt_date, md_escape
from dashboard.ui import data, state, widgets
from dashboard.ui import positions as cells

version, ds = widgets.page_start(
    "Positions & demands",
    "What exactly did each side want, and what did the other say to it? Positions issue by "
    "issue as they stood on a chosen date, and every article of Russia's December 2021 drafts "
    "with the US and NATO answers and Russia's reply.")

documents = data.tracker_documents(version)
dated = ds.positions["as_of"]
bounds = ((dated.min().date(), dated.max().date()) if not dated.empty
          else (pos.DEFAULT_AS_OF, pos.DEFAULT_AS_OF))
ss = st.session_state


def from_url() -> tuple[dict, list[str]]:
    parsed, notices = pos.state_from_params(state.query(), bounds, documents)
    return {"p_as_of": parsed.as_of, "p_docs": list(parsed.documents),
            "p_stances": list(parsed.stances), "p_text": parsed.text}, notices


widgets.show_notices(state.page_state("positions", ("p_as_of", "p_docs", "p_stances",
                                                    "p_text"), from_url))

with st.sidebar:
    st.subheader("Tracker filters")
    st.multiselect("Document", list(documents), key="p_docs", placeholder="Russia's two drafts")
    st.multiselect("Any answer's stance", list(pos.STANCE_LABELS), key="p_stances",
                   format_func=lambda s: pos.STANCE_LABELS[s], placeholder="Any stance")
    st.text_input("Search demands and answers", key="p_text", max_chars=200)

chosen = pos.PositionsState(as_of=ss["p_as_of"], documents=tuple(ss["p_docs"]),
                            stances=tuple(ss["p_stances"]), text=ss["p_text"].strip())
state.set_params(pos.state_to_params(chosen, bounds))
sources_line = data.source_line(version, [*ds.positions["source_ids"],
                                          *ds.demands["source_ids"],
                                          *ds.responses["source_ids"]])
labels = data.source_labels(version)

# --- side by side -----------------------------------------------------------------------------
st.header("US and Russia, side by side")
if widgets.require(ds, "positions"):
    st.slider("Positions as of", min_value=bounds[0], max_value=bounds[1], key="p_as_of",
              step=timedelta(days=1), format="D MMM YYYY")
    sides = data.side_by_side(version, chosen.as_of)
    st.caption(f"{len(sides)} issues. Each side's latest recorded position on or before "
               f"{fmt_date(chosen.as_of, 'long')}; the marker says how far apart the US and "
               "Russia were then, with the reasoning (the curators' assessment from the cited "
               "positions).")
    for row in sides[sides["recorded"]].itertuples(index=False):
        with st.container(border=True, key=f"issue-{row.issue}"):
            gap = (f"**{pos.GAP_ICONS[row.gap]} {pos.GAP_LABELS[row.gap]}** "
                   f"(as of {fmt_date(row.gap_as_of)}): {md_escape(row.gap_reason)}"
                   if row.gap else "*Distance not assessed for this date.*")
            st.markdown(f"#### {md_escape(row.issue)}\n\n{gap}")
            cols = st.columns(2)
            for col, side in zip(cols, ("us", "russia"), strict=True):
                with col:
                    cells.position_cell(side, row, labels)
            extra = [s for s in ("nato", "ukraine") if getattr(row, f"{s}_position")]
            holders = [s.upper() if s == "nato" else s.capitalize() for s in extra]
            holders += [other[0] for other in row.others]
            if holders:
                shown = ", ".join(holders[:4]) + (f" and {len(holders) - 4} more"
                                                   if len(holders) > 4 else "")
                with st.expander(f"Also: {shown}"):
                    for side in extra:
                        cells.position_cell(side, row, labels)
                    cells.other_positions(row.others, labels)
            if row.moved:
                with st.expander("How the positions moved"):
                    for day, side, text in row.history:
                        st.markdown(f"- {fmt_date(day)} · **{md_escape(side)}**: "
                                    f"{md_escape(text)}")
            link_cols = st.columns(4)
            for col, side in zip(link_cols, ("us", "russia"), strict=False):
                record = getattr(row, f"{side}_id")
                if record:
                    with col:
                        state.page_link("timeline", f"Open {record} on the timeline",
                                        {"record": record, "preset": "all"})
    later = sides[~sides["recorded"]]["issue"].tolist()
    if later:
        st.caption("No position recorded yet on this date for: "
                   + "; ".join(md_escape(i) for i in later) + ". Move the date later.")
    st.download_button("Download the side-by-side table (CSV)",
                       lambda: pos.side_by_side_csv(sides).encode("utf-8"), on_click="ignore",
                       file_name=f"positions-as-of-{chosen.as_of}.csv", mime="text/csv")

# --- the tracker --------------------------------------------------------------------------
st.header("Demand by demand")
chart = None
if widgets.require(ds, "demands", "responses"):
    russian = pos.filter_tracker(data.tracker(version, False), documents=chosen.documents,
                                 stances=chosen.stances, text=chosen.text)
    chart = data.stance_chart(version, chosen.documents, chosen.stances, chosen.text)
    widgets.chart(chart, key="stance_chart", name="answers-by-stance")
    if russian.empty:
        st.info("No article matches these filters.")
    texts = cells.tracker_texts(version, False)
    for row in russian.itertuples(index=False):
        cells.tracker_row(row, texts)
    st.download_button("Download the tracker (CSV)",
                       lambda: pos.tracker_csv(russian).encode("utf-8"), on_click="ignore",
                       file_name="russian-demands-and-answers.csv", mime="text/csv")

    st.header("The other direction: US and NATO proposals")
    proposals = pos.filter_tracker(data.tracker(version, True), stances=chosen.stances,
                                   text=chosen.text)
    st.caption("What the United States and NATO put on the table, and how Russia answered.")
    proposal_texts = cells.tracker_texts(version, True)
    for row in proposals.itertuples(index=False):
        cells.tracker_row(row, proposal_texts)

    if ds.available("positions"):
        st.download_button(
            "Download a printable briefing page (HTML: open it and print)",
            lambda: pos.printable_html(sides, russian, chosen.as_of,
                                       sources_line).encode("utf-8"), on_click="ignore",
            file_name=f"positions-and-demands-{chosen.as_of}.html", mime="text/html")

if ds.available("demands", "responses"):
    cited = {sid for ids in russian["sources"] for sid in ids}
    if ds.available("positions"):
        cited |= {sid for col in ("us_sources", "russia_sources") for ids in sides[col]
                  if ids for sid in ids}
    widgets.view_tools("Positions & demands", "positions",
                       {"answers-by-stance": chart} if chart is not None else {}, cited)
