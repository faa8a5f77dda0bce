"""Load test: N concurrent sessions change pages and filters for a fixed time.

Usage: python bench/load.py [--sessions 25] [--seconds 120] [--seed 1]
         [--replicas N | --url URL] [--kill-one-after S] [--settle S] [--soak]

Starts the dashboard and opens N sessions on its websocket, speaking the same protocol as
the browser (BackMsg / ForwardMsg): by default one server on 127.0.0.1 (as `make load`);
with ``--replicas N`` N servers behind HAProxy (``python -m dashboard serve --replicas``);
with ``--url`` an already running deployment. Each simulated reader first loads the page
over HTTP with its own cookie jar (behind HAProxy it receives the replica cookie) and sends
those cookies on its websocket handshake and every later request. After a think time of 1
to 3 s it opens a page through a shared link (new filters from the URL), types a new
search into the page's search box (a widget change) or, on the Data & sources page,
downloads the CSV (made on demand by the replica, then fetched from its /media/ over
HTTP: a 404 there means the reader was sent to another replica). Every response is read to
the end of the script run and checked: an exception element, an error box, a run that does
not finish within the timeout or a reader served by two replicas counts as a failure.

Each server's memory (VmRSS) is sampled every second. ``--kill-one-after S`` SIGKILLs
replica r1 S seconds into the load (failover): its readers reconnect, as the browser does,
and the report splits failures before the kill, at it and after it. ``--soak`` adds the
memory verdict for long runs. Exits 1 on any failure (in a failover run: on a failure
other than the connections the kill cut), so it doubles as a pass/fail check.
"""

from __future__ import annotations

import argparse
import asyncio
import http.cookiejar
import math
import random
import re
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from websockets.exceptions import ConnectionClosed

from dashboard import replicas
from dashboard.harness import ROOT, SERVE, free_port, rss_mb, start, stop, wait_healthy

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
DOWNLOAD_KEY = "dl_csv"  # pages/data.py: "Download these rows (CSV ...)"
DONE = (ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
        ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR,
        ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
TIMED = ("link", "search", "download")
LOST = "connection lost"
WS_ERRORS = (websockets.exceptions.WebSocketException, OSError, TimeoutError)


@dataclass
class Run:
    action: str
    page: str
    seconds: float
    bytes: int
    failure: str = ""
    began: float = 0.0  # seconds since the load began (negative: warm-up)
    replica: str = ""


@dataclass
class Target:
    """What the readers drive: ``url`` (the front), each server's PID and own URL."""
    url: str
    label: str
    pids: dict[str, int] = field(default_factory=dict)
    direct: dict[str, str] = field(default_factory=dict)
    kill: Callable[[], str] | None = None

    def rss(self) -> dict[str, float]:
        return {name: _rss(pid) for name, pid in self.pids.items()}


@dataclass
class Session:
    number: int
    url: str
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)
    ws: object = None
    pages: dict[str, str] = field(default_factory=dict)  # url path -> page script hash
    page: str = ""
    search_id: str | None = None
    download_id: str | None = None
    replica: str = ""
    requests: int = 0
    id: str = ""  # the server's session id (a download names it)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def cookie_header(self) -> dict[str, str]:
        request = urllib.request.Request(self.url + "/")
        self.jar.add_cookie_header(request)
        cookie = request.get_header("Cookie")
        return {"Cookie": cookie} if cookie else {}


class Clock:
    began = time.monotonic()

    @classmethod
    def now(cls) -> float:
        return time.monotonic() - cls.began


def _rss(pid: int) -> float:
    try:
        value = rss_mb(pid)
    except OSError:  # the process has gone (killed in a failover run)
        return 0.0
    return 0.0 if math.isnan(value) else value  # a zombie has no VmRSS


def _get(session: Session, url: str, timeout: float) -> tuple[int, int, str]:
    """GET ``url`` with the session's cookies: status, bytes, replica header."""
    try:
        with session.opener.open(url, timeout=timeout) as response:
            body = response.read()
            return response.status, len(body), response.headers.get(replicas.REPLICA_HEADER, "")
    except urllib.error.HTTPError as err:
        return err.code, 0, err.headers.get(replicas.REPLICA_HEADER, "")


