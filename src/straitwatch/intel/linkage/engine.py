# SPDX-License-Identifier: EUPL-1.2
"""Record linkage of person records across agencies: Splink (DuckDB) scoring, our clustering.

:func:`link_records` prepares the records (:mod:`.prepare`), lets Splink generate candidate
pairs by the model's blocking rules and score them with the model's comparisons
(:mod:`.model`; m probabilities declared there, u probabilities estimated by random sampling
on the input, the prior from a deterministic rule), then clusters the scored pairs
(:mod:`.clustering`). Every scored pair keeps its per-field comparison levels and match
weights, the evidence the explanation waterfall is drawn from.

>>> from straitwatch.intel.linkage.devset import make_devset
>>> result = link_records(make_devset(seed=3, n_persons=40))
>>> set(result.clusters.columns) >= {"record_id", "cluster_id", "score"}
True
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from straitwatch.intel.linkage.clustering import assign_clusters
from straitwatch.intel.linkage.model import DEFAULT_THRESHOLD, OPTIONAL_FEATURES, settings
from straitwatch.intel.linkage.prepare import Rejection, prepare
from straitwatch.intel.linkage.reference import tf_table

__all__ = ["CANNOT_LINK", "U_SAMPLE_PAIRS", "LinkResult", "link_records"]

CANNOT_LINK = 0.1
"""Two clusters are never joined when a pair between them scores below this probability."""

U_SAMPLE_PAIRS = 1e5
"""Random record pairs sampled to estimate the u probabilities (enough for every level: the
rarest, "same date", still gets a few dozen coincidences; more costs time, not accuracy)."""

Progress = Callable[[str], None]


@dataclass(frozen=True)
class LinkResult:
    """Clusters (one row per accepted record), the scored pairs, and the rejected records."""

    clusters: pd.DataFrame  # record_id, cluster_id, score
    pairs: pd.DataFrame  # record_id_l, record_id_r, match_probability, match_weight, gamma_*, mw_*
    rejected: list[Rejection]


def _score_pairs(table: pd.DataFrame, seed: int) -> pd.DataFrame:
    # Splink is imported here: it is heavy and only linkage needs it.
    from splink import DuckDBAPI, Linker

    db = DuckDBAPI()
    optional = tuple(c for c in OPTIONAL_FEATURES if table[c].notna().any())
    linker = Linker(db.register(table), settings(optional), log_level=logging.WARNING)
    # how common a full name is: from the case data and from the reference population
    tf = db.register(tf_table(table["name_sorted"]))
    linker.table_management.register_term_frequency_lookup(tf, "name_sorted")
    linker.training.estimate_probability_two_random_records_match(
        ["l.name_sorted = r.name_sorted AND l.dob_full = r.dob_full"], recall=0.5
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=seed)
    predicted = linker.inference.predict(warning_mode="never")
    frame: pd.DataFrame = predicted.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    return frame.rename(columns={"unique_id_l": "record_id_l", "unique_id_r": "record_id_r"})


def _cluster_frame(ids: list[str], pairs: pd.DataFrame, threshold: float) -> pd.DataFrame:
    triples = list(
        zip(pairs["record_id_l"], pairs["record_id_r"], pairs["match_probability"], strict=True)
    )
    cluster_of = assign_clusters(ids, triples, threshold=threshold, cannot_link=CANNOT_LINK)
    best_in: dict[str, float] = {}
    best_any: dict[str, float] = {}
    for a, b, p in triples:
        for x in (a, b):
            best_any[x] = max(best_any.get(x, 0.0), p)
        if cluster_of[a] == cluster_of[b]:
            for x in (a, b):
                best_in[x] = max(best_in.get(x, 0.0), p)
    # score: the strongest link holding the record in its cluster; for a record alone, how
    # sure we are that it is alone (1 - its strongest link to anyone).
    scores = [best_in[i] if i in best_in else 1.0 - best_any.get(i, 0.0) for i in ids]
    return pd.DataFrame(
        {"record_id": ids, "cluster_id": [cluster_of[i] for i in ids], "score": scores}
    )


def link_records(
    records: pd.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    seed: int = 1,
    progress: Progress | None = None,
) -> LinkResult:
    """Link ``records`` (columns as :data:`~.prepare.INPUT_COLUMNS`) into persons."""
    say = progress or (lambda _msg: None)
    say("prepare")
    table, rejected = prepare(records)
    ids = [str(i) for i in table["unique_id"]]
    if len(table) < 2:
        empty = pd.DataFrame(columns=["record_id_l", "record_id_r", "match_probability"])
        return LinkResult(_cluster_frame(ids, empty, threshold), empty, rejected)
    say("score")
    pairs = _score_pairs(table, seed)
    say("cluster")
    return LinkResult(_cluster_frame(ids, pairs, threshold), pairs, rejected)
