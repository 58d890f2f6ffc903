# SPDX-License-Identifier: EUPL-1.2
"""The vectorised CV / IMM filter against the textbook equations."""

from __future__ import annotations

import numpy as np

from straitwatch.tracking.config import MotionModel
from straitwatch.tracking.kalman import (
    imm_combine,
    imm_predict,
    imm_update,
    initial_state,
    predict_combined,
    process_noise,
    transition,
)

CV = (MotionModel(q_m2ps3=0.05, sojourn_s=1e9),)
IMM = (MotionModel(0.003, 120.0), MotionModel(0.3, 30.0))


def _random_tracks(n: int, m: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    xm = rng.normal(0.0, 100.0, (n, m, 4))
    a = rng.normal(0.0, 1.0, (n, m, 4, 4))
    pm = a @ np.swapaxes(a, -1, -2) + np.eye(4) * 10.0
    mu = rng.dirichlet(np.ones(m), n)
    return xm, pm, mu


def test_single_model_predict_is_the_kalman_prediction() -> None:
    xm, pm, mu = _random_tracks(5, 1)
    dt = np.array([0.0, 1.0, 2.0, 10.0, 180.0])
    x1, p1, _ = imm_predict(xm, pm, mu, dt, CV)
    f = transition(dt)
    q = process_noise(dt, np.array([[0.05]]))[:, 0]
    for i in range(5):
        assert np.allclose(x1[i, 0], f[i] @ xm[i, 0])
        assert np.allclose(p1[i, 0], f[i] @ pm[i, 0] @ f[i].T + q[i])


def test_cv_prediction_composes_over_steps() -> None:
    # Q(a + b) = F(b) Q(a) F(b)' + Q(b): two 1 s steps equal one 2 s step.
    xm, pm, mu = _random_tracks(3, 1, seed=1)
    once = imm_predict(xm, pm, mu, np.full(3, 2.0), CV)
    twice = imm_predict(*imm_predict(xm, pm, mu, np.full(3, 1.0), CV), np.full(3, 1.0), CV)
    assert np.allclose(once[0], twice[0])
    assert np.allclose(once[1], twice[1])


def test_update_is_the_kalman_update() -> None:
    xm, pm, mu = _random_tracks(4, 1, seed=2)
    z = np.random.default_rng(3).normal(0.0, 100.0, (4, 2))
    r = np.broadcast_to(np.eye(2) * 400.0, (4, 2, 2)).copy()
    x1, p1, mu1, _ = imm_update(xm, pm, mu, z, r)
    h = np.eye(4)[:2]
    for i in range(4):
        s = h @ pm[i, 0] @ h.T + r[i]
        k = pm[i, 0] @ h.T @ np.linalg.inv(s)
        assert np.allclose(x1[i, 0], xm[i, 0] + k @ (z[i] - h @ xm[i, 0]))
        assert np.allclose(p1[i, 0], (np.eye(4) - k @ h) @ pm[i, 0])
    assert np.allclose(mu1, 1.0)


def test_velocity_measurement_updates_the_velocity() -> None:
    xm, pm, mu = initial_state(
        np.zeros((1, 2)), np.eye(2)[None] * 400.0, np.zeros((1, 2)), np.eye(2)[None] * 49.0, 2
    )
    z = np.array([[0.0, 0.0, 5.0, -3.0]])
    r = np.diag([400.0, 400.0, 0.16, 0.16])[None]
    x1, _, _, _ = imm_update(xm, pm, mu, z, r)
    x, _ = imm_combine(x1, *imm_update(xm, pm, mu, z, r)[1:3])
    assert np.allclose(x[0, 2:], [5.0, -3.0], atol=0.05)


def test_mixing_keeps_the_combined_moments_and_prediction_matches_the_closed_form() -> None:
    xm, pm, mu = _random_tracks(6, 2, seed=4)
    dt = np.array([0.5, 1.0, 2.0, 5.0, 30.0, 200.0])
    x0, p0 = imm_combine(xm, pm, mu)
    xp, pp, mup = imm_predict(xm, pm, mu, dt, IMM)
    x1, p1 = imm_combine(xp, pp, mup)
    xc, pc, _ = predict_combined(x0, p0, mu, dt, IMM)
    assert np.allclose(mup.sum(axis=1), 1.0)
    assert np.allclose(x1, xc)
    assert np.allclose(p1, pc)


def test_a_turn_moves_probability_to_the_manoeuvre_model() -> None:
    rng = np.random.default_rng(5)
    xm, pm, mu = initial_state(
        np.zeros((1, 2)),
        np.eye(2)[None] * 100.0,
        np.array([[0.0, 8.0]]),
        np.eye(2)[None] * 1.0,
        2,
    )
    pos, vel = np.zeros(2), np.array([0.0, 8.0])
    r = np.eye(2)[None] * 100.0
    history = []
    for k in range(60):
        if k == 30:
            vel = np.array([8.0, 0.0])  # a hard turn to starboard
        pos = pos + vel * 2.0
        xm, pm, mu = imm_predict(xm, pm, mu, np.array([2.0]), IMM)
        xm, pm, mu, _ = imm_update(xm, pm, mu, (pos + rng.normal(0, 10, 2))[None], r)
        history.append(mu[0].copy())
    probs = np.array(history)
    assert probs[15:30, 0].mean() > 0.8  # holding course: the quiet model
    assert probs[30:36, 1].max() > 0.9  # the turn: the manoeuvre model
