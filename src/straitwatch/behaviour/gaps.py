# SPDX-License-Identifier: EUPL-1.2
"""AIS gaps and likely deliberate switch-offs, over time-ordered chunks of positions.

A gap is a silence of one AIS vessel of at least ``ais_gap.min_gap_s``, starting where
the rule applies. A switch-off is a silence of at least ``ais_switch_off.min_gap_s``
after good reception (the last ``reception_reports`` intervals each at most
``reception_max_interval_s``), starting where that rule applies (GFW: 50 nm offshore).
Only the last few rows of each vessel are kept between chunks: memory follows the number
of vessels, not of positions.

>>> from straitwatch.behaviour.context import Context
>>> from straitwatch.behaviour.preset import preset
>>> rule = Gaps(Context(preset("gfw")))
>>> p = Positions.from_metric([1, 1, 1], [0.0, 60.0, 30_000.0], [0, 0, 0], [0, 0, 0], [9, 9, 9])
>>> [e.type.value for e in rule.step(p)]
['ais_gap']
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from straitwatch.behaviour.context import Context
from straitwatch.behaviour.event import BehaviourEvent, EventType
from straitwatch.behaviour.positions import Positions, last_rows, with_tail

__all__ = ["Gaps"]


class Gaps:
    """``step(chunk)`` returns the gaps that ended in it."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.gap = ctx.preset.ais_gap
        self.off = ctx.preset.ais_switch_off
        self.tail = Positions.empty()

    def step(self, chunk: Positions) -> list[BehaviourEvent]:
        p, fresh = with_tail(self.tail, chunk.take(chunk.vessel > 0))
        k = self.off.reception_reports
        self.tail = p.take(last_rows(p, k + 1))
        if len(p) < 2:
            return []
        same = p.vessel[1:] == p.vessel[:-1]
        dt = np.diff(p.t_s)
        shortest = min(self.gap.min_gap_s, self.off.min_gap_s)
        ends = np.flatnonzero(same & fresh[1:] & (dt >= shortest))
        if ends.size == 0:
            return []
        starts = ends  # gap between row i and row i + 1
        # Interval ending at each row (nan at a vessel's first row), its max over k rows.
        interval = np.concatenate([[np.nan], np.where(same, dt, np.nan)])
        padded = np.concatenate([np.full(k - 1, np.nan), interval])
        worst = sliding_window_view(padded, k).max(axis=1)
        x, y = p.x_m[starts], p.y_m[starts]
        silence = dt[starts]
        is_gap = (silence >= self.gap.min_gap_s) & self.ctx.inside(self.gap.where, x, y)
        good = worst[starts] <= self.off.reception_max_interval_s
        is_off = (silence >= self.off.min_gap_s) & good & self.ctx.inside(self.off.where, x, y)
        out = []
        for j in np.flatnonzero(is_gap | is_off).tolist():
            i = int(starts[j])
            evidence = {
                "gap_s": round(float(silence[j])),
                "last_seen": self.ctx.point(p.x_m[i], p.y_m[i], p.t_s[i]),
                "seen_again": self.ctx.point(p.x_m[i + 1], p.y_m[i + 1], p.t_s[i + 1]),
                "distance_m": round(float(np.hypot(p.x_m[i + 1] - x[j], p.y_m[i + 1] - y[j]))),
            }
            if is_gap[j]:
                out.append(self._event(EventType.AIS_GAP, p, i, evidence))
            if is_off[j]:
                reception = {"worst_interval_before_s": round(float(worst[i]))}
                out.append(self._event(EventType.AIS_SWITCH_OFF, p, i, evidence | reception))
        return out

    def _event(
        self, type_: EventType, p: Positions, i: int, evidence: dict[str, object]
    ) -> BehaviourEvent:
        rule = self.gap if type_ is EventType.AIS_GAP else self.off
        return self.ctx.event(
            type_,
            str(type_),
            (int(p.vessel[i]),),
            float(p.t_s[i]),
            float(p.t_s[i + 1]),
            float(p.x_m[i]),
            float(p.y_m[i]),
            rule.model_dump(mode="json"),
            evidence,
        )
