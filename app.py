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

with st.sidebar:
    st.markdown("**US–Russia Dialogue Dashboard**")
    for p in pages:
        st.page_link(p, label=p.title, icon=p.icon)
    st.divider()
    records = ui.all_records()
    if not records.empty:
        st.caption(f"Data as of {records['date'].max():%-d %B %Y}")
    st.caption("Every record is sourced. See the sources behind each record in its detail.")

page.run()
