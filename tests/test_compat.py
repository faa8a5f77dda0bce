"""Each library workaround in dashboard.compat still rests on what it assumes.

These fail loudly on an upgrade that changes an internal a workaround relies on, instead
of letting the app break quietly.
"""

from __future__ import annotations

import inspect
import json

import plotly.graph_objects as go
import plotly.io
import plotly.tools
import pydeck as pdk
import pytest

from dashboard import compat


def test_installed_versions_are_the_verified_ones():
    compat.check_versions()


def test_an_unverified_version_is_refused(monkeypatch):
    monkeypatch.setitem(compat.VERIFIED, "streamlit", "0.1.")
    with pytest.raises(compat.UnverifiedVersion, match="streamlit"):
        compat.check_versions()


def test_streamlit_still_reads_the_pages_directory_flag():
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import script_runner

    assert hasattr(PagesManager, "uses_pages_directory")
    # the legacy multipage mode is chosen by this flag when a page runs
    assert "PagesManager.uses_pages_directory" in inspect.getsource(script_runner)


def test_pydeck_still_probes_for_its_notebook_widget():
    import pydeck.bindings.deck as deck_module

    assert "has_jupyter_extra()" in inspect.getsource(deck_module.Deck)
    original = deck_module.has_jupyter_extra
    try:
        compat.skip_pydeck_notebook_probe()
        assert deck_module.has_jupyter_extra() is False
    finally:
        deck_module.has_jupyter_extra = original


def test_streamlit_sends_a_frozen_figure_as_its_json_text():
    from streamlit.elements import plotly_chart

    source = inspect.getsource(plotly_chart)
    assert "plotly.tools.return_figure_from_figure_or_data(" in source
    assert "plotly.io.to_json(figure, validate=False)" in source
    assert "_resolve_content_height(height, figure)" in source  # reads the layout's size
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]), layout={"title": {"text": "T"},
                                                            "height": 420})
    expected = json.loads(plotly.io.to_json(fig, validate=False))
    frozen = compat.freeze(fig, "alt text")
    assert frozen.to_dict() == expected and frozen.alt == "alt text"
    # what Streamlit does with it: the text as it is, the size readable from the "dict"
    sent = plotly.tools.return_figure_from_figure_or_data(frozen, validate_figure=True)
    assert sent["layout"] == {"height": 420}
    assert plotly.io.to_json(sent, validate=False) == frozen.json_text
    # every other figure still goes through plotly's own functions
    assert json.loads(plotly.io.to_json(plotly.tools.return_figure_from_figure_or_data(
        fig, validate_figure=True), validate=False)) == expected
    with pytest.raises(TypeError):
        frozen.update_layout(height=10)
    with pytest.raises(TypeError, match="thaw"):
        _ = frozen.layout
    frozen.to_dict()["layout"]["height"] = 10  # a reader's dict is its own
    assert frozen.to_dict()["layout"]["height"] == 420


def test_streamlit_serialises_a_deck_through_its_to_json():
    from streamlit.elements import deck_gl_json_chart

    assert "pydeck_obj.to_json()" in inspect.getsource(deck_gl_json_chart)
    borders = json.dumps({"type": "FeatureCollection", "features": []})
    deck = compat.compact_deck(borders, layers=[pdk.Layer(
        "GeoJsonLayer", id="borders", data=compat.BORDERS_SLOT)])
    spec = json.loads(deck.to_json())
    assert spec["layers"][0]["data"] == {"type": "FeatureCollection", "features": []}
    assert "\n" not in deck.to_json()


def _accepted_nodelay(sock) -> int:
    """TCP_NODELAY of a connection asyncio accepts on ``sock``."""
    import asyncio
    import socket

    async def run() -> int:
        accepted: asyncio.Future = asyncio.get_running_loop().create_future()

        class Keep(asyncio.Protocol):
            def connection_made(self, transport):
                accepted.set_result(transport.get_extra_info("socket"))

        server = await asyncio.get_running_loop().create_server(Keep, sock=sock)
        port = sock.getsockname()[1]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        conn = await asyncio.wait_for(accepted, 5)
        value = conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        writer.close()
        server.close()
        return value

    # in a thread of its own: an earlier test (a browser driver) may have left this
    # thread's event loop running, and asyncio.run refuses to nest
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run()).result(timeout=30)


