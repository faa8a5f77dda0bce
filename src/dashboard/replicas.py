"""Several app servers behind HAProxy: ``python -m dashboard serve --replicas N``.

Starts N replicas of the app, each the same ``python -m dashboard serve`` as ``make run``
on its own free loopback port, renders ``deploy/haproxy.cfg.template`` into a temporary
folder and runs HAProxy in the foreground in front of them: websockets, session affinity
by a cookie (``DASHBOARD_REPLICA``), health checks on Streamlit's ``/_stcore/health``. Each
child runs in its own process group and is told to stop when this process dies; SIGINT
(Ctrl-C) or SIGTERM stops them all, and so does HAProxy's exit. A replica that dies is
reported and left out by HAProxy's health checks; it is not restarted. docs/DEPLOY.md
describes the same layout across several machines.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import IO

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "haproxy.cfg.template"
COOKIE = "DASHBOARD_REPLICA"
#: the response header naming the replica that answered (set by HAProxy)
REPLICA_HEADER = "X-Dashboard-Replica"
NOT_INSTALLED = "haproxy is not installed: sudo apt-get install haproxy (Debian/Ubuntu)"
#: Debian installs haproxy in /usr/sbin, which is not on every user's PATH
SBIN_DIRS = ("/usr/sbin", "/usr/local/sbin", "/sbin")
SERVE = [sys.executable, "-m", "dashboard", "serve"]
#: before the caller's options, which override them (the last occurrence wins)
REPLICA_FLAGS = ["--server.headless", "true", "--browser.gatherUsageStats", "false",
                 "--server.fileWatcherType", "none"]
#: what a replica prints about its own address: readers use HAProxy's instead
HIDDEN = ("You can now view your Streamlit app", "URL: http")
_PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform == "linux" else None


def find_haproxy(path: str | None = None, extra_dirs: Sequence[str] = SBIN_DIRS) -> str | None:
    """The haproxy executable on ``path`` (default: $PATH), else in ``extra_dirs``."""
    found = shutil.which("haproxy", path=path)
    if found:
        return found
    candidates = (Path(folder) / "haproxy" for folder in extra_dirs)
    return next((str(c) for c in candidates if c.is_file() and os.access(c, os.X_OK)), None)


def pop_option(args: Sequence[str], name: str) -> tuple[str | None, list[str]]:
    """The value of option ``name`` in ``args`` (``--name value`` or ``--name=value``; the
    last one wins) and ``args`` without it."""
    value, rest, i = None, [], 0
    while i < len(args):
        if args[i] == name and i + 1 < len(args):
            value, i = args[i + 1], i + 2
            continue
        if args[i].startswith(name + "="):
            value = args[i].split("=", 1)[1]
        else:
            rest.append(args[i])
        i += 1
    return value, rest


def base_path(streamlit_args: Sequence[str]) -> str:
    """The app's path prefix (``--server.baseUrlPath``) as ``/a/b``, or empty."""
    value, _ = pop_option(streamlit_args, "--server.baseUrlPath")
    return "/" + value.strip("/") if value and value.strip("/") else ""


