# SPDX-License-Identifier: EUPL-1.2
"""Network analysis of the smuggling organisations: the graph as arrays
(:mod:`~.graph`), vectorised measures (:mod:`~.measures`: PageRank, betweenness, k-cores,
Leiden communities, participation) and one analysis with key nodes and timings
(:mod:`~.analysis`). Submodules are imported where used: nothing is loaded here.
"""

__all__ = ["analysis", "graph", "measures"]
