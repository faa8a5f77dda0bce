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
import re
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from dashboard import references, schemas
from dashboard.problems import FILE_LEVEL, Problem
from dashboard.registry import DATASETS, NAMES
from dashboard.text import clip

if TYPE_CHECKING:
    import pandera.pandas as pa

DATA_DIR_ENV = "DASHBOARD_DATA_DIR"
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DATASET_NAMES = NAMES


class HandedFrames(MutableMapping[str, pd.DataFrame]):
    """The frames of a :class:`Datasets` handed to one reader: each is shallowly copied
    the first time it is looked up (pandas' copy-on-write: changing the copy never changes
    the original), so a page pays, and adds copy-on-write references, only for the frames
    it reads. Frames set or deleted here change this mapping alone."""

    def __init__(self, source: Mapping[str, pd.DataFrame]) -> None:
        self._source = source
        self._own: dict[str, pd.DataFrame] = {}
        self._gone: set[str] = set()

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name in self._gone:
            raise KeyError(name)
        if name not in self._own:
            self._own[name] = self._source[name].copy(deep=False)
        return self._own[name]

    def __setitem__(self, name: str, frame: pd.DataFrame) -> None:
        self._gone.discard(name)
        self._own[name] = frame

    def __delitem__(self, name: str) -> None:
        if name in self._gone or (name not in self._own and name not in self._source):
            raise KeyError(name)
        self._own.pop(name, None)
        self._gone.add(name)

    def __iter__(self) -> Iterator[str]:
        names = [*self._source, *(n for n in self._own if n not in self._source)]
        return (n for n in names if n not in self._gone)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, name: object) -> bool:
        return name not in self._gone and (name in self._own or name in self._source)


@dataclass(frozen=True)
class Datasets:
    """Every dataset as a typed DataFrame, plus what was wrong when loading."""

    data_dir: Path
    frames: MutableMapping[str, pd.DataFrame]
    problems: tuple[Problem, ...] = ()
    broken: frozenset[str] = field(default_factory=frozenset)

    def __getattr__(self, name: str) -> pd.DataFrame:
        frames = self.__dict__.get("frames", {})
        if name in frames:
            return frames[name]
        raise AttributeError(name)

    def copy(self) -> Datasets:
        """A container of shallow copies (made when a frame is first read, see
        :class:`HandedFrames`): with pandas' copy-on-write, changing a frame of the copy
        never changes the original (list cells are tuples, so they cannot be changed in
        place either)."""
        return replace(self, frames=HandedFrames(self.frames))

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
    """Name, size and mtime_ns of every file under the data folder (CSV files, borders,
    cards): a cache key that changes when any of them does.

    A string, because Streamlit hashes a cache key's arguments on every call.
    """
    folder = Path(data_dir)
    out = [f"{name}.csv:missing" for name in DATASET_NAMES
           if not (folder / f"{name}.csv").exists()]
    for path in sorted(folder.rglob("*")):
        try:
            stat = path.stat()
        except OSError:
            continue
        if path.is_file():
            out.append(f"{path.relative_to(folder)}:{stat.st_size}:{stat.st_mtime_ns}")
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


def _header_problems(file: str, header: list[str], expected: list[str]) -> list[Problem]:
    """Missing, unknown and repeated columns of a header row."""
    problems = [Problem(file, 1, column, "required column is missing")
                for column in expected if column not in header]
    problems += [Problem(file, 1, column or "(blank)", "column is not in the data contract")
                 for column in header if column not in expected]
    problems += [Problem(file, 1, column, "column appears more than once")
                 for column in sorted({c for c in header if header.count(c) > 1})]
    return problems


def _wrong_separator(file: str, header: list[str], expected: list[str]) -> Problem | None:
    """A header read as one field although the contract has several: another separator."""
    if len(header) != 1 or len(expected) < 2:
        return None
    for delimiter in (";", "\t", "|"):
        if delimiter in header[0]:
            shown = "tab" if delimiter == "\t" else repr(delimiter)
            return Problem(file, 1, FILE_LEVEL, f"fields are separated by {shown}; expected ','",
                           header[0][:80])
    return None


