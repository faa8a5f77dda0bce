"""AppTest over the data & sources page."""

from __future__ import annotations

from conftest import DATA_DIR

from dashboard import catalog
from dashboard.datasets import load_datasets

PAGE = "pages/data.py"


def test_data_page_tabs_and_search(app_test):
    at = app_test(PAGE, DATA_DIR, {"dataset": "statements", "q": "geneva"}).run()
    assert not at.exception
    assert at.selectbox(key="d_dataset").value == "statements"
    statements = load_datasets(DATA_DIR).statements
    expected = catalog.search(statements, dataset="statements", text="geneva")
    assert 0 < len(expected) < len(statements)
    assert at.markdown[0].value.startswith(f"**{len(expected):,}** of {len(statements):,} rows")
    labels = [t.label for t in at.tabs]
    assert labels == ["Datasets", "Sources", "Discrepancies", "Method & caveats", "Glossary",
                      "How to cite"]
    text = "\n".join(m.value for m in at.markdown)
    assert "# statements.csv" in text  # the data card
    assert "Bucharest formula" in text  # the glossary


def test_changing_the_dataset_updates_the_url(app_test):
    at = app_test(PAGE, DATA_DIR).run()
    at.selectbox(key="d_dataset").set_value("deployments").run()
    assert at.query_params["dataset"] == "deployments"
    at.text_input(key="d_text").input("Yelnya").run()
    assert at.query_params["q"] == "Yelnya"
    assert "Yelnya" in at.markdown[0].value


def test_unknown_dataset_falls_back_with_a_notice(app_test):
    at = app_test(PAGE, DATA_DIR, {"dataset": "<script>"}).run()
    assert not at.exception
    assert any("could not be followed" in i.value for i in at.info)
