# SPDX-License-Identifier: EUPL-1.2
"""The small boats of a simulated day: how many, how loaded, from where, when, and what
becomes of each.

The number of boats that arrive and the people on them are the Home Office figures for
the date; a share more are stopped or turn back (French prevention, not in those
figures). Launches follow the scenario's hour weights (night and dawn) and sector
weights. Boats steer for a landing point in Kent or East Sussex at dinghy speed while the
tide sets them along the Strait; some lose their engine and drift until rescued, most are
met by a Border Force cutter once in UK waters, a few reach the beach.

All boats move together, one ``step_s`` at a time, as arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import shapely
from numpy.typing import NDArray

from straitwatch.geo.land import distance_to_coast_xy, land
from straitwatch.geo.projection import KNOT_MPS, to_wgs84
from straitwatch.geo.zones import ChannelZones, Sector
from straitwatch.sim.config import ScenarioConfig
from straitwatch.sim.daily import DailyFigures
from straitwatch.sim.paths import Path
from straitwatch.sim.traffic import Craft

__all__ = ["Tide", "plan_boats"]

Floats = NDArray[np.float64]
MOTORING, TURNING_BACK, DRIFTING, DONE = 1, 2, 3, 4


@dataclass(frozen=True, slots=True)
class Tide:
    """A tidal stream along the Strait: ``amplitude`` × cos, flooding towards ``flood_deg``."""

    amplitude_mps: float
    period_s: float
    flood_deg: float
    phase_s: float

    def velocity(self, t_s: float) -> tuple[float, float]:
        speed = self.amplitude_mps * np.cos(2 * np.pi * (t_s - self.phase_s) / self.period_s)
        rad = np.radians(self.flood_deg)
        return float(speed * np.sin(rad)), float(speed * np.cos(rad))


def _coast_point(
    sector: Sector, country: str, rng: np.random.Generator, avoid: Floats, avoid_m: float
) -> tuple[float, float]:
    """A random point of ``country``'s coastline inside ``sector``, away from ``avoid``."""
    coast = land().metric[country].boundary.intersection(sector.polygon_m)
    for _ in range(50):
        p = shapely.line_interpolate_point(coast, rng.uniform(0, coast.length))
        x, y = float(p.x), float(p.y)
        if avoid.size == 0 or np.min(np.hypot(avoid[:, 0] - x, avoid[:, 1] - y)) > avoid_m:
            return x, y
    return x, y


def _seaward(x: float, y: float, bearing_deg: float, side: str) -> tuple[float, float]:
    """Step out from the waterline until clearly at sea (the coastline is 1:10m)."""
    rad = np.radians(bearing_deg)
    for dist in (50.0, 100.0, 200.0, 400.0, 800.0):
        px, py = x + dist * np.sin(rad), y + dist * np.cos(rad)
        if distance_to_coast_xy([px], [py])[0] > 30.0:
            return float(px), float(py)
    return float(px), float(py)


def _loads(people: int, boats: int, minimum: int, rng: np.random.Generator) -> list[int]:
    """People per boat summing exactly to ``people`` (gamma-distributed shares)."""
    if boats == 0:
        return []
    spare = max(people - minimum * boats, 0)
    shares = rng.gamma(6.0, size=boats)
    raw = shares / shares.sum() * spare
    counts = np.floor(raw).astype(int)
    counts[np.argsort(raw - counts)[::-1][: spare - counts.sum()]] += 1
    return [int(c) + minimum if people >= minimum * boats else int(c) for c in counts]


def _pick(weights: dict[str, float], rng: np.random.Generator) -> str:
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return str(keys[rng.choice(len(keys), p=p / p.sum())])


