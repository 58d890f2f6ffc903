# SPDX-License-Identifier: EUPL-1.2
"""Centrality, cores and communities over a :class:`~.graph.Graph`, vectorised.

- degree and weighted degree: row counts and sums of the CSR matrix;
- PageRank: power iteration with networkx's conventions (damping 0.85, dangling mass
  spread evenly, stop when the L1 change is under ``n * tol``), checked against networkx;
- betweenness: Brandes' algorithm on hop distances, run for many sources at once as
  sparse-matrix products; exact when every node is a source, estimated from a seeded
  sample of sources (rescaled) on large graphs;
- k-core numbers: batch peeling;
- communities: Leiden (``graspologic-native``, MIT) maximising modularity, seeded so the
  same graph always gives the same partition;
- participation: how evenly a node's links spread over communities (0 = all in its own;
  near 1 = a broker between many).

>>> from straitwatch.intel.network.graph import Graph
>>> g = Graph.from_edges([("a", "b", 1), ("b", "c", 1)])
>>> betweenness(g).round(3).tolist()
[0.0, 1.0, 0.0]
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import sparse

from straitwatch.intel.network.graph import FloatArray, Graph, IntArray

__all__ = [
    "betweenness",
    "communities",
    "core_numbers",
    "degree",
    "normalized_mutual_information",
    "pagerank",
    "participation",
    "weighted_degree",
]

#: Full Leiden cycles, each refining the last: on the 10,000-node planted-partition bench
#: one cycle finds NMI 0.91, four reach 0.97-0.98 (bench/network.py).
LEIDEN_ITERATIONS = 4

#: Sources per block of the batched Brandes pass (memory: 5 dense n x block arrays).
_BLOCK = 64


def degree(g: Graph) -> IntArray:
    """Number of distinct neighbours of each node."""
    counts: IntArray = np.diff(g.adjacency().indptr).astype(np.int64)
    return counts


def weighted_degree(g: Graph) -> FloatArray:
    """Sum of the weights of each node's edges."""
    return np.asarray(g.adjacency().sum(axis=1), dtype=np.float64).ravel()


def pagerank(
    g: Graph, *, alpha: float = 0.85, tol: float = 1e-6, max_iter: int = 200
) -> FloatArray:
    """PageRank of each node, weights as transition preferences (sums to 1)."""
    n = g.n
    if n == 0:
        return np.zeros(0)
    a = g.adjacency()
    out = weighted_degree(g)
    dangling = out == 0
    inv = np.divide(1.0, out, out=np.zeros(n), where=~dangling)
    transition = sparse.diags(inv) @ a  # row-stochastic where the row has edges
    transposed = transition.T.tocsr()
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        previous = x
        x = alpha * (transposed @ x) + (alpha * x[dangling].sum() + 1.0 - alpha) / n
        if np.abs(x - previous).sum() < n * tol:
            break
    return np.asarray(x / x.sum(), dtype=np.float64)


def betweenness(g: Graph, *, samples: int | None = None, seed: int = 0) -> FloatArray:
    """Normalised shortest-path betweenness on hop distances (as networkx's
    ``betweenness_centrality(normalized=True)`` for an undirected graph).

    ``samples=None`` uses every node as a source (exact); otherwise that many sources
    drawn with ``seed`` and the sum rescaled by ``n / samples`` (Brandes & Pich, 2007).
    """
    n = g.n
    if n < 3:
        return np.zeros(n)
    hops = g.adjacency().copy()
    hops.data[:] = 1.0
    if samples is None or samples >= n:
        sources = np.arange(n)
    else:
        sources = np.sort(np.random.default_rng(seed).choice(n, size=samples, replace=False))
    total = np.zeros(n)
    for start in range(0, len(sources), _BLOCK):
        total += _dependencies(hops, sources[start : start + _BLOCK])
    scale = (n / len(sources)) / ((n - 1) * (n - 2))  # undirected: each pair seen twice
    return total * scale


