# SPDX-License-Identifier: EUPL-1.2
"""Networks with known communities, to measure community detection against the truth.

A planted partition in the spirit of the LFR benchmark: community sizes drawn between
``min_size`` and ``max_size``, each edge drawn from a random node and, with probability
``1 - mixing``, to a node of the same community, otherwise to any node. With
``mixing = 0.3`` about 30 % of each node's links leave its community.

>>> g, truth = planted_partition(200, 800, mixing=0.2, seed=1)
>>> g.n, len(truth)
(200, 200)
"""

from __future__ import annotations

import numpy as np

from straitwatch.intel.network.graph import Graph, IntArray

__all__ = ["planted_partition"]


def planted_partition(
    n: int,
    edges: int,
    *,
    mixing: float,
    seed: int,
    min_size: int = 20,
    max_size: int = 200,
) -> tuple[Graph, IntArray]:
    """A graph of ``n`` nodes and about ``edges`` edges, and each node's true community."""
    rng = np.random.default_rng(seed)
    sizes: list[int] = []
    while sum(sizes) < n:
        sizes.append(int(rng.integers(min_size, max_size + 1)))
    sizes[-1] -= sum(sizes) - n
    size = np.asarray([s for s in sizes if s > 0])
    truth = np.repeat(np.arange(len(size)), size)
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    src = rng.integers(0, n, edges)
    internal = rng.random(edges) >= mixing
    c = truth[src[internal]]
    dst = rng.integers(0, n, edges)
    dst[internal] = start[c] + (rng.random(int(internal.sum())) * size[c]).astype(np.int64)
    keep = src != dst
    names = tuple(f"n{i}" for i in range(n))
    graph = Graph(
        nodes=names,
        src=src[keep].astype(np.int64),
        dst=dst[keep].astype(np.int64),
        weight=np.ones(int(keep.sum())),
    )
    return graph, truth.astype(np.int64)
