"""Every workaround of a library's internals, in one place, pinned to the versions it was
written for.

Nothing outside this package patches or subclasses Streamlit, Plotly or pydeck internals:
Streamlit's and pandas' workarounds are here, Plotly's in :mod:`dashboard.compat.figures`,
pydeck's in :mod:`dashboard.compat.decks`, all importable from ``dashboard.compat``. Each
workaround says why it exists. :func:`check_versions` fails loudly when an installed
version differs from the one a workaround was verified against; ``tests/test_compat.py``
also checks that each internal it relies on still behaves as assumed, so an upgrade that
breaks one fails the suite instead of the app.
"""

from __future__ import annotations

import functools
import gc
import threading
from typing import Any

from dashboard.compat.decks import BORDERS_SLOT, compact_deck, skip_pydeck_notebook_probe
from dashboard.compat.figures import (
    FrozenFigure,
    freeze,
    send_frozen_figures_as_text,
    thaw,
    with_layout_items,
)
from dashboard.compat.versions import VERIFIED, UnverifiedVersion, check_versions

__all__ = ["BORDERS_SLOT", "VERIFIED", "FrozenFigure", "UnverifiedVersion", "check_versions",
           "compact_deck", "freeze", "send_frozen_figures_as_text",
           "skip_pydeck_notebook_probe", "thaw", "with_layout_items"]

# --- Streamlit: navigation from the first request ----------------------------------------

def app_navigation_from_first_request() -> None:
    """Let ``app.py``'s ``st.navigation`` route even the first request of a fresh server.

    Streamlit runs a ``pages/`` folder beside the entry script as a legacy multipage app
    (``PagesManager.uses_pages_directory``) until ``st.navigation`` has run once in the
    process, so a first visitor arriving on ``/positions`` would get that page alone,
    without the app's page config and sidebar. No configuration option turns this off in
    1.67, and the project keeps its pages in ``pages/``; ``dashboard serve`` calls this
    before the server starts.
    """
    check_versions()
    from streamlit.runtime.pages_manager import PagesManager

    if not hasattr(PagesManager, "uses_pages_directory"):
        raise UnverifiedVersion("PagesManager.uses_pages_directory is gone: re-check "
                                "app_navigation_from_first_request")
    PagesManager.uses_pages_directory = False


# --- Streamlit: no REPL probe on the first element ----------------------------------------

def skip_repl_probe() -> None:
    """Spare a fresh server's first page Streamlit's check for a REPL.

    The first element a process draws asks whether Streamlit runs in a REPL, to print a
    "use streamlit run" warning (``delta_generator._maybe_print_use_warning`` calls
    ``env_util.is_repl``, which calls ``inspect.stack()``: every frame's source file read
    and every loaded module mapped to its file). With the dashboard's modules loaded that
    took 110 ms, on the first reader's page. ``dashboard serve`` always runs the app with
    ``streamlit run``, so the warning never applies; this marks it as shown.
    """
    check_versions()
    from streamlit import delta_generator

    if not hasattr(delta_generator, "_use_warning_has_been_displayed"):
        raise UnverifiedVersion("delta_generator._use_warning_has_been_displayed is gone: "
                                "re-check skip_repl_probe")
    delta_generator._use_warning_has_been_displayed = True


# --- Streamlit: replies not held back by Nagle's algorithm --------------------------------

