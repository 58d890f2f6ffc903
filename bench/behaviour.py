# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: the behaviour rules (issue 16).

``scale``: AIS gap and encounter detection over N generated positions (default 10 M:
5,000 vessels reporting every minute for 33 h, 1 % of them silent for 7 h, pairs drifting
together), fed to the rules as time-ordered chunks of 1 M rows, against the usual pandas
way (sort, groupby-diff for gaps; a SciPy KD-tree per 10-minute bin for close pairs) on
the same positions in the same process. CPU time of the detection only (generation is not
timed, nor the once-per-process loading of the zones and the coast grid). Memory: peak
RSS of the process, and the rules' own peak allocation traced by tracemalloc (a second
pass), at 2 M and 10 M in separate processes: it does not grow with N.

``day``: the simulated behaviour day (``straitwatch.sim.behaviour_day``), each preset,
with injected events and merchant-only: injected found, secondary, false.

    .venv/bin/python bench/behaviour.py                 # both (~4 min on 2 busy cores)
    .venv/bin/python bench/behaviour.py scale --positions 2000000
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date

import numpy as np

from straitwatch.behaviour import Positions, preset
from straitwatch.behaviour.context import Context
from straitwatch.behaviour.encounters import Encounters
from straitwatch.behaviour.gaps import Gaps
from straitwatch.geo.projection import KNOT_MPS

VESSELS = 5000
EVERY_S = 60.0
CHUNK_STEPS = 200  # 200 time steps x 5,000 vessels = 1 M rows per chunk
T0 = 1_660_000_000.0


def generated(total: int, seed: int = 7) -> Iterator[Positions]:
    """Time-ordered chunks: vessels wandering at 0-15 kn over the western approaches;
    vessel 2k+1 stays 150 m from vessel 2k, slow, for 3 h every 10 h (one in ten pairs);
    one vessel in a hundred is silent from hour 10 to hour 17."""
    rng = np.random.default_rng(seed)
    steps = total // VESSELS
    x = rng.uniform(-450_000, -250_000, VESSELS)
    y = rng.uniform(-250_000, -50_000, VESSELS)
    heading = rng.uniform(0, 2 * np.pi, VESSELS)
    speed = rng.uniform(0, 15, VESSELS)
    vessel = 235_000_000 + np.arange(VESSELS, dtype=np.int64)
    silent = np.zeros(VESSELS, bool)
    silent[::100] = True
    paired = np.zeros(VESSELS, bool)
    paired[1::20] = True
    for s0 in range(0, steps, CHUNK_STEPS):
        n = min(CHUNK_STEPS, steps - s0)
        ts, xs, ys, ss, vs = [], [], [], [], []
        for k in range(s0, s0 + n):
            t = T0 + k * EVERY_S
            hour = k * EVERY_S / 3600.0
            heading += rng.normal(0, 0.05, VESSELS)
            slow = (hour % 10) < 3
            v_kn = np.where(paired | np.roll(paired, -1), 1.0 if slow else speed, speed)
            x += np.sin(heading) * v_kn * KNOT_MPS * EVERY_S
            y += np.cos(heading) * v_kn * KNOT_MPS * EVERY_S
            px, py = x.copy(), y.copy()
            if slow:
                px[paired] = x[np.flatnonzero(paired) - 1] + 150.0
                py[paired] = y[np.flatnonzero(paired) - 1]
            keep = ~(silent & (10 <= hour < 17))
            ts.append(np.full(int(keep.sum()), t))
            xs.append(px[keep])
            ys.append(py[keep])
            ss.append(np.where(slow & (paired | np.roll(paired, -1)), 1.0, speed)[keep])
            vs.append(vessel[keep])
        yield Positions(
            np.concatenate(vs),
            np.concatenate(ts),
            np.concatenate(xs),
            np.concatenate(ys),
            np.concatenate(ss),
        )


def _ours(chunks: list[Positions]) -> tuple[float, int, int]:
    ctx = Context(preset("gfw"))
    gaps, encounters = Gaps(ctx), Encounters(ctx)
    n_gaps = n_enc = 0
    start = time.process_time()
    for chunk in chunks:
        p = chunk.sorted()  # chunks arrive in time order: sorting is part of the work
        n_gaps += len(gaps.step(p))
        n_enc += len(encounters.step(p))
    n_enc += len(encounters.flush())
    return time.process_time() - start, n_gaps, n_enc


