"""Command line: ``python -m dashboard validate [DATA_DIR]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.datasets import data_dir_from_env, load_datasets


def validate(data_dir: Path) -> int:
    """Print every problem in ``data_dir`` (one per line) or a summary; return the exit code."""
    if not data_dir.is_dir():
        print(f"{data_dir}: not a folder", file=sys.stderr)
        return 2
    datasets = load_datasets(data_dir)
    if datasets.problems:
        for problem in datasets.problems:
            print(problem)
        files = len({p.file for p in datasets.problems})
        print(f"{len(datasets.problems)} problem(s) in {files} file(s) under {data_dir}",
              file=sys.stderr)
        return 1
    counts = ", ".join(f"{name} {n}" for name, n in datasets.row_counts().items())
    print(f"OK {data_dir}: {counts}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every data file against the contract")
    check.add_argument("data_dir", nargs="?", type=Path, default=None,
                       help="folder of CSV files (default: $DASHBOARD_DATA_DIR or data/)")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.data_dir or data_dir_from_env())
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