def test_streamlit_binds_a_socket_asyncio_leaves_nagle_on(monkeypatch):
    from streamlit.web.server.starlette import starlette_server

    # the flaw the workaround answers: protocol 0, so asyncio does not set TCP_NODELAY
    assert "sock.proto == socket.IPPROTO_TCP" in inspect.getsource(
        __import__("asyncio").base_events)
    sock = starlette_server._bind_socket("127.0.0.1", 0, 8)
    assert sock.proto == 0
    assert _accepted_nodelay(sock) == 0
    monkeypatch.setattr(starlette_server, "_bind_socket", starlette_server._bind_socket)
    compat.tcp_nodelay_for_readers()
    compat.tcp_nodelay_for_readers()  # twice: wrapped once
    sock = starlette_server._bind_socket("127.0.0.1", 0, 8)
    assert sock.proto == __import__("socket").IPPROTO_TCP
    assert not sock.getblocking() and sock.get_inheritable()
    assert _accepted_nodelay(sock) == 1


def test_streamlit_probes_for_a_repl_only_until_its_warning_is_marked_shown(monkeypatch):
    from streamlit import delta_generator, env_util

    source = inspect.getsource(delta_generator._maybe_print_use_warning)
    assert "if not _use_warning_has_been_displayed" in source and "is_repl()" in source
    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)
    calls = []
    monkeypatch.setattr(env_util, "is_repl", lambda: calls.append(1) or False)
    compat.skip_repl_probe()
    delta_generator._maybe_print_use_warning()
    assert calls == []


def test_a_download_made_on_demand_outlives_other_readers_runs(monkeypatch):
    import time

    from streamlit.runtime import media_file_manager as mfm
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    sweep = inspect.getsource(mfm.MediaFileManager.remove_orphaned_files)
    assert "if file.is_marked_for_delete:" in sweep and "file.mark_for_delete()" in sweep
    for name in ("mark_for_delete", "is_marked_for_delete", "graced"):
        if name in mfm.MediaFileMetadata.__dict__:
            monkeypatch.setattr(mfm.MediaFileMetadata, name,
                                mfm.MediaFileMetadata.__dict__[name])
    compat.downloads_outlive_other_runs()
    compat.downloads_outlive_other_runs()  # once only
    manager = mfm.MediaFileManager(MemoryMediaFileStorage("/media"))
    file_id = manager.add_deferred(lambda: b"a,b\n1,2\n", "text/csv", "c", "rows.csv")
    url = manager.execute_deferred(file_id)
    generated = url.rsplit("/", 1)[-1].split(".")[0]
    for _ in range(3):  # other readers' runs end
        manager.remove_orphaned_files()
    assert generated in manager._file_metadata
    now = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: now + compat.DOWNLOAD_GRACE_S + 1)
    manager.remove_orphaned_files()
    assert generated not in manager._file_metadata


def test_dead_copy_on_write_references_of_shared_frames_are_dropped():
    """Each shallow copy of a shared frame leaves a weak reference on its blocks that
    pandas prunes only past 500; the heap thread drops them (a server's slow growth)."""
    import pandas as pd

    from dashboard.ui import data

    frame = pd.DataFrame({"a": range(5), "b": ["x"] * 5})
    for _ in range(300):
        data._handout(frame)  # a reader's copy, gone at the end of its run
    blocks = frame._mgr.blocks
    assert min(len(b.refs.referenced_blocks) for b in blocks) > 250  # pandas kept them
    assert data.forget_dead_views() >= 300 * len(blocks) - len(blocks)
    assert all(len(b.refs.referenced_blocks) == 1 for b in blocks)  # the frame's own


def test_the_heap_thread_tidies_the_shared_frames():
    from dashboard import heap
    from dashboard.ui import data

    assert data.forget_dead_views in heap._before_tidy


