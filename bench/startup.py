# SPDX-License-Identifier: EUPL-1.2
"""Start-up and whole-process tracking (issue 19): ``straitwatch --help``, and
``straitwatch track`` on a 200-target, 60-scan radar scenario against Stone Soup's GNN
tracker (bench/stonesoup_peer.py, the same parameters as bench/tracking.py) run as a
whole process on the same plots CSV: start-up, reading, projection and tracking counted
for both.

    .venv/bin/python bench/startup.py [--rounds 3] [--targets 200 --scans 60]

Each run is its own process; ours and the peer alternate. Wall time is what a user waits;
CPU time (user + system, of the child) is steadier on a shared machine.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
STRAITWATCH = str(Path(sys.executable).with_name("straitwatch"))
GATE_D2 = 13.8  # as bench/tracking.py
CV_Q = 0.05


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one child process (which must succeed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def write_scenario(path: Path, targets: int, scans: int) -> tuple[str, float, int]:
    """The radar plots of the scenario as the plots CSV format; (sensor, revisit, plots)."""
    sys.path.insert(0, str(HERE))
    from tracking_data import simulated

    data = simulated(targets, scans, seed=7)
    rows = 0
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["time", "sensor_id", "lat", "lon", "sigma_m"])
        for scan in data:
            for o in scan.observations():
                out.writerow([o.time.isoformat(), o.sensor_id, o.lat, o.lon, o.sigma_m])
                rows += 1
    revisit = data[1].time_s - data[0].time_s
    return data[0].sensor_id, revisit, rows


def stonesoup_child(path: Path) -> None:
    """The peer as a whole process: read the CSV, project, track scan by scan."""
    import numpy as np

    sys.path.insert(0, str(HERE))
    from stonesoup_peer import StoneSoupGNN

    from straitwatch.geo.projection import to_metric

    scans: dict[float, list[tuple[float, float, float]]] = {}
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            t = datetime.fromisoformat(row["time"]).timestamp()
            plot = (float(row["lat"]), float(row["lon"]), float(row["sigma_m"]))
            scans.setdefault(t, []).append(plot)
    tracker = StoneSoupGNN(q=CV_Q, gate_d2=GATE_D2, min_points=3, hold_misses=2, delete_steps=10)
    for t in sorted(scans):
        plots = np.array(scans[t])
        x, y = to_metric(plots[:, 0], plots[:, 1])
        tracker.step(t, np.column_stack([x, y]), plots[:, 2], times_s=np.full(len(plots), t))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--targets", type=int, default=200)
    ap.add_argument("--scans", type=int, default=60)
    ap.add_argument("--stonesoup-child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stonesoup_child:
        stonesoup_child(args.stonesoup_child)
        return
    env_threads = {k: "1" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    os.environ.update(env_threads)
    # Compiled bytecode cached as an installed package has it (this workspace sets
    # PYTHONDONTWRITEBYTECODE, which would make every process compile every module).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    results: dict[str, list[tuple[float, float]]] = {"help": [], "ours": [], "stonesoup": []}
    with tempfile.TemporaryDirectory() as tmp:
        plots = Path(tmp) / "plots.csv"
        sensor, revisit, rows = write_scenario(plots, args.targets, args.scans)
        ours = [STRAITWATCH, "track", str(plots), "--out", str(Path(tmp) / "tracks.csv")]
        ours += ["--scan", f"{sensor}={revisit:g}", "--window", "0"]
        peer = [sys.executable, __file__, "--stonesoup-child", str(plots)]
        os.environ["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        small = Path(tmp) / "small.csv"
        write_scenario(small, args.targets, 2)
        warm_ours = [a if a != str(plots) else str(small) for a in ours]
        warm_peer = [*peer[:-1], str(small)]
        for warm_up in ([STRAITWATCH, "--help"], warm_ours, warm_peer):  # bytecode, disk cache
            timed(warm_up)
        for _ in range(args.rounds):
            results["help"].append(timed([STRAITWATCH, "--help"]))
            results["ours"].append(timed(ours))
            results["stonesoup"].append(timed(peer))
    best = {k: (min(w for w, _ in v), min(c for _, c in v)) for k, v in results.items()}
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average": os.getloadavg(),
        "scenario": {"targets": args.targets, "scans": args.scans, "plots": rows},
        "runs": results,
        "best_wall_s": {k: v[0] for k, v in best.items()},
        "best_cpu_s": {k: v[1] for k, v in best.items()},
        "ratio_wall": best["stonesoup"][0] / best["ours"][0],
        "ratio_cpu": best["stonesoup"][1] / best["ours"][1],
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
