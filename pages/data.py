"""Data & sources: every dataset with its filters, card and downloads; the sources and their
tiers; the disagreements; method and caveats; the glossary; how to cite."""

from datetime import date

import streamlit as st

from dashboard import cards, catalog, datapackage, provenance, urlstate
from dashboard.registry import DATASETS
from dashboard.text import fmt_date, md_escape, md_link
from dashboard.ui import data, state, widgets

version, ds = widgets.page_start(
    "Data & sources",
    "Every dataset behind the views, with the public pages it rests on: filter it, read its "
    "card, and download exactly the rows you chose, with their sources.")
ss = st.session_state
KEYS = ("d_dataset", "d_range", "d_sides", "d_persons", "d_topics", "d_text", "d_tab")
TAB_OF_LABEL = {label: tab for tab, label in catalog.TABS.items()}


def bounds_of(name: str) -> tuple[date, date] | None:
    dates = data.table(version, name).dates
    return None if dates is None or dates.dropna().empty else (
        dates.min().date(), dates.max().date())


def from_url() -> tuple[dict, list[str]]:
    people = frozenset(p.person_id for p in data.people(version))
    values, notices = urlstate.parse(catalog.SPEC, state.query(), {"people": people})
    bounds = bounds_of(values["dataset"])
    start, end = values["start"], values["end"]
    picked = (start or bounds[0], end or bounds[1]) if bounds else ()
    return {"d_dataset": values["dataset"], "d_range": picked, "d_sides": list(values["sides"]),
            "d_persons": list(values["persons"]), "d_topics": list(values["topics"]),
            "d_text": values["text"], "d_tab": catalog.TABS[values["tab"]]}, notices


def on_dataset() -> None:
    """Another dataset: its own dates (the filters that do not apply are dropped)."""
    bounds = bounds_of(ss["d_dataset"])
    ss["d_range"] = bounds or ()


widgets.show_notices(state.page_state("data", KEYS, from_url))
name = ss["d_dataset"]
dataset, table = DATASETS[name], data.table(version, name)
bounds = bounds_of(name)
labels = data.people(version).labels()

with st.sidebar:
    st.markdown("**Browse a dataset**")
    st.selectbox("Dataset", catalog.BROWSABLE, key="d_dataset", format_func=catalog.TITLES.get,
                 on_change=on_dataset)
    st.caption("These filters apply to the Datasets tab.")
    if bounds:
        st.date_input("Dates", key="d_range", min_value=bounds[0], max_value=bounds[1],
                      format="YYYY-MM-DD")
    if dataset.side_column:
        st.multiselect("Side", list(catalog.schemas.SIDES), key="d_sides",
                       placeholder="Any side")
    if table.persons is not None:
        named = sorted({p for ids in table.persons for p in ids}, key=lambda p: labels.get(p, p))
        st.multiselect("People", named, key="d_persons", placeholder="Anyone",
                       format_func=lambda p: labels.get(p, p))
    if "topics" in table.frame.columns:
        st.multiselect("Topic", list(catalog.schemas.TOPICS), key="d_topics",
                       format_func=lambda t: t.replace("_", " "), placeholder="Any topic")
    st.text_input("Search this dataset", key="d_text", max_chars=200,
                  help="Every word, in any order. Month names and years narrow the dates "
                  "(“Lavrov January 2022”); a person's name finds the records they are in.")

picked = ss.get("d_range") or ()
start, end = (picked[0], picked[1]) if len(picked) == 2 else (None, None)
if bounds and (start, end) == bounds:
    start = end = None  # the whole span: no date filter
text = ss["d_text"].strip()
chosen = {"sides": tuple(ss["d_sides"]) if dataset.side_column else (),
          "persons": tuple(ss["d_persons"]) if table.persons is not None else (),
          "topics": tuple(ss["d_topics"]) if "topics" in table.frame.columns else ()}
state.set_params(urlstate.unparse(catalog.SPEC, {
    "dataset": name, "start": start, "end": end, "text": text, **chosen,
    "tab": TAB_OF_LABEL.get(ss["d_tab"], "datasets")}, {}))
