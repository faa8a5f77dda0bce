"""The validated-data snapshot: the same frames as checking the files, rebuilt when any file
in the data folder changes, never half-written, never inside the data folder."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from conftest import DATA_DIR, FIXTURES

from dashboard import datasets, snapshot


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(snapshot.CACHE_ENV, str(folder))
    return folder


def assert_same(got: datasets.Datasets, expected: datasets.Datasets) -> None:
    assert list(got.frames) == list(expected.frames)
    for name, frame in expected.frames.items():
        pd.testing.assert_frame_equal(got.frames[name], frame, check_exact=True,
                                      check_dtype=True, check_index_type=True,
                                      check_column_type=True, check_flags=True)
        assert list(got.frames[name].dtypes) == list(frame.dtypes), name
    assert got.problems == expected.problems
    assert got.broken == expected.broken
    assert got.data_dir == expected.data_dir


def refuse_to_check(monkeypatch) -> None:
    def fail(*args, **kwargs):
        raise AssertionError("checked the files again instead of reading the snapshot")
    monkeypatch.setattr(snapshot, "load_datasets", fail)


@pytest.mark.parametrize("folder", [DATA_DIR, FIXTURES / "broken"], ids=["data", "broken"])
def test_the_snapshot_gives_exactly_what_checking_the_files_gives(folder, cache, monkeypatch):
    checked = datasets.load_datasets(folder)
    first = snapshot.load(folder)  # writes the snapshot
    assert_same(first, checked)
    assert snapshot.path_for(folder).exists()
    refuse_to_check(monkeypatch)
    assert_same(snapshot.load(folder), checked)


def test_it_is_written_outside_the_data_folder_and_whole(cache):
    path = snapshot.path_for(DATA_DIR)
    snapshot.load(DATA_DIR)
    assert path.parent == cache and DATA_DIR not in path.parents
    assert [p.name for p in cache.iterdir()] == [path.name]  # no temporary file left


@pytest.mark.parametrize("changed", ["meetings.csv", "borders.geojson", "cards/meetings.md"])
def test_changing_any_data_file_makes_a_new_snapshot(changed, tmp_path, cache, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    before = snapshot.load(folder)
    old = snapshot.path_for(folder)
    path = folder / changed
    if changed == "meetings.csv":
        path.write_text(path.read_text(encoding="utf-8").replace(
            before.meetings.loc[before.meetings.index[0], "title"], "A changed title", 1),
            encoding="utf-8")
    else:
        path.write_bytes(path.read_bytes() + b"\n")
    assert snapshot.path_for(folder) != old
    after = snapshot.load(folder)
    assert_same(after, datasets.load_datasets(folder))
    if changed == "meetings.csv":
        assert after.meetings.loc[after.meetings.index[0], "title"] == "A changed title"
    assert not old.exists()  # only the newest snapshot of a folder is kept
    assert snapshot.path_for(folder).exists()


def test_a_damaged_snapshot_is_checked_again_and_rewritten(cache):
    snapshot.load(DATA_DIR)
    path = snapshot.path_for(DATA_DIR)
    path.write_bytes(path.read_bytes()[:100])
    assert_same(snapshot.load(DATA_DIR), datasets.load_datasets(DATA_DIR))
    assert path.stat().st_size > 100


def test_an_unwritable_cache_still_serves_the_data(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(snapshot.CACHE_ENV, str(blocked / "cache"))
    assert_same(snapshot.load(DATA_DIR), datasets.load_datasets(DATA_DIR))


def test_the_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(snapshot.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert snapshot.cache_dir() == tmp_path / "dashboard"
