# SPDX-License-Identifier: EUPL-1.2
"""Linkage end to end on small fictional development sets, and the clustering rule."""

from __future__ import annotations

from itertools import combinations

import pandas as pd

from straitwatch.intel.linkage.clustering import assign_clusters
from straitwatch.intel.linkage.devset import RECORD_COLUMNS, make_devset
from straitwatch.intel.linkage.engine import link_records
from straitwatch.intel.linkage.model import DEFAULT_THRESHOLD


def _pairs(frame: pd.DataFrame, key: str) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for _, group in frame.groupby(key):
        out.update(combinations(sorted(group["record_id"]), 2))
    return out


def test_devset_is_four_agencies_fictional_and_reproducible() -> None:
    a, b = make_devset(seed=5, n_persons=60), make_devset(seed=5, n_persons=60)
    assert a.equals(b)
    assert set(a["agency"]) == {"UK", "FR", "DE", "NL"}
    assert (a["note"] == "FICTIONAL").all()
    assert a["person_id"].nunique() == 60
    assert list(a.columns[: len(RECORD_COLUMNS)]) == RECORD_COLUMNS


def test_every_record_once_and_links_found() -> None:
    frame = make_devset(seed=11, n_persons=250)
    result = link_records(frame)
    clusters = result.clusters
    assert sorted(clusters["record_id"]) == sorted(frame["record_id"])
    assert clusters["score"].between(0, 1).all()
    truth = _pairs(frame, "person_id")
    merged = clusters.merge(frame[["record_id"]], on="record_id")
    found = _pairs(merged, "cluster_id")
    precision = len(truth & found) / max(1, len(found))
    recall = len(truth & found) / len(truth)
    assert precision > 0.85 and recall > 0.85, (precision, recall)


def test_bad_rows_are_rejected_with_their_reason() -> None:
    frame = make_devset(seed=2, n_persons=20)
    bad = frame.iloc[:3].copy()
    bad.loc[bad.index[0], "date_of_birth"] = "32/13/1990"
    bad.loc[bad.index[1], ["given_name", "family_name"]] = ""
    bad.loc[bad.index[2], "record_id"] = frame["record_id"].iloc[5]
    result = link_records(pd.concat([frame, bad.assign(record_id=bad["record_id"] + "x")]))
    reasons = {r.field for r in result.rejected}
    assert reasons == {"date_of_birth", "given_name"}
    assert len(result.clusters) == len(frame) + 1


def test_clusters_do_not_chain_through_a_shared_neighbour() -> None:
    scored = [("a", "b", 0.99), ("b", "c", 0.95), ("a", "c", 0.001), ("d", "e", 0.4)]
    clusters = assign_clusters(list("abcde"), scored, threshold=0.5, cannot_link=0.05)
    assert clusters["a"] == clusters["b"] != clusters["c"]
    assert clusters["d"] != clusters["e"]


def test_reference_population_makes_common_names_count_for_less() -> None:
    from straitwatch.intel.linkage.reference import full_name_frequency, tf_table

    assert full_name_frequency(["muhamad", "ahmad"]) > full_name_frequency(["muhamad", "zqx"])
    names = pd.Series(["ahmad muhamad", "baxnasi xwan", "baxnasi xwan"])
    tf = tf_table(names).set_index("name_sorted")["tf_name_sorted"]
    assert tf["ahmad muhamad"] > tf["baxnasi xwan"] / 2  # common although seen once here
    assert tf.between(0, 1).all()


def test_twins_with_one_birth_date_and_different_first_names_stay_apart() -> None:
    from straitwatch.intel.linkage.explain import level_labels

    frame = make_devset(seed=11, n_persons=80)
    twin = {"date_of_birth": "14/03/1991", "sex": "M", "nationality": "IRQ", "phone": ""}
    twins = pd.DataFrame(
        [  # fictional twins, one record each, from two agencies
            {"record_id": "UK-T-1", "agency": "UK", "given_name": "Karwan"} | twin,
            {"record_id": "FR-T-2", "agency": "FR", "given_name": "Soran"} | twin,
        ]
    ).assign(family_name="Baxtiyar", place_of_birth="Erbil", person_id=-1, note="FICTIONAL")
    result = link_records(pd.concat([frame, twins], ignore_index=True))
    pairs = result.pairs
    pair = pairs[(pairs["record_id_l"] == "FR-T-2") & (pairs["record_id_r"] == "UK-T-1")]
    assert len(pair) == 1
    assert level_labels()["dob"][int(pair["gamma_dob"].iloc[0])] == "same date, first names differ"
    assert float(pair["match_probability"].iloc[0]) < DEFAULT_THRESHOLD
    cluster = result.clusters.set_index("record_id")["cluster_id"]
    assert cluster["UK-T-1"] != cluster["FR-T-2"]
