# SPDX-License-Identifier: EUPL-1.2
"""Global nearest-neighbour assignment, solved separately for each cluster of conflicts.

Gated pairs form a bipartite graph of tracks and plots. Its connected components are
independent assignment problems: a track and a plot that gate only with each other (the
common case at sea) are paired directly, in one vectorised step; every other component
is solved with :func:`scipy.optimize.linear_sum_assignment` on its own small matrix. The
cost therefore grows with the size of the conflict clusters, not with tracks².

Each track may also stay unassigned at its ``miss_cost`` (a dummy column per row), so a
track is not forced onto a poor plot merely to maximise the number of pairs.

>>> import numpy as np
>>> rows, cols = np.array([0, 0, 1]), np.array([0, 1, 0])
>>> a_rows, a_cols = assign(rows, cols, np.array([1.0, 4.0, 2.0]), 2, 2,
...                         miss_cost=np.full(2, 13.8))
>>> sorted(zip(a_rows.tolist(), a_cols.tolist()))
[(0, 1), (1, 0)]
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from straitwatch.tracking.gating import Ints
from straitwatch.tracking.kalman import Floats

__all__ = ["assign"]


def _solve_cluster(
    rows: Ints, cols: Ints, cost: Floats, miss_cost: Floats
) -> tuple[list[int], list[int]]:
    r_ids, r_loc = np.unique(rows, return_inverse=True)
    c_ids, c_loc = np.unique(cols, return_inverse=True)
    nr, nc = r_ids.size, c_ids.size
    big = np.inf
    matrix = np.full((nr, nc + nr), big)
    matrix[r_loc, c_loc] = cost
    matrix[np.arange(nr), nc + np.arange(nr)] = miss_cost[r_ids]
    ri, ci = linear_sum_assignment(matrix)
    real = ci < nc
    return r_ids[ri[real]].tolist(), c_ids[ci[real]].tolist()


def assign(
    rows: Ints, cols: Ints, cost: Floats, n_rows: int, n_cols: int, *, miss_cost: Floats
) -> tuple[Ints, Ints]:
    """The GNN assignment of gated pairs: arrays of assigned (row, col), one per row at most.

    ``miss_cost`` ``(n_rows,)`` is each row's cost of staying unassigned.
    """
    if rows.size == 0:
        return np.empty(0, np.intp), np.empty(0, np.intp)
    deg_r = np.bincount(rows, minlength=n_rows)
    deg_c = np.bincount(cols, minlength=n_cols)
    single = (deg_r[rows] == 1) & (deg_c[cols] == 1)
    out_r: list[Ints] = [rows[single]]
    out_c: list[Ints] = [cols[single]]
    rest = ~single
    if rest.any():
        rr, cc, cost_r = rows[rest], cols[rest], cost[rest]
        graph = coo_matrix(
            (np.ones(rr.size), (rr, n_rows + cc)), shape=(n_rows + n_cols, n_rows + n_cols)
        )
        _, labels = connected_components(graph, directed=False)
        lab = labels[rr]
        order = np.argsort(lab, kind="stable")
        bounds = np.flatnonzero(np.diff(lab[order])) + 1
        ext_r: list[int] = []
        ext_c: list[int] = []
        for group in np.split(order, bounds):
            a_r, a_c = _solve_cluster(rr[group], cc[group], cost_r[group], miss_cost)
            ext_r.extend(a_r)
            ext_c.extend(a_c)
        out_r.append(np.asarray(ext_r, dtype=np.intp))
        out_c.append(np.asarray(ext_c, dtype=np.intp))
    return np.concatenate(out_r), np.concatenate(out_c)
