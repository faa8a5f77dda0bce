"""The views the app offers: one place that app.py's navigation and the overview read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class View:
    path: str  # script path, relative to the repository root
    title: str
    icon: str
    url_path: str
    blurb: str


OVERVIEW = View("pages/overview.py", "Overview", ":material/home:", "overview",
                "What the dashboard covers, headline counts and the latest records.")

#: The other views, in navigation order. A view is listed here once its page exists.
VIEWS: tuple[View, ...] = (
    View("pages/timeline.py", "Timeline", ":material/timeline:", "timeline",
         "Every meeting, statement, deployment and demand on one time axis; talks vs troops; "
         "a guided story."),
    View("pages/map.py", "Border buildup map", ":material/map:", "map",
         "Where Russian forces were reported, as known on any date, and how far from "
         "Ukraine's border."),
    View("pages/positions.py", "Positions & demands", ":material/balance:", "positions",
         "US and Russian positions issue by issue, and every demand with the answers to it."),
    View("pages/data.py", "Data & sources", ":material/table_view:", "data",
         "Every dataset with its card and sources, downloads, method, glossary, citing."),
)

ALL_VIEWS = (OVERVIEW, *VIEWS)
