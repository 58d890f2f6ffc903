# SPDX-License-Identifier: EUPL-1.2
"""One frame's observations against the live tracks: plots by GNN, reports by identity.

Both paths end in the same three moves, vectorised over the rows involved: update
assigned tracks with the IMM filter (:func:`update_rows`), book the hits
(:func:`~straitwatch.tracking.management.record_hits`), and start tentative tracks from
what is left (:func:`start_tracks`). Each function returns the table rows it touched.
"""

from __future__ import annotations

import numpy as np

from straitwatch.tracking import management as mgmt
from straitwatch.tracking.assignment import assign
from straitwatch.tracking.config import SensorModel, TrackerConfig
from straitwatch.tracking.frames import AIS_CODE, Batch
from straitwatch.tracking.gating import Ints, gate_pairs
from straitwatch.tracking.identity import plan_identity, velocity_sigma_mps
from straitwatch.tracking.kalman import (
    Floats,
    imm_combine,
    imm_predict,
    imm_update,
    initial_state,
)
from straitwatch.tracking.state import TrackerState
from straitwatch.tracking.table import Flag, Status, TrackTable

__all__ = ["associate_plots", "associate_reports", "start_tracks", "update_rows"]


def _eye(values: Floats, dim: int = 2) -> Floats:
    return values[:, None, None] * np.eye(dim)


def _weights(cfg: TrackerConfig) -> Floats:
    return np.array([m.initial_weight for m in cfg.motion])


Prior = tuple[Floats, Floats, Floats, Floats]
"""Per-model states, covariances, mode probabilities and their time, already predicted."""


def update_rows(
    state: TrackerState, rows: Ints, z: Floats, r: Floats, t: Floats, prior: Prior | None = None
) -> None:
    """Predict tracks ``rows`` (unique) to ``t`` and update them with ``z`` (2-D or 4-D).

    ``prior`` (for these rows) saves predicting again what gating already predicted.
    """
    if rows.size == 0:
        return
    tbl, motion = state.table, state.config.motion
    if prior is None:
        prior = (tbl.xm[rows], tbl.pm[rows], tbl.mu[rows], tbl.t[rows])
    xm, pm, mu, t0 = prior
    dt = np.maximum(t - t0, 0.0)
    if dt.any():
        xm, pm, mu = imm_predict(xm, pm, mu, dt, motion)
    xm, pm, mu, _ = imm_update(xm, pm, mu, z, r)
    tbl.xm[rows], tbl.pm[rows], tbl.mu[rows] = xm, pm, mu
    tbl.x[rows], tbl.p[rows] = imm_combine(xm, pm, mu)
    tbl.t[rows] = np.maximum(t, tbl.t[rows])


def _measurements(
    state: TrackerState, batch: Batch, obs: Ints, extra_var: Floats
) -> tuple[Ints, Floats, Floats, Ints, Floats, Floats]:
    """Split ``obs`` into position-only and position+velocity measurements."""
    var = batch.sigma_m[obs] ** 2 + extra_var
    vel = batch.vel[obs]
    has = np.isfinite(vel[:, 0])
    p_idx = np.flatnonzero(~has)
    v_idx = np.flatnonzero(has)
    z2, r2 = batch.z[obs[p_idx]], _eye(var[p_idx])
    z4 = np.concatenate([batch.z[obs[v_idx]], vel[v_idx]], axis=1)
    r4 = np.zeros((v_idx.size, 4, 4))
    r4[:, :2, :2] = _eye(var[v_idx])
    r4[:, 2:, 2:] = _eye(velocity_sigma_mps(vel[v_idx], state.config) ** 2)
    return p_idx, z2, r2, v_idx, z4, r4


def _update_from(
    state: TrackerState,
    rows: Ints,
    batch: Batch,
    obs: Ints,
    extra_var: Floats,
    prior: Prior | None = None,
) -> None:
    p_idx, z2, r2, v_idx, z4, r4 = _measurements(state, batch, obs, extra_var)
    for idx, z, r in ((p_idx, z2, r2), (v_idx, z4, r4)):
        part = None if prior is None else tuple(a[idx] for a in prior)
        update_rows(state, rows[idx], z, r, batch.t[obs[idx]], part)  # type: ignore[arg-type]


def _book(
    state: TrackerState, rows: Ints, batch: Batch, obs: Ints, sensor_no: int, model: SensorModel
) -> None:
    is_ais = batch.kind[obs] == AIS_CODE
    state.stats.tracks_confirmed += mgmt.record_hits(
        state.table,
        rows,
        batch.t[obs],
        sensor_no,
        model,
        state.frame_no,
        is_ais,
        state.config,
        identified=batch.mmsi[obs] > 0,
    )
    _absorb_attributes(state.table, rows, batch, obs)


