"""Several replicas behind HAProxy (``python -m dashboard serve --replicas 2``): a reader
sticks to one replica by a cookie (pages, websocket, download), and when a replica is
killed new readers are still served. Plus the generated HAProxy config and the one-line
message when HAProxy is missing."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser import assert_no_errors, wait_done
from conftest import REQUIRE_BROWSER_ENV, ROOT

from dashboard import cli, replicas
from dashboard.harness import SERVE, free_port

READY = "Serving the dashboard at "
#: one line of HAProxy's log (deploy/haproxy.cfg.template: log-format)
LOGGED = re.compile(r'^haproxy \| \S+ replicas/(\S+) (\d+) "(\S+) (\S+) ')


def _need_haproxy() -> str:
    found = replicas.find_haproxy()
    if found is None:
        if os.environ.get(REQUIRE_BROWSER_ENV) == "1":  # CI installs it (.ci/run)
            pytest.fail(replicas.NOT_INSTALLED)
        pytest.skip(replicas.NOT_INSTALLED)
    return found


@dataclass
class Front:
    url: str
    pids: dict[str, int]
    log: Path

    def requests(self) -> list[tuple[str, str, str]]:
        """(replica, status, path) of every request HAProxy has logged from the first page
        on (HAProxy's lines come in order; the command's own start-up probe comes before)."""
        lines = self.log.read_text(encoding="utf-8").splitlines()
        logged = [(m[1], m[2], m[4]) for line in lines if (m := LOGGED.match(line))]
        first = next(i for i, (_, _, path) in enumerate(logged) if path == "/")
        return logged[first:]


def _wait_ready(proc: subprocess.Popen, log: Path, deadline: float = 120) -> str:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        text = log.read_text(encoding="utf-8")
        if READY in text:
            return text
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    raise RuntimeError(f"the replicas command did not start; see {log}")


def _stop(proc: subprocess.Popen, pids: dict[str, int]) -> None:
    """SIGINT as Ctrl-C would; SIGKILL whatever is left, even if the command hung."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # its children die with it (PDEATHSIG)
            proc.wait(timeout=10)
    for pid in pids.values():
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            continue
        pytest.fail(f"replica pid {pid} was still running after the command stopped")


@pytest.fixture(scope="module")
def front(artifacts: Path) -> Iterator[Front]:
    _need_haproxy()
    port, log = free_port(), artifacts / "replicas.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([*SERVE, "--replicas", "2", "--port", str(port)], cwd=ROOT,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        pids: dict[str, int] = {}
        try:
            text = _wait_ready(proc, log)
            pids = {name: int(pid) for name, pid in re.findall(r"replica (r\d): pid (\d+)", text)}
            assert sorted(pids) == ["r1", "r2"], text
            yield Front(f"http://127.0.0.1:{port}", pids, log)
        finally:
            _stop(proc, pids)
    assert "Stopping..." in log.read_text(encoding="utf-8")


def _replicas_seen(page) -> list[str]:
    seen: list[str] = []
    page.on("response", lambda r: seen.append(r.headers.get("x-dashboard-replica", "none")))
    return seen


@pytest.mark.browser
def test_a_reader_sticks_to_one_replica_and_new_readers_survive_a_killed_one(chromium, front):
    context = chromium.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        seen = _replicas_seen(page)
        page.goto(front.url + "/")
        wait_done(page)
        assert_no_errors(page)
        cookie = {c["name"]: c for c in context.cookies()}[replicas.COOKIE]
        mine = cookie["value"]
        assert mine in front.pids and cookie["httpOnly"], cookie
        # one more page, a new run of the script: the same replica
        page.goto(front.url + "/data?dataset=statements")
        wait_done(page)
        assert_no_errors(page)
        # the CSV is made on demand by the replica that ran the page, then fetched from its
        # /media/: on the other replica that URL would be a 404
        with page.expect_download() as info:
            page.get_by_role("button", name="Download these rows (CSV").click()
        download = info.value
        assert download.failure() is None
        assert Path(download.path()).read_text(encoding="utf-8").startswith("statement_id,")
        assert seen and set(seen) == {mine}, seen
        logged = front.requests()
        assert {r for r, _, path in logged if path.startswith("/_stcore/stream")} == {mine}
        assert any(path.startswith("/media/") and status == "200" and r == mine
                   for r, status, path in logged), logged
        assert {r for r, _, _ in logged} == {mine}, "requests of one reader on two replicas"
    finally:
        context.close()

    os.kill(front.pids[mine], signal.SIGKILL)
    other = next(name for name in front.pids if name != mine)
    fresh = chromium.new_context()
    try:
        page = fresh.new_page()
        seen = _replicas_seen(page)
        page.goto(front.url + "/timeline")
        wait_done(page)
        assert_no_errors(page)
        assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip()
        assert page.get_by_text("US–Russia Dialogue Dashboard").count() >= 1
        assert set(seen) == {other}, seen
    finally:
        fresh.close()
    # and the health checks have taken the dead replica out (1 s apart, 2 failures)
    end = time.monotonic() + 15
    while f"Server replicas/{mine} is DOWN" not in front.log.read_text(encoding="utf-8"):
        assert time.monotonic() < end, "HAProxy did not mark the killed replica down"
        time.sleep(0.2)


def test_the_generated_config_is_valid_haproxy(tmp_path):
    haproxy = _need_haproxy()
    for base in ("", "/briefing/dashboard"):
        config = tmp_path / "haproxy.cfg"
        config.write_text(replicas.render_config("127.0.0.1:8501", {"r1": 41001, "r2": 41002},
                                                 base))
        check = subprocess.run([haproxy, "-c", "-f", str(config)], capture_output=True,
                               text=True, timeout=30)
        assert check.returncode == 0, check.stdout + check.stderr
        text = config.read_text()
        assert "server r2 127.0.0.1:41002 cookie r2" in text
        assert f"uri {base}/_stcore/health " in text
        assert "cookie DASHBOARD_REPLICA insert indirect nocache httponly" in text


def test_without_haproxy_the_command_says_how_to_install_it_in_one_line(monkeypatch, capsys):
    assert replicas.find_haproxy(path="", extra_dirs=()) is None
    monkeypatch.setattr(replicas, "find_haproxy", lambda: None)
    assert cli.main(["serve", "--replicas", "2", "--port", "8599"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == replicas.NOT_INSTALLED + "\n"
    assert "apt-get install haproxy" in err


def test_haproxy_is_found_outside_path(tmp_path):
    fake = tmp_path / "haproxy"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    assert replicas.find_haproxy(path="", extra_dirs=[str(tmp_path)]) == str(fake)


def test_options_for_the_front_and_for_streamlit_are_told_apart():
    args, rest = replicas.parse(["--replicas", "3", "--server.port", "9000", "--theme.base",
                                 "dark", "--server.address=0.0.0.0",
                                 "--server.baseUrlPath", "/a/b/"])
    assert (args.replicas, args.port, args.address) == (3, 9000, "0.0.0.0")
    assert rest == ["--theme.base", "dark", "--server.baseUrlPath", "/a/b/"]
    assert replicas.base_path(rest) == "/a/b"
    args, _ = replicas.parse(["--replicas=2", "--port", "8600", "--server.port", "9000"])
    assert (args.port, args.address) == (8600, "127.0.0.1")
