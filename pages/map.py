"""Border buildup map: deployment sites as known on a date, distances to Ukraine's border."""

import dataclasses
from datetime import timedelta
from functools import partial

import streamlit as st

from dashboard import buildup_map as bm
from dashboard import export
from dashboard.text import clip, fmt_date, md_escape
from dashboard.ui import data, record, state, widgets

version, ds = widgets.page_start(
    "Border buildup map",
    "Russian forces reported at named sites in Russia, Belarus and occupied Crimea, as known "
    "on the chosen date. Circles grow with the reported strength; colour and outline give the "
    "confidence; older observations fade.")
if not widgets.require(ds, "deployments"):
    st.stop()

borders, sites, border_frame = data.map_data(version)
dates = sorted(sites["date"].dt.date.unique())
bounds = (dates[0], max(dates[-1], bm.DEFAULT_AS_OF)) if dates else (bm.DEFAULT_AS_OF,) * 2
ss = st.session_state


def from_url() -> tuple[dict, list[str]]:
    parsed, notices = bm.state_from_params(state.query(), bounds,
                                           frozenset(sites["deployment_id"]))
    return {"m_as_of": parsed.as_of, "m_within": parsed.within_km,
            "m_countries": list(parsed.countries), "m_confidence": list(parsed.confidence),
            "m_site": parsed.site}, notices


widgets.show_notices(state.page_state(
    "map", ("m_as_of", "m_within", "m_countries", "m_confidence", "m_site"), from_url))


def step(direction: int) -> None:
    """Jump to the previous or next date on which a site was observed."""
    current = ss["m_as_of"]
    later = [d for d in dates if d > current]
    earlier = [d for d in dates if d < current]
    if direction > 0 and later:
        ss["m_as_of"] = later[0]
    elif direction < 0 and earlier:
        ss["m_as_of"] = earlier[-1]


def jump(day) -> None:
    ss["m_as_of"] = day


def select_site(deployment_id) -> None:
    ss["m_site"] = deployment_id


def on_site_row(ids: list[str]) -> None:
    rows = widgets.picked_rows("sites_table")
    if rows and rows[0] < len(ids):
        select_site(ids[rows[0]])


def on_circle() -> None:
    """A click on a circle of the map opens that site's record."""
    event = ss.get("buildup_map")
    objects = (getattr(event, "selection", None) or {}).get("objects", {})
    picked = next((o.get("deployment_id") for o in objects.get("sites", [])), None)
    if picked:
        select_site(picked)


def picture(chosen: bm.MapState, size: str, fmt: str) -> bytes:
    """The view's map as a picture (cached per view, size and format; the site aside)."""
    return data.map_picture(version, dataclasses.replace(chosen, site=None), size, fmt)


def describe(chosen: bm.MapState, n: int) -> str:
    """The map in words: its text alternative."""
    note = bm.filters_note(chosen)
    return (f"Map of {n} site{'s' if n != 1 else ''} where Russian forces were reported near "
            f"Ukraine, as known on {fmt_date(chosen.as_of, 'long')}"
            + (f" ({note})" if note else "") + ".")


def present(chosen: bm.MapState, n: int) -> None:
    """Presentation mode: only the map as a 16:9 picture (title, date, legend and sources
    drawn in), as large as the screen allows, and nothing to click."""
    st.html(f"<style>{PRESENT_CSS}</style>")
    with st.container(key="map-picture"):
        st.image(picture(chosen, export.SIZES[0].key, "png"), width="stretch",
                 alt=describe(chosen, n))


#: The picture's height from its width (16:9), and no taller than the screen below the
#: page's title: the legend and the source line stay in view.
PRESENT_CSS = """
  .st-key-map-picture img { width: auto !important; max-width: 100%; display: block;
    max-height: calc(100vh - 11rem); aspect-ratio: 16 / 9; margin: 0 auto; }
  .st-key-map-picture [data-testid="stFullScreenFrame"] > div,
  .st-key-map-picture [data-testid="stImage"] { width: 100%; justify-content: center; }
  .st-key-map-picture [data-testid="stElementToolbar"] { display: none; }
"""


