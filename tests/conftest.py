"""Shared fixtures: data folders, a running app server, a real Chromium, and AppTest."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dashboard.harness import CHROMIUM_ARGS, DATA_DIR, ROOT, AppServer, chromium_path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = ROOT / "test-artifacts"
REQUIRE_BROWSER_ENV = "DASHBOARD_REQUIRE_BROWSER"

__all__ = ["ARTIFACTS", "CHROMIUM_ARGS", "DATA_DIR", "FIXTURES", "REQUIRE_BROWSER_ENV", "ROOT",
           "AppServer", "chromium_path"]

# make tests/fixtures importable (make_broken.py)
sys.path.insert(0, str(FIXTURES))


@pytest.fixture
def valid_dir(tmp_path: Path) -> Path:
    """A writable copy of the small, valid fixture folder."""
    target = tmp_path / "valid"
    shutil.copytree(FIXTURES / "valid", target)
    return target


def _need_browser() -> str:
    path = chromium_path()
    if path is None:
        message = ("no Chromium found (install Debian's 'chromium' or set CHROMIUM_PATH); "
                   "browser tests need a real browser")
        if os.environ.get(REQUIRE_BROWSER_ENV) == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """A headless Chromium through Playwright; skips (or fails in CI) without one."""
    path = _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def app_server() -> Iterator[AppServer]:
    """The app serving the real ``data/`` folder."""
    ARTIFACTS.mkdir(exist_ok=True)
    server = AppServer(DATA_DIR, ARTIFACTS / "server-real-data.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def app_test(monkeypatch: pytest.MonkeyPatch) -> Callable:
    """A factory: an AppTest of the whole app (navigation included) opened on ``page``,
    reading ``data_dir`` (the environment is restored after the test), not yet run."""
    from streamlit.testing.v1 import AppTest

    def make(page: str, data_dir: Path, params: dict | None = None, timeout: float = 60):
        monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
        at.switch_page(page)
        for key, value in (params or {}).items():
            at.query_params[key] = value
        return at

    return make


def _checksum(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="session", autouse=True)
def data_folder_is_never_written():
    """The app and the tests only read data/: its checksum is the same after the suite."""
    before = _checksum(DATA_DIR)
    yield
    assert _checksum(DATA_DIR) == before, "something wrote to data/ during the tests"


@pytest.fixture(scope="session", autouse=True)
def no_streamlit_deprecation_warnings():
    """No page uses a deprecated Streamlit argument: Streamlit logs each one it sees."""
    import logging

    seen: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    logger = logging.getLogger("streamlit.deprecation_util")
    handler = Collect(level=logging.WARNING)
    logger.addHandler(handler)
    yield
    logger.removeHandler(handler)
    assert seen == [], f"Streamlit deprecation warnings: {seen[:3]}"
