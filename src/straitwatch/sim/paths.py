# SPDX-License-Identifier: EUPL-1.2
"""Where a simulated craft is at any time: a piecewise-linear path in the Channel frame.

Ships are a handful of waypoints; small boats a knot every ``step_s`` from the motion
model. Sampling is vectorised: all scan times of a radar at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Path", "straight"]

Floats = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Path:
    """Knots ``(t_s, x_m, y_m)``, times in POSIX seconds, strictly increasing."""

    t_s: Floats
    x_m: Floats
    y_m: Floats

    @property
    def start_s(self) -> float:
        return float(self.t_s[0])

    @property
    def end_s(self) -> float:
        return float(self.t_s[-1])

    def at(self, t_s: Floats) -> tuple[Floats, Floats]:
        """Positions at times inside ``[start_s, end_s]``."""
        return np.interp(t_s, self.t_s, self.x_m), np.interp(t_s, self.t_s, self.y_m)

    def velocity_at(self, t_s: Floats) -> tuple[Floats, Floats]:
        """Grid velocity (m/s) of the leg each time falls in."""
        k = np.clip(np.searchsorted(self.t_s, t_s, side="right") - 1, 0, len(self.t_s) - 2)
        dt = self.t_s[k + 1] - self.t_s[k]
        return (self.x_m[k + 1] - self.x_m[k]) / dt, (self.y_m[k + 1] - self.y_m[k]) / dt

    def clipped(self, start_s: float, end_s: float) -> Path | None:
        """The part inside a window (``None`` if it is all outside)."""
        lo, hi = max(start_s, self.start_s), min(end_s, self.end_s)
        if hi <= lo:
            return None
        inner = (self.t_s > lo) & (self.t_s < hi)
        t = np.concatenate([[lo], self.t_s[inner], [hi]])
        x, y = self.at(t)
        return Path(t, x, y)


def straight(points_m: Floats, speed_mps: float, start_s: float) -> Path:
    """A path through ``points_m`` (n × 2) at constant speed, leaving at ``start_s``."""
    seg = np.hypot(*np.diff(points_m, axis=0).T)
    t = start_s + np.concatenate([[0.0], np.cumsum(seg)]) / speed_mps
    keep = np.concatenate([[True], seg > 0])
    return Path(t[keep], points_m[keep, 0].copy(), points_m[keep, 1].copy())
