# SPDX-License-Identifier: EUPL-1.2
"""Forecasts of daily arrivals and boats 1-28 days ahead, with prediction intervals.

:func:`forecast` fits the seasonal-level model (:mod:`straitwatch.flows.model`) on all
the data up to a day and projects the coming days; a weather series, when supplied,
sharpens the days it covers. Each forecast carries daily means and intervals, and the
running total with its own intervals (the total over a week is far more predictable than
any one day, which depends on that day's sea).

>>> fc = forecast(ds, days=14)["migrants_arrived"]     # doctest: +SKIP
>>> fc.to_dict()["total"]["mean"]                      # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from straitwatch.errors import InvalidInput
from straitwatch.flows.dataset import FlowsDataset
from straitwatch.flows.model import Array, ModelConfig, calibrate, fit_profile, levels, paths
from straitwatch.flows.weather import WeatherSeries

__all__ = ["SERIES", "Forecast", "forecast", "forecast_series"]

SERIES = ("migrants_arrived", "boats_arrived")
_MIN_HISTORY_DAYS = 3 * 365


@dataclass(frozen=True)
class Forecast:
    """Forecast of one daily series: means and interval bounds per coming day and for the
    running total, by nominal coverage (0.8, 0.95)."""

    series: str
    data_end: date
    days: tuple[date, ...]
    mean: Array
    bounds: dict[float, tuple[Array, Array]]
    total_mean: Array
    total_bounds: dict[float, tuple[Array, Array]]
    level_per_day: float
    weather_days: int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able view: one row per day, and the running total."""

        def rows(mean: Array, bounds: dict[float, tuple[Array, Array]]) -> list[dict[str, Any]]:
            out = []
            for i, day in enumerate(self.days):
                row: dict[str, Any] = {"date": day.isoformat(), "mean": round(float(mean[i]), 1)}
                for coverage, (low, high) in bounds.items():
                    pct = round(coverage * 100)
                    row[f"low{pct}"] = round(float(low[i]), 1)
                    row[f"high{pct}"] = round(float(high[i]), 1)
                out.append(row)
            return out

        return {
            "series": self.series,
            "data_end": self.data_end.isoformat(),
            "level_per_day": round(self.level_per_day, 2),
            "weather_days": self.weather_days,
            "daily": rows(self.mean, self.bounds),
            "total": rows(self.total_mean, self.total_bounds),
        }


def forecast_series(
    y: pd.Series,
    days: int,
    weather: WeatherSeries | None = None,
    config: ModelConfig | None = None,
) -> Forecast:
    """Forecast ``days`` days after the last day of the daily series ``y`` (day index)."""
    config = config or ModelConfig()
    if not 1 <= days <= config.max_horizon_days:
        raise InvalidInput(f"--days must be between 1 and {config.max_horizon_days}, not {days}")
    if len(y) < _MIN_HISTORY_DAYS:
        raise InvalidInput(
            f"forecasting needs at least {_MIN_HISTORY_DAYS} days of history, have {len(y)}"
        )
    history = pd.DatetimeIndex(y.index)
    future = pd.date_range(history[-1] + pd.Timedelta(days=1), periods=days, freq="D")
    values = y.to_numpy(dtype=float)
    w_hist = weather.matrix(history) if weather is not None else None
    if w_hist is not None:
        usable = ~np.isnan(w_hist).all(axis=0)
        w_hist = w_hist[:, usable] if usable.any() else None
    profile = fit_profile(values, history, w_hist, config)
    s_hist = np.exp(profile.log_effect(history, w_hist))
    w_future = None
    if weather is not None and w_hist is not None:
        w_future = weather.matrix(future)[:, ~np.isnan(weather.matrix(history)).all(axis=0)]
    s_future = np.exp(profile.log_effect(future, w_future))
    level = levels(values, s_hist, np.array([len(values)]), config)
    mean = paths(level, s_future[None, :])[0]
    ratio = calibrate(values, s_hist, len(values), days, config)
    daily_ratio, total_ratio = ratio[:days], ratio[days:]
    total = np.cumsum(mean)
    bounds = {
        c: (mean * daily_ratio[:, i, 0], mean * daily_ratio[:, i, 1])
        for i, c in enumerate(config.coverages)
    }
    total_bounds = {
        c: (total * total_ratio[:, i, 0], total * total_ratio[:, i, 1])
        for i, c in enumerate(config.coverages)
    }
    return Forecast(
        series=str(y.name),
        data_end=history[-1].date(),
        days=tuple(d.date() for d in future),
        mean=mean,
        bounds=bounds,
        total_mean=total,
        total_bounds=total_bounds,
        level_per_day=float(level[0]),
        weather_days=weather.known_days(future) if weather is not None else 0,
    )


def forecast(
    ds: FlowsDataset,
    days: int = 14,
    weather: WeatherSeries | None = None,
    as_of: date | None = None,
    config: ModelConfig | None = None,
) -> dict[str, Forecast]:
    """Forecasts of people and boats for the ``days`` after ``as_of`` (default: the data's end)."""
    data = ds.as_of(as_of) if as_of else ds
    if data.daily.empty:
        raise InvalidInput("no daily arrivals loaded: run `straitwatch flows load`")
    return {name: forecast_series(data.daily[name], days, weather, config) for name in SERIES}
