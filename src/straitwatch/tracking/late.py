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

import numpy as np
from numpy.typing import NDArray

__all__ = ["match_late"]

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
) -> Ints:
    """Row of the track each late observation belongs to, ``-1`` where none does.

    ``x``/``p``/``t_s``/``first_s``/``mmsi``: the live tracks' states ``(n, 4)``,
    covariances ``(n, 4, 4)``, update times, first-seen times and MMSIs (0: none);
    ``z``/``z_t_s``/``z_sigma_m``/``z_mmsi``: the late observations."""
    out = np.full(z_t_s.size, -1, np.int64)
    if x.shape[0] == 0:
        return out
    pos_var = p[:, 0, 0] + p[:, 1, 1]
    vel_var = p[:, 2, 2] + p[:, 3, 3]
    for k in range(z_t_s.size):
        back = np.maximum(t_s - z_t_s[k], 0.0)
        where = x[:, :2] - x[:, 2:] * back[:, None]
        var = pos_var + vel_var * back**2 + (drift_mps * back) ** 2 + z_sigma_m[k] ** 2
        d2 = ((where - z[k]) ** 2).sum(axis=1) / var
        ok = (first_s <= z_t_s[k] + 60.0) & (d2 <= gate**2)
        if z_mmsi[k] > 0:
            same = ok & (mmsi == z_mmsi[k])
            ok = same if same.any() else ok & (mmsi == 0)
        if ok.any():
            rows = np.flatnonzero(ok)
            out[k] = rows[np.argmin(d2[rows])]
    return out