def tcp_nodelay_for_readers() -> None:
    """Send each reply to a reader at once instead of up to 40 ms later.

    asyncio turns Nagle's algorithm off (``TCP_NODELAY``) on every connection it accepts,
    but only when the listening socket says it is TCP (``sock.proto == IPPROTO_TCP``,
    ``asyncio.base_events._set_nodelay``). Streamlit 1.67's server binds its socket as
    ``socket.socket(family=...)`` (``starlette_server._bind_socket``): protocol 0, so the
    accepted connections keep Nagle on. A run's reply is several small websocket messages;
    the second waits for the reader's acknowledgement of the first, which the reader's
    kernel delays by up to 40 ms (delayed ACK). Measured through a real server: a one-
    checkbox app's rerun took 44-52 ms, 6-7 ms with this. No option sets it in 1.67;
    ``dashboard serve`` calls this before the server starts. The socket is the same one,
    re-wrapped with its protocol named.
    """
    check_versions()
    import socket

    from streamlit.web.server.starlette import starlette_server

    bind = getattr(starlette_server, "_bind_socket", None)
    if not callable(bind):
        raise UnverifiedVersion("starlette_server._bind_socket is gone: re-check "
                                "tcp_nodelay_for_readers")
    if getattr(bind, "names_tcp", False):
        return

    def bind_naming_tcp(*args, **kwargs) -> socket.socket:
        sock = bind(*args, **kwargs)
        if sock.proto != 0 or sock.type != socket.SOCK_STREAM:
            return sock
        named = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP,
                              fileno=sock.detach())
        named.setblocking(False)
        named.set_inheritable(True)
        return named

    bind_naming_tcp.names_tcp = True  # type: ignore[attr-defined]
    starlette_server._bind_socket = bind_naming_tcp


# --- Streamlit: a download made on demand outlives other readers' runs --------------------

#: how long a download made on demand stays fetchable once no page shows it
DOWNLOAD_GRACE_S = 30.0


def downloads_outlive_other_runs() -> None:
    """Keep a file made for a download button (on demand) for :data:`DOWNLOAD_GRACE_S`.

    Streamlit 1.67 makes such a file when the reader clicks, hands the browser its URL and
    leaves it referenced by no page; the sweep after every script run of *any* session
    marks it, and the next sweep deletes it (``MediaFileManager.remove_orphaned_files``).
    With 25 readers that is a fraction of a second: ``bench/load.py`` got a 404 for 2 % of
    its downloads (26 of 1,318 responses) between the URL and the fetch. Here a file
    marked for deletion goes only once it has been marked for the grace period.
    """
    check_versions()
    import time

    from streamlit.runtime import media_file_manager

    meta = media_file_manager.MediaFileMetadata
    if not isinstance(meta.__dict__.get("is_marked_for_delete"), property) \
            or not callable(meta.__dict__.get("mark_for_delete")):
        raise UnverifiedVersion("MediaFileMetadata's deletion mark changed: re-check "
                                "downloads_outlive_other_runs")
    if getattr(meta, "graced", False):
        return

    def mark_for_delete(self) -> None:
        if getattr(self, "marked_at", None) is None:
            self.marked_at = time.monotonic()
        self._is_marked_for_delete = True

    def is_marked_for_delete(self) -> bool:
        marked = getattr(self, "marked_at", None)
        return marked is not None and time.monotonic() - marked >= DOWNLOAD_GRACE_S

    meta.mark_for_delete = mark_for_delete  # type: ignore[method-assign]
    meta.is_marked_for_delete = property(is_marked_for_delete)  # type: ignore[method-assign,assignment]
    meta.graced = True  # type: ignore[attr-defined]


# --- Streamlit: a session forgets the widgets it no longer draws -------------------------

