"""Positions builders on small frames: pairing, ordering, as-of selection, missing answers."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard import positions as pos
from dashboard import positions_export as exports


def ts(day: str) -> pd.Timestamp:
    return pd.Timestamp(day)


@pytest.fixture
def frames():
    positions = pd.DataFrame({
        "position_id": ["p1", "p2", "p3", "p4", "p5", "p6"],
        "issue": ["Missiles", "Missiles", "Missiles", "Enlargement", "Enlargement",
                  "Enlargement"],
        "side": ["Russia", "US", "US", "Russia", "NATO", "other"],
        "holder": [None, None, None, None, None, "G7 foreign ministers"],
        "as_of": [ts("2021-12-17"), ts("2022-01-10"), ts("2024-07-10"), ts("2021-12-17"),
                  ts("2022-01-12"), ts("2021-12-12")],
        "position": ["No missiles near us.", "Talks along INF lines.", "Missiles to Germany.",
                     "No enlargement.", "Open door.", "Massive consequences."],
        "statement_ids": [["s1"], ["s2"], [], [], [], []],
        "source_ids": [["a"], ["b"], ["c"], ["d"], ["e"], ["f"]],
        "gap": [None, "partly_compatible", "opposed", "opposed", None, None],
        "gap_reason": [None, "Both discuss placement.", "Deployment planned.", "Far apart.",
                       None, None],
    })
    statements = pd.DataFrame({
        "statement_id": ["s1", "s2"], "date": [ts("2021-12-23"), ts("2022-01-10")],
        "speaker": ["Putin", "Sherman"], "quote": ["<b>Missiles</b> quote", "INF quote"],
    })
    return positions, statements


def test_other_holders_are_kept_with_their_names(frames):
    positions, statements = frames
    table = pos.side_by_side(positions, statements, date(2022, 2, 1),
                             names={"Putin": "Vladimir Putin"}).set_index("issue")
    others = table.loc["Enlargement", "others"]
    assert [o[0] for o in others] == ["G7 foreign ministers"]
    assert table.loc["Missiles", "russia_speaker"] == "Vladimir Putin"
    assert "G7 foreign ministers (2021-12-12): Massive consequences." in exports.side_by_side_csv(
        table.reset_index())


def test_side_by_side_pairs_sides_as_of_a_date(frames):
    positions, statements = frames
    sides = pos.side_by_side(positions, statements, date(2022, 2, 1)).set_index("issue")
    missiles = sides.loc["Missiles"]
    assert missiles["us_position"] == "Talks along INF lines."  # not the 2024 one yet
    assert missiles["russia_quote"] == "<b>Missiles</b> quote"  # raw: the view escapes it
    assert missiles["gap"] == "partly_compatible"
    assert missiles["gap_reason"] == "Both discuss placement."
    assert not missiles["moved"]
    later = pos.side_by_side(positions, statements, date(2025, 1, 1)).set_index("issue")
    assert later.loc["Missiles", "us_position"] == "Missiles to Germany."
    assert later.loc["Missiles", "gap"] == "opposed" and later.loc["Missiles", "moved"]
    assert [h[2] for h in later.loc["Missiles", "history"]] == [
        "No missiles near us.", "Talks along INF lines.", "Missiles to Germany."]


def test_missing_positions_stay_as_missing(frames):
    positions, statements = frames
    sides = pos.side_by_side(positions, statements, date(2022, 2, 1)).set_index("issue")
    assert sides.loc["Enlargement", "us_position"] is None
    assert sides.loc["Enlargement", "nato_position"] == "Open door."
    early = pos.side_by_side(positions, statements, date(2021, 12, 20)).set_index("issue")
    assert early.loc["Missiles", "us_position"] is None and early.loc["Missiles", "gap"] is None
    assert sorted(early.index) == ["Enlargement", "Missiles"]  # issues are never dropped
    assert early.loc["Missiles", "recorded"] and early.loc["Enlargement", "recorded"]
    assert not pos.side_by_side(positions, statements, date(2020, 1, 1))["recorded"].any()


@pytest.fixture
def demands():
    return pd.DataFrame({
        "demand_id": ["d2", "d10", "d1", "n1", "p1"],
        "document": ["Russia–US draft treaty", "Russia–US draft treaty", "Russia–US draft treaty",
                     "Russia–NATO draft agreement", "US proposals (26 Jan 2022)"],
        "article": ["Article 2", "Article 10", "Article 1", "Article 1", "Proposal 1"],
        "date": [ts("2021-12-17")] * 4 + [ts("2022-01-26")],
        "demanded_by": ["Russia"] * 4 + ["US"],
        "addressed_to": ["US", "US", "US", "NATO", "Russia"],
        "topic": ["B", "J", "A", "N", "Missiles"], "demand": ["b", "j", "a", "n", "talks"],
        "source_ids": [["s"]] * 5,
    })


@pytest.fixture
def responses():
    return pd.DataFrame({
        "response_id": ["r1", "r2", "r3", "r4"], "demand_id": ["d1", "d1", "d2", "p1"],
        "date": [ts("2022-01-26"), ts("2022-01-26"), ts("2022-01-26"), ts("2022-02-17")],
        "responder": ["US", "NATO", "US", "Russia"],
        "stance": ["rejected", "open", "counterproposal", "partial"],
        "response": ["no", "maybe", "instead", "some"], "source_ids": [["s"]] * 4,
    })


def test_tracker_orders_articles_and_keeps_unanswered(demands, responses):
    table = pos.tracker(demands, responses)
    assert list(table["demand_id"]) == ["d1", "d2", "d10", "n1"]  # numeric order, US then NATO
    d1 = table.set_index("demand_id").loc["d1"]
    assert (d1["us_stance"], d1["nato_stance"], d1["ru_stance"]) == (
        "rejected", "open", pos.NOT_RECORDED)
    assert table.set_index("demand_id").loc["d10", "us_stance"] == pos.NOT_RECORDED
    assert d1["us_ids"] == ["r1"]


def test_proposals_and_filters(demands, responses):
    assert pos.proposal_documents(demands) == ("US proposals (26 Jan 2022)",)
    proposals = pos.tracker(demands, responses, pos.proposal_documents(demands))
    assert list(proposals["ru_stance"]) == ["partial"]
    table = pos.tracker(demands, responses)
    only_open = pos.filter_tracker(table, stances=("open",))
    assert list(only_open["demand_id"]) == ["d1"]
    nato = pos.filter_tracker(table, documents=("Russia–NATO draft agreement",))
    assert list(nato["demand_id"]) == ["n1"]
    assert list(pos.filter_tracker(table, text="instead")["demand_id"]) == ["d2"]


def test_stance_counts_and_chart(demands, responses):
    counts = pos.stance_counts(pos.tracker(demands, responses))
    us = counts[counts["responder"] == "US"].set_index("stance")["count"].to_dict()
    assert us == {"rejected": 1, "counterproposal": 1, pos.NOT_RECORDED: 2}
    fig = pos.stance_figure(counts, as_of=date(2022, 2, 17), source="Sources: X")
    assert "How the US and NATO answered" in fig.layout.title.text
    names = [t.name for t in fig.data]
    assert "Rejected" in names and "No answer recorded" in names
    assert any("Data as of 17 February 2022" in a.text for a in fig.layout.annotations)


def test_printable_page_escapes_text(frames, demands, responses):
    positions, statements = frames
    positions.loc[0, "position"] = "<script>alert(1)</script>"
    sides = pos.side_by_side(positions, statements, date(2022, 2, 1))
    page = exports.printable_html(sides, pos.tracker(demands, responses), date(2022, 2, 1), "S")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Missiles&lt;/b&gt; quote" in page
    assert "No position recorded by this date" in page


def test_url_state_round_trip_and_bad_params():
    bounds = (date(2021, 4, 1), date(2025, 12, 14))
    docs = ("Russia–US draft treaty", "Russia–NATO draft agreement")
    state = pos.PositionsState(as_of=date(2022, 1, 10), documents=(docs[1],),
                               stances=("rejected",), text="missiles")
    parsed, notices = pos.state_from_params(pos.state_to_params(state, bounds), bounds, docs)
    assert parsed == state and not notices
    for bad in ({"as_of": "2022-13-01"}, {"doc": "Nope"}, {"stance": "maybe"}):
        _, notices = pos.state_from_params(bad, bounds, docs)
        assert notices


def test_csv_exports_keep_every_row(frames, demands, responses):
    positions, statements = frames
    sides = pos.side_by_side(positions, statements, date(2022, 2, 1))
    assert exports.side_by_side_csv(sides).count("\n") == len(sides) + 1
    table = pos.tracker(demands, responses)
    assert exports.tracker_csv(table).count("\n") == len(table) + 1
