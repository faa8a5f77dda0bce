"""Charts at slide size: text large enough once exported, nothing outside the frame,
labels that never overlap, subtitles that fit, empty months cut out of time axes."""

from __future__ import annotations

import html
import io
import itertools
import random
import re
from collections.abc import Iterator

import pandas as pd
import pytest
from conftest import DATA_DIR
from PIL import Image
from test_exports import _need_browser

from dashboard import compat, export, figures
from dashboard import labels as lbl
from dashboard.datasets import load_datasets

INLINE_SIZE = re.compile(r"font-size:\s*([\d.]+)px")
SLIDE_MIN_PX, SLIDE_TITLE_PX = 16, 32  # at 1920×1080


@pytest.fixture(scope="module")
def charts():
    return {name: compat.thaw(fig)
            for name, fig in export.default_charts(load_datasets(DATA_DIR)).items()}


def font_sizes(node, where: str = "") -> Iterator[tuple[str, float]]:
    """(where, px) of every font size a figure's spec sets, inline spans included."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{where}.{key}"
            if key.endswith("font") and isinstance(value, dict) and "size" in value:
                sizes = value["size"] if isinstance(value["size"], list) else [value["size"]]
                yield from ((here, float(s)) for s in sizes if s is not None)
            yield from font_sizes(value, here)
    elif isinstance(node, list | tuple):
        for i, value in enumerate(node):
            yield from font_sizes(value, f"{where}[{i}]")
    elif isinstance(node, str):
        yield from ((f"{where} (inline)", float(s)) for s in INLINE_SIZE.findall(node))


def test_every_text_is_at_least_16_px_and_the_title_32_px_on_a_1920_slide(charts):
    slide = export.SIZE_BY_KEY["slide"]
    enlarge = slide.width / export.layout_size(slide)[0]
    for name, fig in charts.items():
        sizes = list(font_sizes(fig.to_dict()))
        assert len(sizes) >= 5, name
        small = [(w, px * enlarge) for w, px in sizes if px * enlarge < SLIDE_MIN_PX]
        assert not small, f"{name}: {small[:5]}"
        assert fig.layout.title.font.size * enlarge >= SLIDE_TITLE_PX, name


def test_the_size_check_catches_small_text():
    spec = {"layout": {"annotations": [{"text": "<span style='font-size:9px'>x</span>",
                                        "font": {"size": 10}}]}}
    assert sorted(px for _, px in font_sizes(spec)) == [9.0, 10.0]


def test_title_and_subtitle_lines_fit_the_narrowest_export(charts):
    narrowest = min(export.layout_size(size)[0] for size in export.SIZES)
    for name, fig in charts.items():
        meta = fig.layout.meta
        assert lbl.text_width(meta["title"], figures.TITLE_PX) < narrowest - 24, name
        for line in figures.subtitle_lines(meta["subtitle"]):
            assert lbl.text_width(line, figures.SUBTITLE_PX) < narrowest - 24, (name, line)
    long = figures.framed([], {}, figures.Frame("T", "word " * 60, None, "Sources: x"))
    assert long.layout.title.subtitle.text.count("<br>") == 2
    assert long.layout.margin.t == figures.TOP_MARGIN + 2 * figures.FILTER_LINE


def test_troop_estimates_cut_the_months_without_an_estimate(charts):
    axis = charts["troop-estimates"].layout.xaxis
    assert axis.rangebreaks, "no cut on the estimates' time axis"
    notes = [a.text for a in charts["troop-estimates"].layout.annotations]
    assert any("axis cut" in text for text in notes)


@pytest.mark.parametrize("seed", range(20))
def test_placed_labels_never_overlap_and_stay_inside_at_every_plot_size(seed):
    rng = random.Random(seed)
    plots = lbl.plot_sizes(560, (124, 84))
    anchors = [lbl.Anchor(rng.random(), rng.random() * 0.9,
                          "".join(rng.choice("abcdefgh ") for _ in range(rng.randint(4, 40))))
               for _ in range(rng.randint(3, 25))]
    offsets = lbl.place_or_drop(anchors, lambda a: lbl.around(11, a.text, rings=2), 11, plots)
    assert len(offsets) == len(anchors)
    kept = [(a, o) for a, o in zip(anchors, offsets, strict=True) if o is not None]
    assert kept, "not even the first label was placed"
    for plot in plots:
        boxes = [lbl.box(a, o, 11, plot) for a, o in kept]
        for b in boxes:
            assert b.left >= 0 and b.bottom >= 0 and b.right <= plot[0] and b.top <= plot[1]
        for i, j in itertools.combinations(range(len(boxes)), 2):
            assert not boxes[i].overlaps(boxes[j]), (plot, kept[i], kept[j])
    stacked = lbl.place(anchors, lbl.stacked(3, 11), 11, plots)
    for plot in plots:
        boxes = [lbl.box(a, o, 11, plot) for a, o in zip(anchors, stacked, strict=True)]
        assert not any(boxes[i].overlaps(boxes[j]) for i in range(len(boxes))
                       for j in range(i + 1, len(boxes)))


def test_every_chart_and_size_leaves_a_blank_margin_around_its_content(charts):
    """Nothing is cut by the frame: the outer 8 px (at slide scale) of every export are
    background, and something is drawn near each edge's margin (the frame is used)."""
    _need_browser()
    for name, fig in charts.items():
        for size in export.SIZES:
            image = Image.open(io.BytesIO(export.chart_image(fig, "png", size))).convert("L")
            width, height = image.size
            assert (width, height) == (size.width * export.SCALE, size.height * export.SCALE)
            band = 8 * export.SCALE
            pixels = image.load()
            edge = [pixels[x, y] for y in (*range(band), *range(height - band, height))
                    for x in range(0, width, 3)]
            edge += [pixels[x, y] for x in (*range(band), *range(width - band, width))
                     for y in range(0, height, 3)]
            assert min(edge) >= 245, f"{name} at {size.key}: ink in the outer {band} px"
            inner = image.crop((band, band, width - band, height - band))
            assert inner.getextrema()[0] < 100, f"{name} at {size.key}: blank"


