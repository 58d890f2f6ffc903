# SPDX-License-Identifier: EUPL-1.2
"""Identity that does not hold up: an MMSI or IMO number that cannot be valid
(``identity_conflict``, rules ``invalid_mmsi``/``invalid_imo``), and AIS that disagrees
with what is seen of the vessel (``identity_mismatch``): the tracker found its position
far from the radar track carrying it (rule ``radar_position``), or its positions make
good more speed than its reported speed over ground (rule ``speed_over_ground``; a ship
cannot make good more than it sails, while circling legitimately makes good less).

>>> mmsi_problem(235000001), mmsi_problem(12345), mmsi_problem(111232506)
(None, 'not nine digits', 'not a ship station (MID 201-775)')
>>> imo_valid(9074729), imo_valid(9074728)
(True, False)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from straitwatch.behaviour.context import Context
from straitwatch.behaviour.event import BehaviourEvent, EventType
from straitwatch.behaviour.positions import Positions, group_bounds, last_rows, with_tail
from straitwatch.geo.projection import KNOT_MPS, to_metric
from straitwatch.sensors.observation import Identity
from straitwatch.tracking.track import TrackUpdate

__all__ = ["Identities", "imo_valid", "mmsi_problem"]

_TAIL_ROWS = 200


def mmsi_problem(mmsi: int) -> str | None:
    """Why ``mmsi`` cannot be a ship's (ITU-R M.585: nine digits, MID 201-775), or None."""
    if not 100_000_000 <= mmsi <= 999_999_999:
        return "not nine digits"
    if not 201 <= mmsi // 1_000_000 <= 775:
        return "not a ship station (MID 201-775)"
    return None


def imo_valid(imo: int) -> bool:
    """IMO ship number check digit: the first six digits weighted 7..2, sum mod 10."""
    if not 1_000_000 <= imo <= 9_999_999:
        return False
    digits = [int(c) for c in str(imo)]
    return sum(d * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True)) % 10 == digits[6]


