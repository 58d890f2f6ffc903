# SPDX-License-Identifier: EUPL-1.2
"""A network as arrays: string node ids, integer edge endpoints, weights.

The analysis works on one undirected, weighted graph held as a symmetric SciPy CSR matrix
(parallel edges summed, self-loops dropped), so every measure is a vectorised pass over
the same arrays whatever the graph came from: an analyst's edge list, or the entity graph
an actor may see.

>>> g = Graph.from_edges([("a", "b", 1.0), ("b", "c", 2.0), ("b", "a", 1.0)])
>>> g.nodes, g.adjacency().toarray().tolist()
(('a', 'b', 'c'), [[0.0, 2.0, 0.0], [2.0, 0.0, 2.0], [0.0, 2.0, 0.0]])
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import sparse

from straitwatch.errors import InvalidInput

__all__ = ["Graph", "read_edge_csv"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: Longest node id accepted from a file: ids are entity ids or names, not documents.
MAX_NODE_ID_CHARS = 512


@dataclass(frozen=True)
class Graph:
    """An undirected weighted graph over string node ids.

    ``src[i]``–``dst[i]`` is edge ``i`` with ``weight[i]``; both are indices into ``nodes``.
    """

    nodes: tuple[str, ...]
    src: IntArray
    dst: IntArray
    weight: FloatArray

    @classmethod
    def from_edges(cls, edges: Iterable[tuple[str, str, float]]) -> Graph:
        """Build from ``(source, target, weight)`` triples; nodes numbered in order seen."""
        index: dict[str, int] = {}
        src: list[int] = []
        dst: list[int] = []
        weight: list[float] = []
        for a, b, w in edges:
            src.append(index.setdefault(a, len(index)))
            dst.append(index.setdefault(b, len(index)))
            weight.append(w)
        return cls(
            nodes=tuple(index),
            src=np.asarray(src, dtype=np.int64),
            dst=np.asarray(dst, dtype=np.int64),
            weight=np.asarray(weight, dtype=np.float64),
        )

    @property
    def n(self) -> int:
        return len(self.nodes)

    @cached_property
    def _csr(self) -> sparse.csr_matrix:
        keep = self.src != self.dst
        s, d, w = self.src[keep], self.dst[keep], self.weight[keep]
        rows = np.concatenate([s, d])
        cols = np.concatenate([d, s])
        data = np.concatenate([w, w])
        m = sparse.csr_matrix((data, (rows, cols)), shape=(self.n, self.n))
        m.sum_duplicates()
        m.sort_indices()
        return m

    def adjacency(self) -> sparse.csr_matrix:
        """The symmetric weighted adjacency matrix (parallel edges summed, no self-loops)."""
        return self._csr

    def edge_count(self) -> int:
        """Distinct undirected edges, after parallel edges are summed and self-loops dropped."""
        return int(self._csr.nnz // 2)


def _weight(raw: str, where: str) -> float:
    try:
        value = float(raw)
    except ValueError as exc:
        raise InvalidInput(f"weight {raw!r} is not a number", where=where) from exc
    if not math.isfinite(value) or value <= 0:
        raise InvalidInput(f"weight {raw!r} must be a finite number above 0", where=where)
    return value


def _node(raw: str | None, column: str, where: str) -> str:
    value = (raw or "").strip()
    if not value:
        raise InvalidInput(f"{column} is empty", where=where)
    if len(value) > MAX_NODE_ID_CHARS or "\x00" in value:
        raise InvalidInput(
            f"{column} must be at most {MAX_NODE_ID_CHARS} characters, without NUL",
            where=where,
        )
    return value


def read_edge_csv(path: Path) -> Graph:
    """Read an edge list: a UTF-8 CSV with a header naming ``source`` and ``target`` (and
    optionally ``weight``; other columns are ignored). A bad row stops the read with an
    error naming its line: an analysis over a silently thinned graph would mislead."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise InvalidInput(f"cannot read: {exc.strerror}", where=str(path)) from exc
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
        except (UnicodeDecodeError, csv.Error) as exc:
            raise InvalidInput(f"not a UTF-8 CSV file: {exc}", where=str(path)) from exc
        missing = [c for c in ("source", "target") if c not in header]
        if missing:
            raise InvalidInput(
                f"the header must name the columns source and target (missing: "
                f"{', '.join(missing)}; found: {', '.join(header) or 'nothing'})",
                where=f"{path}:1",
            )
        has_weight = "weight" in header

        def rows() -> Iterable[tuple[str, str, float]]:
            try:
                for row in reader:
                    where = f"{path}:{reader.line_num}"
                    w = row.get("weight") if has_weight else None
                    yield (
                        _node(row.get("source"), "source", where),
                        _node(row.get("target"), "target", where),
                        _weight(w, where) if w not in (None, "") else 1.0,
                    )
            except (UnicodeDecodeError, csv.Error) as exc:
                raise InvalidInput(
                    f"unreadable CSV: {exc}", where=f"{path}:{reader.line_num}"
                ) from exc

        graph = Graph.from_edges(rows())
    if graph.n == 0:
        raise InvalidInput("no edges: the file has a header but no rows", where=str(path))
    return graph