def plan_boats(
    cfg: ScenarioConfig,
    area: ChannelZones,
    figures: DailyFigures,
    start_s: float,
    end_s: float,
    rng: np.random.Generator,
) -> list[Craft]:
    """Every small boat launched in ``[start_s, end_s)`` on the figures' day, moved to the
    end of its voyage (which may run past ``end_s``: the picture ends, the sea does not)."""
    sb = cfg.small_boats
    day0 = datetime(figures.day.year, figures.day.month, figures.day.day, tzinfo=UTC).timestamp()
    prevented = int(rng.poisson(figures.boats * sb.prevented_per_arrival)) if figures.boats else 0
    loads = _loads(figures.people, figures.boats, sb.persons_min, rng)
    mean = figures.people / figures.boats if figures.boats else 40.0
    loads += [max(sb.persons_min, int(rng.normal(mean, mean * 0.25))) for _ in range(prevented)]
    outcomes = [_pick(sb.outcome_weights, rng) for _ in range(figures.boats)]
    outcomes += ["prevented"] * prevented
    hours = np.asarray(sb.launch_hour_weights, dtype=float)
    ports = np.array([[p.x_m, p.y_m] for p in area.ports])
    sectors = {s.id: s for s in (*area.departure_sectors, *area.arrival_sectors)}
    tide = Tide(
        cfg.tide.amplitude_kn * KNOT_MPS,
        cfg.tide.period_h * 3600,
        cfg.tide.flood_deg,
        day0 + rng.uniform(0, cfg.tide.period_h * 3600),
    )
    boats = []
    for k, (persons, outcome) in enumerate(zip(loads, outcomes, strict=True)):
        launch_s = day0 + (rng.choice(24, p=hours / hours.sum()) + rng.random()) * 3600.0
        dep = sectors[_pick(sb.sector_weights, rng)]
        arr = sectors[_pick(sb.arrival_sector_weights, rng)]
        hx, hy = _seaward(*_coast_point(dep, "FR", rng, ports, 1500.0), dep.seaward_deg, "FR")
        # Boats first run straight out to sea, away from the beach, then steer for England.
        out_rad = np.radians(dep.seaward_deg + rng.uniform(-20, 20))
        out_m = rng.uniform(2000, 4000)
        offing = (hx + out_m * np.sin(out_rad), hy + out_m * np.cos(out_rad))
        tx, ty = _coast_point(arr, "GB", rng, np.empty((0, 2)), 0.0)
        speed = rng.uniform(*sb.speed_kn) * KNOT_MPS
        crossing_s = float(np.hypot(tx - hx, ty - hy)) / speed
        if not start_s <= launch_s < end_s:
            continue
        fail_lo, fail_hi = sb.engine_failure_after_min
        fail_hi = min(fail_hi, max(fail_lo, 0.7 * crossing_s / 60.0))
        boats.append(
            {
                "id": f"boat-{k:03d}",
                "persons": persons,
                "outcome": outcome,
                "launch_s": launch_s,
                "home": (hx, hy),
                "offing": offing,
                "target": (tx, ty),
                "speed": speed,
                "dep": dep.id,
                "arr": arr.id,
                "turn_s": launch_s + rng.uniform(*sb.turn_back_after_min) * 60.0,
                "fail_s": launch_s + rng.uniform(fail_lo, fail_hi) * 60.0,
                "rescue_after_s": rng.uniform(*sb.rescue_after_min) * 60.0,
                "intercept_after_s": rng.uniform(*sb.intercept_after_min) * 60.0,
                "piw": rng.random() < sb.persons_in_water_probability,
                "piw_after_s": rng.uniform(2, 15) * 60.0,
            }
        )
    return _move(boats, cfg, area, tide, rng)


