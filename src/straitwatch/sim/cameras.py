# SPDX-License-Identifier: EUPL-1.2
"""Simulated camera and drone reports of a target: bearings with their noise, the
platform's telemetry, as the JSON lines of ``docs/formats.md`` ("Cameras and drones").

>>> from datetime import UTC
>>> lines = camera_lines(np.random.default_rng(1), target=(50.92, 1.50),
...                      when=datetime(2024, 8, 22, 4, tzinfo=UTC),
...                      cameras=[Camera("cam-a", 50.87, 1.585, 60.0)])
>>> json.loads(lines[0])["record"]
'bearing'
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from straitwatch.geo.bearings import waterline_range_m
from straitwatch.geo.projection import meridian_convergence_deg, to_metric, to_wgs84

__all__ = ["Camera", "camera_lines"]


@dataclass(frozen=True, slots=True)
class Camera:
    """A fixed camera (``drone=False``: its report names its platform) or a drone (its
    platform comes from telemetry, with ``platform_sigma_m`` of GNSS error)."""

    sensor_id: str
    lat: float
    lon: float
    height_m: float
    sigma_deg: float = 0.2
    drone: bool = False
    platform_sigma_m: float = 5.0
    depression: bool = False
    sigma_depression_deg: float = 0.05


def _stamp(t: datetime) -> str:
    return t.isoformat().replace("+00:00", "Z")


def camera_lines(
    rng: np.random.Generator,
    target: tuple[float, float],
    when: datetime,
    cameras: Sequence[Camera],
    *,
    kind: str = "small_boat",
) -> list[str]:
    """One report per camera of the target at ``target`` (lat, lon), noise drawn from
    each camera's sigmas; drones also send their telemetry (as they know it)."""
    tx, ty = to_metric([target[0]], [target[1]])
    out = []
    for cam in cameras:
        cx, cy = to_metric([cam.lat], [cam.lon])
        dx, dy = float(tx[0] - cx[0]), float(ty[0] - cy[0])
        grid = np.degrees(np.arctan2(dx, dy))
        true_bearing = (grid + meridian_convergence_deg([cam.lat], [cam.lon])[0]) % 360
        bearing = (true_bearing + rng.normal(0, cam.sigma_deg)) % 360
        # Where the platform thinks it is (GNSS error) is what it reports.
        ex, ey = rng.normal(0, cam.platform_sigma_m, 2)
        plat, plon = to_wgs84(cx + ex, cy + ey)
        record: dict[str, object] = {
            "record": "bearing",
            "time": _stamp(when),
            "sensor_id": cam.sensor_id,
            "bearing_deg": round(float(bearing), 4),
            "sigma_deg": cam.sigma_deg,
            "kind": kind,
            "band": "ir" if when.hour < 6 or when.hour >= 21 else "eo",
        }
        if cam.depression:
            r = float(np.hypot(dx, dy))
            # Invert waterline_range_m by bisection: the depression that gives range r.
            lo, hi = 1e-4, 45.0
            for _ in range(60):
                mid = (lo + hi) / 2
                lo, hi = (lo, mid) if waterline_range_m(cam.height_m, mid) < r else (mid, hi)
            record["depression_deg"] = round(lo + rng.normal(0, cam.sigma_depression_deg), 5)
            record["sigma_depression_deg"] = cam.sigma_depression_deg
        if cam.drone:
            out.append(
                json.dumps(
                    {
                        "record": "telemetry",
                        "time": _stamp(when),
                        "sensor_id": cam.sensor_id,
                        "lat": float(plat[0]),
                        "lon": float(plon[0]),
                        "alt_m": cam.height_m,
                        "sigma_m": cam.platform_sigma_m,
                    }
                )
            )
        else:
            record["platform"] = {
                "lat": float(plat[0]),
                "lon": float(plon[0]),
                "height_m": cam.height_m,
                "sigma_m": cam.platform_sigma_m,
            }
        out.append(json.dumps(record))
    out.sort(key=lambda line: 0 if '"telemetry"' in line else 1)
    return out
