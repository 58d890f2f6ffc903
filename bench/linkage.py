# SPDX-License-Identifier: EUPL-1.2
"""Record linkage and name scoring against their peers, in one run.

1. Four-agency fictional development sets (``straitwatch.intel.linkage.devset``, several
   seeds, ~6,500 records / 3,000 persons each): straitwatch's ``link_records`` against
   Splink's standard person model (Jaro-Winkler names with term frequencies, exact dates,
   blocking on names and on dates; prior from a deterministic rule, u by random sampling, m
   by EM; clusters by connected components at 0.5) on the same records, names lower-cased
   and dates made ISO as a Splink user would. Pairwise precision/recall/F1 of the clusters
   against the truth, wall time of the whole process (preparation included).
2. FEBRL4 (``bench/data/febrl4``, 5,000 + 5,000 records): straitwatch (names, date, the
   social-security number as ``id_number``, street number + street as ``address``,
   postcode) against Splink's published FEBRL4 settings (its docs' detailed model),
   pairwise F1 at 0.5 and wall time.
3. Name pairs from the development sets (positives: two records of one person; negatives:
   two persons sharing a name part): straitwatch's scorer at its fixed threshold against
   OpenSanctions' logic-v2 (nomenklatura) at 0.7, F1 and pairs per second on one core.

    .venv/bin/python bench/linkage.py [--seeds 1 2 3 4 5] [--skip-febrl] [--skip-names]
    .venv/bin/python bench/linkage.py --scale 5000 20000  # large sets: time, peak memory, fit
"""

from __future__ import annotations

import argparse
import logging
import random
import re
import time
from itertools import combinations
from pathlib import Path
from typing import Any

import pandas as pd

from straitwatch.intel.linkage.devset import make_devset
from straitwatch.intel.linkage.engine import link_records
from straitwatch.intel.linkage.names import name_tokens
from straitwatch.intel.linkage.namescore import MATCH_THRESHOLD, score_names

FEBRL = Path(__file__).resolve().parent / "data" / "febrl4"
Pair = tuple[str, str]


def prf(truth: set[Pair], found: set[Pair]) -> dict[str, float]:
    tp = len(truth & found)
    p = tp / max(1, len(found))
    r = tp / max(1, len(truth))
    return {"f1": 2 * p * r / max(1e-12, p + r), "precision": p, "recall": r}


def cluster_pairs(ids: pd.Series, clusters: pd.Series) -> set[Pair]:
    out: set[Pair] = set()
    for _, group in pd.DataFrame({"i": ids, "c": clusters}).groupby("c"):
        out.update(combinations(sorted(group["i"]), 2))
    return out


# ---- Splink's standard person model (the peer) ------------------------------------------


def _iso(text: str) -> str | None:
    m = re.match(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$", text.strip())
    return f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}" if m else None


def peer_person(frame: pd.DataFrame) -> pd.DataFrame:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    df = pd.DataFrame(
        {
            "unique_id": frame["record_id"],
            "first_name": frame["given_name"].str.lower().replace("", None),
            "surname": frame["family_name"].str.lower().replace("", None),
            "dob": [_iso(t) for t in frame["date_of_birth"]],
        }
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("first_name", [0.9, 0.8]).configure(
                term_frequency_adjustments=True
            ),
            cl.JaroWinklerAtThresholds("surname", [0.9, 0.8]).configure(
                term_frequency_adjustments=True
            ),
            cl.ExactMatch("dob"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("dob"),
        ],
    )
    linker = Linker(DuckDBAPI().register(df), settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname")
    )
    pred = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, 0.5)
    out: pd.DataFrame = clusters.as_pandas_dataframe()
    return out


def bench_devsets(seeds: list[int]) -> list[dict[str, Any]]:
    rows = []
    for seed in seeds:
        frame = make_devset(seed)
        truth = cluster_pairs(frame["record_id"], frame["person_id"])
        t0 = time.perf_counter()
        ours = link_records(frame)
        t_ours = time.perf_counter() - t0
        t0 = time.perf_counter()
        peer = peer_person(frame)
        t_peer = time.perf_counter() - t0
        rows.append(
            {
                "seed": seed,
                "records": len(frame),
                "persons": frame["person_id"].nunique(),
                "ours": prf(truth, cluster_pairs(ours.clusters.record_id, ours.clusters.cluster_id))
                | {"seconds": t_ours},
                "peer": prf(truth, cluster_pairs(peer.unique_id, peer.cluster_id))
                | {"seconds": t_peer},
            }
        )
        print(rows[-1], flush=True)
    return rows


