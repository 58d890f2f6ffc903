# SPDX-License-Identifier: EUPL-1.2
"""AIS identity: which track an identity-bearing report belongs to, and when it disagrees.

A report carrying an MMSI goes to the track that already holds that MMSI, if any; it
updates it when its position agrees with the track, and otherwise it is an *outlier*:
on a track that radar or sightings still support, the track keeps its own position and
is flagged ``identity_mismatch`` (spoofed AIS, a wrong fix, or the wrong vessel's
identity); on a track only AIS supports, a single outlier is a bad fix and is skipped,
while a run of them moves the track to where AIS now is.

A report whose MMSI no track holds is fused with an unidentified track when position
*and* velocity agree (a χ² test over four dimensions, with an allowance for the offset
between an AIS antenna and a radar centroid); the track then carries the identity. A
report matching nothing starts a new track with the identity.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from straitwatch.tracking.assignment import assign
from straitwatch.tracking.config import TrackerConfig
from straitwatch.tracking.frames import Batch
from straitwatch.tracking.gating import Ints, gate_pairs, mahalanobis2_2d
from straitwatch.tracking.kalman import Floats
from straitwatch.tracking.table import TrackTable

__all__ = ["IdentityPlan", "plan_identity", "velocity_sigma_mps"]


@dataclass(frozen=True, slots=True)
class IdentityPlan:
    """What to do with one round of identity-bearing reports (indices into the batch)."""

    agree_obs: Ints
    agree_rows: Ints
    outlier_obs: Ints
    outlier_rows: Ints
    outlier_fused: NDArray[np.bool_]
    """Per outlier: its track had recent non-AIS support (radar, sightings)."""
    bind_obs: Ints
    bind_rows: Ints
    new_obs: Ints


def velocity_sigma_mps(vel: Floats, cfg: TrackerConfig) -> Floats:
    """1-σ of each AIS velocity component: a floor plus 5 % of speed (SOG/COG errors)."""
    return np.asarray(cfg.ais_velocity_sigma_mps + 0.05 * np.hypot(vel[:, 0], vel[:, 1]))


def plan_identity(
    tbl: TrackTable, batch: Batch, obs: Ints, clock_s: float, cfg: TrackerConfig
) -> IdentityPlan:
    """Plan the reports ``obs`` (ascending batch indices, unique MMSIs) against ``tbl``."""
    held = np.flatnonzero(tbl.mmsi)
    row_of = dict(zip(tbl.mmsi[held].tolist(), held.tolist(), strict=True))
    mmsis = batch.mmsi[obs].tolist()
    rows_l = [row_of.get(m, -1) for m in mmsis]
    rows = np.asarray(rows_l, dtype=np.intp)
    is_bound = rows >= 0
    b_obs, b_rows = obs[is_bound], rows[is_bound]

    # Reports for tracks that already carry their MMSI.
    fused = clock_s - np.nan_to_num(tbl.last_nonais_s[b_rows], nan=-np.inf) <= cfg.fused_recent_s
    t_obs = batch.t[b_obs]
    dt = np.maximum(t_obs - tbl.t[b_rows], 0.0)
    xp, pp, _ = tbl.predict(b_rows, dt, cfg.motion)
    var = batch.sigma_m[b_obs] ** 2 + np.where(fused, cfg.ais_bias_sigma_m**2, 0.0)
    s = pp[:, :2, :2] + var[:, None, None] * np.eye(2)
    nu = batch.z[b_obs] - xp[:, :2]
    d2 = mahalanobis2_2d(nu, s)
    off = (d2 >= cfg.mismatch_gate_d2) & (np.hypot(nu[:, 0], nu[:, 1]) >= cfg.mismatch_min_m)

    # Reports whose MMSI no track holds: fuse with an unidentified track, or start one.
    u_obs = obs[~is_bound]
    bind_obs, bind_rows = np.empty(0, np.intp), np.empty(0, np.intp)
    free = np.flatnonzero(tbl.mmsi == 0)
    if u_obs.size and free.size:
        base = np.maximum(tbl.t[free], float(batch.t[u_obs].min()))
        fx, fp, fq = tbl.predict(free, base - tbl.t[free], cfg.motion)
        var_u = batch.sigma_m[u_obs] ** 2 + cfg.ais_bias_sigma_m**2
        g = gate_pairs(
            fx[:, :2],
            fx[:, 2:],
            fp,
            fq,
            base,
            batch.z[u_obs],
            var_u[:, None, None] * np.eye(2),
            batch.t[u_obs],
            gate_d2=cfg.gate_d2,
        )
        cost = g.d2.copy()
        vel = batch.vel[u_obs[g.cols]]
        has_vel = np.isfinite(vel[:, 0])
        if has_vel.any():
            sv = velocity_sigma_mps(vel[has_vel], cfg) ** 2
            pv = fp[g.rows[has_vel], 2:, 2:] + sv[:, None, None] * np.eye(2)
            cost[has_vel] += mahalanobis2_2d(vel[has_vel] - fx[g.rows[has_vel], 2:], pv)
        limit = np.where(has_vel, cfg.ais_gate_d2, cfg.gate_d2)
        ok = cost < limit
        a_r, a_c = assign(
            g.rows[ok],
            g.cols[ok],
            cost[ok],
            free.size,
            u_obs.size,
            miss_cost=np.full(free.size, cfg.ais_gate_d2),
        )
        bind_obs, bind_rows = u_obs[a_c], free[a_r]
    new_mask = np.ones(u_obs.size, dtype=bool)
    new_mask[np.searchsorted(u_obs, bind_obs)] = False
    return IdentityPlan(
        agree_obs=b_obs[~off],
        agree_rows=b_rows[~off],
        outlier_obs=b_obs[off],
        outlier_rows=b_rows[off],
        outlier_fused=fused[off],
        bind_obs=bind_obs,
        bind_rows=bind_rows,
        new_obs=u_obs[new_mask],
    )
