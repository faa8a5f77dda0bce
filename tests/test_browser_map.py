"""The map page in a real Chromium: presentation mode shows only the picture, the briefing
pack and the picture downloads hold the map as drawn for slides, the first view shows all
of Ukraine, and a circle's tooltip and click work, with a hostile site name shown as text."""

from __future__ import annotations

import csv
import io
import shutil
import time
import zipfile

import numpy as np
import pandas as pd
import pytest
from browser import assert_no_errors, open_page, screenshot, wait_done, wait_drawn
from conftest import DATA_DIR, AppServer
from PIL import Image

from dashboard import buildup_map as bm
from dashboard import map_labels, theme

pytestmark = pytest.mark.browser

EDGE = 8  # PNG pixels of pure background all round
HOSTILE = "<img src=x onerror=alert(1)> camp's"
SITE = "dep-039"  # Millerovo airfield: reported 18 Feb 2022, on the map's default date
#: What a reader can operate: none of it may show in presentation mode.
CONTROLS = ("input, button, select, textarea, [role=slider], [role=switch], [role=button], "
            "[role=combobox], [data-testid=stDataFrame], [data-testid=stDeckGlJsonChart]")


def _background_edges(png: bytes) -> tuple[tuple[int, int], bool]:
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    background = np.array(Image.new("RGB", (1, 1), theme.BACKGROUND))[0, 0]
    edges = np.concatenate([image[:EDGE].reshape(-1, 3), image[-EDGE:].reshape(-1, 3),
                            image[:, :EDGE].reshape(-1, 3), image[:, -EDGE:].reshape(-1, 3)])
    return (image.shape[1], image.shape[0]), bool((edges == background).all())


def test_presentation_mode_shows_only_the_picture(chromium, app_server, artifacts):
    context, page, log = open_page(chromium, app_server.url + "/map?present=1", 1920, 1080)
    try:
        assert_no_errors(page)
        picture = page.locator(".st-key-map-picture img")
        page.wait_for_function("(img) => img.complete && img.naturalWidth > 0",
                               arg=picture.element_handle(), timeout=30_000)
        controls = page.locator('[data-testid="stMain"]').locator(CONTROLS)
        visible = [c for c in controls.all() if c.is_visible()]
        assert visible == [], [c.evaluate("e => e.outerHTML.slice(0, 120)") for c in visible]
        box = picture.bounding_box()
        assert box["width"] / box["height"] == pytest.approx(16 / 9, rel=0.01), box
        assert box["y"] + box["height"] <= 1080, "the legend and sources are in view"
        assert box["width"] >= 1400
        alt = picture.get_attribute("alt")
        assert "as known on 23 February 2022" in alt and "57 sites" in alt
        assert "as_of" not in page.url or "present=1" in page.url
        screenshot(page, artifacts, "map-present-1920x1080")
        assert not log["errors"] and not log["outside"]
    finally:
        context.close()


def test_briefing_pack_and_picture_downloads_hold_the_map(chromium, app_server, artifacts):
    context, page, _ = open_page(chromium, app_server.url + "/map?country=Belarus", 1600, 900)
    try:
        page.get_by_role("radiogroup", name="Map as a picture for slides and print").get_by_role(
            "radio", name="Slide 4:3").click()
        wait_done(page)
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="PNG", exact=True).first.click()
        png = download.value.path().read_bytes()
        assert download.value.suggested_filename.endswith("-slide-4x3.png")
        assert _background_edges(png) == ((2880, 2160), True)
        page.get_by_text("Share and export this view").click()
        started = time.monotonic()
        with page.expect_download(timeout=90_000) as download:
            page.get_by_role("button", name="Download the briefing pack (zip)").click()
        pack = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
        print(f"briefing pack in {time.monotonic() - started:.1f} s")
        names = pack.namelist()
        assert names[0] == "01-map.png" and "SOURCES.md" in names, names
        assert _background_edges(pack.read("01-map.png")) == ((3840, 2160), True)
        sources = pack.read("SOURCES.md").decode()
        assert "Pictures: map, troop-estimates" in sources
        (artifacts / "map-pack-belarus.png").write_bytes(pack.read("01-map.png"))
    finally:
        context.close()


def _hostile_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "deployments.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    column = rows[0].index("site")
    for row in rows[1:]:
        if row[0] == SITE:
            row[column] = HOSTILE
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return data


def _site_pixel(deck_box: dict) -> tuple[float, float]:
    """Where the site is drawn at the page's first view (the view the page computes)."""
    sites = pd.read_csv(DATA_DIR / "deployments.csv")
    view = bm.fit_view(bm.view_bounds(bm.load_borders(DATA_DIR), sites))
    site = sites[sites["deployment_id"] == SITE].iloc[0]
    at = map_labels._pixels(np.array([site["lon"], view.longitude]),
                            np.array([site["lat"], view.latitude]), view.zoom)
    dx, dy = at[0] - at[1]
    return (deck_box["x"] + deck_box["width"] / 2 + dx,
            deck_box["y"] + deck_box["height"] / 2 + dy)


def _deck_columns(png: bytes) -> tuple[list[int], int]:
    """(per column, pixels of Ukraine's shading; the most border-grey pixels in a column)."""
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    ukraine = (r >= 205) & (g >= 205) & (b >= 170) & (b <= 205) & (r > b + 15)
    grey = (abs(r - 90) < 25) & (abs(g - 98) < 25) & (abs(b - 110) < 25)
    return ukraine.sum(axis=0).tolist(), int(grey.sum(axis=0).max())


def test_first_view_tooltip_and_click_on_a_circle(chromium, artifacts, tmp_path):
    server = AppServer(_hostile_data(tmp_path), artifacts / "server-map-hostile.log")
    try:
        context, page, log = open_page(chromium, server.url + "/map", 1366, 768)
        alerts: list[str] = []
        page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
        try:
            assert_no_errors(page)
            wait_drawn(page)
            deck = page.locator('[data-testid="stDeckGlJsonChart"]')
            deck.scroll_into_view_if_needed()
            time.sleep(1.5)  # deck.gl draws after the script
            png = deck.screenshot()
            (artifacts / "map-deck-1366x768.png").write_bytes(png)
            ukraine, grey_column = _deck_columns(png)
            shaded = [i for i, n in enumerate(ukraine) if n]
            assert shaded and shaded[0] > 10 and shaded[-1] < len(ukraine) - 10, \
                "all of Ukraine, west to east, is in the first view"
            assert grey_column < 0.5 * Image.open(io.BytesIO(png)).height, \
                "no border line runs down the map (the borders file's cut edge)"
            x, y = _site_pixel(deck.bounding_box())
            page.mouse.move(x, y)
            tooltip = page.locator(".deck-tooltip")
            tooltip.wait_for(state="visible", timeout=10_000)
            text = tooltip.inner_text()
            assert HOSTILE in text and "Ukraine's border" in text, text
            assert "&#x27;" not in text and "&lt;" not in text
            assert tooltip.locator("img").count() == 0
            page.mouse.click(x, y)
            page.wait_for_function(f"() => location.search.includes('site={SITE}')",
                                   timeout=15_000)
            wait_done(page)
            drawer = page.get_by_role("dialog")
            drawer.wait_for(timeout=15_000)
            assert HOSTILE in drawer.inner_text()
            screenshot(page, artifacts, "map-hostile-selected-1366x768")
            assert alerts == [] and not log["outside"]
        finally:
            context.close()
    finally:
        server.stop()
