"""Text helpers shared by every layer: escaping, truncation and dates.

Pure functions, no Streamlit. Text from the data is shown as text: Plotly labels and
deck.gl tooltips render HTML, so they get :func:`escape`; Streamlit Markdown renders
Markdown, so it gets :func:`md_escape`.
"""

from __future__ import annotations

import html
import math
import re
from datetime import date, datetime

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")


def is_missing(value: object) -> bool:
    """True for None, NaN, NaT and pandas' NA."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return bool(value != value)  # NaT is not equal to itself
    except TypeError:
        return True  # pandas' NA: its comparisons are NA, which has no truth value
    except ValueError:
        return False  # arrays


def plain(value: object) -> str:
    """``value`` as display text: missing values become ''."""
    return "" if is_missing(value) else str(value)


def escape(value: object) -> str:
    """Text for HTML element content (Plotly labels, tooltips): nothing is interpreted.

    Quotes are left as they are: they mean nothing in element content, and Plotly shows
    character references such as ``&#x27;`` literally.
    """
    return html.escape(plain(value), quote=False)


def md_escape(value: object) -> str:
    """Text from the data, safe inside ``st.markdown``: every Markdown mark escaped.

    No link, image, HTML tag or Streamlit directive (``:red[...]``) in a record can take
    effect; the reader sees the characters as typed.
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", plain(value)).replace("\n", "  \n")
    # a bare address would still become a link (GFM autolinks): a zero-width space stops it
    return escaped.replace("\\://", "\\:\u200b//").replace("www\\.", "www\u200b\\.")


def md_link(label: object, url: object) -> str:
    """A Markdown link whose label is escaped and whose URL cannot break out of ``( )``.

    Only http(s) URLs become links; anything else is shown as its label alone.
    """
    target = plain(url)
    if not target.startswith(("http://", "https://")):
        return md_escape(label)
    safe = target.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{md_escape(label)}]({safe})"


def clip(value: object, limit: int) -> str:
    """``value`` cut to at most ``limit`` characters, with an ellipsis when cut."""
    text = plain(value)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fmt_date(value: date | datetime | None, style: str = "short") -> str:
    """A date for readers, the same on every platform ('%-d' is glibc-only).

    ``style``: "short" (5 Jan 2022), "long" (5 January 2022), "month" (January 2022),
    "iso" (2022-01-05).
    """
    if is_missing(value):
        return ""
    assert value is not None
    if style == "iso":
        return value.strftime("%Y-%m-%d")
    if style == "month":
        return f"{value:%B} {value.year}"
    month = f"{value:%B}" if style == "long" else f"{value:%b}"
    return f"{value.day} {month} {value.year}"


def fmt_range(start: date, end: date, style: str = "short") -> str:
    """'5 Jan 2022' or '5 Jan 2022 – 9 Feb 2022'."""
    if start == end:
        return fmt_date(start, style)
    return f"{fmt_date(start, style)} – {fmt_date(end, style)}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 record', '2 records' (with thousands separators)."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"