def _rows(file: str, reader, header: list[str]) -> tuple[pd.DataFrame, list[Problem]]:
    """The records after the header, indexed by the line each starts on."""
    records: list[list[str | None]] = []
    lines: list[int] = []
    problems = []
    next_line = reader.line_num + 1
    for row in reader:
        start, next_line = next_line, reader.line_num + 1
        if not row or all(not cell.strip() for cell in row):
            continue  # blank lines are harmless
        if len(row) != len(header):
            problems.append(Problem(file, start, FILE_LEVEL,
                                    f"row has {len(row)} fields, header has {len(header)}"))
            continue
        # Blank cells are missing values; surrounding whitespace is not data.
        records.append([cell.strip() or None for cell in row])
        lines.append(start)
    frame = pd.DataFrame(records, columns=header, index=pd.Index(lines, name="line"), dtype="str")
    return frame, problems


def read_raw(path: Path, expected: list[str]) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read one CSV as text cells, indexed by the line number each record starts on.

    Returns ``(frame, problems)``; ``frame`` is None when the file cannot be read as a
    table of the expected shape at all.
    """
    file = path.name
    if not path.exists():
        return None, [Problem(file, 0, FILE_LEVEL, "file is missing")]
    text, bad_bytes = _decode(path.read_bytes())
    problems: list[Problem] = []
    if text.startswith("\ufeff"):
        problems.append(Problem(file, 1, expected[0], "file starts with a byte-order mark "
                                "(BOM); save as UTF-8 without BOM"))
        text = text[1:]
    if not text.strip():
        return None, [*problems, Problem(file, 1, FILE_LEVEL, "file is empty; expected a "
                                         "header row: " + ",".join(expected))]
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    separator = _wrong_separator(file, header, expected)
    if separator is not None:
        return None, [*problems, separator]
    header = [h.strip() for h in header]
    for line_no, field_no, byte in bad_bytes:
        column = header[field_no - 1] if field_no <= len(header) else f"field {field_no}"
        problems.append(Problem(file, line_no, column, "not valid UTF-8; save the file as UTF-8",
                                byte))
    shape = _header_problems(file, header, expected)
    if any(p.message != "column is not in the data contract" for p in shape):
        return None, problems + shape
    frame, row_problems = _rows(file, reader, header)
    return frame, problems + shape + row_problems


def _clip(value: str, limit: int = 120) -> str:
    """A cell's value for a problem line: one line, at most ``limit`` characters."""
    return clip(value.replace("\r", "\\r").replace("\n", "\\n"), limit)


# --- typing: each column read as its schema's type ----------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WHOLE = re.compile(r"^-?\d+$")
_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")


def _coerce_column(raw: pd.Series, column: schemas.Column) -> tuple[pd.Series, pd.Series]:
    """``raw`` (text cells) as the column's type; returns (typed, mask of unreadable cells).

    Only the strict forms the contract allows are read: YYYY-MM-DD, whole numbers without
    signs or exponents beyond a leading '-', decimals with a '.'.
    """
    present = raw.notna()
    dtype = str(column.dtype)
    if schemas.is_date(column):
        ok = raw.str.fullmatch(_ISO_DATE.pattern).fillna(False).astype(bool)
        typed = pd.to_datetime(raw.where(ok), format="%Y-%m-%d", errors="coerce")
        return typed.astype(schemas.DATE_DTYPE), present & typed.isna()
    if dtype == "Int64":
        ok = raw.str.fullmatch(_WHOLE.pattern).fillna(False).astype(bool)
        typed = pd.to_numeric(raw.where(ok), errors="coerce").astype("Int64")
        return typed, present & ~ok
    if dtype == "float64":
        ok = raw.str.fullmatch(_DECIMAL.pattern).fillna(False).astype(bool)
        typed = pd.to_numeric(raw.where(ok), errors="coerce").astype("float64")
        return typed, present & ~ok
    return raw, pd.Series(False, index=raw.index)


