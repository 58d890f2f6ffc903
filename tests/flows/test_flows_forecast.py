# SPDX-License-Identifier: EUPL-1.2
"""Forecasts, intervals, weather covariates and the rolling-origin backtest."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from straitwatch.errors import InvalidInput
from straitwatch.flows.backtest import backtest, backtest_series, seasonal_naive
from straitwatch.flows.dataset import FlowsDataset
from straitwatch.flows.forecast import forecast, forecast_series
from straitwatch.flows.model import ModelConfig, fit_profile
from straitwatch.flows.weather import WeatherSeries


def test_forecast_covers_the_days_after_the_data_with_ordered_intervals(
    dataset: FlowsDataset,
) -> None:
    result = forecast(dataset, days=14, as_of=date(2025, 8, 10))
    people, boats = result["migrants_arrived"], result["boats_arrived"]
    assert people.days[0] == date(2025, 8, 11) and len(people.days) == 14
    assert people.data_end == date(2025, 8, 10)
    for fc in (people, boats):
        low80, high80 = fc.bounds[0.8]
        low95, high95 = fc.bounds[0.95]
        assert (low95 <= low80).all() and (low80 <= high80).all() and (high80 <= high95).all()
        assert (fc.mean > 0).all() and (fc.mean < high95).all()
        assert (np.diff(fc.total_mean) > 0).all()
        t_low, t_high = fc.total_bounds[0.8]
        assert (t_low <= fc.total_mean).all() and (fc.total_mean <= t_high).all()
    # People per boat implied by the two forecasts is near the recent load (~60 a boat).
    assert 40 < people.total_mean[-1] / boats.total_mean[-1] < 80


def test_forecast_arguments_are_checked(dataset: FlowsDataset) -> None:
    with pytest.raises(InvalidInput, match="between 1 and 28"):
        forecast(dataset, days=29)
    with pytest.raises(InvalidInput, match="at least 1095 days of history"):
        forecast(dataset, days=7, as_of=date(2019, 6, 1))


def test_seasonal_naive_repeats_the_last_observed_week() -> None:
    y = np.arange(30, dtype=float)
    naive = seasonal_naive(y, np.array([21]), horizon=10)
    assert naive.tolist() == [[14, 15, 16, 17, 18, 19, 20, 14, 15, 16]]


def test_backtest_beats_seasonal_naive_with_calibrated_intervals(dataset: FlowsDataset) -> None:
    results = backtest(dataset, date(2024, 6, 1), horizons=(7,), end=date(2025, 6, 30))
    for result in results.values():
        (score,) = result.scores
        assert result.first_origin == date(2024, 6, 1)
        assert score.mase < 0.95
        assert abs(score.coverage[0.8] - 0.8) < 0.07
        assert abs(score.coverage[0.95] - 0.95) < 0.05
        assert score.total_mae < score.total_mae_naive


def _synthetic(rng: np.random.Generator, wave_effect: float) -> tuple[pd.Series, WeatherSeries]:
    """Four years of counts whose rate falls by exp(wave_effect) per metre of wave."""
    days = pd.date_range("2021-01-01", "2024-12-31", freq="D")
    wave_m = rng.gamma(2.0, 0.45, len(days))
    wind_ms = 4 + 2.5 * wave_m + rng.normal(0, 1.5, len(days)).clip(-3, 3)
    season = 0.8 * np.sin(2 * np.pi * (days.day_of_year.to_numpy() - 100) / 365.25)
    rate = 40 * np.exp(season + wave_effect * (wave_m - wave_m.mean()))
    y = pd.Series(rng.poisson(rate).astype(float), index=days, name="migrants_arrived")
    return y, WeatherSeries.from_columns(days, wind_ms, wave_m)


def test_weather_coefficients_are_recovered_and_sharpen_the_forecast() -> None:
    rng = np.random.default_rng(20250810)
    y, weather = _synthetic(rng, wave_effect=-1.5)
    days = pd.DatetimeIndex(y.index)
    profile = fit_profile(y.to_numpy(), days, weather.matrix(days), ModelConfig())
    assert profile.weather[1] == pytest.approx(-1.5, abs=0.15)  # wave height, per metre
    assert abs(profile.weather[0]) < 0.1  # wind adds nothing once waves are known
    with_weather = backtest_series(y, date(2024, 1, 1), (7,), weather=weather).scores[0]
    without = backtest_series(y, date(2024, 1, 1), (7,)).scores[0]
    assert with_weather.mae < 0.7 * without.mae
    assert abs(with_weather.coverage[0.8] - 0.8) < 0.05


def test_forecast_uses_supplied_weather_and_the_average_effect_beyond_it() -> None:
    rng = np.random.default_rng(7)
    y, weather = _synthetic(rng, wave_effect=-1.5)
    history = y.loc[:"2024-12-20"]
    calm = pd.date_range("2024-12-21", periods=3, freq="D")
    rough = WeatherSeries.from_columns(calm, [5.0] * 3, [2.5] * 3)
    calm_sea = WeatherSeries.from_columns(calm, [3.0] * 3, [0.1] * 3)
    past = weather.frame.loc[:"2024-12-20"]
    fc_rough = forecast_series(history, 5, WeatherSeries(pd.concat([past, rough.frame])))
    fc_calm = forecast_series(history, 5, WeatherSeries(pd.concat([past, calm_sea.frame])))
    assert fc_rough.weather_days == fc_calm.weather_days == 3
    assert (fc_calm.mean[:3] > 5 * fc_rough.mean[:3]).all()
    assert fc_calm.mean[3:] == pytest.approx(fc_rough.mean[3:])  # no weather: average effect


def test_weather_values_are_checked() -> None:
    days = pd.date_range("2025-01-01", periods=2, freq="D")
    with pytest.raises(InvalidInput, match=r"wave_height_m on 2025-01-02 is 45.0, outside 0..30"):
        WeatherSeries.from_columns(days, [1.0, 2.0], [0.5, 45.0])
    assert (
        WeatherSeries.from_columns(days, [1.0, np.nan], [np.nan, np.nan]).known_days(
            pd.DatetimeIndex(days + timedelta(days=1))
        )
        == 0
    )
