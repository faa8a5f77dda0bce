"""The server's native heap gives freed memory back (glibc: Debian, CI)."""

from __future__ import annotations

import ctypes
import gc
import os
import subprocess
import sys
import threading
import weakref

import pytest

from dashboard import heap


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def test_a_trim_hands_freed_pages_in_the_middle_of_the_heap_back():
    libc = heap._libc()
    if libc is None:
        pytest.fail("no glibc: the server would keep every freed page")
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    blocks = [libc.malloc(4096) for _ in range(40_000)]  # 160 MB below the mmap threshold
    for block in blocks:
        ctypes.memset(block, 1, 4096)  # touched: resident
    for block in blocks[:-1]:  # the last one pins the heap's top: no shrinking from the end
        libc.free(block)
    before = _rss_mb()
    assert heap.trim()
    after = _rss_mb()
    libc.free(blocks[-1])
    assert before - after > 100, (before, after)


def test_arenas_are_limited_and_one_trimming_thread_runs():
    assert heap.limit_arenas()
    assert heap.trim_periodically(every_s=3600) and heap.trim_periodically(every_s=3600)
    named = [t for t in threading.enumerate() if t.name == "dashboard-heap-trim"]
    assert len(named) == 1 and named[0].daemon


def test_the_server_puts_arrow_on_the_trimmed_allocator():
    code = ("from dashboard import heap; heap.arrow_on_system_malloc(); import pyarrow; "
            "print(pyarrow.default_memory_pool().backend_name)")
    env = {k: v for k, v in os.environ.items()
           if k != "ARROW_DEFAULT_MEMORY_POOL"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True, timeout=60).stdout.split()
    assert out == ["system"]


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only a collection frees it


def test_tidy_frees_the_cycles_a_run_left_without_the_automatic_collector():
    was_enabled = gc.isenabled()
    gc.disable()  # as a server between the collector's (rare) full passes
    try:
        node = _Node()
        alive = weakref.ref(node)
        del node
        assert alive() is not None  # a cycle: not freed by reference counting
        assert heap.tidy() >= 1
        assert alive() is None
    finally:
        if was_enabled:
            gc.enable()


def test_sweepers_run_once_each_and_report_what_they_freed(monkeypatch):
    monkeypatch.setattr(heap, "_sweepers", [])
    calls = []

    def freed_two() -> int:
        calls.append("two")
        return 2

    heap.sweeper(freed_two)
    heap.sweeper(freed_two)  # once per function
    heap.sweeper(lambda: 0)
    assert heap.sweep() == 2 and calls == ["two"]


def test_the_server_sweeps_expired_sessions():
    import inspect

    from dashboard import cli, compat

    assert "heap.sweeper(compat.shut_down_expired_sessions)" in inspect.getsource(cli.serve)
    assert "compat.forget_stale_widget_metadata()" in inspect.getsource(cli.serve)
    assert callable(compat.shut_down_expired_sessions)
