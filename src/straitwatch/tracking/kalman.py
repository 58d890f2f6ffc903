# SPDX-License-Identifier: EUPL-1.2
"""Constant-velocity Kalman filtering for many tracks at once, as an IMM of CV models.

The state of a track is ``[x_m, y_m, vx_mps, vy_mps]`` in the Channel frame
(:mod:`straitwatch.geo.projection`). Each track carries one state and covariance per
motion model (``xm`` of shape ``(n, M, 4)``, ``Pm`` of ``(n, M, 4, 4)``) and the model
probabilities ``mu`` ``(n, M)``; every function here works on all ``n`` tracks in one
NumPy call. With one model the IMM is a plain constant-velocity Kalman filter.

Constant-velocity models differ only in process noise (white acceleration of density
``q``); when all models are CV, the combined prediction needed for gating has a closed
form (:func:`predict_combined`): the IMM's predicted first two moments are those of the
combined state pushed through one CV step with ``q`` averaged over the predicted modes.
A *stationary* model (velocity held at zero, position on a slow random walk) has its own
transition, and the combined prediction is then the moment match of the full IMM step.

>>> import numpy as np
>>> from straitwatch.tracking.config import MotionModel
>>> models = (MotionModel(0.01, 60.0),)
>>> xm, Pm, mu = initial_state(np.zeros((1, 2)), np.eye(2)[None] * 100.0,
...                            np.zeros((1, 2)), np.eye(2)[None] * 25.0, 1)
>>> xm, Pm, mu = imm_predict(xm, Pm, mu, np.array([2.0]), models)
>>> xm, Pm, mu, _ = imm_update(xm, Pm, mu, np.array([[10.0, 0.0]]), np.eye(2)[None] * 100.0)
>>> bool(xm[0, 0, 2] > 0)  # the plot to the east pulled the velocity east
True
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from straitwatch.tracking.config import MotionModel

__all__ = [
    "Floats",
    "imm_combine",
    "imm_predict",
    "imm_update",
    "initial_state",
    "predict_combined",
    "process_noise",
    "transition",
]

Floats = NDArray[np.float64]
_LOG_2PI = float(np.log(2.0 * np.pi))
_STILL_VAR = 0.05**2
"""Velocity variance (m/s)² of the stationary model: swell and a swinging anchor."""


def transition(dt_s: Floats) -> Floats:
    """CV transition matrices ``F(dt)`` of shape ``(n, 4, 4)``."""
    f = np.broadcast_to(np.eye(4), (dt_s.shape[0], 4, 4)).copy()
    f[:, 0, 2] = dt_s
    f[:, 1, 3] = dt_s
    return f


def process_noise(dt_s: Floats, q: Floats) -> Floats:
    """CV process noise ``Q(dt)`` for white acceleration of density ``q`` (m²/s³).

    ``dt_s`` has shape ``(n,)``; ``q`` broadcasts against ``(n, M)``; the result is
    ``(n, M, 4, 4)``.
    """
    q2 = np.broadcast_to(q, (dt_s.shape[0], np.shape(q)[-1]))
    d1 = dt_s[:, None] * q2
    d2 = dt_s[:, None] ** 2 / 2.0 * q2
    d3 = dt_s[:, None] ** 3 / 3.0 * q2
    out = np.zeros((*q2.shape, 4, 4))
    for a in (0, 1):
        out[..., a, a] = d3
        out[..., a, a + 2] = d2
        out[..., a + 2, a] = d2
        out[..., a + 2, a + 2] = d1
    return out


def _switching(dt_s: Floats, motion: tuple[MotionModel, ...]) -> Floats:
    """Mode transition matrices ``Pi[n, i, j]`` = P(mode j at end | mode i at start)."""
    m = len(motion)
    sojourn = np.array([mm.sojourn_s for mm in motion])
    stay = np.exp(-dt_s[:, None] / sojourn[None, :])  # (n, M)
    leave = (1.0 - stay) / (m - 1)
    pi = np.broadcast_to(leave[:, :, None], (dt_s.shape[0], m, m)).copy()
    idx = np.arange(m)
    pi[:, idx, idx] = stay
    return pi


def initial_state(
    pos: Floats,
    pos_cov: Floats,
    vel: Floats,
    vel_cov: Floats,
    n_models: int,
    weights: Floats | None = None,
) -> tuple[Floats, Floats, Floats]:
    """New tracks from positions ``(n, 2)`` and velocities ``(n, 2)`` with covariances;
    ``weights`` ``(M,)`` are the initial mode probabilities (uniform by default)."""
    n = pos.shape[0]
    x = np.concatenate([pos, vel], axis=1)
    p = np.zeros((n, 4, 4))
    p[:, :2, :2] = pos_cov
    p[:, 2:, 2:] = vel_cov
    xm = np.repeat(x[:, None, :], n_models, axis=1)
    pm = np.repeat(p[:, None, :, :], n_models, axis=1)
    w = np.ones(n_models) if weights is None else np.asarray(weights, dtype=np.float64)
    mu = np.tile(w / w.sum(), (n, 1))
    return xm, pm, mu


def _model_arrays(motion: tuple[MotionModel, ...]) -> tuple[Floats, NDArray[np.bool_]]:
    return (
        np.array([mm.q_m2ps3 for mm in motion]),
        np.array([mm.stationary for mm in motion], dtype=bool),
    )


def _mix(xm: Floats, pm: Floats, mu: Floats, pi: Floats) -> tuple[Floats, Floats, Floats]:
    """IMM mixing as batched matrix products (einsum with three operands is far slower)."""
    n, m = mu.shape
    c = np.maximum((mu[:, None, :] @ pi)[:, 0, :], 1e-300)
    wt = np.swapaxes(pi * mu[:, :, None] / c[:, None, :], 1, 2)  # wt[n, j, i] = P(i | j next)
    x0 = wt @ xm
    p0 = (wt @ pm.reshape(n, m, 16)).reshape(n, m, 4, 4)
    dx = xm[:, None, :, :] - x0[:, :, None, :]  # (n, j, i, 4)
    p0 += np.swapaxes(wt[..., None] * dx, -1, -2) @ dx
    return x0, p0, c


def imm_predict(
    xm: Floats, pm: Floats, mu: Floats, dt_s: Floats, motion: tuple[MotionModel, ...]
) -> tuple[Floats, Floats, Floats]:
    """Mix the models and predict every track ``dt_s`` (shape ``(n,)``, ≥ 0) ahead."""
    q, still = _model_arrays(motion)
    if len(motion) > 1:
        xm, pm, mu = _mix(xm, pm, mu, _switching(dt_s, motion))
    cv = ~still
    d = dt_s[:, None, None, None]
    xp = xm.copy()
    pp = pm.copy()
    # CV blocks: position += velocity·dt, and the matching covariance blocks.
    a, b, c = pm[:, cv, :2, :2], pm[:, cv, :2, 2:], pm[:, cv, 2:, 2:]
    xp[:, cv, :2] += xm[:, cv, 2:] * dt_s[:, None, None]
    bc = b + d * c
    pp[:, cv, :2, :2] = a + d * (b + np.swapaxes(b, -1, -2)) + d * d * c
    pp[:, cv, :2, 2:] = bc
    pp[:, cv, 2:, :2] = np.swapaxes(bc, -1, -2)
    qm = process_noise(dt_s, np.where(still, 0.0, q)[None, :])
    if still.any():
        # Stationary: velocity reset to (nearly) zero, position on a random walk.
        xp[:, still, 2:] = 0.0
        pp[:, still, :2, 2:] = 0.0
        pp[:, still, 2:, :] = 0.0
        walk = dt_s[:, None] * q[still][None, :]
        for k in (0, 1):
            qm[:, still, k, k] = walk
            qm[:, still, k + 2, k + 2] = _STILL_VAR
    return xp, pp + qm, mu


def imm_update(
    xm: Floats, pm: Floats, mu: Floats, z: Floats, r: Floats
) -> tuple[Floats, Floats, Floats, Floats]:
    """Update every track with one measurement of its first ``d`` state components.

    ``z`` is ``(n, d)`` and ``r`` ``(n, d, d)``: ``d = 2`` for a position, ``d = 4`` for a
    position with velocity (AIS speed and course). Returns the new ``xm, pm, mu`` and the
    combined log-likelihood of each measurement ``(n,)``.
    """
    d = z.shape[1]
    s = pm[..., :d, :d] + r[:, None, :, :]
    if d == 2:
        # Closed-form 2 × 2 inverse and determinant: the common case (radar plots).
        det = s[..., 0, 0] * s[..., 1, 1] - s[..., 0, 1] * s[..., 1, 0]
        s_inv = np.empty_like(s)
        s_inv[..., 0, 0] = s[..., 1, 1] / det
        s_inv[..., 1, 1] = s[..., 0, 0] / det
        s_inv[..., 0, 1] = -s[..., 0, 1] / det
        s_inv[..., 1, 0] = -s[..., 1, 0] / det
        logdet = np.log(det)
    else:
        s_inv = np.asarray(np.linalg.inv(s), dtype=np.float64)
        logdet = np.asarray(np.linalg.slogdet(s)[1], dtype=np.float64)
    nu = z[:, None, :] - xm[..., :d]
    k = pm[..., :, :d] @ s_inv  # (n, M, 4, d)
    xm = xm + (k @ nu[..., None])[..., 0]
    pm = pm - k @ s @ np.swapaxes(k, -1, -2)
    pm = 0.5 * (pm + np.swapaxes(pm, -1, -2))
    d2 = (nu[..., None, :] @ s_inv @ nu[..., None])[..., 0, 0]
    loglik = -0.5 * (d2 + logdet + d * _LOG_2PI)
    top = loglik.max(axis=1, keepdims=True)
    weighted = mu * np.exp(loglik - top)
    total = weighted.sum(axis=1, keepdims=True)
    mu = weighted / total
    return xm, pm, mu, (np.log(total[:, 0]) + top[:, 0])


def imm_combine(xm: Floats, pm: Floats, mu: Floats) -> tuple[Floats, Floats]:
    """The moment-matched single state ``x (n, 4)`` and covariance ``P (n, 4, 4)``."""
    n, m = mu.shape
    x = (mu[:, None, :] @ xm)[:, 0, :]
    if m == 1:
        return x, pm[:, 0].copy()
    dx = xm - x[:, None, :]
    p = (mu[:, None, :] @ pm.reshape(n, m, 16)).reshape(n, 4, 4)
    p += np.swapaxes(mu[:, :, None] * dx, 1, 2) @ dx
    return x, p


def predict_combined(
    x: Floats,
    p: Floats,
    mu: Floats,
    dt_s: Floats,
    motion: tuple[MotionModel, ...],
    *,
    xm: Floats | None = None,
    pm: Floats | None = None,
    exact: bool = True,
) -> tuple[Floats, Floats, Floats]:
    """Predicted combined state and covariance ``dt_s`` ahead, for gating and display.

    Also returns the effective process noise density per track (``q`` of the CV models
    averaged over the predicted mode probabilities), which the gate uses to push a plot's
    own time offset. With a stationary model the per-model states ``xm``/``pm`` are
    needed (the full IMM step is moment-matched), unless ``exact=False`` asks for the
    cheap CV step of the combined state (good enough for deletion and duplicate checks).
    """
    q, still = _model_arrays(motion)
    q_cv = np.where(still, 0.0, q)
    if still.any() and exact:
        if xm is None or pm is None:
            raise ValueError("predict_combined needs xm and pm with a stationary model")
        xs, ps, c = imm_predict(xm, pm, mu, dt_s, motion)
        xp, pp = imm_combine(xs, ps, c)
        return xp, pp, c @ q_cv
    if len(motion) > 1:
        c = (mu[:, None, :] @ _switching(dt_s, motion))[:, 0, :]
        q_eff = c @ q_cv
    else:
        q_eff = np.full(x.shape[0], q_cv[0])
    f = transition(dt_s)
    xp = (f @ x[:, :, None])[:, :, 0]
    pp = f @ p @ np.swapaxes(f, -1, -2) + process_noise(dt_s, q_eff[:, None])[:, 0]
    return xp, pp, q_eff
