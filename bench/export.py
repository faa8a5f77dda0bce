"""Server-side export time per chart (PNG 3840×2160 and SVG), median of repeated renders.

Usage: python bench/export.py [--repeat N]   (needs Chromium for kaleido)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from dashboard import buildup_map, export, figures, overview, positions, timeline  # noqa: E402
from dashboard.datasets import load_datasets  # noqa: E402
from dashboard.records import all_records  # noqa: E402


def charts() -> dict:
    ds = load_datasets(ROOT / "data")
    records = all_records(ds)
    source = figures.source_line(overview.top_publishers(ds))
    as_of = records["date"].max().date()
    window = (date(2021, 3, 1), date(2022, 2, 24))
    core = records[records["date"].between("2021-03-01", "2022-02-24")]
    return {
        "records per month": overview.activity_figure(records, overview.top_publishers(ds)),
        "timeline lanes": timeline.timeline_figure(timeline.lane_events(core), x_range=window,
                                                   as_of=as_of, source=source),
        "talks vs troops": timeline.talks_vs_troops_figure(
            ds.troop_estimates, ds.meetings, x_range=window, as_of=as_of, source=source),
        "estimates (map)": buildup_map.estimates_figure(ds.troop_estimates, date(2022, 2, 1),
                                                        source=source, data_as_of=as_of),
        "answers by stance": positions.stance_figure(
            positions.stance_counts(positions.tracker(ds.demands, ds.responses)),
            as_of=as_of, source=source),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    figs = charts()
    start = time.perf_counter()
    export.chart_image(figs["answers by stance"], "png")
    print(f"first export in the process (starts the browser): "
          f"{time.perf_counter() - start:.2f} s")
    print(f"{'chart':20} {'PNG median s':>13} {'min':>6} {'max':>6} {'SVG median s':>13}")
    for name, fig in figs.items():
        png, svg = [], []
        for _ in range(args.repeat):
            t = time.perf_counter()
            export.chart_image(fig, "png")
            png.append(time.perf_counter() - t)
            t = time.perf_counter()
            export.chart_image(fig, "svg")
            svg.append(time.perf_counter() - t)
        print(f"{name:20} {statistics.median(png):13.2f} {min(png):6.2f} {max(png):6.2f} "
              f"{statistics.median(svg):13.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
