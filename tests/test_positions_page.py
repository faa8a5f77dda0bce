"""AppTest over the positions page: date control, filters, links, hostile text."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date

import pytest
from conftest import DATA_DIR

PAGE = "pages/positions.py"


@pytest.fixture
def page(app_test):
    return lambda data_dir=DATA_DIR, **params: app_test(PAGE, data_dir, params).run()


def text_of(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_each_section_opens_from_its_link(page):
    at = page()
    assert not at.exception
    assert [h.value for h in at.header] == ["US and Russia, side by side"]
    assert "NATO enlargement" in text_of(at) and not at.get("plotly_chart")
    at = page(section="demands")
    assert [h.value for h in at.header] == ["Demand by demand"]
    assert "Article 4" in text_of(at) and len(at.get("plotly_chart")) == 1
    at = page(section="proposals", stance="open")
    assert [h.value for h in at.header] == ["The US and NATO proposals"]
    assert at.multiselect(key="p_stances").value == ["open"]
    assert "US proposals" in text_of(at).replace("\\", "")


def test_choosing_a_section_puts_it_in_the_link(page):
    at = page()
    at.get("button_group")[0].set_value("proposals").run()
    assert at.query_params["section"] == "proposals"
    assert [h.value for h in at.header] == ["The US and NATO proposals"]


def test_a_position_and_a_demand_open_beside_the_page(page):
    at = page()
    next(b for b in at.button if b.label == "Open").click().run()
    assert at.query_params["record"].startswith("pos-")
    assert any(c.value.startswith("Position") for c in at.caption)
    at = page(section="demands")
    next(b for b in at.button if b.label == "Open").click().run()
    assert at.query_params["record"].startswith("dem-")


def test_page_shows_issues_tracker_and_chart(page):
    at = page(section="demands")
    assert not at.exception
    text = text_of(at)
    assert "Article 4" in text
    assert len(at.get("plotly_chart")) == 1
    # every demand opens beside the page and links to its record on the timeline
    links = [link.proto for link in at.get("page_link")]
    assert any(p.label == "On the timeline" and "record=dem-us-art1" in p.query_string
               for p in links), links[:3]
    assert sum(b.label == "Open" for b in at.button) >= 10
    assert len(at.get("download_button")) >= 4  # tracker CSV, printable page, PNG, SVG


def test_date_control_changes_positions(page):
    at = page()
    late = text_of(at)
    at.slider(key="p_as_of").set_value(date(2021, 12, 20)).run()
    early = text_of(at)
    assert early != late
    assert "No United States position recorded by this date" in early
    assert any("No position recorded yet on this date for" in c.value for c in at.caption)
    assert at.query_params["as_of"] == "2021-12-20"


def test_stance_filter_narrows_the_tracker_and_the_chart(page):
    at = page(section="demands")
    before = json.loads(at.get("plotly_chart")[0].proto.spec)
    at.multiselect(key="p_stances").set_value(["open"]).run()
    after = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert sum(sum(t["x"]) for t in after["data"]) < sum(sum(t["x"]) for t in before["data"])
    assert "Filtered" in after["layout"]["title"]["subtitle"]["text"]
    assert at.query_params["stance"] == "open"


def test_document_filter_from_the_url(page):
    at = page(doc="Russia–NATO draft agreement", section="demands")
    assert at.multiselect(key="p_docs").value == ["Russia–NATO draft agreement"]
    text = text_of(at)
    assert "Russia–NATO draft agreement, Article 9" in text.replace("\\", "")
    assert "Russia–US draft treaty, Article 1" not in text.replace("\\", "")


def test_bad_params_fall_back_with_a_notice(page):
    at = page(as_of="someday", stance="<b>")
    assert not at.exception
    assert any("could not be followed" in i.value for i in at.info)


def test_hostile_text_is_rendered_as_text(page, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "positions.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0]["position"] = "<script>alert(1)</script> [click](javascript:alert(2)) ![x](x.png)"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    at = page(data_dir=data, as_of="2025-12-14")
    assert not at.exception
    shown = [m.value for m in at.markdown if "alert" in m.value]
    assert shown, "the hostile position is shown"
    for value in shown:
        assert "<script>" not in value and "](javascript:" not in value and "![x]" not in value
        assert "\\<script\\>" in value
