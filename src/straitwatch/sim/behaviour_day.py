# SPDX-License-Identifier: EUPL-1.2
"""A simulated day for the behaviour rules: the day's merchant ships and ferries on AIS
(:mod:`straitwatch.sim.traffic`), with encounters, loiterers, AIS gaps and switch-offs
and spoofed identities injected where the chosen preset looks for them, and the truth.

Positions are produced directly (AIS reports with 10 m of noise, tracks without AIS as a
tracker would give them, with 30 m), so the rules are measured on their own.

>>> day = behaviour_day(date(2022, 8, 22), "channel", hours=2.0, every_s=120.0)
>>> sorted({i.type for i in day.injected})[:3]
['ais_gap', 'ais_switch_off', 'encounter']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import numpy as np
from numpy.typing import NDArray

from straitwatch.behaviour.event import BehaviourEvent
from straitwatch.behaviour.positions import Positions, VesselNames
from straitwatch.geo.projection import KNOT_MPS, to_metric
from straitwatch.geo.zones import zones
from straitwatch.sim.config import scenario_config
from straitwatch.sim.traffic import ferries, merchant_ships

__all__ = ["BehaviourDay", "Injected", "behaviour_day", "score"]

Floats = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Injected:
    type: str
    vessels: tuple[str, ...]
    start_s: float
    end_s: float


@dataclass(slots=True)
class BehaviourDay:
    positions: Positions
    names: VesselNames
    injected: list[Injected] = field(default_factory=list)


class _Builder:
    def __init__(self, rng: np.random.Generator, every_s: float) -> None:
        self.rng = rng
        self.every_s = every_s
        self.parts: list[Positions] = []
        self.names = VesselNames()
        self.injected: list[Injected] = []
        self._next_mmsi = 235_900_000

    def mmsi(self) -> int:
        self._next_mmsi += 1
        return self._next_mmsi

    def path(
        self,
        vessel: int,
        knots: list[tuple[float, float, float]],
        *,
        sog_kn: float | None = None,
        noise_m: float = 10.0,
        every_s: float | None = None,
    ) -> None:
        """Reports along ``knots`` of ``(t_s, lat, lon)``, straight between them."""
        t_k = np.array([k[0] for k in knots])
        x_k, y_k = to_metric([k[1] for k in knots], [k[2] for k in knots])
        t = np.arange(t_k[0], t_k[-1] + 1e-6, every_s or self.every_s)
        x = np.interp(t, t_k, x_k) + self.rng.normal(0, noise_m, t.size)
        y = np.interp(t, t_k, y_k) + self.rng.normal(0, noise_m, t.size)
        leg = np.clip(np.searchsorted(t_k, t, side="right") - 1, 0, t_k.size - 2)
        dt = np.diff(t_k)[leg]
        true_kn = np.hypot(np.diff(x_k)[leg], np.diff(y_k)[leg]) / dt / KNOT_MPS
        speed = np.full(t.size, sog_kn) if sog_kn is not None else true_kn
        self.parts.append(Positions(np.full(t.size, vessel, np.int64), t, x, y, speed))

    def inject(self, type_: str, vessels: tuple[int, ...], start_s: float, end_s: float) -> None:
        labels = tuple(self.names.label(v) for v in vessels)
        self.injected.append(Injected(type_, labels, start_s, end_s))


def _traffic(b: _Builder, s0: float, s1: float) -> None:
    cfg, area = scenario_config(), zones()
    for craft in merchant_ships(cfg, area, s0, s1, b.rng) + ferries(cfg, area, s0, s1, b.rng):
        if not craft.ais or craft.mmsi is None:
            continue
        p = craft.path
        t = np.arange(p.start_s, p.end_s, b.every_s)
        x, y = p.at(t)
        vx, vy = p.velocity_at(t)
        x = x + b.rng.normal(0, 10.0, t.size)
        y = y + b.rng.normal(0, 10.0, t.size)
        speed = np.hypot(vx, vy) / KNOT_MPS
        b.parts.append(Positions(np.full(t.size, craft.mmsi, np.int64), t, x, y, speed))


_H = 3600.0


def _inject(b: _Builder, preset_name: str, s0: float, hours: float) -> None:
    """Events where ``preset_name`` looks for them, spread over the window."""
    gfw = preset_name == "gfw"
    span = hours * _H
    at = [s0 + span * f for f in (0.1, 0.35, 0.6)]
    for k, t0 in enumerate(at):
        # Encounter: GFW, two AIS vessels mid-Channel for 3 h; Channel, a dark craft
        # alongside an AIS vessel off the French coast for 40 min.
        a = b.mmsi()
        dur = 3 * _H if gfw else 40 * 60.0
        lat, lon = (50.40 - 0.05 * k, 0.45) if gfw else (50.93 - 0.03 * k, 1.50)
        other = b.mmsi() if gfw else b.names.key_for_track(f"T-dark-{k}")
        lead, tail = 40 * 60.0, 20 * 60.0
        # They come from different directions and part the same way.
        for v, dlon, dlat, dlon0 in ((a, 0.0, -0.08, 0.0), (other, 0.0012, 0.0, 0.1)):
            knots = [
                (t0 - lead, lat + dlat, lon + dlon + dlon0),
                (t0, lat, lon + dlon),
                (t0 + dur, lat + 0.004, lon + dlon),
                (t0 + dur + tail, lat + 0.004 - dlat, lon + dlon + dlon0),
            ]
            b.path(v, knots, noise_m=10.0 if v > 0 else 30.0)
        b.inject("encounter", (a, other), t0, t0 + dur)
        # Loitering: GFW, 3 h at 0.5 kn 25 nm out; Channel, a dark craft 45 min off Wimereux.
        v = b.mmsi() if gfw else b.names.key_for_track(f"T-loiter-{k}")
        dur = 3 * _H if gfw else 45 * 60.0
        lat, lon = (50.15, -1.5 + 0.1 * k) if gfw else (50.78 + 0.01 * k, 1.585)
        knots = [
            (t0 - 30 * 60, lat, lon - 0.12),
            (t0, lat, lon),
            (t0 + dur, lat + 0.003, lon),
            (t0 + dur + 30 * 60, lat, lon - 0.12),
        ]
        b.path(v, knots, noise_m=10.0 if v > 0 else 30.0)
        b.inject("loitering", (v,), t0, t0 + dur)
        # AIS gap: 7 h (GFW), 90 min (Channel), a ship at 6 kn in the Strait.
        v = b.mmsi()
        gap = 7 * _H if gfw else 90 * 60.0
        lat, lon = 50.95 + 0.02 * k, 1.30
        b.path(v, [(t0 - _H, lat, lon), (t0, lat + 0.05, lon + 0.05)])
        b.path(v, [(t0 + gap, lat + 0.06, lon + 0.06), (t0 + gap + _H, lat + 0.1, lon + 0.1)])
        b.inject("ais_gap", (v,), t0, t0 + gap)
    for k, t0 in enumerate(at[:2]):
        # Switch-off: steady reports, then 13 h dark 60 nm out (GFW) / 4 h mid-Strait.
        v = b.mmsi()
        off = 13 * _H if gfw else 4 * _H
        lat, lon = (48.9 + 0.05 * k, -7.0) if gfw else (51.02 + 0.03 * k, 1.45)
        b.path(v, [(t0 - _H, lat, lon), (t0, lat + 0.01, lon)], sog_kn=0.5)
        b.path(v, [(t0 + off, lat + 0.01, lon), (t0 + off + _H, lat + 0.02, lon)], sog_kn=0.5)
        b.inject("ais_switch_off", (v,), t0, t0 + off)
        # One MMSI, two transmitters 20 km apart, alternating.
        v = b.mmsi()
        for lat0, lon0, phase in ((51.05, 1.60, 0.0), (50.92, 1.33, b.every_s / 2)):
            b.path(
                v,
                [(t0 + phase, lat0, lon0), (t0 + phase + _H, lat0 + 0.03, lon0 + 0.03)],
                every_s=2 * b.every_s,
            )
        b.inject("identity_conflict", (v,), t0, t0 + _H)
        # A jump of 40 km that stays.
        v = b.mmsi()
        b.path(v, [(t0, 50.95, 1.35), (t0 + _H, 50.98, 1.40)])
        b.path(v, [(t0 + _H + b.every_s, 51.25, 1.80), (t0 + 2 * _H, 51.28, 1.85)])
        b.inject("impossible_kinematics", (v,), t0 + _H, t0 + _H + b.every_s)
        # AIS positions 20 km inside Kent.
        v = b.mmsi()
        b.path(v, [(t0, 51.20, 0.85 + 0.05 * k), (t0 + _H, 51.22, 0.90 + 0.05 * k)])
        b.inject("position_on_land", (v,), t0, t0 + _H)
        # An MMSI that cannot be a ship's (eight digits).
        v = 99_100_000 + k
        b.path(v, [(t0, 51.0, 1.2), (t0 + _H, 51.05, 1.3)])
        b.inject("identity_conflict", (v,), t0, t0 + _H)
        # AIS says 0 kn while its positions make 12 kn.
        v = b.mmsi()
        b.path(v, [(t0, 50.95, 1.15), (t0 + _H, 50.95, 1.15 + 12 / 60 / 0.63)], sog_kn=0.0)
        b.inject("identity_mismatch", (v,), t0, t0 + _H)


def behaviour_day(
    day: date,
    preset_name: str,
    *,
    hours: float = 24.0,
    seed: int = 1,
    injected: bool = True,
    every_s: float = 30.0,
) -> BehaviourDay:
    """``hours`` of the day from midnight, for the rules of ``preset_name``."""
    rng = np.random.default_rng(seed)
    b = _Builder(rng, every_s)
    s0 = datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()
    _traffic(b, s0, s0 + hours * _H)
    if injected:
        _inject(b, preset_name, s0, hours)
    positions = Positions.concat(b.parts).sorted()
    return BehaviourDay(positions, b.names, b.injected)


def score(
    day: BehaviourDay, events: list[BehaviourEvent], slack_s: float = 1800.0
) -> dict[str, object]:
    """Injected events found; events on an injected vessel of another type (an encounter's
    parties also loiter, a switch-off is also a gap) counted as ``secondary``; the rest
    ``false``."""

    def near(e: BehaviourEvent, i: Injected) -> bool:
        end = e.end.timestamp() if e.end else float("inf")
        return (
            bool(set(e.vessels) & set(i.vessels))
            and e.start.timestamp() <= i.end_s + slack_s
            and end >= i.start_s - slack_s
        )

    def matches(e: BehaviourEvent, i: Injected) -> bool:
        return str(e.type) == i.type and near(e, i)

    found = [i for i in day.injected if any(matches(e, i) for e in events)]
    other = [e for e in events if not any(matches(e, i) for i in day.injected)]
    secondary = [e for e in other if any(near(e, i) for i in day.injected)]
    false = [e for e in other if e not in secondary]
    return {
        "injected": len(day.injected),
        "found": len(found),
        "missed": [f"{i.type} {', '.join(i.vessels)}" for i in day.injected if i not in found],
        "secondary": [f"{e.type} {', '.join(e.vessels)}" for e in secondary],
        "false": len(false),
        "false_events": [f"{e.type} {', '.join(e.vessels)} {e.to_json()['start']}" for e in false],
    }
