"""Helpers for the real-browser tests: open a page, wait for the script, check for errors."""

from __future__ import annotations

from pathlib import Path

from dashboard.harness import DONE, PLOTLY_DRAWN, wait_done

__all__ = ["DATAFRAME_DRAWN", "DONE", "ERROR_BOXES", "PLOTLY_DRAWN", "assert_no_errors",
           "open_page", "open_drawer", "screenshot", "wait_done", "wait_drawn"]

ERROR_BOXES = ('[data-testid="stException"]', '[data-testid="stErrorElementStack"]')
DATAFRAME_DRAWN = '[data-testid="stDataFrame"] canvas'


def open_page(browser, url: str, width: int = 1280, height: int = 800):
    """A new page at ``url`` that has finished running its script; returns (context, page, log).

    ``log`` collects page errors and every request that leaves loopback.
    """
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    log = {"errors": [], "outside": []}
    page.on("pageerror", lambda exc: log["errors"].append(str(exc)))
    page.on("request", lambda req: _note_request(req.url, log))
    page.goto(url)
    wait_done(page)
    return context, page, log


def _note_request(url: str, log: dict) -> None:
    if not url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")):
        log["outside"].append(url)


def wait_drawn(page, timeout: float = 20_000) -> None:
    """Wait until every visible chart, table and map of the page has drawn something (the
    contents of a hidden tab draw when it is opened)."""
    page.wait_for_function(
        """() => {
            const all = (sel) => [...document.querySelectorAll(sel)]
                .filter(e => e.checkVisibility({visibilityProperty: true, opacityProperty: true}));
            const charts = all('[data-testid="stPlotlyChart"]');
            const tables = all('[data-testid="stDataFrame"]');
            const maps = all('[data-testid="stDeckGlJsonChart"]');
            const loading = all('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]');
            return loading.length === 0
                && charts.every(c => c.querySelector('.main-svg'))
                && tables.every(t => t.querySelector('canvas'))
                && maps.every(m => m.querySelector('canvas'));
        }""", timeout=timeout, polling=100)


def open_drawer(page, timeout: float = 20_000):
    """The record drawer once it has slid in: it opens with an animation from the right
    edge, so wait until its box is inside the viewport and has stopped moving."""
    drawer = page.get_by_role("dialog")
    drawer.wait_for(timeout=timeout)
    page.wait_for_function(
        """() => {
            const d = document.querySelector('[role="dialog"]');
            if (!d) return false;
            const r = d.getBoundingClientRect();
            const key = [r.x, r.y, r.width, r.height].join();
            const still = window.__drawerBox === key;
            window.__drawerBox = key;
            return still && r.right <= window.innerWidth + 1 && r.x >= -1;
        }""", timeout=timeout, polling=150)
    return drawer


def assert_no_errors(page) -> None:
    assert_page_found(page)
    for selector in ERROR_BOXES:
        assert page.locator(selector).count() == 0, f"{selector} shown on {page.url}"


def screenshot(page, folder: Path, name: str) -> Path:
    """Save the viewport and the whole scrolled page (Streamlit scrolls an inner element),
    once everything visible has drawn."""
    wait_drawn(page)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    size = page.viewport_size
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
        "[data-testid=stAppViewContainer], section.main')].map(e => e.scrollHeight), 0)"
    )
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": min(height, 8000)})
        # the taller viewport re-lays out the page: wait for the new layout to be painted
        page.wait_for_function("(h) => window.innerHeight === h", arg=min(height, 8000))
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => "
                      "requestAnimationFrame(r)))")
        page.screenshot(path=str(folder / f"{name}-full.png"))
        page.set_viewport_size(size)
    return path


def assert_page_found(page) -> None:
    """Streamlit shows a 'Page not found' dialog when a URL path is unknown."""
    assert page.get_by_text("Page not found").count() == 0, f"'Page not found' on {page.url}"
