"""Tests over the real data/: the contract, the cards, and the coverage minimums."""

from __future__ import annotations

import csv

import pytest
from conftest import DATA_DIR

from dashboard import cards, registry
from dashboard.datasets import load_datasets


@pytest.fixture(scope="module")
def ds():
    return load_datasets(DATA_DIR)


def test_real_data_has_no_problems(ds):
    assert [str(p) for p in ds.problems] == []


@pytest.mark.parametrize("name", list(registry.DATASETS))
def test_every_file_has_a_card_matching_header_and_schema(name):
    text = cards.read_card(DATA_DIR, name)
    assert text is not None, f"data/cards/{name}.md is missing"
    with (DATA_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert cards.card_columns(text) == header == registry.DATASETS[name].columns
    for section in ("One row is", "How the rows were gathered", "caveats", "License"):
        assert section in text, f"{name} card lacks '{section}'"


def test_data_readme_lists_every_file():
    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for name in registry.DATASETS:
        assert f"`{name}.csv`" in text


def test_every_source_is_cited(ds):
    cited = {sid for name, frame in ds.frames.items() if name != "sources"
             for ids in frame["source_ids"] for sid in ids}
    assert set(ds.sources["source_id"]) - cited == set()


def test_coverage_minimums(ds):
    assert len(ds.meetings) >= 45
    sides = ds.statements["side"].value_counts()
    assert len(ds.statements) >= 100 and sides.get("US", 0) >= 35
    assert sides.get("Russia", 0) >= 35
    assert len(ds.deployments) >= 40 and ds.deployments["site"].nunique() >= 20
    assert set(ds.deployments["country"]) >= {"Russia", "Belarus", "Ukraine"}
    assert len(ds.troop_estimates) >= 20
    assert len(ds.discrepancies) >= 10


def test_every_article_of_both_drafts_is_there(ds):
    d = ds.demands
    us = d[d["document"] == "Russia–US draft treaty"]["article"]
    nato = d[d["document"] == "Russia–NATO draft agreement"]["article"]
    assert sorted(us) == [f"Article {i}" for i in range(1, 9)]
    assert sorted(nato) == [f"Article {i}" for i in range(1, 10)]
    assert (d["demanded_by"] != "Russia").sum() >= 4, "US and NATO proposals"


def test_every_russian_demand_has_a_us_and_a_nato_answer(ds):
    russian = ds.demands[ds.demands["demanded_by"] == "Russia"]["demand_id"]
    answered = ds.responses.groupby("demand_id")["responder"].agg(set)
    for demand_id in russian:
        assert {"US", "NATO"} <= answered.get(demand_id, set()), demand_id


def test_positions_cover_twelve_issues_with_both_sides(ds):
    by_issue = ds.positions.groupby("issue")["side"].agg(set)
    both = [issue for issue, sides in by_issue.items() if {"US", "Russia"} <= sides]
    assert len(both) >= 12, by_issue
    moved = ds.positions.groupby(["issue", "side"]).size()
    assert (moved >= 2).any(), "at least one side's position moved on some issue"


def test_seed_item_errors_are_recorded(ds):
    """The news item that started the project has known errors; each is checked."""
    seed = ds.discrepancies[ds.discrepancies["claim"].str.contains(
        "US-Russia Strategic Stability Dialogue takes place in Geneva", regex=False)]
    assert len(seed) >= 2
    checked = set(seed["record_id"])
    assert {"m-20220113-osce-pc-vienna", "m-20211207-biden-putin-video"} <= checked