# ---- FEBRL4 -------------------------------------------------------------------------------


def _febrl() -> tuple[pd.DataFrame, pd.DataFrame]:
    def read(name: str) -> pd.DataFrame:
        df = pd.read_csv(FEBRL / name, dtype=str, keep_default_na=False, skipinitialspace=True)
        df.columns = [c.strip() for c in df.columns]
        return df

    return read("dataset4a.csv"), read("dataset4b.csv")


def _febrl_truth(a: pd.DataFrame, b: pd.DataFrame) -> set[Pair]:
    key = lambda rid: rid.split("-")[1]  # noqa: E731
    by_key = {key(r): r for r in a["rec_id"]}
    return {tuple(sorted((by_key[key(r)], r))) for r in b["rec_id"] if key(r) in by_key}  # type: ignore[misc]


def ours_febrl(a: pd.DataFrame, b: pd.DataFrame) -> set[Pair]:
    both = pd.concat([a.assign(agency="A"), b.assign(agency="B")], ignore_index=True)
    records = pd.DataFrame(
        {
            "record_id": both["rec_id"],
            "agency": both["agency"],
            "given_name": both["given_name"],
            "family_name": both["surname"],
            "date_of_birth": both["date_of_birth"].where(
                both["date_of_birth"].str.fullmatch(r"(19|20)\d{2}(0[1-9]|1[0-2])\d{2}"), ""
            ),
            "id_number": both["soc_sec_id"],
            "address": both["street_number"] + " " + both["address_1"],
            "postcode": both["postcode"],
        }
    )
    result = link_records(records)
    return cluster_pairs(result.clusters.record_id, result.clusters.cluster_id)


def peer_febrl(a: pd.DataFrame, b: pd.DataFrame) -> set[Pair]:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    blocking = [
        block_on("given_name", "surname"),
        "l.given_name = r.surname and l.surname = r.given_name",
        block_on("date_of_birth"),
        block_on("soc_sec_id"),
        block_on("state", "address_1"),
        block_on("street_number", "address_1"),
        block_on("postcode"),
    ]
    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="link_only",
        blocking_rules_to_generate_predictions=blocking,
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "date_of_birth",
                input_is_string=True,
                datetime_format="%Y%m%d",
                invalid_dates_as_null=True,
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                term_frequency_adjustments=True
            ),
        ],
        retain_intermediate_calculation_columns=True,
    )
    db = DuckDBAPI()
    frames = [db.register(d.replace("", None)) for d in (a, b)]
    linker = Linker(frames, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("date_of_birth"), estimate_without_term_frequencies=True
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("postcode"), estimate_without_term_frequencies=True
    )
    pred = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    return {tuple(sorted(p)) for p in zip(pred.rec_id_l, pred.rec_id_r, strict=True)}  # type: ignore[misc]


def bench_febrl() -> dict[str, Any]:
    a, b = _febrl()
    truth = _febrl_truth(a, b)
    t0 = time.perf_counter()
    ours = ours_febrl(a, b)
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    peer = peer_febrl(a, b)
    t_peer = time.perf_counter() - t0
    row = {
        "ours": prf(truth, ours) | {"seconds": t_ours},
        "peer": prf(truth, peer) | {"seconds": t_peer},
    }
    print("febrl4", row, flush=True)
    return row


# ---- name pairs ---------------------------------------------------------------------------


def name_pairs(seed: int) -> list[tuple[str, str, bool]]:
    frame = make_devset(seed)
    rng = random.Random(seed)
    full = (frame["given_name"] + " " + frame["family_name"]).tolist()
    pos = []
    for _, group in frame.assign(full=full).groupby("person_id"):
        names = group["full"].tolist()
        pos += [(names[i], names[i + 1], True) for i in range(len(names) - 1)]
    by_key: dict[str, list[tuple[str, int]]] = {}
    for name, pid in zip(full, frame["person_id"], strict=True):
        for k in name_tokens(name):
            by_key.setdefault(k, []).append((name, pid))
    keys = [k for k, v in by_key.items() if len(v) > 1]
    neg: list[tuple[str, str, bool]] = []
    while len(neg) < len(pos):
        x, y = rng.sample(by_key[rng.choice(keys)], 2)
        if x[1] != y[1]:
            neg.append((x[0], y[0], False))
    return pos + neg


