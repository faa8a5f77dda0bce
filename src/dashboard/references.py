"""Rules that span files: every reference must name an existing record, and every person
is known by one registry entry.

Which columns refer to which file is declared once, in ``registry.py``. A reference to
``people`` may be a person's id or any spelling registered for them in ``people.csv``; a
spelling registered for two people is an error, as is a body named like a person.
"""

from __future__ import annotations

import pandas as pd

from dashboard import registry, schemas
from dashboard.problems import Problem

PEOPLE = "people"


def _ids(raw: pd.DataFrame | None, name: str) -> set[str] | None:
    if raw is None:
        return None
    column = registry.DATASETS[name].id_column
    return set(raw[column].dropna()) if column in raw.columns else None


def _spellings(people: pd.DataFrame | None) -> tuple[dict[str, str], list[Problem]]:
    """spelling -> person id, and a problem for each spelling claimed by two people."""
    if people is None or "person_id" not in people.columns:
        return {}, []
    owner: dict[str, str] = {}
    problems = []
    for line, row in people.iterrows():
        names = [("name", row.get("name")),
                 *(("other_names", n) for n in schemas.split_list(row.get("other_names")))]
        for column, spelling in names:
            if not isinstance(spelling, str):
                continue
            claimed = owner.setdefault(spelling, row["person_id"])
            if claimed != row["person_id"]:
                problems.append(Problem("people.csv", int(line), column,
                                        f"spelling already registered for {claimed}; a "
                                        "spelling must name one person", spelling))
    return owner, problems


def _values(cell: object, column: str, dataset: str) -> list[str]:
    """The references in one cell (one id, or each item of a list column)."""
    if not isinstance(cell, str):
        return []
    spec = registry.DATASETS[dataset].schema.columns[column]
    return list(schemas.split_list(cell)) if schemas.is_list(spec) else [cell.strip()]


def _body_named_like_a_person(raw: pd.DataFrame | None, spellings: dict[str, str]
                              ) -> list[Problem]:
    if raw is None or not {"speaker", "speaker_kind"} <= set(raw.columns):
        return []
    bodies = raw[(raw["speaker_kind"] == "body") & raw["speaker"].isin(
        set(spellings) | set(spellings.values()))]
    return [Problem("statements.csv", int(line), "speaker", "names a registered person; "
                    "set speaker_kind=person", value) for line, value in bodies["speaker"].items()]


def check(raws: dict[str, pd.DataFrame | None]) -> list[Problem]:
    """Problems for references that do not resolve, and for people named ambiguously.

    A reference into a file that could not be read at all is not checked: that file's own
    problems are reported instead.
    """
    known = {name: _ids(raw, name) for name, raw in raws.items()}
    spellings, problems = _spellings(raws.get(PEOPLE))
    if known.get(PEOPLE) is not None:
        known[PEOPLE] = known[PEOPLE] | set(spellings)  # type: ignore[operator]
    records = [ids for name, ids in known.items() if ids is not None and name != PEOPLE]
    every_id = set().union(*records)
    unreadable = [f"{name}.csv" for name, ids in known.items() if ids is None]
    for name, relation in registry.relations():
        raw, target = raws.get(name), relation.target
        targets = every_id if target is None else known.get(target)
        if raw is None or targets is None or relation.column not in raw.columns:
            continue
        rows = raw
        if relation.when is not None and relation.when[0] in raw.columns:
            rows = raw[raw[relation.when[0]] == relation.when[1]]
        where = f"{target}.csv" if target else "any data file"
        if target is None and unreadable:
            where = f"any readable data file (unreadable: {', '.join(unreadable)})"
        what = ("a person id or a spelling registered in people.csv" if target == PEOPLE
                else f"an id found in {where}")
        for line, cell in rows[relation.column].dropna().items():
            for ref in _values(cell, relation.column, name):
                if ref not in targets:
                    problems.append(Problem(f"{name}.csv", int(line), relation.column,
                                            f"refers to an id not found in {where}"
                                            if target != PEOPLE else f"must be {what}", ref))
    return problems + _body_named_like_a_person(raws.get("statements"), spellings)
