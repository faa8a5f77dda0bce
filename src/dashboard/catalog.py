"""Builders for the data & sources page: search, citation counts, downloads, how to cite."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd

from dashboard import schemas, urlstate
from dashboard.datasets import Datasets
from dashboard.people import People
from dashboard.registry import DATASETS, relations
from dashboard.text import fmt_date

TITLES = {name: d.title for name, d in DATASETS.items()}
SITE_NAME = "US–Russia Dialogue Dashboard"


def flat(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with list cells joined by ';' and dates as ISO text (as in the CSV files)."""
    out = frame.copy()
    for column in out.columns:
        if str(out[column].dtype).startswith("datetime64"):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
        elif out[column].dtype == object:
            out[column] = out[column].map(
                lambda v: schemas.LIST_SEPARATOR.join(v) if isinstance(v, tuple | list) else v)
    return out


def with_names(frame: pd.DataFrame, dataset: str, people: People) -> pd.DataFrame:
    """``frame`` with every reference to a person shown by the person's canonical name."""
    columns = {r.column for source, r in relations() if source == dataset
               and r.target == "people" and r.column in frame.columns}
    out = frame.copy()
    for column in columns:
        out[column] = out[column].map(
            lambda v: tuple(people.name(x) for x in v) if isinstance(v, tuple)
            else (people.name(v) if isinstance(v, str) and v else v))
    return out


def person_words(frame: pd.DataFrame, dataset: str, people: People) -> pd.Series:
    """Every spelling of the people each row names, for search."""
    columns = [r.column for source, r in relations() if source == dataset
               and r.target == "people" and r.column in frame.columns]
    refs = [[x for c in columns for x in (row[c] if isinstance(row[c], tuple) else (row[c],))
             if isinstance(x, str)] for _, row in frame[columns].iterrows()] if columns else [
        [] for _ in range(len(frame))]
    return pd.Series([people.search_words(r) for r in refs], index=frame.index, dtype="str")


def haystack(frame: pd.DataFrame) -> pd.Series:
    """Each row's cells as one lower-case text, for :func:`search` (worth computing once)."""
    cells = flat(frame).astype("string").fillna("")
    if cells.empty or not len(cells.columns):
        return pd.Series("", index=frame.index, dtype="string")
    joined = cells.iloc[:, 0].str.cat([cells[c] for c in cells.columns[1:]], sep=" ")
    return joined.str.lower()


def search(frame: pd.DataFrame, *, dataset: str | None = None, text: str = "",
           sides: tuple[str, ...] = (),
           start: date | None = None, end: date | None = None,
           texts: pd.Series | None = None) -> pd.DataFrame:
    """Rows matching every word of ``text`` (any column), one of ``sides``, and the dates.

    ``texts`` is :func:`haystack` of ``frame``, when the caller has it already.
    """
    mask = pd.Series(True, index=frame.index)
    if text:
        haystack_ = haystack(frame) if texts is None else texts
        for word in text.lower().split():
            mask &= haystack_.str.contains(word, regex=False)
    declared = DATASETS.get(dataset or "")
    side_column = declared.side_column if declared else None
    if sides and side_column:
        mask &= frame[side_column].isin(sides)
    date_column = declared.date_column if declared else None
    if date_column and start:
        mask &= frame[date_column] >= pd.Timestamp(start)
    if date_column and end:
        mask &= frame[date_column] <= pd.Timestamp(end)
    return frame[mask]


def citation_counts(datasets: Datasets) -> pd.DataFrame:
    """The sources registry with how many records cite each source, most cited first."""
    counts: dict[str, int] = {}
    for name, frame in datasets.frames.items():
        if name == "sources":
            continue
        for ids in frame["source_ids"]:
            for sid in ids:
                counts[sid] = counts.get(sid, 0) + 1
    out = datasets.sources.copy()
    out["cited_by"] = out["source_id"].map(counts).fillna(0).astype(int)
    return out.sort_values(["cited_by", "publisher"], ascending=[False, True])


def to_csv(frame: pd.DataFrame) -> bytes:
    return flat(frame).to_csv(index=False).encode("utf-8")


def to_xlsx(frame: pd.DataFrame, sheet: str) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        flat(frame).to_excel(writer, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()


def cite_dashboard(as_of: date | None, url: str) -> str:
    when = f"data as of {fmt_date(as_of, 'long')}" if as_of else "undated"
    return f"{SITE_NAME} ({when}). Compiled from public sources. {url}"


def cite_record(dataset: str, row: pd.Series, sources: pd.DataFrame, url: str) -> str:
    """A citation for one record: the dashboard record, then its primary sources."""
    id_column = DATASETS[dataset].id_column
    cited = sources[sources["source_id"].isin(row["source_ids"])]
    refs = "; ".join(f"{r.publisher}, “{r.title}”, {fmt_date(r.published, 'long')}, {r.url}"
                     for r in cited.itertuples(index=False))
    return (f"{SITE_NAME}, {TITLES.get(dataset, dataset)} record {row[id_column]}, "
            f"{url}. Sources: {refs}")


#: The datasets the data page browses (the sources have a tab of their own).
BROWSABLE = tuple(n for n in DATASETS if n != "sources")
SPEC = urlstate.Spec("data", (
    urlstate.Param("dataset", "choice", "dataset", choices=BROWSABLE, default="meetings"),
    urlstate.Param("side", "list", "sides", attr="sides", choices=schemas.SIDES),
    urlstate.Param("q", "text", "search text", attr="text"),
))
