# SPDX-License-Identifier: EUPL-1.2
"""Positions that cannot be true: one MMSI in two places at once (``identity_conflict``),
jumps no ship can make (``impossible_kinematics``) and positions on land
(``position_on_land``).

A jump is a move between two reports of one vessel longer than ``min_jump_m`` and than
``max_speed_kn`` allows in the time between them. A jump away and back to where the vessel
was (within ``return_m`` plus what it could have sailed) is two transmitters sharing an
MMSI; a jump that stays is impossible kinematics. Each jump is judged once, when the
report after it arrives (or at the end of input); each vessel gives at most one event of
each kind per ``repeat_s``.

>>> from straitwatch.behaviour.context import Context
>>> from straitwatch.behaviour.preset import preset
>>> rule = Kinematics(Context(preset("gfw")))
>>> t = np.arange(0.0, 600, 60)
>>> x = np.where(np.arange(t.size) % 2 == 0, -300_000.0, -280_000.0)  # 20 km apart
>>> p = Positions.from_metric(np.ones(t.size, int), t, x, np.full(t.size, -1e5), np.zeros(t.size))
>>> [e.type.value for e in rule.step(p) + rule.flush()]
['identity_conflict']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from straitwatch.behaviour.context import Context
from straitwatch.behaviour.event import BehaviourEvent, EventType
from straitwatch.behaviour.positions import Positions, last_rows, with_tail
from straitwatch.geo.land import distance_to_coast_xy
from straitwatch.geo.projection import KNOT_MPS

__all__ = ["Kinematics"]

Bools = NDArray[np.bool_]


class Kinematics:
    """``step(chunk)`` returns the events found in it; ``flush()`` judges the last jumps."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.rule = ctx.preset.identity
        self.tail = Positions.empty()
        self.reported: dict[tuple[EventType, int], float] = {}

    def step(self, chunk: Positions) -> list[BehaviourEvent]:
        p, fresh = with_tail(self.tail, chunk)
        self.tail = p.take(last_rows(p, 3))
        out = self._on_land(p, fresh)
        return out + self._jumps(p, judge=np.concatenate([fresh[1:], [False]]))

    def flush(self) -> list[BehaviourEvent]:
        p, self.tail = self.tail, Positions.empty()
        if len(p) == 0:
            return []
        last = np.concatenate([p.vessel[1:] != p.vessel[:-1], [True]])
        return self._jumps(p, judge=last)

    def _on_land(self, p: Positions, fresh: Bools) -> list[BehaviourEvent]:
        rows = np.flatnonzero(fresh)
        if rows.size == 0:
            return []
        inland = -distance_to_coast_xy(p.x_m[rows], p.y_m[rows])
        hits = rows[inland > self.rule.on_land_margin_m]
        deep = inland > self.rule.on_land_margin_m
        depth = dict(zip(hits.tolist(), inland[deep].tolist(), strict=True))
        return self._events(
            EventType.POSITION_ON_LAND,
            p,
            hits,
            lambda i: {
                "inland_m": round(depth[i]),
                "position": self.ctx.point(p.x_m[i], p.y_m[i], p.t_s[i]),
            },
        )

    def _jumps(self, p: Positions, judge: Bools) -> list[BehaviourEvent]:
        """Judge the jump into row ``i`` for every ``i`` with ``judge[i]``."""
        n = len(p)
        if n < 2:
            return []
        rule = self.rule
        same = np.concatenate([[False], p.vessel[1:] == p.vessel[:-1]])
        step_m = np.concatenate([[0.0], np.hypot(np.diff(p.x_m), np.diff(p.y_m))])
        dt = np.concatenate([[0.0], np.diff(p.t_s)])
        reach_m = rule.max_speed_kn * KNOT_MPS * dt
        jump = same & (step_m > rule.min_jump_m) & (step_m > reach_m)
        back = np.zeros(n, bool)  # row i returns to row i - 2 across a jump each way
        both = np.flatnonzero(jump[2:] & jump[1:-1] & same[1:-1]) + 2
        d2 = np.hypot(p.x_m[both] - p.x_m[both - 2], p.y_m[both] - p.y_m[both - 2])
        reach2 = rule.max_speed_kn * KNOT_MPS * (p.t_s[both] - p.t_s[both - 2])
        back[both[d2 <= rule.return_m + reach2]] = True
        after = np.concatenate([back[1:], [False]])  # the jump out, with its return next
        conflict = judge & jump & after
        impossible = judge & jump & ~after & ~back
        out = self._events(
            EventType.IDENTITY_CONFLICT,
            p,
            np.flatnonzero(conflict),
            lambda i: {
                "here": self.ctx.point(p.x_m[i - 1], p.y_m[i - 1], p.t_s[i - 1]),
                "there": self.ctx.point(p.x_m[i], p.y_m[i], p.t_s[i]),
                "apart_m": round(float(step_m[i])),
            },
        )
        return out + self._events(
            EventType.IMPOSSIBLE_KINEMATICS,
            p,
            np.flatnonzero(impossible),
            lambda i: {
                "from": self.ctx.point(p.x_m[i - 1], p.y_m[i - 1], p.t_s[i - 1]),
                "to": self.ctx.point(p.x_m[i], p.y_m[i], p.t_s[i]),
                "jump_m": round(float(step_m[i])),
                "implied_speed_kn": round(float(step_m[i] / max(dt[i], 1.0) / KNOT_MPS)),
            },
        )

    def _events(
        self,
        type_: EventType,
        p: Positions,
        rows: NDArray[np.intp],
        evidence: Callable[[int], dict[str, Any]],
    ) -> list[BehaviourEvent]:
        out = []
        for i in rows.tolist():
            vessel, t = int(p.vessel[i]), float(p.t_s[i])
            last = self.reported.get((type_, vessel))
            if last is not None and t - last < self.rule.repeat_s:
                continue
            self.reported[(type_, vessel)] = t
            out.append(
                self.ctx.event(
                    type_,
                    str(type_),
                    (vessel,),
                    t,
                    t,
                    float(p.x_m[i]),
                    float(p.y_m[i]),
                    self.rule.model_dump(mode="json"),
                    evidence(i),
                )
            )
        return out
