"""The Streamlit layer: cached loading and the shared pieces every page shows.

Everything else in the package is pure; this module is the only one (with the
pages) that calls ``st.*``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import records
from dashboard.datasets import Datasets, data_dir_from_env, file_signature, load_datasets


@st.cache_resource(show_spinner="Loading and checking the data…", max_entries=4)
def _load(data_dir: str, signature: tuple) -> Datasets:
    # ``signature`` (file sizes and times) is part of the key so edits to the data reload.
    return load_datasets(Path(data_dir))


@st.cache_resource(max_entries=4)
def _records(data_dir: str, signature: tuple) -> pd.DataFrame:
    return records.all_records(_load(data_dir, signature))


def datasets() -> Datasets:
    """The validated data of ``DASHBOARD_DATA_DIR`` (or ``data/``), cached per file version."""
    data_dir = data_dir_from_env()
    return _load(str(data_dir), file_signature(data_dir))


def all_records() -> pd.DataFrame:
    """Every dated record (see :func:`dashboard.records.all_records`), cached."""
    data_dir = data_dir_from_env()
    return _records(str(data_dir), file_signature(data_dir))


def problems_banner(ds: Datasets, limit: int = 12) -> None:
    """Name the broken files and their problems; the page goes on with what loaded."""
    if not ds.problems:
        return
    files = ", ".join(f"{name}.csv" for name in sorted(ds.broken))
    st.error(
        f"**Some data could not be loaded.** {len(ds.problems)} problem(s) in: {files}. "
        "These files are left out until fixed; views that do not need them work as usual. "
        "Run `python -m dashboard validate` for the full list.",
        icon=":material/error:",
    )
    lines = [str(p) for p in ds.problems[:limit]]
    if len(ds.problems) > limit:
        lines.append(f"… and {len(ds.problems) - limit} more")
    # st.code shows the problem text as text: values from a file are never rendered.
    st.code("\n".join(lines), language=None, wrap_lines=True)


def require(ds: Datasets, *names: str) -> bool:
    """Tell the reader when a view cannot run because a file it needs is broken."""
    missing = [n for n in names if n in ds.broken]
    if missing:
        st.warning(
            "This view needs " + ", ".join(f"`{n}.csv`" for n in missing)
            + ", which could not be loaded (see the problems above).",
            icon=":material/warning:",
        )
        return False
    return True
