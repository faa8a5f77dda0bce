"""Load and validate the data folder into typed DataFrames.

``load_datasets`` is the one entry point: it reads every CSV of the contract,
reports every problem it finds as a :class:`Problem` (file, line, column,
message, value) and returns a :class:`Datasets` container. A file with any
problem is *broken*: its frame is empty (with the contract's columns), so
views that do not depend on it keep working and no half-valid rows are shown.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from dashboard import references, schemas
from dashboard.problems import FILE_LEVEL, Problem

DATA_DIR_ENV = "DASHBOARD_DATA_DIR"
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DATASET_NAMES = tuple(schemas.SCHEMAS)


@dataclass(frozen=True)
class Datasets:
    """Every dataset as a typed DataFrame, plus what was wrong when loading."""

    data_dir: Path
    frames: dict[str, pd.DataFrame]
    problems: tuple[Problem, ...] = ()
    broken: frozenset[str] = field(default_factory=frozenset)

    def __getattr__(self, name: str) -> pd.DataFrame:
        frames = self.__dict__.get("frames", {})
        if name in frames:
            return frames[name]
        raise AttributeError(name)

    def available(self, *names: str) -> bool:
        """True when none of ``names`` is broken."""
        return not any(name in self.broken for name in names)

    def row_counts(self) -> dict[str, int]:
        return {name: len(frame) for name, frame in self.frames.items()}

    def problems_in(self, name: str) -> list[Problem]:
        return [p for p in self.problems if p.file == f"{name}.csv"]


def data_dir_from_env() -> Path:
    """The folder named by ``DASHBOARD_DATA_DIR``, else the repository's ``data/``."""
    value = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(value) if value else DEFAULT_DATA_DIR


def file_signature(data_dir: Path) -> str:
    """Name, size and mtime_ns of each data file: a cache key that changes with the files.

    A string, because Streamlit hashes a cache key's arguments on every call.
    """
    out = []
    for name in DATASET_NAMES:
        path = Path(data_dir) / f"{name}.csv"
        try:
            stat = path.stat()
            out.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            out.append(f"{name}:missing")
    return "|".join(out)


# --- reading ------------------------------------------------------------------


def _decode(raw: bytes) -> tuple[str, list[tuple[int, int, str]]]:
    """Decode UTF-8; returns the text and (line, field number, byte) of each bad byte run."""
    bad: list[tuple[int, int, str]] = []
    position = 0
    while True:
        try:
            raw[position:].decode("utf-8")
            break
        except UnicodeDecodeError as err:
            start = position + err.start
            line_start = raw.rfind(b"\n", 0, start) + 1
            prefix = raw[line_start:start].decode("utf-8", errors="replace")
            field_no = len(next(csv.reader([prefix]), [""])) if prefix else 1
            line_no = raw[:start].count(b"\n") + 1
            if not bad or bad[-1][0] != line_no:
                bad.append((line_no, field_no, f"byte 0x{raw[start]:02x}"))
            position = position + err.end
    return raw.decode("utf-8", errors="replace"), bad


