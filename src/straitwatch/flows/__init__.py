# SPDX-License-Identifier: EUPL-1.2
"""Understand the flows: crossing statistics, prevention, forecasts, patrol plans, briefings.

The published figures (Home Office small-boat series, French prevention estimates,
Frontex routes, IOM Missing Migrants, Irr_D01 nationalities) are read and checked by
:func:`parse_source`, stored by :func:`load_sources` and read back as a
:class:`FlowsDataset`; every analysis is a pure function of that dataset:

::

    file ─► parse_source ─► load_sources ─► store ─► read_dataset ─► FlowsDataset
                                                                      │
        stats.arrivals / prevention · frontex · casualties ◄──────────┤
        forecast ─► patrol.plan_patrols ─► briefing.write_briefing ◄──┤
        api_views (JSON for the web page) ◄───────────────────────────┘

The data it loads by default ships in ``flows/data`` (see ATTRIBUTION.md there).
"""

from straitwatch.flows.backtest import BacktestResult, backtest
from straitwatch.flows.dataset import FlowsDataset
from straitwatch.flows.forecast import Forecast, forecast
from straitwatch.flows.model import ModelConfig
from straitwatch.flows.patrol import PatrolPlan, PatrolRequest, plan_patrols
from straitwatch.flows.repository import LoadReport, has_data, load_sources, read_dataset
from straitwatch.flows.sectors import (
    SectorHistory,
    TimeWindow,
    history_from_departures,
    history_from_table,
    uniform_history,
)
from straitwatch.flows.sources import ParsedSource, SourceKind, bundled_sources, parse_source
from straitwatch.flows.stats import Granularity, arrivals, prevention
from straitwatch.flows.weather import WeatherSeries, read_weather

__all__ = [
    "BacktestResult",
    "FlowsDataset",
    "Forecast",
    "Granularity",
    "LoadReport",
    "ModelConfig",
    "ParsedSource",
    "PatrolPlan",
    "PatrolRequest",
    "SectorHistory",
    "SourceKind",
    "TimeWindow",
    "WeatherSeries",
    "arrivals",
    "backtest",
    "bundled_sources",
    "forecast",
    "has_data",
    "history_from_departures",
    "history_from_table",
    "load_sources",
    "parse_source",
    "plan_patrols",
    "prevention",
    "read_dataset",
    "read_weather",
    "uniform_history",
]
