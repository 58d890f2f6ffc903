# SPDX-License-Identifier: EUPL-1.2
"""Which plots could belong to which tracks: a KD-tree search, then a Mahalanobis gate.

The KD-tree (:class:`scipy.spatial.cKDTree`) is built on the plots of one frame and
searched from every track's predicted position with a radius that bounds the track's
Mahalanobis gate, so the work grows with the number of plausible pairs rather than with
tracks × plots. Each surviving pair is then tested exactly: the track is pushed to the
plot's own time (plots of a rotating radar carry different times within one frame) and
the squared Mahalanobis distance of the innovation is compared with the χ² gate.

>>> import numpy as np
>>> g = gate_pairs(np.zeros((1, 2)), np.zeros((1, 2)), np.eye(4)[None] * 100.0,
...                np.array([0.01]), np.zeros(1), np.array([[5.0, 0.0], [500.0, 0.0]]),
...                np.eye(2)[None].repeat(2, 0) * 100.0, np.zeros(2), gate_d2=13.8)
>>> g.rows.tolist(), g.cols.tolist()
([0], [0])
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from straitwatch.tracking.kalman import Floats

__all__ = ["Gated", "gate_pairs", "mahalanobis2_2d"]

Ints = NDArray[np.intp]


@dataclass(frozen=True, slots=True)
class Gated:
    """Track–plot pairs inside the gate, with their squared Mahalanobis distances."""

    rows: Ints
    """Track index of each pair."""
    cols: Ints
    """Plot index of each pair."""
    d2: Floats
    logdet: Floats
    """``ln |S|`` of each pair's innovation covariance: ``d2 + logdet`` is the negative
    log-likelihood (less constants), the cost that lets a tight track win a plot over a
    track whose uncertainty has grown."""

    @classmethod
    def empty(cls) -> Gated:
        return cls(np.empty(0, np.intp), np.empty(0, np.intp), np.empty(0), np.empty(0))


def mahalanobis2_2d(nu: Floats, s: Floats) -> Floats:
    """``nu' S⁻¹ nu`` for many 2-D innovations ``(k, 2)`` and covariances ``(k, 2, 2)``."""
    a, b, c = s[:, 0, 0], s[:, 0, 1], s[:, 1, 1]
    det = np.maximum(a * c - b * b, 1e-12)
    return np.asarray((c * nu[:, 0] ** 2 - 2.0 * b * nu[:, 0] * nu[:, 1] + a * nu[:, 1] ** 2) / det)


def gate_pairs(
    pos: Floats,
    vel: Floats,
    cov: Floats,
    q_eff: Floats,
    base_t: Floats,
    z: Floats,
    r: Floats,
    t_meas: Floats,
    *,
    gate_d2: float,
) -> Gated:
    """Pairs of tracks and plots whose innovation passes ``gate_d2``.

    ``pos``, ``vel`` ``(n, 2)`` and ``cov`` ``(n, 4, 4)`` are the tracks predicted to
    ``base_t`` ``(n,)``; ``q_eff`` ``(n,)`` their process-noise density; ``z`` ``(m, 2)``
    the plots, ``r`` ``(m, 2, 2)`` their covariances and ``t_meas`` ``(m,)`` their times
    (never before ``base_t`` by more than rounding: the caller predicts to the frame start).
    """
    n, m = pos.shape[0], z.shape[0]
    if n == 0 or m == 0:
        return Gated.empty()
    # A radius that contains the whole gate: |nu|² ≤ λmax(S)·d² ≤ trace(S)·d².
    dt_max = np.maximum(float(t_meas.max()) - base_t, 0.0)
    tr_pp = cov[:, 0, 0] + cov[:, 1, 1]
    tr_vv = cov[:, 2, 2] + cov[:, 3, 3]
    var = (
        tr_pp
        + 2.0 * dt_max * np.sqrt(tr_pp * tr_vv)
        + dt_max**2 * tr_vv
        + 2.0 * q_eff * dt_max**3 / 3.0
        + float((r[:, 0, 0] + r[:, 1, 1]).max())
    )
    radius = np.sqrt(gate_d2 * var) + np.hypot(vel[:, 0], vel[:, 1]) * dt_max
    hits = cKDTree(z).query_ball_point(pos, radius, return_sorted=False)
    counts = np.fromiter(map(len, hits), dtype=np.intp, count=n)
    if counts.sum() == 0:
        return Gated.empty()
    rows = np.repeat(np.arange(n, dtype=np.intp), counts)
    cols = np.fromiter(itertools.chain.from_iterable(hits), dtype=np.intp, count=int(counts.sum()))

    s = cov[rows, :2, :2] + r[cols]
    nu = z[cols] - pos[rows]
    delta = np.maximum(t_meas[cols] - base_t[rows], 0.0)
    if delta.any():
        # Push each track to its plot's own time within the frame (CV step of delta).
        d = delta[:, None, None]
        pv = cov[rows, :2, 2:]
        s = s + d * (pv + np.swapaxes(pv, -1, -2)) + d * d * cov[rows, 2:, 2:]
        s = s + (q_eff[rows] * delta**3 / 3.0)[:, None, None] * np.eye(2)
        nu = nu - vel[rows] * delta[:, None]
    d2 = mahalanobis2_2d(nu, s)
    keep = d2 < gate_d2
    s = s[keep]
    logdet = np.log(np.maximum(s[:, 0, 0] * s[:, 1, 1] - s[:, 0, 1] * s[:, 1, 0], 1e-12))
    return Gated(rows[keep], cols[keep], d2[keep], logdet)
