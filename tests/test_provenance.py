"""Provenance: origins and tiers, source lines from what a chart plots, people, scopes."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import DATA_DIR

from dashboard import estimates, filters, provenance
from dashboard.datasets import load_datasets
from dashboard.people import People
from dashboard.records import all_records

ORIGINS = {"s1": "US Department of State", "s2": "Reuters", "s3": "Russian Ministry of "
           "Foreign Affairs", "s4": "Reuters", "s5": "TASS", "s6": "NATO", "s7": "AFP"}


@pytest.fixture(scope="module")
def ds():
    return load_datasets(DATA_DIR)


def test_source_line_names_origins_most_cited_first_and_says_where_the_rest_are():
    # each record counts an origin once; Reuters is cited by three records
    records = [("s2", "s4"), ("s2",), ("s4", "s1"), ("s3",), ("s5",), ("s6",), ("s7",)]
    line = provenance.source_line(records, ORIGINS, limit=3)
    assert line.startswith("Sources: Reuters, ")
    assert line.split(": ", 1)[1].split(" and ")[0].split(", ")[:1] == ["Reuters"]
    assert "and 3 more" in line and provenance.WHERE_LISTED in line
    assert "Russian MFA" in provenance.source_line([("s3",)], ORIGINS)
    assert provenance.source_line([], ORIGINS) == f"Source: {provenance.SITE_NAME}"


def test_two_charts_of_different_records_have_different_source_lines(ds):
    origin_of = dict(zip(ds.sources["source_id"], ds.sources["origin"], strict=True))
    meetings = provenance.source_line(ds.meetings["source_ids"], origin_of)
    estimates_line = provenance.source_line(ds.troop_estimates["source_ids"], origin_of)
    assert meetings != estimates_line
    counts = provenance.origins_cited(ds.meetings["source_ids"], origin_of)
    top = max(counts, key=lambda o: (counts[o], -ord(o[0])))
    assert provenance.short_origin(top) in meetings.split(".")[0]


def test_every_source_has_an_origin_and_tier_and_official_only_on_official_sites(ds):
    assert ds.sources["origin"].notna().all()
    assert set(ds.sources["tier"]) <= set(provenance.TIERS)
    from dashboard.schemas import official_site

    official = ds.sources[ds.sources["kind"] == "official"]
    assert official["url"].map(official_site).all()


def test_tier_mix_and_grouping(ds):
    mix = provenance.tier_mix(ds.frames, ds.sources).set_index("dataset")
    for name in ("meetings", "statements", "demands", "responses"):
        best = mix.loc[name, ["primary", "wire", "outlet"]].sum()
        assert best >= 80, (name, best)  # the aim of the provenance work
    groups = provenance.by_tier(ds.sources.head(50))
    order = [tier for tier, _ in groups]
    assert order == [t for t in provenance.TIERS if t in order]


def test_one_person_one_name_and_every_spelling_finds_them(ds):
    people = People(ds.people)
    assert people.find("Joseph R. Biden").person_id == "joe-biden"
    assert people.find("Sergei Ryabkov").name == people.find("sergey-ryabkov").name
    labels = people.labels()
    assert len(labels) == len(set(labels)) == len(ds.people)
    assert labels["sergey-lavrov"].startswith("Sergey Lavrov — Minister of Foreign Affairs")
    # picking a person finds every record naming them under any spelling or id
    records = all_records(ds)
    state = filters.Filters(start=records["date"].min().date(),
                            end=records["date"].max().date(), actors=("joe-biden",))
    found = set(filters.apply(records, state)["record_id"])
    spellings = set(people.find("joe-biden").spellings) | {"joe-biden"}
    named = set(ds.meetings[ds.meetings[["us_participants", "ru_participants",
                                         "other_participants"]].apply(
        lambda row: any(x in spellings for cell in row for x in cell), axis=1)]["meeting_id"])
    named |= set(ds.statements[ds.statements["speaker"].isin(spellings)]["statement_id"])
    assert named and named <= found
    assert all("joe-biden" in a for a in records.set_index("record_id").loc[list(found), "actors"])
    # and a search for another spelling finds them too
    by_text = filters.apply(records, filters.Filters(
        start=state.start, end=state.end, text="Joseph R. Biden"))
    assert named <= set(by_text["record_id"])


def test_the_estimates_chart_joins_only_totals_of_one_estimator(ds):
    traces, _ = estimates.troop_traces(ds.troop_estimates)
    by_id = ds.troop_estimates.set_index("estimate_id")
    joins = [t for t in traces if t.get("meta", {}).get("joins")]
    assert joins
    for trace in joins:
        ids = trace["meta"]["joins"]
        assert set(by_id.loc[ids, "scope"]) == {estimates.TOTAL}, ids
        assert by_id.loc[ids, "estimator"].nunique() == 1, ids
    partial = [t for t in traces if t.get("yaxis") == "y3"]
    assert partial and all(t["mode"] == "markers" for t in partial)
    assert not any(t.get("fill") for t in partial)
    in_partial = {i for t in partial for i in t["customdata"]}
    assert in_partial == set(by_id.index[by_id["scope"] != estimates.TOTAL])


def test_a_retrospective_figure_is_drawn_where_it_belongs():
    frame = pd.DataFrame({
        "estimate_id": ["e1"], "date": [pd.Timestamp("2022-01-28")],
        "refers_to": [pd.Timestamp("2021-04-01")], "troops_low": [126000],
        "troops_high": [126000], "btgs": [pd.NA], "scope": ["all_near_ukraine"],
        "scope_note": ["x"], "estimator": ["MoD"], "estimator_person": [None],
        "estimator_side": ["Ukraine"], "confidence": ["high"], "source_ids": [("s1", "s2")]})
    traces, _ = estimates.troop_traces(frame)
    assert pd.Timestamp(traces[0]["x"].iloc[0]) == pd.Timestamp("2021-04-01")
    assert "stated 28 Jan 2022" in traces[0]["hovertext"][0]