class Identities:
    """Judges static data and position reports of AIS vessels, and the tracker's flags."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.rule = ctx.preset.identity
        self.tail = Positions.empty()
        self.statics: dict[int, Identity] = {}
        self.judged: set[tuple[str, int]] = set()
        self.reported: dict[tuple[str, str], float] = {}

    def identify(self, identity: Identity) -> None:
        """Static data: judged when the vessel's next position arrives (for its place)."""
        self.statics[identity.mmsi] = identity

    def step(self, chunk: Positions) -> list[BehaviourEvent]:
        ais = chunk.take(chunk.vessel > 0)
        out = self._numbers(ais)
        p, fresh = with_tail(self.tail, ais)
        keep = last_rows(p, _TAIL_ROWS)
        if len(p):
            recent = p.t_s >= np.repeat(*_last_times(p)) - 2 * self.rule.speed_window_s
            keep &= recent
        self.tail = p.take(keep)
        return out + self._speed(p, fresh)

    def flagged(self, updates: Iterable[TrackUpdate]) -> list[BehaviourEvent]:
        """Tracks the tracker flagged ``identity_mismatch`` (AIS far from the radar track)."""
        out = []
        for u in updates:
            if "identity_mismatch" not in u.flags or not self._fresh("radar", u.track_id, u):
                continue
            x, y = to_metric([u.lat], [u.lon])
            vessel = u.mmsi if u.mmsi is not None else self.ctx.names.key_for_track(u.track_id)
            evidence = {"track_id": u.track_id, "name": u.name, "sources": list(u.sources)}
            t = u.time.timestamp()
            out.append(
                self._event(
                    EventType.IDENTITY_MISMATCH,
                    "radar_position",
                    vessel,
                    t,
                    float(x[0]),
                    float(y[0]),
                    evidence,
                )
            )
        return out

    def _fresh(self, kind: str, who: str, u: TrackUpdate) -> bool:
        t = u.time.timestamp()
        last = self.reported.get((kind, who))
        if last is not None and t - last < self.rule.repeat_s:
            return False
        self.reported[(kind, who)] = t
        return True

    def _numbers(self, p: Positions) -> list[BehaviourEvent]:
        out: list[BehaviourEvent] = []
        if len(p) == 0:
            return out
        starts, _ = group_bounds(p.vessel)
        for i in starts.tolist():
            mmsi = int(p.vessel[i])
            problem = mmsi_problem(mmsi)
            if problem and ("mmsi", mmsi) not in self.judged:
                self.judged.add(("mmsi", mmsi))
                out.append(self._at(p, i, "invalid_mmsi", {"mmsi": mmsi, "problem": problem}))
            static = self.statics.get(mmsi)
            if static and static.imo and ("imo", mmsi) not in self.judged:
                self.judged.add(("imo", mmsi))
                if not imo_valid(static.imo):
                    evidence = {"imo": static.imo, "problem": "IMO check digit fails"}
                    out.append(self._at(p, i, "invalid_imo", evidence))
        return out

    def _at(self, p: Positions, i: int, rule: str, evidence: dict[str, Any]) -> BehaviourEvent:
        return self._event(
            EventType.IDENTITY_CONFLICT,
            rule,
            int(p.vessel[i]),
            float(p.t_s[i]),
            float(p.x_m[i]),
            float(p.y_m[i]),
            evidence,
        )

    def _speed(self, p: Positions, fresh: np.ndarray) -> list[BehaviourEvent]:
        """Speed made good over ``speed_window_s`` against the reported speed over it."""
        if len(p) < 3:
            return []
        window = self.rule.speed_window_s
        starts, ends = group_bounds(p.vessel)
        group = np.repeat(np.arange(starts.size), ends - starts)
        key = group * 1e9 + (p.t_s - p.t_s.min())
        j = np.flatnonzero(fresh)
        i = np.searchsorted(key, key[j] - window)
        span = p.t_s[j] - p.t_s[i]
        ok = (j - i >= 2) & (span >= 0.8 * window) & (group[i] == group[j])
        j, i, span = j[ok], i[ok], span[ok]
        # Time-weighted (reports come faster when a ship is moving or turning).
        area = (p.speed_kn[1:] + p.speed_kn[:-1]) / 2.0 * np.diff(p.t_s)
        integral = np.concatenate([[0.0], np.cumsum(area)])
        mean_sog = (integral[j] - integral[i]) / span
        made_good = np.hypot(p.x_m[j] - p.x_m[i], p.y_m[j] - p.y_m[i]) / span / KNOT_MPS
        # Windows with a jump in them are the kinematics rules' to judge.
        jumps = np.hypot(np.diff(p.x_m), np.diff(p.y_m)) > self.rule.min_jump_m
        jumps_before = np.concatenate([[0], np.cumsum(jumps)])
        bad = made_good - mean_sog > self.rule.speed_mismatch_kn
        bad &= jumps_before[j] == jumps_before[i]
        out = []
        for jj, ii, sog, mg in zip(
            j[bad].tolist(),
            i[bad].tolist(),
            mean_sog[bad].tolist(),
            made_good[bad].tolist(),
            strict=True,
        ):
            vessel = int(p.vessel[jj])
            last = self.reported.get(("speed", str(vessel)))
            t = float(p.t_s[jj])
            if last is not None and t - last < self.rule.repeat_s:
                continue
            self.reported[("speed", str(vessel))] = t
            evidence = {
                "reported_speed_kn": round(sog, 1),
                "made_good_kn": round(mg, 1),
                "from": self.ctx.point(p.x_m[ii], p.y_m[ii], p.t_s[ii]),
                "to": self.ctx.point(p.x_m[jj], p.y_m[jj], p.t_s[jj]),
            }
            out.append(
                self._event(
                    EventType.IDENTITY_MISMATCH,
                    "speed_over_ground",
                    vessel,
                    float(p.t_s[ii]),
                    float(p.x_m[jj]),
                    float(p.y_m[jj]),
                    evidence,
                    end_s=t,
                )
            )
        return out

    def _event(
        self,
        type_: EventType,
        rule: str,
        vessel: int,
        t_s: float,
        x_m: float,
        y_m: float,
        evidence: dict[str, Any],
        end_s: float | None = None,
    ) -> BehaviourEvent:
        return self.ctx.event(
            type_,
            rule,
            (vessel,),
            t_s,
            t_s if end_s is None else end_s,
            x_m,
            y_m,
            self.rule.model_dump(mode="json"),
            evidence,
        )


def _last_times(p: Positions) -> tuple[np.ndarray, np.ndarray]:
    starts, ends = group_bounds(p.vessel)
    return p.t_s[ends - 1], ends - starts
