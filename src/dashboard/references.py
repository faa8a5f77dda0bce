"""Rules that span files: every reference must name an existing record."""

from __future__ import annotations

import pandas as pd

from dashboard import schemas
from dashboard.problems import Problem

#: (dataset, column, referenced dataset); ``None`` means "any record of any dataset".
REFERENCES: tuple[tuple[str, str, str | None], ...] = (
    *((name, "source_ids", "sources") for name in schemas.SCHEMAS if name != "sources"),
    ("statements", "meeting_id", "meetings"),
    ("responses", "demand_id", "demands"),
    ("positions", "statement_ids", "statements"),
    ("discrepancies", "record_id", None),
)


def _ids(raw: pd.DataFrame | None, name: str) -> set[str] | None:
    if raw is None:
        return None
    column = schemas.id_column(name)
    return set(raw[column].dropna()) if column in raw.columns else None


def check(raws: dict[str, pd.DataFrame | None]) -> list[Problem]:
    """Problems for references that do not resolve.

    A reference into a file that could not be read at all is not checked: that
    file's own problems are reported instead.
    """
    known = {name: _ids(raw, name) for name, raw in raws.items()}
    every_id = set().union(*(ids for ids in known.values() if ids is not None))
    unreadable = [f"{name}.csv" for name, ids in known.items() if ids is None]
    problems = []
    for name, column, target in REFERENCES:
        raw = raws.get(name)
        targets = every_id if target is None else known.get(target)
        if raw is None or targets is None or column not in raw.columns:
            continue
        where = f"{target}.csv" if target else "any data file"
        if target is None and unreadable:
            where = f"any readable data file (unreadable: {', '.join(unreadable)})"
        for line, value in raw[column].dropna().items():
            for ref in schemas.split_list(value):
                if ref not in targets:
                    problems.append(
                        Problem(f"{name}.csv", int(line), column,
                                f"refers to an id not found in {where}", ref)
                    )
    return problems
