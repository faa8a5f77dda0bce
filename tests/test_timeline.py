"""Timeline builders on small frames: lanes, colours, band values, event markers."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard import estimates, filters, talks_vs_troops, theme, timeline
from dashboard.datasets import load_datasets
from dashboard.records import all_records


@pytest.fixture
def ds(valid_dir):
    return load_datasets(valid_dir)


@pytest.fixture
def events(ds):
    return timeline.lane_events(all_records(ds))


RANGE = (date(2021, 11, 1), date(2022, 2, 28))


def test_lanes_hold_their_kinds_and_leave_positions_out(events):
    assert "Position" not in set(events["kind"])
    lane_of = dict(zip(events["kind"], events["lane"], strict=False))
    assert lane_of["Meeting"] == 0 and lane_of["Statement"] == 1
    assert lane_of["Deployment"] == lane_of["Troop estimate"] == 2
    assert lane_of["Demand"] == lane_of["Response"] == 3
    # every point stays inside its own lane band
    top = len(timeline.LANES) - 1
    assert ((events["y"] - (top - events["lane"])).abs() < 0.5).all()


def test_same_week_records_do_not_overlap():
    records = pd.DataFrame({
        "date": pd.to_datetime(["2022-01-10"] * 5), "kind": ["Statement"] * 5,
        "record_id": [f"s-{i}" for i in range(5)], "side": ["US"] * 5,
    })
    ys = timeline.lane_events(records)["y"]
    assert ys.nunique() == 5


def test_timeline_figure_colours_by_side_and_shapes_meetings_by_format(events):
    fig = timeline.timeline_figure(events, x_range=RANGE, as_of=date(2022, 2, 18),
                                   source="Sources: X")
    traces = {t.name: t for t in fig.data}
    assert traces["United States"].marker.color == theme.side_colour("US")
    assert traces["Russia"].marker.symbol == theme.side_symbol("Russia")
    assert traces["Video call"].marker.symbol == "square"
    assert traces["Talks in person"].marker.symbol == "circle"
    assert sum(len(t.x) for t in fig.data) == len(events)
    assert set(traces["Russia"].customdata) >= {"s-test-002", "dep-test-001"}
    assert "Who met" in fig.layout.title.text


def test_selected_record_is_ringed_and_window_shaded(events):
    fig = timeline.timeline_figure(events, x_range=RANGE, as_of=None, source="S",
                                   selected="s-test-001",
                                   window=(date(2022, 1, 1), date(2022, 1, 15)))
    ring = [t for t in fig.data if t.name == "Selected record"]
    assert len(ring) == 1 and list(ring[0].customdata) == ["s-test-001"]
    assert any(s.type == "rect" for s in fig.layout.shapes)


def test_hover_text_is_escaped():
    records = pd.DataFrame({
        "date": pd.to_datetime(["2022-01-10"]), "kind": ["Statement"], "record_id": ["s-x"],
        "side": ["US"], "title": ["<img src=x onerror=alert(1)>"], "summary": ["<b>s</b>"],
        "format": [None],
    })
    fig = timeline.timeline_figure(timeline.lane_events(records), x_range=RANGE, as_of=None,
                                   source="S")
    hover = fig.data[0].hovertext[0]
    assert "<img" not in hover and "&lt;img src=x" in hover and "&lt;b&gt;s" in hover


def test_large_inputs_switch_to_webgl():
    n = timeline.WEBGL_THRESHOLD + 1
    records = pd.DataFrame({
        "date": pd.date_range("2021-01-01", periods=n, freq="h"), "kind": ["Statement"] * n,
        "record_id": [f"s-{i}" for i in range(n)], "side": ["US"] * n, "title": ["t"] * n,
        "summary": ["s"] * n, "format": [None] * n,
    })
    fig = timeline.timeline_figure(timeline.lane_events(records), x_range=RANGE, as_of=None,
                                   source="S")
    assert fig.data[0].type == "scattergl"


def test_estimate_bands_and_talks_vs_troops(ds):
    bands = estimates.bands(ds.troop_estimates)
    assert list(bands["label"]) == ["175k", "169–190k"]
    fig = talks_vs_troops.talks_vs_troops_figure(
        ds.troop_estimates, ds.meetings, x_range=RANGE, as_of=date(2022, 2, 18),
        source="Sources: X", key_meetings={"m-20220110-test": "Test talks"})
    drawn = [t for t in fig.data  # legend keys carry no records
             if t.customdata is not None and len(t.customdata) and t.yaxis != "y2"]
    by_id = {cid: (y, t) for t in drawn for cid, y in zip(t.customdata, t.y, strict=True)}
    y, trace = by_id["est-test-002"]
    assert y == pytest.approx((169_000 + 190_000) / 2)
    i = list(trace.customdata).index("est-test-002")
    assert trace.error_y.array[i] == pytest.approx(10_500)
    assert trace.error_y.arrayminus[i] == pytest.approx(10_500)
    talks = [t for t in fig.data if t.yaxis == "y2"]
    assert {cid for t in talks for cid in t.customdata} == set(ds.meetings["meeting_id"])
    labels = [a.text for a in fig.layout.annotations]
    assert "Test talks" in labels
    assert any(s.type == "line" for s in fig.layout.shapes)  # guide line for the key meeting
    assert "Talks vs troops" in fig.layout.title.text
    assert any("Data as of 18 February 2022" in a.text for a in fig.layout.annotations)


def test_estimator_with_two_figures_gets_a_band(ds):
    est = pd.concat([ds.troop_estimates, ds.troop_estimates.assign(
        estimate_id="est-test-003", date=pd.Timestamp("2022-02-20"))], ignore_index=True)
    est.loc[2, "estimator"] = "Test ambassador"
    fig = talks_vs_troops.talks_vs_troops_figure(est, ds.meetings.iloc[0:0], x_range=RANGE,
                                          as_of=None, source="S")
    assert any(t.fill == "tonexty" for t in fig.data)


def _many(n: int, kind: str = "Statement") -> pd.DataFrame:
    return pd.DataFrame({
        "date": pd.date_range("2021-03-01", periods=n, freq="20min"), "kind": [kind] * n,
        "record_id": [f"s-{i}" for i in range(n)], "side": ["US"] * n, "title": ["t"] * n,
        "summary": ["s"] * n, "format": [None] * n, "source_ids": [["src-a"]] * n,
        "sides": [["US"]] * n, "actors": [[]] * n, "topics": [[]] * n, "text": ["t"] * n,
    })


def test_many_records_are_counted_per_period_and_a_count_zooms_in():
    n = timeline.AGGREGATE_ABOVE + 1
    records = _many(n)
    state = filters.Filters(start=date(2021, 3, 1), end=date(2021, 6, 30))
    matching, fig = timeline.lanes_view(records, state, bounds=(date(2021, 3, 1),
                                                                date(2021, 6, 30)), source="S")
    assert len(matching) == n
    counts = fig.data[0]
    assert timeline.period_unit((state.start, state.end)) == "day"
    total = sum(int(h.split("<br>")[1].split()[0].replace(",", "")) for h in counts.hovertext)
    assert total == n  # every record is counted once
    assert len(counts.x) == records["date"].dt.normalize().nunique()  # one circle per day
    first = timeline.zoom_range(counts.customdata[0])
    assert first == (date(2021, 3, 1), date(2021, 3, 1))
    assert len(fig.to_json()) < 200_000  # not one point per record
    fewer, points = timeline.lanes_view(records, filters.Filters(start=first[0], end=first[1]),
                                        bounds=(date(2021, 3, 1), date(2021, 6, 30)),
                                        source="S")
    assert points.data[0].customdata[0] == "s-0"  # zoomed in: the records themselves


def test_count_periods_and_bad_zoom_data():
    assert timeline.period_unit((date(2021, 1, 1), date(2022, 6, 1))) == "week"
    assert timeline.period_unit((date(2010, 1, 1), date(2022, 6, 1))) == "month"
    weeks = timeline.counts_figure(_many(800), x_range=(date(2021, 1, 1), date(2022, 6, 1)),
                                   as_of=None, source="S")
    first, last = timeline.zoom_range(weeks.data[0].customdata[0])
    assert first.weekday() == 0 and (last - first).days == 6
    for bad in (None, "s-1", "zoom:", "zoom:2021-13-01:x", ["zoom:2021-01-01:2021-01-02"]):
        assert timeline.zoom_range(bad) is None
