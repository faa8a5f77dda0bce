"""Positions & demands: US vs Russia issue by issue, and every demand with its answers."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from dashboard import figures, ui
from dashboard import positions as pos

ds = ui.datasets()
st.title("Positions & demands")
st.caption("What exactly did each side want, and what did the other say to it? Positions issue "
           "by issue as they stood on a chosen date, and every article of Russia's December "
           "2021 drafts with the US and NATO answers and Russia's reply.")
ui.problems_banner(ds)

demands, responses = ds.demands, ds.responses
documents = ui.cached("documents", lambda: tuple(dict.fromkeys(
    [*pos.RUSSIAN_DOCUMENTS, *pos.proposal_documents(demands)])))
dated = ds.positions["as_of"]
bounds = ((dated.min().date(), dated.max().date()) if not dated.empty
          else (pos.DEFAULT_AS_OF, pos.DEFAULT_AS_OF))
ss = st.session_state


def from_url() -> tuple[dict, list[str]]:
    state, notices = pos.state_from_params(st.query_params.to_dict(), bounds, documents)
    return {"p_as_of": state["as_of"], "p_docs": list(state["documents"]),
            "p_stances": list(state["stances"]), "p_text": state["text"]}, notices


ui.show_notices(ui.page_state("positions", ("p_as_of", "p_docs", "p_stances", "p_text"),
                              from_url))

with st.sidebar:
    st.subheader("Tracker filters")
    st.multiselect("Document", list(documents), key="p_docs", placeholder="Russia's two drafts")
    st.multiselect("Any answer's stance", list(pos.STANCE_LABELS), key="p_stances",
                   format_func=lambda s: pos.STANCE_LABELS[s], placeholder="Any stance")
    st.text_input("Search demands and answers", key="p_text", max_chars=200)

state = {"as_of": ss["p_as_of"], "documents": tuple(ss["p_docs"]),
         "stances": tuple(ss["p_stances"]), "text": ss["p_text"].strip()}
wanted = pos.state_to_params(state, bounds)
ui.set_params(wanted)
sources_line = figures.source_line(ui.publishers())

# --- side by side -----------------------------------------------------------------------------
st.header("US and Russia, side by side")
if ui.require(ds, "positions"):
    st.slider("Positions as of", min_value=bounds[0], max_value=bounds[1], key="p_as_of",
              step=timedelta(days=1), format="D MMM YYYY")
    # the table changes only when the date passes a position's date: cached per known count
    known = int((ds.positions["as_of"] <= pd.Timestamp(state["as_of"])).sum())
    sides = ui.cached("side-by-side", lambda: pos.side_by_side(
        ds.positions, ds.statements, state["as_of"]), known)
    st.caption(f"{len(sides)} issues. Each side's latest recorded position on or before "
               f"{state['as_of']:%-d %B %Y}; the marker says how far apart the US and Russia "
               "were then, with the reasoning (the curators' assessment from the cited "
               "positions).")
    for row in sides[sides["recorded"]].itertuples(index=False):
        with st.container(border=True, key=f"issue-{row.issue}"):
            gap = (f"**{pos.GAP_ICONS[row.gap]} {pos.GAP_LABELS[row.gap]}** "
                   f"(as of {row.gap_as_of:%-d %b %Y}): {ui.md_escape(row.gap_reason)}"
                   if row.gap else "*Distance not assessed for this date.*")
            st.markdown(f"#### {ui.md_escape(row.issue)}\n\n{gap}")
            cols = st.columns(2)
            for col, side in zip(cols, ("us", "russia"), strict=True):
                with col:
                    ui.position_cell(side, row)
            extra = [s for s in ("nato", "ukraine") if getattr(row, f"{s}_position")]
            if extra:
                with st.expander("Also: " + " and ".join(s.upper() if s == "nato" else
                                                          s.capitalize() for s in extra)):
                    for side in extra:
                        ui.position_cell(side, row)
            if row.moved:
                with st.expander("How the positions moved"):
                    for day, side, text in row.history:
                        st.markdown(f"- {day:%-d %b %Y} · **{ui.md_escape(side)}**: "
                                    f"{ui.md_escape(text)}")
            ids = [getattr(row, f"{s}_id") for s in ("us", "russia")
                   if getattr(row, f"{s}_id")]
            st.markdown(" · ".join(f"[Open {i} on the timeline](/timeline?record={i}&preset=all)"
                                   for i in ids))
    later = sides[~sides["recorded"]]["issue"].tolist()
    if later:
        st.caption("No position recorded yet on this date for: "
                   + "; ".join(ui.md_escape(i) for i in later) + ". Move the date later.")
    st.download_button("Download the side-by-side table (CSV)",
                       lambda: pos.side_by_side_csv(sides).encode("utf-8"), on_click="ignore",
                       file_name=f"positions-as-of-{state['as_of']}.csv", mime="text/csv")

# --- the tracker --------------------------------------------------------------------------
st.header("Demand by demand")
if ui.require(ds, "demands", "responses"):
    full = ui.cached("tracker", lambda: pos.tracker(demands, responses))
    russian = pos.filter_tracker(full, documents=state["documents"], stances=state["stances"],
                                 text=state["text"])
    narrowing = "; ".join(part for part in (
        ", ".join(state["documents"]),
        ", ".join(pos.STANCE_LABELS[s] for s in state["stances"]),
        f"text “{state['text']}”" if state["text"] else "") if part) or None
    chart = ui.cached("stance-chart", lambda: figures.freeze(pos.stance_figure(
        pos.stance_counts(russian), as_of=ui.data_as_of(), source=sources_line,
        filters=narrowing)), state["documents"], state["stances"], state["text"])
    ui.chart(chart, key="stance_chart", name="answers-by-stance")
    if russian.empty:
        st.info("No article matches these filters.")
    for row in russian.itertuples(index=False):
        ui.tracker_row(row)
    st.download_button("Download the tracker (CSV)",
                       lambda: pos.tracker_csv(russian).encode("utf-8"), on_click="ignore",
                       file_name="russian-demands-and-answers.csv", mime="text/csv")

    st.header("The other direction: US and NATO proposals")
    proposals = pos.filter_tracker(
        ui.cached("proposals", lambda: pos.tracker(demands, responses,
                                                   pos.proposal_documents(demands))),
        stances=state["stances"], text=state["text"])
    st.caption("What the United States and NATO put on the table, and how Russia answered.")
    for row in proposals.itertuples(index=False):
        ui.tracker_row(row, answers=(("Russia", "ru"),))

    if ds.available("positions"):
        st.download_button(
            "Download a printable briefing page (HTML: open it and print)",
            lambda: pos.printable_html(sides, russian, state["as_of"],
                                       sources_line).encode("utf-8"), on_click="ignore",
            file_name=f"positions-and-demands-{state['as_of']}.html", mime="text/html")

if ds.available("demands", "responses"):
    cited = {sid for ids in russian["sources"] for sid in ids}
    if ds.available("positions"):
        cited |= {sid for col in ("us_sources", "russia_sources") for ids in sides[col]
                  if ids for sid in ids}
    ui.view_tools("Positions & demands", "positions", {"answers-by-stance": chart}, cited)