shown = data.search(version, name, text, start=start, end=end, **chosen)

PRESENT_ROWS = 15


def present() -> None:
    """A slide of the chosen rows: the dataset, how many rows match, the first rows as a
    plain table, and what the sources are."""
    st.header(catalog.TITLES[name])
    st.markdown(f"**{len(shown):,}** of {len(table.frame):,} rows"
                + (" match the filters" if len(shown) < len(table.frame) else ""))
    records = data.all_records(version)
    rows = (records[records["record_id"].isin(shown[dataset.id_column])]
            .sort_values("date")[["date", "kind", "side", "title"]] if dataset.kind
            else table.flat.loc[shown.index].iloc[:, :5])
    if len(rows) > PRESENT_ROWS:
        st.caption(f"The first {PRESENT_ROWS} of {len(rows):,}")
    first = rows.head(PRESENT_ROWS)
    if dataset.kind:
        first = first.assign(date=first["date"].map(fmt_date))
    if not first.empty:
        st.table(first.rename(columns=str.capitalize), hide_index=True)
    registry = data.table(version, "registry")
    tiers = provenance.sources_by_tier(registry.frame)
    st.markdown(f"**{len(registry.frame):,}** public pages cited: "
                + ", ".join(f"{n:,} {provenance.TIER_LABELS[t].split(' (')[0].lower()}"
                            for t, n in tiers.items()) + ".")


if state.presenting():
    present()
    st.stop()

st.download_button("Download the whole dataset (zip: every CSV file, datapackage.json, the "
                   "data cards and the license)", lambda: datapackage.zip_bytes(ds.data_dir),
                   on_click="ignore", file_name="us-russia-dialogue-data.zip",
                   mime="application/zip", key="dl_all", icon=":material/folder_zip:")


def datasets_tab() -> None:
    """The chosen dataset's rows (the sidebar's filters), its downloads and card."""
    st.header(catalog.TITLES[name])
    st.markdown(f"**{len(shown):,}** of {len(table.frame):,} rows"
                + (" match the filters in the sidebar" if len(shown) < len(table.frame) else ""))
    rows = table.flat.loc[shown.index]
    if "source_ids" in rows.columns:
        first_url = ds.sources.set_index("source_id")["url"]
        rows.insert(1, "first_source", shown["source_ids"].map(
            lambda ids: first_url.get(ids[0]) if ids else None))
    st.dataframe(rows, hide_index=True, key="data_table", column_config={
        "first_source": st.column_config.LinkColumn("Source", display_text="open ↗"),
    })
    left, right = st.columns(2)  # the rows with their sources resolved when downloaded
    left.download_button("Download these rows (CSV, every column, sources resolved)",
                         lambda: catalog.to_csv(catalog.with_sources(shown, ds.sources)),
                         on_click="ignore",
                         file_name=f"{name}-filtered.csv", mime="text/csv", key="dl_csv")
    right.download_button("Download these rows (Excel)",
                          lambda: catalog.to_xlsx(catalog.with_sources(shown, ds.sources), name),
                          on_click="ignore", file_name=f"{name}-filtered.xlsx", key="dl_xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml"
                          ".sheet")
    card = cards.read_card(ds.data_dir, name)
    with st.expander(f"Data card: {name}.csv (every column explained)", expanded=False):
        st.markdown(cards.for_page(card, levels=2) if card else f"No data card for {name}.csv.")


