# SPDX-License-Identifier: EUPL-1.2
"""Bearing-only fixes: where a target is, from bearings (and elevations) taken by cameras
at known, possibly moving, positions, with radar plots where there are some.

A camera gives a line of sight, not a point: one camera alone narrows the target to a
ray (a point only where it knows its height and measures the depression angle to the
waterline). Two cameras, or a camera and a radar, fix it. The fix is a weighted
Gauss-Newton least squares in the Channel frame over every measurement given (bearing
residuals wrapped to ±180°, each weighted by its own sigma; a depression angle as a range;
a radar plot as a position), and its covariance is ``(JᵀWJ)⁻¹``.

>>> a = Bearing(x_m=0.0, y_m=0.0, bearing_deg=45.0, sigma_deg=0.2)
>>> b = Bearing(x_m=2000.0, y_m=0.0, bearing_deg=-45.0, sigma_deg=0.2)
>>> f = fix([a, b])
>>> round(f.x_m), round(f.y_m)
(1000, 1000)

Bearings here are on the grid (from grid north); :func:`grid_bearing_deg` converts a true
bearing read at the camera.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from straitwatch.geo.projection import meridian_convergence_deg, to_wgs84

__all__ = ["Bearing", "Fix", "PositionFix", "fix", "grid_bearing_deg", "waterline_range_m"]

Floats = NDArray[np.float64]
EARTH_RADIUS_M = 6_371_000.0
REFRACTION_K = 0.13
"""Standard terrestrial refraction: the line of sight bends with 13 % of the earth's curve."""


def grid_bearing_deg(true_bearing_deg: float, lat: float, lon: float) -> float:
    """A true bearing taken at ``(lat, lon)`` as a grid bearing of the Channel frame."""
    return float(true_bearing_deg - meridian_convergence_deg([lat], [lon])[0])


def waterline_range_m(height_m: float, depression_deg: float) -> float:
    """Range to a waterline seen ``depression_deg`` below the horizontal from ``height_m``
    above the sea, with the earth's curvature and standard refraction."""
    a = (1 - REFRACTION_K) / (2 * EARTH_RADIUS_M)
    t = np.tan(np.radians(depression_deg))
    # height = r·tan(dep) + a·r²  →  the positive root.
    return float((-t + np.sqrt(t * t + 4 * a * height_m)) / (2 * a))


@dataclass(frozen=True, slots=True)
class Bearing:
    """One line of sight from a platform at ``(x_m, y_m)`` (grid bearing, 1-sigma).

    ``range_m``/``range_sigma_m``: where the camera knows its height and measured the
    depression angle, the range it gives (:func:`waterline_range_m`)."""

    x_m: float
    y_m: float
    bearing_deg: float
    sigma_deg: float
    range_m: float | None = None
    range_sigma_m: float | None = None
    platform_sigma_m: float = 0.0
    """Uncertainty of the platform's own position (a drone's telemetry), 1-sigma."""


@dataclass(frozen=True, slots=True)
class PositionFix:
    """A radar plot (or any positioned observation) taking part in the fix."""

    x_m: float
    y_m: float
    sigma_m: float


@dataclass(frozen=True, slots=True)
class Fix:
    x_m: float
    y_m: float
    cov: Floats
    """2 × 2 covariance, m²."""

    @property
    def sigma_m(self) -> float:
        """1-sigma of the major axis of the error ellipse."""
        return float(np.sqrt(np.linalg.eigvalsh(self.cov).max()))

    def latlon(self) -> tuple[float, float]:
        lat, lon = to_wgs84([self.x_m], [self.y_m])
        return float(lat[0]), float(lon[0])


def _start(bearings: Sequence[Bearing], plots: Sequence[PositionFix]) -> Floats | None:
    if plots:
        return np.array([np.mean([p.x_m for p in plots]), np.mean([p.y_m for p in plots])])
    ranged = [b for b in bearings if b.range_m is not None]
    if ranged:
        b = ranged[0]
        th = np.radians(b.bearing_deg)
        r = float(b.range_m or 0.0)
        return np.array([b.x_m + r * np.sin(th), b.y_m + r * np.cos(th)])
    # Two rays: p1 + s·d1 = p2 + t·d2, from the pair most nearly at right angles.
    best: tuple[float, Floats] | None = None
    for i in range(len(bearings)):
        for j in range(i + 1, len(bearings)):
            a, b = bearings[i], bearings[j]
            d1 = np.array([np.sin(np.radians(a.bearing_deg)), np.cos(np.radians(a.bearing_deg))])
            d2 = np.array([np.sin(np.radians(b.bearing_deg)), np.cos(np.radians(b.bearing_deg))])
            det = d1[0] * -d2[1] - d1[1] * -d2[0]
            if abs(det) < 1e-3:
                continue
            rhs = np.array([b.x_m - a.x_m, b.y_m - a.y_m])
            s = (rhs[0] * -d2[1] - rhs[1] * -d2[0]) / det
            t = (d1[0] * rhs[1] - d1[1] * rhs[0]) / det
            if s <= 0 or t <= 0:
                continue  # the rays meet behind a camera
            if best is None or abs(det) > best[0]:
                best = (abs(det), np.array([a.x_m, a.y_m]) + s * d1)
    return None if best is None else best[1]


def fix(
    bearings: Sequence[Bearing], plots: Sequence[PositionFix] = (), *, iterations: int = 10
) -> Fix | None:
    """The least-squares position, or ``None`` where the measurements do not fix one (a
    single bearing without range, parallel rays, rays meeting behind the cameras)."""
    z = _start(bearings, plots)
    if z is None:
        return None
    for _ in range(iterations):
        rows, res, weights = [], [], []
        for b in bearings:
            dx, dy = z[0] - b.x_m, z[1] - b.y_m
            r2 = dx * dx + dy * dy
            r = np.sqrt(r2)
            predicted = np.degrees(np.arctan2(dx, dy))
            residual = (b.bearing_deg - predicted + 180.0) % 360.0 - 180.0
            rows.append(np.degrees([dy / r2, -dx / r2]))
            res.append(residual)
            # Angular sigma plus the platform's position error seen at this range.
            sigma = np.hypot(b.sigma_deg, np.degrees(b.platform_sigma_m / max(r, 1.0)))
            weights.append(1.0 / sigma**2)
            if b.range_m is not None and b.range_sigma_m:
                rows.append(np.array([dx / r, dy / r]))
                res.append(b.range_m - r)
                weights.append(1.0 / (b.range_sigma_m**2 + b.platform_sigma_m**2))
        for p in plots:
            for k, v in enumerate((p.x_m, p.y_m)):
                rows.append(np.eye(2)[k])
                res.append(v - z[k])
                weights.append(1.0 / p.sigma_m**2)
        jac = np.array(rows)
        w = np.array(weights)
        info = jac.T @ (jac * w[:, None])
        if np.linalg.cond(info) > 1e12:
            return None
        step = np.linalg.solve(info, jac.T @ (w * np.array(res)))
        z = z + step
        if np.hypot(*step) < 0.01:
            break
    return Fix(float(z[0]), float(z[1]), np.linalg.inv(info))