def _move(
    boats: list[dict[str, object]],
    cfg: ScenarioConfig,
    area: ChannelZones,
    tide: Tide,
    rng: np.random.Generator,
) -> list[Craft]:
    if not boats:
        return []
    n = len(boats)
    col = {
        key: np.array([b[key] for b in boats])
        for key in ("launch_s", "speed", "turn_s", "fail_s", "rescue_after_s", "intercept_after_s")
    }
    home = np.array([b["home"] for b in boats], dtype=float)
    target = np.array([b["target"] for b in boats], dtype=float)
    offing = np.array([b["offing"] for b in boats], dtype=float)
    outbound = np.ones(n, dtype=bool)
    outcome = np.array([b["outcome"] for b in boats])
    pos = home.copy()
    state = np.zeros(n, dtype=int)
    noise = np.zeros(n)
    entered_s = np.full(n, np.nan)
    distress = np.full((n, 3), np.nan)
    ended = np.full(n, np.nan)
    final = np.array(["lost_contact"] * n, dtype=object)
    dt = cfg.small_boats.step_s
    sigma = np.radians(cfg.small_boats.heading_noise_deg)
    knots: list[tuple[NDArray[np.intp], float, Floats]] = []
    t = float(col["launch_s"].min())
    horizon = float(col["launch_s"].max()) + 18 * 3600.0
    while t <= horizon and (state != DONE).any():
        start = (state == 0) & (col["launch_s"] <= t)
        state[start] = MOTORING
        active = np.flatnonzero((state != 0) & (state != DONE))
        if active.size == 0:
            t = float(col["launch_s"][state == 0].min())
            continue
        knots.append((active, t, pos[active].copy()))
        # Events due now.
        turn = (state == MOTORING) & (outcome == "prevented") & (col["turn_s"] <= t)
        state[turn] = TURNING_BACK
        fail = (state == MOTORING) & (outcome == "rescued") & (col["fail_s"] <= t)
        distress[fail] = np.column_stack([np.full(fail.sum(), t), pos[fail]])
        state[fail] = DRIFTING
        rescued = (state == DRIFTING) & (t >= distress[:, 0] + col["rescue_after_s"])
        for mask, label in ((rescued, "rescued"),):
            final[mask], ended[mask], state[mask] = label, t, DONE
        caught = (state == MOTORING) & (t >= entered_s + col["intercept_after_s"])
        caught &= outcome == "intercepted"
        final[caught], ended[caught], state[caught] = "intercepted", t, DONE
        # Move.
        cur = np.array(tide.velocity(t))
        goal = np.where(outbound[:, None], offing, target)
        goal = np.where((state == TURNING_BACK)[:, None], home, goal)
        heading = np.arctan2(goal[:, 0] - pos[:, 0], goal[:, 1] - pos[:, 1])
        noise = 0.9 * noise + rng.normal(0, sigma, n)
        water = col["speed"][:, None] * np.column_stack(
            [np.sin(heading + noise), np.cos(heading + noise)]
        )
        water[state == DRIFTING] = rng.normal(0, 0.1, (int((state == DRIFTING).sum()), 2))
        moving = (state == MOTORING) | (state == TURNING_BACK) | (state == DRIFTING)
        pos[moving] += (water[moving] + cur) * dt
        t += dt
        # Where they are now.
        live = np.flatnonzero(moving)
        to_gb = distance_to_coast_xy(pos[live, 0], pos[live, 1], "GB")
        to_fr = distance_to_coast_xy(pos[live, 0], pos[live, 1], "continent")
        gone = np.hypot(*(pos[live] - goal[live]).T)
        heading_out = outbound[live] & (state[live] == MOTORING)
        outbound[live[heading_out & (gone < 300.0)]] = False
        gone = np.where(heading_out, np.inf, gone)  # the offing is not England
        in_uk = area.uk_side_m_xy(pos[live, 0], pos[live, 1]) & (to_gb <= 22_224.0)
        first = in_uk & np.isnan(entered_s[live])
        entered_s[live[first]] = t
        landed = (state[live] == MOTORING) & ((to_gb <= 20.0) | (gone < 60.0))
        back = (state[live] == TURNING_BACK) & ((to_fr <= 20.0) | (gone < 60.0))
        aground = (state[live] == DRIFTING) & (np.minimum(to_gb, to_fr) <= 0.0)
        for mask, label in ((landed, "landed"), (back, "prevented"), (aground, "rescued")):
            idx = live[mask]
            final[idx], ended[idx], state[idx] = label, t, DONE
            if idx.size:
                knots.append((idx, t, pos[idx].copy()))
    still = np.flatnonzero(state != DONE)
    ended[still] = t
    return _crafts(boats, knots, distress, ended, final)


def iso(t_s: float) -> str:
    return datetime.fromtimestamp(t_s, UTC).isoformat().replace("+00:00", "Z")


def _crafts(
    boats: list[dict[str, object]],
    knots: list[tuple[NDArray[np.intp], float, Floats]],
    distress: Floats,
    ended: Floats,
    final: NDArray[np.object_],
) -> list[Craft]:
    idx = np.concatenate([k[0] for k in knots])
    ts = np.concatenate([np.full(k[0].size, k[1]) for k in knots])
    xy = np.concatenate([k[2] for k in knots])
    out = []
    for i, b in enumerate(boats):
        mine = idx == i
        t, x, y = ts[mine], xy[mine, 0], xy[mine, 1]
        keep = np.concatenate([[True], np.diff(t) > 0])
        path = Path(t[keep], x[keep], y[keep])
        (lat0, lat1), (lon0, lon1) = to_wgs84([x[0], x[-1]], [y[0], y[-1]])
        d_t, d_x, d_y = distress[i]
        d_lat, d_lon = to_wgs84([d_x], [d_y]) if np.isfinite(d_t) else ([None], [None])
        truth: dict[str, object] = {
            "id": b["id"],
            "launch_time": iso(float(t[0])),
            "launch_lat": round(float(lat0), 6),
            "launch_lon": round(float(lon0), 6),
            "persons": b["persons"],
            "distress_time": iso(float(d_t)) if np.isfinite(d_t) else None,
            "distress_lat": round(float(d_lat[0]), 6) if d_lat[0] is not None else None,
            "distress_lon": round(float(d_lon[0]), 6) if d_lon[0] is not None else None,
            "outcome": str(final[i]),
            "launch_sector": b["dep"],
            "arrival_sector": b["arr"],
            "end_time": iso(float(ended[i])),
            "end_lat": round(float(lat1), 6),
            "end_lon": round(float(lon1), 6),
            "persons_in_water_time": (
                iso(float(d_t) + float(b["piw_after_s"]))  # type: ignore[arg-type]
                if np.isfinite(d_t) and b["piw"]
                else None
            ),
        }
        out.append(Craft(id=str(b["id"]), kind="small_boat", path=path, truth=truth))
    return out
