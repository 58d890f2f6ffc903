# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: community detection and centrality on a planted-partition network.

10,000 nodes, about 50,000 edges, mixing 0.3 (about 30 % of each node's links leave its
community), community sizes 20-200, several seeds. For each: straitwatch's analysis
(Leiden via graspologic-native, vectorised PageRank, degree) against networkx Louvain and
PageRank and, where the bench extra installed it, igraph's Leiden, all timed the same way
(``time.perf_counter`` around the call, graph construction of each library not counted).
NMI against the planted truth (arithmetic normalisation).

    .venv/bin/python bench/network.py --seeds 1 2 3

Prints a Markdown table for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Callable
from typing import Any

import networkx as nx
import numpy as np

from straitwatch.intel.network import measures
from straitwatch.intel.network.graph import Graph
from straitwatch.intel.network.synthetic import planted_partition


def _timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[Any, float]:
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return result, best


def _labels_from_sets(sets: list[set[int]], n: int) -> np.ndarray:
    labels = np.empty(n, dtype=np.int64)
    for i, members in enumerate(sets):
        labels[list(members)] = i
    return labels


def run(seed: int, n: int, edges: int, mixing: float) -> dict[str, Any]:
    g, truth = planted_partition(n, edges, mixing=mixing, seed=seed)
    g = Graph(g.nodes, g.src, g.dst, g.weight)  # fresh object: our matrix build is timed
    row: dict[str, Any] = {"seed": seed, "nodes": g.n}
    _, row["ours_matrix_s"] = _timed(lambda: Graph(g.nodes, g.src, g.dst, g.weight).adjacency(), 3)
    row["edges"] = g.edge_count()
    labels, row["ours_leiden_s"] = _timed(lambda: measures.communities(g, seed=seed))
    row["ours_nmi"] = measures.normalized_mutual_information(truth, labels)
    row["ours_communities"] = int(labels.max()) + 1
    _, row["ours_degree_s"] = _timed(lambda: measures.degree(g))
    pr, row["ours_pagerank_s"] = _timed(lambda: measures.pagerank(g))

    nxg = nx.Graph()
    nxg.add_nodes_from(range(g.n))
    nxg.add_edges_from(zip(g.src.tolist(), g.dst.tolist(), strict=True))
    sets, row["nx_louvain_s"] = _timed(lambda: nx.community.louvain_communities(nxg, seed=seed), 1)
    row["nx_nmi"] = measures.normalized_mutual_information(truth, _labels_from_sets(sets, g.n))
    prx, row["nx_pagerank_s"] = _timed(lambda: nx.pagerank(nxg), 1)
    row["pagerank_max_abs_diff"] = float(max(abs(pr[i] - prx[i]) for i in range(g.n)))
    try:
        import igraph  # GPL-2: a benchmark peer only (bench extra), never imported by src/
    except ImportError:
        row["igraph_leiden_s"] = row["igraph_nmi"] = None
    else:
        ig = igraph.Graph(n=g.n, edges=list(zip(g.src.tolist(), g.dst.tolist(), strict=True)))
        ig.simplify()
        part, row["igraph_leiden_s"] = _timed(
            lambda: ig.community_leiden(objective_function="modularity", n_iterations=-1)
        )
        row["igraph_nmi"] = measures.normalized_mutual_information(
            truth, np.asarray(part.membership)
        )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--edges", type=int, default=50_000)
    parser.add_argument("--mixing", type=float, default=0.3)
    args = parser.parse_args()
    rows = [run(s, args.nodes, args.edges, args.mixing) for s in args.seeds]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}\n")
    print(
        "| seed | nodes | edges | ours Leiden NMI | s | communities | networkx Louvain NMI | s"
        " | igraph Leiden NMI | s | ours degree s | ours PageRank s | networkx PageRank s |"
    )
    print("|---" * 13 + "|")
    for r in rows:
        ig_nmi = "n/a" if r["igraph_nmi"] is None else f"{r['igraph_nmi']:.3f}"
        ig_s = "n/a" if r["igraph_leiden_s"] is None else f"{r['igraph_leiden_s']:.3f}"
        print(
            f"| {r['seed']} | {r['nodes']} | {r['edges']} | {r['ours_nmi']:.3f}"
            f" | {r['ours_leiden_s']:.3f} | {r['ours_communities']} | {r['nx_nmi']:.3f}"
            f" | {r['nx_louvain_s']:.2f} | {ig_nmi} | {ig_s}"
            f" | {r['ours_degree_s']:.4f} | {r['ours_pagerank_s']:.3f} | {r['nx_pagerank_s']:.2f} |"
        )
    print(f"\nPageRank max |ours - networkx|: {max(r['pagerank_max_abs_diff'] for r in rows):.2e}")


if __name__ == "__main__":
    main()
