# SPDX-License-Identifier: EUPL-1.2
"""The seasonal-level model of daily crossings: a Poisson profile times a recent level.

Daily arrivals are overdispersed counts driven by season, by the current "level" of
activity (policy, smuggling capacity, the backlog on the French coast) and, day to day,
by the weather: most days see no crossing at all, a calm day may see a thousand people.
The model says

    E[y_t] = level(origin) * S_t,     S_t = exp(season(day of year) + weekday + weather_t)

- ``S`` is fitted by a quasi-Poisson regression (IRLS) over the last few years, with a
  level per calendar year so that growth is not mistaken for season; the season is a few
  Fourier terms of the day of year; weather (wind speed, wave height) enters linearly on
  the log scale when a series is supplied, and days without weather take its average
  effect.
- ``level`` is the ratio of recent arrivals to recent ``S`` (exponentially weighted), so
  it is the de-seasonalised rate of the last months, updated every day without refitting.
- Prediction intervals are empirical: quantiles of ``actual / forecast`` over two years
  of past forecast origins, per lead time. An atom at zero (days with no crossing) makes
  a central interval impossible when more than the tail mass is zero, so the interval
  then runs from 0 to the ``coverage`` quantile.

Pure NumPy over arrays; the fitting and evaluation loops live in
:mod:`straitwatch.flows.forecast` and :mod:`straitwatch.flows.backtest`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

__all__ = ["ModelConfig", "Profile", "calibrate", "fit_profile", "levels", "paths"]

Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class ModelConfig:
    """Settings of the model; the defaults were chosen on 2021-07..2022-12 only (never on
    the 2023+ evaluation period) by rolling-origin MAE (see bench/forecast.py)."""

    profile_years: float = 3.0
    fourier_terms: int = 2
    day_of_week: bool = True
    level_window_days: int = 182
    level_half_life_days: float = 45.0
    calibration_days: int = 730
    coverages: tuple[float, ...] = (0.8, 0.95)
    max_horizon_days: int = 28
    ridge: float = 1e-4


@dataclass(frozen=True)
class Profile:
    """The fitted multiplicative profile ``S``: season, weekday and weather effects."""

    fourier: Array
    weekday: Array
    weather: Array
    weather_mean: Array
    weather_neutral: float
    config: ModelConfig

    def log_effect(self, days: pd.DatetimeIndex, weather: Array | None) -> Array:
        """``log S`` for ``days``; ``weather`` rows with NaN take the average effect."""
        design = _seasonal_design(days, self.config)
        effect = design[0] @ self.fourier + design[1] @ self.weekday
        if self.weather.size:
            if weather is None:
                return effect + self.weather_neutral
            centred = np.asarray(weather, dtype=float) - self.weather_mean
            known = ~np.isnan(centred).any(axis=1)
            w_effect = np.full(len(days), self.weather_neutral)
            w_effect[known] = centred[known] @ self.weather
            effect = effect + w_effect
        return np.asarray(effect, dtype=float)


def _seasonal_design(days: pd.DatetimeIndex, config: ModelConfig) -> tuple[Array, Array]:
    angle = 2 * np.pi * days.day_of_year.to_numpy(dtype=float) / 365.25
    fourier = np.column_stack(
        [f(k * angle) for k in range(1, config.fourier_terms + 1) for f in (np.sin, np.cos)]
    )
    weekday = np.eye(7)[days.day_of_week.to_numpy()][:, 1:]
    if not config.day_of_week:
        weekday = weekday[:, :0]
    return fourier, weekday


def _irls(x: Array, y: Array, ridge: float, iterations: int = 100) -> Array:
    """Quasi-Poisson regression by iteratively reweighted least squares (log link)."""
    beta = np.linalg.lstsq(x, np.log1p(y), rcond=None)[0]
    penalty = ridge * np.eye(x.shape[1])
    for _ in range(iterations):
        eta = np.clip(x @ beta, -30.0, 30.0)
        mu = np.exp(eta)
        z = eta + (y - mu) / mu
        new = np.linalg.solve(x.T @ (mu[:, None] * x) + penalty, x.T @ (mu * z))
        if np.max(np.abs(new - beta)) < 1e-8:
            return np.asarray(new, dtype=float)
        beta = new
    return np.asarray(beta, dtype=float)


def fit_profile(
    y: Array, days: pd.DatetimeIndex, weather: Array | None, config: ModelConfig
) -> Profile:
    """Fit ``S`` on the last ``profile_years`` of ``y`` (days given, oldest first)."""
    keep = days > days[-1] - pd.Timedelta(days=round(config.profile_years * 365.25))
    days, y = days[keep], y[keep]
    fourier, weekday = _seasonal_design(days, config)
    years = days.year.to_numpy()
    year_levels = (years[:, None] == np.unique(years)[None, :]).astype(float)
    columns = [year_levels, fourier, weekday]
    n_weather = 0
    mean = np.zeros(0)
    if weather is not None:
        w = np.asarray(weather, dtype=float)[keep]
        mean = np.nanmean(w, axis=0)
        filled = np.where(np.isnan(w), mean, w) - mean
        columns.append(filled)
        n_weather = w.shape[1]
    beta = _irls(np.column_stack(columns), y, config.ridge)
    n_year, n_f = year_levels.shape[1], fourier.shape[1]
    w_coef = beta[n_year + n_f + weekday.shape[1] :] if n_weather else np.zeros(0)
    neutral = 0.0
    if n_weather:
        seen = ~np.isnan(np.asarray(weather, dtype=float)[keep]).any(axis=1)
        effects = (np.asarray(weather, dtype=float)[keep][seen] - mean) @ w_coef
        neutral = float(np.log(np.mean(np.exp(effects)))) if effects.size else 0.0
    return Profile(
        fourier=beta[n_year : n_year + n_f],
        weekday=beta[n_year + n_f : n_year + n_f + weekday.shape[1]],
        weather=w_coef,
        weather_mean=mean,
        weather_neutral=neutral,
        config=config,
    )


def levels(y: Array, s: Array, origins: NDArray[np.intp], config: ModelConfig) -> Array:
    """The de-seasonalised level at each origin ``o`` from ``y[o - window : o]`` (vectorised).

    ``s`` is the profile ``S`` over the same days as ``y``; origins need a full window.
    """
    window = config.level_window_days
    weights = 0.5 ** (np.arange(window) / config.level_half_life_days)
    numerator = np.convolve(y, weights)[origins - 1]
    denominator = np.convolve(s, weights)[origins - 1]
    return np.asarray(numerator / denominator, dtype=float)


def paths(level: Array, s_future: Array) -> Array:
    """Mean forecasts: one row per origin, one column per lead time."""
    return np.asarray(level[:, None] * s_future, dtype=float)


def calibrate(y: Array, s: Array, end: int, horizon: int, config: ModelConfig) -> Array:
    """Interval bounds as ratios to the mean, per lead time and coverage.

    Uses every origin in the ``calibration_days`` before index ``end`` (data before
    ``end`` only). Returns an array ``[lead, coverage, (low, high)]``; the daily bounds
    come first (``lead`` 0..horizon-1), then the bounds of the running total.
    """
    first = max(config.level_window_days, end - config.calibration_days)
    origins = np.arange(first, end - horizon + 1)
    if origins.size < 30:
        raise ValueError(f"need more history to calibrate intervals ({origins.size} origins)")
    idx = origins[:, None] + np.arange(horizon)[None, :]
    mean = paths(levels(y, s, origins, config), s[idx])
    actual = y[idx]
    daily = _bounds(actual, mean, config.coverages)
    totals = _bounds(np.cumsum(actual, axis=1), np.cumsum(mean, axis=1), config.coverages)
    return np.concatenate([daily, totals], axis=0)


def _bounds(actual: Array, mean: Array, coverages: tuple[float, ...]) -> Array:
    out = np.zeros((actual.shape[1], len(coverages), 2))
    for lead in range(actual.shape[1]):
        ok = mean[:, lead] > 0
        ratio = actual[ok, lead] / mean[ok, lead]
        if ratio.size == 0:
            continue
        zero_mass = float(np.mean(ratio <= 0))
        for c, coverage in enumerate(coverages):
            tail = (1 - coverage) / 2
            if zero_mass >= tail:
                out[lead, c] = (0.0, np.quantile(ratio, coverage))
            else:
                out[lead, c] = np.quantile(ratio, [tail, 1 - tail])
    return out
