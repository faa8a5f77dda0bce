"""Slide-ready charts, server-side export, briefing pack, data downloads and citing."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import date

import pandas as pd
import pytest
from conftest import DATA_DIR, REQUIRE_BROWSER_ENV, chromium_path
from PIL import Image

from dashboard import catalog, export
from dashboard.datasets import load_datasets
from dashboard.people import People


@pytest.fixture(scope="module")
def ds():
    return load_datasets(DATA_DIR)


@pytest.fixture(scope="module")
def every_chart(ds):
    return export.default_charts(ds)


def test_every_chart_carries_title_subtitle_as_of_and_source(every_chart):
    for name, fig in every_chart.items():
        meta = fig.layout.meta
        assert meta["title"] and meta["subtitle"], name
        assert meta["title"] in fig.layout.title.text.replace("&amp;", "&"), name
        note = next(a.text for a in fig.layout.annotations if a.name == "source_line")
        assert "Data as of" in note and "Sources:" in note, name
    assert set(every_chart) == {"records-per-month", "timeline", "talks-vs-troops",
                                "troop-estimates", "answers-by-stance"}


def _need_browser():
    if chromium_path() is None:
        if os.environ.get(REQUIRE_BROWSER_ENV) == "1":
            pytest.fail("kaleido needs Chromium and none was found")
        pytest.skip("kaleido needs Chromium (install Debian's chromium)")


def test_png_and_svg_export_at_presentation_size(every_chart):
    _need_browser()
    png = export.chart_image(every_chart["talks-vs-troops"], "png")
    assert Image.open(io.BytesIO(png)).size == (3840, 2160)
    svg = export.chart_image(every_chart["answers-by-stance"], "svg").decode("utf-8")
    assert svg.startswith("<svg") and 'width="1920"' in svg
    assert "How the US and NATO answered" in svg
    with pytest.raises(ValueError):
        export.chart_image(every_chart["answers-by-stance"], "gif")


def test_briefing_pack_holds_every_chart_and_the_citations(ds, every_chart):
    _need_browser()
    charts = {k: every_chart[k] for k in ("timeline", "talks-vs-troops")}
    cited = set(ds.meetings["source_ids"].iloc[0]) | set(ds.statements["source_ids"].iloc[0])
    progress = []
    pack = export.briefing_pack("Timeline", charts, ds.sources, cited, date(2022, 2, 24),
                                "http://localhost/timeline",
                                progress=lambda d, t: progress.append((d, t)))
    with zipfile.ZipFile(io.BytesIO(pack)) as z:
        names = z.namelist()
        assert names == ["01-timeline.png", "02-talks-vs-troops.png", "SOURCES.md"]
        text = z.read("SOURCES.md").decode("utf-8")
    assert progress == [(1, 2), (2, 2)]
    for sid in cited:
        row = ds.sources.set_index("source_id").loc[sid]
        assert row["url"] in text and f"id {sid}" in text


def test_downloads_hold_exactly_the_filtered_rows(ds):
    people = People(ds.people)
    table = catalog.table(ds.statements, "statements", people)
    shown = catalog.search(table, text="geneva", sides=("Russia",), people=people)
    assert 0 < len(shown) < len(ds.statements)
    full = catalog.with_sources(shown, ds.sources)
    csv_rows = pd.read_csv(io.BytesIO(catalog.to_csv(full)))
    assert list(csv_rows["statement_id"]) == list(shown["statement_id"])
    xlsx_rows = pd.read_excel(io.BytesIO(catalog.to_xlsx(full, "statements")))
    assert list(xlsx_rows["statement_id"]) == list(shown["statement_id"])
    assert set(csv_rows["side"]) == {"Russia"}
    assert csv_rows["source_ids"].str.contains("src-").all()  # lists written as in the files
    # every column, people by name, and the sources resolved
    assert list(csv_rows.columns[:len(ds.statements.columns)]) == list(ds.statements.columns)
    assert not csv_rows["speaker"].str.match(r"^[a-z]+-[a-z-]+$").any()
    assert csv_rows["source_urls"].str.startswith("http").all()
    assert csv_rows["source_origins"].notna().all()


def test_search_dates_and_citation_counts(ds):
    table = catalog.table(ds.meetings, "meetings", People(ds.people))
    jan = catalog.search(table, start=date(2022, 1, 1), end=date(2022, 1, 31))
    assert jan["date"].between("2022-01-01", "2022-01-31").all() and len(jan) >= 5
    registry = catalog.citation_counts(ds)
    assert (registry["cited_by"] >= 1).all() and len(registry) == len(ds.sources)


def test_how_to_cite(ds):
    row = ds.meetings.set_index("meeting_id", drop=False).loc["m-20220110-ssd-extraordinary"]
    text = catalog.cite_record("meetings", row, ds.sources, "http://x/timeline?record=m")
    assert text.startswith("US–Russia Dialogue Dashboard, Meetings, calls and summits record "
                           "m-20220110-ssd-extraordinary")
    assert "Sources: " in text and "https://" in text
    assert "data as of 24 February 2022" in catalog.cite_dashboard(date(2022, 2, 24), "u")
