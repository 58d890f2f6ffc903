# SPDX-License-Identifier: EUPL-1.2
"""What every rule needs besides its thresholds: where a position is (a box, a shore,
an anchorage), vessel labels, and the making of an event from frame coordinates.

>>> ctx = Context(preset("gfw"))
>>> bool(ctx.inside(Where(min_from_shore_m=10_000), np.array([0.0]), np.array([0.0]))[0])
True
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from straitwatch.behaviour.event import BehaviourEvent, EventType
from straitwatch.behaviour.positions import VesselNames
from straitwatch.behaviour.preset import Preset, Where
from straitwatch.geo.land import distance_to_coast_xy
from straitwatch.geo.projection import to_metric, to_wgs84
from straitwatch.geo.zones import zones

__all__ = ["Context"]

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]


class Context:
    """The preset, the vessel labels and the geography the rules share."""

    def __init__(self, the_preset: Preset, names: VesselNames | None = None) -> None:
        self.preset = the_preset
        self.names = names or VesselNames()

    @cached_property
    def _anchorages_m(self) -> tuple[Floats, Floats]:
        ports = zones().ports
        ax = [p.x_m for p in ports]
        ay = [p.y_m for p in ports]
        if self.preset.anchorages:
            x, y = to_metric(
                [a.at[0] for a in self.preset.anchorages],
                [a.at[1] for a in self.preset.anchorages],
            )
            ax += x.tolist()
            ay += y.tolist()
        return np.asarray(ax, float), np.asarray(ay, float)

    def from_anchorage_m(self, x_m: Floats, y_m: Floats) -> Floats:
        """Distance to the nearest port or declared anchorage."""
        ax, ay = self._anchorages_m
        if x_m.size == 0:
            return np.zeros(0)
        return np.asarray(np.hypot(x_m[:, None] - ax, y_m[:, None] - ay).min(axis=1))

    def inside(self, where: Where, x_m: Floats, y_m: Floats) -> Bools:
        """Which positions a rule's ``where`` admits."""
        ok = np.ones(x_m.shape, bool)
        if x_m.size == 0:
            return ok
        if where.box is not None:
            lat, lon = to_wgs84(x_m, y_m)
            b = where.box
            ok &= (lat >= b[0]) & (lat <= b[1]) & (lon >= b[2]) & (lon <= b[3])
        if where.min_from_shore_m > 0 or where.max_from_shore_m is not None:
            side = None if where.shore == "any" else where.shore
            d = distance_to_coast_xy(x_m, y_m, side)
            ok &= d >= where.min_from_shore_m
            if where.max_from_shore_m is not None:
                ok &= d <= where.max_from_shore_m
        return ok

    def event(
        self,
        type_: EventType,
        rule: str,
        vessels: tuple[int, ...],
        start_s: float,
        end_s: float | None,
        x_m: float,
        y_m: float,
        thresholds: dict[str, Any],
        evidence: dict[str, Any],
    ) -> BehaviourEvent:
        lat, lon = to_wgs84(np.array([x_m]), np.array([y_m]))
        return BehaviourEvent(
            type=type_,
            rule=rule,
            vessels=tuple(self.names.label(v) for v in vessels),
            start=datetime.fromtimestamp(start_s, UTC),
            end=None if end_s is None else datetime.fromtimestamp(end_s, UTC),
            lat=float(lat[0]),
            lon=float(lon[0]),
            thresholds=thresholds,
            evidence=evidence,
            mmsi=tuple(v for v in vessels if v > 0),
        )

    def point(self, x_m: float, y_m: float, t_s: float) -> dict[str, Any]:
        """One position as evidence: ``{"time", "lat", "lon"}``."""
        lat, lon = to_wgs84(np.array([x_m]), np.array([y_m]))
        when = datetime.fromtimestamp(t_s, UTC).isoformat().replace("+00:00", "Z")
        return {"time": when, "lat": round(float(lat[0]), 6), "lon": round(float(lon[0]), 6)}