def _pandas_peer(chunks: list[Positions]) -> tuple[float, int, int]:
    import pandas as pd
    from scipy.spatial import cKDTree

    rule = preset("gfw")
    start = time.process_time()
    df = pd.DataFrame(
        {
            "vessel": np.concatenate([c.vessel for c in chunks]),
            "t": np.concatenate([c.t_s for c in chunks]),
            "x": np.concatenate([c.x_m for c in chunks]),
            "y": np.concatenate([c.y_m for c in chunks]),
        }
    )
    df = df.sort_values(["vessel", "t"], kind="stable")
    dt = df.groupby("vessel", sort=False)["t"].diff()
    n_gaps = int((dt >= rule.ais_gap.min_gap_s).sum())
    df["bin"] = (df["t"] // rule.encounter.bin_s).astype("int64")
    means = df.groupby(["bin", "vessel"], sort=True)[["x", "y"]].mean().reset_index()
    pairs = []
    for b, group in means.groupby("bin", sort=True):
        found = cKDTree(group[["x", "y"]].to_numpy()).query_pairs(
            rule.encounter.max_distance_m, output_type="ndarray"
        )
        ids = group["vessel"].to_numpy()
        pairs.append(np.column_stack([np.full(len(found), b), ids[found[:, 0]], ids[found[:, 1]]]))
    n_pairs = int(sum(len(p) for p in pairs))
    return time.process_time() - start, n_gaps, n_pairs


def scale(total: int, peer: bool) -> dict[str, object]:
    from straitwatch.geo.land import distance_to_coast_xy

    # Per-process set-up, not per position: the zones and the coast distance grid.
    Context(preset("gfw")).from_anchorage_m(np.zeros(1), np.zeros(1))
    distance_to_coast_xy(np.zeros(1), np.zeros(1))
    chunks = list(generated(total))
    rows = sum(len(c) for c in chunks)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu, n_gaps, n_enc = _ours(chunks)
    rss_ours = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out: dict[str, object] = {
        "positions": rows,
        "ours_cpu_s": round(cpu, 2),
        "gaps": n_gaps,
        "encounters": n_enc,
        "rss_before_rules_mb": round(rss_before / 1024),
        "rss_peak_rules_mb": round(rss_ours / 1024),
        "rules_rss_growth_mb": round((rss_ours - rss_before) / 1024),
    }
    # The rules' own working memory, traced (numpy reports its buffers to tracemalloc).
    import tracemalloc

    tracemalloc.start()
    _ours(chunks)
    out["rules_traced_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20)
    tracemalloc.stop()
    if peer:
        pcpu, pgaps, ppairs = _pandas_peer(chunks)
        out |= {"peer_cpu_s": round(pcpu, 2), "peer_gaps": pgaps, "peer_close_pair_bins": ppairs}
        out["ratio_peer_over_ours"] = round(pcpu / cpu, 2)
    return out


def day() -> list[dict[str, object]]:
    from straitwatch.behaviour import Detector
    from straitwatch.sim.behaviour_day import behaviour_day, score

    out = []
    for name in ("gfw", "channel"):
        for injected in (True, False):
            d = behaviour_day(date(2022, 8, 22), name, injected=injected, every_s=10.0)
            start = time.process_time()
            detector = Detector(preset(name), d.names)
            events = detector.step(d.positions) + detector.flush()
            cpu = time.process_time() - start
            result = score(d, events)
            out.append(
                {
                    "preset": name,
                    "day": "injected" if injected else "merchant-only",
                    "positions": len(d.positions),
                    "cpu_s": round(cpu, 2),
                    "injected": result["injected"],
                    "found": result["found"],
                    "missed": result["missed"],
                    "secondary": result["secondary"],
                    "false": result["false"],
                    "false_events": result["false_events"],
                }
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", nargs="?", default="all", choices=["all", "scale", "day"])
    parser.add_argument("--positions", type=int, default=10_000_000)
    parser.add_argument("--no-peer", action="store_true")
    args = parser.parse_args()
    if args.what == "scale":
        print(json.dumps(scale(args.positions, not args.no_peer)))
        return
    if args.what in ("all", "day"):
        for row in day():
            print(json.dumps(row))
    if args.what == "all":
        for n, peer in ((2_000_000, False), (10_000_000, True)):
            argv = [sys.executable, __file__, "scale", "--positions", str(n)]
            argv += [] if peer else ["--no-peer"]
            print(subprocess.run(argv, capture_output=True, text=True, check=True).stdout.strip())


if __name__ == "__main__":
    main()
