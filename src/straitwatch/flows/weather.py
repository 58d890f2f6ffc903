# SPDX-License-Identifier: EUPL-1.2
"""Daily weather for the Strait as an optional forecast input: wind speed and wave height.

Crossings collapse in rough seas (smugglers rarely launch above about half a metre of
wave), so a forecast that knows the coming days' sea state does much better than one
that only knows the season. No public daily weather series for the Strait ships with
straitwatch: the operator supplies one (observations for the past, a marine forecast for
the coming days) as a CSV with columns ``date, wind_speed_ms, wave_height_m`` (either
value may be empty).

>>> weather = read_weather(Path("dover_strait_weather.csv"))        # doctest: +SKIP
>>> weather.matrix(pd.date_range("2025-08-01", periods=3)).shape    # doctest: +SKIP
(3, 2)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from straitwatch.errors import InvalidInput
from straitwatch.flows.tabular import Field, FieldKind, TableSpec, validate

__all__ = ["VARIABLES", "WEATHER", "WeatherSeries", "read_weather"]

VARIABLES = ("wind_speed_ms", "wave_height_m")
_LIMITS = {"wind_speed_ms": 80.0, "wave_height_m": 30.0}

WEATHER = TableSpec(
    "daily weather (date, wind_speed_ms, wave_height_m)",
    (
        Field("date", "day", FieldKind.DATE),
        Field("wind_speed_ms", "wind_speed_ms", FieldKind.NUMBER, optional=True),
        Field("wave_height_m", "wave_height_m", FieldKind.NUMBER, optional=True),
    ),
    key=("day",),
)


@dataclass(frozen=True)
class WeatherSeries:
    """Daily values indexed by day; NaN where a value is not known."""

    frame: pd.DataFrame

    @classmethod
    def from_columns(
        cls, days: pd.DatetimeIndex, wind_speed_ms: object, wave_height_m: object
    ) -> WeatherSeries:
        """Build a series from arrays (values checked like a file's)."""
        frame = pd.DataFrame(
            {
                "wind_speed_ms": np.asarray(wind_speed_ms, dtype=float),
                "wave_height_m": np.asarray(wave_height_m, dtype=float),
            },
            index=pd.DatetimeIndex(days, name="day"),
        )
        _check(frame, "weather series")
        return cls(frame.sort_index())

    def matrix(self, days: pd.DatetimeIndex) -> NDArray[np.float64]:
        """Values for ``days`` (rows) and :data:`VARIABLES` (columns), NaN where unknown."""
        aligned = self.frame.reindex(pd.DatetimeIndex(days))[list(VARIABLES)]
        return np.asarray(aligned.to_numpy(dtype=float), dtype=float)

    def known_days(self, days: pd.DatetimeIndex) -> int:
        """How many of ``days`` have at least one value."""
        return int((~np.isnan(self.matrix(days))).any(axis=1).sum())


def _check(frame: pd.DataFrame, where: str) -> None:
    for name, limit in _LIMITS.items():
        values = frame[name].to_numpy(dtype=float)
        bad = ~np.isnan(values) & ((values < 0) | (values > limit))
        if bad.any():
            day = frame.index[int(np.flatnonzero(bad)[0])].date()
            raise InvalidInput(
                f"{name} on {day} is {values[bad][0]}, outside 0..{limit:g}", where=where
            )


def read_weather(path: Path) -> WeatherSeries:
    """Read and check a weather CSV; :class:`InvalidInput` names any bad line and column."""
    import csv

    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            rows = [(f"line {reader.line_num}", cells) for cells in reader if any(cells)]
    except OSError as exc:
        raise InvalidInput(f"cannot read weather file: {exc}", where=str(path)) from exc
    columns = validate(WEATHER, header, rows, path.name)
    frame = pd.DataFrame(
        {name: np.array(columns[name], dtype=float) for name in VARIABLES},
        index=pd.DatetimeIndex(pd.to_datetime(pd.Series(columns["day"])), name="day"),
    )
    _check(frame, path.name)
    return WeatherSeries(frame.sort_index())
