# SPDX-License-Identifier: EUPL-1.2
"""Encounters: two vessels within ``max_distance_m`` for at least ``min_duration_s`` at a
median speed under ``max_median_speed_kn``, at least ``min_from_anchorage_m`` from a
port or anchorage (GFW's rule; thresholds from the preset).

Each vessel's positions are averaged over bins of ``bin_s`` (GFW resamples to 10 min);
close pairs per bin come from a grid join (:func:`~straitwatch.behaviour.pairs.close_pairs`);
consecutive close bins of one pair, allowing ``max_missing_bins`` missed, make a run.
Between chunks only the last, incomplete bin's positions and the rows of runs still
open are kept.

>>> from straitwatch.behaviour.context import Context
>>> from straitwatch.behaviour.preset import preset
>>> rule = Encounters(Context(preset("gfw")))
>>> t = np.arange(0.0, 4 * 3600, 60)
>>> n = t.size
>>> p = Positions.from_metric(np.repeat([1, 2], n), np.tile(t, 2),
...     np.r_[np.full(n, -300_000.0), np.full(n, -299_800.0)], np.full(2 * n, -1e5),
...     np.full(2 * n, 0.5))
>>> [(e.type.value, round(e.duration_s / 3600, 1)) for e in rule.step(p) + rule.flush()]
[('encounter', 4.0)]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from straitwatch.behaviour.context import Context
from straitwatch.behaviour.event import BehaviourEvent, EventType
from straitwatch.behaviour.pairs import close_pairs, group_median
from straitwatch.behaviour.positions import Positions, group_bounds, merged

__all__ = ["Encounters"]

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]
_COLUMNS = ("a", "b", "bin", "speed", "x", "y", "gap")


class Encounters:
    """``step(chunk)`` returns encounters that ended; ``pending()`` those still going on
    that already qualify; ``flush()`` ends everything (end of input)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.rule = ctx.preset.encounter
        self.held = Positions.empty()
        self.open: dict[str, NDArray[np.generic]] = _empty_rows()

    def step(self, chunk: Positions) -> list[BehaviourEvent]:
        p, _ = merged(self.held, chunk)
        if len(p) == 0:
            return []
        bins = np.floor(p.t_s / self.rule.bin_s).astype(np.int64)
        last = int(bins.max())
        done = bins < last  # the last bin may still receive positions
        self.held = p.take(~done)
        return self._advance(p.take(done), upto=last)

    def flush(self) -> list[BehaviourEvent]:
        p, self.held = self.held.sorted(), Positions.empty()
        upto = int(np.floor(p.t_s.max() / self.rule.bin_s)) + 10**6 if len(p) else 10**9
        return self._advance(p, upto=upto)

    def pending(self) -> list[BehaviourEvent]:
        """Runs still open that already qualify (end ``None``): for the live picture."""
        rows = self.open
        return self._qualifying(rows, *_runs(rows, self.rule.max_missing_bins), ongoing=True)

    def _advance(self, p: Positions, upto: int) -> list[BehaviourEvent]:
        rows = _concat_rows(self.open, self._pair_rows(p))
        starts, ends = _runs(rows, self.rule.max_missing_bins)
        still = rows["bin"][ends - 1].astype(np.int64) >= upto - 1 - self.rule.max_missing_bins
        keep = np.repeat(still, ends - starts)
        closed = _take_rows(rows, ~keep)
        self.open = _take_rows(rows, keep)
        return self._qualifying(closed, *_runs(closed, self.rule.max_missing_bins))

    def _pair_rows(self, p: Positions) -> dict[str, NDArray[np.generic]]:
        if len(p) < 2:
            return _empty_rows()
        bins = np.floor(p.t_s / self.rule.bin_s).astype(np.int64)
        # One mean position per (vessel, bin): rows are sorted by vessel then time.
        key_change = np.flatnonzero((np.diff(p.vessel) != 0) | (np.diff(bins) != 0)) + 1
        starts = np.concatenate([[0], key_change])
        counts = np.diff(np.concatenate([starts, [len(p)]]))
        vessel, gbin = p.vessel[starts], bins[starts]
        gx = np.add.reduceat(p.x_m, starts) / counts
        gy = np.add.reduceat(p.y_m, starts) / counts
        gs = np.add.reduceat(p.speed_kn, starts) / counts
        i, j = close_pairs(gbin, gx, gy, self.rule.max_distance_m)
        a = np.minimum(vessel[i], vessel[j])
        b = np.maximum(vessel[i], vessel[j])
        if self.rule.require_dark:
            dark = a < 0
            i, j, a, b = i[dark], j[dark], a[dark], b[dark]
        return {
            "a": a,
            "b": b,
            "bin": gbin[i],
            "speed": (gs[i] + gs[j]) / 2.0,
            "x": (gx[i] + gx[j]) / 2.0,
            "y": (gy[i] + gy[j]) / 2.0,
            "gap": np.hypot(gx[i] - gx[j], gy[i] - gy[j]),
        }

    def _qualifying(
        self,
        rows: dict[str, NDArray[np.generic]],
        starts: Ints,
        ends: Ints,
        *,
        ongoing: bool = False,
    ) -> list[BehaviourEvent]:
        if starts.size == 0:
            return []
        rule = self.rule
        counts = ends - starts
        run_of_row = np.repeat(np.arange(starts.size), counts)
        first_bin = rows["bin"][starts].astype(np.int64)
        last_bin = rows["bin"][ends - 1].astype(np.int64)
        duration = (last_bin - first_bin + 1) * rule.bin_s
        median_kn = group_median(rows["speed"].astype(float), run_of_row)
        mx = np.add.reduceat(rows["x"].astype(float), starts) / counts
        my = np.add.reduceat(rows["y"].astype(float), starts) / counts
        ok = (duration >= rule.min_duration_s) & (median_kn < rule.max_median_speed_kn)
        ok &= self.ctx.from_anchorage_m(mx, my) >= rule.min_from_anchorage_m
        ok &= self.ctx.inside(rule.where, mx, my)
        out = []
        for r in np.flatnonzero(ok).tolist():
            s, e = int(starts[r]), int(ends[r])
            t0 = float(first_bin[r] * rule.bin_s)
            t1 = float((last_bin[r] + 1) * rule.bin_s)
            evidence = {
                "duration_s": round(float(duration[r])),
                "median_speed_kn": round(float(median_kn[r]), 2),
                "closest_m": round(float(rows["gap"][s:e].min())),
                "bins_close": e - s,
                "first": self.ctx.point(float(rows["x"][s]), float(rows["y"][s]), t0),
                "last": self.ctx.point(float(rows["x"][e - 1]), float(rows["y"][e - 1]), t1),
            }
            out.append(
                self.ctx.event(
                    EventType.ENCOUNTER,
                    "encounter",
                    (int(rows["a"][s]), int(rows["b"][s])),
                    t0,
                    None if ongoing else t1,
                    float(mx[r]),
                    float(my[r]),
                    rule.model_dump(mode="json"),
                    evidence,
                )
            )
        return out


