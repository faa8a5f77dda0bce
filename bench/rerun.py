"""Warm rerun time of each page after a filter change, measured with AppTest, then
through a real server.

Usage: python bench/rerun.py [--repeat N] [--only TEXT] [--server-only]

AppTest: per page, the median/min/max of a rerun triggered by a widget change after the
page has run once (so imports and the data cache are warm), beside an empty Streamlit
script measured the same way in the same run.
Server: the same kind of rerun sent over Streamlit's websocket protocol like a browser
(BackMsg/ForwardMsg, as bench/load.py), timed from the request to the end of the run, per
page, beside a one-chart hello app's rerun in the same run (as `streamlit run` serves it,
and with the TCP_NODELAY fix `dashboard serve` applies); this includes what AppTest leaves
out (app.py, message delivery, the server's own work after a run).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def _time(at: AppTest, change) -> float:
    start = time.perf_counter()
    change(at).run()
    return time.perf_counter() - start


def measure(name: str, make, changes, repeat: int) -> tuple[str, list[float]]:
    at = make().run()
    if at.exception:
        raise SystemExit(f"{name}: {at.exception}")
    times = [_time(at, changes[i % len(changes)]) for i in range(repeat)]
    return name, times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--only", default="", help="measure only the pages whose name has this")
    parser.add_argument("--server-only", action="store_true",
                        help="only the reruns through a real server")
    args = parser.parse_args()
    os.environ.setdefault("DASHBOARD_DATA_DIR", str(ROOT / "data"))

    empty = Path(tempfile.mkdtemp()) / "empty.py"
    empty.write_text("import streamlit as st\nst.checkbox('x', key='x')\n")

    def app(page: str):
        def make():
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            at.switch_page(page)
            return at
        return make

    toggle = [lambda at: at.checkbox(key="x").check(), lambda at: at.checkbox(key="x").uncheck()]
    sides = [lambda at: at.multiselect(key="f_sides").set_value(["US"]),
             lambda at: at.multiselect(key="f_sides").set_value([])]
    # every rerun a filter state not seen before, so no cached chart can be reused
    words = ["geneva", "missile", "nato", "troops", "ukraine", "sanctions", "talks", "border",
             "minsk", "security", "treaty", "crimea", "belarus", "kremlin", "exercise", "dialogue",
             "nuclear", "guarantees", "invasion", "ceasefire", "call", "summit", "moscow",
             "washington", "brussels", "vienna", "statement", "meeting", "forces", "tanks"]
    fresh = [lambda at, w=w: at.text_input(key="f_text").input(w) for w in words]
    days = [date(2021, 11, 1) + timedelta(days=3 * i) for i in range(40)]
    map_dates = [lambda at, d=d: at.slider(key="m_as_of").set_value(d) for d in days]
    cases = [
        ("empty script (reference)", lambda: AppTest.from_file(str(empty)), toggle,
         args.repeat),
        ("timeline: new search text", app("pages/timeline.py"), fresh,
         min(args.repeat, len(words))),
        ("timeline: side filter, cached", app("pages/timeline.py"), sides, args.repeat),
        ("map: new as-of date", app("pages/map.py"), map_dates,
         min(args.repeat, len(days))),
        ("positions: new as-of date", app("pages/positions.py"),
         [lambda at, d=d: at.slider(key="p_as_of").set_value(d) for d in days],
         min(args.repeat, len(days))),
        ("data: search text", app("pages/data.py"),
         [lambda at, w=w: at.text_input(key="d_text").input(w) for w in words],
         min(args.repeat, len(words))),
        ("overview: rerun", app("pages/overview.py"), [lambda at: at], args.repeat),
    ]
    if args.server_only:
        server_reruns(words, days, args.repeat, args.only)
        return 0
    runs = [measure(*case) for case in cases
            if args.only in case[0] or case[0].startswith("empty")]
    print(f"{'AppTest: page':32} {'median ms':>10} {'min ms':>8} {'max ms':>8}  n")
    for name, times in runs:
        print(f"{name:32} {statistics.median(times) * 1000:10.1f} {min(times) * 1000:8.1f} "
              f"{max(times) * 1000:8.1f}  {len(times)}")
    server_reruns(words, days, args.repeat, args.only)
    return 0


#: per page of the dashboard: (label, widget key, kind of value) of the filter changed
SERVER_CHANGES = {
    "": ("first page: rerun", None, None),
    "timeline": ("timeline: new search text", "f_text", "text"),
    "map": ("map: new as-of date", "m_as_of", "date"),
    "positions": ("positions: new as-of date", "p_as_of", "date"),
    "data": ("data: new search text", "d_text", "text"),
}


def _widget_ids(fwd, found: dict[str, str]) -> None:
    """Note the id of every widget element in a message, by its key."""
    if fwd.WhichOneof("type") != "delta" or fwd.delta.WhichOneof("type") != "new_element":
        return
    element = fwd.delta.new_element
    which = element.WhichOneof("type")
    widget_id = getattr(getattr(element, which), "id", "") if which else ""
    if isinstance(widget_id, str) and widget_id:
        found[widget_id.rsplit("-", 1)[-1]] = widget_id


async def _run(ws, pages: dict[str, str], page: str, widgets=None) -> tuple[float, dict]:
    """One run of ``page``: seconds from the request to the end of the run, widget ids."""
    import asyncio

    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.page_name = page
    msg.rerun_script.page_script_hash = pages.get(page, "")
    if widgets is not None:
        msg.rerun_script.widget_states.CopyFrom(widgets)
    began, found = time.perf_counter(), {}
    await ws.send(msg.SerializeToString())
    async with asyncio.timeout(120):
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await ws.recv())
            kind = fwd.WhichOneof("type")
            if kind == "navigation":
                pages.update({p.url_pathname: p.page_script_hash
                              for p in fwd.navigation.app_pages})
            _widget_ids(fwd, found)
            if kind == "delta" and fwd.delta.new_element.WhichOneof("type") == "exception":
                raise SystemExit(f"{page}: {fwd.delta.new_element.exception.message}")
            if kind == "script_finished":
                return time.perf_counter() - began, found


def _change(key: str | None, kind: str | None, value, ids: dict[str, str]):
    from streamlit.proto.WidgetStates_pb2 import WidgetStates

    if key is None:
        return None
    states = WidgetStates()
    state = states.widgets.add()
    state.id = ids[key]
    if kind == "text":
        state.string_value = value
    else:  # a date slider: microseconds since the epoch
        micros = (value - date(1970, 1, 1)).days * 86_400_000_000
        state.double_array_value.data.append(float(micros))
    return states


async def _page_session(port: int, page: str, values: list) -> list[float]:
    import websockets

    label, key, kind = SERVER_CHANGES.get(page, ("", None, None))
    async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream",
                                  subprotocols=["streamlit"], max_size=None) as ws:
        pages: dict[str, str] = {}
        for _ in range(2):  # first run, then one with the page's hash as a browser sends it
            _, ids = await _run(ws, pages, page)
        times = []
        for value in values:
            seconds, _ = await _run(ws, pages, page, _change(key, kind, value, ids))
            times.append(seconds)
        return times


#: the hello app served as `dashboard serve` serves the dashboard: replies without Nagle's
#: delay (compat.tcp_nodelay_for_readers), so both sides of the comparison get it
HELLO_NODELAY = ("import sys; from dashboard import compat; compat.tcp_nodelay_for_readers(); "
                 "from streamlit.web import cli; "
                 "sys.exit(cli.main(sys.argv[1:], standalone_mode=False) or 0)")


def server_reruns(words: list[str], days: list[date], repeat: int, only: str = "") -> None:
    """Reruns through a real server after a filter change (a new search text or date; the
    first page has no filter: a plain rerun), beside a hello app's plain rerun."""
    import asyncio

    import server

    from dashboard.harness import SERVE, free_port, start, stop, wait_healthy

    hello = Path(tempfile.mkdtemp()) / "hello.py"
    hello.write_text(server.HELLO)
    print(f"\n{'server: page':32} {'median ms':>10} {'min ms':>8} {'max ms':>8}  n")
    pages = [p for p in SERVER_CHANGES if only in SERVER_CHANGES[p][0]]
    for label, command, shown in (
            ("hello app: rerun", [sys.executable, "-m", "streamlit", "run", str(hello)], [""]),
            ("hello app, TCP_NODELAY: rerun", [sys.executable, "-c", HELLO_NODELAY, "run",
                                               str(hello)], [""]),
            ("dashboard", SERVE, pages)):
        port = free_port()
        proc = start(command, port)
        try:
            wait_healthy(port)
            for page in shown:
                kind = SERVER_CHANGES[page][2]
                values = (words if kind == "text" else days if kind == "date"
                          else [None] * repeat)[:repeat]
                times = asyncio.run(_page_session(port, page, values))
                name = label if label != "dashboard" else SERVER_CHANGES[page][0]
                print(f"{name:32} {statistics.median(times) * 1000:10.1f} "
                      f"{min(times) * 1000:8.1f} {max(times) * 1000:8.1f}  {len(times)}",
                      flush=True)
        finally:
            stop(proc)


if __name__ == "__main__":
    sys.exit(main())
