# SPDX-License-Identifier: EUPL-1.2
"""Late observations (older than the reorder window): which live track each belongs to.

A satellite detection arrives minutes to hours after the pass; a radar plot from a
stalled link seconds late. The filter cannot take them (its state is already past their
time), but the track they belong to can: each track is carried back to the observation's
time along its current velocity, with an uncertainty that grows by ``drift_mps`` per
second back, and the observation goes to the nearest track within ``gate`` sigmas that
already existed then; one with an MMSI goes to the track carrying that MMSI.

>>> import numpy as np
>>> x = np.array([[0.0, 0.0, 5.0, 0.0]])
>>> p = np.diag([100.0, 100.0, 1.0, 1.0])[None]
>>> rows = match_late(x, p, np.array([1000.0]), np.array([0.0]), np.array([0]),
...                   np.array([[-500.0, 50.0]]), np.array([900.0]), np.array([30.0]),
...                   np.array([0]))
>>> rows.tolist()
[0]
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray

__all__ = ["PastPositions", "match_late"]

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


def match_late(
    x: Floats,
    p: Floats,
    t_s: Floats,
    first_s: Floats,
    mmsi: Ints,
    z: Floats,
    z_t_s: Floats,
    z_sigma_m: Floats,
    z_mmsi: Ints,
    *,
    gate: float = 3.0,
    drift_mps: float = 1.0,
    past: tuple[PastPositions, Ints] | None = None,
    past_sigma_m: float = 100.0,
) -> Ints:
    """Row of the track each late observation belongs to, ``-1`` where none does.

    ``x``/``p``/``t_s``/``first_s``/``mmsi``: the live tracks' states ``(n, 4)``,
    covariances ``(n, 4, 4)``, update times, first-seen times and MMSIs (0: none);
    ``z``/``z_t_s``/``z_sigma_m``/``z_mmsi``: the late observations. ``past``: the
    tracks' recorded positions and their track numbers; where a track's position at the
    observation's time is recorded it is used (with ``past_sigma_m``) instead."""
    out = np.full(z_t_s.size, -1, np.int64)
    if x.shape[0] == 0:
        return out
    pos_var = p[:, 0, 0] + p[:, 1, 1]
    vel_var = p[:, 2, 2] + p[:, 3, 3]
    for k in range(z_t_s.size):
        back = np.maximum(t_s - z_t_s[k], 0.0)
        where = x[:, :2] - x[:, 2:] * back[:, None]
        var = pos_var + vel_var * back**2 + (drift_mps * back) ** 2 + z_sigma_m[k] ** 2
        if past is not None:
            then, known = past[0].at(past[1], float(z_t_s[k]))
            where[known] = then[known]
            var[known] = past_sigma_m**2 + z_sigma_m[k] ** 2
        d2 = ((where - z[k]) ** 2).sum(axis=1) / var
        ok = (first_s <= z_t_s[k] + 60.0) & (d2 <= gate**2)
        if z_mmsi[k] > 0:
            same = ok & (mmsi == z_mmsi[k])
            ok = same if same.any() else ok & (mmsi == 0)
        if ok.any():
            rows = np.flatnonzero(ok)
            out[k] = rows[np.argmin(d2[rows])]
    return out


class PastPositions:
    """Where each live track was over the last ``horizon_s``: one point every ``every_s``
    of its updates, dropped when the track ends. A late observation is matched against
    the track where it was at the observation's time (a turn since then does not lead it
    astray), not against the current state carried back. Memory: live tracks ×
    ``horizon_s / every_s`` points."""

    def __init__(self, horizon_s: float = 7200.0, every_s: float = 30.0) -> None:
        self.horizon_s = horizon_s
        self.every_s = every_s
        self._points: dict[int, list[tuple[float, float, float]]] = {}

    def record(self, track_nos: Ints, t_s: Floats, xy: Floats) -> None:
        for no, t, x, y in zip(
            track_nos.tolist(), t_s.tolist(), xy[:, 0].tolist(), xy[:, 1].tolist(), strict=True
        ):
            points = self._points.setdefault(no, [])
            if points and t - points[-1][0] < self.every_s:
                continue
            points.append((t, x, y))
            if t - points[0][0] > self.horizon_s:
                del points[: max(1, len(points) // 10)]

    def forget(self, track_nos: Iterable[int]) -> None:
        for no in track_nos:
            self._points.pop(no, None)

    def at(self, track_nos: Ints, t_s: float) -> tuple[Floats, NDArray[np.bool_]]:
        """Positions ``(n, 2)`` of the tracks at ``t_s``, and where that is known (inside
        the recorded span)."""
        out = np.zeros((track_nos.size, 2))
        known = np.zeros(track_nos.size, bool)
        for k, no in enumerate(track_nos.tolist()):
            points = self._points.get(no)
            if not points or not points[0][0] <= t_s <= points[-1][0]:
                continue
            arr = np.asarray(points)
            out[k] = np.interp(t_s, arr[:, 0], arr[:, 1]), np.interp(t_s, arr[:, 0], arr[:, 2])
            known[k] = True
        return out, known
