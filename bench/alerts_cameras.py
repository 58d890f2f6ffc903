# SPDX-License-Identifier: EUPL-1.2
"""Alerts benchmark with and without cameras and a drone, on the same simulated window
(issue 16): departure and distress alert delays, per boat.

The window is simulated once (``straitwatch.sim.simulate``: small boats, ships, four
coastal radars, sightings; ``--stress``: ``bench/alerts.py``'s scenario where every boat
loses its engine) and replayed twice: as simulated, and with the raw reports of seven
fixed EO/IR cameras on the departure coast and one drone on patrol off it
(``straitwatch.sim.cameras``: 0.2° and 0.5° bearings with the depression to the waterline
each knows from its height, ±0.05°; each boat within 10 km seen with probability 0.8
every 30 s; drone GNSS 10 m, telemetry in the file; persons in the water reported as such
once the truth has them there). The reports are written as ``cameras.jsonl`` and read by
the product's ingest path like any camera file (``straitwatch.sensors.sensor_feeds``:
bearings fused as read, what nothing fixes refused as ``no_fix``).

    .venv/bin/python bench/alerts_cameras.py --hours 4                      # ~10 min
    .venv/bin/python bench/alerts_cameras.py --stress --seed 3 --start 00:00 --hours 3
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from datetime import UTC, date, datetime
from datetime import time as clock
from pathlib import Path

import numpy as np

from straitwatch.assessment.alert import Alert
from straitwatch.geo.projection import to_metric
from straitwatch.sim import evaluate, replay, simulate
from straitwatch.sim.cameras import Camera, camera_lines

sys.path.insert(0, str(Path(__file__).resolve().parent))
from alerts import stress_config

from straitwatch.sim.evaluate import _t, load_alerts

CAMERAS = [
    Camera("cam-dunkerque", 51.055, 2.350, 40.0, depression=True),
    Camera("cam-gravelines", 51.012, 2.120, 30.0, depression=True),
    Camera("cam-sangatte", 50.948, 1.750, 60.0, depression=True),
    Camera("cam-blanc-nez", 50.923, 1.688, 130.0, depression=True),
    Camera("cam-gris-nez", 50.8695, 1.584, 60.0, depression=True),
    Camera("cam-wimereux", 50.770, 1.605, 30.0, depression=True),
    Camera("cam-hardelot", 50.630, 1.580, 40.0, depression=True),
]
RANGE_M = 10_000.0
PD = 0.8
EVERY_S = 30.0


def _drone_at(t_s: float, t0: float) -> Camera:
    """A drone flying 3 km off the coast between Boulogne and Calais and back, 60 kn."""
    a, b = np.array([50.74, 1.54]), np.array([50.97, 1.70])
    leg_s = 1800.0
    f = ((t_s - t0) % (2 * leg_s)) / leg_s
    f = f if f <= 1 else 2 - f
    lat, lon = a + f * (b - a)
    return Camera(
        "drone-fr-07",
        float(lat),
        float(lon),
        400.0,
        sigma_deg=0.5,
        drone=True,
        platform_sigma_m=10.0,
        depression=True,
    )


def _seconds(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def camera_sightings(folder: Path, seed: int = 16) -> int:
    """Write ``cameras.jsonl``: the cameras' and the drone's raw reports (bearings and
    telemetry), which ``replay`` reads and fuses like any camera file; their count."""
    truth = json.loads((folder / "truth.json").read_text())
    rng = np.random.default_rng(seed)
    start, end = _seconds(truth["window"]["start"]), _seconds(truth["window"]["end"])
    boats = [b for b in truth["boats"] if b.get("track")]
    tracks = [np.asarray(b["track"], float) for b in boats]
    # Persons in the water are what an IR camera sees of a boat in trouble, from then on.
    in_water = [
        _seconds(b["persons_in_water_time"]) if b.get("persons_in_water_time") else np.inf
        for b in boats
    ]
    cams_xy = [to_metric([c.lat], [c.lon]) for c in CAMERAS]
    out = []
    for t in np.arange(start, end, EVERY_S):
        when = datetime.fromtimestamp(float(t), UTC)
        lines: list[str] = []
        drone = _drone_at(float(t), start)
        dx, dy = to_metric([drone.lat], [drone.lon])
        for tr, piw in zip(tracks, in_water, strict=True):
            if not tr[0, 0] <= t <= tr[-1, 0]:
                continue
            lat = float(np.interp(t, tr[:, 0], tr[:, 1]))
            lon = float(np.interp(t, tr[:, 0], tr[:, 2]))
            bx, by = to_metric([lat], [lon])
            seeing = [
                c
                for c, (cx, cy) in zip(CAMERAS, cams_xy, strict=True)
                if np.hypot(bx - cx, by - cy)[0] <= RANGE_M and rng.random() < PD
            ]
            if np.hypot(bx - dx, by - dy)[0] <= RANGE_M and rng.random() < PD:
                seeing.append(drone)
            if seeing:
                kind = "persons_in_water" if t >= piw else "small_boat"
                lines += camera_lines(rng, (lat, lon), when, seeing, kind=kind)
        out += lines
    (folder / "cameras.jsonl").write_text("\n".join(out) + "\n")
    return len(out)


def _replay(folder: Path) -> dict[str, object]:
    raised: list[Alert] = []
    final: dict[str, Alert] = {}

    def sink(alert: Alert, kind: str) -> None:
        if kind == "raised":
            raised.append(alert)
        final[alert.alert_id] = alert

    replay(folder, on_alert=sink)
    path = folder / "alerts.jsonl"
    path.write_text("".join(json.dumps(final[a.alert_id].to_json()) + "\n" for a in raised))
    return evaluate(folder, path)


def per_boat(folder: Path) -> dict[str, list[float | None]]:
    """Each boat's launch-to-departure-alert and distress-to-alert delays (s), as
    ``evaluate`` matches them (``None``: not alerted in its window)."""
    truth = json.loads((folder / "truth.json").read_text())
    alerts = load_alerts(folder / "alerts.jsonl")
    end = _t(truth["window"]["end"])
    out: dict[str, list[float | None]] = {}
    for b in truth["boats"]:
        row: list[float | None] = [None, None]
        for k, (kind, key, radius, window) in enumerate(
            (
                ("departure", "launch", 2000.0, 600.0),
                ("distress", "distress", 3000.0, 300.0),
            )
        ):
            if not b.get(f"{key}_time") or _t(b[f"{key}_time"]) > end - window:
                continue
            t0 = _t(b[f"{key}_time"])
            bx, by = to_metric([b[f"{key}_lat"]], [b[f"{key}_lon"]])
            hits = [
                a["_t"] - t0
                for a in alerts
                if a["type"] == kind
                and 0 <= a["_t"] - t0 <= window
                and np.hypot(a["_xy"][0] - bx[0], a["_xy"][1] - by[0]) <= radius
            ]
            row[k] = min(hits) if hits else float("nan")
        if row != [None, None]:
            out[b["id"]] = row
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hours", type=float, default=4.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", default="01:30", help="window start (UTC, HH:MM)")
    parser.add_argument(
        "--stress", action="store_true", help="every boat loses its engine (distress events)"
    )
    parser.add_argument("--keep", type=Path, help="keep the folders here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        plain = base / "plain"
        cfg = stress_config() if args.stress else None
        simulate(
            date(2022, 8, 22),
            plain,
            seed=args.seed,
            start=clock.fromisoformat(args.start),
            hours=args.hours,
            cfg=cfg,
        )
        with_cams = base / "cameras"
        shutil.copytree(plain, with_cams)
        n = camera_sightings(with_cams)
        for name, folder in (("without cameras", plain), ("with cameras and a drone", with_cams)):
            result = _replay(folder)
            print(
                json.dumps(
                    {
                        "run": name,
                        "camera_sightings": n if folder is with_cams else 0,
                        "departures": result["departures"],
                        "distress": result["distress"],
                        "false_alerts": result["false_alerts"],
                        "per_boat_departure_distress_s": per_boat(folder),
                    }
                )
            )


if __name__ == "__main__":
    main()
