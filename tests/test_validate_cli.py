"""``python -m dashboard validate``: every fault named with file, line and column."""

from __future__ import annotations

import subprocess
import sys

from conftest import DATA_DIR, FIXTURES

from dashboard.cli import main

# One line per fault planted by tests/fixtures/make_broken.py.
EXPECTED = [
    "sources.csv:1: source_id: file starts with a byte-order mark (BOM); "
    "save as UTF-8 without BOM",
    "sources.csv:4: source_id: duplicate id; ids must be unique (src-a)",
    "sources.csv:3: url: must be an http:// or https:// URL (javascript:alert(1))",
    "meetings.csv:2: date: must be a real date YYYY-MM-DD between 2014-01-01 and today "
    "(2022-02-30)",
    "meetings.csv:3: end_date: must be on or after date (2021-12-06)",
    "meetings.csv:3: summary: not valid UTF-8; save the file as UTF-8 (byte 0xe9)",
    "meetings.csv:3: title: required value is empty",
    "statements.csv:2: side: must be one of: US, Russia, NATO, Ukraine, EU, Belarus, OSCE, "
    "other (Mars)",
    "statements.csv:3: source_ids: refers to an id not found in sources.csv (src-missing)",
    "deployments.csv:2: lat: must be a decimal latitude between 41.0 and 60.0 (12.5)",
    "deployments.csv:3: troops_est: must be a whole number >= 0 (-3000)",
    "troop_estimates.csv:3: troops_low: must not be greater than troops_high (200000)",
    "troop_estimates.csv:2: confidence: must be one of: high, medium, low (certain)",
    "demands.csv:1: -: fields are separated by ';'; expected ','",
    "responses.csv:1: -: file is empty; expected a header row: "
    "response_id,demand_id,date,responder,stance,response,source_ids",
    "positions.csv:1: statement_ids: required column is missing",
    "discrepancies.csv:2: kind: must be one of: date, number, format, wording, participants, "
    "other (rumour)",
    "discrepancies.csv:2: record_id: refers to an id not found in any readable data file",
    # provenance, people, scope (issue 13)
    "sources.csv:5: kind: kind=official is only for a page on the issuing body's own website",
    "sources.csv:5: origin: required value is empty",
    "sources.csv:5: tier: must be one of: primary, wire, outlet, reprint, reference (copy)",
    "people.csv:3: other_names: spelling already registered for alice-example; a spelling "
    "must name one person (A. Example)",
    "people.csv:4: roles: must be a ';'-separated list of roles, each ending with its years",
    "statements.csv:3: speaker: must be a person id or a spelling registered in people.csv "
    "(Nobody Registered)",
    "troop_estimates.csv:2: scope: must be one of: all_near_ukraine, border_without_crimea, "
    "crimea, belarus, withdrawing, exercise, planned, other (everything)",
    "troop_estimates.csv:3: estimator_person: must be a person id or a spelling registered in "
    "people.csv (Mystery Analyst)",
    # the story and the glossary are data too (issue 15)
    "story.csv:3: record_ids: refers to an id not found in any readable data file",
    "story.csv:4: date_to: must be on or after date_from (2022-02-01)",
    "glossary.csv:4: term: duplicate id; ids must be unique (SSD)",
]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", "validate", *args],
                          capture_output=True, text=True, timeout=120)


def test_broken_folder_reports_every_fault_and_exits_1():
    result = run_cli(str(FIXTURES / "broken"))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    for expected in EXPECTED:
        assert any(line.startswith(expected) for line in lines), expected
    assert len(EXPECTED) >= 15
    assert "problem(s) in 12 file(s)" in result.stderr


def test_broken_fixture_is_current(tmp_path, monkeypatch):
    """The committed broken folder is what make_broken.py builds from valid/."""
    import make_broken

    made = tmp_path / "broken"
    monkeypatch.setattr(make_broken, "BROKEN", made)
    make_broken.main()
    for path in sorted((FIXTURES / "broken").iterdir()):
        assert path.read_bytes() == (made / path.name).read_bytes(), path.name


def test_valid_folder_prints_summary_and_exits_0():
    result = run_cli(str(FIXTURES / "valid"))
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("OK ")
    assert "meetings 2" in result.stdout and "discrepancies 1" in result.stdout
    assert len(result.stdout.splitlines()) == 1


def test_real_data_validates():
    result = run_cli(str(DATA_DIR))
    assert result.returncode == 0, result.stdout


def test_default_folder_comes_from_environment(monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(FIXTURES / "broken"))
    assert main(["validate"]) == 1
    assert "positions.csv:1: statement_ids" in capsys.readouterr().out


def test_not_a_folder(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope")]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_console_script_is_installed():
    from importlib.metadata import entry_points

    scripts = {ep.name: ep.value for ep in entry_points(group="console_scripts")}
    assert scripts.get("dashboard") == "dashboard.cli:main"
