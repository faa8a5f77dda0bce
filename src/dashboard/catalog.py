"""Builders for the data & sources page: search, citation counts, downloads, how to cite."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard import query, schemas, urlstate
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
    columns = _person_columns(dataset, frame)
    refs = [[r for c in columns for r in _refs(row[c])] for _, row in frame[columns].iterrows()]
    return pd.Series([people.search_words(r) for r in refs] if columns else "",
                     index=frame.index, dtype="str")


def haystack(frame: pd.DataFrame) -> pd.Series:
    """Each row's cells as one lower-case text, for :func:`search` (worth computing once)."""
    cells = flat(frame).astype("string").fillna("")
    if cells.empty or not len(cells.columns):
        return pd.Series("", index=frame.index, dtype="string")
    joined = cells.iloc[:, 0].str.cat([cells[c] for c in cells.columns[1:]], sep=" ")
    return joined.str.lower()


@dataclass(frozen=True)
class Table:
    """A dataset made ready for browsing: people by name, the rows as in a CSV file, each
    row's search text, the people it names (ids) and its date."""

    name: str
    frame: pd.DataFrame
    flat: pd.DataFrame
    texts: pd.Series
    persons: pd.Series | None
    dates: pd.Series | None


def table(frame: pd.DataFrame, dataset: str, people: People) -> Table:
    declared = DATASETS.get(dataset)
    named = with_names(frame, dataset, people) if declared else frame
    texts = haystack(named)
    columns = _person_columns(dataset, frame)
    persons = None
    if columns:
        texts = texts + " " + person_words(frame, dataset, people)
        persons = pd.Series([people.ids(r for c in columns for r in _refs(row[c]))
                             for _, row in frame[columns].iterrows()], index=frame.index,
                            dtype=object)
    date_column = declared.date_column if declared else None
    dates = frame[date_column] if date_column else None
    return Table(dataset, named, flat(named), texts, persons, dates)


def _refs(cell: object) -> tuple[str, ...]:
    if isinstance(cell, tuple):
        return cell
    return (cell,) if isinstance(cell, str) and cell else ()


def _person_columns(dataset: str, frame: pd.DataFrame) -> list[str]:
    return [r.column for source, r in relations() if source == dataset
            and r.target == "people" and r.column in frame.columns]


def search(data: Table, *, text: str = "", sides: tuple[str, ...] = (),
           start: date | None = None, end: date | None = None,
           persons: tuple[str, ...] = (), topics: tuple[str, ...] = (),
           people: People | None = None) -> pd.DataFrame:
    """The rows of ``data`` matching a reader's search (every word, in any order; month
    names, years and people's names understood, see :mod:`dashboard.query`), the sides,
    the dates, the people and the topics."""
    frame = data.frame
    mask = query.matches(query.parse(text, people), data.texts, data.dates, data.persons)
    declared = DATASETS.get(data.name)
    side_column = declared.side_column if declared else None
    if sides and side_column:
        mask &= frame[side_column].isin(sides)
    if data.dates is not None and (start or end):
        mask &= query.in_range(data.dates, start, end)
    if persons and data.persons is not None:
        wanted = set(persons)
        mask &= data.persons.map(lambda ids: bool(wanted.intersection(ids)))
    if topics and "topics" in frame.columns:
        chosen = set(topics)
        mask &= frame["topics"].map(lambda values: bool(chosen.intersection(values)))
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
#: The data page's tabs: the URL's name of each, and its label.
TABS = {"datasets": "Datasets", "sources": "Sources", "discrepancies": "Discrepancies",
        "method": "Method & caveats", "glossary": "Glossary", "cite": "How to cite"}
SPEC = urlstate.Spec("data", (
    urlstate.Param("dataset", "choice", "dataset", choices=BROWSABLE, default="meetings"),
    urlstate.Param("from", "date", "the date", attr="start"),
    urlstate.Param("to", "date", "the date", attr="end"),
    urlstate.Param("side", "list", "sides", attr="sides", choices=schemas.SIDES),
    urlstate.Param("person", "list", "people", attr="persons", choices="people"),
    urlstate.Param("topic", "list", "topics", attr="topics", choices=schemas.TOPICS),
    urlstate.Param("q", "text", "search text", attr="text"),
    urlstate.Param("tab", "choice", "tab", choices=tuple(TABS), default="datasets"),
))


def with_sources(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its sources resolved: the titles, origins and URLs of each row's
    ``source_ids`` (``;``-separated, in citation order)."""
    if "source_ids" not in frame.columns:
        return frame
    by_id = sources.set_index("source_id")
    out = frame.copy()
    for column, field in (("source_titles", "title"), ("source_origins", "origin"),
                          ("source_urls", "url")):
        out[column] = out["source_ids"].map(lambda ids, f=field: " ; ".join(
            str(by_id.at[i, f]) for i in ids if i in by_id.index))
    return out


def records_export(records: pd.DataFrame, sources: pd.DataFrame,
                   names: Mapping[str, str]) -> pd.DataFrame:
    """The timeline's records for download: every record column, people by name, the
    sources resolved."""
    out = records.drop(columns=[c for c in ("text", "hover") if c in records.columns])
    out = out.assign(actors=out["actors"].map(lambda ids: tuple(names.get(i, i) for i in ids)))
    out = out.rename(columns={"actors": "people"}).sort_values(["date", "record_id"])
    return with_sources(out, sources)