def picture_tools(chosen: bm.MapState) -> None:
    """The map as a picture for slides and print (drawn when a button is clicked)."""
    widgets.picture_downloads(
        "Map as a picture for slides and print", "m-picture",
        f"us-russia-dialogue-map-{chosen.as_of.isoformat()}",
        lambda size, fmt: picture(chosen, size.key, fmt),
        "title, date, legend and sources drawn in")


def briefing_pack(chosen: bm.MapState, charts: dict, source_ids: set[str], link: str) -> bytes:
    """The zip of the view: the map's picture first, the charts, every source's citation."""
    return export.briefing_pack("Border buildup map", charts, ds.sources, source_ids,
                                data.data_as_of(version), link,
                                images={"map": picture(chosen, export.SIZES[0].key, "png")})


def share_and_export(chosen: bm.MapState, charts: dict, source_ids: set[str]) -> None:
    """The view's link and its briefing pack (drawn when the download is clicked)."""
    link = state.current_share_url("map")
    with widgets.share_panel("map") as panel:
        if not panel.open:
            return
        st.markdown("**Link to this view** (date, filters and selected site included):")
        st.code(link, language=None, wrap_lines=True)
        st.markdown(f"**Briefing pack**: the map as a 16:9 picture (3840×2160, with its title, "
                    f"date, legend and sources), the {len(charts)} chart(s) of this view as PNG "
                    f"and the full citations of the {len(source_ids)} sources behind the sites "
                    "shown, in one zip.")
        st.download_button("Download the briefing pack (zip)",
                           partial(briefing_pack, chosen, charts, source_ids, link),
                           file_name="us-russia-dialogue-map-briefing.zip",
                           mime="application/zip", key="pack-map-dl", on_click="ignore",
                           icon=":material/folder_zip:")


if state.presenting():
    chosen = bm.MapState(as_of=ss["m_as_of"], within_km=ss["m_within"],
                         countries=tuple(ss["m_countries"]),
                         confidence=tuple(ss["m_confidence"]), site=ss.get("m_site"))
    state.set_params(bm.state_to_params(chosen, bounds))
    present(chosen, len(bm.apply_state(bm.sites_as_of(sites, chosen.as_of), chosen)))
    st.stop()

with st.sidebar:
    st.markdown("**Map filters**")
    st.select_slider("Distance to Ukraine's border", options=list(bm.DISTANCE_CHOICES),
                     key="m_within",
                     format_func=lambda km: "Any distance" if km == 0 else f"Within {km} km")
    st.multiselect("Country", list(bm.DEPLOYMENT_COUNTRIES), key="m_countries",
                   placeholder="All", format_func=lambda c: "Ukraine (occupied Crimea)"
                   if c == "Ukraine" else c)
    st.multiselect("Confidence", list(bm.CONFIDENCE), key="m_confidence", placeholder="All")
    basemap = st.toggle("Web basemap (needs the internet)", value=False,
                        help="Off: the map draws only the borders shipped with the app and "
                        "makes no request.")

st.slider("As of", min_value=bounds[0], max_value=bounds[1], key="m_as_of",
          step=timedelta(days=1), format="D MMM YYYY")
cols = st.columns([1, 1, 6])
cols[0].button("◀ Earlier", on_click=step, args=(-1,), width="stretch",
               help="The previous date with a new observation")
cols[1].button("Later ▶", on_click=step, args=(1,), width="stretch",
               help="The next date with a new observation")
with cols[2]:
    preset_cols = st.columns(len(bm.PRESET_DATES))
    for col, (label, why, day) in zip(preset_cols, bm.PRESET_DATES, strict=True):
        col.button(label, on_click=jump, args=(day,), width="stretch", key=f"preset-{day}",
                   help=why)

chosen = bm.MapState(as_of=ss["m_as_of"], within_km=ss["m_within"],
                     countries=tuple(ss["m_countries"]), confidence=tuple(ss["m_confidence"]),
                     site=ss.get("m_site"))
state.set_params(bm.state_to_params(chosen, bounds))

