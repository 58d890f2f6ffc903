# SPDX-License-Identifier: EUPL-1.2
"""The Home Office small-boat series (sheets SB_01 daily and SB_02 weekly) as checked frames.

The workbook and its CSV export both end here, after :mod:`straitwatch.flows.tabular` has
typed every cell. What is checked on top is what makes the series a series: one row per
day with no gap (one per Sunday for the weeks), uncontrolled landings never more than
the boats, and, across the sheets, every week equal to the sum of its days (a mismatch is
reported, not silently fixed: the publisher revises the two sheets together).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import cast

import numpy as np
import pandas as pd

from straitwatch.errors import InvalidInput

__all__ = ["daily_frame", "reconcile_weeks", "weekly_frame"]

_COUNTS = ("migrants_arrived", "boats_arrived")
_OPTIONAL = ("boats_uncontrolled", "migrants_prevented", "events_prevented")


def _check_steps(days: list[date], step_days: int, locators: Sequence[str], what: str) -> None:
    step = timedelta(days=step_days)
    for i in range(1, len(days)):
        if days[i] - days[i - 1] != step:
            raise InvalidInput(
                f"{locators[i]}: {what} {days[i]} follows {days[i - 1]}; the series must run "
                f"in order, one row every {step_days} day(s), with no gap"
            )


def _frame(columns: dict[str, list[object]], index_name: str) -> pd.DataFrame:
    index = pd.DatetimeIndex(pd.to_datetime(cast(list[date], columns[index_name])), name=index_name)
    data: dict[str, object] = {}
    for name in _COUNTS:
        data[name] = np.asarray(columns[name], dtype=np.int64)
    for name in _OPTIONAL:
        if name in columns:
            data[name] = pd.array(cast(list[int | None], columns[name]), dtype="Int64")
    notes = [str(n or "") for n in columns["notes"]]
    data["marked_revised"] = np.array(["revised" in n.casefold() for n in notes], dtype=bool)
    return pd.DataFrame(data, index=index)


def _check_uncontrolled(frame: pd.DataFrame, locators: Sequence[str]) -> None:
    over = (frame["boats_uncontrolled"].fillna(0) > frame["boats_arrived"]).to_numpy()
    if over.any():
        i = int(np.flatnonzero(over)[0])
        raise InvalidInput(
            f"{locators[i]}: more boats in uncontrolled landings than boats arrived "
            f"({frame['boats_uncontrolled'].iloc[i]} > {frame['boats_arrived'].iloc[i]})"
        )


def daily_frame(columns: dict[str, list[object]], locators: Sequence[str]) -> pd.DataFrame:
    """Daily arrivals indexed by ``day``: people, boats, uncontrolled landings, revised mark."""
    days = [d for d in columns["day"] if isinstance(d, date)]
    _check_steps(days, 1, locators, "date")
    frame = _frame(columns, "day")
    _check_uncontrolled(frame, locators)
    return frame


def weekly_frame(columns: dict[str, list[object]], locators: Sequence[str]) -> pd.DataFrame:
    """Weekly arrivals and French prevention estimates indexed by ``week_ending`` (Sundays)."""
    weeks = [d for d in columns["week_ending"] if isinstance(d, date)]
    for i, week in enumerate(weeks):
        if week.isoweekday() != 7:
            raise InvalidInput(f"{locators[i]}: week ending {week} is not a Sunday")
    _check_steps(weeks, 7, locators, "week ending")
    frame = _frame(columns, "week_ending")
    _check_uncontrolled(frame, locators)
    lone = frame["migrants_prevented"].isna() != frame["events_prevented"].isna()
    if lone.any():
        i = int(np.flatnonzero(lone.to_numpy())[0])
        raise InvalidInput(
            f"{locators[i]}: migrants prevented and events prevented must be given together"
        )
    return frame


def reconcile_weeks(daily: pd.DataFrame, weekly: pd.DataFrame) -> list[str]:
    """Weeks whose arrivals differ from the sum of their days, as readable warnings.

    Only weeks fully covered by the daily series are compared.
    """
    if daily.empty or weekly.empty:
        return []
    sums = daily[list(_COUNTS)].resample("W-SUN").sum()
    first_full = daily.index[0] + pd.Timedelta(days=6)
    common = weekly.index[(weekly.index >= first_full) & (weekly.index <= daily.index[-1])]
    warnings = []
    for week in common:
        for name in _COUNTS:
            published, summed = int(weekly[name].loc[week]), int(sums[name].loc[week])
            if published != summed:
                warnings.append(
                    f"week ending {week.date()}: weekly {name} {published} but the days "
                    f"sum to {summed}"
                )
    return warnings