def read_raw(path: Path, expected: list[str]) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read one CSV as text cells, indexed by the line number each record starts on.

    Returns ``(frame, problems)``; ``frame`` is None when the file cannot be read
    as a table of the expected shape at all.
    """
    file = path.name
    problems: list[Problem] = []
    if not path.exists():
        return None, [Problem(file, 0, FILE_LEVEL, "file is missing")]
    text, bad_bytes = _decode(path.read_bytes())
    if text.startswith("\ufeff"):
        problems.append(
            Problem(file, 1, expected[0], "file starts with a byte-order mark (BOM); "
                    "save as UTF-8 without BOM")
        )
        text = text[1:]
    if not text.strip():
        problems.append(
            Problem(file, 1, FILE_LEVEL, "file is empty; expected a header row: "
                    + ",".join(expected))
        )
        return None, problems

    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    if len(header) == 1 and len(expected) > 1:
        for delimiter in (";", "\t", "|"):
            if delimiter in header[0]:
                shown = "tab" if delimiter == "\t" else repr(delimiter)
                problems.append(
                    Problem(file, 1, FILE_LEVEL, f"fields are separated by {shown}; "
                            "expected ','", header[0][:80])
                )
                return None, problems
    header = [h.strip() for h in header]
    for line_no, field_no, byte in bad_bytes:
        column = header[field_no - 1] if field_no <= len(header) else f"field {field_no}"
        problems.append(Problem(file, line_no, column, "not valid UTF-8; save the file as UTF-8",
                                byte))
    missing = [c for c in expected if c not in header]
    for column in missing:
        problems.append(Problem(file, 1, column, "required column is missing"))
    for column in header:
        if column not in expected:
            problems.append(
                Problem(file, 1, column or "(blank)", "column is not in the data contract")
            )
    duplicated = {c for c in header if header.count(c) > 1}
    for column in sorted(duplicated):
        problems.append(Problem(file, 1, column, "column appears more than once"))
    if missing or duplicated:
        return None, problems

    records: list[list[str | None]] = []
    lines: list[int] = []
    next_line = reader.line_num + 1
    for row in reader:
        start, next_line = next_line, reader.line_num + 1
        if not row or all(not cell.strip() for cell in row):
            continue  # blank lines are harmless
        if len(row) != len(header):
            problems.append(
                Problem(file, start, FILE_LEVEL,
                        f"row has {len(row)} fields, header has {len(header)}")
            )
            continue
        # Blank cells are missing values; surrounding whitespace is not data.
        records.append([cell.strip() or None for cell in row])
        lines.append(start)
    frame = pd.DataFrame(records, columns=header, index=pd.Index(lines, name="line"), dtype="str")
    return frame, problems


def _schema_problems(file: str, error: pa.errors.SchemaErrors) -> list[Problem]:
    problems = []
    seen: set[tuple[int, str, str]] = set()
    # pandera names a wide check by its error text or its name, depending on the path taken
    wide = {}
    for check_obj in error.schema.checks:
        column = schemas.WIDE_CHECK_COLUMNS.get(check_obj.name)
        if column:
            wide[check_obj.name] = wide[str(check_obj.error)] = column
    for case in error.failure_cases.itertuples(index=False):
        check = str(case.check)
        wide_column = wide.get(check)
        column = wide_column or str(case.column)
        line = int(case.index) if pd.notna(case.index) else 0
        value = "" if pd.isna(case.failure_case) else str(case.failure_case)
        if wide_column and case.column != wide_column:
            # a wide check reports each column of the row (and skips missing values): keep
            # one problem per row, about its own column, with that column's value if any
            value = ""
        message = _message(error, check, column, case)
        value = value.replace("\r", "\\r").replace("\n", "\\n")
        key = (line, column, message)
        if key in seen:
            if value and wide_column:  # the row's own column came after its neighbours
                problems = [Problem(file, line, column, message, _clip(value))
                            if (p.line, p.column, p.message) == key else p for p in problems]
            continue
        seen.add(key)
        problems.append(Problem(file, line, column, message, _clip(value)))
    return problems


def _clip(value: str, limit: int = 120) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _message(error: pa.errors.SchemaErrors, check: str, column: str, case: object) -> str:
    if check == "not_nullable":
        return "required value is empty"
    if check == "field_uniqueness":
        return "duplicate id; ids must be unique"
    schema = error.schema
    for candidate in _checks_of(schema, column):
        if candidate.error and (check == candidate.name or check.startswith(f"{candidate.name}(")):
            return candidate.error
    return check


def _checks_of(schema: pa.DataFrameSchema, column: str) -> Iterable[pa.Check]:
    if column in schema.columns:
        yield from schema.columns[column].checks
    yield from schema.checks


def validate_frame(name: str, raw: pd.DataFrame) -> list[Problem]:
    """Validate one raw (text) frame against its schema; returns every problem."""
    schema = schemas.SCHEMAS[name]
    try:
        schema.validate(raw, lazy=True)
    except pa.errors.SchemaErrors as error:
        return sorted(_schema_problems(f"{name}.csv", error))
    return []


def to_typed(name: str, raw: pd.DataFrame) -> pd.DataFrame:
    """Convert a validated text frame to typed columns, with a fresh 0..n index."""
    frame = raw.reset_index(drop=True).copy()
    for column in frame.columns:
        if column in schemas.DATE_COLUMNS:
            frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
        elif column in schemas.INT_COLUMNS:
            frame[column] = pd.to_numeric(frame[column]).astype("Int64")
        elif column in schemas.FLOAT_COLUMNS:
            frame[column] = pd.to_numeric(frame[column]).astype(float)
        elif column in schemas.LIST_COLUMNS:
            frame[column] = frame[column].map(schemas.split_list)
    return frame


def empty_frame(name: str) -> pd.DataFrame:
    """A typed, empty frame with the contract's columns (stands in for a broken file)."""
    raw = pd.DataFrame({c: pd.Series(dtype="str") for c in schemas.columns(name)})
    return to_typed(name, raw)


def load_datasets(data_dir: Path | str | None = None) -> Datasets:
    """Read, validate and type every data file in ``data_dir``.

    Parameters
    ----------
    data_dir
        The folder holding the nine CSV files; defaults to
        :func:`data_dir_from_env`.

    Returns
    -------
    Datasets
        Typed frames for every file; files with problems are listed in
        ``broken`` and loaded as empty frames.
    """
    data_dir = Path(data_dir) if data_dir is not None else data_dir_from_env()
    raws: dict[str, pd.DataFrame | None] = {}
    problems: list[Problem] = []
    for name in DATASET_NAMES:
        raw, found = read_raw(data_dir / f"{name}.csv", schemas.columns(name))
        if raw is not None:
            found += validate_frame(name, raw)
        raws[name] = raw
        problems += found
    problems += references.check(raws)
    broken = frozenset(n for n in DATASET_NAMES if any(p.file == f"{n}.csv" for p in problems))
    frames = {
        name: empty_frame(name) if name in broken or raws[name] is None
        else to_typed(name, raws[name])
        for name in DATASET_NAMES
    }
    ordered = sorted(problems, key=lambda p: (DATASET_NAMES.index(p.file[:-4]), p.line, p.column))
    return Datasets(data_dir=data_dir, frames=frames, problems=tuple(ordered), broken=broken)
