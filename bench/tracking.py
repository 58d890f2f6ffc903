# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: straitwatch's tracker against Stone Soup 1.9 GNN, on the same plots, same run.

Scenarios with truth: N = 50, 200, 500, 2000 targets (0–25 kn, 2 s scans, Pd 0.9,
σ 10–30 m, clutter 20 %·N per scan over 80 × 50 km), and the real Solent AIS (84 min,
91 vessels) as radar-like plots (MMSI removed, σ = 20 m). For each: GOSPA (p = 1,
c = 100 m, α = 2) averaged over scans, confirmed tracks vs truth, identity switches,
time per scan (CPU time of the tracking step, one core), peak memory (RSS growth of the
process that ran it). Each tracker runs in its own forked process. Then a one-hour run
(1800 scans, N = 200, targets ending and being replaced) for memory over time.

    .venv/bin/python bench/tracking.py                 # full run (~15 min on 2 busy cores)
    .venv/bin/python bench/tracking.py --quick         # smoke run (~1 min)
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one core: no BLAS thread pool
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import gc
import json
import multiprocessing as mp
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tracking_data import BenchScan, simulated, solent

from straitwatch.tracking import MotionModel, SensorModel, Tracker, TrackerConfig, gospa

GATE_D2 = 13.8  # χ²(2) 99.9 %, both trackers
CV_Q = 0.05  # Stone Soup's CV process noise (m²/s³), and ours in "cv" mode
WARMUP = 10  # scans (20 s) before "after warm-up" GOSPA: every track is confirmed by then


# -- running one tracker over one scenario ---------------------------------------------


def _rss_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def evaluate(
    scans: list[BenchScan],
    step: Callable[[BenchScan], None],
    estimates: Callable[[float], tuple[np.ndarray, np.ndarray]],
    prepare: Callable[[BenchScan], Any] | None = None,
) -> dict[str, Any]:
    """Feed scans, time each step (CPU), score each scan; returns the metrics."""
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak-RSS mark
    rss0 = _rss_kib("VmRSS")
    cpu, wall, g, n_conf, n_true, loc, missed, false = [], [], [], [], [], [], [], []
    owner: dict[int, int] = {}
    switches = 0
    ever: set[int] = set()
    for scan in scans:
        arg = prepare(scan) if prepare else scan
        w0, c0 = time.perf_counter(), time.process_time()
        step(arg)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
        ids, xy = estimates(scan.time_s)
        r = gospa(scan.truth_xy, xy, c_m=100.0, p=1.0, alpha=2.0)
        g.append(r.distance)
        loc.append(r.localisation)
        missed.append(r.missed)
        false.append(r.false)
        n_conf.append(ids.size)
        n_true.append(scan.truth_xy.shape[0])
        ever.update(ids.tolist())
        for ti, ei in zip(r.truth_index.tolist(), r.estimate_index.tolist(), strict=True):
            truth, track = int(scan.truth_id[ti]), int(ids[ei])
            if owner.get(truth, track) != track:
                switches += 1
            owner[truth] = track
    cpu_a, wall_a = np.asarray(cpu) * 1e3, np.asarray(wall) * 1e3
    return {
        "scans": len(scans),
        "gospa_m": float(np.mean(g)),
        "gospa_after_warmup_m": float(np.mean(g[WARMUP:])) if len(g) > WARMUP else float("nan"),
        "gospa_localisation_m": float(np.mean(loc)),
        "gospa_missed": float(np.mean(missed)),
        "gospa_false": float(np.mean(false)),
        "confirmed_mean": float(np.mean(n_conf)),
        "truth_mean": float(np.mean(n_true)),
        "confirmed_distinct": len(ever),
        "truth_distinct": len({int(i) for s in scans for i in s.truth_id.tolist()}),
        "id_switches": switches,
        "cpu_ms_mean": float(cpu_a.mean()),
        "cpu_ms_p95": float(np.percentile(cpu_a, 95)),
        "wall_ms_mean": float(wall_a.mean()),
        "peak_rss_mib": (_rss_kib("VmHWM") - rss0) / 1024.0,
    }


