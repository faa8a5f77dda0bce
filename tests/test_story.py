"""Story mode and glossary: steps resolve to real records and explain their terms."""

from __future__ import annotations

import pytest
from conftest import DATA_DIR

from dashboard import glossary, story
from dashboard.datasets import load_datasets
from dashboard.records import all_records


@pytest.fixture(scope="module")
def record_ids():
    return set(all_records(load_datasets(DATA_DIR))["record_id"])


def test_at_least_twelve_steps_in_order():
    assert len(story.STEPS) >= 12
    starts = [s.start for s in story.STEPS]
    assert starts == sorted(starts)
    assert all(s.start <= s.end for s in story.STEPS)
    assert story.STEPS[-1].end.isoformat() == "2022-02-24"


@pytest.mark.parametrize("step", story.STEPS, ids=[s.title for s in story.STEPS])
def test_every_step_rests_on_existing_records(step, record_ids):
    assert step.record_ids
    assert set(step.record_ids) <= record_ids, set(step.record_ids) - record_ids


def test_key_meetings_belong_to_their_steps():
    for step in story.STEPS:
        if step.key_meeting:
            assert step.key_meeting in step.record_ids and step.label
    assert len(story.key_meetings()) >= 8


def test_glossary_covers_the_brief_terms():
    names = {t.term for t in glossary.TERMS}
    assert {"SSD", "INF", "New START", "BTG", "NRC", "OSCE", "Bucharest formula",
            "1997 Founding Act", "open door"} <= names
    for term in glossary.TERMS:
        assert term.sources and all(url.startswith("https://") for _, url in term.sources)


def test_terms_are_found_where_they_appear():
    found = [t.term for t in glossary.terms_in("The SSD met; BTGs massed; NATO's open door.")]
    assert found == ["SSD", "BTG", "open door"]
    assert glossary.terms_in("nothing technical here") == []
    # whole words only: "OSCEAN" is not "OSCE"
    assert glossary.terms_in("OSCEAN") == []


def test_story_uses_glossary_terms():
    used = {t.term for s in story.STEPS for t in s.terms()}
    assert {"SSD", "BTG", "NRC", "OSCE", "open door", "1997 Founding Act"} <= used
