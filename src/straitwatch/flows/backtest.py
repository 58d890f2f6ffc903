# SPDX-License-Identifier: EUPL-1.2
"""Rolling-origin evaluation of the forecasts against a seasonal-naive forecast.

From every day of the test period (the *origin*) we forecast the next ``h`` days using
only the data before the origin, exactly as :func:`~straitwatch.flows.forecast.forecast`
would have on that day. The model's profile is refitted every ``refit_days`` (its level
moves every day); intervals are calibrated on origins before each refit.

The peer is the **seasonal-naive** forecast with a weekly season: each coming day gets
the value of the same weekday in the last observed week. **MASE** here is the model's
MAE divided by the seasonal-naive MAE over the same origins and lead times (values
below 1 beat the naive forecast). Interval **coverage** is the share of actual days
inside the interval, to compare with the nominal level.

>>> result = backtest(ds, date(2023, 1, 1))["migrants_arrived"]   # doctest: +SKIP
>>> result.scores[0].mase                                         # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from straitwatch.errors import InvalidInput
from straitwatch.flows.dataset import FlowsDataset
from straitwatch.flows.forecast import SERIES
from straitwatch.flows.model import Array, ModelConfig, calibrate, fit_profile, levels, paths
from straitwatch.flows.weather import WeatherSeries

__all__ = ["BacktestResult", "HorizonScore", "backtest", "backtest_series", "seasonal_naive"]


@dataclass(frozen=True)
class HorizonScore:
    """Scores over lead times 1..``horizon_days`` for every origin."""

    horizon_days: int
    origins: int
    mae: float
    mae_naive: float
    mase: float
    coverage: dict[float, float]
    total_mae: float
    total_mae_naive: float
    total_coverage: dict[float, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "horizon_days": self.horizon_days,
            "origins": self.origins,
            "mae": round(self.mae, 2),
            "mae_seasonal_naive": round(self.mae_naive, 2),
            "mase": round(self.mase, 3),
            "coverage": {f"{round(c * 100)}%": round(v, 3) for c, v in self.coverage.items()},
            "total_mae": round(self.total_mae, 1),
            "total_mae_seasonal_naive": round(self.total_mae_naive, 1),
            "total_relative_mae": round(self.total_mae / self.total_mae_naive, 3),
            "total_coverage": {
                f"{round(c * 100)}%": round(v, 3) for c, v in self.total_coverage.items()
            },
        }


@dataclass(frozen=True)
class BacktestResult:
    series: str
    first_origin: date
    last_origin: date
    refit_days: int
    weather: bool
    scores: tuple[HorizonScore, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "series": self.series,
            "first_origin": self.first_origin.isoformat(),
            "last_origin": self.last_origin.isoformat(),
            "refit_days": self.refit_days,
            "weather": self.weather,
            "peer": "seasonal naive (same weekday, last observed week)",
            "scores": [s.to_dict() for s in self.scores],
        }


def seasonal_naive(y: Array, origins: np.ndarray, horizon: int, season: int = 7) -> Array:
    """Same-weekday-last-week forecasts: rows are origins, columns lead times 1..horizon."""
    lead = np.arange(1, horizon + 1)
    back = season * np.ceil(lead / season).astype(int)
    return np.asarray(y[origins[:, None] - 1 + lead[None, :] - back[None, :]], dtype=float)


def backtest_series(
    y: pd.Series,
    start: date,
    horizons: tuple[int, ...] = (7, 14),
    refit_days: int = 28,
    weather: WeatherSeries | None = None,
    config: ModelConfig | None = None,
) -> BacktestResult:
    """Rolling-origin scores of one daily series from ``start`` to the last full horizon."""
    config = config or ModelConfig()
    days = pd.DatetimeIndex(y.index)
    values = y.to_numpy(dtype=float)
    horizon = max(horizons)
    first = int(days.searchsorted(pd.Timestamp(start)))
    last = len(values) - horizon
    if first < 3 * 365 or first > last:
        raise InvalidInput(
            f"backtest start {start} must leave 3 years of history before it and {horizon} "
            f"days after it (data: {days[0].date()} to {days[-1].date()})"
        )
    w_all = weather.matrix(days) if weather is not None else None
    means, lows, highs, t_lows, t_highs, origin_list = [], [], [], [], [], []
    for block in range(first, last + 1, refit_days):
        profile = fit_profile(values[:block], days[:block], _rows(w_all, block), config)
        s = np.exp(profile.log_effect(days, w_all))
        ratio = calibrate(values[:block], s[:block], block, horizon, config)
        origins = np.arange(block, min(block + refit_days, last + 1))
        idx = origins[:, None] + np.arange(horizon)[None, :]
        mean = paths(levels(values, s, origins, config), s[idx])
        total = np.cumsum(mean, axis=1)
        means.append(mean)
        lows.append(mean[:, :, None] * ratio[None, :horizon, :, 0])
        highs.append(mean[:, :, None] * ratio[None, :horizon, :, 1])
        t_lows.append(total[:, :, None] * ratio[None, horizon:, :, 0])
        t_highs.append(total[:, :, None] * ratio[None, horizon:, :, 1])
        origin_list.append(origins)
    origins = np.concatenate(origin_list)
    actual = values[origins[:, None] + np.arange(horizon)[None, :]]
    naive = seasonal_naive(values, origins, horizon)
    mean, low, high = np.concatenate(means), np.concatenate(lows), np.concatenate(highs)
    t_low, t_high = np.concatenate(t_lows), np.concatenate(t_highs)
    scores = tuple(
        _score(h, actual, mean, naive, low, high, t_low, t_high, config) for h in horizons
    )
    return BacktestResult(
        series=str(y.name),
        first_origin=days[origins[0]].date(),
        last_origin=days[origins[-1]].date(),
        refit_days=refit_days,
        weather=weather is not None,
        scores=scores,
    )


def _rows(matrix: Array | None, end: int) -> Array | None:
    return None if matrix is None else matrix[:end]


def _score(
    h: int,
    actual: Array,
    mean: Array,
    naive: Array,
    low: Array,
    high: Array,
    t_low: Array,
    t_high: Array,
    config: ModelConfig,
) -> HorizonScore:
    a, m, n = actual[:, :h], mean[:, :h], naive[:, :h]
    mae, mae_naive = float(np.abs(m - a).mean()), float(np.abs(n - a).mean())
    coverage = {
        c: float(((a >= low[:, :h, i]) & (a <= high[:, :h, i])).mean())
        for i, c in enumerate(config.coverages)
    }
    total_a, total_m, total_n = a.sum(axis=1), m.sum(axis=1), n.sum(axis=1)
    total_coverage = {
        c: float(((total_a >= t_low[:, h - 1, i]) & (total_a <= t_high[:, h - 1, i])).mean())
        for i, c in enumerate(config.coverages)
    }
    return HorizonScore(
        horizon_days=h,
        origins=len(a),
        mae=mae,
        mae_naive=mae_naive,
        mase=mae / mae_naive if mae_naive else float("nan"),
        coverage=coverage,
        total_mae=float(np.abs(total_m - total_a).mean()),
        total_mae_naive=float(np.abs(total_n - total_a).mean()),
        total_coverage=total_coverage,
    )


def backtest(
    ds: FlowsDataset,
    start: date,
    horizons: tuple[int, ...] = (7, 14),
    refit_days: int = 28,
    weather: WeatherSeries | None = None,
    end: date | None = None,
) -> dict[str, BacktestResult]:
    """Backtests of people and boats from ``start`` (data up to ``end`` when given)."""
    data = ds.as_of(end) if end else ds
    return {
        name: backtest_series(data.daily[name], start, horizons, refit_days, weather)
        for name in SERIES
    }
