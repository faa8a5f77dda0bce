"""Rules that span files: every reference must name an existing record.

Which columns refer to which file is declared once, in ``registry.py``.
"""

from __future__ import annotations

import pandas as pd

from dashboard import registry, schemas
from dashboard.problems import Problem


def _ids(raw: pd.DataFrame | None, name: str) -> set[str] | None:
    if raw is None:
        return None
    column = registry.DATASETS[name].id_column
    return set(raw[column].dropna()) if column in raw.columns else None


def check(raws: dict[str, pd.DataFrame | None]) -> list[Problem]:
    """Problems for references that do not resolve.

    A reference into a file that could not be read at all is not checked: that file's own
    problems are reported instead.
    """
    known = {name: _ids(raw, name) for name, raw in raws.items()}
    every_id = set().union(*(ids for ids in known.values() if ids is not None))
    unreadable = [f"{name}.csv" for name, ids in known.items() if ids is None]
    problems = []
    for name, relation in registry.relations():
        raw, target = raws.get(name), relation.target
        targets = every_id if target is None else known.get(target)
        if raw is None or targets is None or relation.column not in raw.columns:
            continue
        where = f"{target}.csv" if target else "any data file"
        if target is None and unreadable:
            where = f"any readable data file (unreadable: {', '.join(unreadable)})"
        for line, value in raw[relation.column].dropna().items():
            for ref in schemas.split_list(value):
                if ref not in targets:
                    problems.append(Problem(f"{name}.csv", int(line), relation.column,
                                            f"refers to an id not found in {where}", ref))
    return problems
