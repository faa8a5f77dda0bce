"""What the app caches is shared by every session: nothing one session does to what it got
changes what another gets, and any change to a data file is seen."""

from __future__ import annotations

import os
import shutil
import time

import pytest
from conftest import DATA_DIR

from dashboard import filters
from dashboard.ui import data


@pytest.fixture
def version(monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(DATA_DIR))
    return data.version()


def test_changing_a_frame_one_session_got_changes_nothing_for_another(version):
    first = data.datasets(version)
    meetings = first.meetings
    title = meetings.loc[0, "title"]
    meetings.loc[0, "title"] = "changed by one session"
    first.frames["meetings"] = meetings.iloc[0:0]
    again = data.datasets(version)
    assert again.meetings.loc[0, "title"] == title and len(again.meetings) > 1

    records = data.all_records(version)
    kept = records["title"].iloc[0]
    records["title"] = "x"
    assert data.all_records(version)["title"].iloc[0] == kept


def test_a_filter_state_result_is_handed_out_as_a_copy(version):
    vocab = data.timeline_vocabulary(version, len(data.story_steps(version)))
    state = filters.defaults(vocab)
    matching, chart, cited = data.timeline_lanes(version, state, None)
    n = len(matching)
    matching.loc[:, "title"] = "changed"
    matching.drop(columns="title")
    again = data.timeline_lanes(version, state, None)[0]
    assert len(again) == n and (again["title"] != "changed").all()
    with pytest.raises(TypeError):  # the chart is frozen
        chart.update_layout(height=1)
    assert isinstance(cited, frozenset)


def test_read_only_lookups_cannot_be_changed(version):
    labels = data.source_labels(version)
    with pytest.raises(TypeError):
        labels["src-x"] = ("x",)  # type: ignore[index]


def test_any_changed_data_file_gives_a_new_version(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(folder))
    before = data.version()
    later = time.time() + 5
    for name in ("borders.geojson", "cards/meetings.md", "meetings.csv"):
        os.utime(folder / name, (later, later))
        data.forget_signatures()  # instead of waiting for the look-up to expire
        after = data.version()
        assert after != before, name
        before = after
