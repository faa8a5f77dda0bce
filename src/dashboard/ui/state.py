"""View state in the session and in the URL, links between views, presentation mode.

A view's state lives in its widgets (``st.session_state``) and is mirrored into the URL
after every run, so that a copied address reopens the same view. What each view's URL
holds is declared once in its :class:`dashboard.urlstate.Spec`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from dashboard import urlstate
from dashboard.views import ALL_VIEWS, View

PRESENT_PARAM = "present"


def presenting() -> bool:
    """Presentation mode: ``?present=1`` in the URL (the sidebar toggle sets it)."""
    return st.query_params.get(PRESENT_PARAM) == "1"


def query() -> dict[str, str]:
    """The URL's parameters (first value of each)."""
    return st.query_params.to_dict()


def page_state(page: str, keys: tuple[str, ...],
               from_url: Callable[[], tuple[dict, list[str]]]) -> list[str]:
    """Set a page's widget values when the reader arrives on it; returns notices about the URL.

    Streamlit drops a widget's value once its page is left, so a missing key means the
    reader has just arrived. A link with parameters then wins (``from_url()`` returns
    ``(values, notices)``); otherwise the reader finds the page as they left it, from a copy
    of the values kept under a private key.
    """
    ss = st.session_state
    saved_key, notices_key = f"_saved_{page}", f"_notices_{page}"
    saved = ss.get(saved_key)
    if saved is None or any(k not in ss for k in keys):
        params = [k for k in st.query_params if k != PRESENT_PARAM]
        if params or saved is None:
            values, notices = from_url()
        else:
            values, notices = saved, []
        ss.update({k: values[k] for k in keys if k in values})
        ss[notices_key] = notices
    for key in keys:
        if key in ss:
            # a widget a page shows only sometimes (a section's filters) would lose its value
            # in a run that does not show it; setting it again keeps it (Streamlit's way)
            ss[key] = ss[key]
    ss[saved_key] = {k: ss[k] for k in keys if k in ss}
    return ss.get(notices_key, [])


def set_params(wanted: Mapping[str, str]) -> None:
    """Replace the URL's view state with ``wanted``, keeping presentation mode."""
    params = dict(wanted)
    if presenting():
        params[PRESENT_PARAM] = "1"
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


# --- links ------------------------------------------------------------------------------------

def view(url_path: str) -> View:
    """The view served at ``url_path``."""
    return next(v for v in ALL_VIEWS if v.url_path == url_path)


def base_url() -> str:
    """The app's address up to its base path, as the reader's browser sees it."""
    return urlstate.base_url(str(st.context.url or ""),
                             str(st.get_option("server.baseUrlPath") or ""))


def share_url(url_path: str, params: Mapping[str, str]) -> str:
    """The full address of a view with its state: what a reader copies to share it."""
    shown = dict(params)
    if presenting():
        shown[PRESENT_PARAM] = "1"
    return urlstate.href(_served_at(url_path), shown, base=base_url())


def current_share_url(url_path: str) -> str:
    """The full address of the current view, with every parameter of its URL."""
    return urlstate.href(_served_at(url_path), query(), base=base_url())


def _served_at(url_path: str) -> str:
    """Where the view is served: the default view (the overview) at the app's root."""
    return "" if url_path == ALL_VIEWS[0].url_path else url_path


def page_link(url_path: str, label: str, params: Mapping[str, str] | None = None,
              **kwargs: Any) -> None:
    """A link to a view with its state, followed inside the app (works under a base path)."""
    target = view(url_path)
    st.page_link(target.path, label=label, query_params=dict(params or {}), **kwargs)


def narrow() -> bool:
    """A phone's browser (its user agent says "Mobi", as every phone browser's does):
    charts are laid out for a narrow screen (:mod:`dashboard.narrow`)."""
    return "Mobi" in (st.context.headers.get("User-Agent") or "")
