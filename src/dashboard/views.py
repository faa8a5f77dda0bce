"""The views the app offers: one place that app.py's navigation and the overview read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class View:
    path: str  # script path, relative to the repository root
    title: str
    icon: str
    url_path: str
    blurb: str  # what the view shows
    question: str = ""  # the question it answers, in a reader's words


OVERVIEW = View("pages/overview.py", "Overview", ":material/home:", "overview",
                "What the dashboard covers, headline counts and the latest records.")

#: The other views, in navigation order. A view is listed here once its page exists.
VIEWS: tuple[View, ...] = (
    View("pages/timeline.py", "Timeline", ":material/timeline:", "timeline",
         "Every meeting, statement, deployment and demand on one time axis; talks vs troops; "
         "a guided story.",
         "Who met whom, and when? What was said while the troops massed?"),
    View("pages/map.py", "Border buildup map", ":material/map:", "map",
         "Where Russian forces were reported, as known on any date, and how far from "
         "Ukraine's border.",
         "Where were Russia's forces on a given day, and how close to Ukraine?"),
    View("pages/positions.py", "Positions & demands", ":material/balance:", "positions",
         "US and Russian positions issue by issue, and every demand with the answers to it.",
         "What did each side demand, and what did the other answer?"),
    View("pages/data.py", "Data & sources", ":material/table_view:", "data",
         "Every dataset with its card and sources, downloads, method, glossary, citing.",
         "Where does each record come from, and can I have the data?"),
)

ALL_VIEWS = (OVERVIEW, *VIEWS)
