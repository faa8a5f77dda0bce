"""Data & sources: every dataset with its card, the sources registry, method, glossary, citing."""

import streamlit as st

from dashboard import cards, catalog, datapackage, glossary, provenance, urlstate
from dashboard.registry import DATASETS
from dashboard.text import md_escape, md_link
from dashboard.ui import data, state, widgets

version, ds = widgets.page_start(
    "Data & sources",
    "Every dataset behind the views, searchable, with its data card and the public pages it "
    "rests on. Download exactly the rows you filtered.")
ss = st.session_state


def from_url() -> tuple[dict, list[str]]:
    values, notices = urlstate.parse(catalog.SPEC, state.query(), {})
    return {"d_dataset": values["dataset"], "d_sides": list(values["sides"]),
            "d_text": values["text"]}, notices


widgets.show_notices(state.page_state("data", ("d_dataset", "d_sides", "d_text"), from_url))

with st.sidebar:
    st.subheader("Browse")
    st.selectbox("Dataset", catalog.BROWSABLE, key="d_dataset", format_func=catalog.TITLES.get)
    st.multiselect("Side", list(catalog.schemas.SIDES), key="d_sides", placeholder="Any side")
    st.text_input("Search every column", key="d_text", max_chars=200)

name, text, sides = ss["d_dataset"], ss["d_text"].strip(), tuple(ss["d_sides"])
state.set_params(urlstate.unparse(catalog.SPEC, {"dataset": name, "sides": sides,
                                                 "text": text}, {}))

st.download_button("Download the whole dataset (zip: every CSV file, datapackage.json, the "
                   "data cards and the license)", lambda: datapackage.zip_bytes(ds.data_dir),
                   on_click="ignore", file_name="us-russia-dialogue-data.zip",
                   mime="application/zip", key="dl_all", icon=":material/folder_zip:")

tab_data, tab_sources, tab_disc, tab_method, tab_glossary, tab_cite = st.tabs(
    ["Datasets", "Sources", "Discrepancies", "Method & caveats", "Glossary", "How to cite"])

with tab_data:
    frame, flat, _ = data.table(version, name)
    shown = data.search(version, name, text, sides)
    st.subheader(catalog.TITLES[name])
    st.markdown(f"**{len(shown):,}** of {len(frame):,} rows"
                + (f" match “{md_escape(text)}”" if text else "")
                + (f" for {md_escape(', '.join(sides))}" if sides else ""))
    rows = flat.loc[shown.index]
    if "source_ids" in rows.columns:
        first_url = ds.sources.set_index("source_id")["url"]
        rows.insert(1, "first_source", shown["source_ids"].map(
            lambda ids: first_url.get(ids[0]) if ids else None))
    st.dataframe(rows, hide_index=True, key="data_table", column_config={
        "first_source": st.column_config.LinkColumn("Source", display_text="open ↗"),
    })
    left, right = st.columns(2)
    left.download_button("Download these rows (CSV)", lambda: catalog.to_csv(shown),
                         on_click="ignore", file_name=f"{name}-filtered.csv", mime="text/csv",
                         key="dl_csv")
    right.download_button("Download these rows (Excel)", lambda: catalog.to_xlsx(shown, name),
                          on_click="ignore", file_name=f"{name}-filtered.xlsx", key="dl_xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml"
                          ".sheet")
    card = cards.read_card(ds.data_dir, name)
    with st.expander(f"Data card: {name}.csv", expanded=False):
        if card:
            st.markdown(card)  # written by the maintainers, shipped with the data
        else:
            st.warning(f"No data card for {name}.csv.")

with tab_sources:
    registry, registry_flat, _ = data.table(version, "registry")
    tiers = provenance.sources_by_tier(registry)
    st.markdown(f"**{len(registry):,}** public pages, each cited by at least one record: "
                + ", ".join(f"{n:,} {provenance.TIER_LABELS[t].split(' (')[0].lower()}"
                            for t, n in tiers.items()) + ".")
    st.markdown("**How close the first source of each record is to the original** "
                "(share of records whose first cited page is of each tier):")
    st.dataframe(data.tier_mix(version), hide_index=True, key="tier_mix", column_config={
        "dataset": "Dataset", "records": "Records",
        **{t: st.column_config.NumberColumn(t.capitalize(), format="%.1f %%")
           for t in provenance.TIERS}})
    found = data.search(version, "registry", text, ())
    st.markdown(f"**{len(found):,}** of {len(registry):,} pages"
                + (f" match “{md_escape(text)}” (the sidebar's search)" if text else ""))
    st.dataframe(registry_flat.loc[found.index][["origin", "title", "publisher", "url",
                                                 "published", "tier", "kind", "cited_by",
                                                 "source_id"]],
                 hide_index=True, key="sources_table", column_config={
                     "url": st.column_config.LinkColumn("Page"),
                     "cited_by": st.column_config.NumberColumn("Cited by (records)"),
                 })
    st.download_button("Download the sources (CSV)", lambda: catalog.to_csv(found),
                       on_click="ignore", file_name="sources.csv", mime="text/csv",
                       key="dl_sources")

with tab_disc:
    disc = data.search(version, "discrepancies", text, ())
    _, disc_flat, _ = data.table(version, "discrepancies")
    st.markdown(f"**{len(disc):,}** points where sources disagree or a published claim is "
                "wrong, each shown beside its record in the other views.")
    st.dataframe(disc_flat.loc[disc.index], hide_index=True, key="disc_table")

with tab_method:
    readme = (ds.data_dir / "README.md")
    if readme.exists():
        st.markdown(readme.read_text(encoding="utf-8"))
    st.markdown(
        "#### Caveats for every view\n"
        "- The records are what public sources reported; the absence of a record is not "
        "evidence that nothing happened.\n"
        "- Troop figures count different things; read each estimate's scope.\n"
        "- Russian statements are English translations as published.\n"
        "- The distance marker on the positions page is the curators' assessment.")

with tab_glossary:
    for term in glossary.TERMS:
        links = " · ".join(md_link(name_, url) for name_, url in term.sources)
        st.markdown(f"**{md_escape(term.term)}**: {md_escape(term.definition)}")
        st.caption(f"Source: {links}")

with tab_cite:
    st.markdown("**The dashboard**")
    st.code(catalog.cite_dashboard(data.data_as_of(version), state.base_url() + "/"),
            language=None, wrap_lines=True)
    st.markdown("**A single record**: pick one of the rows shown in the Datasets tab.")
    if not shown.empty:
        id_column = DATASETS[name].id_column
        record_id = st.selectbox("Record", shown[id_column].tolist(), key="d_cite")
        row = shown[shown[id_column] == record_id].iloc[0]
        link = state.share_url("timeline", {"record": record_id, "preset": "all"})
        st.code(catalog.cite_record(name, row, ds.sources, link), language=None,
                wrap_lines=True)

widgets.view_tools("Data & sources", "data", {},
                   {sid for ids in shown.get("source_ids", []) for sid in ids})
