"""The server's native heap: fewer malloc arenas, free pages handed back to the system.

Streamlit runs every script run in a new thread. glibc gives threads their own malloc
arenas (up to eight per core), and memory freed in an arena stays in the process until
the arena's top is free, so a server's resident memory kept rising under a day of readers
while the Python objects alive stayed flat (``tracemalloc``: 116 → 118 MB over 270 s of
25 readers, RSS 562 → 581 MB; docs/PERFORMANCE.md, "Memory"). Two arenas and a trim every
``TRIM_EVERY_S`` seconds reduce it (20-minute soak: 695 → 409 MB). Both are glibc calls;
elsewhere they do nothing.
Arrow (every table a page sends is turned into Arrow) allocates from its own mimalloc
pool, which a trim does not reach: the server puts it on the system allocator.

The server runs no full garbage collection after each script run (``runner.postScriptGC``
is off: it cost most of a rerun) and the long-lived heap is frozen, so reference cycles a
run leaves wait for Python's own, rarer full passes. The same thread therefore runs the
hooks registered with :func:`before_tidy` (the shared frames' dead copy-on-write
references, :mod:`dashboard.ui.data`), collects, then trims (:func:`tidy`). Under a
25-reader load this slowed the growth of the objects alive but did not stop it
(docs/PERFORMANCE.md, "Memory: what grows during a soak"): Streamlit's sessions held it
(docs/PERFORMANCE.md, "Memory: the holder found"; fixed in :mod:`dashboard.compat`).
Functions registered with
:func:`sweeper` run every ``SWEEP_EVERY_S`` seconds (the expired sessions' shutdown); when
one frees something, the thread tidies at once rather than at the next period.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import os
import threading
import time
from collections.abc import Callable

M_ARENA_MAX = -8  # glibc's <malloc.h>
ARENAS = 2
TRIM_EVERY_S = 30.0
SWEEP_EVERY_S = 5.0
_started = threading.Event()
#: what else to tidy before each collection (functions without arguments)
_before_tidy: list[Callable[[], object]] = []
#: what to look at between tidies (functions returning how many things they freed)
_sweepers: list[Callable[[], int]] = []


def before_tidy(fn: Callable[[], object]) -> None:
    """Run ``fn()`` at each :func:`tidy`, before the collection (once per function)."""
    if fn not in _before_tidy:
        _before_tidy.append(fn)


def sweeper(fn: Callable[[], int]) -> None:
    """Run ``fn()`` every :data:`SWEEP_EVERY_S` seconds; when it returns more than 0 (it
    freed something), tidy right after (once per function)."""
    if fn not in _sweepers:
        _sweepers.append(fn)


def sweep() -> int:
    """Run every :func:`sweeper`; how many things they freed."""
    return sum(fn() for fn in list(_sweepers))


@functools.cache  # find_library runs ldconfig: once per process, not every trim
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def arrow_on_system_malloc() -> None:
    """Arrow's buffers from malloc (so trimmed with the rest); before pyarrow is imported."""
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")


def limit_arenas(arenas: int = ARENAS) -> bool:
    """At most ``arenas`` malloc arenas for the threads created from now on; True if set."""
    libc = _libc()
    return bool(libc and libc.mallopt(M_ARENA_MAX, arenas) == 1)


def trim() -> bool:
    """Hand the free pages of every arena back to the system; True if any were."""
    libc = _libc()
    return bool(libc and libc.malloc_trim(0) == 1)


def tidy() -> int:
    """Collect the reference cycles the script runs left, then trim; the number of objects
    collected."""
    for fn in list(_before_tidy):
        fn()
    found = gc.collect()
    trim()
    return found


def trim_periodically(every_s: float = TRIM_EVERY_S, sweep_s: float = SWEEP_EVERY_S) -> bool:
    """A daemon thread that sweeps every ``sweep_s`` seconds and tidies (collects, then
    trims) every ``every_s`` seconds or right after a sweep freed something (once per
    process); False where there is no glibc."""
    if _libc() is None:
        return False
    if not _started.is_set():
        _started.set()

        def loop() -> None:
            last = time.monotonic()
            while True:
                time.sleep(min(sweep_s, every_s))
                if sweep() or time.monotonic() - last >= every_s:
                    tidy()
                    last = time.monotonic()

        threading.Thread(target=loop, name="dashboard-heap-trim", daemon=True).start()
    return True
