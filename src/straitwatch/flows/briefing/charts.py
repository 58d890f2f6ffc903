# SPDX-License-Identifier: EUPL-1.2
"""The briefing's charts, drawn with Matplotlib (no pyplot state, no display) as PNG bytes.

Three charts a commander reads at a glance: the last eight weeks day by day with the
forecast after them, this year's running total against the years before, and the weekly
split between people who arrived and people prevented.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from straitwatch.flows.dataset import FlowsDataset
from straitwatch.flows.forecast import Forecast

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["cumulative_chart", "daily_chart", "prevention_chart"]

NAVY, ORANGE, GREY, GREEN = "#1f3b63", "#e07b00", "#9aa5b1", "#2e7d32"
_SIZE_IN = (7.4, 2.5)


def _figure() -> tuple[Figure, Axes]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=_SIZE_IN, dpi=150, layout="constrained")
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=7)
    ax.grid(axis="y", color="#e3e7ec", linewidth=0.6)
    ax.set_axisbelow(True)
    return fig, ax


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def daily_chart(ds: FlowsDataset, week_start: date, people: Forecast, weeks: int = 8) -> bytes:
    """People arriving per day over the last ``weeks`` weeks (the briefing week in orange),
    then the forecast mean with its 80% interval."""
    fig, ax = _figure()
    end = pd.Timestamp(people.data_end)
    past = ds.daily.loc[end - pd.Timedelta(days=7 * weeks - 1) : end, "migrants_arrived"]
    colours = [ORANGE if d.date() >= week_start else NAVY for d in past.index]
    ax.bar(past.index, past.to_numpy(), color=colours, width=0.8, label="arrived")
    future = pd.DatetimeIndex([pd.Timestamp(d) for d in people.days])
    low, high = people.bounds.get(0.8, (people.mean, people.mean))
    ax.fill_between(future, low, high, color=GREY, alpha=0.35, linewidth=0, label="forecast 80%")
    ax.plot(future, people.mean, color=GREY, linestyle="--", linewidth=1.2, label="forecast mean")
    ax.set_ylabel("people per day", fontsize=7)
    ax.legend(fontsize=6.5, frameon=False, loc="upper left", ncols=3)
    _date_axis(ax)
    return _png(fig)


def _date_axis(ax: Axes) -> None:
    from matplotlib.dates import DateFormatter, WeekdayLocator

    ax.xaxis.set_major_locator(WeekdayLocator(byweekday=0, interval=2))  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(DateFormatter("%d %b"))  # type: ignore[no-untyped-call]


def cumulative_chart(ds: FlowsDataset, week_end: date, years_back: int = 2) -> bytes:
    """Running total of people since 1 January: this year to the briefing week against the
    whole of the ``years_back`` years before."""
    fig, ax = _figure()
    styles = [(NAVY, 2.0), (GREY, 1.2), ("#c5ccd4", 1.0)]
    for back in range(years_back + 1):
        year = week_end.year - back
        last = week_end if back == 0 else date(year, 12, 31)
        series = ds.daily.loc[
            pd.Timestamp(date(year, 1, 1)) : pd.Timestamp(last), "migrants_arrived"
        ]
        if series.empty:
            continue
        colour, width = styles[min(back, len(styles) - 1)]
        doy = pd.DatetimeIndex(series.index).day_of_year.to_numpy()
        ax.plot(doy, np.cumsum(series.to_numpy()), color=colour, linewidth=width, label=str(year))
    ax.axvline(week_end.timetuple().tm_yday, color=ORANGE, linewidth=0.8, linestyle=":")
    month_starts = [date(2001, m, 1).timetuple().tm_yday for m in range(1, 13)]
    ax.set_xticks(month_starts, ["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"])
    ax.set_ylabel("people since 1 Jan", fontsize=7)
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:,.0f}")
    ax.legend(fontsize=6.5, frameon=False, loc="upper left")
    return _png(fig)


def prevention_chart(ds: FlowsDataset, week_end: date, weeks: int = 12) -> bytes | None:
    """Arrived and prevented per week for the last ``weeks`` weeks, with the share
    prevented above each week; None when no prevention figures cover those weeks."""
    start = pd.Timestamp(week_end - timedelta(days=7 * (weeks - 1)))
    frame = ds.weekly.loc[start : pd.Timestamp(week_end)]
    frame = frame.loc[frame["migrants_prevented"].notna()]
    if frame.empty:
        return None
    fig, ax = _figure()
    x = np.arange(len(frame))
    arrived = frame["migrants_arrived"].to_numpy(dtype=float)
    prevented = frame["migrants_prevented"].to_numpy(dtype=float)
    ax.bar(x - 0.2, arrived, width=0.4, color=NAVY, label="arrived in UK")
    ax.bar(x + 0.2, prevented, width=0.4, color=GREEN, label="prevented (French estimate)")
    for i, (a, p) in enumerate(zip(arrived, prevented, strict=True)):
        if a + p > 0:
            ax.text(i, max(a, p) * 1.03, f"{p / (a + p):.0%}", ha="center", fontsize=6)
    labels = [pd.Timestamp(d).strftime("%d %b") for d in frame.index]
    ax.set_xticks(x, labels)
    ax.set_ylim(0, max(arrived.max(), prevented.max()) * 1.3)  # room for labels and legend
    ax.set_xlabel("week ending", fontsize=7)
    ax.set_ylabel("people per week", fontsize=7)
    ax.legend(fontsize=6.5, frameon=False, loc="upper left", ncols=2)
    return _png(fig)