def ours(cfg: TrackerConfig) -> Callable[[list[BenchScan]], dict[str, Any]]:
    def run(scans: list[BenchScan]) -> dict[str, Any]:
        tracker = Tracker(cfg)

        def step(obs: tuple[list[Any], datetime]) -> None:
            tracker.step(obs[0], obs[1])

        # Observation records are built outside the timed step (the reader's job).
        def prepare(scan: BenchScan) -> tuple[list[Any], datetime]:
            return scan.observations(), datetime.fromtimestamp(scan.time_s, UTC)

        return evaluate(scans, step, tracker.estimates_m, prepare)

    return run


def stonesoup(**params: Any) -> Callable[[list[BenchScan]], dict[str, Any]]:
    def run(scans: list[BenchScan]) -> dict[str, Any]:
        from stonesoup_peer import StoneSoupGNN

        ss = StoneSoupGNN(q=CV_Q, gate_d2=GATE_D2, **params)

        def step(scan: BenchScan) -> None:
            ss.step(scan.time_s, scan.plot_xy, scan.plot_sigma_m, times_s=scan.plot_time_s)

        return evaluate(scans, step, ss.estimates_m)

    return run


def in_child(
    fn: Callable[[list[BenchScan]], dict[str, Any]], scans: list[BenchScan]
) -> dict[str, Any]:
    """Run ``fn(scans)`` in a forked process (own peak-RSS mark, no leftovers)."""
    ctx = mp.get_context("fork")
    q: Any = ctx.Queue()
    p = ctx.Process(target=lambda: q.put(fn(scans)))
    p.start()
    out = q.get()
    p.join()
    return out  # type: ignore[no-any-return]


# -- configurations --------------------------------------------------------------------


def sim_config(*, cv: bool = False) -> TrackerConfig:
    motion = (MotionModel(CV_Q, 1e9),) if cv else TrackerConfig().motion
    return TrackerConfig(reorder_window_s=0.0, motion=motion, gate_d2=GATE_D2)


def solent_config() -> TrackerConfig:
    # The plots come from reports, not scans: a silent vessel has not been "missed".
    plots = SensorModel(
        scanning=False,
        confirm_hits=3,
        coast_after_s=60.0,
        timeout_s=400.0,
        tentative_timeout_s=400.0,
        timeout_reports=4.0,
    )
    return TrackerConfig(
        reorder_window_s=0.0, frame_span_s=2.0, gate_d2=GATE_D2, sensors={"solent-plots": plots}
    )


def hour_run(n: int, scans: int) -> dict[str, Any]:
    """Memory over a long run: tracemalloc and RSS every 100 scans."""
    data = simulated(n, scans, seed=21, lifetime_s=1200.0)
    tracker = Tracker(sim_config())
    tracemalloc.start()
    samples = []
    started = time.process_time()
    for k, scan in enumerate(data):
        tracker.step(scan.observations(), datetime.fromtimestamp(scan.time_s, UTC))
        if k % 100 == 99:
            cur, _ = tracemalloc.get_traced_memory()
            samples.append(
                {
                    "scan": k + 1,
                    "traced_mib": cur / 2**20,
                    "rss_mib": _rss_kib("VmRSS") / 1024,
                    "live_tracks": len(tracker),
                }
            )
    tracemalloc.stop()
    return {
        "samples": samples,
        "cpu_s": time.process_time() - started,
        "tracks_started": tracker.stats.tracks_started,
    }


# -- report ----------------------------------------------------------------------------


