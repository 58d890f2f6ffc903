# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: rolling-origin forecasts of daily small-boat arrivals and boats.

From every day from 2023-01-01 to the last day with a full horizon ahead, forecast the
next 7 and 14 days with only the data before that day, and score against the actuals:

- the model (straitwatch.flows: seasonal-level quasi-Poisson, empirical intervals);
- the peer, seasonal-naive (same weekday last observed week): MASE = MAE / peer's MAE;
- for context, a flat 28-day trailing mean (what a spreadsheet would do).

Targets (issue 8): MASE < 0.85 at 7 days; interval coverage within 5 points of nominal.

    .venv/bin/python bench/forecast.py                 # refit at every origin (minutes)
    .venv/bin/python bench/forecast.py --refit-days 28 # monthly refit (seconds)

Prints a Markdown table for bench/RESULTS.md and writes bench/out/forecast.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from straitwatch.flows.backtest import backtest_series, seasonal_naive
from straitwatch.flows.dataset import FlowsDataset
from straitwatch.flows.forecast import SERIES, forecast_series
from straitwatch.flows.sources import bundled_sources, parse_source


def context_scores(y: pd.Series, start: date, horizon: int, window: int = 28) -> dict[str, float]:
    """MAE of two simple forecasts over the same origins, for context: a flat trailing
    ``window``-day mean (daily and ``horizon``-day total), and "no crossing" (zero)."""
    values = y.to_numpy(dtype=float)
    first = int(pd.DatetimeIndex(y.index).searchsorted(pd.Timestamp(start)))
    origins = np.arange(first, len(values) - 14 + 1)  # the backtest's origins (max horizon 14)
    cumulative = np.concatenate([[0.0], np.cumsum(values)])
    level = (cumulative[origins] - cumulative[origins - window]) / window
    actual = values[origins[:, None] + np.arange(horizon)[None, :]]
    return {
        "flat_daily": float(np.abs(actual - level[:, None]).mean()),
        "flat_total": float(np.abs(actual.sum(axis=1) - horizon * level).mean()),
        "zero_daily": float(np.abs(actual).mean()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="start", default="2023-01-01")
    parser.add_argument("--refit-days", type=int, default=1)
    args = parser.parse_args()
    start = date.fromisoformat(args.start)

    t0 = time.perf_counter()
    ds = FlowsDataset.from_sources([parse_source(p) for p in bundled_sources()])
    load_s = time.perf_counter() - t0
    results: dict[str, object] = {
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "data_end": ds.last_day.isoformat(),
        "refit_days": args.refit_days,
        "load_s": round(load_s, 2),
        "series": {},
    }
    rows = []
    for name in SERIES:
        y = ds.daily[name]
        t1 = time.perf_counter()
        result = backtest_series(y, start, (7, 14), refit_days=args.refit_days)
        elapsed = time.perf_counter() - t1
        t2 = time.perf_counter()
        for _ in range(20):
            forecast_series(y, 14)
        per_forecast_ms = (time.perf_counter() - t2) / 20 * 1000
        view = result.to_dict()
        for score in result.scores:
            ctx = context_scores(y, start, score.horizon_days)
            rows.append(
                f"| {name} | {score.horizon_days} | {score.origins} | {score.mae:.2f} | "
                f"{score.mae_naive:.2f} | **{score.mase:.3f}** | "
                f"{ctx['flat_daily'] / score.mae_naive:.3f} | "
                f"{ctx['zero_daily'] / score.mae_naive:.3f} | "
                f"{score.coverage[0.8]:.1%} | {score.coverage[0.95]:.1%} | "
                f"{score.total_mae / score.total_mae_naive:.3f} | "
                f"{ctx['flat_total'] / score.total_mae_naive:.3f} | "
                f"{score.total_coverage[0.8]:.1%} | {score.total_coverage[0.95]:.1%} |"
            )
            view[f"context_{score.horizon_days}"] = {k: round(v, 2) for k, v in ctx.items()}
        view["backtest_s"] = round(elapsed, 1)
        view["forecast_ms"] = round(per_forecast_ms, 1)
        results["series"][name] = view  # type: ignore[index]
        # Sanity: the peer is what its name says.
        naive = seasonal_naive(y.to_numpy(dtype=float), np.array([len(y) - 7]), 7)
        assert naive[0].tolist() == y.to_numpy(dtype=float)[-14:-7].tolist()

    print(
        f"data to {results['data_end']}, origins from {start}, refit every "
        f"{args.refit_days} day(s)\n"
    )
    print(
        "| series | horizon (days) | origins | MAE | MAE seasonal-naive | MASE | flat 28-day "
        "mean / naive | zero / naive | daily cover 80% | daily cover 95% | total MAE / naive | "
        "flat mean total / naive | total cover 80% | total cover 95% |"
    )
    print("|" + "---|" * 14)
    print("\n".join(rows))
    for name in SERIES:
        view = results["series"][name]  # type: ignore[index]
        print(
            f"\n{name}: backtest {view['backtest_s']} s; one 14-day forecast "
            f"{view['forecast_ms']} ms"
        )
    out = Path(__file__).parent / "out"
    out.mkdir(exist_ok=True)
    (out / "forecast.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
