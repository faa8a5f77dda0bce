"""At least 200 generated malformed query strings per view: defaults plus a notice, no error."""

from __future__ import annotations

import random
import string
from datetime import date
from urllib.parse import parse_qs

import pytest
from conftest import DATA_DIR

from dashboard import buildup_map, catalog, filters
from dashboard import positions as pos
from dashboard.datasets import load_datasets
from dashboard.records import all_records

N = 220
ALPHABET = string.printable + "éж中<>\"'%&=;\u200b\u202e\x00"


def garbage_queries(keys: tuple[str, ...], seed: int) -> list[dict[str, list[str]]]:
    """Query strings as a browser would send them: random keys and values, some repeated."""
    rng = random.Random(seed)
    out = []
    for _ in range(N):
        parts = []
        for _ in range(rng.randint(1, 6)):
            key = rng.choice(keys + ("", "x", "%zz", "a" * 50))
            value = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 60)))
            parts.append(f"{key}={value}")
        parsed = parse_qs("&".join(parts), keep_blank_values=True)
        out.append(parsed or {"junk": ["1"]})
    return out


@pytest.fixture(scope="module")
def ds():
    return load_datasets(DATA_DIR)


def test_timeline_and_overview_parameters(ds):
    records = all_records(ds)
    vocab = filters.vocabulary(records, story_steps=13)
    noticed = 0
    for query in garbage_queries(filters.PARAMS, 1):
        state, notices = filters.from_params(query, vocab)
        assert state.start <= state.end
        assert set(state.sides) <= vocab.sides and set(state.kinds) <= vocab.kinds
        noticed += bool(notices)
    assert noticed > N * 0.9


def test_map_parameters(ds):
    bounds = (date(2021, 3, 31), date(2022, 2, 23))
    sites = frozenset(ds.deployments["deployment_id"])
    for query in garbage_queries(buildup_map.MAP_PARAMS, 2):
        state, notices = buildup_map.state_from_params(query, bounds, sites)
        assert bounds[0] <= state.as_of <= bounds[1]
        assert state.within_km in buildup_map.DISTANCE_CHOICES
        assert state.site is None or state.site in sites


def test_positions_parameters():
    bounds = (date(2021, 4, 1), date(2025, 12, 14))
    docs = pos.RUSSIAN_DOCUMENTS
    for query in garbage_queries(pos.STATE_PARAMS, 3):
        state, _ = pos.state_from_params(query, bounds, docs)
        assert bounds[0] <= state.as_of <= bounds[1]
        assert set(state.documents) <= set(docs) and len(state.text) <= 200


@pytest.mark.parametrize(("page", "keys", "seed"), [
    ("pages/timeline.py", filters.PARAMS, 11), ("pages/map.py", buildup_map.MAP_PARAMS, 12),
    ("pages/positions.py", pos.STATE_PARAMS, 13),
    ("pages/data.py", catalog.SPEC.names(), 14), ("pages/overview.py", ("x",), 15),
])
def test_pages_survive_malformed_links(page, keys, seed, app_test):
    """A sample of the generated links, through the whole app (each run is a fresh session).

    The seed is fixed per page, so a failure can be replayed; it is printed with it."""
    for i, query in enumerate(garbage_queries(keys, seed)[:8]):
        params = {k: v[0] for k, v in query.items() if k}
        at = app_test(page, DATA_DIR, params).run()
        assert not at.exception, (f"seed {seed}, query {i}", params, at.exception)
