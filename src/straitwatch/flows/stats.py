# SPDX-License-Identifier: EUPL-1.2
"""Crossing statistics: arrivals, boats, people per boat, trends and prevention, per period.

Pure functions of a :class:`~straitwatch.flows.dataset.FlowsDataset`. Periods are days,
ISO weeks (Monday to Sunday, as the Home Office weeks), calendar months or years; a
period cut by the edge of the data or of the asked range is marked ``complete=False`` and
compared with the *same days* a year earlier, so a year to date is set against the same
stretch of last year, never against a whole year.

Prevention figures are operational estimates supplied by the French authorities (people
stopped from departing or returned to France, finds of equipment, facilitator arrests),
published weekly from the week ending 2024-05-05. The share prevented is
``prevented / (prevented + arrived)`` over the weeks where both are published.

>>> table = arrivals(ds, Granularity.YEAR)                    # doctest: +SKIP
>>> int(table.loc[table.period == "2022", "migrants_arrived"].iloc[0])  # doctest: +SKIP
45755
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

import numpy as np
import pandas as pd

from straitwatch.errors import InvalidInput
from straitwatch.flows.dataset import FlowsDataset

__all__ = [
    "PREVENTION_NOTE",
    "ROLLING_PERIODS",
    "Granularity",
    "arrivals",
    "period_end",
    "period_label",
    "period_start",
    "prevention",
    "ratio",
]

PREVENTION_NOTE = (
    "Prevention figures are operational estimates supplied by the French authorities "
    "(weekly from the week ending 2024-05-05); share = prevented / (prevented + arrived)."
)


class Granularity(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


ROLLING_PERIODS = {
    Granularity.DAY: 7,
    Granularity.WEEK: 4,
    Granularity.MONTH: 3,
    Granularity.YEAR: 1,
}
"""How many periods (this one and those before) the rolling mean spans."""


def period_start(days: pd.DatetimeIndex, by: Granularity) -> pd.DatetimeIndex:
    """The first day of the period each day falls in."""
    if by is Granularity.DAY:
        return days
    if by is Granularity.WEEK:
        return days - pd.to_timedelta(days.day_of_week, unit="D")
    if by is Granularity.MONTH:
        return days.to_period("M").to_timestamp()
    return days.to_period("Y").to_timestamp()


def period_end(starts: pd.DatetimeIndex, by: Granularity) -> pd.DatetimeIndex:
    """The last day of each period."""
    if by is Granularity.DAY:
        return starts
    if by is Granularity.WEEK:
        return starts + pd.Timedelta(days=6)
    if by is Granularity.MONTH:
        return starts + pd.offsets.MonthEnd(0)
    return starts + pd.offsets.YearEnd(0)


def period_label(start: pd.Timestamp, by: Granularity) -> str:
    """``2025-08-04``, ``2025-W32``, ``2025-08`` or ``2025``."""
    if by is Granularity.DAY:
        return start.strftime("%Y-%m-%d")
    if by is Granularity.WEEK:
        iso = start.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    return start.strftime("%Y-%m") if by is Granularity.MONTH else start.strftime("%Y")


def _year_back(stamps: pd.DatetimeIndex, by: Granularity) -> pd.DatetimeIndex:
    # Days and weeks look back 52 weeks (same weekday); months and years a calendar year.
    if by in (Granularity.DAY, Granularity.WEEK):
        return stamps - pd.Timedelta(days=364)
    return stamps - pd.DateOffset(years=1)


def ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """Element-wise ``numerator / denominator``, NaN where the denominator is not > 0."""
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    out = np.full(num.shape, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


def _span_sums(
    cumulative: np.ndarray, index: pd.DatetimeIndex, lo: pd.DatetimeIndex, hi: pd.DatetimeIndex
) -> np.ndarray:
    """Sum of a daily series over [lo, hi] per row, NaN where the span leaves the data."""
    i = index.searchsorted(lo, side="left")
    j = index.searchsorted(hi, side="right")
    padded = np.concatenate([[0.0], cumulative])
    sums = padded[j] - padded[i]
    inside = (lo >= index[0]) & (hi <= index[-1]) if len(index) else np.zeros(len(lo), bool)
    return np.where(inside, sums, np.nan)


def _bounds(ds: FlowsDataset, start: date | None, end: date | None) -> tuple[pd.Timestamp, ...]:
    if ds.daily.empty:
        raise InvalidInput("no daily arrivals loaded: run `straitwatch flows load`")
    first, last = ds.daily.index[0], ds.daily.index[-1]
    lo = max(pd.Timestamp(start), first) if start else first
    hi = min(pd.Timestamp(end), last) if end else last
    if lo > hi:
        raise InvalidInput(
            f"no daily arrivals between {start} and {end} (data: {first.date()} to {last.date()})"
        )
    return lo, hi


def arrivals(
    ds: FlowsDataset, by: Granularity, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """People and boats detected arriving per period, with trend and year-on-year change.

    Columns: ``period, start, end, days, complete, migrants_arrived, boats_arrived,
    people_per_boat, rolling_mean_migrants, last_year_migrants, yoy_change_pct``.
    """
    lo, hi = _bounds(ds, start, end)
    daily = ds.daily
    days = pd.DatetimeIndex(daily.index)
    starts = period_start(days, by)
    grouped = daily[["migrants_arrived", "boats_arrived"]].groupby(starts).sum()
    counts = pd.Series(1, index=days).groupby(starts).sum()
    table = grouped.assign(days=counts.to_numpy())
    window = ROLLING_PERIODS[by]
    table["rolling_mean_migrants"] = table["migrants_arrived"].rolling(window, 1).mean()
    table = table.loc[
        (table.index >= period_start(pd.DatetimeIndex([lo]), by)[0]) & (table.index <= hi)
    ]
    p_start = pd.DatetimeIndex(table.index)
    s = p_start.where(p_start >= lo, lo)
    full_end = period_end(p_start, by)
    e = full_end.where(full_end <= hi, hi)
    cumulative = np.cumsum(daily["migrants_arrived"].to_numpy(dtype=float))
    migrants = _span_sums(cumulative, days, s, e)
    boats = _span_sums(np.cumsum(daily["boats_arrived"].to_numpy(dtype=float)), days, s, e)
    last_year = _span_sums(cumulative, days, _year_back(s, by), _year_back(e, by))
    out = pd.DataFrame(
        {
            "period": [period_label(t, by) for t in p_start],
            "start": s.date,
            "end": e.date,
            "days": ((e - s).days + 1).to_numpy(),
            "complete": ((s == p_start) & (e == full_end)),
            "migrants_arrived": migrants.astype(np.int64),
            "boats_arrived": boats.astype(np.int64),
            "people_per_boat": ratio(migrants, boats),
            "rolling_mean_migrants": table["rolling_mean_migrants"].to_numpy(),
            "last_year_migrants": last_year,
            "yoy_change_pct": 100.0 * ratio(migrants - last_year, last_year),
        }
    )
    return out.reset_index(drop=True)


def prevention(
    ds: FlowsDataset, by: Granularity, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """French prevention estimates and the share prevented, per week, month or year.

    A week counts in the month or year its last day (Sunday) falls in, as published.
    Columns: ``period, weeks, migrants_prevented, events_prevented,
    migrants_arrived_same_weeks, prevention_share``. Periods with no prevention figures
    are left out.
    """
    if by is Granularity.DAY:
        raise InvalidInput("prevention is published per week: use --by week, month or year")
    weekly = ds.weekly.loc[ds.weekly["migrants_prevented"].notna()]
    if start:
        weekly = weekly.loc[weekly.index >= pd.Timestamp(start)]
    if end:
        weekly = weekly.loc[weekly.index <= pd.Timestamp(end)]
    columns = ["migrants_prevented", "events_prevented", "migrants_arrived"]
    if weekly.empty:
        return pd.DataFrame(
            columns=[
                "period",
                "weeks",
                *columns[:2],
                "migrants_arrived_same_weeks",
                "prevention_share",
            ]
        )
    ends = pd.DatetimeIndex(weekly.index)
    keys = (
        period_start(ends - pd.Timedelta(days=6), by)
        if by is Granularity.WEEK
        else period_start(ends, by)
    )
    frame = weekly[columns].astype(np.int64)
    grouped = frame.groupby(keys).sum()
    weeks = frame.groupby(keys).size()
    prevented = grouped["migrants_prevented"].to_numpy(dtype=float)
    arrived = grouped["migrants_arrived"].to_numpy(dtype=float)
    return pd.DataFrame(
        {
            "period": [period_label(t, by) for t in pd.DatetimeIndex(grouped.index)],
            "weeks": weeks.to_numpy(),
            "migrants_prevented": grouped["migrants_prevented"].to_numpy(),
            "events_prevented": grouped["events_prevented"].to_numpy(),
            "migrants_arrived_same_weeks": grouped["migrants_arrived"].to_numpy(),
            "prevention_share": ratio(prevented, prevented + arrived),
        }
    )
