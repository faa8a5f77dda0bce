"""What a fresh server's first page imports: none of the map's heavy libraries.

Cold start is measured against a one-chart app (bench/server.py, docs/PERFORMANCE.md); the
first page must not pay for geopandas, shapely or pydeck, which only the map page uses.
"""

from __future__ import annotations

import subprocess
import sys

FIRST_PAGE = """
import sys
import streamlit
from dashboard import compat, overview, records, snapshot, timeline
from dashboard.text import fmt_date, md_escape
from dashboard.ui import data, state, style, widgets
from dashboard.views import ALL_VIEWS
print(" ".join(m for m in ("geopandas", "shapely", "pydeck", "jinja2", "pyogrio")
               if m in sys.modules))
"""


def test_the_first_page_imports_no_map_library():
    out = subprocess.run([sys.executable, "-c", FIRST_PAGE], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.split() == []
