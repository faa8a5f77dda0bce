"""Builders for the positions & demands view: side by side, the tracker, stance counts.

Pure functions on the typed frames. Missing answers and missing positions stay
in the tables, marked as missing: a reader must see what was *not* said.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard import figures, theme, urlstate

SIDES_SHOWN = ("US", "Russia", "NATO", "Ukraine")
MAIN_SIDES = ("US", "Russia")
NOT_RECORDED = "not recorded"
GAP_LABELS = {
    "opposed": "Opposed",
    "partly_compatible": "Partly compatible",
    "convergent": "Convergent",
}
GAP_ICONS = {"opposed": "⬤⬤ ✕", "partly_compatible": "◐ ~", "convergent": "○ ✓"}
STANCE_LABELS = {
    "rejected": "Rejected",
    "no_response": "Not addressed",
    "partial": "Partly accepted",
    "counterproposal": "Counterproposal",
    "open": "Open to discuss",
    NOT_RECORDED: "No answer recorded",
}
STANCE_COLOURS = {  # a diverging, colour-blind-safe scale with distinct lightness
    "rejected": "#B2182B",
    "no_response": "#9E9E9E",
    "partial": "#F4A582",
    "counterproposal": "#92C5DE",
    "open": "#2166AC",
    NOT_RECORDED: "#E0E0E0",
}
STANCE_PATTERNS = {"rejected": "x", "no_response": ".", "partial": "/", "counterproposal": "\\",
                   "open": "", NOT_RECORDED: "."}
#: The order issues are shown in: the core of the 2021–22 dispute first.
ISSUE_ORDER = (
    "NATO enlargement", "Ukraine's NATO membership", "Forces and infrastructure in eastern Europe",
    "Intermediate-range missiles", "Military exercises", "Nuclear weapons abroad",
    "Form of security guarantees", "Troop buildup near Ukraine", "Minsk agreements",
    "Sanctions", "Strategic stability dialogue", "Arms control after New START",
    "2025 negotiations on ending the war",
)
RUSSIAN_DOCUMENTS = ("Russia–US draft treaty", "Russia–NATO draft agreement")
DEFAULT_AS_OF = date(2022, 2, 23)


#: The page's sections: (key in the URL, label).
SECTIONS = (("side", "US and Russia, side by side"), ("demands", "Demand by demand"),
            ("proposals", "The US and NATO proposals"))


@dataclass(frozen=True)
class PositionsState:
    """What the reader chose on the positions page."""

    as_of: date
    documents: tuple[str, ...] = ()
    stances: tuple[str, ...] = ()
    text: str = ""
    section: str = "side"
    record: str | None = None


def _default_as_of(domains: urlstate.Domains) -> date:
    return urlstate.clamp(DEFAULT_AS_OF, domains["bounds"])


SPEC = urlstate.Spec("positions", (
    urlstate.Param("as_of", "date", "the date", bounds="bounds", default=_default_as_of),
    urlstate.Param("doc", "list", "documents", attr="documents", choices="documents"),
    urlstate.Param("stance", "list", "stances", attr="stances", choices=tuple(STANCE_LABELS)),
    urlstate.Param("q", "text", "search text", attr="text"),
    urlstate.Param("section", "choice", "section", choices=tuple(k for k, _ in SECTIONS),
                   default="side"),
    urlstate.Param("record", "id", "record", choices="record_ids"),
))
STATE_PARAMS = SPEC.names()


def state_from_params(params: Mapping[str, str | Sequence[str]], bounds: tuple[date, date],
                      documents: tuple[str, ...], record_ids: frozenset[str] = frozenset()
                      ) -> tuple[PositionsState, list[str]]:
    """The page's state from URL parameters; never raises."""
    values, notices = urlstate.parse(SPEC, params, {"bounds": bounds, "documents": documents,
                                                   "record_ids": record_ids})
    return PositionsState(**values), notices


