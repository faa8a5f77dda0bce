"""Command line: ``python -m dashboard validate [DATA_DIR]``, ``python -m dashboard
datapackage [DATA_DIR]``, ``python -m dashboard serve`` (one server) and ``python -m
dashboard serve --replicas N [--port P]`` (N servers behind HAProxy)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def validate(data_dir: Path) -> int:
    """Print every problem in ``data_dir`` (one per line) or a summary; return the exit code."""
    from dashboard.datasets import load_datasets

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


def serve(streamlit_args: list[str]) -> int:
    """Run the app with Streamlit, with the workarounds of :mod:`dashboard.compat` (the
    app's navigation from the very first request; replies sent without Nagle's delay; no
    REPL probe on the first page; downloads kept until the reader has fetched them; no widget
    metadata kept past its widget; expired sessions shut down), on a
    native heap that gives memory back (:mod:`dashboard.heap`)."""
    import threading

    from streamlit.web import cli as streamlit_cli

    from dashboard import compat, heap

    heap.arrow_on_system_malloc()  # before pandas imports pyarrow
    heap.limit_arenas()  # before the server's threads exist
    heap.trim_periodically()
    compat.app_navigation_from_first_request()
    compat.tcp_nodelay_for_readers()
    compat.skip_repl_probe()
    compat.downloads_outlive_other_runs()
    compat.forget_stale_widget_metadata()
    heap.sweeper(compat.shut_down_expired_sessions)
    threading.Thread(target=_warm, name="dashboard-warm-up", daemon=True).start()
    app = Path(__file__).resolve().parents[2] / "app.py"
    return streamlit_cli.main(["run", str(app), *streamlit_args], standalone_mode=False) or 0


def _warm() -> None:
    """Once the server is up, load and check the data while the first browser loads the
    page's scripts, so that the first visitor does not wait for it afterwards (started
    earlier, it would slow the server's own start: both need the interpreter); then take
    the long-lived objects out of the garbage collector's way."""
    import logging
    import time

    from streamlit.runtime import Runtime
    from streamlit.runtime.runtime import RuntimeState

    while not (Runtime.exists() and Runtime.instance().state in (
            RuntimeState.NO_SESSIONS_CONNECTED, RuntimeState.ONE_OR_MORE_SESSIONS_CONNECTED)):
        time.sleep(0.05)

    # outside a page run Streamlit warns once that there is no script context; expected here
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
        logging.ERROR)
    from dashboard import compat
    from dashboard.ui import data

    data.warm()
    compat.freeze_long_lived_heap()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every data file against the contract")
    check.add_argument("data_dir", nargs="?", type=Path, default=None,
                       help="folder of CSV files (default: $DASHBOARD_DATA_DIR or data/)")
    package = commands.add_parser("datapackage", help="write DATA_DIR/datapackage.json from "
                                  "the contract (a Frictionless Data Package)")
    package.add_argument("data_dir", nargs="?", type=Path, default=None,
                         help="folder of CSV files (default: $DASHBOARD_DATA_DIR or data/)")
    commands.add_parser("serve", help="start the app; further options go to 'streamlit run'; "
                        "with --replicas N [--port P]: N app servers behind HAProxy")
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:
        if any(arg == "--replicas" or arg.startswith("--replicas=") for arg in argv[1:]):
            from dashboard import replicas

            return replicas.main(argv[1:])
        return serve(argv[1:])
    args = parser.parse_args(argv)
    from dashboard.datasets import data_dir_from_env

    if args.command == "validate":
        return validate(args.data_dir or data_dir_from_env())
    if args.command == "datapackage":
        from dashboard import datapackage

        print(datapackage.write(args.data_dir or data_dir_from_env()))
        return 0
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
