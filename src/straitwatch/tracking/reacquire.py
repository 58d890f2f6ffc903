# SPDX-License-Identifier: EUPL-1.2
"""Track re-acquisition: a track confirmed where a confirmed track just ended takes its id.

A vessel whose track ends — timed out through a long silence, or merged into a
neighbour's track when the two were closer than the plots' noise — is often picked up
again minutes later by a new track at the same place. Without re-acquisition every such
restart is a new track id, and a moored ship beside another can go through many in an
hour; the operator sees the vessel change name each time. So the tracker remembers its
recently ended confirmed tracks (number, last state, MMSI) for ``window_s``, and a track
that becomes confirmed within ``radius_m`` (plus ``drift_mps`` per second since the old
state) of where an ended one would be now, moving alike (``speed_tol_mps`` plus 3 σ of
the new track's velocity), takes the
old number instead of a new one. Each ended number is given back once, to the nearest
claimant; an ended number with an MMSI goes only to a track with that same MMSI.

>>> import numpy as np
>>> ended = EndedTracks()
>>> ended.add(np.array([7]), np.array([[0.0, 0.0, 0.0, 0.0]]), np.array([0.0]),
...           np.array([0]), ended_s=10.0)
>>> rule = ReacquireRule()  # TrackerConfig().reacquire
>>> ended.claim(np.array([[30.0, 0.0, 0.0, 0.0]]), np.eye(4)[None], np.array([200.0]),
...             np.array([0]), clock_s=200.0, rule=rule).tolist()
[7]
>>> len(ended)
0
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from straitwatch.tracking.config import ReacquireRule
from straitwatch.tracking.kalman import Floats

__all__ = ["EndedTracks"]

Int64s = NDArray[np.int64]


@dataclass(slots=True)
class EndedTracks:
    """Recently ended confirmed tracks: number, last state ``(x, y, vx, vy)`` and its time."""

    track_no: Int64s = field(default_factory=lambda: np.empty(0, np.int64))
    x: Floats = field(default_factory=lambda: np.empty((0, 4)))
    t_s: Floats = field(default_factory=lambda: np.empty(0))
    mmsi: Int64s = field(default_factory=lambda: np.empty(0, np.int64))
    ended_s: Floats = field(default_factory=lambda: np.empty(0))

    def __len__(self) -> int:
        return int(self.track_no.size)

    def add(
        self, track_no: Int64s, x: Floats, t_s: Floats, mmsi: Int64s, *, ended_s: float
    ) -> None:
        """Remember tracks that ended at ``ended_s``."""
        if track_no.size == 0:
            return
        self.track_no = np.concatenate([self.track_no, track_no.astype(np.int64)])
        self.x = np.concatenate([self.x, x[:, :4]])
        self.t_s = np.concatenate([self.t_s, t_s])
        self.mmsi = np.concatenate([self.mmsi, mmsi.astype(np.int64)])
        self.ended_s = np.concatenate([self.ended_s, np.full(track_no.size, ended_s)])

    def _keep(self, keep: NDArray[np.bool_]) -> None:
        self.track_no, self.x, self.t_s = self.track_no[keep], self.x[keep], self.t_s[keep]
        self.mmsi, self.ended_s = self.mmsi[keep], self.ended_s[keep]

    def forget(self, clock_s: float, rule: ReacquireRule) -> None:
        """Drop what ended more than ``window_s`` before ``clock_s`` (and past the cap)."""
        if len(self) == 0:
            return
        keep = self.ended_s >= clock_s - rule.window_s
        if keep.sum() > rule.max_remembered:
            keep &= np.arange(len(self)) >= len(self) - rule.max_remembered
        if not keep.all():
            self._keep(keep)

    def claim(
        self,
        x: Floats,
        p: Floats,
        t_s: Floats,
        mmsi: Int64s,
        *,
        clock_s: float,
        rule: ReacquireRule,
    ) -> Int64s:
        """For tracks just confirmed (states ``x`` and covariances ``p`` at ``t_s``,
        ``mmsi`` 0 for none), the ended number each takes back (0: none); the numbers
        given are forgotten."""
        self.forget(clock_s, rule)
        out = np.zeros(t_s.size, np.int64)
        if len(self) == 0 or t_s.size == 0:
            return out
        dt = np.maximum(t_s[:, None] - self.t_s[None, :], 0.0)  # (new, ended)
        at = self.x[None, :, :2] + self.x[None, :, 2:] * dt[:, :, None]
        dist = np.hypot(*np.moveaxis(x[:, None, :2] - at, -1, 0))
        dv = np.hypot(*np.moveaxis(x[:, None, 2:] - self.x[None, :, 2:], -1, 0))
        # A track confirmed after three plots knows its velocity poorly: allow 3 σ of it.
        dv_max = rule.speed_tol_mps + 3.0 * np.sqrt(p[:, 2, 2] + p[:, 3, 3])
        same = (self.mmsi[None, :] == mmsi[:, None]) | (self.mmsi[None, :] == 0)
        near = dist <= rule.radius_m + rule.drift_mps * dt
        ok = same & near & (dv <= dv_max[:, None])
        if not ok.any():
            return out
        cand_new, cand_old = np.nonzero(ok)
        order = np.argsort(dist[cand_new, cand_old], kind="stable")
        taken = np.zeros(len(self), bool)
        for i, j in zip(cand_new[order].tolist(), cand_old[order].tolist(), strict=True):
            if out[i] == 0 and not taken[j]:
                out[i] = self.track_no[j]
                taken[j] = True
        self._keep(~taken)
        return out
