# SPDX-License-Identifier: EUPL-1.2
"""Estimating the model's m probabilities from labelled development sets.

The m probability of a comparison level is the share of true pairs (two records of one
person) that fall in it. Splink counts them from a label column
(``estimate_m_from_label_column``): here the ``person_id`` of fictional development sets
generated with *training* seeds (:data:`TRAINING_SEEDS`), kept apart from the seeds the
benchmark evaluates on, so the model never sees its test sets. A level that no true pair of
the training sets reached still gets a small m by additive smoothing (:data:`PSEUDO_PAIRS`
per level), so that no single field can veto a link outright (a sex or a date typed wrong is
rare, not impossible). The optional features (:data:`~.model.OPTIONAL_FEATURES`), absent from
the development sets, keep their declared values.

    .venv/bin/python -m straitwatch.intel.linkage.training   # rewrites data/m_probabilities.json
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from straitwatch.intel.linkage.devset import make_devset
from straitwatch.intel.linkage.model import COMPARISONS, settings
from straitwatch.intel.linkage.prepare import prepare

__all__ = ["PSEUDO_PAIRS", "TRAINING_SEEDS", "estimate_m", "main"]

TRAINING_SEEDS = (101, 102, 103)
"""Development-set seeds the m probabilities are estimated on (the benchmark uses 1-5)."""
PSEUDO_PAIRS = 20.0
"""Additive smoothing: true pairs credited to every level before counting. The development
sets have no typing errors in dates, sex or nationality, so a level no true pair reached
would otherwise get m ~ 1e-5 and veto every link (FEBRL4, which has such errors, lost recall
with 1 pseudo-pair: F1 0.994); 20 of ~15,000 true pairs gives such a level m ~ 1e-3."""

_FILE = Path(__file__).resolve().parent / "data" / "m_probabilities.json"


def _labelled(seeds: Iterable[int], n_persons: int) -> pd.DataFrame:
    frames = []
    for seed in seeds:
        records = make_devset(seed=seed, n_persons=n_persons)
        table, _ = prepare(records)
        label = records[["record_id", "person_id"]].rename(columns={"record_id": "unique_id"})
        table = table.merge(label, on="unique_id")
        table["person_id"] = f"{seed}-" + table["person_id"].astype(str)
        frames.append(table)
    return pd.concat(frames, ignore_index=True)


def _true_pairs(table: pd.DataFrame, field: str) -> int:
    """True pairs where ``field``'s feature is known on both sides."""
    known = table[table[field].notna()] if field in table else table.iloc[0:0]
    sizes = known.groupby("person_id").size()
    return int((sizes * (sizes - 1) // 2).sum())


def estimate_m(
    seeds: Iterable[int] = TRAINING_SEEDS, *, n_persons: int = 3000
) -> dict[str, dict[str, float]]:
    """``field -> level label -> m`` estimated on the development sets of ``seeds``."""
    from splink import DuckDBAPI, Linker  # heavy; only training and linkage need it

    table = _labelled(seeds, n_persons)
    core = tuple(c for c in COMPARISONS if not c.optional)
    linker = Linker(DuckDBAPI().register(table), settings(with_m=False), log_level=logging.WARNING)
    linker.training.estimate_m_from_label_column("person_id")
    model: dict[str, Any] = linker.misc.save_model_to_json()
    raw = {
        str(c["output_column_name"]): {
            str(lv["label_for_charts"]): float(lv.get("m_probability") or 0.0)
            for lv in c["comparison_levels"]
            if not lv.get("is_null_level")
        }
        for c in model["comparisons"]
    }
    out: dict[str, dict[str, float]] = {}
    for comp in core:
        n = _true_pairs(table, comp.null_on)
        k = len(comp.levels)
        out[comp.field] = {
            label: round((raw[comp.field][label] * n + PSEUDO_PAIRS) / (n + PSEUDO_PAIRS * k), 6)
            for label, _ in comp.levels
        }
    # the stored file, unvalidated: it may still hold the levels of a previous table
    declared: dict[str, dict[str, float]] = json.loads(_FILE.read_text())["m"]
    out.update({c.field: declared[c.field] for c in COMPARISONS if c.optional})
    return out


def main() -> None:
    m = estimate_m()
    source = (
        f"estimated by straitwatch.intel.linkage.training on development-set seeds"
        f" {list(TRAINING_SEEDS)} (Splink estimate_m_from_label_column, +{PSEUDO_PAIRS:g}"
        " pseudo-pair per level); optional features (id_number, address_key, postcode) declared"
    )
    _FILE.write_text(json.dumps({"_source": source, "m": m}, indent=1) + "\n")


if __name__ == "__main__":
    main()
