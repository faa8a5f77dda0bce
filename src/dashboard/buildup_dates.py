"""What the border buildup map shows for one date: the sites as known then, the latest
total estimate, the records nearest in time.

The map page calls these on every run (each new date of its slider), over frames of a few
dozen to a few hundred rows, so they work on the columns' arrays and select rows once:
a chain of pandas filters and sorts cost about 16 ms a run, these about 2 ms. Re-exported
by :mod:`dashboard.buildup_map`.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from dashboard.schemas import CONFIDENCE

FRESH_DAYS = 30  # an observation this recent is drawn at full strength
FADE_DAYS = 150  # then it fades over this many days
MIN_OPACITY = 0.25
#: Only estimates of all forces near Ukraine make the map's headline figure.
TOTAL_SCOPE = "all_near_ukraine"
TALK_KINDS = ("Meeting", "Statement")
_DAY = np.timedelta64(1, "D")


def _opacity(age_days: np.ndarray) -> np.ndarray:
    faded = 1 - (age_days - FRESH_DAYS) / FADE_DAYS * (1 - MIN_OPACITY)
    return np.clip(np.where(age_days <= FRESH_DAYS, 1.0, faded), MIN_OPACITY, 1.0)


def _day(as_of: date) -> np.datetime64:
    return pd.Timestamp(as_of).to_datetime64()


def sites_as_of(sites: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """The buildup as known on ``as_of``: the latest observation of each site up to then
    (of one day's, the one listed last), nearest to Ukraine first.

    Adds ``observations`` (how many reports of the site up to that date), ``age_days`` and
    ``opacity`` (older observations fade).
    """
    dates = sites["date"].to_numpy()
    known = np.flatnonzero(dates <= _day(as_of))
    if not len(known):
        return sites.iloc[:0].assign(age_days=pd.Series(dtype="int64"),
                                     opacity=pd.Series(dtype="float64"),
                                     observations=pd.Series(dtype="int64"))
    known = known[np.argsort(dates[known], kind="stable")]
    names = sites["site"].to_numpy(dtype=object)[known]
    _, first_of, counts = np.unique(names[::-1], return_index=True, return_counts=True)
    last = np.sort(len(known) - 1 - first_of)  # each site's latest row, in date order
    rows = known[last]
    order = np.lexsort((names[last], sites["distance_km"].to_numpy()[rows]))
    rows = rows[order]
    observations = dict(zip(names[::-1][first_of], counts, strict=True))
    age = ((_day(as_of) - dates[rows]) // _DAY).astype("int64")
    return sites.iloc[rows].reset_index(drop=True).assign(
        observations=np.array([observations[n] for n in names[last][order]], dtype="int64"),
        age_days=age, opacity=_opacity(age))


def headline_estimate(estimates: pd.DataFrame, as_of: date) -> pd.Series | None:
    """The most recent estimate of all forces near Ukraine stated on or before ``as_of``.

    Of several on that day, the best-supported one (confidence high, medium, low),
    then the highest figure; then the one listed first.
    """
    dates = estimates["date"].to_numpy()
    known = np.flatnonzero((dates <= _day(as_of))
                           & (estimates["scope"].to_numpy(dtype=object) == TOTAL_SCOPE))
    if not len(known):
        return None
    same_day = known[dates[known] == dates[known].max()]
    ranks = {c: i for i, c in enumerate(CONFIDENCE)}
    confidence = estimates["confidence"].to_numpy(dtype=object)
    high = estimates["troops_high"].to_numpy(dtype="float64", na_value=np.nan)

    def key(i: int) -> tuple:
        rank = ranks.get(confidence[i], np.inf)
        return (rank, -high[i] if not np.isnan(high[i]) else np.inf, i)

    best = min(same_day, key=key)
    return estimates.iloc[best].rename(estimates.index[best])


def nearest_records(records: pd.DataFrame, as_of: date, n: int = 6) -> pd.DataFrame:
    """Meetings and statements closest in time to ``as_of`` (those that explain the date),
    with ``days_away``; of equally close ones the earlier, then the one listed first."""
    talk = np.flatnonzero(np.isin(records["kind"].to_numpy(dtype=object), TALK_KINDS))
    if not len(talk):
        return records.iloc[:0]
    dates = records["date"].to_numpy()[talk]
    days_away = (np.abs(dates - _day(as_of)) // _DAY).astype("int64")
    nearest = np.lexsort((dates, days_away))[:n]
    return records.iloc[talk[nearest]].assign(days_away=days_away[nearest])
