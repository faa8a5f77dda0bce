"""Running the app for tests and benchmarks: a server on a free loopback port, a real
Chromium, and knowing when a page has finished its run.

Used by ``tests/`` and ``bench/`` alike (neither imports the other). Nothing here runs in
the app itself.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
#: what `streamlit run` needs to serve on loopback only, quietly
SERVER_FLAGS = ["--server.headless", "true", "--server.address", "127.0.0.1",
                "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
SERVE = [sys.executable, "-m", "dashboard", "serve"]
#: a page whose script has finished and whose websocket is up
DONE = ('[data-testid="stApp"][data-test-script-state="notRunning"]'
        '[data-test-connection-state="CONNECTED"]')
PLOTLY_DRAWN = '[data-testid="stPlotlyChart"] .main-svg'


def free_port() -> int:
    """A TCP port free on loopback now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chromium_path() -> str | None:
    """``CHROMIUM_PATH``, else the first Chromium on PATH, else None."""
    if os.environ.get("CHROMIUM_PATH"):
        return os.environ["CHROMIUM_PATH"]
    return next((found for name in CHROMIUM_CANDIDATES if (found := shutil.which(name))), None)


def start(command: list[str], port: int, data_dir: Path = DATA_DIR,
          log: IO[str] | int = subprocess.DEVNULL,
          extra: tuple[str, ...] = ()) -> subprocess.Popen:
    """Start ``command`` (e.g. :data:`SERVE`) as a server on ``port``, reading ``data_dir``."""
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(data_dir)}
    return subprocess.Popen([*command, "--server.port", str(port), *SERVER_FLAGS, *extra],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_healthy(port: int, deadline: float = 90, proc: subprocess.Popen | None = None,
                 path: str = "") -> None:
    """Wait until the server on ``port`` answers its health check."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited early with code {proc.returncode}")
        try:
            url = f"http://127.0.0.1:{port}{path}/_stcore/health"
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"the server on port {port} did not become healthy in {deadline} s")


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


class AppServer:
    """The app (``python -m dashboard serve``) on loopback, with its own data folder."""

    def __init__(self, data_dir: Path, log: Path, extra: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        base = next((v for k, v in zip(extra, extra[1:], strict=False)
                     if k == "--server.baseUrlPath"), "")
        self.path = f"/{base.strip('/')}" if base.strip("/") else ""
        self.url = f"http://127.0.0.1:{self.port}{self.path}"
        self._log = open(log, "w")  # noqa: SIM115 - closed in stop()
        self.proc = start(SERVE, self.port, data_dir, self._log, extra)
        try:
            wait_healthy(self.port, 60, self.proc, self.path)
        except RuntimeError as err:
            self.stop()
            raise RuntimeError(f"{err}; see {log}") from err

    def stop(self) -> None:
        stop(self.proc)
        self._log.close()


def wait_done(page: Any, timeout: float = 45_000) -> None:
    """Wait until a Streamlit page has run its script (and any rerun right after it)."""
    # the app is idle before its first run too: wait for the page's title first
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout)
    page.wait_for_selector(DONE, timeout=timeout)
    # a rerun may start right after the first run (query params): wait until the app has
    # stayed idle for a moment, checked by condition rather than a fixed sleep
    page.wait_for_function(
        """([selector, quiet]) => {
            const app = document.querySelector(selector);
            const now = performance.now();
            if (!app) { window.__idleSince = undefined; return false; }
            window.__idleSince = window.__idleSince ?? now;
            return now - window.__idleSince >= quiet;
        }""", arg=[DONE, 300], timeout=timeout, polling=50)
    page.evaluate("() => { window.__idleSince = undefined; }")
