"""One negative test per rule of the data contract, each asserting its message."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dashboard.datasets import load_datasets


def edit(folder: Path, file: str, line: int, column: str, value: str) -> None:
    """Set one cell (``line`` counts the header as 1) of a CSV in ``folder``."""
    path = folder / file
    with path.open(encoding="utf-8", newline="") as f:
        table = list(csv.reader(f))
    table[line - 1][table[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(table)


def problems(folder: Path) -> list[str]:
    return [str(p) for p in load_datasets(folder).problems]


def test_valid_fixture_has_no_problems(valid_dir):
    ds = load_datasets(valid_dir)
    assert ds.problems == ()
    assert ds.broken == frozenset()
    assert len(ds.meetings) == 2
    assert str(ds.meetings["date"].dtype).startswith("datetime64")
    assert ds.meetings.loc[1, "source_ids"] == ("src-a", "src-b")  # lists are tuples
    assert str(ds.troop_estimates["troops_low"].dtype) == "Int64"


RULES = [
    # (file, line, column, bad value, expected problem line)
    ("meetings.csv", 2, "date", "2022-1-10",
     "meetings.csv:2: date: must be a real date YYYY-MM-DD between 2014-01-01 and today "
     "(2022-1-10)"),
    ("meetings.csv", 2, "date", "2013-12-31", "meetings.csv:2: date: must be a real date"),
    ("meetings.csv", 2, "date", "2099-01-01", "meetings.csv:2: date: must be a real date"),
    ("meetings.csv", 2, "end_date", "2022-01-09",
     "meetings.csv:2: end_date: must be on or after date (2022-01-09)"),
    ("deployments.csv", 3, "end_date", "2022-02-01",
     "deployments.csv:3: end_date: must be on or after date (2022-02-01)"),
    ("meetings.csv", 2, "format", "dinner",
     "meetings.csv:2: format: must be one of: summit, in_person, phone_call, video_call, "
     "multilateral, working_group (dinner)"),
    ("meetings.csv", 2, "lat", "north", "meetings.csv:2: lat: must be a decimal latitude"),
    ("meetings.csv", 2, "lon", "200", "meetings.csv:2: lon: must be a decimal longitude "
     "between -180.0 and 180.0 (200)"),
    ("meetings.csv", 2, "topics", "ukraine;weather",
     "meetings.csv:2: topics: must be a ';'-separated list of: arms_control"),
    ("meetings.csv", 2, "title", "", "meetings.csv:2: title: required value is empty"),
    ("meetings.csv", 3, "meeting_id", "m-20220110-test",
     "meetings.csv:3: meeting_id: duplicate id; ids must be unique (m-20220110-test)"),
    ("meetings.csv", 2, "meeting_id", "M 1",
     "meetings.csv:2: meeting_id: must be an id: lowercase letters, digits and '-' (M 1)"),
    ("sources.csv", 2, "kind", "blog",
     "sources.csv:2: kind: must be one of: official, news, analysis, other (blog)"),
    ("sources.csv", 2, "url", "javascript:alert(1)",
     "sources.csv:2: url: must be an http:// or https:// URL (javascript:alert(1))"),
    ("sources.csv", 2, "url", "ftp://example.org/a", "sources.csv:2: url: must be an http://"),
    ("sources.csv", 3, "url", "https://www.nato.int/example-readout-a",
     "sources.csv:3: url: duplicate id; ids must be unique"),
    ("statements.csv", 2, "side", "USA",
     "statements.csv:2: side: must be one of: US, Russia, NATO, Ukraine, EU, Belarus, OSCE, "
     "other (USA)"),
    ("statements.csv", 2, "quote", "x" * 601, "statements.csv:2: quote: text longer than 600"),
    ("deployments.csv", 2, "lat", "40.9",
     "deployments.csv:2: lat: must be a decimal latitude between 41.0 and 60.0 (40.9)"),
    ("deployments.csv", 2, "lon", "19.5",
     "deployments.csv:2: lon: must be a decimal longitude between 20.0 and 50.0 (19.5)"),
    ("deployments.csv", 3, "btg_est", "-1",
     "deployments.csv:3: btg_est: must be a whole number >= 0 (-1)"),
    ("deployments.csv", 3, "troops_est", "3000.5",
     "deployments.csv:3: troops_est: must be a whole number >= 0 (3000.5)"),
    ("deployments.csv", 2, "country", "Moldova",
     "deployments.csv:2: country: must be one of: Russia, Belarus, Ukraine (Moldova)"),
    ("deployments.csv", 3, "source_ids", "src-a",
     "deployments.csv:3: source_ids: a troop or BTG figure needs two sources or confidence=low"),
    ("deployments.csv", 2, "confidence", "sure",
     "deployments.csv:2: confidence: must be one of: high, medium, low (sure)"),
    ("troop_estimates.csv", 3, "troops_low", "190001",
     "troop_estimates.csv:3: troops_low: must not be greater than troops_high (190001)"),
    ("troop_estimates.csv", 3, "troops_high", "-5",
     "troop_estimates.csv:3: troops_high: must be a whole number >= 0 (-5)"),
    ("troop_estimates.csv", 2, "estimator_side", "Kremlin",
     "troop_estimates.csv:2: estimator_side: must be one of"),
    ("responses.csv", 2, "stance", "maybe",
     "responses.csv:2: stance: must be one of: rejected, open, counterproposal, partial, "
     "no_response (maybe)"),
    ("discrepancies.csv", 2, "kind", "rumour", "discrepancies.csv:2: kind: must be one of"),
    ("positions.csv", 2, "gap", "far", "positions.csv:2: gap: must be one of: opposed"),
    # references that must resolve
    ("meetings.csv", 2, "source_ids", "src-a;src-zz",
     "meetings.csv:2: source_ids: refers to an id not found in sources.csv (src-zz)"),
    ("responses.csv", 2, "demand_id", "dem-none",
     "responses.csv:2: demand_id: refers to an id not found in demands.csv (dem-none)"),
    ("statements.csv", 2, "meeting_id", "m-19990101-none",
     "statements.csv:2: meeting_id: refers to an id not found in meetings.csv (m-19990101-none)"),
    ("positions.csv", 2, "statement_ids", "s-test-001;s-none",
     "positions.csv:2: statement_ids: refers to an id not found in statements.csv (s-none)"),
    ("discrepancies.csv", 2, "record_id", "dep-none",
     "discrepancies.csv:2: record_id: refers to an id not found in any data file (dep-none)"),
]


@pytest.mark.parametrize(("file", "line", "column", "value", "expected"), RULES,
                         ids=[f"{r[0]}-{r[2]}-{i}" for i, r in enumerate(RULES)])
def test_rule_reports_its_message(valid_dir, file, line, column, value, expected):
    edit(valid_dir, file, line, column, value)
    found = problems(valid_dir)
    assert any(p.startswith(expected) for p in found), found
    assert file[:-4] in load_datasets(valid_dir).broken


def test_unknown_and_missing_columns(valid_dir):
    path = valid_dir / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("kind", "genre"), encoding="utf-8")
    found = problems(valid_dir)
    assert "sources.csv:1: kind: required column is missing" in found
    assert "sources.csv:1: genre: column is not in the data contract" in found


def test_row_with_wrong_field_count(valid_dir):
    path = valid_dir / "demands.csv"
    path.write_text(path.read_text(encoding="utf-8") + "dem-x,too,few\n", encoding="utf-8")
    assert "demands.csv:3: -: row has 3 fields, header has 9" in problems(valid_dir)


def test_line_numbers_count_quoted_newlines(valid_dir):
    edit(valid_dir, "meetings.csv", 2, "summary", "first line\nsecond line")
    edit(valid_dir, "meetings.csv", 3, "format", "dinner")
    # the record on line 3 now starts on line 4 of the file
    assert any(p.startswith("meetings.csv:4: format:") for p in problems(valid_dir))


def test_broken_file_is_left_out_and_others_load(valid_dir):
    edit(valid_dir, "statements.csv", 2, "side", "Mars")
    ds = load_datasets(valid_dir)
    assert ds.broken == {"statements"}
    assert ds.statements.empty and list(ds.statements.columns)[0] == "statement_id"
    assert len(ds.meetings) == 2 and ds.available("meetings")
    assert not ds.available("statements", "meetings")
    # a reference into a broken-but-readable file still resolves: no cascade of errors
    assert ds.problems_in("positions") == []


def test_missing_file(valid_dir):
    (valid_dir / "positions.csv").unlink()
    assert "positions.csv:0: -: file is missing" in problems(valid_dir)


def test_gap_needs_its_reasoning(valid_dir):
    edit(valid_dir, "positions.csv", 3, "gap_reason", "")
    assert "positions.csv:3: gap_reason: a gap needs its reasoning in gap_reason" in \
        problems(valid_dir)
