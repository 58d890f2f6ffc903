# SPDX-License-Identifier: EUPL-1.2
"""Everything the tracker remembers between frames, in one place.

:class:`TrackerState` is the ``state`` of the tracking step: the live tracks
(:class:`~straitwatch.tracking.table.TrackTable`), the sensors met so far and their
coverage, the AIS static data heard, the duplicate watch, the recently ended tracks (for
re-acquisition, a bounded window), and counters. It holds no history: memory follows
the number of live tracks and sensors.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from straitwatch.sensors.observation import Identity, Observation, ObservationKind
from straitwatch.tracking.config import SensorModel, TrackerConfig
from straitwatch.tracking.gating import Ints
from straitwatch.tracking.kalman import Floats
from straitwatch.tracking.merge import DuplicateWatch
from straitwatch.tracking.reacquire import EndedTracks
from straitwatch.tracking.table import TrackTable

__all__ = ["Rejection", "TrackerState", "TrackerStats"]


@dataclass(slots=True)
class TrackerStats:
    """Running counts, for monitoring and for the end-of-run summary of ``straitwatch track``."""

    observations: int = 0
    late: int = 0
    """Arrived after their time had been processed (older than the reorder window)."""
    late_attached: int = 0
    """Late observations attached to the track they belong to (the others are refused)."""
    outside_area: int = 0
    """Outside the projection's area, or with no usable ``sigma_m``."""
    frames: int = 0
    tracks_started: int = 0
    tracks_confirmed: int = 0
    tracks_ended: int = 0
    merges: int = 0
    tracks_reacquired: int = 0
    """Newly confirmed tracks that took back the number of a track ended there."""
    ais_outliers: int = 0
    """AIS fixes far from their AIS-only track, skipped as bad fixes."""
    ais_reinits: int = 0
    identity_mismatches: int = 0
    """AIS fixes far from the radar-supported track carrying their MMSI."""


@dataclass(frozen=True, slots=True)
class Rejection:
    """An observation the tracker did not use, and why (``late`` or ``outside_area``)."""

    observation: Observation
    reason: str


@dataclass(slots=True)
class TrackerState:
    """The mutable state of one tracker."""

    config: TrackerConfig
    table: TrackTable
    next_no: int = 1
    frame_no: int = 0
    clock_s: float = -np.inf
    """Time up to which the picture is processed (POSIX seconds)."""
    last_merge_s: float = -np.inf
    stats: TrackerStats = field(default_factory=TrackerStats)
    sensor_index: dict[tuple[str, ObservationKind], int] = field(default_factory=dict)
    sensor_models: list[SensorModel] = field(default_factory=list)
    coverage: dict[int, Floats] = field(default_factory=dict)
    """Per scanning sensor: ``[x_min, x_max, y_min, y_max]`` of its plots so far."""
    identities: OrderedDict[int, Identity] = field(default_factory=OrderedDict)
    duplicates: DuplicateWatch = field(default_factory=DuplicateWatch)
    ended: EndedTracks = field(default_factory=EndedTracks)
    """Recently ended confirmed tracks, for re-acquisition."""
    shown_no: dict[int, int] = field(default_factory=dict)
    """Live tracks shown under a re-acquired number: internal ``track_no`` to the number
    in their id. Internally a track keeps the number it started with (merges keep the
    older track by it), so re-acquisition changes what is shown, never what is tracked."""
    source_names: dict[int, tuple[str, ...]] = field(default_factory=dict)
    """Cache: ``sources`` bit mask to sensor ids (a bit's sensor never changes)."""

    @classmethod
    def new(cls, config: TrackerConfig) -> TrackerState:
        return cls(config=config, table=TrackTable.empty(len(config.motion)))

    def model(self, sensor_no: int) -> SensorModel:
        """The sensor model of sensor number ``sensor_no`` (registering new ones)."""
        while len(self.sensor_models) < len(self.sensor_index):
            names = list(self.sensor_index)
            sensor_id, kind = names[len(self.sensor_models)]
            self.sensor_models.append(self.config.sensor_model(sensor_id, kind.value))
        return self.sensor_models[sensor_no]

    def shown(self, track_no: Ints) -> Ints:
        """The numbers tracks ``track_no`` are shown under (their own unless re-acquired)."""
        out = track_no.copy()
        if self.shown_no and out.size:
            keys = np.fromiter(self.shown_no.keys(), np.int64, len(self.shown_no))
            vals = np.fromiter(self.shown_no.values(), np.int64, len(self.shown_no))
            order = np.argsort(keys)
            keys, vals = keys[order], vals[order]
            at = np.minimum(np.searchsorted(keys, out), keys.size - 1)
            hit = keys[at] == out
            out[hit] = vals[at[hit]]
        return out

    def sensor_names(self, bits: int) -> tuple[str, ...]:
        """Sensor ids for a ``sources`` bit mask."""
        cached = self.source_names.get(bits)
        if cached is None:
            names = list(self.sensor_index)
            cached = tuple(names[i][0] for i in range(min(len(names), 64)) if bits >> i & 1)
            self.source_names[bits] = cached
        return cached

    def remember(self, identity: Identity) -> None:
        """Keep AIS static data, dropping the least recently heard MMSI past the cap."""
        self.identities[identity.mmsi] = identity
        self.identities.move_to_end(identity.mmsi)
        while len(self.identities) > self.config.identity_cache_size:
            self.identities.popitem(last=False)

    def vessel_name(self, mmsi: int) -> str | None:
        identity = self.identities.get(mmsi)
        return identity.name if identity else None
