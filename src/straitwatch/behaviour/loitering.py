# SPDX-License-Identifier: EUPL-1.2
"""Loitering: one vessel under ``max_speed_kn`` for at least ``min_duration_s`` where the
rule applies (GFW: 20 nm offshore; the Channel preset: off the departure beaches).

A run of slow positions is broken by a fast one, or by a silence longer than
``max_report_gap_s``. Between chunks each vessel's open run is kept as a summary (start,
last time, sums), so a ship at anchor for a week costs a few numbers, not its reports.

>>> from straitwatch.behaviour.context import Context
>>> from straitwatch.behaviour.preset import preset
>>> rule = Loitering(Context(preset("gfw")))
>>> t = np.arange(0.0, 3 * 3600, 60)
>>> p = Positions.from_metric(np.ones(t.size, int), t, np.full(t.size, -300_000.0),
...                           np.full(t.size, -100_000.0), np.full(t.size, 0.3))
>>> [e.type.value for e in rule.step(p) + rule.flush()]
['loitering']
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from straitwatch.behaviour.context import Context
from straitwatch.behaviour.event import BehaviourEvent, EventType
from straitwatch.behaviour.positions import Positions

__all__ = ["Loitering"]

Floats = NDArray[np.float64]
_FIELDS = ("vessel", "t0", "t1", "sx", "sy", "n", "max_kn")


class Loitering:
    """``step(chunk)`` returns loitering that ended; ``pending()`` what already
    qualifies and goes on; ``flush()`` ends every run (end of input)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.rule = ctx.preset.loitering
        self.open: dict[str, NDArray[np.generic]] = {f: np.zeros(0) for f in _FIELDS}

    def step(self, chunk: Positions) -> list[BehaviourEvent]:
        p = chunk if not self.rule.require_dark else chunk.take(chunk.vessel < 0)
        if len(p) == 0:
            return []
        slow = p.speed_kn < self.rule.max_speed_kn
        new_vessel = np.concatenate([[True], p.vessel[1:] != p.vessel[:-1]])
        brk = new_vessel.copy()
        brk[1:] |= (slow[1:] != slow[:-1]) | (np.diff(p.t_s) > self.rule.max_report_gap_s)
        starts = np.flatnonzero(brk)
        ends = np.concatenate([starts[1:], [len(p)]])
        is_slow = slow[starts]
        runs = {
            "vessel": p.vessel[starts].astype(float),
            "t0": p.t_s[starts],
            "t1": p.t_s[ends - 1],
            "sx": np.add.reduceat(p.x_m, starts),
            "sy": np.add.reduceat(p.y_m, starts),
            "n": (ends - starts).astype(float),
            "max_kn": np.maximum.reduceat(p.speed_kn, starts),
        }
        # Join each vessel's first run in this chunk to its open run, where it continues.
        first_row = new_vessel[starts]
        old = self.open
        joins = np.zeros(starts.size, bool)
        k = np.zeros(0, np.intp)
        if old["vessel"].size:
            pos = np.minimum(np.searchsorted(old["vessel"], runs["vessel"]), old["vessel"].size - 1)
            joins = first_row & is_slow & (old["vessel"][pos] == runs["vessel"])
            joins &= runs["t0"] - old["t1"][pos] <= self.rule.max_report_gap_s
            k = pos[joins]
            runs["t0"][joins] = old["t0"][k]
            for f in ("sx", "sy", "n"):
                runs[f][joins] += old[f][k]
            runs["max_kn"][joins] = np.maximum(runs["max_kn"][joins], old["max_kn"][k])
        continued = np.zeros(old["vessel"].size, bool)
        continued[k] = True
        # An open run ends when its vessel shows up fast or late, or stays silent too long.
        seen = np.isin(old["vessel"], runs["vessel"])
        silent = float(p.t_s.max()) - old["t1"].astype(float) > self.rule.max_report_gap_s
        ends_now = (seen | silent) & ~continued
        last_run = np.ones(starts.size, bool)
        last_run[:-1] = new_vessel[starts[1:]]
        open_now = last_run & is_slow
        carried = {f: v[~seen & ~ends_now] for f, v in old.items()}
        self.open = _sorted({f: np.concatenate([carried[f], runs[f][open_now]]) for f in _FIELDS})
        closed = {
            f: np.concatenate([old[f][ends_now], runs[f][~last_run & is_slow]]) for f in _FIELDS
        }
        return self._qualifying(closed, ongoing=False)

    def pending(self) -> list[BehaviourEvent]:
        return self._qualifying(self.open, ongoing=True)

    def flush(self) -> list[BehaviourEvent]:
        closed, self.open = self.open, {f: np.zeros(0) for f in _FIELDS}
        return self._qualifying(closed, ongoing=False)

    def _qualifying(
        self, runs: dict[str, NDArray[np.generic]], *, ongoing: bool
    ) -> list[BehaviourEvent]:
        rule = self.rule
        if runs["vessel"].size == 0:
            return []
        duration = runs["t1"].astype(float) - runs["t0"].astype(float)
        mx = runs["sx"].astype(float) / runs["n"].astype(float)
        my = runs["sy"].astype(float) / runs["n"].astype(float)
        ok = duration >= rule.min_duration_s
        idx = np.flatnonzero(ok)
        if idx.size:
            near = self.ctx.from_anchorage_m(mx[idx], my[idx]) < rule.min_from_anchorage_m
            ok[idx[near]] = False
            idx = np.flatnonzero(ok)
            ok[idx[~self.ctx.inside(rule.where, mx[idx], my[idx])]] = False
        out = []
        for r in np.flatnonzero(ok).tolist():
            evidence = {
                "duration_s": round(float(duration[r])),
                "positions": int(runs["n"][r]),
                "max_speed_kn": round(float(runs["max_kn"][r]), 2),
                "mean_position": self.ctx.point(float(mx[r]), float(my[r]), float(runs["t0"][r])),
            }
            out.append(
                self.ctx.event(
                    EventType.LOITERING,
                    "loitering",
                    (int(runs["vessel"][r]),),
                    float(runs["t0"][r]),
                    None if ongoing else float(runs["t1"][r]),
                    float(mx[r]),
                    float(my[r]),
                    rule.model_dump(mode="json"),
                    evidence,
                )
            )
        return out


def _sorted(runs: dict[str, NDArray[np.generic]]) -> dict[str, NDArray[np.generic]]:
    order = np.argsort(runs["vessel"], kind="stable")
    return {f: v[order] for f, v in runs.items()}
