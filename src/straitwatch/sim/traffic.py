# SPDX-License-Identifier: EUPL-1.2
"""The ships of a simulated day: merchant ships along the Dover Strait TSS lanes, the
cross-Channel ferries, and the patrol vessels sent to small boats.

Everything carries AIS except the few ships the scenario makes dark; a few others have
AIS that reports a position kilometres from where they are (``identity_mismatch``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from straitwatch.geo.projection import KNOT_MPS
from straitwatch.geo.zones import ChannelZones
from straitwatch.sim.config import ScenarioConfig
from straitwatch.sim.paths import Path, straight

__all__ = ["Craft", "ferries", "merchant_ships", "patrol_vessel"]

_SHIP_NAMES = (
    "NORDIC",
    "BALTIC",
    "ATLANTIC",
    "IBERIAN",
    "HANSA",
    "ALBION",
    "CELTIC",
    "FLANDERS",
    "ZEELAND",
    "ARMOR",
    "OPAL",
    "SOLENT",
    "THAMES",
    "SCHELDT",
)
_SHIP_KINDS = ("TRADER", "STAR", "SPIRIT", "PIONEER", "EXPRESS", "CARRIER", "BREEZE")


@dataclass(slots=True)
class Craft:
    """One simulated craft: where it goes, and what its AIS says about it."""

    id: str
    kind: str
    """``small_boat``, ``merchant``, ``ferry`` or ``patrol``."""
    path: Path
    mmsi: int | None = None
    name: str | None = None
    ais: bool = False
    ais_offset_m: tuple[float, float] | None = None
    """A spoofed AIS reports the true position plus this offset (x, y)."""
    ship_type: int = 0
    length_m: float = 0.0
    truth: dict[str, object] = field(default_factory=dict)


def _lane_line(area: ChannelZones, lane_id: str, extend_m: float) -> NDArray[np.float64]:
    """Centre line of a lane in its traffic direction, prolonged at both ends."""
    lane = next(lane for lane in area.tss_lanes if lane.id == lane_id)
    line = np.asarray(lane.centreline_m.coords)
    d0 = line[1] - line[0]
    d1 = line[-1] - line[-2]
    start = line[0] - d0 / np.hypot(*d0) * extend_m
    end = line[-1] + d1 / np.hypot(*d1) * extend_m
    return np.vstack([start, line, end])


def merchant_ships(
    cfg: ScenarioConfig, area: ChannelZones, start_s: float, end_s: float, rng: np.random.Generator
) -> list[Craft]:
    """Ships transiting the lanes: arrivals spread over the window (and before it, so the
    lanes are already busy at its start)."""
    t = cfg.traffic
    lines = {
        "TSS-SW": _lane_line(area, "TSS-SW", t.lane_extension_m),
        "TSS-NE": _lane_line(area, "TSS-NE", t.lane_extension_m),
    }
    length_m = {k: float(np.hypot(*np.diff(v, axis=0).T).sum()) for k, v in lines.items()}
    lo, hi = t.merchant_speed_kn
    longest_s = max(length_m.values()) / (lo * KNOT_MPS)
    window_s = end_s - start_s + longest_s
    count = rng.poisson(t.merchant_per_day * window_s / 86_400.0)
    out = []
    for k in range(count):
        lane = "TSS-SW" if rng.random() < 0.5 else "TSS-NE"
        speed = rng.uniform(lo, hi) * KNOT_MPS
        # A ship keeps its own track within the lane: offset across it by up to ±2 km.
        line = lines[lane]
        d = np.diff(line, axis=0)
        normal = np.array([-d[:, 1].mean(), d[:, 0].mean()])
        normal /= np.hypot(*normal)
        points = line + normal * rng.uniform(-2000.0, 2000.0)
        path = straight(points, speed, start_s - longest_s + rng.uniform(0, window_s))
        clipped = path.clipped(start_s, end_s)
        if clipped is None:
            continue
        mmsi = int(rng.integers(201_000_000, 280_000_000))  # MID 201 and up: valid
        dark = rng.random() < t.dark_fraction
        spoofed = not dark and rng.random() < t.spoofed_fraction
        offset = None
        if spoofed:
            dist = rng.uniform(*t.spoof_offset_m)
            ang = rng.uniform(0, 2 * np.pi)
            offset = (float(dist * np.sin(ang)), float(dist * np.cos(ang)))
        name = f"{rng.choice(_SHIP_NAMES)} {rng.choice(_SHIP_KINDS)}"
        out.append(
            Craft(
                id=f"ship-{k:04d}",
                kind="merchant",
                path=clipped,
                mmsi=mmsi,
                name=name,
                ais=not dark,
                ais_offset_m=offset,
                ship_type=int(rng.choice([70, 71, 79, 80, 81, 60])),
                length_m=float(rng.uniform(90, 350)),
                truth={
                    "lane": lane,
                    "ais": not dark,
                    "spoofed": spoofed,
                    "speed_kn": round(speed / KNOT_MPS, 1),
                },
            )
        )
    return out


def ferries(
    cfg: ScenarioConfig, area: ChannelZones, start_s: float, end_s: float, rng: np.random.Generator
) -> list[Craft]:
    """Scheduled crossings each way, evenly spaced through the day with a random phase."""
    ports = {p.id: p for p in area.ports}
    out: list[Craft] = []
    n = 0
    for route in cfg.traffic.ferries:
        if route.per_day_each_way == 0:
            continue
        a, b = ports[route.from_], ports[route.to]
        for src, dst in ((a, b), (b, a)):
            points = np.array([[src.x_m, src.y_m], [dst.x_m, dst.y_m]])
            speed = route.speed_kn * KNOT_MPS
            period = 86_400.0 / route.per_day_each_way
            day0 = np.floor(start_s / 86_400.0) * 86_400.0
            first = day0 - 86_400.0 + rng.uniform(0, period)
            for dep in np.arange(first, end_s, period):
                path = straight(points, speed, float(dep)).clipped(start_s, end_s)
                if path is None:
                    continue
                out.append(
                    Craft(
                        id=f"ferry-{n:04d}",
                        kind="ferry",
                        path=path,
                        mmsi=int(228_000_000 + 100 * len(out) % 1000 + n),
                        ais=True,
                        name=f"{src.name.upper()}-{dst.name.upper()} FERRY"[:20],
                        ship_type=60,
                        length_m=180.0,
                        truth={"route": f"{src.id}-{dst.id}", "ais": True, "spoofed": False},
                    )
                )
                n += 1
    return out


def patrol_vessel(
    cfg: ScenarioConfig,
    area: ChannelZones,
    craft_id: str,
    name: str,
    mmsi: int,
    meet_xy: tuple[float, float],
    meet_s: float,
    stay_s: float,
    *,
    base: str | None = None,
) -> Craft:
    """A patrol vessel from ``base`` (default: the scenario's patrol base) that reaches
    ``meet_xy`` at ``meet_s``, stays, and returns to base."""
    home_port = next(p for p in area.ports if p.id == (base or cfg.traffic.patrol_base))
    speed = cfg.traffic.patrol_speed_kn * KNOT_MPS
    home = np.array([home_port.x_m, home_port.y_m])
    meet = np.asarray(meet_xy)
    transit_s = float(np.hypot(*(meet - home))) / speed
    t = np.array([meet_s - transit_s, meet_s, meet_s + stay_s, meet_s + stay_s + transit_s])
    xy = np.vstack([home, meet, meet, home])
    keep = np.concatenate([[True], np.diff(t) > 0])
    path = Path(t[keep], xy[keep, 0], xy[keep, 1])
    return Craft(
        id=craft_id,
        kind="patrol",
        path=path,
        mmsi=mmsi,
        name=name,
        ais=True,
        ship_type=55,
        length_m=42.0,
        truth={"ais": True, "spoofed": False},
    )
