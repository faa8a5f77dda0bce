"""Data & sources: every dataset with its card, the sources registry, method, glossary, citing."""

import streamlit as st

from dashboard import cards, catalog, glossary, schemas, ui

ds = ui.datasets()
st.title("Data & sources")
st.caption("Every dataset behind the views, searchable, with its data card and the public pages "
           "it rests on. Download exactly the rows you filtered.")
ui.problems_banner(ds)

names = [n for n in schemas.SCHEMAS if n != "sources"]
ss = st.session_state


def from_url() -> tuple[dict, list[str]]:
    params = st.query_params.to_dict()
    notices = []
    chosen = params.get("dataset", "meetings")
    if chosen not in names:
        notices.append(f"Unknown dataset {chosen[:40]!r} in the link; showing meetings.")
        chosen = "meetings"
    sides = [s for s in params.get("side", "").split(",") if s]
    if any(s not in schemas.SIDES for s in sides):
        notices.append("Ignored unknown sides in the link.")
    return {"d_dataset": chosen, "d_sides": [s for s in sides if s in schemas.SIDES],
            "d_text": params.get("q", "")[:200]}, notices


ui.show_notices(ui.page_state("data", ("d_dataset", "d_sides", "d_text"), from_url))

with st.sidebar:
    st.subheader("Browse")
    st.selectbox("Dataset", names, key="d_dataset", format_func=catalog.TITLES.get)
    st.multiselect("Side", list(schemas.SIDES), key="d_sides", placeholder="Any side")
    st.text_input("Search every column", key="d_text", max_chars=200)

name, text, sides = ss["d_dataset"], ss["d_text"].strip(), tuple(ss["d_sides"])
wanted = {k: v for k, v in (("dataset", name if name != "meetings" else ""),
                            ("side", ",".join(sides)), ("q", text)) if v}
ui.set_params(wanted)

tab_data, tab_sources, tab_disc, tab_method, tab_glossary, tab_cite = st.tabs(
    ["Datasets", "Sources", "Discrepancies", "Method & caveats", "Glossary", "How to cite"])

with tab_data:
    frame = ds.frames[name]
    shown = catalog.search(frame, text=text, sides=sides,
                           texts=ui.cached("haystack", lambda: catalog.haystack(frame), name))
    st.subheader(catalog.TITLES[name])
    st.markdown(f"**{len(shown):,}** of {len(frame):,} rows"
                + (f" match “{ui.md_escape(text)}”" if text else "")
                + (f" for {ui.md_escape(', '.join(sides))}" if sides else ""))
    table = ui.cached("flat", lambda: catalog.flat(frame), name).loc[shown.index]
    if "source_ids" in table.columns:
        first_url = ds.sources.set_index("source_id")["url"]
        table.insert(1, "first_source", shown["source_ids"].map(
            lambda ids: first_url.get(ids[0]) if ids else None))
    st.dataframe(table, hide_index=True, key="data_table", column_config={
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
    registry = ui.cached("registry", lambda: catalog.citation_counts(ds))
    st.markdown(f"**{len(registry):,}** public pages, each cited by at least one record. "
                f"{(registry['kind'] == 'official').sum():,} official, "
                f"{(registry['kind'] == 'news').sum():,} news, "
                f"{(registry['kind'] == 'analysis').sum():,} analysis, "
                f"{(registry['kind'] == 'other').sum():,} other (re-posts and mirrors).")
    found = catalog.search(registry, text=text, texts=ui.cached(
        "haystack", lambda: catalog.haystack(registry), "registry"))
    st.dataframe(ui.cached("flat", lambda: catalog.flat(registry), "registry")
                 .loc[found.index][["publisher", "title", "url", "published", "kind",
                                      "cited_by", "source_id"]],
                 hide_index=True, key="sources_table", column_config={
                     "url": st.column_config.LinkColumn("Page"),
                     "cited_by": st.column_config.NumberColumn("Cited by (records)"),
                 })
    st.download_button("Download the sources (CSV)", lambda: catalog.to_csv(found),
                       on_click="ignore", file_name="sources.csv", mime="text/csv",
                       key="dl_sources")

with tab_disc:
    disc = catalog.search(ds.discrepancies, text=text, texts=ui.cached(
        "haystack", lambda: catalog.haystack(ds.discrepancies), "discrepancies"))
    st.markdown(f"**{len(disc):,}** points where sources disagree or a published claim is "
                "wrong, each shown beside its record in the other views.")
    st.dataframe(ui.cached("flat", lambda: catalog.flat(ds.discrepancies), "discrepancies")
                 .loc[disc.index], hide_index=True, key="disc_table")

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
        links = " · ".join(ui.md_link(name_, url) for name_, url in term.sources)
        st.markdown(f"**{ui.md_escape(term.term)}**: {ui.md_escape(term.definition)}")
        st.caption(f"Source: {links}")

with tab_cite:
    url = str(st.context.url or "")
    st.markdown("**The dashboard**")
    st.code(catalog.cite_dashboard(ui.data_as_of(), url.split("?")[0]), language=None,
            wrap_lines=True)
    st.markdown("**A single record**: pick one of the rows shown in the Datasets tab.")
    if not shown.empty:
        id_column = schemas.id_column(name)
        record_id = st.selectbox("Record", shown[id_column].tolist(), key="d_cite")
        row = shown[shown[id_column] == record_id].iloc[0]
        base = url.split("/data")[0] if "/data" in url else url.split("?")[0]
        st.code(catalog.cite_record(name, row, ds.sources,
                                    f"{base}/timeline?record={record_id}&preset=all"),
                language=None, wrap_lines=True)

ui.view_tools("Data & sources", "data", {},
              {sid for ids in shown.get("source_ids", []) for sid in ids})
