"""Warm rerun time of each page after a filter change, measured with AppTest, then
through a real server.

Usage: python bench/rerun.py [--repeat N] [--only TEXT]

AppTest: per page, the median/min/max of a rerun triggered by a widget change after the
page has run once (so imports and the data cache are warm), beside an empty Streamlit
script measured the same way in the same run.
Server: the same kind of rerun sent over the websocket like a browser (bench/load.py's
client), timed from the request to the end of the run; this includes what AppTest leaves
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
    runs = [measure(*case) for case in cases
            if args.only in case[0] or case[0].startswith("empty")]
    print(f"{'AppTest: page':32} {'median ms':>10} {'min ms':>8} {'max ms':>8}  n")
    for name, times in runs:
        print(f"{name:32} {statistics.median(times) * 1000:10.1f} {min(times) * 1000:8.1f} "
              f"{max(times) * 1000:8.1f}  {len(times)}")
    if not args.only:
        server_reruns(words[: args.repeat])
    return 0


def server_reruns(words: list[str]) -> None:
    """Reruns through a real server: a new search on the pages that have one, a plain
    rerun on the others (hello app: the same, for reference)."""
    import asyncio

    import load
    import server
    import websockets
    from streamlit.proto.WidgetStates_pb2 import WidgetStates

    from dashboard.harness import SERVE, free_port, start, stop, wait_healthy

    async def session(port: int, page: str) -> list[float]:
        async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream",
                                      subprotocols=["streamlit"], max_size=None) as ws:
            s = load.Session(0, ws)
            for _ in range(2):  # first run, then one with the browser's page hash
                await load.rerun(s, page=page, action="open", timeout=120)
            times = []
            for word in words:
                states = None
                if s.search_id:
                    states = WidgetStates()
                    state = states.widgets.add()
                    state.id, state.string_value = s.search_id, word
                run = await load.rerun(s, page=page, widgets=states, action="rerun",
                                       timeout=120)
                if run.failure:
                    raise SystemExit(f"{page}: {run.failure}")
                times.append(run.seconds)
            return times

    hello = Path(tempfile.mkdtemp()) / "hello.py"
    hello.write_text(server.HELLO)
    print(f"\n{'server: page':32} {'median ms':>10} {'min ms':>8} {'max ms':>8}  n")
    for label, command, pages in (
            ("hello app", [sys.executable, "-m", "streamlit", "run", str(hello)], [""]),
            ("dashboard", SERVE, ["", "timeline", "map", "positions", "data"])):
        port = free_port()
        proc = start(command, port)
        try:
            wait_healthy(port)
            for page in pages:
                times = asyncio.run(session(port, page))
                name = f"{label}: {page or 'first page'}" + (
                    " (new search)" if page in ("timeline", "positions", "data") else "")
                print(f"{name:32} {statistics.median(times) * 1000:10.1f} "
                      f"{min(times) * 1000:8.1f} {max(times) * 1000:8.1f}  {len(times)}")
        finally:
            stop(proc)


if __name__ == "__main__":
    sys.exit(main())
