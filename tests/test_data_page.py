"""AppTest over the data & sources page: per-dataset filters, a search that understands
dates and people, counts that never pass a filtered number for the whole, downloads."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import DATA_DIR

from dashboard import catalog
from dashboard.datasets import load_datasets
from dashboard.people import People

PAGE = "pages/data.py"


@pytest.fixture(scope="module")
def ds():
    return load_datasets(DATA_DIR)


def count(at) -> int:
    return int(at.markdown[0].value.split("**")[1].replace(",", ""))


def test_data_page_tabs_and_search(app_test, ds):
    at = app_test(PAGE, DATA_DIR, {"dataset": "statements", "q": "geneva"}).run()
    assert not at.exception
    assert at.selectbox(key="d_dataset").value == "statements"
    people = People(ds.people)
    expected = catalog.search(catalog.table(ds.statements, "statements", people),
                              text="geneva", people=people)
    assert 0 < len(expected) < len(ds.statements)
    assert at.markdown[0].value.startswith(
        f"**{len(expected):,}** of {len(ds.statements):,} rows")
    labels = [t.label for t in at.tabs]
    assert labels == ["Datasets", "Sources", "Discrepancies", "Method & caveats", "Glossary",
                      "How to cite"]
    text = "\n".join(m.value for m in at.markdown)
    assert "### statements.csv" in text  # the data card, below the page's headings
    assert "Bucharest formula" not in text  # only the open tab runs
    glossary = app_test(PAGE, DATA_DIR, {"dataset": "statements", "tab": "glossary"}).run()
    assert "Bucharest formula" in "\n".join(m.value for m in glossary.markdown)
    assert glossary.query_params["tab"] == "glossary"  # the open tab is part of the link
    method = app_test(PAGE, DATA_DIR, {"tab": "method"}).run()
    text = "\n".join(m.value for m in method.markdown)
    assert "Each dataset in numbers" in text
    assert "Adding a record" not in text  # the maintainers' README is not the method


def test_lavrov_january_2022_finds_exactly_his_statements_of_that_month(app_test, ds):
    at = app_test(PAGE, DATA_DIR, {"dataset": "statements", "q": "Lavrov January 2022"}).run()
    st = ds.statements
    his = st[(st["speaker"] == "sergey-lavrov") & (st["date"].dt.strftime("%Y-%m") == "2022-01")]
    assert len(his) >= 3 and count(at) == len(his)


def test_filters_for_dates_people_and_topics(app_test, ds):
    at = app_test(PAGE, DATA_DIR, {"dataset": "statements", "person": "antony-blinken",
                                   "from": "2022-01-01", "to": "2022-01-31",
                                   "topic": "nato_enlargement"}).run()
    st = ds.statements
    wanted = st[(st["speaker"] == "antony-blinken") & st["date"].between("2022-01-01",
                                                                         "2022-01-31")
                & st["topics"].map(lambda t: "nato_enlargement" in t)]
    assert count(at) == len(wanted) > 0
    assert at.date_input(key="d_range").value == (date(2022, 1, 1), date(2022, 1, 31))
    assert at.multiselect(key="d_persons").value == ["antony-blinken"]


def test_other_tabs_count_the_whole_and_say_what_they_filter(app_test, ds):
    def text_of(tab: str) -> str:
        at = app_test(PAGE, DATA_DIR, {"dataset": "statements", "q": "geneva", "tab": tab})
        at.run()
        assert any("apply to the Datasets tab" in c.value for c in at.caption)
        return "\n".join(m.value for m in at.markdown)

    assert f"**{len(ds.sources):,}** public pages" in text_of("sources")
    assert (f"of {len(ds.discrepancies):,} points where sources disagree"
            in text_of("discrepancies"))


def test_changing_the_dataset_updates_the_url(app_test):
    at = app_test(PAGE, DATA_DIR).run()
    at.selectbox(key="d_dataset").set_value("deployments").run()
    assert at.query_params["dataset"] == "deployments"
    at.text_input(key="d_text").input("Yelnya").run()
    assert at.query_params["q"] == "Yelnya"
    assert 0 < count(at) < len(load_datasets(DATA_DIR).deployments)


def test_unknown_dataset_falls_back_with_a_notice(app_test):
    at = app_test(PAGE, DATA_DIR, {"dataset": "<script>"}).run()
    assert not at.exception
    assert any("could not be followed" in i.value for i in at.info)
