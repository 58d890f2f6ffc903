# SPDX-License-Identifier: EUPL-1.2
"""Name frequencies from a reference population, for the term-frequency adjustment.

How telling "same name" is depends on how common the name is. Counting only the case data
misleads on small files (every name is rare among forty records), so the frequency of a full
name is also estimated from a reference population: the product of its parts' frequencies
(``data/reference_name_keys.csv``: name key, share of persons), which acts as a prior on
the case counts (:data:`PRIOR_PERSONS`). The shipped table was counted, with
:func:`count_reference`, over 30,000 fictional persons from :mod:`.people` (seed 0, apart
from every development and test set, one record each): replace it with counts from a real
population of records where one is available.

>>> round(full_name_frequency(["muhamad", "zzzunknown"]), 8) > 0
True
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources

import pandas as pd

__all__ = [
    "PRIOR_PERSONS",
    "count_reference",
    "full_name_frequency",
    "reference_frequencies",
    "tf_table",
]

_UNSEEN = 1e-5  # a part the reference never saw: about one person in 100,000
PRIOR_PERSONS = 1000.0
"""Weight of the reference population against the case data, in records: a file of forty
records is read mostly by the reference, one of 50,000 mostly by its own counts."""


@cache
def reference_frequencies() -> dict[str, float]:
    """``name key -> share of reference persons whose name has it``."""
    path = resources.files("straitwatch.intel.linkage").joinpath("data/reference_name_keys.csv")
    with path.open(encoding="utf-8") as fh:
        return {row["key"]: float(row["share"]) for row in csv.DictReader(fh)}


def full_name_frequency(keys: Sequence[str]) -> float:
    """Estimated share of persons bearing all of ``keys`` (parts taken as independent)."""
    ref = reference_frequencies()
    out = 1.0
    for key in set(keys):
        out *= ref.get(key, _UNSEEN)
    return out


def tf_table(name_sorted: pd.Series, *, prior_persons: float = PRIOR_PERSONS) -> pd.DataFrame:
    """Splink's term-frequency lookup for ``name_sorted``: the case counts with the
    reference population as a prior worth ``prior_persons`` records."""
    counts = name_sorted.dropna().value_counts()
    total = int(counts.sum())
    rows = [
        {
            "name_sorted": name,
            "tf_name_sorted": (n + prior_persons * full_name_frequency(str(name).split()))
            / (total + prior_persons),
        }
        for name, n in counts.items()
    ]
    return pd.DataFrame(rows, columns=["name_sorted", "tf_name_sorted"])


def count_reference(names: Iterable[Sequence[str]]) -> dict[str, float]:
    """Share of persons per name key, from each person's name keys."""
    counter: Counter[str] = Counter()
    n = 0
    for keys in names:
        counter.update(set(keys))
        n += 1
    return {k: c / max(1, n) for k, c in counter.most_common()}