def coerce(name: str, raw: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Every column of ``raw`` as its schema type; a cell that cannot be read is a problem
    (and missing in the result)."""
    schema = DATASETS[name].schema
    typed = raw.copy()
    problems = []
    for column_name, column in schema.columns.items():
        if column_name not in raw.columns:
            continue
        typed[column_name], bad = _coerce_column(raw[column_name], column)
        problems += [Problem(f"{name}.csv", int(line), column_name,
                             schemas.expectation(column), _clip(str(raw.at[line, column_name])))
                     for line in raw.index[bad]]
    return typed, problems


def _schema_problems(name: str, raw: pd.DataFrame, error: pa.errors.SchemaErrors,
                     already: set[tuple[int, str]]) -> list[Problem]:
    """Problems from pandera's failure cases; values are shown as written in the file."""
    file = f"{name}.csv"
    found: dict[tuple[int, str, str], Problem] = {}
    for case in error.failure_cases.itertuples(index=False):
        if pd.isna(case.index):
            continue  # a check that could not run on a column already reported
        line, check = int(case.index), str(case.check)
        column = schemas.ROW_CHECK_COLUMNS.get(check, str(case.column))
        if (line, column) in already:
            continue  # the cell could not be read as its type: reported once
        message = _message(check, column, DATASETS[name].schema.pandera)
        cell = raw.at[line, column] if column in raw.columns else None
        value = "" if cell is None or pd.isna(cell) else _clip(str(cell))
        found.setdefault((line, column, message), Problem(file, line, column, message, value))
    return list(found.values())


def _message(check: str, column: str, schema: pa.DataFrameSchema) -> str:
    if check == "not_nullable":
        return "required value is empty"
    if check == "field_uniqueness":
        return "duplicate id; ids must be unique"
    checks: list[pa.Check] = [*schema.checks]
    if column in schema.columns:
        checks += schema.columns[column].checks
    for candidate in checks:
        named = check in (candidate.error, candidate.name) or bool(
            candidate.name and check.startswith(f"{candidate.name}("))
        if named and candidate.error:
            return str(candidate.error)
    return check


def validate_frame(name: str, raw: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Type and validate one raw (text) frame; returns (typed frame, every problem)."""
    typed, problems = coerce(name, raw)
    unreadable = {(p.line, p.column) for p in problems}
    from pandera.errors import SchemaErrors

    try:
        DATASETS[name].schema.pandera.validate(typed, lazy=True)
    except SchemaErrors as error:
        problems += _schema_problems(name, raw, error, unreadable)
    return typed, sorted(problems)


def finish(name: str, typed: pd.DataFrame) -> pd.DataFrame:
    """A validated typed frame with a fresh 0..n index and its list cells as tuples."""
    frame = typed.reset_index(drop=True)
    for column_name, column in DATASETS[name].schema.columns.items():
        if schemas.is_list(column) and column_name in frame.columns:
            frame[column_name] = frame[column_name].map(schemas.split_list).astype(object)
    return frame


def empty_frame(name: str) -> pd.DataFrame:
    """A typed, empty frame with the contract's columns (stands in for a broken file)."""
    raw = pd.DataFrame({c: pd.Series(dtype="str") for c in DATASETS[name].columns})
    return finish(name, coerce(name, raw)[0])


def load_datasets(data_dir: Path | str | None = None) -> Datasets:
    """Read, validate and type every data file in ``data_dir``.

    Parameters
    ----------
    data_dir
        The folder holding the data files; defaults to :func:`data_dir_from_env`.

    Returns
    -------
    Datasets
        Typed frames for every file; files with problems are listed in ``broken`` and
        loaded as empty frames.
    """
    data_dir = Path(data_dir) if data_dir is not None else data_dir_from_env()
    raws: dict[str, pd.DataFrame | None] = {}
    typed: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name in DATASET_NAMES:
        raw, found = read_raw(data_dir / f"{name}.csv", DATASETS[name].columns)
        if raw is not None:
            typed[name], more = validate_frame(name, raw)
            found += more
        raws[name] = raw
        problems += found
    problems += references.check(raws)
    broken = frozenset(n for n in DATASET_NAMES if any(p.file == f"{n}.csv" for p in problems))
    frames = {name: finish(name, typed[name]) if name in typed and name not in broken
              else empty_frame(name) for name in DATASET_NAMES}
    ordered = sorted(problems, key=lambda p: (DATASET_NAMES.index(p.file[:-4]), p.line, p.column))
    return Datasets(data_dir=data_dir, frames=frames, problems=tuple(ordered), broken=broken)
