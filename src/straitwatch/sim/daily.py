# SPDX-License-Identifier: EUPL-1.2
"""The Home Office daily small-boat figures the simulator reproduces (shipped in
``sim/data``, OGL v3.0: "Source: Home Office and Border Force, UK Government").

>>> from datetime import date
>>> daily_figures(date(2022, 8, 22))
DailyFigures(day=datetime.date(2022, 8, 22), people=1137, boats=25)
"""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from straitwatch.errors import InvalidInput

__all__ = ["DailyFigures", "daily_figures"]


@dataclass(frozen=True, slots=True)
class DailyFigures:
    """People and boats detected arriving in the UK by small boat on one day."""

    day: date
    people: int
    boats: int


@cache
def _series() -> dict[date, DailyFigures]:
    raw = resources.files("straitwatch.sim").joinpath(
        "data", "uk_small_boats_daily_homeoffice.csv.gz"
    )
    text = gzip.decompress(raw.read_bytes()).decode("utf-8")
    out = {}
    for row in csv.DictReader(io.StringIO(text)):
        day = date.fromisoformat(row["date"])
        out[day] = DailyFigures(day, int(row["migrants_arrived"]), int(row["boats_arrived"]))
    return out


def daily_figures(day: date) -> DailyFigures:
    """The published figures for ``day``, or :class:`InvalidInput` naming the covered span."""
    series = _series()
    if day not in series:
        first, last = min(series), max(series)
        raise InvalidInput(f"no Home Office figures for {day}: the series covers {first} to {last}")
    return series[day]
