"""The chart frame and the palette."""

from __future__ import annotations

import itertools
from datetime import date

import plotly.graph_objects as go

from dashboard import compat, figures, theme


def framed(**kwargs) -> go.Figure:
    args = {"title": "Talks vs troops", "subtitle": "Estimates over time",
            "as_of": date(2022, 2, 23), "source": "Sources: U.S. Department of State"}
    return figures.framed([{"type": "scatter", "x": [1, 2], "y": [3, 4], "name": "US"}], {},
                          figures.Frame(**(args | kwargs)))


def source_annotation(fig: go.Figure) -> str:
    return next(a.text for a in fig.layout.annotations if a.name == "source_line")


def heading(fig: go.Figure) -> str:
    """The title and the subtitle under it."""
    return f"{fig.layout.title.text}\n{fig.layout.title.subtitle.text}"


def test_frame_puts_title_subtitle_as_of_and_source_in_the_figure():
    fig = framed()
    assert "Talks vs troops" in fig.layout.title.text
    assert "Estimates over time" in fig.layout.title.subtitle.text
    text = source_annotation(fig)
    assert "Sources: U.S. Department of State" in text
    assert "Data as of 23 February 2022" in text
    assert fig.layout.meta["as_of"] == "2022-02-23"


def test_frame_shows_filters_only_when_given():
    assert "Filtered" not in heading(framed())
    assert "Filtered: side = US" in framed(filters="side = US").layout.title.subtitle.text


def test_frame_escapes_markup_in_text():
    fig = framed(title="<img src=x onerror=alert(1)>", filters="<b>x</b>")
    assert "<img" not in heading(fig)
    assert "&lt;img src=x onerror=alert(1)&gt;" in fig.layout.title.text
    assert "&lt;b&gt;x&lt;/b&gt;" in fig.layout.title.subtitle.text


def test_frame_without_data_says_so():
    assert "No data" in source_annotation(framed(as_of=None))


def test_describe_gives_a_text_alternative():
    text = figures.describe(framed())
    assert text.startswith("Talks vs troops. Estimates over time.")
    assert "Series: US (2)." in text and "Range: 1 to 2." in text


def test_plotly_config_exports_presentation_size():
    options = figures.plotly_config("timeline")["toImageButtonOptions"]
    assert options["width"] >= 1920 and options["scale"] == 2
    assert options["filename"] == "us-russia-dialogue-timeline"


def test_palette_has_a_distinct_colour_symbol_and_dash_per_side():
    styles = theme.SIDE_STYLES.values()
    assert len({s.colour for s in styles}) == len(theme.SIDE_STYLES)
    assert len({s.symbol for s in styles}) == len(theme.SIDE_STYLES)
    assert theme.side_colour("nobody") == theme.SIDE_STYLES["other"].colour


def test_main_sides_stay_apart_in_greyscale():
    main = ["US", "Russia", "NATO", "Ukraine"]
    lum = {s: theme.relative_luminance(theme.side_colour(s)) for s in main}
    for a, b in itertools.combinations(main, 2):
        assert abs(lum[a] - lum[b]) >= 0.05, (a, b, lum)


def test_a_frozen_figure_keeps_its_dict_and_refuses_changes():
    fig = framed()
    spec, alt = fig.to_dict(), figures.describe(fig)
    frozen = figures.freeze(fig)
    assert frozen.to_dict() == spec and figures.describe(frozen) == alt
    for change in (lambda f: f.update_layout(height=900), lambda f: f.add_trace(go.Scatter()),
                   lambda f: f.update_traces(marker_size=3)):
        try:
            change(frozen)
        except TypeError:
            continue
        raise AssertionError("a shared figure was changed")
    copy = compat.thaw(frozen).update_layout(height=900)
    assert copy.layout.height == 900 and frozen.to_dict() == spec


def test_layout_items_are_added_to_a_copy_of_a_frozen_figure():
    frozen = figures.freeze(framed())
    before = frozen.to_dict()
    line = {"type": "line", "x0": 1, "x1": 1, "y0": 0, "y1": 1}
    marked = compat.with_layout_items(frozen, shapes=[line])
    assert marked.to_dict()["layout"]["shapes"] == [line]
    assert "shapes" not in frozen.to_dict()["layout"] and frozen.to_dict() == before
    assert figures.describe(marked) == figures.describe(frozen)
    assert compat.thaw(marked).layout.shapes[0].x0 == 1