def markdown(results: dict[str, Any]) -> str:
    """The tables of bench/RESULTS.md from a results file."""
    lines = [
        "| scenario | tracker | scans | GOSPA (m) | after warm-up | missed / false | "
        "confirmed / truth (mean) | distinct tracks / targets | ID switches | "
        "CPU ms/scan (mean, p95) | vs Stone Soup | peak RSS (MiB) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    runs = results["runs"]
    for r in runs:
        peer = next(
            (
                p
                for p in runs
                if p["tracker"] == "Stone Soup GNN"
                and p["scenario"] == r["scenario"]
                and p["scans"] == r["scans"]
            ),
            None,
        )
        ratio = ""
        if peer is not None and r is not peer:
            ratio = (
                f"GOSPA {r['gospa_m'] / peer['gospa_m']:.3f}×, "
                f"**{peer['cpu_ms_mean'] / r['cpu_ms_mean']:.0f}× faster**"
            )
        lines.append(
            f"| {r['scenario']} | {r['tracker']} | {r['scans']} | {r['gospa_m']:.0f} | "
            f"{r['gospa_after_warmup_m']:.0f} | {r['gospa_missed']:.1f} / {r['gospa_false']:.1f} | "
            f"{r['confirmed_mean']:.1f} / {r['truth_mean']:.1f} | "
            f"{r['confirmed_distinct']} / {r['truth_distinct']} | {r['id_switches']} | "
            f"{r['cpu_ms_mean']:.1f}, {r['cpu_ms_p95']:.1f} | {ratio} | {r['peak_rss_mib']:.1f} |"
        )
    hour = results.get("hour")
    if hour:
        lines += ["", "| scan | traced (MiB) | RSS (MiB) | live tracks |", "|---|---|---|---|"]
        for smp in hour["samples"]:
            if smp["scan"] in (100, 300, 600, 900, 1200, 1500, 1800):
                lines.append(
                    f"| {smp['scan']} | {smp['traced_mib']:.2f} | {smp['rss_mib']:.1f} | "
                    f"{smp['live_tracks']} |"
                )
    return "\n".join(lines)


# -- main ------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="small smoke run")
    ap.add_argument("--out", type=Path, default=Path("bench/results/tracking.json"))
    ap.add_argument("--report", type=Path, help="print the markdown tables of a results file")
    args = ap.parse_args()
    if args.report:
        print(markdown(json.loads(args.report.read_text())))
        return
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    # (N, scans for ours, scans for Stone Soup (0: not run))
    plan = [(50, 150, 150), (200, 150, 60), (500, 150, 40), (2000, 150, 0)]
    hour = (200, 1800)
    if args.quick:
        plan, hour = [(50, 30, 30), (200, 30, 5), (2000, 20, 0)], (200, 200)
    results: dict[str, Any] = {"started": datetime.now(UTC).isoformat(), "runs": []}
    for n, scans_ours, scans_ss in plan:
        data = simulated(n, scans_ours)
        runs = [
            ("straitwatch (IMM)", ours(sim_config()), scans_ours),
            ("straitwatch (CV)", ours(sim_config(cv=True)), scans_ours),
        ]
        if scans_ss:
            if scans_ss != scans_ours:  # same scans as the peer, for the ratios
                runs.append(("straitwatch (IMM)", ours(sim_config()), scans_ss))
            runs.append(
                (
                    "Stone Soup GNN",
                    stonesoup(min_points=3, hold_misses=2, delete_steps=10),
                    scans_ss,
                )
            )
        for name, fn, k in runs:
            r = in_child(fn, data[:k])
            r.update(scenario=f"sim N={n}", tracker=name)
            results["runs"].append(r)
            print(json.dumps(r), flush=True)
    data = solent()
    ss_scans = 900 if not args.quick else 60  # Stone Soup: the first 30 minutes
    for name, fn, k in (
        ("straitwatch (IMM)", ours(solent_config()), len(data)),
        ("straitwatch (IMM)", ours(solent_config()), ss_scans),
        (
            "Stone Soup GNN",
            stonesoup(
                min_points=3,
                hold_misses=None,
                delete_steps=None,
                delete_after_s=400.0,
                hold_after_s=400.0,
            ),
            ss_scans,
        ),
    ):
        r = in_child(fn, data[:k])
        r.update(scenario="Solent AIS as plots", tracker=name)
        results["runs"].append(r)
        print(json.dumps(r), flush=True)
    results["hour"] = hour_run(*hour)
    print(json.dumps(results["hour"]), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