async def fetch(session: Session, path: str, action: str, timeout: float) -> Run:
    began, at = time.perf_counter(), Clock.now()
    try:
        status, size, replica = await asyncio.to_thread(_get, session, session.url + path,
                                                        timeout)
    except OSError as err:
        return Run(action, path, time.perf_counter() - began, 0, f"http: {err}"[:200], at)
    failure = "" if status == 200 else f"http {status} for {path[:60]}"
    if session.replica and replica and replica != session.replica and action == "download":
        failure = failure or f"download from {replica}, websocket on {session.replica}"
    return Run(action, path, time.perf_counter() - began, size, failure, at, replica)


def _note(fwd: ForwardMsg, session: Session, found: dict[str, str]) -> None:
    """Record what a reader needs from one message: pages, widget ids, failures."""
    kind = fwd.WhichOneof("type")
    if kind == "new_session":
        session.id = fwd.new_session.initialize.session_id
    if kind == "navigation":
        session.pages = {p.url_pathname: p.page_script_hash for p in fwd.navigation.app_pages}
    if kind != "delta" or fwd.delta.WhichOneof("type") != "new_element":
        return
    element = fwd.delta.new_element
    which = element.WhichOneof("type")
    if which == "exception":
        found.setdefault("failure", f"exception: {element.exception.message[:200]}")
    elif which == "alert" and element.alert.format == Alert.ERROR:
        found.setdefault("failure", f"error box: {element.alert.body[:200]}")
    elif which == "text_input" and element.text_input.id.endswith(SEARCH_KEYS):
        found["search"] = element.text_input.id
    elif which == "download_button" and DOWNLOAD_KEY in element.download_button.id:
        found["download"] = element.download_button.deferred_file_id


async def rerun(session: Session, *, page: str, query: str = "", widgets: WidgetStates | None
                = None, action: str, timeout: float) -> Run:
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    msg.rerun_script.page_script_hash = session.pages.get(page, "")
    if widgets is not None:
        msg.rerun_script.widget_states.CopyFrom(widgets)
    began, at = time.perf_counter(), Clock.now()
    await session.ws.send(msg.SerializeToString())
    received, found = 0, {}
    try:
        async with asyncio.timeout(timeout):
            while True:
                data = await session.ws.recv()
                received += len(data)
                fwd = ForwardMsg()
                fwd.ParseFromString(data)
                _note(fwd, session, found)
                if fwd.WhichOneof("type") == "script_finished" and fwd.script_finished in DONE:
                    break
    except TimeoutError:
        found.setdefault("failure", f"no complete response within {timeout:.0f} s")
    session.page, session.search_id = page, found.get("search")
    session.download_id = found.get("download") or None
    return Run(action, page or "overview", time.perf_counter() - began, received,
               found.get("failure", ""), at, session.replica)


async def download(session: Session, timeout: float) -> Run:
    """Ask for the deferred CSV over the websocket, then fetch its URL over HTTP."""
    session.requests += 1
    msg = BackMsg()
    msg.backend_operation_request.request_id = f"load-{session.number}-{session.requests}"
    msg.backend_operation_request.session_id = session.id
    msg.backend_operation_request.deferred_file.file_id = session.download_id or ""
    began, at = time.perf_counter(), Clock.now()
    await session.ws.send(msg.SerializeToString())
    url, failure = "", ""
    try:
        async with asyncio.timeout(timeout):
            while not url and not failure:
                fwd = ForwardMsg()
                fwd.ParseFromString(await session.ws.recv())
                response = fwd.backend_operation_response
                if fwd.WhichOneof("type") == "backend_operation_response" and \
                        response.request_id == msg.backend_operation_request.request_id:
                    url = response.deferred_file.url
                    failure = "" if url else f"download refused: {response.error_msg}"
    except TimeoutError:
        failure = f"no download URL within {timeout:.0f} s"
    if failure:
        return Run("download", "download", time.perf_counter() - began, 0, failure, at)
    got = await fetch(session, url, "download", timeout)
    return Run("download", "download", time.perf_counter() - began, got.bytes, got.failure,
               at, got.replica)