def _absorb_attributes(tbl: TrackTable, rows: Ints, batch: Batch, obs: Ints) -> None:
    """What sightings and sized plots say about the craft: small boat, persons, length."""
    items = batch.observations
    for row, i in zip(rows.tolist(), obs.tolist(), strict=True):
        attrs = items[i].attributes
        if not attrs:
            continue
        kind = attrs.get("sighting_kind")
        if kind == "small_boat":
            tbl.flags[row] |= np.uint32(Flag.SMALL_BOAT_SIGHTED)
        elif kind == "persons_in_water":
            tbl.flags[row] |= np.uint32(Flag.PERSONS_IN_WATER)
        persons = attrs.get("persons_estimate")
        if isinstance(persons, int | float) and persons >= 0:
            tbl.persons[row] = max(int(tbl.persons[row]), int(persons))
        length = attrs.get("length_m")
        if isinstance(length, int | float) and length > 0:
            tbl.length_m[row] = float(length)


def start_tracks(
    state: TrackerState, batch: Batch, obs: Ints, sensor_no: int, model: SensorModel
) -> Ints:
    """New tentative tracks (with their MMSI, if any) from observations ``obs``."""
    if obs.size == 0:
        return obs
    cfg, k = state.config, obs.size
    var = batch.sigma_m[obs] ** 2
    vel = batch.vel[obs]
    has = np.isfinite(vel[:, 0])
    v0 = np.where(has[:, None], vel, 0.0)
    sv = np.where(has, velocity_sigma_mps(np.nan_to_num(vel), cfg), cfg.initial_speed_sigma_mps)
    xm, pm, mu = initial_state(
        batch.z[obs], _eye(var), v0, _eye(sv**2), len(cfg.motion), _weights(cfg)
    )
    new = TrackTable.blank(k, len(cfg.motion))
    new.xm, new.pm, new.mu = xm, pm, mu
    new.x, new.p = imm_combine(xm, pm, mu)
    t = batch.t[obs]
    new.t, new.first_s, new.last_hit_s = t.copy(), t.copy(), t.copy()
    new.track_no = np.arange(state.next_no, state.next_no + k, dtype=np.int64)
    new.mmsi = batch.mmsi[obs].copy()
    state.next_no += k
    first = len(state.table)
    state.table = state.table.extend(new)
    rows = np.arange(first, first + k, dtype=np.intp)
    state.stats.tracks_started += k
    _book(state, rows, batch, obs, sensor_no, model)
    return rows


def associate_plots(
    state: TrackerState, batch: Batch, obs: Ints, sensor_no: int, model: SensorModel
) -> Ints:
    """GNN association of anonymous plots ``obs`` (one frame); returns rows hit or started."""
    cfg, tbl = state.config, state.table
    n, m = len(tbl), obs.size
    if m == 0:
        return obs
    z, t = batch.z[obs], batch.t[obs]
    hit = np.empty(0, np.intp)
    gated = np.zeros(m, dtype=bool)
    if n:
        base = np.maximum(tbl.t, float(t.min()))
        dt0 = base - tbl.t
        # Predict every model once: gating uses the combined moments, updates start here.
        if dt0.any():
            xs, ps, cs = imm_predict(tbl.xm, tbl.pm, tbl.mu, dt0, cfg.motion)
            xp, pp = imm_combine(xs, ps, cs)
        else:
            xs, ps, cs, xp, pp = tbl.xm, tbl.pm, tbl.mu, tbl.x, tbl.p
        q_eff = cs @ np.array([0.0 if mm.stationary else mm.q_m2ps3 for mm in cfg.motion])
        g = gate_pairs(
            xp[:, :2],
            xp[:, 2:],
            pp,
            q_eff,
            base,
            z,
            _eye(batch.sigma_m[obs] ** 2),
            t,
            gate_d2=cfg.gate_d2,
        )
        cost = (
            g.d2 + g.logdet + cfg.tentative_cost_penalty * (tbl.status[g.rows] == Status.TENTATIVE)
        )
        # Missing costs more than any plot inside the track's own gate.
        miss = np.zeros(n)
        np.maximum.at(miss, g.rows, cost - g.d2 + cfg.gate_d2)
        rows, cols = assign(g.rows, g.cols, cost, n, m, miss_cost=miss)
        prior = (xs[rows], ps[rows], cs[rows], base[rows])
        _update_from(state, rows, batch, obs[cols], np.zeros(cols.size), prior)
        _book(state, rows, batch, obs[cols], sensor_no, model)
        hit = rows
        # A plot inside some track's gate starts nothing: one vessel, one track.
        gated[g.cols] = True
    started = start_tracks(state, batch, obs[~gated], sensor_no, model)
    return np.concatenate([hit, started])


