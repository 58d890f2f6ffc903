# SPDX-License-Identifier: EUPL-1.2
"""Scoring two person names alone, 0 to 1, across romanisations, orders and patronymics.

Both names become romanisation-independent keys (:func:`~.names.name_tokens`); each part of
the shorter name is aligned with its best partner in the longer one (Jaro-Winkler on the keys,
``rapidfuzz``), the similarities averaged by part length; parts of the longer name left over
(a patronymic, a grandfather's name) cost a little, never as much as a part that disagrees.
Order does not matter, so "Ali Hassan" and "Hassan Ali" score alike: a name alone is never
enough to say two records are one person (:mod:`.engine` weighs dates and the rest).

>>> score_names("Shwan Bakhnezi", "BACHNESI, Schwan") >= MATCH_THRESHOLD
True
>>> score_names("Shwan Bakhnezi", "Karwan Bakhnezi") < MATCH_THRESHOLD
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler

from straitwatch.intel.linkage.names import name_tokens

__all__ = ["MATCH_THRESHOLD", "score_names", "score_pairs"]

MATCH_THRESHOLD = 0.85
"""Scores at or above this are a name match (fixed here, never tuned per file)."""

_LEFTOVER_COST = 0.06  # per unaligned part of the longer name
_PART_FLOOR = 0.85  # a part aligned below this similarity counts as disagreeing


@lru_cache(maxsize=500_000)
def _keys(name: str) -> tuple[str, ...]:
    return tuple(name_tokens(name))


def _align(short: tuple[str, ...], long: tuple[str, ...]) -> float:
    total = 0.0
    weight = 0.0
    used: set[int] = set()
    for part in short:
        best, best_j = 0.0, -1
        for j, other in enumerate(long):
            if j in used:
                continue
            sim = 1.0 if part == other else JaroWinkler.normalized_similarity(part, other)
            if sim > best:
                best, best_j = sim, j
        if best_j >= 0:
            used.add(best_j)
        if best < _PART_FLOOR:
            best *= 0.5  # a disagreeing part pulls hard: Hasan is not Husayn
        w = float(len(part))
        total += best * w
        weight += w
    return total / weight if weight else 0.0


def score_names(a: str, b: str) -> float:
    """Similarity of two names, 0 (nothing alike) to 1 (same name parts)."""
    ka, kb = _keys(a), _keys(b)
    if not ka or not kb:
        return 0.0
    if ka == kb or sorted(ka) == sorted(kb):
        return 1.0
    short, long = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    leftover = len(long) - len(short)
    aligned = _align(short, long)
    if leftover == 0:  # equal lengths: align both ways, so that the score is symmetric
        aligned = max(aligned, _align(long, short))
    score = aligned - _LEFTOVER_COST * leftover
    if len(short) == 1 and len(long) > 1:
        score -= 0.15  # one part in common says little
    return max(0.0, min(1.0, score))


def score_pairs(pairs: Iterable[tuple[str, str]]) -> Iterator[tuple[float, bool]]:
    """``(score, match)`` for each name pair, ``match`` at :data:`MATCH_THRESHOLD`."""
    for a, b in pairs:
        s = score_names(a, b)
        yield s, s >= MATCH_THRESHOLD