def sources_tab() -> None:
    """Every public page cited, with its tier, and the tier mix per dataset."""
    registry = data.table(version, "registry")
    tiers = provenance.sources_by_tier(registry.frame)
    st.markdown(f"**{len(registry.frame):,}** public pages, each cited at least once: "
                + ", ".join(f"{n:,} {provenance.TIER_LABELS[t].split(' (')[0].lower()}"
                            for t, n in tiers.items()) + ".")
    st.markdown("**How close each record's first source is to the original** (share of "
                "records whose first cited page is of each tier):")
    st.dataframe(data.tier_mix(version), hide_index=True, key="tier_mix", column_config={
        "dataset": "Dataset", "records": "Records",
        **{t: st.column_config.NumberColumn(t.capitalize(), format="%.1f %%")
           for t in provenance.TIERS}})
    query = st.text_input("Search the sources", key="d_sources_q", max_chars=200)
    found = data.search(version, "registry", query.strip())
    st.markdown(f"**{len(found):,}** of {len(registry.frame):,} pages"
                + (" match this search" if query.strip() else ""))
    st.dataframe(registry.flat.loc[found.index][["origin", "title", "publisher", "url",
                                                 "published", "tier", "kind", "cited_by",
                                                 "source_id"]],
                 hide_index=True, key="sources_table", column_config={
                     "url": st.column_config.LinkColumn("Page"),
                     "cited_by": st.column_config.NumberColumn("Cited by (records)"),
                 })
    st.download_button("Download these sources (CSV)", lambda: catalog.to_csv(found),
                       on_click="ignore", file_name="sources.csv", mime="text/csv",
                       key="dl_sources")


def discrepancies_tab() -> None:
    """The points where sources disagree or a published claim is wrong."""
    disc_table = data.table(version, "discrepancies")
    query = st.text_input("Search the disagreements", key="d_disc_q", max_chars=200)
    disc = data.search(version, "discrepancies", query.strip())
    st.markdown(f"**{len(disc):,}** of {len(disc_table.frame):,} points where sources "
                "disagree or a published claim is wrong"
                + (" match this search" if query.strip() else "")
                + "; each is shown beside its record in the other views.")
    st.dataframe(disc_table.flat.loc[disc.index][["record_id", "kind", "for_readers", "claim",
                                                  "finding", "source_ids"]],
                 hide_index=True, key="disc_table", column_config={
                     "for_readers": st.column_config.TextColumn("In short", width="large")})


def method_tab() -> None:
    """How the data was gathered and checked, for readers."""
    method = ds.data_dir / "method.md"
    if method.exists():
        st.markdown(method.read_text(encoding="utf-8"))
    st.markdown("## Each dataset in numbers")
    st.markdown("\n".join(f"- {catalog.TITLES[n]}: {count:,} rows"
                          for n, count in ds.row_counts().items()))


def glossary_tab() -> None:
    """The terms the views use, each with its sources."""
    labels_of = data.source_labels(version)
    for term in data.glossary_terms(version):
        links = " · ".join(md_link(f"{labels_of[s][4]}: {labels_of[s][1]}", labels_of[s][3])
                           for s in term.source_ids if s in labels_of)
        st.markdown(f"**{md_escape(term.term)}**"
                    + (f" ({md_escape(', '.join(term.aliases))})" if term.aliases else "")
                    + f": {md_escape(term.definition)}")
        st.caption(f"Sources: {links}")


def cite_tab() -> None:
    """How to cite the dashboard and a single record."""
    as_of = data.data_as_of(version)
    st.markdown("**The dashboard**")
    st.code(catalog.cite_dashboard(as_of, state.base_url() + "/"), language=None,
            wrap_lines=True)
    st.markdown("**A single record**: pick one of the rows shown in the Datasets tab.")
    if not shown.empty and dataset.kind:
        record_id = st.selectbox("Record", shown[dataset.id_column].tolist(), key="d_cite")
        row = shown[shown[dataset.id_column] == record_id].iloc[0]
        link = state.share_url("timeline", {"record": record_id, "preset": "all"})
        st.code(catalog.cite_record(name, row, ds.sources, link), language=None,
                wrap_lines=True)
    st.caption(f"Data as of {fmt_date(as_of, 'long')}." if as_of else "")


# Only the open tab runs (the tabs rerun the page when another is picked): a search in the
# sidebar does not redraw the glossary, the sources and the citations.
for tab, draw in zip(st.tabs(list(catalog.TABS.values()), key="d_tab", on_change="rerun"),
                     (datasets_tab, sources_tab, discrepancies_tab, method_tab, glossary_tab,
                      cite_tab), strict=True):
    if tab.open is not False:
        with tab:
            draw()

widgets.view_tools("Data & sources", "data", {},
                   {sid for ids in shown.get("source_ids", []) for sid in ids})
