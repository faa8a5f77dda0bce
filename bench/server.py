"""Cold start and server memory, measured with Chromium against the real server.

Usage: python bench/server.py [--repeat N] [--sessions N]

Cold start: from launching the server process to the first fully rendered page
(script finished, chart drawn) in a fresh Chromium page, for this app and for a
one-chart "hello" Streamlit app started the same way, in the same run.
The data's snapshot (dashboard.snapshot) is written first, as any earlier start leaves it.
Memory: the server's resident set size (VmRSS) idle, after one session, and
after N concurrent sessions (open browser pages).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from dashboard import snapshot
from dashboard.harness import (
    CHROMIUM_ARGS,
    DATA_DIR,
    PLOTLY_DRAWN,
    SERVE,
    chromium_path,
    free_port,
    rss_mb,
    start,
    stop,
    wait_done,
    wait_healthy,
)

HELLO = """import plotly.graph_objects as go
import streamlit as st
st.title("Hello")
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2])))
"""
def cold_start(browser, command: list[str]) -> tuple[float, float]:
    """Seconds from launch to the first page drawn, and to the server's first health reply."""
    port = free_port()
    began = time.perf_counter()
    proc = start(command, port)
    try:
        wait_healthy(port)
        healthy = time.perf_counter() - began
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/")
        wait_done(page)
        page.wait_for_selector(PLOTLY_DRAWN, timeout=60_000)
        elapsed = time.perf_counter() - began
        page.close()
        return elapsed, healthy
    finally:
        stop(proc)


def memory(browser, sessions: int) -> tuple[float, float, float]:
    port = free_port()
    proc = start(SERVE, port)
    try:
        wait_healthy(port)
        time.sleep(2)
        idle = rss_mb(proc.pid)
        pages = []
        for i in range(sessions):
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{port}/" if i % 2 == 0 else
                      f"http://127.0.0.1:{port}/timeline")
            wait_done(page)
            pages.append(context)
            if i == 0:
                time.sleep(1)
                one = rss_mb(proc.pid)
        time.sleep(2)
        many = rss_mb(proc.pid)
        for context in pages:
            context.close()
        return idle, one, many
    finally:
        stop(proc)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--no-memory", action="store_true", help="cold start only")
    args = parser.parse_args()
    path = chromium_path()
    if not path:
        print("no Chromium found; set CHROMIUM_PATH", file=sys.stderr)
        return 2
    hello = Path(tempfile.mkdtemp()) / "hello.py"
    hello.write_text(HELLO)
    # the validated-data snapshot as a server finds it after its first start (or
    # `make validate`): every start measured here reads it instead of checking the files
    snapshot.load(DATA_DIR)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        apps = {"hello app": [sys.executable, "-m", "streamlit", "run", str(hello)],
                "dashboard": SERVE}
        times: dict[str, list[float]] = {name: [] for name in apps}
        up: dict[str, list[float]] = {name: [] for name in apps}
        for _ in range(args.repeat):  # interleaved, so both see the same machine
            for name, command in apps.items():
                elapsed, healthy = cold_start(browser, command)
                times[name].append(elapsed)
                up[name].append(healthy)
        print(f"{'cold start':12} {'median s':>9} {'min':>6} {'max':>6} {'server up s':>12}")
        for name, values in times.items():
            print(f"{name:12} {statistics.median(values):9.2f} {min(values):6.2f} "
                  f"{max(values):6.2f} {statistics.median(up[name]):12.2f}")
        ratio = statistics.median(times["dashboard"]) / statistics.median(times["hello app"])
        print(f"ratio dashboard / hello: {ratio:.2f} (bar: <= 1.3)")
        if not args.no_memory:
            idle, one, many = memory(browser, args.sessions)
            per = (many - one) / max(args.sessions - 1, 1)
            print(f"server RSS: idle {idle:.0f} MB, one session {one:.0f} MB, {args.sessions} "
                  f"sessions {many:.0f} MB, {per:.1f} MB per additional session (bar: <= 5)")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
