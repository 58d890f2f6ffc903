# SPDX-License-Identifier: EUPL-1.2
"""Close pairs among many points per time bin, vectorised: a grid join instead of a
tree per bin.

Points are hashed to cells the size of the search distance, keyed by ``(bin, cell y,
cell x)`` in one sorted int64 array; each point looks up its own cell and four of its
neighbours (the other four see it from their side), so every pair is found once.

>>> a, b = close_pairs(np.array([0, 0, 0]), np.array([0.0, 300.0, 5000.0]),
...                    np.array([0.0, 0.0, 0.0]), 500.0)
>>> a.tolist(), b.tolist()
([0], [1])
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["close_pairs", "group_median"]

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]
_HALF_NEIGHBOURHOOD = ((0, 0), (1, 0), (-1, 1), (0, 1), (1, 1))


def close_pairs(bins: Ints, x_m: Floats, y_m: Floats, within_m: float) -> tuple[Ints, Ints]:
    """Index pairs ``(i, j)`` with ``bins[i] == bins[j]`` and distance ``<= within_m``."""
    n = bins.size
    if n < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    cx = np.floor(x_m / within_m).astype(np.int64)
    cy = np.floor(y_m / within_m).astype(np.int64)
    cx -= cx.min() - 1  # a margin of one cell each side: neighbours never wrap
    cy -= cy.min() - 1
    nx = int(cx.max()) + 2
    ny = int(cy.max()) + 2
    b = bins - bins.min()
    key = (b * ny + cy) * nx + cx
    order = np.argsort(key, kind="stable")
    skey = key[order]
    firsts: list[Ints] = []
    seconds: list[Ints] = []
    for dx, dy in _HALF_NEIGHBOURHOOD:
        q = skey + dy * nx + dx
        lo = np.searchsorted(skey, q, "left")
        hi = np.searchsorted(skey, q, "right")
        if dx == 0 and dy == 0:
            lo = np.maximum(lo, np.arange(n) + 1)  # same cell: each pair once, no self
        count = np.maximum(hi - lo, 0)
        total = int(count.sum())
        if total == 0:
            continue
        i = np.repeat(np.arange(n), count)
        offsets = np.arange(total) - np.repeat(np.cumsum(count) - count, count)
        j = np.repeat(lo, count) + offsets
        firsts.append(order[i])
        seconds.append(order[j])
    if not firsts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    i_all = np.concatenate(firsts)
    j_all = np.concatenate(seconds)
    near = np.hypot(x_m[i_all] - x_m[j_all], y_m[i_all] - y_m[j_all]) <= within_m
    return i_all[near].astype(np.int64), j_all[near].astype(np.int64)


def group_median(values: Floats, groups: Ints) -> Floats:
    """Median of ``values`` per group; ``groups`` numbers the groups 0..n-1."""
    if values.size == 0:
        return np.zeros(0)
    order = np.lexsort((values, groups))
    v = values[order]
    counts = np.bincount(groups, minlength=int(groups.max()) + 1)
    starts = np.cumsum(counts) - counts
    lo = starts + (counts - 1) // 2
    hi = starts + counts // 2
    return np.asarray((v[lo] + v[hi]) / 2.0)
