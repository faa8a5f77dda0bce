"""Server-side export time per chart (PNG 3840×2160 and SVG), median of repeated renders.

Usage: python bench/export.py [--repeat N]   (needs Chromium for kaleido)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from dashboard import export
from dashboard.datasets import load_datasets
from dashboard.harness import DATA_DIR


def charts() -> dict:
    return export.default_charts(load_datasets(DATA_DIR))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    figs = charts()
    start = time.perf_counter()
    export.chart_image(figs["answers-by-stance"], "png")
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
