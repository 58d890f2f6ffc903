# SPDX-License-Identifier: EUPL-1.2
"""Clustering scored pairs into persons without chaining strangers together.

Connected components over every link above the threshold chains siblings and namesakes:
A~B and B~C put A and C together although A and C are two different people. Here links are
taken strongest first, and two clusters are joined only when no scored pair between them
says they are different people (a match probability below ``cannot_link``). Every record is
in exactly one cluster; a record without links is a cluster of its own.

>>> assign_clusters(["a", "b", "c"], [("a", "b", 0.99), ("b", "c", 0.9), ("a", "c", 0.01)])
{'a': 'a', 'b': 'a', 'c': 'c'}
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = ["assign_clusters"]


def assign_clusters(
    ids: Sequence[str],
    scored: Iterable[tuple[str, str, float]],
    *,
    threshold: float = 0.5,
    cannot_link: float = 0.05,
) -> dict[str, str]:
    """``record id -> cluster id`` (the cluster's smallest record id) for ``scored`` pairs."""
    pairs = list(scored)
    parent = {i: i for i in ids}
    members: dict[str, set[str]] = {i: {i} for i in ids}
    against: dict[str, set[str]] = {i: set() for i in ids}
    for a, b, p in pairs:
        if p < cannot_link:
            against[a].add(b)
            against[b].add(a)

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, p in sorted(pairs, key=lambda t: -t[2]):
        if p < threshold:
            break
        ra, rb = root(a), root(b)
        if ra == rb:
            continue
        small, big = (ra, rb) if len(members[ra]) <= len(members[rb]) else (rb, ra)
        if against[small] & members[big]:
            continue
        parent[small] = big
        members[big] |= members.pop(small)
        against[big] |= against.pop(small)
    out: dict[str, str] = {}
    for r, group in members.items():
        if parent[r] != r:
            continue
        label = min(group)
        for x in group:
            out[x] = label
    return {i: out[i] for i in ids}  # in the order of ``ids``, whatever the sets' order
