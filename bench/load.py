"""Load test: N concurrent sessions change pages and filters for a fixed time (loopback only).

Usage: python bench/load.py [--sessions 25] [--seconds 120] [--seed 1]

Starts the dashboard on 127.0.0.1 and opens N sessions on its websocket, speaking the
same protocol as the browser (BackMsg / ForwardMsg). Each session, after a think time of
1 to 3 s, either opens a page through a shared link (new filters from the URL) or types a
new search into the page's search box (a widget change). Every response is read to the
end of the script run and checked: an exception element, an error box or a run that does
not finish within the timeout counts as a failure. The server's memory (VmRSS) is sampled
every second. Exits 1 on any failure, so it doubles as a pass/fail check.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetStates

from dashboard.harness import SERVE, free_port, rss_mb, start, stop, wait_healthy

# Shared links a reader might open: (page url path, query string). All valid.
LINKS = [
    ("", ""),
    ("timeline", ""),
    ("timeline", "preset=all"),
    ("timeline", "from=2021-03-01&to=2021-05-31"),
    ("timeline", "from=2021-11-01&to=2022-02-24&side=US,Russia"),
    ("timeline", "q=Geneva"),
    ("timeline", "kind=meeting&preset=all"),
    ("timeline", "story=4"),
    ("map", ""),
    ("map", "as_of=2021-04-20"),
    ("map", "as_of=2021-12-01&within=100"),
    ("map", "as_of=2022-02-10&country=Belarus"),
    ("positions", ""),
    ("positions", "as_of=2022-01-26"),
    ("positions", "q=NATO"),
    ("data", ""),
    ("data", "dataset=statements&q=Lavrov"),
    ("data", "dataset=deployments"),
    ("data", "dataset=sources&q=Reuters"),
]
SEARCHES = ["NATO", "Geneva", "missile", "Lavrov", "Blinken", "troops", "treaty",
            "Belarus", "sanctions", "exercise", "", "security guarantees"]
SEARCH_KEYS = ("-f_text", "-p_text", "-d_text")
DONE = (ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
        ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR,
        ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


@dataclass
class Run:
    action: str
    page: str
    seconds: float
    bytes: int
    failure: str = ""


@dataclass
class Session:
    number: int
    ws: object = None
    pages: dict[str, str] = field(default_factory=dict)  # url path -> page script hash
    page: str = ""
    search_id: str | None = None


async def rerun(session: Session, *, page: str, query: str = "", widgets: WidgetStates | None
                = None, action: str, timeout: float) -> Run:
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    msg.rerun_script.page_script_hash = session.pages.get(page, "")
    if widgets is not None:
        msg.rerun_script.widget_states.CopyFrom(widgets)
    began = time.perf_counter()
    await session.ws.send(msg.SerializeToString())
    received, failure, search_id = 0, "", None
    try:
        async with asyncio.timeout(timeout):
            while True:
                data = await session.ws.recv()
                received += len(data)
                fwd = ForwardMsg()
                fwd.ParseFromString(data)
                kind = fwd.WhichOneof("type")
                if kind == "navigation":
                    session.pages = {p.url_pathname: p.page_script_hash
                                     for p in fwd.navigation.app_pages}
                elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                    element = fwd.delta.new_element
                    which = element.WhichOneof("type")
                    if which == "exception":
                        failure = failure or f"exception: {element.exception.message[:200]}"
                    elif which == "alert" and element.alert.format == Alert.ERROR:
                        failure = failure or f"error box: {element.alert.body[:200]}"
                    elif which == "text_input" and element.text_input.id.endswith(SEARCH_KEYS):
                        search_id = element.text_input.id
                elif kind == "script_finished" and fwd.script_finished in DONE:
                    break
    except TimeoutError:
        failure = f"no complete response within {timeout:.0f} s"
    session.page, session.search_id = page, search_id
    return Run(action, page or "overview", time.perf_counter() - began, received, failure)


async def user(session: Session, port: int, rng: random.Random, until: float,
               runs: list[Run], timeout: float) -> None:
    async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream",
                                  subprotocols=["streamlit"], max_size=None) as ws:
        session.ws = ws
        runs.append(await rerun(session, page="", action="open", timeout=timeout))
        while time.monotonic() < until:
            await asyncio.sleep(rng.uniform(1.0, 3.0))
            if session.search_id and rng.random() < 0.4:
                states = WidgetStates()
                state = states.widgets.add()
                state.id = session.search_id
                state.string_value = rng.choice(SEARCHES)
                runs.append(await rerun(session, page=session.page, widgets=states,
                                        action="search", timeout=timeout))
            else:
                page, query = rng.choice(LINKS)
                runs.append(await rerun(session, page=page, query=query, action="link",
                                        timeout=timeout))


async def sample_memory(pid: int, samples: list[tuple[float, float]], stop: asyncio.Event,
                        began: float) -> None:
    while not stop.is_set():
        samples.append((time.monotonic() - began, rss_mb(pid)))
        await asyncio.sleep(1)


async def load(port: int, pid: int, args) -> tuple[list[Run], dict[str, float],
                                                    list[tuple[float, float]]]:
    memory = {"idle": rss_mb(pid)}
    runs: list[Run] = []
    # One session first, for the one-session memory figure.
    first = Session(0)
    async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream",
                                  subprotocols=["streamlit"], max_size=None) as ws:
        first.ws = ws
        for page in dict.fromkeys(page for page, _ in LINKS):
            runs.append(await rerun(first, page=page, action="warm-up", timeout=args.timeout))
        await asyncio.sleep(1)
        memory["one session"] = rss_mb(pid)
        samples: list[tuple[float, float]] = []
        stop = asyncio.Event()
        began = time.monotonic()
        sampler = asyncio.create_task(sample_memory(pid, samples, stop, began))
        until = began + args.seconds
        sessions = [Session(i) for i in range(1, args.sessions)]
        rngs = [random.Random(args.seed * 1000 + i) for i in range(1, args.sessions)]
        await asyncio.gather(*(user(s, port, r, until, runs, args.timeout)
                               for s, r in zip(sessions, rngs, strict=True)))
        stop.set()
        await sampler
        memory["peak under load"] = max(m for _, m in samples)
        memory["end of load"] = samples[-1][1]
    await asyncio.sleep(3)
    memory["after sessions closed"] = rss_mb(pid)
    return runs, memory, samples


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank) of sorted values."""
    return values[max(math.ceil(0.95 * len(values)) - 1, 0)]


