# SPDX-License-Identifier: EUPL-1.2
"""How the simulated craft are sensed: coastal radars, the AIS shore receiver, sightings.

- **Radar**: one plot per target per scan when detected. Detection probability falls
  with range (a logistic curve per target kind, shorter for dinghies in a sea); the plot
  is off by the radar's range error along the line of sight and its bearing error across
  it, and reports the larger axis as ``sigma_m``; sea clutter adds false plots at sea.
- **AIS**: what each transmitting ship says, every ``report_interval_s``, plus its static
  data; a spoofed transponder reports a position kilometres away.
- **Sightings**: a shore patrol seeing a launch, aircraft and drones over boats in
  transit, and persons in the water around a boat in distress, each with a persons
  estimate that is only an estimate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

from straitwatch.geo.land import distance_to_coast_xy
from straitwatch.geo.projection import KNOT_MPS, from_grid_velocity, to_metric, to_wgs84
from straitwatch.sim.config import Detection, ScenarioConfig
from straitwatch.sim.nmea import position_report, position_sentence, static_report, tagged
from straitwatch.sim.traffic import Craft

__all__ = ["Plots", "ais_lines", "radar_plots", "sightings"]

Floats = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Plots:
    """Radar plots of every radar, sorted by time."""

    t_s: Floats
    sensor: NDArray[np.intp]
    lat: Floats
    lon: Floats
    sigma_m: Floats
    sensor_ids: tuple[str, ...]
    craft: NDArray[np.intp]
    """Index of the craft that made the plot in the list given, -1 for clutter."""


def _pd(model: Detection, range_m: Floats, range_scale: float = 1.0) -> Floats:
    r50 = model.range_50_m * range_scale
    return np.asarray(model.pd_max / (1.0 + np.exp((range_m - r50) / model.width_m)))


def radar_plots(
    crafts: list[Craft],
    cfg: ScenarioConfig,
    start_s: float,
    end_s: float,
    rng: np.random.Generator,
    wave_height_m: float,
) -> Plots:
    det = cfg.detection
    sea = max(0.0, 1.0 - det.small_boat_sea_penalty * max(0.0, wave_height_m - 0.5))
    parts: list[tuple[Floats, ...]] = []
    for k, radar in enumerate(cfg.radars):
        rx, ry = (float(v[0]) for v in to_metric([radar.lat], [radar.lon]))
        scans = start_s + rng.uniform(0, radar.scan_s) + np.arange(0, end_s - start_s, radar.scan_s)
        bearing_sigma = np.radians(radar.bearing_sigma_deg)
        for c, craft in enumerate(crafts):
            t = scans[(scans >= craft.path.start_s) & (scans <= craft.path.end_s)]
            if t.size == 0:
                continue
            x, y = craft.path.at(t)
            dx, dy = x - rx, y - ry
            r = np.hypot(dx, dy)
            small = craft.kind == "small_boat"
            pd = _pd(det.small_boat, r, sea) if small else _pd(det.vessel, r)
            seen = (r <= radar.max_range_m) & (rng.random(t.size) < pd)
            if not seen.any():
                continue
            t, x, y, dx, dy, r = t[seen], x[seen], y[seen], dx[seen], dy[seen], r[seen]
            along = rng.normal(0, radar.range_sigma_m, t.size)
            across = rng.normal(0, 1, t.size) * r * bearing_sigma
            ux, uy = dx / np.maximum(r, 1.0), dy / np.maximum(r, 1.0)
            px, py = x + along * ux - across * uy, y + along * uy + across * ux
            sigma = np.maximum(radar.range_sigma_m, r * bearing_sigma)
            parts.append((t, np.full(t.size, k), px, py, sigma, np.full(t.size, c)))
        n_clutter = rng.poisson(radar.clutter_per_scan * scans.size)
        if n_clutter:
            ct = rng.choice(scans, n_clutter)
            cr = radar.max_range_m * np.sqrt(rng.random(n_clutter))
            cb = rng.uniform(0, 2 * np.pi, n_clutter)
            cx, cy = rx + cr * np.sin(cb), ry + cr * np.cos(cb)
            at_sea = distance_to_coast_xy(cx, cy) > 200.0
            sigma = np.maximum(radar.range_sigma_m, cr * bearing_sigma)
            parts.append(
                (
                    ct[at_sea],
                    np.full(int(at_sea.sum()), k),
                    cx[at_sea],
                    cy[at_sea],
                    sigma[at_sea],
                    np.full(int(at_sea.sum()), -1),
                )
            )
    if not parts:
        empty = np.empty(0)
        return Plots(
            empty,
            np.empty(0, np.intp),
            empty,
            empty,
            empty,
            tuple(r.id for r in cfg.radars),
            np.empty(0, np.intp),
        )
    t, s, x, y, sig, src = (np.concatenate(col) for col in zip(*parts, strict=True))
    order = np.argsort(t, kind="stable")
    lat, lon = to_wgs84(x[order], y[order])
    return Plots(
        t[order],
        s[order].astype(np.intp),
        lat,
        lon,
        sig[order],
        tuple(r.id for r in cfg.radars),
        src[order].astype(np.intp),
    )


def ais_lines(
    crafts: list[Craft],
    cfg: ScenarioConfig,
    start_s: float,
    end_s: float,
    rng: np.random.Generator,
) -> list[tuple[float, str]]:
    """``(receive time, tagged NMEA line)`` for every AIS message heard, unsorted."""
    ais = cfg.ais
    out: list[tuple[float, str]] = []
    seq = 0
    for craft in crafts:
        if not craft.ais or craft.mmsi is None:
            continue
        t0 = max(start_s, craft.path.start_s)
        t = (
            t0
            + rng.uniform(0, ais.report_interval_s)
            + np.arange(0, craft.path.end_s - t0, ais.report_interval_s)
        )
        t = t[t <= min(end_s, craft.path.end_s)]
        if t.size == 0:
            continue
        x, y = craft.path.at(t)
        if craft.ais_offset_m is not None:
            x, y = x + craft.ais_offset_m[0], y + craft.ais_offset_m[1]
        x, y = x + rng.normal(0, 8.0, t.size), y + rng.normal(0, 8.0, t.size)
        lat, lon = to_wgs84(x, y)
        vx, vy = craft.path.velocity_at(t)
        sog, cog = from_grid_velocity(vx, vy, lat, lon)
        sog = np.round(sog + rng.normal(0, 0.1, t.size), 1).clip(0, 102.2)
        for ti, la, lo, sp, co in zip(
            t.tolist(), lat.tolist(), lon.tolist(), sog.tolist(), cog.tolist(), strict=True
        ):
            unix = int(ti)
            payload = position_report(craft.mmsi, la, lo, sp, co, int(co), unix % 60)
            out.append((ti, tagged(position_sentence(payload), ais.receiver_id, unix)))
        for ts in np.arange(t[0], t[-1] + 1, ais.static_interval_s).tolist():
            seq += 1
            imo = 9_000_000 + craft.mmsi % 999_999
            call = f"C{craft.mmsi % 100_000:05d}"
            for line in static_report(
                craft.mmsi, (craft.name or "")[:20], call, craft.ship_type, craft.length_m, imo, seq
            ):
                out.append((ts, tagged(line, ais.receiver_id, int(ts))))
    return out


def _iso(t_s: float) -> str:
    return datetime.fromtimestamp(t_s, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _estimate(persons: int, error: float, rng: np.random.Generator) -> int:
    return max(1, round(persons * rng.uniform(1 - error, 1 + error)))


def sightings(
    boats: list[Craft],
    cfg: ScenarioConfig,
    start_s: float,
    end_s: float,
    rng: np.random.Generator,
) -> list[dict[str, Any]]:
    """Sighting records (the JSON lines format of docs/formats.md), unsorted."""
    sc = cfg.sightings
    out: list[dict[str, Any]] = []

    def report(
        t_s: float,
        craft: Craft,
        kind: str,
        platform: str,
        sensor: str,
        unit: str,
        sigma: float,
        persons: int | None,
        confidence: float,
    ) -> None:
        if not (start_s <= t_s <= end_s and craft.path.start_s <= t_s <= craft.path.end_s):
            return
        x, y = craft.path.at(np.array([t_s]))
        lat, lon = to_wgs84(x + rng.normal(0, sigma), y + rng.normal(0, sigma))
        vx, vy = craft.path.velocity_at(np.array([t_s]))
        item: dict[str, Any] = {
            "time": _iso(t_s),
            "sensor_id": sensor,
            "platform": platform,
            "kind": kind,
            "lat": round(float(lat[0]), 6),
            "lon": round(float(lon[0]), 6),
            "sigma_m": sigma,
            "confidence": round(confidence, 2),
            "reporting_unit": unit,
        }
        if persons is not None:
            item["persons_estimate"] = persons
        speed = float(np.hypot(vx[0], vy[0])) / KNOT_MPS
        if kind == "small_boat" and speed > 0.5:
            item["speed_kn"] = round(speed, 1)
        out.append(item)

    for boat in boats:
        persons = int(boat.truth["persons"])  # type: ignore[call-overload]
        start = boat.path.start_s
        if rng.random() < sc.launch_patrol_probability:
            report(
                start + rng.uniform(60, 360),
                boat,
                "small_boat",
                "patrol",
                "patrol-fr-shore",
                "Police aux frontières",
                100.0,
                _estimate(persons, sc.persons_error, rng),
                rng.uniform(0.6, 0.9),
            )
        if boat.truth["outcome"] != "prevented" and rng.random() < sc.aerial_probability:
            t = rng.uniform(start + 1200, max(start + 1300, boat.path.end_s - 600))
            drone = rng.random() < 0.5
            report(
                t,
                boat,
                "small_boat",
                "drone" if drone else "aircraft",
                "drone-fr-07" if drone else "aircraft-frontex-1",
                "Gendarmerie maritime Calais" if drone else "Frontex aerial surveillance",
                25.0 if drone else 250.0,
                _estimate(persons, sc.persons_error, rng),
                rng.uniform(0.7, 0.95),
            )
        piw = boat.truth.get("persons_in_water_time")
        if piw and rng.random() < sc.persons_in_water_sighting_probability:
            t = datetime.fromisoformat(str(piw).replace("Z", "+00:00")).timestamp()
            report(
                t + rng.uniform(30, 240),
                boat,
                "persons_in_water",
                "aircraft",
                "aircraft-hmcg-1",
                "HM Coastguard aircraft",
                150.0,
                int(rng.integers(1, 8)),
                rng.uniform(0.6, 0.9),
            )
    return out
