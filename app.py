"""Entry point: page config, navigation and the shared sidebar. Run with `make run`."""

from pathlib import Path

import streamlit as st

from dashboard import ui
from dashboard.views import ALL_VIEWS

st.set_page_config(
    page_title="US–Russia Dialogue Dashboard",
    page_icon=str(Path(__file__).parent / "assets" / "icon.png"),
    layout="wide",
    initial_sidebar_state="expanded",
)

pages = [
    st.Page(view.path, title=view.title, icon=view.icon, url_path=view.url_path,
            default=(i == 0))
    for i, view in enumerate(ALL_VIEWS)
]
# Our own links instead of the automatic list, which can briefly show the raw file names
# of pages/ before this navigation takes over.
page = st.navigation(pages, position="hidden")

def _toggle_presentation() -> None:
    if st.session_state["present_toggle"]:
        st.query_params[ui.PRESENT_PARAM] = "1"
    elif ui.PRESENT_PARAM in st.query_params:
        del st.query_params[ui.PRESENT_PARAM]


if ui.presenting():
    # No sidebar, no Streamlit chrome, larger type: a screenshot is a clean slide.
    st.html("""<style>
      [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
      [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
      [data-testid="stExpandSidebarButton"], .modebar-container { display: none !important; }
      html { font-size: 20px; }
      [data-testid="stMainBlockContainer"] { padding-top: 1.5rem; max-width: 100%; }
    </style>""")

with st.sidebar:
    st.markdown("**US–Russia Dialogue Dashboard**")
    for p in pages:
        st.page_link(p, label=p.title, icon=p.icon)
    st.divider()
    records = ui.all_records()
    if not records.empty:
        st.caption(f"Data as of {records['date'].max():%-d %B %Y}")
    st.caption("Every record is sourced. See the sources behind each record in its detail.")
    st.toggle("Presentation mode", key="present_toggle", value=ui.presenting(),
              on_change=_toggle_presentation,
              help="Hides the sidebar and the app's chrome and enlarges the type, for clean "
              "screenshots. Add ?present=1 to any link; remove it to leave.")

page.run()

if ui.presenting():
    st.caption("Presentation mode. Remove `present=1` from the address to leave it.")
