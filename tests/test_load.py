"""The load test script, short: concurrent sessions changing pages and filters all get
complete responses without an exception or error box (the full run is `make load`)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_concurrent_sessions_get_complete_responses():
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load.py"), "--sessions", "6", "--seconds", "20"],
        capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "failures 0" in run.stdout
    # every page once in the warm-up session, then each session opened and acted
    responses = int(run.stdout.split("responses: ")[1].split()[0])
    assert responses >= 5 + 5 * 4
