"""Scale: synthetic datasets of N events loaded through the real loader, and the timeline.

Usage: python bench/scale.py [--sizes 1000 10000 100000]

For each size, the real data is copied and N synthetic records are appended
(60 % statements, 25 % meetings, 15 % deployments, all citing one synthetic
source), then measured: load and validation time, the timeline's warm rerun
after a new search text (AppTest, median of 5), and the size of the lane
chart's JSON (the bulk of what the page sends).
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from dashboard import schemas  # noqa: E402
from dashboard.datasets import load_datasets  # noqa: E402


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    from streamlit.testing.v1 import AppTest

    print(f"{'events':>9} {'load s':>8} {'rerun median ms':>16} {'min':>7} {'max':>7} "
          f"{'lane chart KB':>14}")
    for n in args.sizes:
        folder = make_synthetic(n, Path(tempfile.mkdtemp()) / "data")
        start = time.perf_counter()
        ds = load_datasets(folder)
        load_s = time.perf_counter() - start
        if ds.problems:
            print(f"{n}: synthetic data has problems: {ds.problems[:3]}", file=sys.stderr)
            return 1
        os.environ["DASHBOARD_DATA_DIR"] = str(folder)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.switch_page("pages/timeline.py")
        at.run()
        times = []
        for word in ("synthetic", "quote", "meeting", "geneva", "site"):
            t = time.perf_counter()
            at.text_input(key="f_text").input(word).run()
            times.append(time.perf_counter() - t)
        at.text_input(key="f_text").input("").run()
        chart = next((c for c in at.get("plotly_chart")), None)
        size_kb = len(chart.proto.spec) / 1024 if chart is not None else 0
        print(f"{n:9,} {load_s:8.2f} {statistics.median(times) * 1000:16.0f} "
              f"{min(times) * 1000:7.0f} {max(times) * 1000:7.0f} {size_kb:14.0f}")
        shutil.rmtree(folder.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