def state_to_params(state: PositionsState, bounds: tuple[date, date]) -> dict[str, str]:
    return urlstate.unparse(SPEC, state.__dict__, {"bounds": bounds})


ANSWERS = (("US", "us"), ("NATO", "nato"), ("Russia", "ru"))


# --- side by side ---------------------------------------------------------------------------


def positions_as_of(positions: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Each side's latest position on each issue stated on or before ``as_of``."""
    known = positions[positions["as_of"] <= pd.Timestamp(as_of)]
    return known.sort_values(["issue", "side", "as_of"]).groupby(["issue", "side"]).tail(1)


def _quote(quotes: dict[str, tuple], ids: list[str]) -> dict:
    """The latest of the statements ``ids``; of one day's, the one listed last in the file.

    ``quotes``: statement id -> (date, row number, quote, speaker).
    """
    hits = [quotes[i] for i in ids or () if i in quotes]
    if not hits:
        return {"quote": "", "speaker": "", "quote_date": None}
    when, _, quote, speaker = max(hits, key=lambda hit: hit[:2])
    return {"quote": quote, "speaker": speaker, "quote_date": when}


_SIDE_FIELDS = ("position", "as_of", "quote", "speaker", "quote_date", "sources", "id")


def _others(history: list, sides: tuple[str, ...]) -> tuple:
    """The latest position of every holder outside ``sides`` (the G7, the EU, the OSCE
    chair, single allies) among an issue's known positions ``history`` ((row number,
    position) pairs): (holder, side, position, as_of, sources, id). Of one day's, the one
    listed last in the file counts."""
    rows = sorted(((n, p) for n, p in history if p.side not in sides),
                  key=lambda item: (item[1].as_of, item[0]))
    latest: dict[str, tuple] = {}
    for _, p in rows:
        holder = p.holder if isinstance(p.holder, str) and p.holder else p.side
        latest[holder] = (holder, p.side, p.position, p.as_of, p.source_ids, p.position_id)
    return tuple(latest.values())


def side_by_side(positions: pd.DataFrame, statements: pd.DataFrame, as_of: date,
                 sides: tuple[str, ...] = SIDES_SHOWN,
                 names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per issue: each side's position as of ``as_of``, the gap and how it moved.

    Columns: ``issue``; per side ``<side>_position``, ``<side>_as_of``, ``<side>_quote``,
    ``<side>_speaker``, ``<side>_quote_date``, ``<side>_sources``, ``<side>_id``;
    ``gap``, ``gap_reason``, ``gap_as_of``; ``others`` (the latest position of every other
    holder: G7, EU, OSCE chair…); ``history`` (every dated position up to ``as_of``,
    oldest first) and ``moved`` (a side has more than one). A side with no position by
    then has ``None`` in its columns: it is not dropped. ``names`` gives speakers' names.
    """
    known = positions[positions["as_of"] <= pd.Timestamp(as_of)]
    main = positions[positions["side"].isin(sides)]
    latest = {(p.issue, p.side): p for p in positions_as_of(main, as_of)
              .itertuples(index=False)}
    quotes = {s.statement_id: (s.date, n, s.quote, (names or {}).get(s.speaker, s.speaker))
              for n, s in enumerate(statements[["statement_id", "date", "quote", "speaker"]]
                                    .itertuples(index=False))}
    by_issue: dict[str, list] = {}  # issue -> its known positions by date and side
    for n, p in sorted(enumerate(known.itertuples(index=False)),
                       key=lambda item: (item[1].as_of, item[1].side, item[0])):
        by_issue.setdefault(p.issue, []).append((n, p))
    issues = positions["issue"].unique()
    ranked = sorted(issues, key=lambda i: (ISSUE_ORDER.index(i) if i in ISSUE_ORDER
                                           else len(ISSUE_ORDER), i))
    rows = []
    for issue in ranked:
        row: dict = {"issue": issue}
        for side in sides:
            prefix = side.lower()
            p = latest.get((issue, side))
            if p is None:
                row.update({f"{prefix}_{k}": None for k in _SIDE_FIELDS})
                continue
            quote = _quote(quotes, p.statement_ids)
            row.update({f"{prefix}_position": p.position, f"{prefix}_as_of": p.as_of,
                        f"{prefix}_quote": quote["quote"], f"{prefix}_speaker": quote["speaker"],
                        f"{prefix}_quote_date": quote["quote_date"],
                        f"{prefix}_sources": p.source_ids, f"{prefix}_id": p.position_id})
        history = by_issue.get(issue, [])
        assessed = [(p.as_of, n, p) for n, p in history
                    if p.side in MAIN_SIDES and isinstance(p.gap, str)]
        if not assessed:
            row.update(gap=None, gap_reason=None, gap_as_of=None)
        else:  # the latest assessment; of one day's, the one listed last in the file
            last = max(assessed, key=lambda item: item[:2])[2]
            row.update(gap=last.gap, gap_reason=last.gap_reason, gap_as_of=last.as_of)
        row["others"] = _others(history, sides)
        row["history"] = [(p.as_of, p.holder if isinstance(p.holder, str) and p.holder
                           else p.side, p.position) for _, p in history]
        sides_seen = [p.side for _, p in history]
        row["moved"] = len(sides_seen) != len(set(sides_seen))
        row["recorded"] = bool(history)
        rows.append(row)
    out = pd.DataFrame(rows).astype(object)
    out = out.where(out.notna(), None)  # a missing position is None, never NaN
    return out.astype({"recorded": bool, "moved": bool})


# --- the demand-by-demand tracker -------------------------------------------------------------


def _article_number(article: str) -> int:
    found = re.search(r"\d+", article or "")
    return int(found.group()) if found else 999


def _answers(responses: pd.DataFrame, demand_id: str, responder: str) -> tuple[str, str, list]:
    hit = responses[(responses["demand_id"] == demand_id) & (responses["responder"] == responder)]
    if hit.empty:
        return NOT_RECORDED, "", []
    hit = hit.sort_values("date")
    stance = hit.iloc[-1]["stance"]
    text = " ".join(hit["response"])
    ids = list(hit["response_id"])
    return stance, text, ids


def tracker(demands: pd.DataFrame, responses: pd.DataFrame,
            documents: tuple[str, ...] = RUSSIAN_DOCUMENTS) -> pd.DataFrame:
    """Every article of the given documents in order, with the US, NATO and Russian answers.

    A demand nobody answered keeps its row, with stance ``"not recorded"``.
    """
    picked = demands[demands["document"].isin(documents)].copy()
    picked["_doc"] = picked["document"].map({d: i for i, d in enumerate(documents)})
    picked["_art"] = picked["article"].map(_article_number)
    picked = picked.sort_values(["_doc", "_art", "demand_id"])
    rows = []
    for d in picked.itertuples(index=False):
        row = {"demand_id": d.demand_id, "document": d.document, "article": d.article,
               "topic": d.topic, "demand": d.demand, "demanded_by": d.demanded_by,
               "addressed_to": d.addressed_to, "sources": d.source_ids}
        for responder, prefix in ANSWERS:
            stance, text, ids = _answers(responses, d.demand_id, responder)
            row.update({f"{prefix}_stance": stance, f"{prefix}_response": text,
                        f"{prefix}_ids": ids})
        rows.append(row)
    columns = ["demand_id", "document", "article", "topic", "demand", "demanded_by",
               "addressed_to", "sources"] + [f"{p}_{c}" for _, p in ANSWERS
                                             for c in ("stance", "response", "ids")]
    return pd.DataFrame(rows, columns=columns)


def proposal_documents(demands: pd.DataFrame) -> tuple[str, ...]:
    """The documents of demands made *to* Russia (the US and NATO proposals)."""
    mine = demands[demands["addressed_to"] == "Russia"]
    return tuple(dict.fromkeys(mine.sort_values("date")["document"]))


def filter_tracker(table: pd.DataFrame, *, documents: tuple[str, ...] = (),
                   stances: tuple[str, ...] = (), text: str = "") -> pd.DataFrame:
    """Rows of the tracker in ``documents`` where any answer has one of ``stances``."""
    mask = pd.Series(True, index=table.index)
    if documents:
        mask &= table["document"].isin(documents)
    if stances:
        any_stance = pd.Series(False, index=table.index)
        for _, prefix in ANSWERS:
            any_stance |= table[f"{prefix}_stance"].isin(stances)
        mask &= any_stance
    if text:
        haystack = (table["topic"] + " " + table["demand"] + " " + table["us_response"] + " "
                    + table["nato_response"] + " " + table["ru_response"]).str.lower()
        for word in text.lower().split():
            mask &= haystack.str.contains(word, regex=False)
    return table[mask]


def stance_counts(table: pd.DataFrame, responders: tuple[str, ...] = ("US", "NATO")
                  ) -> pd.DataFrame:
    """Counts of answers by responder and stance (including 'not recorded')."""
    prefixes = dict(ANSWERS)
    rows = []
    for responder in responders:
        counts = table[f"{prefixes[responder]}_stance"].value_counts()
        for stance, n in counts.items():
            rows.append({"responder": responder, "stance": stance, "count": int(n)})
    return pd.DataFrame(rows, columns=["responder", "stance", "count"])


def stance_figure(counts: pd.DataFrame, *, as_of: date | None, source: str,
                  filters: str | None = None, what: str = "Russia's draft articles") -> object:
    """Horizontal stacked bars: how the US and NATO answered, framed for a slide."""
    order = [s for s in (*STANCE_COLOURS,) if s in set(counts["stance"])]
    responders = list(dict.fromkeys(counts["responder"]))
    data = []
    for stance in order:
        part = counts[counts["stance"] == stance].set_index("responder").reindex(responders)
        values = part["count"].fillna(0).astype(int).tolist()
        data.append({
            "type": "bar", "orientation": "h", "y": [f"{r} answer" for r in responders],
            "x": values, "name": STANCE_LABELS.get(stance, stance),
            "marker": {"color": STANCE_COLOURS.get(stance, "#BBBBBB"),
                       "line": {"color": "#FFFFFF", "width": 1},
                       "pattern": {"shape": STANCE_PATTERNS.get(stance, ""),
                                   "fgcolor": "#FFFFFF", "fgopacity": 0.5,
                                   "fillmode": "overlay"}},
            "text": [str(v) if v else "" for v in values], "textposition": "inside",
            "textfont": {"color": theme.text_on(STANCE_COLOURS.get(stance, "#BBBBBB"))},
            "insidetextanchor": "middle",
            "hovertemplate": "%{y}: %{x} " + STANCE_LABELS.get(stance, stance).lower()
            + "<extra></extra>",
        })
    layout = {"barmode": "stack", "height": 300,
              "xaxis": {"title": {"text": "Number of articles"}, "dtick": 2},
              "yaxis": {"autorange": "reversed", "automargin": True}}
    return figures.framed(
        data, layout, figures.Frame(
            title="How the US and NATO answered Russia's demands",
            subtitle=f"Answers of 26 January 2022 to {what}, by stance",
            as_of=as_of, source=source, filters=filters, legend="top",
            point=stance_point(counts),
        ),
    )


def stance_point(counts: pd.DataFrame) -> str:
    """'US answer: 3 rejected, 2 open to discuss… of 17; NATO answer: …'."""
    parts = []
    for responder, own in counts.groupby("responder", sort=False):
        ordered = own.set_index("stance")["count"].reindex(
            [s for s in STANCE_COLOURS if s in set(own["stance"])])
        said = ", ".join(f"{n} {STANCE_LABELS.get(s, s).lower()}"
                         for s, n in ordered.items() if n)
        parts.append(f"{responder} answer: {said}, of {int(own['count'].sum())} articles")
    return "; ".join(parts) or "No answers in this view"
