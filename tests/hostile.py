"""A copy of the data with hostile text in every free-text column of every file."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from dashboard import registry

FLAG = "__pwned"
PAYLOADS = [
    f"<script>window.{FLAG}=1</script>",
    f'<img src=x onerror="window.{FLAG}=1">',
    f"[click me](javascript:window.{FLAG}=1)",
    "![tracker](https://example.invalid/pixel.png)",
    f"<a href=\"javascript:window.{FLAG}=1\">link</a> **bold** :red[red] $x^2$",
    "\u202eRIGHT-TO-LEFT\u202c zero\u200bwidth",
    "W" * 300,
]


def free_text_columns(name: str) -> list[str]:
    """Columns of ``name`` that hold free text (those with a length check, not ids, codes or
    references to other records, such as a statement's speaker)."""
    references = {r.column for source, r in registry.relations() if source == name}
    out = []
    for column, spec in registry.DATASETS[name].schema.pandera.columns.items():
        if column in references or spec.unique:
            continue
        if any(str(getattr(c, "name", "")).startswith("str_length") for c in spec.checks):
            out.append(column)
    return out


def make_hostile_copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    for name in registry.DATASETS:
        path = target / f"{name}.csv"
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        columns = free_text_columns(name)
        for i, row in enumerate(rows):
            for j, column in enumerate(columns):
                payload = PAYLOADS[(i + j) % len(PAYLOADS)]
                check = registry.DATASETS[name].schema.pandera.columns[column].checks[0]
                limit = check.statistics.get("max_value", 600)
                own = row[column] or ""
                # a person's name must stay one person's: keep it whole, payload after
                hostile = (own + " " + payload) if column == "name" else (payload + " " + own)
                row[column] = hostile[:limit]
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return target
