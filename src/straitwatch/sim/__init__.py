# SPDX-License-Identifier: EUPL-1.2
"""A simulated day in the Dover Strait, for the demo, the tests and the benchmark.

:func:`simulate` writes the sensor files of one day (or a window of it) in the ingest
formats, with its ``truth.json``; :func:`replay` runs such a folder through ingest →
tracking → assessment; :func:`evaluate` scores the alerts against the truth.

The package sits beside the live picture in the layering (above tracking, assessment and
sensors, which it drives, and geo): it is a stand-in for the sea, not part of the
pipeline.

>>> from datetime import date
>>> from straitwatch.sim import simulate, replay, evaluate
>>> simulate(date(2022, 8, 22), Path("var/sim/busy"), seed=1)   # doctest: +SKIP
>>> replay(Path("var/sim/busy"), on_alert=print)                # doctest: +SKIP
"""

from straitwatch.sim.config import ScenarioConfig, load_scenario_config, scenario_config
from straitwatch.sim.daily import DailyFigures, daily_figures
from straitwatch.sim.evaluate import evaluate, load_alerts
from straitwatch.sim.replay import ReplaySummary, replay, sensor_files, tracker_config_for
from straitwatch.sim.simulate import FILES, SimulationSummary, simulate

__all__ = [
    "FILES",
    "DailyFigures",
    "ReplaySummary",
    "ScenarioConfig",
    "SimulationSummary",
    "daily_figures",
    "evaluate",
    "load_alerts",
    "load_scenario_config",
    "replay",
    "scenario_config",
    "sensor_files",
    "simulate",
    "tracker_config_for",
]
