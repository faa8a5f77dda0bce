"""Chart text a reader can read: every font colour of every figure against what it sits
on (WCAG 2.2 AA, 4.5:1), and a text alternative that says what each chart shows."""

from __future__ import annotations

import re
from collections.abc import Iterator

import plotly.graph_objects as go
import pytest
from conftest import DATA_DIR

from dashboard import compat, export, figures, theme
from dashboard.datasets import load_datasets

NAMED = {"white": "#FFFFFF", "black": "#000000"}
PLOTLY_DEFAULT_FONT = "#444444"
SPAN_COLOUR = re.compile(r"color:\s*(#[0-9A-Fa-f]{6}|rgba?\([^)]*\))")


def _rgba(colour: str) -> tuple[float, float, float, float]:
    colour = NAMED.get(colour.strip().lower(), colour.strip())
    if colour.startswith("#") and len(colour) == 7:
        return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16), 1.0)
    match = re.match(r"rgba?\(([^)]*)\)", colour)
    assert match, f"a colour the check cannot read: {colour!r}"
    parts = [float(p) for p in match.group(1).split(",")]
    return (parts[0], parts[1], parts[2], parts[3] if len(parts) == 4 else 1.0)


def _over(colour: str, background: str) -> str:
    """``colour`` as drawn over the opaque ``background`` (alpha blended)."""
    r, g, b, a = _rgba(colour)
    br, bg, bb, _ = _rgba(background)
    return "#{:02X}{:02X}{:02X}".format(*(round(a * c + (1 - a) * d)
                                          for c, d in ((r, br), (g, bg), (b, bb))))


def _colour(font: dict | None, inherited: str) -> str:
    return (font or {}).get("color") or inherited


def text_on_background(fig: go.Figure) -> Iterator[tuple[str, str, str]]:
    """(where, text colour, background colour) of every piece of text ``fig`` draws."""
    spec = fig.to_dict()
    layout = spec.get("layout", {})
    paper = _over(layout.get("paper_bgcolor", "#FFFFFF"), "#FFFFFF")
    plot = _over(layout.get("plot_bgcolor", "#FFFFFF"), paper)
    base = _colour(layout.get("font"), PLOTLY_DEFAULT_FONT)
    title = layout.get("title") or {}
    yield "title", _colour(title.get("font"), base), paper
    for span in SPAN_COLOUR.findall(title.get("text", "")):
        yield "title span", span, paper
    legend = layout.get("legend") or {}
    legend_bg = _over(legend.get("bgcolor", "rgba(0,0,0,0)"), paper)
    yield "legend", _colour(legend.get("font"), base), legend_bg
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and axis.get("visible", True):
            yield f"{key} ticks", _colour(axis.get("tickfont"), base), paper
            yield f"{key} title", _colour((axis.get("title") or {}).get("font"), base), paper
    for i, note in enumerate(layout.get("annotations", [])):
        behind = _over(note.get("bgcolor", "rgba(0,0,0,0)"), plot)
        colour = _colour(note.get("font"), base)
        yield f"annotation {i} {note.get('text', '')[:40]!r}", colour, behind
        for span in SPAN_COLOUR.findall(note.get("text", "")):
            yield f"annotation {i} span", span, behind
    for i, trace in enumerate(spec.get("data", [])):
        has_text = trace.get("text") is not None or trace.get("texttemplate")
        mode = trace.get("mode", "")
        if not has_text or (trace.get("type") == "scatter" and "text" not in mode):
            continue
        colour = _colour(trace.get("textfont"), base)
        inside = trace.get("type") == "bar" and trace.get("textposition", "auto") in (
            "inside", "auto")
        fill = (trace.get("marker") or {}).get("color") if inside else None
        fills = fill if isinstance(fill, list) else [fill]
        colours = colour if isinstance(colour, list) else [colour]
        for f in fills:
            for c in colours:
                yield f"trace {i} {trace.get('name', '')} text", c, _over(f, plot) if f else plot


def _all_figures() -> dict[str, go.Figure]:
    ds = load_datasets(DATA_DIR)
    charts = export.default_charts(ds)
    return {name: compat.thaw(fig) for name, fig in charts.items()}


@pytest.fixture(scope="module")
def every_figure() -> dict[str, go.Figure]:
    return _all_figures()


def test_every_chart_text_has_contrast_of_at_least_4_5(every_figure):
    low = []
    for name, fig in every_figure.items():
        for where, colour, background in text_on_background(fig):
            drawn = _over(colour, background)
            ratio = theme.contrast_ratio(drawn, background)
            if ratio < theme.TEXT_CONTRAST:
                low.append(f"{name}: {where}: {drawn} on {background} = {ratio:.2f}")
    assert not low, "\n".join(low)


def test_the_contrast_check_catches_pale_text():
    fig = figures.framed([{"type": "bar", "x": [1], "y": [2], "text": ["2"],
                           "textfont": {"color": "#FFFFFF"},
                           "marker": {"color": "#F0B400"}}],
                         {"annotations": [{"text": "pale", "font": {"color": "#56B4E9"},
                                           "x": 0, "y": 0}]},
                         figures.Frame("T", "S", None, "Sources: x"))
    ratios = {where: theme.contrast_ratio(_over(c, b), b)
              for where, c, b in text_on_background(fig)}
    assert min(ratios.values()) < theme.TEXT_CONTRAST
    assert any(w.startswith("annotation 0") and r < 4.5 for w, r in ratios.items())
    assert any(w.startswith("trace 0") and r < 4.5 for w, r in ratios.items())


def test_text_colour_darkens_each_side_colour_to_a_readable_one():
    for side in theme.SIDE_STYLES:
        colour = theme.side_text_colour(side)
        assert theme.contrast_ratio(colour) >= theme.TEXT_CONTRAST, side
    assert theme.side_text_colour("US") == theme.side_colour("US")  # already dark enough
    assert theme.side_text_colour("NATO") != theme.side_colour("NATO")


def test_every_chart_has_a_text_alternative_with_counts_range_and_point(every_figure):
    for name, fig in every_figure.items():
        alt = figures.describe(fig)
        assert fig.layout.meta["title"].rstrip(".") in alt, name
        assert re.search(r"\d", alt), name
        assert "Range:" in alt or "From " in alt, (name, alt)
        assert "Main point:" in alt, (name, alt)