def report(runs: list[Run], memory: dict[str, float], samples, args) -> int:
    timed = [r for r in runs if r.action in ("link", "search")]
    failures = [r for r in runs if r.failure]
    print(f"load test: {args.sessions} concurrent sessions for {args.seconds} s, think time "
          "1-3 s, loopback")
    print(f"responses: {len(runs)} ({len(timed)} during the load), complete "
          f"{sum(not r.failure for r in runs)}, failures {len(failures)}")
    for r in failures[:10]:
        print(f"  FAILED {r.action} {r.page}: {r.failure}")
    by_page: dict[str, list[Run]] = defaultdict(list)
    for r in timed:
        by_page[r.page].append(r)
    print(f"{'page':12} {'runs':>5} {'median s':>9} {'p95 s':>7} {'max s':>7} {'median KB':>10}")
    for page in sorted(by_page):
        rs = by_page[page]
        secs = sorted(r.seconds for r in rs)
        print(f"{page:12} {len(rs):5d} {statistics.median(secs):9.2f} "
              f"{p95(secs):7.2f} {secs[-1]:7.2f} "
              f"{statistics.median(r.bytes for r in rs) / 1024:10.0f}")
    secs = sorted(r.seconds for r in timed)
    if secs:
        print(f"{'all':12} {len(secs):5d} {statistics.median(secs):9.2f} "
              f"{p95(secs):7.2f} {secs[-1]:7.2f}")
    print("server RSS MB: " + ", ".join(f"{k} {v:.0f}" for k, v in memory.items()))
    per = (memory["end of load"] - memory["one session"]) / max(args.sessions - 1, 1)
    print(f"per additional session (end of load vs one session): {per:.1f} MB (bar: <= 5)")
    if samples:
        quarter = max(len(samples) // 4, 1)
        early = statistics.median(m for _, m in samples[:quarter])
        late = statistics.median(m for _, m in samples[-quarter:])
        print(f"RSS median in the first quarter of the load {early:.0f} MB, last quarter "
              f"{late:.0f} MB")
    return 1 if failures or not timed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--timeout", type=float, default=60, help="seconds per response")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not 1 <= args.sessions <= 100 or not 1 <= args.seconds <= 600:
        parser.error("keep it bounded: 1-100 sessions, 1-600 seconds")
    port = free_port()
    proc = start(SERVE, port)
    try:
        wait_healthy(port)
        time.sleep(2)
        runs, memory, samples = asyncio.run(load(port, proc.pid, args))
    finally:
        stop(proc)
    return report(runs, memory, samples, args)


if __name__ == "__main__":
    sys.exit(main())
