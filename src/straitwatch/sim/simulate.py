# SPDX-License-Identifier: EUPL-1.2
"""``simulate``: one day (or a window of it) in the Dover Strait, written as sensor files.

>>> from datetime import date
>>> summary = simulate(date(2022, 8, 22), Path("var/sim/2022-08-22"), seed=1)  # doctest: +SKIP
>>> summary.files["plots"]                                                     # doctest: +SKIP
PosixPath('var/sim/2022-08-22/radar_plots.csv')

Deterministic by seed: the same date, window and seed give byte-identical files. Each
part of the scenario draws from its own random stream (spawned from the seed), so
adding sightings does not move every ship.

The output folder holds, in the ingest formats of docs/formats.md: ``radar_plots.csv``,
``ais.nmea`` (tag-blocked AIVDM), ``sightings.jsonl``; and ``weather.json`` (the
optional weather input of the distress rule), ``scenario.json`` (radars and what was
simulated: what ``replay`` needs to tune the tracker) and ``truth.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from straitwatch.assessment.weather import SeaState, Weather
from straitwatch.errors import InvalidInput
from straitwatch.geo.projection import to_wgs84
from straitwatch.geo.zones import ChannelZones, zones
from straitwatch.sim.boats import plan_boats
from straitwatch.sim.config import ScenarioConfig, scenario_config
from straitwatch.sim.daily import daily_figures
from straitwatch.sim.paths import Path as Path_
from straitwatch.sim.sensing import Plots, ais_lines, radar_plots, sightings
from straitwatch.sim.traffic import Craft, ferries, merchant_ships, patrol_vessel

__all__ = ["FILES", "SimulationSummary", "simulate"]

FILES = {
    "plots": "radar_plots.csv",
    "ais": "ais.nmea",
    "sightings": "sightings.jsonl",
    "weather": "weather.json",
    "scenario": "scenario.json",
    "truth": "truth.json",
}


@dataclass(frozen=True, slots=True)
class SimulationSummary:
    day: date
    start: datetime
    end: datetime
    seed: int
    people: int
    boats: int
    vessels: int
    observations: dict[str, int]
    files: dict[str, Path] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "start": _iso(self.start.timestamp()),
            "end": _iso(self.end.timestamp()),
            "seed": self.seed,
            "people": self.people,
            "boats": self.boats,
            "vessels": self.vessels,
            "observations": self.observations,
            "files": {k: str(v) for k, v in self.files.items()},
        }


def _iso(t_s: float) -> str:
    return datetime.fromtimestamp(t_s, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _weather(cfg: ScenarioConfig, day0: float, rng: np.random.Generator) -> Weather:
    """Hourly sea state over the day and the next: a smooth random walk inside the ranges."""
    lo, hi = cfg.weather.wave_height_m
    wlo, whi = cfg.weather.wind_kn
    level = rng.uniform(0, 1)
    out = []
    for h in range(48):
        level = float(np.clip(level + rng.normal(0, 0.08), 0, 1))
        out.append(
            SeaState(
                datetime.fromtimestamp(day0 + h * 3600, UTC),
                round(lo + level * (hi - lo), 2),
                round(wlo + level * (whi - wlo) + rng.normal(0, 1), 1),
            )
        )
    return Weather(tuple(out))


def _responders(
    boats: list[Craft], cfg: ScenarioConfig, area: ChannelZones, rng: np.random.Generator
) -> list[Craft]:
    """A Border Force cutter (or a French patrol boat on the French side) for each boat
    intercepted or rescued, alongside it when its voyage ends."""
    out = []
    for k, boat in enumerate(boats):
        outcome = boat.truth["outcome"]
        if outcome not in ("intercepted", "rescued"):
            continue
        x, y = float(boat.path.x_m[-1]), float(boat.path.y_m[-1])
        uk = bool(area.uk_side_m_xy(np.array([x]), np.array([y]))[0])
        base, name, mmsi = (
            ("GBDVR", "HMC SEARCHER", 232_000_100 + k)
            if uk
            else ("FRBOL", "VEDETTE GM P611", 227_000_100 + k)
        )
        craft = patrol_vessel(
            cfg,
            area,
            f"patrol-{k:03d}",
            name,
            mmsi,
            (x, y),
            boat.path.end_s,
            float(rng.uniform(900, 1800)),
            base=base,
        )
        craft.truth["responding_to"] = boat.id
        out.append(craft)
    return out


def _window(day: date, start: time | None, hours: float | None) -> tuple[datetime, datetime]:
    day0 = datetime(day.year, day.month, day.day, tzinfo=UTC)
    begin = day0 + timedelta(hours=start.hour, minutes=start.minute) if start else day0
    if hours is not None and not 0 < hours <= 24:
        raise InvalidInput(f"--hours must be in (0, 24], not {hours:g}")
    end = begin + timedelta(hours=hours) if hours else day0 + timedelta(days=1)
    return begin, end


def simulate(
    day: date,
    out_dir: Path,
    *,
    seed: int = 0,
    start: time | None = None,
    hours: float | None = None,
    cfg: ScenarioConfig | None = None,
) -> SimulationSummary:
    """Simulate ``day`` (or ``hours`` from ``start``) and write its files into ``out_dir``."""
    cfg = cfg or scenario_config()
    area = zones()
    figures = daily_figures(day)
    begin, end = _window(day, start, hours)
    s0, s1 = begin.timestamp(), end.timestamp()
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(8)]
    day0 = datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()
    weather = _weather(cfg, day0, streams[0])
    boats = plan_boats(cfg, area, figures, s0, s1, streams[1])
    vessels = merchant_ships(cfg, area, s0, s1, streams[2]) + ferries(cfg, area, s0, s1, streams[3])
    vessels += _responders(boats, cfg, area, streams[4])
    sea = weather.at(begin + (end - begin) / 2)
    plots = radar_plots(boats + vessels, cfg, s0, s1, streams[5], sea.wave_height_m if sea else 0.5)
    ais = sorted(ais_lines(vessels, cfg, s0, s1, streams[6]), key=lambda item: item[0])
    seen = sorted(sightings(boats, cfg, s0, s1, streams[7]), key=lambda item: item["time"])
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {k: out_dir / name for k, name in FILES.items()}
    _write_plots(paths["plots"], plots)
    paths["ais"].write_text("".join(line + "\n" for _, line in ais), "ascii")
    paths["sightings"].write_text("".join(json.dumps(s) + "\n" for s in seen), "utf-8")
    paths["weather"].write_text(json.dumps(weather.to_json(), indent=1) + "\n", "utf-8")
    summary = SimulationSummary(
        day=day,
        start=begin,
        end=end,
        seed=seed,
        people=sum(
            int(b.truth["persons"])  # type: ignore[call-overload]
            for b in boats
        ),
        boats=len(boats),
        vessels=len(vessels),
        observations={
            "radar_plots": int(plots.t_s.size),
            "ais_lines": len(ais),
            "sightings": len(seen),
        },
        files=paths,
    )
    scenario = {
        **summary.to_json(),
        "home_office": {"people": figures.people, "boats": figures.boats},
        "radars": [r.model_dump() for r in cfg.radars],
        "ais_receiver": cfg.ais.receiver_id,
        "ais_report_interval_s": cfg.ais.report_interval_s,
    }
    paths["scenario"].write_text(json.dumps(scenario, indent=1) + "\n", "utf-8")
    truth = {
        "date": day.isoformat(),
        "seed": seed,
        "window": {"start": _iso(s0), "end": _iso(s1)},
        "boats": [{**b.truth, "track": _track(b.path, 60.0)} for b in boats],
        "vessels": [_vessel_truth(v) for v in vessels],
    }
    paths["truth"].write_text(json.dumps(truth, indent=1) + "\n", "utf-8")
    return summary


def _vessel_truth(v: Craft) -> dict[str, Any]:
    lat, lon = to_wgs84(v.path.x_m[[0, -1]], v.path.y_m[[0, -1]])
    return {
        "id": v.id,
        "kind": v.kind,
        "mmsi": v.mmsi,
        "name": v.name,
        "ais": bool(v.ais),
        "spoofed": v.ais_offset_m is not None,
        "start_time": _iso(v.path.start_s),
        "end_time": _iso(v.path.end_s),
        "start_lat": round(float(lat[0]), 5),
        "start_lon": round(float(lon[0]), 5),
        "end_lat": round(float(lat[1]), 5),
        "end_lon": round(float(lon[1]), 5),
        **{k: val for k, val in v.truth.items() if k not in ("ais", "spoofed")},
        "track": _track(v.path, None),
    }


def _track(path: Path_, every_s: float | None) -> list[list[float]]:
    """``[[unix_s, lat, lon], ...]``: the path's knots, or one every ``every_s``."""
    if every_s is None:
        t = path.t_s
    else:
        t = np.append(np.arange(path.start_s, path.end_s, every_s), path.end_s)
    x, y = path.at(t)
    lat, lon = to_wgs84(x, y)
    return [
        [round(a, 1), round(b, 6), round(c, 6)]
        for a, b, c in zip(t.tolist(), lat.tolist(), lon.tolist(), strict=True)
    ]


def _write_plots(path: Path, plots: Plots) -> None:
    stamps = np.datetime_as_string((plots.t_s * 1000).astype("datetime64[ms]"), unit="ms")
    ids = np.asarray(plots.sensor_ids)[plots.sensor]
    rows = (
        f"{t}Z,{s},{la:.6f},{lo:.6f},{sg:.0f}\n"
        for t, s, la, lo, sg in zip(
            stamps.tolist(),
            ids.tolist(),
            plots.lat.tolist(),
            plots.lon.tolist(),
            plots.sigma_m.tolist(),
            strict=True,
        )
    )
    with path.open("w", encoding="ascii") as handle:
        handle.write("time,sensor_id,lat,lon,sigma_m\n")
        handle.writelines(rows)