def associate_reports(
    state: TrackerState, batch: Batch, obs: Ints, sensor_no: int, model: SensorModel
) -> Ints:
    """Identity-bearing reports ``obs`` (one frame), in rounds of distinct MMSIs."""
    cfg, stats = state.config, state.stats
    if obs.size == 0:
        return obs
    for i in obs.tolist():
        identity = batch.observations[i].identity
        if identity is not None:
            state.remember(identity)
    # A vessel heard twice in one frame (two receivers) is handled in two rounds.
    seen: dict[int, int] = {}
    order: list[int] = []
    for m in batch.mmsi[obs].tolist():
        order.append(seen.get(m, 0))
        seen[m] = order[-1] + 1
    rounds = np.asarray(order, dtype=np.intp)
    touched: list[Ints] = []
    for r in range(int(rounds.max()) + 1 if obs.size else 0):
        part = obs[rounds == r]
        plan = plan_identity(state.table, batch, part, state.clock_s, cfg)
        tbl = state.table
        tbl.mmsi[plan.bind_rows] = batch.mmsi[plan.bind_obs]
        rows = np.concatenate([plan.agree_rows, plan.bind_rows])
        good = np.concatenate([plan.agree_obs, plan.bind_obs])
        recent = np.nan_to_num(tbl.last_nonais_s[rows], nan=-np.inf)
        fused = state.clock_s - recent <= cfg.fused_recent_s
        _update_from(state, rows, batch, good, np.where(fused, cfg.ais_bias_sigma_m**2, 0.0))
        tbl.agree_streak[rows] += 1
        tbl.outlier_streak[rows] = 0
        cleared = rows[tbl.agree_streak[rows] >= cfg.mismatch_clear_reports]
        tbl.flags[cleared] &= np.uint32(~Flag.IDENTITY_MISMATCH & 0xFFFFFFFF)
        _book(state, rows, batch, good, sensor_no, model)
        # Far from the track carrying the MMSI: flag a fused track, skip a bad fix.
        bad_rows, bad_obs = plan.outlier_rows, plan.outlier_obs
        flagged = bad_rows[plan.outlier_fused]
        tbl.flags[flagged] |= np.uint32(Flag.IDENTITY_MISMATCH)
        tbl.mismatch_streak[flagged] += 1
        tbl.agree_streak[bad_rows] = 0
        stats.identity_mismatches += flagged.size
        lone_rows, lone_obs = bad_rows[~plan.outlier_fused], bad_obs[~plan.outlier_fused]
        tbl.outlier_streak[lone_rows] += 1
        stats.ais_outliers += lone_rows.size
        move = tbl.outlier_streak[lone_rows] >= cfg.ais_reinit_after
        _reinit(state, lone_rows[move], batch, lone_obs[move])
        _book(state, lone_rows[move], batch, lone_obs[move], sensor_no, model)
        started = start_tracks(state, batch, plan.new_obs, sensor_no, model)
        touched += [rows, lone_rows[move], flagged, started]
    return np.concatenate(touched) if touched else np.empty(0, np.intp)


def _reinit(state: TrackerState, rows: Ints, batch: Batch, obs: Ints) -> None:
    """Restart the state of AIS-only tracks at their latest fixes (the vessel did move)."""
    if rows.size == 0:
        return
    cfg, tbl = state.config, state.table
    vel = batch.vel[obs]
    has = np.isfinite(vel[:, 0])
    sv = np.where(has, velocity_sigma_mps(np.nan_to_num(vel), cfg), cfg.initial_speed_sigma_mps)
    xm, pm, mu = initial_state(
        batch.z[obs],
        _eye(batch.sigma_m[obs] ** 2),
        np.where(has[:, None], vel, 0.0),
        _eye(sv**2),
        len(cfg.motion),
        _weights(cfg),
    )
    tbl.xm[rows], tbl.pm[rows], tbl.mu[rows] = xm, pm, mu
    tbl.x[rows], tbl.p[rows] = imm_combine(xm, pm, mu)
    tbl.t[rows] = batch.t[obs]
    tbl.anchor_t_s[rows] = np.nan  # made good is measured from here on
    tbl.outlier_streak[rows] = 0
    state.stats.ais_reinits += rows.size