async def act(session: Session, rng: random.Random, until: float, runs: list[Run],
              timeout: float) -> None:
    while time.monotonic() < until:
        await asyncio.sleep(rng.uniform(1.0, 3.0))
        if session.page == "data" and session.download_id and rng.random() < 0.2:
            runs.append(await download(session, timeout))
        elif session.search_id and rng.random() < 0.4:
            runs.append(await rerun(session, page=session.page,
                                    widgets=search_states(session, rng.choice(SEARCHES)),
                                    action="search", timeout=timeout))
        else:
            page, query = rng.choice(LINKS)
            runs.append(await rerun(session, page=page, query=query, action="link",
                                    timeout=timeout))


def search_states(session: Session, text: str) -> WidgetStates:
    """The widget states of a new search text in the page's search box."""
    states = WidgetStates()
    state = states.widgets.add()
    state.id = session.search_id or ""
    state.string_value = text
    return states


async def warm(session: Session, runs: list[Run], timeout: float) -> None:
    """Every shared link once, and on each every search: the views readers will ask for
    are in the server's bounded caches before the load ("idle plus cache")."""
    for page, query in LINKS:
        runs.append(await rerun(session, page=page, query=query, action="warm-up",
                                timeout=timeout))
        for text in SEARCHES if session.search_id else ():
            runs.append(await rerun(session, page=page, widgets=search_states(session, text),
                                    action="warm-up", timeout=timeout))


async def visit(session: Session, rng: random.Random, until: float, runs: list[Run],
                timeout: float, warming: bool = False) -> None:
    """One connection: the page over HTTP (cookies), the websocket, then the reader's
    actions until ``until`` (or, ``warming``, the warm-up's runs)."""
    page = await fetch(session, "/", "page", timeout)
    runs.append(page)
    if page.failure:
        await asyncio.sleep(rng.uniform(0.25, 1.0))
        return
    ws_url = "ws" + session.url.removeprefix("http") + "/_stcore/stream"
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None,
                                  additional_headers=session.cookie_header(),
                                  open_timeout=timeout) as ws:
        session.ws = ws
        session.replica = ws.response.headers.get(replicas.REPLICA_HEADER, "")
        if page.replica != session.replica:
            runs.append(Run("sticky", "overview", 0, 0, f"page from {page.replica}, "
                            f"websocket on {session.replica}", Clock.now()))
        if warming:
            await warm(session, runs, timeout)
            return
        runs.append(await rerun(session, page="", action="open", timeout=timeout))
        await act(session, rng, until, runs, timeout)


async def user(session: Session, rng: random.Random, until: float, runs: list[Run],
               timeout: float) -> None:
    """A reader for the whole load: reconnects (as the browser does) when cut off."""
    while time.monotonic() < until:
        try:
            await visit(session, rng, until, runs, timeout)
        except WS_ERRORS as err:
            what = LOST if isinstance(err, ConnectionClosed) else "websocket failed"
            runs.append(Run("lost", session.page or "overview", 0, 0,
                            f"{what}: {type(err).__name__} {err}"[:200], Clock.now(),
                            session.replica))
            await asyncio.sleep(rng.uniform(0.25, 1.0))  # the browser's first retry


async def sample_memory(target: Target, samples: list[tuple[float, dict[str, float]]],
                        until: float) -> None:
    while time.monotonic() < until:
        samples.append((Clock.now(), target.rss()))
        await asyncio.sleep(1)


async def kill_later(target: Target, after: float) -> tuple[float, str]:
    await asyncio.sleep(after)
    assert target.kill is not None
    return Clock.now(), target.kill()


async def warm_up(target: Target, timeout: float) -> list[Run]:
    """Every link and search once on every server (directly, so each replica's caches are
    warm)."""
    runs: list[Run] = []
    urls = list(target.direct.values()) or [target.url]
    await asyncio.gather(*(visit(Session(-i, url), random.Random(0), 0, runs, timeout, True)
                           for i, url in enumerate(urls, 1)))
    for run in runs:
        run.action = "warm-up"
    return runs