shown = bm.apply_state(bm.sites_as_of(sites, chosen.as_of), chosen)
publishers = data.publisher_names(version)
left, right = st.columns([5, 2], gap="medium")
with left:
    st.markdown(f"**{len(shown)} site{'s' if len(shown) != 1 else ''}** with forces reported "
                f"up to {fmt_date(chosen.as_of, 'long')}")
    deck = bm.buildup_deck(borders, bm.tooltip_rows(shown, publishers), selected=chosen.site,
                           basemap=bm.CARTO_LIGHT if basemap else None,
                           view=bm.fit_view(bm.view_bounds(border_frame, sites)))
    st.pydeck_chart(deck, height=620, key="buildup_map", on_select=on_circle,
                    selection_mode="single-object", alt=describe(chosen, len(shown)))
    st.caption("Legend: circle area grows with the reported troops (or BTGs × 800); a small "
               "circle means no figure was reported. Dark red, thick outline: high confidence; "
               "orange: medium; amber, thin outline: low. A name that would cover a stronger "
               "site's is left out: point at a circle for its name and details. "
               "Ukraine's internationally recognised borders are "
               "shaded, Crimea included; Crimea has been occupied by Russia since 2014. "
               "Borders: Natural Earth (public domain), simplified.")
    picture_tools(chosen)
with right:
    headline = bm.headline_estimate(ds.troop_estimates, chosen.as_of)
    if headline is None:
        st.info("No total estimate had been published by this date.")
    else:
        low, high = int(headline["troops_low"]), int(headline["troops_high"])
        figure = f"{low:,}" if low == high else f"{low:,}–{high:,}"
        st.metric(f"Latest estimate of all forces near Ukraine, {fmt_date(headline['date'])}",
                  figure, help=md_escape(headline["scope_note"]), border=True)
        who = data.person_names(version).get(headline["estimator_person"] or "", "")
        st.caption(f"Estimated by {md_escape(headline['estimator'])}"
                   + (f" ({md_escape(who)})" if who else "") + ". "
                   + md_escape(headline["scope_note"]))
    st.markdown("**What was said around this date**")
    nearby = bm.nearest_records(data.all_records(version), chosen.as_of, n=5)
    st.markdown("\n".join(f"- {fmt_date(row.date)} · {md_escape(row.kind)} · "
                          f"{md_escape(clip(row.title, 140))}"
                          for row in nearby.itertuples(index=False)))

chart = None
if ds.available("troop_estimates") and not ds.troop_estimates.empty:
    chart = bm.marked_estimates(data.estimates_chart(version), chosen.as_of)
    widgets.chart(chart, key="map_estimates", name="troop-estimates")

st.header("Sites on the map")
table = shown[["deployment_id", "site", "region", "country", "date", "distance_km",
               "troops_est", "btg_est", "confidence", "units"]].copy()
table["distance_km"] = table["distance_km"].where(~shown["inside_ukraine"], 0.0)
st.dataframe(
    table, hide_index=True, key="sites_table", selection_mode="single-row",
    on_select=partial(on_site_row, table["deployment_id"].tolist()),
    column_config={
        "deployment_id": None,
        "site": st.column_config.TextColumn("Site", width="medium"),
        "region": "Region", "country": "Country",
        "date": st.column_config.DateColumn("Last observed", format="D MMM YYYY"),
        "distance_km": st.column_config.NumberColumn(
            "Distance to Ukraine (km)", format="%.0f",
            help="To the nearest point of Ukraine's internationally recognised border; 0 for "
            "sites in occupied Crimea. Computed with geopandas in the Universal Transverse "
            "Mercator projection, zone 36N."),
        "troops_est": st.column_config.NumberColumn("Troops", format="%d"),
        "btg_est": st.column_config.NumberColumn("BTGs", format="%d"),
        "confidence": "Confidence",
        "units": st.column_config.TextColumn("Units and equipment", width="large"),
    },
)

record.show(ds, "m_site", "map")
if shown.empty:
    st.info("No site matches these filters on this date.")

share_and_export(chosen, {"troop-estimates": chart} if chart is not None else {},
                 {sid for ids in shown["source_ids"] for sid in ids})
