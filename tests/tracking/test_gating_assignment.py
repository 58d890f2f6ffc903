# SPDX-License-Identifier: EUPL-1.2
"""KD-tree gating against brute force, and cluster GNN against one global assignment."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from straitwatch.tracking.assignment import assign
from straitwatch.tracking.gating import gate_pairs

GATE = 13.8


def _tracks(rng: np.random.Generator, n: int) -> tuple[np.ndarray, ...]:
    pos = rng.uniform(0.0, 2000.0, (n, 2))
    vel = rng.normal(0.0, 5.0, (n, 2))
    a = rng.normal(0.0, 1.0, (n, 4, 4)) * rng.uniform(2.0, 30.0, (n, 1, 1))
    cov = a @ np.swapaxes(a, -1, -2) + np.eye(4) * 4.0
    q = rng.uniform(0.001, 0.5, n)
    base = rng.uniform(0.0, 0.5, n)
    return pos, vel, cov, q, base


def _brute(pos, vel, cov, q, base, z, r, t):  # type: ignore[no-untyped-def]
    out = {}
    for i in range(pos.shape[0]):
        for j in range(z.shape[0]):
            d = max(t[j] - base[i], 0.0)
            f = np.eye(4)
            f[0, 2] = f[1, 3] = d
            qm = np.zeros((4, 4))
            for a in (0, 1):
                qm[a, a], qm[a, a + 2], qm[a + 2, a], qm[a + 2, a + 2] = (
                    d**3 / 3,
                    d**2 / 2,
                    d**2 / 2,
                    d,
                )
            p = f @ cov[i] @ f.T + q[i] * qm
            s = p[:2, :2] + r[j]
            nu = z[j] - (pos[i] + vel[i] * d)
            d2 = float(nu @ np.linalg.solve(s, nu))
            if d2 < GATE:
                out[(i, j)] = d2
    return out


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 25), st.integers(1, 30), st.booleans())
def test_gate_pairs_equals_brute_force(seed: int, n: int, m: int, spread: bool) -> None:
    rng = np.random.default_rng(seed)
    pos, vel, cov, q, base = _tracks(rng, n)
    z = rng.uniform(0.0, 2000.0, (m, 2))
    r = np.eye(2)[None] * rng.uniform(100.0, 900.0, (m, 1, 1))
    t = rng.uniform(0.5, 2.0, m) if spread else np.full(m, 0.5)
    g = gate_pairs(pos, vel, cov, q, base, z, r, t, gate_d2=GATE)
    got = {(int(a), int(b)): float(d) for a, b, d in zip(g.rows, g.cols, g.d2, strict=True)}
    want = _brute(pos, vel, cov, q, base, z, r, t)
    # Tracks predicted to a common base, then the CV step of each plot's offset: exact.
    assert got.keys() == want.keys()
    for k, v in want.items():
        assert abs(got[k] - v) < 1e-6 * max(1.0, v)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 12), st.integers(1, 12), st.floats(0.05, 0.6))
def test_cluster_gnn_is_globally_optimal(seed: int, n: int, m: int, density: float) -> None:
    rng = np.random.default_rng(seed)
    mask = rng.random((n, m)) < density
    rows, cols = np.nonzero(mask)
    cost = rng.uniform(0.0, GATE, rows.size)
    miss = rng.uniform(GATE, GATE + 5.0, n)
    a_r, a_c = assign(rows.astype(np.intp), cols.astype(np.intp), cost, n, m, miss_cost=miss)
    # The same problem solved in one piece: tracks × (plots + one "miss" column each).
    big = np.full((n, m + n), np.inf)
    big[rows, cols] = cost
    big[np.arange(n), m + np.arange(n)] = miss
    gr, gc = linear_sum_assignment(big)
    best = big[gr, gc].sum()
    lookup = {(int(a), int(b)): c for a, b, c in zip(rows, cols, cost, strict=True)}
    ours = sum(lookup[(int(a), int(b))] for a, b in zip(a_r, a_c, strict=True))
    ours += sum(miss[i] for i in set(range(n)) - {int(a) for a in a_r})
    assert abs(ours - best) < 1e-9
    assert len(set(a_r.tolist())) == a_r.size and len(set(a_c.tolist())) == a_c.size


def test_lone_pairs_are_assigned_without_a_solver() -> None:
    rows, cols = np.array([0, 1, 2]), np.array([2, 0, 1])
    a_r, a_c = assign(rows, cols, np.ones(3), 3, 3, miss_cost=np.full(3, GATE))
    assert sorted(zip(a_r.tolist(), a_c.tolist(), strict=True)) == [(0, 2), (1, 0), (2, 1)]


def test_a_track_may_stay_unassigned_rather_than_push_another_off_its_plot() -> None:
    # Track 0 close to plot 0; track 1 only gates with plot 0 (far). Missing 1 is better.
    rows, cols = np.array([0, 1]), np.array([0, 0])
    a_r, a_c = assign(rows, cols, np.array([0.5, 12.0]), 2, 1, miss_cost=np.full(2, GATE))
    assert a_r.tolist() == [0] and a_c.tolist() == [0]