async def load(target: Target, args) -> tuple[list[Run], dict[str, dict[str, float]],
                                               list[tuple[float, dict[str, float]]],
                                               tuple[float, str] | None]:
    memory = {"idle": target.rss()}
    runs = await warm_up(target, args.timeout)
    await asyncio.sleep(2)
    memory["idle plus cache"] = target.rss()
    samples: list[tuple[float, dict[str, float]]] = []
    Clock.began = time.monotonic()
    until = Clock.began + args.seconds
    sampler = asyncio.create_task(sample_memory(target, samples, until))
    killer = (asyncio.create_task(kill_later(target, args.kill_one_after))
              if args.kill_one_after is not None else None)
    await asyncio.gather(*(user(Session(i, target.url), random.Random(args.seed * 1000 + i),
                                until, runs, args.timeout) for i in range(1, args.sessions + 1)))
    await sampler
    killed = await killer if killer is not None else None
    memory["peak under load"] = max((m for _, m in samples), key=lambda m: sum(m.values()))
    memory["end of load"] = samples[-1][1]
    await asyncio.sleep(3)
    memory["3 s after the sessions closed"] = target.rss()
    if args.settle > 3:
        await asyncio.sleep(args.settle - 3)
        memory[f"{args.settle:.0f} s after the sessions closed"] = target.rss()
    return runs, memory, samples, killed


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank) of sorted values."""
    return values[max(math.ceil(0.95 * len(values)) - 1, 0)]


def report_latency(runs: list[Run], seconds: float) -> None:
    timed = [r for r in runs if r.action in TIMED]
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
        print(f"p50 {statistics.median(secs):.2f} s, p95 {p95(secs):.2f} s, max "
              f"{secs[-1]:.2f} s, {len(secs) / seconds:.1f} responses per second")
    served = defaultdict(int)
    for r in timed:
        served[r.replica or "-"] += 1
    if len(served) > 1 or "-" not in served:
        print("responses per replica: " + ", ".join(f"{k} {v}" for k, v in sorted(
            served.items())))


def _mb(values: dict[str, float]) -> str:
    each = ", ".join(f"{k} {v:.0f}" for k, v in values.items())
    return f"{sum(values.values()):.0f}" + (f" ({each})" if len(values) > 1 else "")


def report_memory(memory: dict[str, dict[str, float]], samples, args) -> list[str]:
    """Print RSS (sum and each server); return the soak bars missed (with --soak)."""
    if not memory["idle"]:
        return []
    print("server RSS MB: " + "; ".join(f"{k} {_mb(v)}" for k, v in memory.items()))
    base, end = sum(memory["idle plus cache"].values()), sum(memory["end of load"].values())
    per = (end - base) / args.sessions
    if args.kill_one_after is not None:
        print("per additional session: not measured in a failover run")
        return []
    print(f"per additional session (end of load vs idle plus cache, / {args.sessions}): "
          f"{per:.1f} MB (bar: <= 5)")
    if not args.soak:
        return []
    two = next((sum(m.values()) for t, m in samples if t >= 120), end)
    after = sum(list(memory.values())[-1].values())
    bars = [(f"RSS at the end {end:.0f} MB within 10 % of RSS after 2 minutes {two:.0f} MB",
             abs(end - two) <= 0.10 * two),
            (f"RSS {list(memory)[-1]} {after:.0f} MB within 10 % of idle plus cache "
             f"{base:.0f} MB", abs(after - base) <= 0.10 * base),
            (f"memory per additional session {per:.1f} MB at most 5 MB", per <= 5)]
    print("soak verdict: " + ("PASS" if all(ok for _, ok in bars) else "FAIL"))
    for text, ok in bars:
        print(f"  {'PASS' if ok else 'FAIL'} {text}")
    ttl = re.search(r"^disconnectedSessionTTL = (\d+)", (ROOT / ".streamlit" / "config.toml")
                    .read_text(), re.M)
    print(f"  (Streamlit keeps a closed session for server.disconnectedSessionTTL, "
          f"{ttl.group(1) if ttl else '120'} s, so that a reconnecting browser can resume it; "
          "the heap thread then shuts it down)")
    return [text for text, ok in bars if not ok]


def report_failover(runs: list[Run], killed: tuple[float, str] | None, target: Target
                    ) -> list[Run]:
    """Print failures before, at and after the kill; return those that count."""
    failures = [r for r in runs if r.failure]
    if killed is None:
        return failures
    at, name = killed
    lost = [r for r in failures if r.failure.startswith(LOST) and r.began >= at
            and r.replica in (name, "")]
    before = [r for r in failures if r.began < at]
    after = [r for r in failures if r.began >= at and r not in lost]
    served = sum(1 for r in runs if r.began >= at and r.action in TIMED and not r.failure)
    print(f"failover: killed {name} (pid {target.pids[name]}) at {at:.1f} s; failures before "
          f"the kill {len(before)}, connections it cut {len(lost)} (those readers reconnect), "
          f"failures after it {len(after)}; responses after the kill {served}")
    return before + after


def report(runs: list[Run], memory, samples, killed, target: Target, args) -> int:
    timed = [r for r in runs if r.action in TIMED]
    failures = [r for r in runs if r.failure]
    print(f"load test: {args.sessions} concurrent sessions for {args.seconds:g} s, think time "
          f"1-3 s, {target.label}")
    print(f"responses: {len(runs)} ({len(timed)} during the load), complete "
          f"{sum(not r.failure for r in runs)}, failures {len(failures)}")
    for r in failures[:10]:
        print(f"  FAILED {r.action} {r.page} at {r.began:.1f} s: {r.failure}")
    report_latency(runs, args.seconds)
    counted = report_failover(runs, killed, target)
    missed = report_memory(memory, samples, args)
    if samples and memory["idle"]:
        quarter = max(len(samples) // 4, 1)
        early = statistics.median(sum(m.values()) for _, m in samples[:quarter])
        late = statistics.median(sum(m.values()) for _, m in samples[-quarter:])
        print(f"RSS median in the first quarter of the load {early:.0f} MB, last quarter "
              f"{late:.0f} MB")
    return 1 if counted or missed or not timed else 0


@contextmanager
def deployment(args) -> Iterator[Target]:
    """The servers to drive: an existing URL, one server, or replicas behind HAProxy."""
    if args.url:
        yield Target(args.url.rstrip("/"), f"the deployment at {args.url}")
        return
    if args.replicas == 0:
        port = free_port()
        proc = start(SERVE, port)
        try:
            wait_healthy(port)
            url = f"http://127.0.0.1:{port}"
            yield Target(url, "one server, loopback", {"server": proc.pid}, {"server": url})
        finally:
            stop(proc)
        return
    haproxy = replicas.find_haproxy()
    if haproxy is None:
        raise SystemExit(replicas.NOT_INSTALLED)
    log_path = Path(tempfile.gettempdir()) / "dashboard-load-replicas.log"
    with open(log_path, "w") as log, replicas.Deployment(
            args.replicas, free_port(), haproxy, log=log) as front:
        front.start()

        def kill_first() -> str:
            front.kill("r1")
            return "r1"

        yield Target(front.url, f"{args.replicas} replica(s) behind HAProxy, loopback "
                     f"(their output: {log_path})",
                     {r.name: r.pid for r in front.replicas},
                     {r.name: f"http://127.0.0.1:{r.port}" for r in front.replicas},
                     kill_first)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--timeout", type=float, default=60, help="seconds per response")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--replicas", type=int, default=0, help="0: one server, directly "
                        "(default); N >= 1: N servers behind HAProxy")
    parser.add_argument("--url", help="drive this running deployment instead (no RSS)")
    parser.add_argument("--kill-one-after", type=float, metavar="S",
                        help="SIGKILL replica r1 S seconds into the load (needs --replicas 2+)")
    parser.add_argument("--settle", type=float, default=3,
                        help="seconds to wait after the sessions close before the last RSS")
    parser.add_argument("--soak", action="store_true", help="print the soak's memory verdict "
                        "(RSS at the end vs after 2 minutes, after --settle vs idle plus cache)")
    args = parser.parse_args()
    if not 1 <= args.sessions <= 100 or not 1 <= args.seconds <= 3600:
        parser.error("keep it bounded: 1-100 sessions, 1-3600 seconds")
    if args.kill_one_after is not None and (args.url or args.replicas < 2):
        parser.error("--kill-one-after needs --replicas 2 or more (and no --url)")
    if args.replicas < 0:
        parser.error("--replicas: 0 (one server, directly) or more")
    if args.soak and (args.seconds <= 120 or args.url):
        parser.error("--soak compares with RSS after 2 minutes: run longer than 120 s, on "
                     "servers this script starts (no --url)")
    with deployment(args) as target:
        time.sleep(2)
        runs, memory, samples, killed = asyncio.run(load(target, args))
    return report(runs, memory, samples, killed, target, args)


if __name__ == "__main__":
    sys.exit(main())