WIDGETS_WITH_CHANGING_IDS = """
import plotly.graph_objects as go
import streamlit as st

st.session_state.setdefault("n", 0)
st.session_state.setdefault("clicks", 0)
n = st.session_state["n"]
frame = list(range(1000))  # what a run's globals hold, reached by its widgets' closures

def clicked():
    st.session_state["clicks"] += 1

def picked():
    st.session_state["picked"] = len(frame)

# a selectable chart's id hashes its figure: a new widget id each run, as a filter change
st.plotly_chart(go.Figure(go.Scatter(x=[n], y=[1])), key="chart", on_select=picked)
st.selectbox("Pick", ["one", "other"], key="pick", format_func=lambda o: f"{o} of {len(frame)}")
st.button("Count", key="count", on_click=clicked)
st.session_state["n"] = n + 1
"""


def _state(at):
    return at.session_state._state._state  # AppTest's wrapper, then SafeSessionState


def _metadata(at) -> dict:
    return _state(at)._new_widget_state.widget_metadata


def _run_with_changing_ids(runs: int):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(WIDGETS_WITH_CHANGING_IDS).run()
    for _ in range(runs):
        at.run()
    return at


@pytest.fixture
def streamlit_as_released(monkeypatch):
    from streamlit.runtime.state.session_state import SessionState

    monkeypatch.setattr(SessionState, "on_script_finished",
                        SessionState.__dict__["on_script_finished"])
    return SessionState


def test_streamlit_keeps_the_metadata_of_widgets_it_no_longer_draws(streamlit_as_released):
    """Without the workaround every run's new widget id stays (what grew under load)."""
    finish = streamlit_as_released.__dict__["on_script_finished"]
    if getattr(finish, "forgets_metadata", False):  # applied by an earlier test's server
        finish = finish.__wrapped__
        streamlit_as_released.on_script_finished = finish
    at = _run_with_changing_ids(12)
    assert sum(k.endswith("-chart") for k in _metadata(at)) >= 12


def test_a_session_forgets_the_metadata_of_stale_widgets(streamlit_as_released):
    compat.forget_stale_widget_metadata()
    compat.forget_stale_widget_metadata()  # once only
    at = _run_with_changing_ids(12)
    assert sum(k.endswith("-chart") for k in _metadata(at)) == 1
    assert set(_metadata(at)) <= set(_state(at)._new_widget_state.states) | set(
        _state(at)._old_state)
    # callbacks and formatting of the widgets still drawn work as before
    for _ in range(3):
        at.button(key="count").click().run()
    assert at.session_state["clicks"] == 3
    assert at.selectbox(key="pick").options[0].endswith("of 1000")


def test_expired_sessions_are_shut_down(monkeypatch):
    import threading
    from types import SimpleNamespace

    from streamlit.runtime import Runtime, app_session
    from streamlit.runtime.memory_session_storage import MemorySessionStorage
    from streamlit.runtime.session_manager import SessionInfo
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    # the internals relied on
    assert "self._session_storage = session_storage" in inspect.getsource(
        WebsocketSessionManager.__init__)
    assert "self._storage_lock = threading.Lock()" in inspect.getsource(
        WebsocketSessionManager.__init__)
    assert "self._event_loop = asyncio.get_running_loop()" in inspect.getsource(
        app_session.AppSession.__init__)
    assert "media_file_mgr.clear_session_refs(self.id)" in inspect.getsource(
        app_session.AppSession.shutdown)

    storage = MemorySessionStorage(ttl_seconds=60)
    now = [0.0]
    storage._cache._timer = lambda: now[0]
    shut = []

    def session(sid):
        loop = SimpleNamespace(call_soon_threadsafe=lambda fn: fn())
        return SimpleNamespace(id=sid, _event_loop=loop, shutdown=lambda: shut.append(sid))

    storage.save(SessionInfo(client=None, session=session("a")))
    now[0] = 30.0
    storage.save(SessionInfo(client=None, session=session("b")))
    manager = SimpleNamespace(_session_storage=storage, _storage_lock=threading.Lock())
    monkeypatch.setattr(Runtime, "exists", classmethod(lambda cls: True))
    monkeypatch.setattr(Runtime, "instance", classmethod(
        lambda cls: SimpleNamespace(_session_mgr=manager)))
    assert compat.shut_down_expired_sessions() == 0  # nothing expired yet
    now[0] = 61.0
    assert compat.shut_down_expired_sessions() == 1
    assert shut == ["a"] and storage.get("b") is not None
    now[0] = 100.0
    assert compat.shut_down_expired_sessions() == 1 and shut == ["a", "b"]
