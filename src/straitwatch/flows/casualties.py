# SPDX-License-Identifier: EUPL-1.2
"""Deaths and disappearances in the Channel area (IOM Missing Migrants Project), and the
nationalities of small-boat arrivals (Home Office Irr_D01).

IOM incidents are those inside a box around the Dover Strait (49.8-51.6 N, 0.0-2.8 E):
the box also catches deaths on land (lorries, roads near Calais and Dunkirk, the 39 found
in a lorry in Essex in October 2019). ``channel_crossing`` counts only incidents whose
location text names the Channel, a proxy for deaths on the sea crossing. Both are shown.

>>> table = deaths_by_period(ds, Granularity.YEAR).set_index("period")  # doctest: +SKIP
>>> table.loc["2024", "channel_crossing"]                              # doctest: +SKIP
79
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from straitwatch.flows.dataset import FlowsDataset
from straitwatch.flows.stats import Granularity, period_label, period_start

__all__ = ["DEATHS_NOTE", "data_end", "deaths_by_period", "small_boat_nationalities"]

DEATHS_NOTE = (
    "IOM Missing Migrants Project, incidents in the Channel area (49.8-51.6 N, 0.0-2.8 E); "
    "'all' includes deaths on land near the coast, 'crossing' only incidents whose location "
    "names the Channel."
)

SMALL_BOATS = "Small boat arrivals"


def deaths_by_period(
    ds: FlowsDataset,
    by: Granularity = Granularity.YEAR,
    start: date | None = None,
    end: date | None = None,
) -> pd.DataFrame:
    """Dead and missing per period: ``period, incidents, dead_and_missing, channel_crossing``.

    Periods with no incident are left out; :func:`data_end` says how far the data runs.
    """
    frame = ds.iom
    if start:
        frame = frame.loc[frame["incident_date"] >= pd.Timestamp(start)]
    if end:
        frame = frame.loc[frame["incident_date"] <= pd.Timestamp(end)]
    keys = period_start(pd.DatetimeIndex(frame["incident_date"]), by)
    crossing = frame["dead_and_missing"].where(frame["channel_crossing"], 0)
    grouped = (
        pd.DataFrame(
            {
                "incidents": 1,
                "dead_and_missing": frame["dead_and_missing"].to_numpy(),
                "channel_crossing": crossing.to_numpy(),
            },
            index=keys,
        )
        .groupby(level=0)
        .sum()
    )
    return pd.DataFrame(
        {
            "period": [period_label(t, by) for t in pd.DatetimeIndex(grouped.index)],
            "incidents": grouped["incidents"].to_numpy(dtype=np.int64),
            "dead_and_missing": grouped["dead_and_missing"].to_numpy(dtype=np.int64),
            "channel_crossing": grouped["channel_crossing"].to_numpy(dtype=np.int64),
        }
    )


def data_end(ds: FlowsDataset) -> date | None:
    """The date of the latest IOM incident loaded (the data runs to its download date)."""
    if ds.iom.empty:
        return None
    return pd.Timestamp(ds.iom["incident_date"].max()).date()


def small_boat_nationalities(
    ds: FlowsDataset, start: date | None = None, end: date | None = None, n: int = 10
) -> pd.DataFrame:
    """The ``n`` nationalities most detected arriving by small boat (finalised Irr_D01
    series, quarterly, 2018-2023): ``nationality, detections, share``."""
    frame = ds.irregular.loc[ds.irregular["method"] == SMALL_BOATS]
    if start:
        frame = frame.loc[frame["quarter_end"] >= pd.Timestamp(start)]
    if end:
        frame = frame.loc[frame["quarter_end"] <= pd.Timestamp(end)]
    totals = frame.groupby("nationality")["detections"].sum().sort_values(ascending=False)
    grand = int(totals.sum())
    top = totals.head(n)
    return pd.DataFrame(
        {
            "nationality": top.index.astype(str),
            "detections": top.to_numpy(),
            "share": top.to_numpy() / grand if grand else top.to_numpy() * 0.0,
        }
    )
