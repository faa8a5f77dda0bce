"""Scale: synthetic datasets of N events loaded through the real loader, and the timeline.

Usage: python bench/scale.py [--sizes 1000 10000 100000 1000000]

For each size, the real data is copied and N synthetic records are appended
(60 % statements, 25 % meetings, 15 % deployments, all citing one synthetic
source), then measured: load and validation time (in this process), and, against a
server started on that data: the first timeline page (loading included), the warm rerun
after each of 5 new search texts (time to the end of the script run, over the websocket
like a browser), the bytes the page sends per rerun, and the server's memory.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import load  # bench/load.py: a browser-like websocket session
import websockets

from dashboard import schemas
from dashboard.datasets import load_datasets
from dashboard.harness import SERVE, free_port, rss_mb, start, stop, wait_healthy

ROOT = Path(__file__).resolve().parents[1]


def _append(path: Path, rows: list[dict]) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    with path.open("a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header, lineterminator="\n")
        writer.writerows(rows)


def make_synthetic(n: int, target: Path) -> Path:
    shutil.copytree(ROOT / "data", target)
    _append(target / "sources.csv", [{
        "source_id": "src-synthetic", "publisher": "Synthetic benchmark data",
        "title": "Not a real source", "url": "https://example.invalid/synthetic",
        "published": "2022-01-01", "kind": "other"}])
    days = [f"2021-{m:02d}-{d:02d}" for m in range(3, 13) for d in range(1, 29)]
    n_statements, n_meetings = int(n * 0.6), int(n * 0.25)
    n_deployments = n - n_statements - n_meetings
    _append(target / "statements.csv", [{
        "statement_id": f"s-syn-{i}", "date": days[i % len(days)], "speaker": f"Speaker {i % 97}",
        "speaker_role": "Synthetic", "side": schemas.SIDES[i % 4], "venue": "Benchmark",
        "meeting_id": "", "topics": "ukraine", "quote": f"Synthetic quote number {i}.",
        "summary": "A synthetic statement.", "source_ids": "src-synthetic"}
        for i in range(n_statements)])
    _append(target / "meetings.csv", [{
        "meeting_id": f"m-syn-{i}", "date": days[i % len(days)], "end_date": days[i % len(days)],
        "title": f"Synthetic meeting {i}", "format": "phone_call", "location": "Phone call",
        "lat": "38.8951", "lon": "-77.0364", "us_participants": "A (x)",
        "ru_participants": "B (y)", "other_participants": "", "summary": "Synthetic.",
        "outcome": "", "topics": "ukraine", "source_ids": "src-synthetic"}
        for i in range(n_meetings)])
    _append(target / "deployments.csv", [{
        "deployment_id": f"dep-syn-{i}", "date": days[i % len(days)], "end_date": "",
        "site": f"Synthetic site {i % 500}", "region": "Test", "country": "Russia",
        "lat": f"{50 + (i % 50) / 10:.4f}", "lon": f"{35 + (i % 40) / 10:.4f}",
        "coord_source": "synthetic", "units": "", "troops_est": "", "btg_est": "",
        "description": "Synthetic.", "confidence": "low", "source_ids": "src-synthetic"}
        for i in range(n_deployments)])
    return target


async def _timeline_session(port: int, words: list[str]) -> tuple[float, list, list]:
    """First load of the timeline, then a rerun per new search text: (first s, times, bytes)."""
    from streamlit.proto.WidgetStates_pb2 import WidgetStates

    async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream",
                                  subprotocols=["streamlit"], max_size=None) as ws:
        session = load.Session(0, ws)
        first = await load.rerun(session, page="timeline", action="open", timeout=1800)
        await load.rerun(session, page="timeline", action="open", timeout=1800)  # hashes
        if first.failure or not session.search_id:
            raise SystemExit(f"timeline did not load: {first.failure or 'no search box'}")
        times, sizes = [], []
        for word in words:
            states = WidgetStates()
            state = states.widgets.add()
            state.id, state.string_value = session.search_id, word
            run = await load.rerun(session, page="timeline", widgets=states, action="search",
                                   timeout=600)
            if run.failure:
                raise SystemExit(f"search {word!r}: {run.failure}")
            times.append(run.seconds)
            sizes.append(run.bytes)
        return first.seconds, times, sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+",
                        default=[1_000, 10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    words = ["synthetic", "quote", "meeting", "geneva", "site"]
    print(f"{'events':>9} {'load s':>7} {'first page s':>12} {'rerun median ms':>15} "
          f"{'min':>6} {'max':>6} {'page KB median':>14} {'max':>6} {'server RSS MB':>13}")
    for n in args.sizes:
        folder = make_synthetic(n, Path(tempfile.mkdtemp()) / "data")
        began = time.perf_counter()
        ds = load_datasets(folder)
        load_s = time.perf_counter() - began
        if ds.problems:
            print(f"{n}: synthetic data has problems: {ds.problems[:3]}", file=sys.stderr)
            return 1
        del ds
        port = free_port()
        proc = start(SERVE, port, folder)
        try:
            wait_healthy(port)
            first, times, sizes = asyncio.run(_timeline_session(port, words))
            rss = rss_mb(proc.pid)
        finally:
            stop(proc)
            shutil.rmtree(folder.parent, ignore_errors=True)
        print(f"{n:9,} {load_s:7.2f} {first:12.1f} {statistics.median(times) * 1000:15.0f} "
              f"{min(times) * 1000:6.0f} {max(times) * 1000:6.0f} "
              f"{statistics.median(sizes) / 1024:14.0f} {max(sizes) / 1024:6.0f} {rss:13.0f}",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
