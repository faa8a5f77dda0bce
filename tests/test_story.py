"""Story mode and glossary, as data: steps resolve to real records, and every term of art
and acronym the app uses is explained."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA_DIR, ROOT

from dashboard import export, glossary, story
from dashboard.datasets import load_datasets
from dashboard.records import all_records

#: Plain abbreviations that are not terms of art, and words of file formats on the pages.
NOT_TERMS = {"US", "CSV", "HTML", "PNG", "SVG", "XLSX", "YYYY", "MMM", "URL", "BOM", "ID"}


@pytest.fixture(scope="module")
def ds():
    return load_datasets(DATA_DIR)


@pytest.fixture(scope="module")
def steps(ds):
    return story.steps(ds.story)


@pytest.fixture(scope="module")
def terms(ds):
    return glossary.terms(ds.glossary)


def test_at_least_twelve_steps_in_order(steps):
    assert len(steps) >= 12 and [s.number for s in steps] == list(range(1, len(steps) + 1))
    starts = [s.start for s in steps]
    assert starts == sorted(starts)
    assert all(s.start <= s.end for s in steps)
    assert steps[-1].end.isoformat() == "2022-02-24"


def test_every_step_rests_on_existing_records_and_cites_sources(ds, steps):
    records = set(all_records(ds)["record_id"])
    for step in steps:
        assert step.record_ids and set(step.record_ids) <= records, step.title
        assert step.source_ids, step.title


def test_key_meetings_belong_to_their_steps(steps):
    for step in steps:
        if step.key_meeting:
            assert step.key_meeting in step.record_ids and step.label
    assert len(story.key_meetings(steps)) >= 8


def test_glossary_covers_the_brief_terms(terms):
    names = {t.term for t in terms}
    assert {"SSD", "INF", "New START", "BTG", "NRC", "OSCE", "Bucharest formula",
            "1997 Founding Act", "open door"} <= names
    assert all(t.source_ids for t in terms)


def test_terms_are_found_where_they_appear(terms):
    found = [t.term for t in glossary.terms_in("The SSD met; BTGs massed; NATO's open door.",
                                               terms)]
    assert {"SSD", "BTG", "open door", "NATO"} <= set(found)
    assert glossary.terms_in("nothing technical here", terms) == []
    assert "OSCE" not in [t.term for t in glossary.terms_in("OSCEAN", terms)]  # whole words


def _page_texts() -> list[str]:
    """The texts a reader sees on the pages: the string literals of the page scripts."""
    import ast

    out = []
    for path in [*(ROOT / "pages").glob("*.py"), ROOT / "app.py"]:
        for node in ast.walk(ast.parse(Path(path).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and " " in node.value:
                out.append(node.value)
    return out


def test_every_acronym_the_app_uses_has_a_glossary_entry(ds, steps, terms):
    texts = [f"{s.title} {s.text}" for s in steps]
    texts += [*ds.positions["issue"], *ds.positions["position"], *ds.demands["topic"]]
    texts += [f"{f.layout.meta['title']} {f.layout.meta['subtitle']}"
              for f in export.default_charts(ds).values()]
    texts += _page_texts()
    known = {n for t in terms for n in (t.term, *t.aliases)}
    used = set().union(*(glossary.acronyms(t) for t in texts))
    missing = sorted(a for a in used - NOT_TERMS if a not in known and not any(
        a in n.split() for n in known))
    assert missing == []


def test_the_story_explains_the_terms_it_uses(steps, terms):
    used = {t.term for s in steps for t in s.terms(terms)}
    assert {"SSD", "BTG", "NRC", "OSCE", "open door"} <= used
