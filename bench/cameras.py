# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: bearing-only fixes (issue 16). Targets 5 km from the camera on Cap
Gris-Nez, bearings 270-330° (seaward), each fixed through the whole path (simulated JSON
lines -> reader -> fuse) with the noise of each sensor drawn afresh; error of the fix
against the truth: median, 95th percentile, share within 150 m.

    .venv/bin/python bench/cameras.py            # ~1 min
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import numpy as np

from straitwatch.geo.projection import to_metric, to_wgs84
from straitwatch.sensors.cameras import BearingReport, fuse, read_camera_lines
from straitwatch.sim.cameras import Camera, camera_lines

WHEN = datetime(2024, 8, 22, 3, 0, tzinfo=UTC)
GRIS_NEZ = Camera("cam-gris-nez", 50.8695, 1.5840, 60.0, sigma_deg=0.2)
BLANC_NEZ = Camera("cam-blanc-nez", 50.9230, 1.6880, 130.0, sigma_deg=0.2)
DRONE = Camera("drone-fr-07", 50.95, 1.55, 400.0, sigma_deg=0.5, drone=True, platform_sigma_m=10.0)
DRONE_2 = Camera(
    "drone-fr-09", 50.80, 1.50, 400.0, sigma_deg=0.5, drone=True, platform_sigma_m=10.0
)
RANGING = Camera("cam-blanc-nez", 50.9230, 1.6880, 130.0, sigma_deg=0.2, depression=True)

SCENARIOS = {
    "two fixed cameras (0.2°, 5 m)": [GRIS_NEZ, BLANC_NEZ],
    "fixed camera + drone (0.5°, GNSS 10 m)": [GRIS_NEZ, DRONE],
    "two drones": [DRONE, DRONE_2],
    "one camera 130 m up, depression 0.05°": [RANGING],
}


def run(trials: int = 1000, seed: int = 16) -> list[dict[str, object]]:
    rng = np.random.default_rng(seed)
    gx, gy = to_metric([GRIS_NEZ.lat], [GRIS_NEZ.lon])
    out = []
    for name, cameras in SCENARIOS.items():
        errors, unfixed = [], 0
        start = time.process_time()
        for _ in range(trials):
            th = np.radians(rng.uniform(270, 330))
            lat, lon = to_wgs84(gx + 5000 * np.sin(th), gy + 5000 * np.cos(th))
            target = (float(lat[0]), float(lon[0]))
            records = read_camera_lines(camera_lines(rng, target, WHEN, cameras), "bench")
            fixed, _ = fuse([r for r in records if isinstance(r, BearingReport)])
            if not fixed:
                unfixed += 1
                continue
            ox, oy = to_metric([fixed[0].lat], [fixed[0].lon])
            tx, ty = to_metric([target[0]], [target[1]])
            errors.append(float(np.hypot(ox - tx, oy - ty)[0]))
        e = np.array(errors)
        out.append(
            {
                "scenario": name,
                "trials": trials,
                "unfixed": unfixed,
                "median_m": round(float(np.median(e)), 1),
                "p95_m": round(float(np.percentile(e, 95)), 1),
                "within_150m": round(float((e <= 150).mean()), 3),
                "ms_per_fix": round(1000 * (time.process_time() - start) / trials, 2),
            }
        )
    return out


if __name__ == "__main__":
    for row in run():
        print(json.dumps(row, ensure_ascii=False))
