"""The static map for slides and print: what a briefer pastes must be complete, readable,
clean at the edges, the same every time, and drawn without the network."""

from __future__ import annotations

import io
import socket
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date

import numpy as np
import pandas as pd
import pytest
from conftest import DATA_DIR
from matplotlib.colors import to_hex
from matplotlib.text import Text
from PIL import Image

from dashboard import buildup_map, export, provenance, records, static_map, theme
from dashboard.datasets import load_datasets
from dashboard.text import fmt_date

AS_OF = date(2022, 2, 23)
EDGE = 8  # PNG pixels of pure background all round
HOSTILE = ("<img src=x onerror=alert(1)>", "$x^2$ camp", r"\frac{a}{b} $ & <b>bold</b>")


@pytest.fixture(scope="module")
def real() -> dict:
    """Borders, the sites the map page shows on 23 Feb 2022, their source line, data date."""
    ds = load_datasets(DATA_DIR)
    borders = buildup_map.load_borders(DATA_DIR)
    sites = buildup_map.site_distances(ds.deployments, borders)
    shown = buildup_map.apply_state(buildup_map.sites_as_of(sites, AS_OF),
                                    buildup_map.MapState(as_of=AS_OF))
    origin_of = dict(zip(ds.sources["source_id"], ds.sources["origin"], strict=True))
    return {"borders": borders, "sites": shown,
            "source": provenance.source_line(shown["source_ids"], origin_of),
            "data_as_of": records.all_records(ds)["date"].max().date()}


@pytest.fixture(scope="module")
def drawn(real) -> dict:
    """Each export size drawn once: (map, PNG, SVG)."""
    out = {}
    for size in export.SIZES:
        static = static_map.draw(real["borders"], real["sites"], as_of=AS_OF,
                                 source=real["source"], data_as_of=real["data_as_of"],
                                 size=size)
        out[size.key] = (static, static_map.image(static, "png"),
                         static_map.image(static, "svg"))
    return out


def sites_frame(names: list[str], lat: float = 50.0, lon: float = 36.0,
                spread: float = 0.0) -> pd.DataFrame:
    """A hand-made frame of the columns the map reads, sites scattered within ``spread``°."""
    rng = np.random.default_rng(7)
    n = len(names)
    return pd.DataFrame({
        "deployment_id": [f"dep-{i:03d}" for i in range(n)], "site": names,
        "lat": lat + rng.uniform(-spread, spread, n), "lon": lon + rng.uniform(-spread, spread, n),
        "troops_est": pd.array([None if i % 3 else 4000 * (i + 1) for i in range(n)],
                               dtype="Int64"),
        "btg_est": pd.array([2 if i % 3 == 1 else None for i in range(n)], dtype="Int64"),
        "confidence": [("high", "medium", "low")[i % 3] for i in range(n)],
        "opacity": [1.0 if i % 2 else 0.5 for i in range(n)]})


def texts(static: static_map.StaticMap) -> list[Text]:
    """Every text of the picture a reader sees (halos are white outlines, not text)."""
    return [t for t in static.figure.findobj(Text)
            if t.get_visible() and t.get_text() and t.get_gid() != "halo"]