def _logic_v2() -> Any:
    from followthemoney import model
    from nomenklatura.matching import get_algorithm
    from nomenklatura.matching.types import ScoringConfig

    algo = get_algorithm("logic-v2")
    config = ScoringConfig.defaults()

    def score(a: str, b: str) -> float:
        left = model.make_entity("Person")
        left.id = "a"
        left.add("name", a)
        right = model.make_entity("Person")
        right.id = "b"
        right.add("name", b)
        return float(algo.compare(left, right, config).score)  # type: ignore[union-attr]

    return score


def bench_names(seeds: list[int]) -> list[dict[str, Any]]:
    rows = []
    logic_v2 = _logic_v2()
    from straitwatch.intel.linkage import names, namescore

    for seed in seeds:
        pairs = name_pairs(seed)
        for cached in (names.name_tokens, names.skeleton, namescore._keys):
            cached.cache_clear()  # timed from cold: every name parsed inside the timing
        truth = {(a, b) for a, b, label in pairs if label}
        t0 = time.process_time()  # CPU time of this one process: pairs per second per core
        ours = {(a, b) for a, b, _ in pairs if score_names(a, b) >= MATCH_THRESHOLD}
        t_ours = time.process_time() - t0
        sample = pairs[:: max(1, len(pairs) // 2000)]  # logic-v2 is slow: a fixed sample
        t0 = time.process_time()
        peer = {(a, b) for a, b, _ in sample if logic_v2(a, b) >= 0.7}
        t_peer = time.process_time() - t0
        truth_sample = {(a, b) for a, b, label in sample if label}
        ours_sample = {(a, b) for a, b, _ in sample if (a, b) in ours}
        rows.append(
            {
                "seed": seed,
                "pairs": len(pairs),
                "ours": prf(truth, ours) | {"pairs_per_s": len(pairs) / t_ours},
                "ours_on_sample": prf(truth_sample, ours_sample),
                "logic_v2_on_sample": prf(truth_sample, peer)
                | {"pairs_per_s": len(sample) / t_peer, "sample": len(sample)},
            }
        )
        print(rows[-1], flush=True)
    return rows


def bench_scale(n_persons: int) -> dict[str, Any]:
    """One large generated set: wall and CPU time, peak memory (max RSS of this process)."""
    import resource

    frame = make_devset(seed=100, n_persons=n_persons)
    t0, c0 = time.perf_counter(), time.process_time()
    result = link_records(frame)
    row = {
        "records": len(frame),
        "persons": n_persons,
        "seconds": time.perf_counter() - t0,
        "cpu_seconds": time.process_time() - c0,
        "scored_pairs": len(result.pairs),
        "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print("scale", row, flush=True)
    return row


def bench_scales(sizes: list[int], target_records: int = 1_000_000) -> None:
    """Each size in a fresh process (its own peak memory); then a power law fitted to the
    two largest sizes (time, pairs, memory against records) extrapolated to 1 M records."""
    import math
    from concurrent.futures import ProcessPoolExecutor

    rows = []
    for n in sorted(sizes):
        with ProcessPoolExecutor(max_workers=1, max_tasks_per_child=1) as pool:
            rows.append(pool.submit(bench_scale, n).result())
    if len(rows) < 2:
        return
    a, b = rows[-2], rows[-1]
    ratio = math.log(target_records / b["records"])
    fits = {}
    for key in ("scored_pairs", "max_rss_mib"):
        k = math.log(b[key] / a[key]) / math.log(b["records"] / a["records"])
        fits[key] = b[key] * math.exp(k * ratio)
        print(f"fit {key} ~ records^{k:.2f}: {fits[key]:,.0f} at {target_records:,} records")
    # the time of a large run is the pairs' (the small run's is mostly fixed costs)
    seconds = b["seconds"] * fits["scored_pairs"] / b["scored_pairs"]
    print(f"fit seconds ~ scored pairs: {seconds:,.0f} at {target_records:,} records")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--skip-febrl", action="store_true")
    parser.add_argument("--skip-names", action="store_true")
    parser.add_argument(
        "--scale",
        type=int,
        nargs="*",
        default=[],
        help="Only sets of these many persons (each in a fresh process), and the fit to 1 M.",
    )
    args = parser.parse_args()
    import splink  # noqa: F401  (imported once before any timing, for ours and the peer alike)

    if args.scale:
        bench_scales(args.scale)
        return
    bench_devsets(args.seeds)
    if not args.skip_febrl:
        bench_febrl()
    if not args.skip_names:
        bench_names(args.seeds[:2])


if __name__ == "__main__":
    main()
