# SPDX-License-Identifier: EUPL-1.2
"""From a stream of observations to time-ordered frames of arrays.

:class:`ReorderBuffer` holds observations for ``reorder_window_s`` so that ones arriving
late (a slow link, a second receiver) are put back in time order; anything older than
what has already been processed is refused and counted, never dropped silently.
:func:`to_batch` turns released observations into arrays in the Channel frame, and
:func:`frames` cuts a batch into *frames*: one sensor's observations within
``frame_span_s``, which are associated together (one radar scan, or part of one).

>>> from datetime import UTC, datetime
>>> from straitwatch.sensors.observation import Observation, ObservationKind
>>> buf = ReorderBuffer(window_s=5.0)
>>> o = Observation(datetime(2024, 5, 1, 4, 0, 0, tzinfo=UTC), "r1", ObservationKind.RADAR,
...                 51.0, 1.5, 20.0)
>>> buf.push([o])
[]
>>> len(buf.release(o.time.timestamp() + 1.0)), len(buf.release(o.time.timestamp() + 6.0))
(0, 1)
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from straitwatch.geo.projection import in_area, to_grid_velocity, to_metric
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.tracking.kalman import Floats

__all__ = ["Batch", "ReorderBuffer", "frames", "to_batch"]

KIND_CODE = {ObservationKind.RADAR: 0, ObservationKind.AIS: 1, ObservationKind.SIGHTING: 2}
AIS_CODE = KIND_CODE[ObservationKind.AIS]
_FIELDS = operator.attrgetter(
    "time", "lat", "lon", "sigma_m", "kind", "sensor_id", "mmsi", "speed_kn", "course_deg"
)


class ReorderBuffer:
    """Holds observations until ``now - window_s``, then releases them in time order."""

    def __init__(self, window_s: float) -> None:
        self.window_s = window_s
        self.watermark_s = -np.inf
        """Everything up to this time has been released; anything older arriving now is late."""
        self._times: list[float] = []
        self._items: list[Observation] = []
        self.released_times: list[float] = []
        """POSIX times of the last observations released (saves converting them again)."""

    def __len__(self) -> int:
        return len(self._items)

    def push(self, observations: Iterable[Observation]) -> list[Observation]:
        """Buffer ``observations``; returns the late ones, which are not buffered."""
        late: list[Observation] = []
        times, items, mark = self._times, self._items, self.watermark_s
        for o in observations:
            t = o.time.timestamp()
            if t < mark:
                late.append(o)
            else:
                times.append(t)
                items.append(o)
        return late

    def release(self, now_s: float) -> list[Observation]:
        """Observations at or before ``now_s - window_s``, oldest first."""
        return self._release_until(now_s - self.window_s)

    def drain(self) -> list[Observation]:
        """Everything still held, oldest first (end of a file, shutdown)."""
        if not self._times:
            return []
        return self._release_until(max(self._times))

    def _release_until(self, cutoff_s: float) -> list[Observation]:
        if self._times:
            arr = np.asarray(self._times)
            order = np.argsort(arr, kind="stable")
            sorted_t = arr[order]
            cut = int(np.searchsorted(sorted_t, cutoff_s, side="right"))
            items = self._items
            out = [items[i] for i in order[:cut].tolist()]
            self._items = [items[i] for i in order[cut:].tolist()]
            self._times = sorted_t[cut:].tolist()
            self.released_times = sorted_t[:cut].tolist()
        else:
            out, self.released_times = [], []
        self.watermark_s = max(self.watermark_s, cutoff_s)
        return out


@dataclass(frozen=True, slots=True)
class Batch:
    """Released observations as columns; positions in the Channel frame."""

    observations: Sequence[Observation]
    t: Floats
    z: Floats
    """Positions ``(m, 2)`` in metres."""
    sigma_m: Floats
    kind: NDArray[np.int8]
    sensor: list[tuple[str, ObservationKind]]
    mmsi: NDArray[np.int64]
    """0 where the observation carries no identity."""
    vel: Floats
    """Grid velocity ``(m, 2)`` from speed and course where both are given, else nan."""

    def __len__(self) -> int:
        return int(self.t.shape[0])


def to_batch(
    observations: Sequence[Observation], times_s: Sequence[float] | None = None
) -> tuple[Batch, list[Observation]]:
    """Columns for ``observations`` (``times_s``: their POSIX times, if known); also
    returns those outside the projection's area (or with no usable ``sigma_m``), which
    are left out of the batch."""
    if not observations:
        empty = np.empty(0)
        return Batch(
            [],
            empty,
            np.empty((0, 2)),
            empty,
            np.empty(0, np.int8),
            [],
            np.empty(0, np.int64),
            np.empty((0, 2)),
        ), []
    time, lat, lon, sigma, kind, sensor, mmsi, speed, course = zip(
        *map(_FIELDS, observations), strict=True
    )
    lat_a = np.asarray(lat, dtype=np.float64)
    lon_a = np.asarray(lon, dtype=np.float64)
    sigma_a = np.asarray(sigma, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        ok = in_area(lat_a, lon_a) & np.isfinite(sigma_a) & (sigma_a > 0)
    if not ok.all():
        flags = ok.tolist()
        good = [o for o, keep in zip(observations, flags, strict=True) if keep]
        outside = [o for o, keep in zip(observations, flags, strict=True) if not keep]
        return to_batch(good)[0], outside
    m = len(observations)
    if times_s is not None and len(times_s) == m:
        t = np.asarray(times_s, dtype=np.float64)
    else:
        t = np.fromiter((x.timestamp() for x in time), np.float64, m)
    x_m, y_m = to_metric(lat_a, lon_a)
    kind_a = np.fromiter((KIND_CODE[k] for k in kind), np.int8, m)
    mmsi_a = np.fromiter((i or 0 for i in mmsi), np.int64, m)
    sp = np.fromiter((np.nan if s is None else s for s in speed), np.float64, m)
    co = np.fromiter((np.nan if c is None else c for c in course), np.float64, m)
    vel = np.full((m, 2), np.nan)
    with np.errstate(invalid="ignore"):
        # AIS "not available" values (SOG 102.3, COG 360) carry no velocity.
        has = np.isfinite(sp) & np.isfinite(co) & (sp >= 0) & (sp < 102.2) & (co < 360.0)
    if has.any():
        vx, vy = to_grid_velocity(sp[has], co[has], lat_a[has], lon_a[has])
        vel[has, 0] = vx
        vel[has, 1] = vy
    sensors = list(zip(sensor, kind, strict=True))
    return Batch(
        observations, t, np.stack([x_m, y_m], axis=1), sigma_a, kind_a, sensors, mmsi_a, vel
    ), []


def frames(
    batch: Batch, sensor_index: dict[tuple[str, ObservationKind], int], frame_span_s: float
) -> list[tuple[int, NDArray[np.intp]]]:
    """Cut ``batch`` into frames ``(sensor number, row indices)`` ordered by start time.

    ``sensor_index`` maps (sensor_id, kind) to a number and is extended with new sensors.
    Frames are fixed bins of ``frame_span_s`` from each sensor's first time in the batch,
    so all plots of one radar scan time always fall in the same frame.
    """
    m = len(batch)
    if m == 0:
        return []
    codes = np.fromiter(
        (sensor_index.setdefault(s, len(sensor_index)) for s in batch.sensor), np.int64, m
    )
    t = batch.t
    t0 = np.full(int(codes.max()) + 1, np.inf)
    np.minimum.at(t0, codes, t)
    span = max(frame_span_s, 1e-9)
    bins = np.floor((t - t0[codes]) / span).astype(np.int64)
    key = codes * (int(bins.max()) + 1) + bins
    order = np.lexsort((t, key))
    k_sorted = key[order]
    bounds = np.flatnonzero(np.diff(k_sorted)) + 1
    groups = np.split(order, bounds)
    groups.sort(key=lambda g: (float(t[g[0]]), int(codes[g[0]])))
    return [(int(codes[g[0]]), g) for g in groups]