def svg_text(svg: bytes) -> str:
    root = ET.fromstring(svg)
    return " ".join("".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text"))


def assert_apart(labels: list[static_map.Label], legend) -> None:
    boxes = np.array([label.box.extents for label in labels])
    for i, (x0, y0, x1, y1) in enumerate(boxes):
        others = np.delete(boxes, i, axis=0)
        hit = ((x0 < others[:, 2] - 0.5) & (others[:, 0] < x1 - 0.5)
               & (y0 < others[:, 3] - 0.5) & (others[:, 1] < y1 - 0.5))
        assert not hit.any(), f"{labels[i].site!r} overlaps another label"
        assert not legend.overlaps(labels[i].box), f"{labels[i].site!r} is under the legend"


@pytest.mark.parametrize("size", export.SIZES, ids=lambda s: s.key)
def test_png_is_the_export_size_with_a_clean_edge(drawn, size):
    image = Image.open(io.BytesIO(drawn[size.key][1]))
    assert image.size == (size.width * export.SCALE, size.height * export.SCALE)
    pixels = np.asarray(image.convert("RGB"))
    edge = np.concatenate([pixels[:EDGE].reshape(-1, 3), pixels[-EDGE:].reshape(-1, 3),
                           pixels[:, :EDGE].reshape(-1, 3), pixels[:, -EDGE:].reshape(-1, 3)])
    assert (edge == 255).all(), "something is drawn in the outer margin"
    width, height = image.size
    for text in texts(drawn[size.key][0]):
        box = text.get_window_extent()
        assert box.x0 >= 2 * EDGE and box.y0 >= 2 * EDGE, text.get_text()
        assert box.x1 <= width - 2 * EDGE and box.y1 <= height - 2 * EDGE, text.get_text()


@pytest.mark.parametrize("size", export.SIZES, ids=lambda s: s.key)
def test_title_date_and_sources_are_in_the_picture_as_text(drawn, real, size):
    words = svg_text(drawn[size.key][2])
    assert "Russian forces near Ukraine, as known on 23 February 2022" in words
    assert f"{len(real['sites'])} sites with forces reported" in words
    assert real["source"].startswith("Sources: ") and real["source"] in words
    assert f"Data as of {fmt_date(real['data_as_of'], 'long')} · US–Russia Dialogue Dashboard" \
        in words
    assert "Borders: Natural Earth." in words.replace("\n", " ")


@pytest.mark.parametrize("size", export.SIZES, ids=lambda s: s.key)
def test_labels_never_overlap_and_each_site_has_its_full_name(drawn, real, size):
    static = drawn[size.key][0]
    assert_apart(static.labels, static.legend)
    assert Counter(label.deployment_id for label in static.labels) == \
        Counter(real["sites"]["deployment_id"])
    for label in static.labels:
        assert " ".join(label.text.get_text().split()) == " ".join(label.site.split())


@pytest.mark.parametrize("size", export.SIZES, ids=lambda s: s.key)
def test_a_label_away_from_its_circle_has_a_leader_line(drawn, size):
    static = drawn[size.key][0]
    ax = static.labels[0].text.axes
    starts = [ax.transData.transform(line.get_xydata())[0] for line in ax.get_lines()]
    by_point: dict = {}
    for label in static.labels:
        by_point.setdefault(label.point, []).append(label)
    for (x, y), labels in by_point.items():
        radius = max(label.radius for label in labels)  # a place's labels share its line
        gap = min(np.hypot(np.clip(x, b.x0, b.x1) - x, np.clip(y, b.y0, b.y1) - y)
                  for b in (label.box for label in labels)) - radius
        lined = any(abs(np.hypot(sx - x, sy - y) - radius) < 2 for sx, sy in starts)
        assert gap <= 8 * export.SCALE or lined, f"{labels[0].site!r}: no line to its circle"


@pytest.mark.parametrize("size", export.SIZES, ids=lambda s: s.key)
def test_text_is_large_enough_and_dark_enough(drawn, size):
    found = texts(drawn[size.key][0])
    px = {t.get_text(): t.get_fontsize() / static_map.PT for t in found}
    assert min(px.values()) >= 16
    title = next(t for t in px if t.startswith("Russian forces near Ukraine"))
    assert px[title] >= 32
    for text in found:
        colour = to_hex(text.get_color())
        assert theme.contrast_ratio(colour) >= theme.TEXT_CONTRAST, (text.get_text(), colour)


def test_twelve_sites_within_half_a_degree_keep_their_labels_apart(real):
    names = [f"Field camp number {i} near the border" for i in range(12)]
    static = static_map.draw(real["borders"], sites_frame(names, spread=0.25), as_of=AS_OF,
                             source="Sources: test", data_as_of=AS_OF)
    assert len(static.labels) == 12
    assert_apart(static.labels, static.legend)


def test_hostile_names_are_shown_as_typed(real):
    static = static_map.draw(real["borders"], sites_frame(list(HOSTILE), spread=1.0),
                             as_of=AS_OF, source="Sources: <script>alert(1)</script> & $y$",
                             data_as_of=AS_OF, size=export.SIZES[1])
    assert sorted(label.text.get_text() for label in static.labels) == sorted(HOSTILE)
    assert all(not t.get_usetex() and not t.get_parse_math() for t in texts(static))
    svg = static_map.image(static, "svg")
    assert b"<img" not in svg and b"<script" not in svg and b"<b>" not in svg
    words = svg_text(svg)
    for name in [*HOSTILE, "Sources: <script>alert(1)</script> & $y$"]:
        assert name in words, name  # literal text, not mathtext glyphs


def test_drawing_makes_no_network_request(real, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the static map tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    png = static_map.map_image(real["borders"], real["sites"].head(8), as_of=AS_OF,
                               source=real["source"], data_as_of=AS_OF,
                               size=export.SIZES[2], fmt="png")
    assert png.startswith(b"\x89PNG")


def test_the_same_map_gives_the_same_bytes(real):
    sites = real["sites"].head(10)

    def both() -> tuple[bytes, bytes]:
        static = static_map.draw(real["borders"], sites, as_of=AS_OF, source="Sources: x",
                                 data_as_of=AS_OF, size=export.SIZES[1])
        return static_map.image(static, "png"), static_map.image(static, "svg")

    first, second = both(), both()
    assert first == second
    assert b"<dc:date>" not in first[1] and b"Software" not in first[0]


def test_a_date_with_no_site_still_gives_a_framed_map(real):
    static = static_map.draw(real["borders"], real["sites"].head(0), as_of=date(2020, 1, 1),
                             source="Source: US–Russia Dialogue Dashboard", data_as_of=None)
    words = " ".join(t.get_text() for t in texts(static))
    assert static.labels == [] and "No site with forces reported" in words
    assert "No data · US–Russia Dialogue Dashboard" in words
    with pytest.raises(ValueError, match="unsupported format"):
        static_map.image(static, "jpeg")


def test_a_filtered_view_says_so_in_the_picture(real):
    """The picture of a filtered view (the map page's country, distance and confidence)
    names the filters beside its count of sites."""
    state = buildup_map.MapState(as_of=AS_OF, within_km=100, countries=("Belarus",),
                                 confidence=("high", "medium"))
    note = buildup_map.filters_note(state)
    assert note == "Belarus; within 100 km of Ukraine; high or medium confidence"
    assert buildup_map.filters_note(buildup_map.MapState(as_of=AS_OF)) == ""
    shown = buildup_map.apply_state(real["sites"], state)
    static = static_map.draw(real["borders"], shown, as_of=AS_OF, source="Sources: x",
                             data_as_of=AS_OF, size=export.SIZES[1], filters=note)
    words = " ".join(t.get_text() for t in texts(static))
    assert f"{len(shown)} sites with forces reported ({note})" in words
