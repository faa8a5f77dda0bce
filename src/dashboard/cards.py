"""Data cards: one Markdown file per dataset in ``data/cards/``, read by the app and tests.

A card documents every column in a table whose rows start with the column name
in backticks: ``| `meeting_id` | text | … |``.
"""

from __future__ import annotations

import re
from pathlib import Path

CARD_FOLDER = "cards"
_COLUMN_ROW = re.compile(r"^\|\s*`([a-z_]+)`\s*\|")


def card_path(data_dir: Path, name: str) -> Path:
    return Path(data_dir) / CARD_FOLDER / f"{name}.md"


def read_card(data_dir: Path, name: str) -> str | None:
    """The card's Markdown, or None when the dataset has no card."""
    path = card_path(data_dir, name)
    return path.read_text(encoding="utf-8") if path.exists() else None


def card_columns(text: str) -> list[str]:
    """Column names documented in a card, in the order they appear."""
    return [m.group(1) for line in text.splitlines() if (m := _COLUMN_ROW.match(line))]


def for_page(text: str, levels: int = 3) -> str:
    """A card shown inside a page: its headings moved ``levels`` down, so that they sit
    below the page's own headings."""
    return re.sub(r"^(#+)", lambda m: "#" * min(6, len(m.group(1)) + levels), text,
                  flags=re.MULTILINE)
