# SPDX-License-Identifier: EUPL-1.2
"""Network measures against networkx (the reference) and planted communities."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from straitwatch.errors import InvalidInput
from straitwatch.intel.network import measures
from straitwatch.intel.network.analysis import analyse
from straitwatch.intel.network.graph import Graph, read_edge_csv
from straitwatch.intel.network.synthetic import planted_partition


def _pair(seed: int, n: int = 60, m: int = 150) -> tuple[nx.Graph, Graph, dict[int, int]]:
    ref = nx.gnm_random_graph(n, m, seed=seed)
    for u, v in ref.edges:
        ref[u][v]["weight"] = 1.0 + (u * v) % 4
    g = Graph.from_edges((str(u), str(v), d["weight"]) for u, v, d in ref.edges(data=True))
    index = {int(name): i for i, name in enumerate(g.nodes)}
    ref.remove_nodes_from([v for v in list(ref) if v not in index])
    return ref, g, index


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(5, 40), st.integers(4, 120))
def test_exact_measures_equal_networkx(seed: int, n: int, m: int) -> None:
    ref, g, index = _pair(seed, n, min(m, n * (n - 1) // 2))
    if g.n == 0:
        return
    between = measures.betweenness(g)
    expected = nx.betweenness_centrality(ref)
    assert all(between[index[v]] == pytest.approx(expected[v], abs=1e-12) for v in ref)
    rank = measures.pagerank(g, tol=1e-10, max_iter=1000)
    expected_rank = nx.pagerank(ref, tol=1e-10, max_iter=1000)
    assert all(rank[index[v]] == pytest.approx(expected_rank[v], abs=1e-7) for v in ref)
    cores = measures.core_numbers(g)
    assert all(cores[index[v]] == c for v, c in nx.core_number(ref).items())
    assert [measures.degree(g)[index[v]] for v in ref] == [ref.degree(v) for v in ref]


def test_sampled_betweenness_ranks_like_exact() -> None:
    _, g, _ = _pair(3, 400, 1200)
    exact = measures.betweenness(g)
    sampled = measures.betweenness(g, samples=150, seed=1)
    assert np.corrcoef(exact, sampled)[0, 1] > 0.9
    assert set(np.argsort(-sampled)[:10]) & set(np.argsort(-exact)[:10])


def test_leiden_recovers_planted_communities_deterministically() -> None:
    g, truth = planted_partition(2000, 10_000, mixing=0.3, seed=4)
    first = measures.communities(g, seed=1)
    assert measures.normalized_mutual_information(truth, first) > 0.9
    assert np.array_equal(first, measures.communities(g, seed=1))
    shuffled = np.random.default_rng(0).permutation(truth)
    assert measures.normalized_mutual_information(truth, shuffled) < 0.3


def test_participation_is_zero_inside_and_high_for_a_broker() -> None:
    edges = [(f"a{i}", f"a{j}", 1.0) for i in range(5) for j in range(i + 1, 5)]
    edges += [(f"b{i}", f"b{j}", 1.0) for i in range(5) for j in range(i + 1, 5)]
    edges += [("x", "a0", 1.0), ("x", "b0", 1.0)]
    result = analyse(Graph.from_edges(edges))
    index = {name: i for i, name in enumerate(result.graph.nodes)}
    assert result.values["participation"][index["a3"]] == 0.0
    key = result.key_nodes(3)
    assert {k.node for k in key} & {"x", "a0", "b0"}
    assert any(r["code"] == "brokerage" for k in key for r in k.reasons)


def test_edge_csv_errors_name_the_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "edges.csv"
    bad.write_text("source,target,weight\na,b,1\nc,,2\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"edges.csv:3: target is empty"):
        read_edge_csv(bad)
    bad.write_text("source,target,weight\na,b,inf\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="finite"):
        read_edge_csv(bad)
    bad.write_text("from,to\na,b\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="source and target"):
        read_edge_csv(bad)
    bad.write_bytes(b"source,target\n\xff\xfe,b\n")
    with pytest.raises(InvalidInput, match="UTF-8|unreadable"):
        read_edge_csv(bad)


def test_an_empty_network_analyses_to_nothing() -> None:
    result = analyse(Graph.from_edges([]))
    payload = result.as_dict(5)
    assert payload["nodes"] == 0 and payload["communities"]["count"] == 0
    assert payload["key_nodes"] == [] and all(v == [] for v in payload["top"].values())
