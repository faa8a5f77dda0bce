"""The data as a Frictionless Data Package: ``data/datapackage.json``, generated from the
contract (``registry.py``), never edited by hand.

``python -m dashboard datapackage`` writes it; ``tests/test_datapackage.py`` fails when the
file is stale and runs ``frictionless validate`` on it. Each file becomes a tabular data
resource whose Table Schema states the column types, allowed values, ranges, primary key
and the foreign keys between files (single-id columns; ``;``-separated id lists, conditional
references and references to people, which may use a registered spelling, are checked by
``python -m dashboard validate``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dashboard import schemas
from dashboard.registry import DATASETS, relations

if TYPE_CHECKING:
    import pandera.pandas as pa

FILE_NAME = "datapackage.json"
LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}


def _type(column: schemas.Column) -> dict[str, Any]:
    if schemas.is_list(column):
        return {"type": "list", "delimiter": schemas.LIST_SEPARATOR, "itemType": "string"}
    if schemas.is_date(column):
        return {"type": "date", "format": "%Y-%m-%d"}
    return {"type": {"Int64": "integer", "float64": "number"}.get(column.dtype, "string")}


def _constraints(column: pa.Column) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not column.nullable:
        out["required"] = True
    if column.unique:
        out["unique"] = True
    for check in column.checks:
        stats = check.statistics or {}
        if check.name == "isin":
            out["enum"] = list(stats["allowed_values"])
        elif check.name == "in_range":
            out.update(minimum=stats["min_value"], maximum=stats["max_value"])
        elif check.name == "greater_than_or_equal_to":
            out["minimum"] = stats["min_value"]
        elif check.name == "str_length" and stats.get("max_value"):
            out["maxLength"] = stats["max_value"]
        elif check.name == "str_matches":
            out["pattern"] = stats["pattern"].removeprefix("^").removesuffix("$")
    return out


def _field(name: str, column: schemas.Column, checked: pa.Column, label: str
           ) -> dict[str, Any]:
    field = {"name": name, "title": label, **_type(column)}
    constraints = _constraints(checked)
    if field["type"] == "list":
        constraints.pop("enum", None)  # list items are checked by the validator
    if constraints:
        field["constraints"] = constraints
    return field


def _foreign_keys(name: str) -> list[dict[str, Any]]:
    keys = []
    for source, relation in relations():
        target = relation.target
        column = DATASETS[source].schema.columns[relation.column] if source == name else None
        # conditional references, and people (who may be named by a registered spelling
        # as well as by id), are checked by `dashboard validate` only
        if column is None or target in (None, "people") or schemas.is_list(column) \
                or relation.when is not None:
            continue
        keys.append({"fields": relation.column,
                     "reference": {"resource": target, "fields": DATASETS[target].id_column}})
    return keys


def resource(name: str) -> dict[str, Any]:
    d = DATASETS[name]
    schema: dict[str, Any] = {
        "fields": [_field(c, col, d.schema.pandera.columns[c], d.label(c))
                   for c, col in d.schema.columns.items()],
        "primaryKey": d.id_column,
        "missingValues": [""],
    }
    keys = _foreign_keys(name)
    if keys:
        schema["foreignKeys"] = keys
    return {"name": name, "path": f"{name}.csv", "title": d.title, "profile":
            "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "dialect": {"delimiter": ",", "header": True},
            "schema": schema}


def package() -> dict[str, Any]:
    """The Data Package descriptor for every data file of the contract."""
    return {
        "profile": "tabular-data-package",
        "name": "us-russia-dialogue",
        "title": "US–Russia Dialogue Dashboard: curated, sourced datasets",
        "description": "Meetings, statements, troop deployments and estimates, demands and "
        "answers, positions, the people involved and the public sources behind every "
        "record, on the US–Russia security dialogue and Russia's buildup on Ukraine's "
        "borders. Every row cites sources.csv. See README.md and cards/.",
        "licenses": [LICENSE],
        "resources": [resource(name) for name in DATASETS],
    }


def render() -> str:
    return json.dumps(package(), indent=2, ensure_ascii=False) + "\n"


def write(data_dir: Path) -> Path:
    path = Path(data_dir) / FILE_NAME
    path.write_text(render(), encoding="utf-8")
    return path


def zip_bytes(data_dir: Path) -> bytes:
    """The whole dataset in one zip: every CSV file, ``datapackage.json``, the data cards
    and ``README.md`` (which states the license)."""
    import io
    import zipfile

    folder = Path(data_dir)
    names = [*(f"{name}.csv" for name in DATASETS), FILE_NAME, "README.md",
             *(f"cards/{p.name}" for p in sorted((folder / "cards").glob("*.md")))]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name in names:
            path = folder / name
            if path.exists():
                bundle.write(path, f"us-russia-dialogue-data/{name}")
    return buffer.getvalue()
