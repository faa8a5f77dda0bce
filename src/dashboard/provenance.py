"""Where records come from: each source's origin and tier, a chart's source line, the tier
mix of the data.

Pure functions on the sources frame (columns ``source_id``, ``publisher``, ``title``,
``url``, ``published``, ``kind``, ``origin``, ``tier``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from dashboard.text import fmt_date

#: Tiers from the closest to the original text to the furthest.
TIERS = ("primary", "wire", "outlet", "reprint", "reference")
TIER_LABELS = {
    "primary": "Official texts, transcripts and readouts",
    "wire": "News agencies",
    "outlet": "Newspapers, broadcasters and institutes",
    "reprint": "Re-posted copies (aggregators, mirrors, blogs)",
    "reference": "Reference works",
}
#: Long origin names shortened in source lines, where a short form is in common use.
SHORT_ORIGINS = {
    "Russian Ministry of Foreign Affairs": "Russian MFA",
    "Russian Ministry of Defence": "Russian MoD",
    "Ukrainian Ministry of Defence": "Ukrainian MoD",
    "Kremlin (President of Russia)": "Kremlin",
}
WHERE_LISTED = "Full list: briefing pack; Data & sources page"
SITE_NAME = "US–Russia Dialogue Dashboard"


def short_origin(origin: str) -> str:
    return SHORT_ORIGINS.get(origin, origin)


def origins_cited(source_ids: Iterable[Iterable[str]], origin_of: Mapping[str, str]
                  ) -> Counter[str]:
    """How many of the records (each a list of source ids) cite each origin."""
    counts: Counter[str] = Counter()
    for ids in source_ids:
        counts.update({origin_of[s] for s in ids if s in origin_of})
    return counts


def source_line(source_ids: Iterable[Iterable[str]], origin_of: Mapping[str, str],
                limit: int = 4) -> str:
    """The source line of a chart that plots records citing ``source_ids``: the origins
    most cited first, then how many more, and where the full list is."""
    counts = origins_cited(source_ids, origin_of)
    if not counts:
        return f"Source: {SITE_NAME}"
    ranked = sorted(counts, key=lambda o: (-counts[o], o))
    names = ", ".join(short_origin(o) for o in ranked[:limit])
    more = f" and {len(ranked) - limit} more" if len(ranked) > limit else ""
    return f"Sources: {names}{more}. {WHERE_LISTED}"


def citation(row: Any) -> str:
    """'US Department of State statement, via STL.News, 11 Jan 2022' style: who wrote it,
    the page's title, and where it was read when that is another site."""
    via = "" if row.publisher == row.origin else f", via {row.publisher}"
    return f"{row.origin}: {row.title}{via}, {fmt_date(row.published) or 'undated'}"


def by_tier(sources: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The sources grouped by tier (best first), each group in its given order."""
    return [(tier, sources[sources["tier"] == tier]) for tier in TIERS
            if (sources["tier"] == tier).any()]


def first_tiers(source_ids: pd.Series, tier_of: Mapping[str, str]) -> pd.Series:
    """The tier of each record's first source ('' when it has none)."""
    return source_ids.map(lambda ids: tier_of.get(ids[0], "") if len(ids) else "")


def tier_mix(frames: Mapping[str, pd.DataFrame], sources: pd.DataFrame) -> pd.DataFrame:
    """Per dataset: records, and the share whose first source is of each tier (percent)."""
    tier_of = dict(zip(sources["source_id"], sources["tier"], strict=True))
    rows = []
    for name, frame in frames.items():
        if name == "sources" or "source_ids" not in frame.columns or frame.empty:
            continue
        counts = first_tiers(frame["source_ids"], tier_of).value_counts()
        row: dict[str, Any] = {"dataset": name, "records": len(frame)}
        row.update({tier: round(100 * counts.get(tier, 0) / len(frame), 1) for tier in TIERS})
        rows.append(row)
    return pd.DataFrame(rows, columns=["dataset", "records", *TIERS])


def sources_by_tier(sources: pd.DataFrame) -> dict[str, int]:
    """How many sources there are of each tier."""
    counts = sources["tier"].value_counts()
    return {tier: int(counts.get(tier, 0)) for tier in TIERS}
