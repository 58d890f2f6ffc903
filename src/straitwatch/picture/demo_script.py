"""The demo's replay: the real Solent AIS sample (repeated to fill the loop) and a
simulated small-boat day in the Dover Strait, on one timeline.

>>> script = demo_script(date(2022, 8, 22), boats=24)                  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from straitwatch.picture.replay import ReplayScript
from straitwatch.picture.smallboats import SmallBoatDay, small_boat_day
from straitwatch.sensors import read_files
from straitwatch.sensors.observation import Observation

__all__ = ["SOLENT_AIS", "demo_script", "solent_ais"]

SOLENT_AIS = Path(__file__).parent / "data" / "stonesoup_SolentAIS_20160112_130211.csv"
"""Real AIS, the Solent, 2016-01-12 (MIT, © Crown Copyright Dstl; see data/ATTRIBUTION.md)."""


def solent_ais(path: Path = SOLENT_AIS) -> list[Observation]:
    """The Solent sample through the ingest stage (its refused fixes are left out)."""
    return [r for r in read_files([path]) if isinstance(r, Observation)]


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
    out = list(boats_obs)
    if ais:
        span = ais[-1].time - ais[0].time + timedelta(seconds=10)
        shift = start - ais[0].time
        while ais[0].time + shift < end:
            out += [replace(o, time=o.time + shift) for o in ais if o.time + shift < end]
            shift += span
    return ReplayScript.of(out)
