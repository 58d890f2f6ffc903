# SPDX-License-Identifier: EUPL-1.2
"""Positions as columns: the plain data every behaviour rule reads.

One row per sensed position of a vessel: ``vessel`` is an integer key (the MMSI for AIS;
a negative number for a track without AIS, named in :class:`VesselNames`), times in
POSIX seconds, positions in the Channel frame (metres), speed in knots (``nan`` where
the sensor gave none: it is then taken from the positions).

>>> p = Positions.from_latlon([235000001, 235000001], [0.0, 60.0], [51.0, 51.0],
...                           [1.5, 1.5015], [float("nan")] * 2)
>>> round(float(p.speed_kn[1]), 1)
3.4
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from straitwatch.geo.projection import KNOT_MPS, to_metric, to_wgs84

__all__ = ["Positions", "VesselNames", "group_bounds"]

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


def group_bounds(keys: NDArray[np.int64]) -> tuple[Ints, Ints]:
    """``(starts, ends)`` of the runs of equal values in sorted ``keys`` (ends exclusive)."""
    if keys.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    cut = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    starts = np.concatenate([[0], cut]).astype(np.int64)
    ends = np.concatenate([cut, [keys.size]]).astype(np.int64)
    return starts, ends


@dataclass(frozen=True, slots=True)
class Positions:
    """Columns of equal length, sorted by ``(vessel, t_s)`` (see :meth:`sorted`)."""

    vessel: Ints
    t_s: Floats
    x_m: Floats
    y_m: Floats
    speed_kn: Floats

    def __len__(self) -> int:
        return int(self.vessel.size)

    @classmethod
    def empty(cls) -> Positions:
        z = np.zeros(0)
        return cls(np.zeros(0, np.int64), z, z, z, z)

    @classmethod
    def from_latlon(
        cls,
        vessel: ArrayLike,
        t_s: ArrayLike,
        lat: ArrayLike,
        lon: ArrayLike,
        speed_kn: ArrayLike,
    ) -> Positions:
        """Positions from WGS84 columns; sorted, speeds filled from the positions."""
        x_m, y_m = to_metric(lat, lon)
        return cls.from_metric(vessel, t_s, x_m, y_m, speed_kn)

    @classmethod
    def from_metric(
        cls,
        vessel: ArrayLike,
        t_s: ArrayLike,
        x_m: ArrayLike,
        y_m: ArrayLike,
        speed_kn: ArrayLike,
    ) -> Positions:
        p = cls(
            np.asarray(vessel, np.int64),
            np.asarray(t_s, np.float64),
            np.asarray(x_m, np.float64),
            np.asarray(y_m, np.float64),
            np.asarray(speed_kn, np.float64),
        ).sorted()
        return p.with_speeds()

    def take(self, idx: NDArray[np.intp] | NDArray[np.bool_]) -> Positions:
        return Positions(
            self.vessel[idx], self.t_s[idx], self.x_m[idx], self.y_m[idx], self.speed_kn[idx]
        )

    def sorted(self) -> Positions:
        """By vessel, then time. Input in time order (a feed) takes a stable radix sort by
        vessel alone, several times faster than the two-key sort."""
        if self.t_s.size < 2 or bool((self.t_s[1:] >= self.t_s[:-1]).all()):
            return self.take(np.argsort(self.vessel, kind="stable"))
        return self.take(np.lexsort((self.t_s, self.vessel)))

    @staticmethod
    def concat(parts: Sequence[Positions]) -> Positions:
        parts = [p for p in parts if len(p)]
        if not parts:
            return Positions.empty()
        if len(parts) == 1:
            return parts[0]
        return Positions(
            np.concatenate([p.vessel for p in parts]),
            np.concatenate([p.t_s for p in parts]),
            np.concatenate([p.x_m for p in parts]),
            np.concatenate([p.y_m for p in parts]),
            np.concatenate([p.speed_kn for p in parts]),
        )

    def with_speeds(self) -> Positions:
        """Unknown speeds (``nan``) from the distance to the vessel's previous position."""
        missing = np.isnan(self.speed_kn)
        if not missing.any():
            return self
        speed = self.speed_kn.copy()
        made_good = np.zeros(len(self))
        if len(self) > 1:
            same = self.vessel[1:] == self.vessel[:-1]
            dt = np.diff(self.t_s)
            dist = np.hypot(np.diff(self.x_m), np.diff(self.y_m))
            with np.errstate(divide="ignore", invalid="ignore"):
                kn = np.where(same & (dt > 0), dist / dt / KNOT_MPS, 0.0)
            made_good[1:] = kn
        speed[missing] = made_good[missing]
        return Positions(self.vessel, self.t_s, self.x_m, self.y_m, speed)

    def latlon(self, rows: NDArray[np.intp]) -> tuple[Floats, Floats]:
        return to_wgs84(self.x_m[rows], self.y_m[rows])


@dataclass(slots=True)
class VesselNames:
    """Labels of vessel keys: ``MMSI n`` for AIS keys, the track id for dark tracks."""

    tracks: dict[int, str] = field(default_factory=dict)
    _keys: dict[str, int] = field(default_factory=dict)

    def key_for_track(self, track_id: str) -> int:
        """A negative key for a track without AIS, the same each time it is asked."""
        key = self._keys.get(track_id)
        if key is None:
            key = self._keys[track_id] = -(len(self._keys) + 1)
            self.tracks[key] = track_id
        return key

    def label(self, key: int) -> str:
        return f"MMSI {key}" if key > 0 else self.tracks.get(key, f"track {-key}")


def merged(earlier: Positions, later: Positions) -> tuple[Positions, NDArray[np.intp]]:
    """Two sorted parts, every row of ``earlier`` no later than ``later``'s rows of the
    same vessel, sorted together (a stable sort by vessel keeps each vessel's rows in time
    order); and the order applied to their concatenation."""
    both = Positions.concat([earlier, later])
    order = np.argsort(both.vessel, kind="stable")
    return both.take(order), order


def with_tail(tail: Positions, chunk: Positions) -> tuple[Positions, NDArray[np.bool_]]:
    """``tail`` (rows kept from earlier chunks) and ``chunk`` sorted together, and which
    rows are new (from ``chunk``)."""
    both, order = merged(tail, chunk)
    return both, order >= len(tail)


def last_rows(p: Positions, k: int) -> NDArray[np.bool_]:
    """The last ``k`` rows of each vessel in sorted ``p``."""
    if len(p) == 0:
        return np.zeros(0, bool)
    _, ends = group_bounds(p.vessel)
    end_of_row = np.repeat(ends, np.diff(np.concatenate([[0], ends])))
    return np.asarray(end_of_row - np.arange(len(p)) <= k)
