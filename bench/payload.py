"""Bytes sent to the browser per page: websocket frames plus HTTP responses, seen by Chromium.

Usage: python bench/payload.py   (starts the app on a free loopback port; needs Chromium)
"""

from __future__ import annotations

import sys

from playwright.sync_api import sync_playwright

from dashboard.harness import (
    CHROMIUM_ARGS,
    DATA_DIR,
    ROOT,
    AppServer,
    chromium_path,
    wait_done,
)
from dashboard.views import ALL_VIEWS


def measure(browser, url: str) -> tuple[int, int]:
    """(websocket bytes received, HTTP body bytes) for a fresh load of ``url``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    ws_bytes = [0]
    http_bytes = [0]

    def on_ws(ws):
        ws.on("framereceived", lambda payload: ws_bytes.__setitem__(
            0, ws_bytes[0] + len(payload if isinstance(payload, bytes) else payload.encode())))

    def on_response(response):
        try:
            http_bytes[0] += len(response.body())
        except Exception:  # noqa: BLE001 - redirects and aborted requests have no body
            pass

    page.on("websocket", on_ws)
    page.on("response", on_response)
    page.goto(url)
    wait_done(page)
    page.wait_for_timeout(1500)
    context.close()
    return ws_bytes[0], http_bytes[0]


def main() -> int:
    path = chromium_path()
    if not path:
        print("no Chromium found; set CHROMIUM_PATH", file=sys.stderr)
        return 2
    server = AppServer(DATA_DIR, ROOT / "bench" / "payload-server.log")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            measure(browser, server.url + "/")  # warm the server's caches
            print(f"{'page':24} {'websocket KB':>13} {'static KB':>10}")
            for view in ALL_VIEWS:
                url = server.url + ("/" if view.url_path == "overview" else f"/{view.url_path}")
                ws, http = measure(browser, url)
                print(f"{view.title:24} {ws / 1024:13.1f} {http / 1024:10.1f}")
            browser.close()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
