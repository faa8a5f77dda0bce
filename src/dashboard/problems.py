"""A problem found in the data: which file, line and column, and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass

#: Column shown for problems that concern a whole file or row.
FILE_LEVEL = "-"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one cell, row or file.

    ``str(problem)`` is the line ``python -m dashboard validate`` prints:
    ``file:line: column: message (value)``.
    """

    file: str
    line: int
    column: str
    message: str
    value: str = ""

    def __str__(self) -> str:
        shown = f" ({self.value})" if self.value != "" else ""
        return f"{self.file}:{self.line}: {self.column}: {self.message}{shown}"
