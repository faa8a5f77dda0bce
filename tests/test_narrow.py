"""Charts laid out for a phone (dashboard.narrow): the legend under the plot, every text
wrapped to the width, no leader-line labels, and the shared figure left unchanged."""

from __future__ import annotations

import re

import pytest
from conftest import DATA_DIR

from dashboard import compat, export, figures, narrow
from dashboard.datasets import load_datasets

TAGS = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def charts():
    return {name: figures.freeze(fig)
            for name, fig in export.default_charts(load_datasets(DATA_DIR)).items()}


def lines(text: str) -> list[str]:
    return [TAGS.sub("", line).replace("&amp;", "&") for line in text.split("<br>")]


def test_every_chart_fits_a_phone(charts):
    for name, fig in charts.items():
        before = fig.json_text
        small = narrow.narrow(fig)
        assert fig.json_text == before, name  # the shared figure is untouched
        layout = small.layout
        assert layout.height == layout.margin.t + narrow.PLOT_HEIGHT + layout.margin.b, name
        assert layout.margin.l <= 44 and layout.margin.r <= 8, name
        assert layout.legend.orientation == "v" and layout.legend.yanchor == "bottom", name
        assert all(len(line) <= narrow.TITLE_CHARS for line in lines(layout.title.text)), name
        assert all(len(line) <= narrow.SUBTITLE_CHARS
                   for line in lines(layout.title.subtitle.text)), name
        notes = layout.annotations
        assert not any(note.showarrow for note in notes), name
        sources = [note for note in notes if note.name == "source_line"]
        assert len(sources) == 1, name
        assert all(len(line) <= narrow.SOURCE_CHARS for line in lines(sources[0].text)), name
        assert "Data as of" in sources[0].text, name


def test_the_legend_gets_the_room_it_needs(charts):
    talks = narrow.narrow(charts["talks-vs-troops"])
    names = narrow._legend_names(compat.thaw(charts["talks-vs-troops"]))
    assert names.count("Talks") == 1 and "Partial counts, not joined" in names
    assert talks.layout.margin.b >= narrow.TICKS + len(names) * narrow.LEGEND_ROW


def test_lane_names_sit_inside_the_plot_and_troop_figures_are_short(charts):
    lanes = narrow.narrow(charts["timeline"]).layout.yaxis
    assert lanes.ticklabelposition == "inside top"
    troops = narrow.narrow(charts["troop-estimates"]).layout.yaxis
    assert troops.tickformat == "~s"