def _label_boxes(fig, yref: str, plot: tuple[float, float]) -> list[lbl.Box]:
    """The boxes of ``fig``'s leader-line labels on the panel ``yref`` in a plot of size
    ``plot``: each label's anchor where its point is drawn, moved by its offset."""
    layout = fig.layout
    x_axis = layout.xaxis
    axis = figures.TimeAxis(pd.Timestamp(x_axis.range[0]), pd.Timestamp(x_axis.range[1]),
                            tuple((pd.Timestamp(b.bounds[0]), pd.Timestamp(b.bounds[1]))
                                  for b in x_axis.rangebreaks or ()))
    y_axis = layout["yaxis" + yref[1:]]
    low, high = y_axis.range
    boxes = []
    for note in layout.annotations:
        if note.showarrow and note.yref == yref:
            anchor = lbl.Anchor(axis.share(pd.Timestamp(note.x)), (note.y - low) / (high - low),
                                html.unescape(note.text))
            boxes.append(lbl.box(anchor, (note.ax, -note.ay), note.font.size, plot))
    return boxes


@pytest.mark.parametrize(("name", "yref", "inside"), [("talks-vs-troops", "y2", False),
                                                      ("talks-vs-troops", "y", True),
                                                      ("troop-estimates", "y", True)])
def test_the_charts_labels_never_overlap_at_any_size_shown(charts, name, yref, inside):
    """Meeting labels on the talks strip and estimator names, in full, apart at the
    plot sizes of a 1366, 1600 and 1920 px browser and of every export size."""
    fig = charts[name]
    domain = tuple(fig.layout["yaxis" + yref[1:]].domain)
    plots = lbl.plot_sizes(fig.layout.height, (fig.layout.margin.t, figures.BOTTOM_MARGIN),
                           domain)
    for plot in plots:
        boxes = _label_boxes(fig, yref, plot)
        assert len(boxes) >= 3, (name, yref)
        for a, b in itertools.combinations(boxes, 2):
            assert not a.overlaps(b), (name, plot, a, b)
        if inside:
            assert all(b.left >= 0 and b.right <= plot[0] and b.bottom >= 0
                       and b.top <= plot[1] for b in boxes), (name, plot)
    texts = [html.unescape(n.text) for n in fig.layout.annotations if n.showarrow]
    assert not any(t.endswith(("…", "...")) for t in texts), texts


def test_charts_do_not_take_the_template_of_whoever_imported_plotly(monkeypatch):
    """Importing Streamlit sets plotly's default template to its own (no automargin): the
    figures pin theirs, so the app, its exports and this suite draw the same picture."""
    import plotly.io as pio

    monkeypatch.setattr(pio.templates, "_default", "plotly_dark")
    built = export.default_charts(load_datasets(DATA_DIR))
    for name, fig in built.items():
        spec = compat.thaw(fig).to_dict()["layout"]
        template = spec.get("template", {})
        assert not template.get("layout"), name  # (rebuilding adds an empty scatter)
        assert all(set(t) == {"type"} for ts in template.get("data", {}).values()
                   for t in ts), name
        axes = [key for key in spec if re.fullmatch(r"[xy]axis\d*", key)]
        assert axes and all(spec[axis].get("automargin") for axis in axes), name