def _dependencies(hops: sparse.csr_matrix, sources: IntArray) -> FloatArray:
    """Brandes' dependency of every node, summed over ``sources``, all at once."""
    n, b = hops.shape[0], len(sources)
    cols = np.arange(b)
    dist = np.full((n, b), -1, dtype=np.int32)
    sigma = np.zeros((n, b))
    dist[sources, cols] = 0
    sigma[sources, cols] = 1.0
    frontier = sigma.copy()
    level = 0
    while True:
        reached = hops @ frontier
        new = (reached > 0) & (dist < 0)
        if not new.any():
            break
        level += 1
        dist[new] = level
        sigma[new] = reached[new]
        frontier = np.where(new, reached, 0.0)
    delta = np.zeros((n, b))
    safe_sigma = np.where(sigma > 0, sigma, 1.0)
    for d in range(level - 1, -1, -1):
        coef = np.where(dist == d + 1, (1.0 + delta) / safe_sigma, 0.0)
        contribution = hops @ coef
        at = dist == d
        delta[at] = sigma[at] * contribution[at]
    delta[sources, cols] = 0.0
    return np.asarray(delta.sum(axis=1), dtype=np.float64)


def core_numbers(g: Graph) -> IntArray:
    """The k-core number of each node (largest k such that it is in the k-core)."""
    hops = g.adjacency().copy()
    hops.data[:] = 1.0
    deg = degree(g).astype(np.float64)
    alive = np.ones(g.n, dtype=bool)
    core = np.zeros(g.n, dtype=np.int64)
    k = 0
    while alive.any():
        k = max(k, int(deg[alive].min()))
        while True:
            peel = alive & (deg <= k)
            if not peel.any():
                break
            core[peel] = k
            alive &= ~peel
            deg -= hops @ peel.astype(np.float64)
    return core


def communities(
    g: Graph, *, seed: int = 7, resolution: float = 1.0, iterations: int = LEIDEN_ITERATIONS
) -> IntArray:
    """A community number per node (0, 1, …) by Leiden modularity maximisation.

    Isolated nodes each form their own community.
    """
    import graspologic_native as gn  # compiled extension: loaded when communities are asked for

    a = g.adjacency()
    if a.nnz == 0:
        return np.arange(g.n, dtype=np.int64)
    _, partition = gn.leiden_csr(
        a.indptr.astype(np.int64),
        a.indices.astype(np.int32),
        a.data.astype(np.float64),
        g.n,
        resolution=resolution,
        seed=seed,
        iterations=iterations,
    )
    labels = np.fromiter((partition[i] for i in range(g.n)), dtype=np.int64, count=g.n)
    # Number communities by their smallest node so labels do not depend on the library's order.
    _, first = np.unique(labels, return_index=True)
    order = np.argsort(np.argsort(first))
    remap = dict(zip(np.unique(labels).tolist(), order.tolist(), strict=True))
    return np.fromiter((remap[x] for x in labels.tolist()), dtype=np.int64, count=g.n)


def participation(g: Graph, labels: IntArray) -> FloatArray:
    """Guimerà–Amaral participation coefficient of each node for a partition."""
    if g.n == 0:
        return np.zeros(0)
    a = g.adjacency()
    k = weighted_degree(g)
    member = sparse.csr_matrix(
        (np.ones(g.n), (np.arange(g.n), labels)), shape=(g.n, int(labels.max()) + 1)
    )
    links = (a @ member).tocsr()
    squares = np.asarray(links.multiply(links).sum(axis=1), dtype=np.float64).ravel()
    safe = np.where(k > 0, k, 1.0)
    return np.where(k > 0, 1.0 - squares / safe**2, 0.0)


def normalized_mutual_information(truth: npt.ArrayLike, found: npt.ArrayLike) -> float:
    """NMI (arithmetic mean normalisation, as scikit-learn's default) of two labelings."""
    t = np.unique(np.asarray(truth), return_inverse=True)[1]
    f = np.unique(np.asarray(found), return_inverse=True)[1]
    n = len(t)
    table = sparse.csr_matrix((np.ones(n), (t, f))).toarray() / n
    pt, pf = table.sum(axis=1), table.sum(axis=0)
    nz = table > 0
    mi = float((table[nz] * np.log(table[nz] / np.outer(pt, pf)[nz])).sum())
    ht = float(-(pt[pt > 0] * np.log(pt[pt > 0])).sum())
    hf = float(-(pf[pf > 0] * np.log(pf[pf > 0])).sum())
    if ht == 0.0 and hf == 0.0:
        return 1.0
    return mi / ((ht + hf) / 2.0) if (ht + hf) > 0 else 0.0