def render_config(bind: str, servers: dict[str, int], base: str = "",
                  template: Path = TEMPLATE, host: str = "127.0.0.1") -> str:
    """HAProxy's configuration: ``template`` with the front address, the path prefix and
    one ``server`` line per replica (name -> port on ``host``). Comments stay as written."""
    lines = "\n".join(f"    server {name} {host}:{port} cookie {name}"
                      for name, port in servers.items())
    values = {"bind": bind, "base": base, "servers": lines}
    return "\n".join(line if line.lstrip().startswith("#") else
                     Template(line).substitute(values)
                     for line in template.read_text(encoding="utf-8").splitlines()) + "\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ok(url: str, deadline: float, watch: Sequence[subprocess.Popen] = ()) -> None:
    """Wait until ``url`` answers 200; fail early when a watched process exits."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if any(proc.poll() is not None for proc in watch):
            raise RuntimeError(f"a process exited while waiting for {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {deadline:.0f} s")


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the process that started it dies, however
    (Linux counts the thread that started it: start a Deployment from a lasting thread)."""
    if _LIBC is not None:
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class Output:
    """Lines of the children on one stream, each prefixed with the child's name."""

    def __init__(self, stream: IO[str] | None) -> None:
        self.stream = stream
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    def say(self, line: str) -> None:
        if self.stream is not None:
            with self._lock:
                self.stream.write(line + "\n")
                self.stream.flush()

    def follow(self, name: str, pipe: IO[str] | None) -> None:
        if pipe is not None:
            thread = threading.Thread(target=self._pump, args=(name, pipe), daemon=True,
                                      name=f"output-{name}")
            thread.start()
            self._threads.append(thread)

    def _pump(self, name: str, pipe: IO[str]) -> None:
        with pipe:
            for line in pipe:
                if line.strip() and not line.strip().startswith(HIDDEN):
                    self.say(f"{name} | {line.rstrip()}")

    def close(self) -> None:
        for thread in self._threads:
            thread.join(timeout=2)


@dataclass
class Replica:
    name: str
    port: int
    proc: subprocess.Popen
    reported: bool = False

    @property
    def pid(self) -> int:
        return self.proc.pid


