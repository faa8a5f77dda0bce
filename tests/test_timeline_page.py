"""AppTest over the timeline page: filters drive the chart, state lives in the URL."""

from __future__ import annotations

import json

import pytest
from conftest import DATA_DIR
from streamlit.testing.v1 import AppTest

from dashboard import filters, story, timeline
from dashboard.datasets import load_datasets
from dashboard.records import all_records

PAGE = "pages/timeline.py"


@pytest.fixture(scope="module")
def events():
    records = all_records(load_datasets(DATA_DIR))
    return records[records["kind"].isin(timeline.TIMELINE_KINDS)]


@pytest.fixture
def page(app_test):
    def run(**params) -> AppTest:
        return app_test(PAGE, DATA_DIR, params).run()

    return run


def chart_ids(at: AppTest) -> set[str]:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return {cid for trace in spec["data"] if trace.get("name") != "Selected record"
            for cid in trace.get("customdata", [])}


def expected(events, **changes) -> set[str]:
    vocab = filters.vocabulary(events)
    state = filters.Filters(**{**filters.defaults(vocab).__dict__, **changes})
    return set(filters.apply(events, state)["record_id"])


def test_default_view_draws_the_period_in_depth(page, events):
    at = page()
    assert not at.exception
    ids = chart_ids(at)
    assert ids == expected(events) and len(ids) > 100
    assert at.selectbox(key="f_preset").value == filters.DEFAULT_PRESET
    assert len(at.get("plotly_chart")) == 2  # the lanes and talks vs troops
    assert dict(at.query_params) == {}


def test_side_filter(page, events):
    at = page()
    at.multiselect(key="f_sides").set_value(["Russia"]).run()
    assert chart_ids(at) == expected(events, sides=("Russia",))
    assert at.query_params["side"] == "Russia"


def test_type_filter(page, events):
    at = page()
    at.multiselect(key="f_kinds").set_value(["Meeting"]).run()
    assert chart_ids(at) == expected(events, kinds=("Meeting",))
    assert at.query_params["kind"] == "Meeting"


def test_actor_filter(page, events):
    at = page()
    at.multiselect(key="f_actors").set_value(["wendy-sherman"]).run()
    ids = chart_ids(at)
    assert ids == expected(events, actors=("wendy-sherman",)) and ids
    assert at.query_params["actor"] == "wendy-sherman"


def test_people_are_listed_once_with_their_role(page):
    at = page()
    options = at.multiselect(key="f_actors").options
    assert len(options) == len(set(options)) > 50
    assert "Sergey Lavrov — Minister of Foreign Affairs of Russia" in options
    assert not [o for o in options if o.startswith(("at ", "met ")) or "(" in o.split(" — ")[0]]


def test_topic_filter(page, events):
    at = page()
    at.multiselect(key="f_topics").set_value(["missiles"]).run()
    assert chart_ids(at) == expected(events, topics=("missiles",))


def test_text_search(page, events):
    at = page()
    at.text_input(key="f_text").input("open door").run()
    ids = chart_ids(at)
    assert ids == expected(events, text="open door") and ids
    assert at.query_params["q"] == "open door"


def test_all_dates_preset_draws_every_event(page, events):
    at = page(preset="all")
    assert chart_ids(at) == set(events["record_id"])


def test_preset_moves_the_date_range(page, events):
    at = page()
    at.selectbox(key="f_preset").set_value("crisis").run()
    ids = chart_ids(at)
    preset = filters.PRESET_KEYS["crisis"]
    assert ids == expected(events, start=preset.start, end=preset.end)
    assert at.query_params["preset"] == "crisis"


def test_empty_result_says_so(page):
    at = page(q="zzzz no such words zzzz")
    assert not at.exception
    assert any("No records match" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 1  # talks vs troops still drawn


def test_url_params_set_the_filters(page, events):
    at = page(side="US", kind="Statement", q="Geneva")
    assert at.multiselect(key="f_sides").value == ["US"]
    assert at.multiselect(key="f_kinds").value == ["Statement"]
    assert at.text_input(key="f_text").value == "Geneva"
    assert chart_ids(at) == expected(events, sides=("US",), kinds=("Statement",), text="Geneva")


@pytest.mark.parametrize("params", [
    {"from": "2022-02-31"}, {"preset": "<script>"}, {"side": "Mars"}, {"record": "nope"},
    {"story": "0"}, {"story": "abc"}, {"from": "2023-01-01", "to": "2021-01-01"},
    {"q": "x" * 1000}, {"kind": "%00"}, {"unknown": "1"},
])
def test_malformed_params_fall_back_with_a_notice(page, params):
    at = page(**params)
    assert not at.exception
    assert any("could not be followed" in i.value for i in at.info)


def test_record_param_opens_the_record_with_readable_fields_and_sources(page):
    at = page(record="m-20220110-ssd-extraordinary")
    assert not at.exception
    text = " ".join(m.value for m in at.markdown).replace("\\", "")  # Markdown escapes
    assert "## 10 Jan 2022: Extraordinary session of the US-Russia Strategic" in text
    assert any("m-20220110-ssd-extraordinary" in c.value for c in at.caption)
    assert "](https://" in text  # clickable source links, grouped by tier
    assert "*Official texts, transcripts and readouts*" in text
    # readable values: people as a list with their roles, formats and topics in words
    assert "- Wendy Sherman, US Deputy Secretary of State" in text
    assert "**Format**: Talks in person" in text and "in_person" not in text
    assert "Latitude" not in text and "security guarantees" in text


def test_a_position_opens_in_the_detail_panel(page):
    """The positions page links each position to the timeline, though it has no lane."""
    at = page(record="pos-002")
    assert not at.info or not any("not found" in i.value for i in at.info)
    assert any("pos-002" in c.value for c in at.caption)


def test_story_mode_steps_and_updates_the_url(page):
    steps = story.steps(load_datasets(DATA_DIR).story)
    at = page(story="3")
    assert at.toggle[0].value is True
    assert steps[2].title in [s.value for s in at.header]
    next_button = next(b for b in at.button if b.label == "Next →")
    next_button.click().run()
    assert at.query_params["story"] == "4"
    assert steps[3].title in [s.value for s in at.header]
    # the terms the step uses are defined one per line
    terms = next(m.value for m in at.markdown if m.value.startswith("**Terms in this step**"))
    assert terms.count("\n- **") >= 1


def test_a_story_record_opens_beside_the_chart(page):
    at = page(story="9")
    opener = next(b for b in at.button if b.label == "Open")
    opener.click().run()
    assert at.query_params["record"]
    assert any(m.value.startswith("## ") for m in at.markdown)