def forget_stale_widget_metadata() -> None:
    """Drop, at the end of each run, the metadata of widgets the session no longer has.

    Streamlit 1.67 removes a stale widget's value after a run (``SessionState.
    _remove_stale_widgets``) but keeps its ``WidgetMetadata`` for the session's lifetime.
    A selectable chart's id hashes its figure (keyed select boxes, tables and buttons keep
    theirs), so every filter change on the timeline or the map registers a new id, and each
    kept metadata holds its callback and serialisers: functions whose globals are the page
    run's namespace, with every frame and figure that run made. Under 25 readers this was
    what kept growing (about 100 metadata per session and, through them, 1,354 frames;
    docs/PERFORMANCE.md, "Memory: the holder found"). Metadata is kept for every widget
    that still has a value, old or new, so callbacks, triggers and bindings are unchanged.
    """
    check_versions()
    from streamlit.runtime.state.session_state import SessionState

    finish = SessionState.__dict__.get("on_script_finished")
    if not callable(finish):
        raise UnverifiedVersion("SessionState.on_script_finished is gone: re-check "
                                "forget_stale_widget_metadata")
    if getattr(finish, "forgets_metadata", False):
        return

    @functools.wraps(finish)
    def on_script_finished(self, widget_ids_this_run, *, remove_stale_widgets=True):
        finish(self, widget_ids_this_run, remove_stale_widgets=remove_stale_widgets)
        if remove_stale_widgets:
            widgets = self._new_widget_state
            keep = widget_ids_this_run | widgets.states.keys() | self._old_state.keys()
            for stale in widgets.widget_metadata.keys() - keep:
                del widgets.widget_metadata[stale]

    on_script_finished.forgets_metadata = True  # type: ignore[attr-defined]
    SessionState.on_script_finished = on_script_finished  # type: ignore[method-assign]


# --- Streamlit: a closed reader's session is shut down when it expires ----------------------

def shut_down_expired_sessions() -> int:
    """Shut down the sessions kept for a reconnect whose time has passed; how many.

    A closed reader's session is kept ``server.disconnectedSessionTTL`` seconds in case the
    browser reconnects (``MemorySessionStorage``), but Streamlit 1.67 removes expired ones
    only when another session is stored, and then drops them without
    ``AppSession.shutdown``, so their media files stay referenced by the media manager. After a
    crowd left, its 25 sessions (and everything their last runs made) stayed until the next
    reader came. The server's heap thread calls this every few seconds
    (:func:`dashboard.heap.sweeper`) and collects right after one was shut down.
    """
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return 0
    manager = Runtime.instance()._session_mgr
    storage: Any = getattr(getattr(manager, "_session_storage", None), "_cache", None)
    lock = getattr(manager, "_storage_lock", None)
    if not callable(getattr(storage, "expire", None)) or lock is None:
        raise UnverifiedVersion("the session storage's TTL cache changed: re-check "
                                "shut_down_expired_sessions")
    with lock:
        expired = storage.expire()
    for _, info in expired:  # on the server's event loop, as Streamlit's own shutdowns
        done = threading.Event()
        info.session._event_loop.call_soon_threadsafe(
            lambda session=info.session, done=done: (session.shutdown(), done.set()))
        done.wait(timeout=5)  # so that the collection after this frees the session
    return len(expired)


# --- pandas: copy-on-write references of shared frames ----------------------------------------

def forget_dead_views(frames) -> int:
    """Drop the dead copy-on-write references of ``frames``' blocks; how many were dropped.

    Under copy-on-write (always on in pandas 3) every shallow copy of a frame adds a weak
    reference to each of the original's blocks, and pandas prunes the dead ones only when a
    block's list passes ``clear_counter`` (500 at least). The caches hand every reader
    shallow copies of the same frames (:func:`dashboard.ui.data.shared`), so each cached
    block slowly gathered 500 dead references: a server's memory grew for many minutes
    under load and stayed after the readers left (``tracemalloc``: the largest growth was
    at the blocks' construction in ``copy(deep=False)``). ``refs.has_reference()`` prunes
    the list (forced) as it answers.
    """
    dropped = 0
    for frame in frames:
        for block in frame._mgr.blocks:
            refs = block.refs
            before = len(refs.referenced_blocks)
            refs.has_reference()
            dropped += before - len(refs.referenced_blocks)
    return dropped


# --- Python: the collector and the long-lived heap -----------------------------------------

def freeze_long_lived_heap() -> None:
    """Move every object alive now (modules, the loaded data) out of the garbage
    collector's view.

    Streamlit runs a full collection after every page run; over the heap of pandas,
    plotly and the data that took about 190 ms of a 250 ms rerun. Called once the data is
    warm: what is alive then lives as long as the server.
    """
    gc.freeze()