def _empty_rows() -> dict[str, NDArray[np.generic]]:
    return {c: np.zeros(0, np.int64 if c in ("a", "b", "bin") else float) for c in _COLUMNS}


def _concat_rows(
    one: dict[str, NDArray[np.generic]], two: dict[str, NDArray[np.generic]]
) -> dict[str, NDArray[np.generic]]:
    rows = {c: np.concatenate([one[c], two[c]]) for c in _COLUMNS}
    order = np.lexsort((rows["bin"], rows["b"], rows["a"]))
    return _take_rows(rows, order)


def _take_rows(
    rows: dict[str, NDArray[np.generic]], idx: NDArray[np.intp] | NDArray[np.bool_]
) -> dict[str, NDArray[np.generic]]:
    return {c: v[idx] for c, v in rows.items()}


def _runs(rows: dict[str, NDArray[np.generic]], max_missing: int) -> tuple[Ints, Ints]:
    """Runs of one pair's close bins, ``max_missing`` missed bins allowed inside."""
    a, b, bins = rows["a"], rows["b"], rows["bin"]
    if a.size == 0:
        return group_bounds(np.zeros(0, np.int64))
    brk = (np.diff(a) != 0) | (np.diff(b) != 0) | (np.diff(bins) > max_missing + 1)
    run_id = np.concatenate([[0], np.cumsum(brk)]).astype(np.int64)
    return group_bounds(run_id)