class Deployment:
    """N replicas and HAProxy in front; :meth:`start`, :meth:`poll`, :meth:`stop`."""

    def __init__(self, replicas: int, port: int, haproxy: str, address: str = "127.0.0.1",
                 streamlit_args: Sequence[str] = (), log: IO[str] | None = sys.stdout) -> None:
        self.count, self.port, self.haproxy, self.address = replicas, port, haproxy, address
        self.streamlit_args = list(streamlit_args)
        self.base = base_path(self.streamlit_args)
        self.output = Output(log)
        self.replicas: list[Replica] = []
        self.balancer: subprocess.Popen | None = None
        self._folder = tempfile.TemporaryDirectory(prefix="dashboard-haproxy-")
        self.config = Path(self._folder.name) / "haproxy.cfg"

    @property
    def url(self) -> str:
        """The front URL, as a reader on this machine would open it."""
        host = "127.0.0.1" if self.address in ("", "0.0.0.0", "*", "::") else self.address
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}{self.base}"

    def _spawn(self, name: str, command: list[str], env: dict[str, str] | None = None
               ) -> subprocess.Popen:
        piped = self.output.stream is not None
        proc = subprocess.Popen(
            command, cwd=ROOT, env=env, start_new_session=True, text=True,
            preexec_fn=_die_with_parent if _LIBC is not None else None,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE if piped else subprocess.DEVNULL,
            stderr=subprocess.STDOUT)
        self.output.follow(name, proc.stdout)
        return proc

    def start(self, deadline: float = 120) -> None:
        """Start the replicas, wait until each is healthy, then start HAProxy in front."""
        env = dict(os.environ)
        # one secret for all, so that a cookie Streamlit signs is valid on every replica
        env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
        for number in range(1, self.count + 1):
            port = free_port()
            command = [*SERVE, "--server.port", str(port), "--server.address", "127.0.0.1",
                       *REPLICA_FLAGS, *self.streamlit_args]
            self.replicas.append(Replica(f"r{number}", port, self._spawn(f"r{number}",
                                                                        command, env)))
        for replica in self.replicas:
            wait_ok(f"http://127.0.0.1:{replica.port}{self.base}/_stcore/health", deadline,
                    [replica.proc])
            self.output.say(f"replica {replica.name}: pid {replica.pid}, "
                            f"http://127.0.0.1:{replica.port}{self.base}/ (healthy)")
        bind = f"{self.address or '*'}:{self.port}"
        self.config.write_text(render_config(bind, {r.name: r.port for r in self.replicas},
                                             self.base), encoding="utf-8")
        self.balancer = self._spawn("haproxy", [self.haproxy, "-db", "-f", str(self.config)])
        wait_ok(f"{self.url}/_stcore/health", 30, [self.balancer])
        self.output.say(f"haproxy: pid {self.balancer.pid}, config {self.config}")

    def poll(self) -> int | None:
        """None while serving; an exit code once HAProxy or every replica has exited."""
        for replica in self.replicas:
            if replica.proc.poll() is not None and not replica.reported:
                replica.reported = True
                self.output.say(f"replica {replica.name} (pid {replica.pid}) exited with code "
                                f"{replica.proc.returncode}; HAProxy sends its readers to the "
                                "others")
        if self.balancer is not None and self.balancer.poll() is not None:
            self.output.say(f"haproxy exited with code {self.balancer.returncode}")
            return self.balancer.returncode or 1
        if self.replicas and all(r.proc.poll() is not None for r in self.replicas):
            self.output.say("every replica has exited")
            return 1
        return None

    def kill(self, name: str) -> int:
        """SIGKILL replica ``name`` (only its main process, as a crash would); its PID."""
        replica = next(r for r in self.replicas if r.name == name)
        os.kill(replica.pid, signal.SIGKILL)
        return replica.pid

    def stop(self, grace: float = 10) -> None:
        """Stop HAProxy, then every replica (their whole process groups); wait for them."""
        procs = [p for p in [self.balancer, *(r.proc for r in self.replicas)] if p is not None]
        for proc in procs:
            _signal_group(proc, signal.SIGTERM)
        end = time.monotonic() + grace
        for proc in procs:
            try:
                proc.wait(timeout=max(end - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                pass
        for proc in procs:  # anything left in a group, even after its leader has gone
            _signal_group(proc, signal.SIGKILL)
            proc.wait()
        self.output.close()
        self._folder.cleanup()

    def __enter__(self) -> Deployment:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _signal_group(proc: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(proc.pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


class _Stop(Exception):
    """SIGINT or SIGTERM arrived."""


def _raise_stop(signum: int, frame: object) -> None:
    raise _Stop(signum)


def parse(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """``--replicas N [--port P] [--address A]`` and the options for ``streamlit run``
    (``--server.port`` and ``--server.address`` there mean the front's port and address)."""
    parser = argparse.ArgumentParser(
        prog="python -m dashboard serve", allow_abbrev=False,
        description="N app servers on loopback ports behind HAProxy (sticky sessions by "
        "cookie, websockets, health checks); other options go to 'streamlit run'.")
    parser.add_argument("--replicas", type=int, required=True, help="app servers (1 or more)")
    parser.add_argument("--port", type=int, default=None, help="HAProxy's port (8501)")
    parser.add_argument("--address", default=None, help="HAProxy's address (127.0.0.1)")
    args, rest = parser.parse_known_args(list(argv))
    port, rest = pop_option(rest, "--server.port")
    address, rest = pop_option(rest, "--server.address")
    args.port = args.port or int(port or 8501)
    args.address = args.address if args.address is not None else (address or "127.0.0.1")
    if args.replicas < 1:
        parser.error("--replicas must be 1 or more")
    return args, rest


def main(argv: Sequence[str], find: Callable[[], str | None] | None = None,
         log: IO[str] = sys.stdout) -> int:
    """Run the deployment until SIGINT/SIGTERM or until HAProxy exits; exit code. ``find``
    looks HAProxy up (default: :func:`find_haproxy`)."""
    args, rest = parse(argv)
    haproxy = (find or find_haproxy)()
    if haproxy is None:
        print(NOT_INSTALLED, file=sys.stderr)
        return 2
    previous = {s: signal.signal(s, _raise_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    deployment = Deployment(args.replicas, args.port, haproxy, args.address, rest, log)
    code: int | None = None
    try:
        deployment.start()
        deployment.output.say(f"Serving the dashboard at {deployment.url}/ ({args.replicas} "
                              f"replica(s) behind HAProxy, sticky by the {COOKIE} cookie); "
                              "Ctrl-C stops everything")
        while code is None:
            time.sleep(0.5)
            code = deployment.poll()
    except _Stop:
        code = 0
    except RuntimeError as err:
        print(f"could not start: {err}", file=sys.stderr)
        code = 1
    finally:
        for signum in previous:
            signal.signal(signum, signal.SIG_IGN)
        deployment.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return code
