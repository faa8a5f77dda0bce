"""Helpers for the real-browser tests: open a page, wait for the script, check for errors."""

from __future__ import annotations

from pathlib import Path

DONE = ('[data-testid="stApp"][data-test-script-state="notRunning"]'
        '[data-test-connection-state="CONNECTED"]')
ERROR_BOXES = ('[data-testid="stException"]', '[data-testid="stErrorElementStack"]')
PLOTLY_DRAWN = '[data-testid="stPlotlyChart"] .main-svg'
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


def wait_done(page, timeout: float = 45_000) -> None:
    # the app is idle before its first run too: wait for the page's title first
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout)
    page.wait_for_selector(DONE, timeout=timeout)
    # a rerun may start right after the first run (e.g. query params); wait for it too
    page.wait_for_timeout(300)
    page.wait_for_selector(DONE, timeout=timeout)


def assert_no_errors(page) -> None:
    assert_page_found(page)
    for selector in ERROR_BOXES:
        assert page.locator(selector).count() == 0, f"{selector} shown on {page.url}"


def screenshot(page, folder: Path, name: str) -> Path:
    """Save the viewport and the whole scrolled page (Streamlit scrolls an inner element)."""
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    size = page.viewport_size
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
        "[data-testid=stAppViewContainer], section.main')].map(e => e.scrollHeight), 0)"
    )
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": min(height, 8000)})
        page.wait_for_timeout(400)
        page.screenshot(path=str(folder / f"{name}-full.png"))
        page.set_viewport_size(size)
    return path


def assert_page_found(page) -> None:
    """Streamlit shows a 'Page not found' dialog when a URL path is unknown."""
    assert page.get_by_text("Page not found").count() == 0, f"'Page not found' on {page.url}"
