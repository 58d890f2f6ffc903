# SPDX-License-Identifier: EUPL-1.2
"""The demo's replay: the real Solent AIS sample (repeated to fill the loop) and a
simulated small-boat day in the Dover Strait, on one timeline.

:func:`simulated_demo` is what ``straitwatch demo`` plays: a window of a real date from the
scenario simulator (:mod:`straitwatch.sim`). :func:`demo_script` is a lighter scripted
night (a given number of boats, some in distress) that the browser tests drive.

>>> demo = simulated_demo(date(2022, 8, 22), Path("var/demo"))          # doctest: +SKIP
>>> script = demo_script(date(2022, 8, 22), boats=24)                  # doctest: +SKIP
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from straitwatch.picture.replay import ReplayScript
from straitwatch.picture.smallboats import SmallBoatDay, small_boat_day
from straitwatch.sensors import read_files
from straitwatch.sensors.observation import Observation
from straitwatch.tracking import TrackerConfig

__all__ = [
    "SOLENT_AIS",
    "SimulatedDemo",
    "demo_script",
    "repeated",
    "simulated_demo",
    "solent_ais",
]

SOLENT_AIS = Path(__file__).parent / "data" / "stonesoup_SolentAIS_20160112_130211.csv"
"""Real AIS, the Solent, 2016-01-12 (MIT, © Crown Copyright Dstl; see data/ATTRIBUTION.md)."""


def solent_ais(path: Path = SOLENT_AIS) -> list[Observation]:
    """The Solent sample through the ingest stage (its refused fixes are left out)."""
    return [r for r in read_files([path]) if isinstance(r, Observation)]


def repeated(ais: list[Observation], begin: datetime, end: datetime) -> list[Observation]:
    """``ais`` shifted to start at ``begin`` and played again and again until ``end``."""
    out: list[Observation] = []
    if not ais:
        return out
    span = ais[-1].time - ais[0].time + timedelta(seconds=10)
    shift = begin - ais[0].time
    while ais[0].time + shift < end:
        out += [replace(o, time=o.time + shift) for o in ais if o.time + shift < end]
        shift += span
    return out


def demo_script(
    day: date,
    *,
    boats: int = 24,
    departures_from: time = time(3, 0),
    small_boats: SmallBoatDay | None = None,
    ais: list[Observation] | None = None,
) -> ReplayScript:
    """Small boats leaving from ``departures_from`` on ``day`` and real AIS traffic
    repeated over the same hours (one Solent sample after another)."""
    start = datetime.combine(day, departures_from, tzinfo=UTC)
    boats_obs = small_boat_day(small_boats or SmallBoatDay(start=start, boats=boats))
    end = boats_obs[-1].time if boats_obs else start
    ais = solent_ais() if ais is None else ais
    return ReplayScript.of(list(boats_obs) + repeated(ais, start, end))


@dataclass(frozen=True, slots=True)
class SimulatedDemo:
    """What the demo replays: the script, and the tracker settings for its sensors."""

    script: ReplayScript
    tracker_config: TrackerConfig
    folder: Path
    boats: int
    persons: int


def simulated_demo(
    day: date,
    cache: Path,
    *,
    start: time = time(1, 30),
    hours: float = 6.0,
    seed: int = 1,
    ais: list[Observation] | None = None,
) -> SimulatedDemo:
    """``hours`` of ``day`` from ``start`` out of the scenario simulator (small boats as the
    Home Office figures for that day, merchant ships, ferries, coastal radars, sightings),
    written once under ``cache`` and read back through the ingest stage, with the real
    Solent AIS sample repeated over the same hours (pass ``ais=[]`` to leave it out)."""
    from straitwatch.sim import sensor_files, simulate, tracker_config_for

    folder = cache / f"sim-{day.isoformat()}-{start:%H%M}-{hours:g}h-seed{seed}"
    truth = folder / "truth.json"
    if not truth.is_file():
        simulate(day, folder, seed=seed, start=start, hours=hours)
    observations = [r for r in read_files(sensor_files(folder)) if isinstance(r, Observation)]
    boats = json.loads(truth.read_text("utf-8"))["boats"]
    begin, end = min(o.time for o in observations), max(o.time for o in observations)
    ais = solent_ais() if ais is None else ais
    script = ReplayScript.of(observations + repeated(ais, begin, end))
    return SimulatedDemo(
        script=script,
        tracker_config=tracker_config_for(folder),
        folder=folder,
        boats=len(boats),
        persons=sum(int(b["persons"]) for b in boats),
    )
