"""What a fresh server's first page imports: none of the map's heavy libraries, and no
pandera when the data's snapshot is there.

Cold start is measured against a one-chart app (bench/server.py, docs/PERFORMANCE.md); the
first page must not pay for geopandas, shapely or pydeck, which only the map page uses, nor
for the validator of files that were already checked.
"""

from __future__ import annotations

import os
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



WARM_START = """
import sys
from dashboard.ui import data
data.warm()  # what a server does before its first page: data, records, vocabularies
print(" ".join(sorted({m.split(".")[0] for m in sys.modules} & {"pandera", "pydantic"})))
"""


def test_a_server_starting_from_the_snapshot_never_imports_pandera(tmp_path):
    """The contract's pandera schemas are made only when a file is validated: a start from
    the data's snapshot does not import pandera (a quarter of a second of the cold start)."""
    from conftest import DATA_DIR

    env = {**os.environ, "DASHBOARD_DATA_DIR": str(DATA_DIR),
           "DASHBOARD_CACHE_DIR": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", WARM_START], capture_output=True,
                           text=True, check=True, timeout=120, env=env)
    assert first.stdout.split() == ["pandera", "pydantic"]  # no snapshot yet: validated
    assert list(tmp_path.glob("data-*.pickle")), "the snapshot was written"
    again = subprocess.run([sys.executable, "-c", WARM_START], capture_output=True,
                           text=True, check=True, timeout=120, env=env)
    assert again.stdout.split() == []
