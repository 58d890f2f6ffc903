# SPDX-License-Identifier: EUPL-1.2
"""Sensor health: a sensor that stops reporting, or whose plots drift, is an alert to the
watch (a coverage hole, or a picture that lies).

Silence: each sensor's usual interval between reports is learnt (median of the recent
ones); silence longer than ``silent_factor`` of it and at least ``min_silence_s`` raises
``sensor_silent`` once, updated when the sensor reports again. Drift: each radar plot is
compared with an AIS report of a vessel within ``match_m`` and ``match_s`` of it; when the
mean offset of the last ``drift_samples`` pairs exceeds ``drift_m`` (a consistent bias,
not noise), ``sensor_drift`` is raised with the offset.

>>> from datetime import UTC, datetime
>>> monitor = SensorHealth()
>>> monitor.step([], datetime(2024, 8, 22, tzinfo=UTC))
([], [])
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median

import numpy as np

from straitwatch.assessment.alert import Alert, AlertType, Severity
from straitwatch.assessment.routing import route
from straitwatch.geo.projection import to_metric
from straitwatch.sensors.observation import Observation, ObservationKind

__all__ = ["HealthConfig", "SensorHealth"]


@dataclass(frozen=True, slots=True)
class HealthConfig:
    silent_factor: float = 10.0
    min_silence_s: float = 120.0
    match_m: float = 300.0
    match_s: float = 5.0
    drift_m: float = 100.0
    drift_samples: int = 30
    routed_to: tuple[str, ...] = ("@sar", "@enforcement")


@dataclass(slots=True)
class _Sensor:
    last: Observation
    intervals: deque[float] = field(default_factory=lambda: deque(maxlen=50))
    offsets: deque[tuple[float, float]] = field(default_factory=lambda: deque(maxlen=200))
    silent: Alert | None = None
    drift: Alert | None = None
    by_hour: list[int] = field(default_factory=lambda: [0] * 24)
    """Reports in each hour of the day (UTC): the sensor's coverage by time of day."""


class SensorHealth:
    """``step(observations, now) -> (raised, updated)`` alerts about the sensors."""

    def __init__(self, cfg: HealthConfig | None = None) -> None:
        self.cfg = cfg or HealthConfig()
        self.sensors: dict[str, _Sensor] = {}

    def step(
        self, observations: Sequence[Observation], now: datetime
    ) -> tuple[list[Alert], list[Alert]]:
        raised: list[Alert] = []
        updated: list[Alert] = []
        for o in sorted(observations, key=lambda o: o.time):
            s = self.sensors.get(o.sensor_id)
            if s is None:
                self.sensors[o.sensor_id] = s = _Sensor(o)
                s.by_hour[o.time.hour] += 1
                continue
            s.by_hour[o.time.hour] += 1
            gap = (o.time - s.last.time).total_seconds()
            if gap > 0:
                s.intervals.append(gap)
            s.last = o
            if s.silent is not None:  # back on the air
                back = s.silent.updated(detail=s.silent.detail | {"back_at": _iso(o.time)})
                updated.append(back)
                s.silent = None
        self._drift(observations, raised)
        for sensor_id, s in self.sensors.items():
            if s.silent is not None or len(s.intervals) < 5:
                continue
            usual = median(s.intervals)
            quiet = (now - s.last.time).total_seconds()
            if quiet >= max(self.cfg.silent_factor * usual, self.cfg.min_silence_s):
                s.silent = self._alert(
                    AlertType.SENSOR_SILENT,
                    sensor_id,
                    s.last,
                    now,
                    f"{sensor_id} has not reported for {quiet / 60:.0f} min",
                    {
                        "silent_s": round(quiet),
                        "usual_interval_s": usual,
                        "last_report": _iso(s.last.time),
                    },
                )
                raised.append(s.silent)
        return raised, updated

    def snapshot(self) -> dict[str, dict[str, object]]:
        """Each sensor heard so far: ``status`` (``reporting``, ``silent`` — the coverage
        hole it leaves — or ``drifting``), its last report, usual interval and reports per
        hour of the day (UTC), for the map's coverage layer.

        >>> SensorHealth().snapshot()
        {}
        """
        out: dict[str, dict[str, object]] = {}
        for sensor_id, s in self.sensors.items():
            status = "silent" if s.silent else "drifting" if s.drift else "reporting"
            out[sensor_id] = {
                "status": status,
                "last_report": _iso(s.last.time),
                "usual_interval_s": round(median(s.intervals), 1) if s.intervals else None,
                "reports_by_hour": list(s.by_hour),
            }
        return out

    def _drift(self, observations: Sequence[Observation], raised: list[Alert]) -> None:
        ais = [o for o in observations if o.is_ais]
        plots = [o for o in observations if o.kind is ObservationKind.RADAR]
        if not ais or not plots:
            return
        ax, ay = to_metric([o.lat for o in ais], [o.lon for o in ais])
        at = np.array([o.time.timestamp() for o in ais])
        px, py = to_metric([o.lat for o in plots], [o.lon for o in plots])
        cfg = self.cfg
        for k, p in enumerate(plots):
            near = np.abs(at - p.time.timestamp()) <= cfg.match_s
            d = np.hypot(ax - px[k], ay - py[k])
            d[~near] = np.inf
            j = int(np.argmin(d))
            if not np.isfinite(d[j]) or d[j] > cfg.match_m:
                continue
            s = self.sensors.get(p.sensor_id)
            if s is None:
                continue
            s.offsets.append((float(px[k] - ax[j]), float(py[k] - ay[j])))
            if s.drift is None and len(s.offsets) >= cfg.drift_samples:
                recent = np.array(list(s.offsets)[-cfg.drift_samples :])
                bias = recent.mean(axis=0)
                if float(np.hypot(*bias)) > cfg.drift_m:
                    s.drift = self._alert(
                        AlertType.SENSOR_DRIFT,
                        p.sensor_id,
                        p,
                        p.time,
                        f"{p.sensor_id} plots are {np.hypot(*bias):.0f} m off the AIS positions",
                        {
                            "offset_east_m": round(float(bias[0])),
                            "offset_north_m": round(float(bias[1])),
                            "pairs": cfg.drift_samples,
                        },
                    )
                    raised.append(s.drift)

    def _alert(
        self,
        type_: AlertType,
        sensor_id: str,
        where: Observation,
        when: datetime,
        summary: str,
        detail: dict[str, object],
    ) -> Alert:
        return Alert.new(
            type_,
            when,
            where.lat,
            where.lon,
            f"sensor:{sensor_id}",
            Severity.WARNING,
            route(self.cfg.routed_to, where.lat, where.lon),
            summary,
            {"sensor_id": sensor_id, **detail},
        )


def _iso(t: datetime) -> str:
    return t.isoformat().replace("+00:00", "Z")
