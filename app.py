"""Entry point: page config, navigation and the shared sidebar. Run with `make run`."""

from pathlib import Path

import streamlit as st

from dashboard.text import fmt_date, md_escape
from dashboard.ui import data, state, style
from dashboard.views import ALL_VIEWS

st.set_page_config(
    page_title="US–Russia Dialogue Dashboard",
    page_icon=str(Path(__file__).parent / "assets" / "icon.png"),
    layout="wide",
    initial_sidebar_state="auto",  # open on a desktop, closed on a phone
)

pages = [
    st.Page(view.path, title=view.title, icon=view.icon, url_path=view.url_path,
            default=(i == 0))
    for i, view in enumerate(ALL_VIEWS)
]
# Our own links in the sidebar (client.showSidebarNavigation is off in config.toml)
page = st.navigation(pages, position="hidden")


def _toggle_presentation() -> None:
    if st.session_state["present_toggle"]:
        st.query_params[state.PRESENT_PARAM] = "1"
    elif state.PRESENT_PARAM in st.query_params:
        del st.query_params[state.PRESENT_PARAM]


style.apply(state.presenting())

with st.sidebar:
    st.markdown("**US–Russia Dialogue Dashboard**")
    for p in pages:
        st.page_link(p, label=p.title, icon=p.icon)
    st.divider()
    version = data.version()
    as_of = data.data_as_of(version)
    if as_of:
        st.caption(f"Data as of {fmt_date(as_of, 'long')}")
    st.caption("Every record is sourced. See the sources behind each record in its detail.")
    # made only while open (opening it reruns the page): a closed glossary costs nothing
    with st.popover("Glossary of terms", icon=":material/menu_book:", width="stretch",
                    key="glossary", on_change="rerun") as glossary:
        if glossary.open:
            st.markdown("\n".join(f"- **{md_escape(t.term)}**: {md_escape(t.definition)}"
                                  for t in data.glossary_terms(version)))
    st.toggle("Presentation mode", key="present_toggle", value=state.presenting(),
              on_change=_toggle_presentation,
              help="Hides the sidebar and the app's chrome and enlarges the type, for clean "
              "screenshots. Add ?present=1 to any link; remove it to leave.")

page.run()
