# SPDX-License-Identifier: EUPL-1.2
"""The tracker: observations in, track updates out, one frame of arrays at a time.

>>> from datetime import UTC, datetime, timedelta
>>> from straitwatch.sensors.observation import Observation, ObservationKind
>>> tracker = Tracker(TrackerConfig(reorder_window_s=0.0))
>>> t0 = datetime(2024, 5, 1, 4, 0, tzinfo=UTC)
>>> out = []
>>> for k in range(4):
...     t = t0 + timedelta(seconds=2 * k)
...     plot = Observation(t, "radar-dover", ObservationKind.RADAR, 51.0, 1.5 + k * 1e-4, 15.0)
...     out += tracker.step([plot], now=t)
>>> out[-1].status.value, out[-1].track_id
('confirmed', 'T1')

Each call to :meth:`Tracker.step` buffers the new observations for the reorder window,
releases those older than ``now - reorder_window_s`` in time order, cuts them into
frames (one sensor, ``frame_span_s``), and for each frame: predicts every track to the
frame (vectorised), gates with a KD-tree and a Mahalanobis test, assigns by GNN per
conflict cluster, updates the assigned tracks with the IMM filter, starts tentative
tracks from plots that fell in no gate, books missed scans, confirms, coasts, merges
duplicates and ends tracks; a track confirmed where a confirmed track recently ended is
shown under the ended track's id (:mod:`~straitwatch.tracking.reacquire`).
Identity-bearing reports (an MMSI) take the AIS path of
:mod:`straitwatch.tracking.identity`. The state lives in a
:class:`~straitwatch.tracking.table.TrackTable` of NumPy columns; no per-track history is
kept here, so memory follows the number of live tracks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime

import numpy as np

from straitwatch.errors import InvalidInput
from straitwatch.sensors.observation import Identity, Observation
from straitwatch.tracking import management as mgmt
from straitwatch.tracking.association import associate_plots, associate_reports
from straitwatch.tracking.config import TrackerConfig
from straitwatch.tracking.frames import Batch, ReorderBuffer, frames, to_batch
from straitwatch.tracking.gating import Ints
from straitwatch.tracking.kalman import Floats
from straitwatch.tracking.late import PastPositions, match_late
from straitwatch.tracking.merge import absorb
from straitwatch.tracking.output import emit
from straitwatch.tracking.state import Rejection, TrackerState, TrackerStats
from straitwatch.tracking.table import Status
from straitwatch.tracking.track import TrackUpdate

__all__ = ["Tracker"]


def _seconds(when: datetime, what: str) -> float:
    if when.tzinfo is None:
        raise InvalidInput(f"{what} must be timezone-aware UTC, got naive {when.isoformat()}")
    return when.timestamp()


class Tracker:
    """Multi-sensor tracker for the Channel picture.

    ``Tracker(config)`` then, on every batch of new observations (or every tick of a live
    loop, with an empty batch), ``tracker.step(observations, now)``; at the end of a
    file, ``tracker.flush()``. Both return the :class:`TrackUpdate` stream. AIS static
    data goes to ``identify()``. ``snapshot()`` gives the whole current picture.
    ``stats`` counts what happened.

    Observations the filter cannot take are handed to two seams, never queued: ``late``
    receives the updates of late observations attached to the track they belong to (at
    the observation's time, flagged ``late``: for history, not the live state; see
    :mod:`~straitwatch.tracking.late`), ``refused`` the observations no track can use
    (late and matching no track, outside the area), each with its reason, for the
    dead-letter store. Without them these are only counted in ``stats``.
    """

    def __init__(
        self,
        config: TrackerConfig | None = None,
        *,
        id_prefix: str = "T",
        late: Callable[[list[TrackUpdate]], None] | None = None,
        refused: Callable[[list[Rejection]], None] | None = None,
    ) -> None:
        self.config = config or TrackerConfig()
        self.id_prefix = id_prefix
        self.state = TrackerState.new(self.config)
        self._on_late = late
        self._on_refused = refused
        self.past = PastPositions()
        self._past_at = -np.inf
        self._buffer = ReorderBuffer(self.config.reorder_window_s)

    # -- public surface ---------------------------------------------------------------

    def connect(
        self,
        *,
        late: Callable[[list[TrackUpdate]], None] | None,
        refused: Callable[[list[Rejection]], None] | None,
    ) -> None:
        """Set the two seams (see the class): a tracker restored from a checkpoint
        is connected to the process that restored it."""
        self._on_late = late
        self._on_refused = refused

    @property
    def stats(self) -> TrackerStats:
        return self.state.stats

    @property
    def clock(self) -> datetime | None:
        """Time up to which observations have been processed (``None`` before any)."""
        c = self.state.clock_s
        return datetime.fromtimestamp(c, UTC) if np.isfinite(c) else None

    def __len__(self) -> int:
        return len(self.state.table)

    def step(self, observations: Iterable[Observation], now: datetime) -> list[TrackUpdate]:
        """Take new observations; process everything older than ``now - reorder_window_s``."""
        now_s = _seconds(now, "now")
        late = self._buffer.push(observations)
        self.state.stats.late += len(late)
        if late:
            self._late(late)
        out = self._process(self._buffer.release(now_s))
        out += self._tick(now_s - self.config.reorder_window_s)
        self._remember_past()
        return out

    def _remember_past(self) -> None:
        """Every track's position, every ``past.every_s`` of the clock (for late data)."""
        clock = self.state.clock_s
        if not np.isfinite(clock) or clock - self._past_at < self.past.every_s:
            return
        self._past_at = clock
        tbl = self.state.table
        rows = np.arange(len(tbl))
        x, _ = self._predicted(rows, np.full(rows.size, clock))
        self.past.record(tbl.track_no, np.full(rows.size, clock), x[:, :2])

    def identify(self, identity: Identity) -> None:
        """Take AIS static data (name, call sign, length) for the vessel ``identity.mmsi``;
        its tracks carry the name from their next update."""
        self.state.remember(identity)

    def flush(self) -> list[TrackUpdate]:
        """Process everything still held in the reorder buffer (end of input)."""
        return self._process(self._buffer.drain())

    def snapshot(
        self, at: datetime | None = None, *, include_tentative: bool = False
    ) -> list[TrackUpdate]:
        """Every live track predicted to ``at`` (default: the tracker's clock)."""
        tbl = self.state.table
        at_s = self.state.clock_s if at is None else _seconds(at, "at")
        keep = np.ones(len(tbl), bool) if include_tentative else tbl.status != Status.TENTATIVE
        rows = np.flatnonzero(keep)
        x, p = self._predicted(rows, np.full(rows.size, at_s))
        return self._emit(rows, x, p, np.full(rows.size, at_s))

    def estimates_m(self, at_s: float, *, confirmed_only: bool = True) -> tuple[Ints, Floats]:
        """Track numbers and positions ``(n, 2)`` in the Channel frame at ``at_s``
        (POSIX seconds): the cheap view used by the benchmark's metrics."""
        tbl = self.state.table
        keep = tbl.status != Status.TENTATIVE if confirmed_only else np.ones(len(tbl), bool)
        rows = np.flatnonzero(keep)
        x, _ = self._predicted(rows, np.full(rows.size, at_s))
        return self.state.shown(tbl.track_no[rows]).astype(np.intp), x[:, :2]

    # -- the step ---------------------------------------------------------------------

    def _reject(self, observations: Sequence[Observation], reason: str) -> None:
        if self._on_refused is not None and observations:
            self._on_refused([Rejection(o, reason) for o in observations])

    def _late(self, late: list[Observation]) -> None:
        """Late observations: an update of the track each belongs to, at its time."""
        batch, outside = to_batch(late)
        self._reject(outside, "outside_area")
        tbl = self.state.table
        rows = match_late(
            tbl.x,
            tbl.p,
            tbl.t,
            tbl.first_s,
            tbl.mmsi,
            batch.z,
            batch.t,
            batch.sigma_m,
            batch.mmsi,
            past=(self.past, tbl.track_no),
        )
        found = rows >= 0
        self.state.stats.late_attached += int(found.sum())
        self._reject([o for o, ok in zip(batch.observations, found, strict=True) if not ok], "late")
        if not found.any() or self._on_late is None:
            return
        idx = rows[found]
        x = tbl.x[idx].copy()
        x[:, :2] = batch.z[found]
        self._on_late(self._emit(idx, x, tbl.p[idx], batch.t[found], extra_flags=("late",)))

    def _process(self, released: list[Observation]) -> list[TrackUpdate]:
        state = self.state
        state.stats.observations += len(released)
        batch, outside = to_batch(released, self._buffer.released_times)
        if outside:
            self._reject(outside, "outside_area")
            state.stats.outside_area += len(outside)
        out: list[TrackUpdate] = []
        for sensor_no, obs in frames(batch, state.sensor_index, self.config.frame_span_s):
            out += self._frame(batch, sensor_no, obs)
        return out

    def _frame(self, batch: Batch, sensor_no: int, obs: Ints) -> list[TrackUpdate]:
        state, cfg = self.state, self.config
        model = state.model(sensor_no)
        state.frame_no += 1
        state.stats.frames += 1
        state.clock_s = clock = max(state.clock_s, float(batch.t[obs].max()))
        tbl = state.table
        was_tentative = tbl.track_no[tbl.status == Status.TENTATIVE]
        first_new = state.next_no
        identified = batch.mmsi[obs] > 0
        touched = [associate_reports(state, batch, obs[identified], sensor_no, model)]
        touched.append(associate_plots(state, batch, obs[~identified], sensor_no, model))
        hit_rows = np.unique(np.concatenate(touched))
        tbl = state.table
        if model.scanning:
            hit = np.zeros(len(tbl), bool)
            hit[hit_rows] = True
            self._count_misses(sensor_no, batch.z[obs], hit, clock, model.revisit_s)
        promoted, coasting = mgmt.update_status(tbl, clock, cfg)
        state.stats.tracks_confirmed += promoted.size
        self._reacquire(was_tentative, first_new, clock)
        rows = np.unique(np.concatenate([hit_rows, promoted, coasting]))
        if not cfg.emit_tentative:
            rows = rows[tbl.status[rows] != Status.TENTATIVE]
        # Hit tracks are reported at their update time, the others predicted to the clock.
        times = np.where(np.isin(rows, hit_rows), tbl.t[rows], clock)
        x, p = self._predicted(rows, times)
        out = self._emit(rows, x, p, times)
        merge_now = model.scanning or clock - state.last_merge_s >= cfg.merge_interval_s
        return out + self._end_tracks(clock, merge=merge_now)

    def _tick(self, clock: float) -> list[TrackUpdate]:
        """Advance the clock with no new data: coasting and deletions only."""
        state = self.state
        if not clock > state.clock_s:
            return []
        state.clock_s = clock
        _, coasting = mgmt.update_status(state.table, clock, self.config)
        if not self.config.emit_tentative:
            coasting = coasting[state.table.status[coasting] != Status.TENTATIVE]
        times = np.full(coasting.size, clock)
        x, p = self._predicted(coasting, times)
        return self._emit(coasting, x, p, times) + self._end_tracks(clock, merge=False)

    def _count_misses(
        self, sensor_no: int, z: Floats, hit: np.ndarray, clock: float, revisit_s: float
    ) -> None:
        box = self.state.coverage.get(sensor_no)
        lo, hi = z.min(axis=0), z.max(axis=0)
        if box is None:
            box = np.array([lo[0], hi[0], lo[1], hi[1]])
        else:
            box = np.array(
                [min(box[0], lo[0]), max(box[1], hi[0]), min(box[2], lo[1]), max(box[3], hi[1])]
            )
        self.state.coverage[sensor_no] = box
        tbl = self.state.table
        pos = tbl.x[:, :2] + tbl.x[:, 2:] * (clock - tbl.t)[:, None]
        inside = (pos[:, 0] >= box[0]) & (pos[:, 0] <= box[1])
        inside &= (pos[:, 1] >= box[2]) & (pos[:, 1] <= box[3])
        mgmt.count_misses(tbl, hit, inside, clock, revisit_s)

    def _end_tracks(self, clock: float, *, merge: bool) -> list[TrackUpdate]:
        state, cfg = self.state, self.config
        tbl = state.table
        if len(tbl) == 0:
            return []
        xp, pp, _ = tbl.predict(None, np.maximum(clock - tbl.t, 0.0), cfg.motion, exact=False)
        dropped = np.zeros(len(tbl), bool)
        if merge:
            state.last_merge_s = clock
            for keep, drop in state.duplicates.check(tbl, xp, pp, clock, cfg):
                absorb(tbl, keep, drop, cfg)
                dropped[drop] = True
            state.stats.merges += int(dropped.sum())
        gone = dropped | mgmt.expired(tbl, clock, mgmt.position_sigma_m(pp), cfg)
        if not gone.any():
            return []
        state.stats.tracks_ended += int(gone.sum())
        known = np.flatnonzero(gone & (tbl.status != Status.TENTATIVE))
        state.ended.add(
            state.shown(tbl.track_no[known]),
            tbl.x[known],
            tbl.t[known],
            tbl.mmsi[known],
            ended_s=clock,
        )
        rows = np.flatnonzero(gone & ((tbl.status != Status.TENTATIVE) | cfg.emit_tentative))
        times = np.full(rows.size, clock)
        merged = rows[dropped[rows]]
        out = self._emit(
            merged,
            tbl.x[merged],
            tbl.p[merged],
            times[: merged.size],
            ended=True,
            extra_flags=("merged",),
        )
        plain = rows[~dropped[rows]]
        out += self._emit(plain, tbl.x[plain], tbl.p[plain], times[: plain.size], ended=True)
        if state.shown_no:
            for no in tbl.track_no[gone].tolist():
                state.shown_no.pop(no, None)
        self.past.forget(tbl.track_no[gone].tolist())
        state.table = tbl.take(~gone)
        return out

    def _reacquire(self, was_tentative: Ints, first_new: int, clock: float) -> None:
        """Tracks confirmed in this frame take back the number of a track that ended
        where they are (:mod:`~straitwatch.tracking.reacquire`)."""
        state = self.state
        tbl = state.table
        nos = tbl.track_no
        fresh = (nos >= first_new) | np.isin(nos, was_tentative)
        rows = np.flatnonzero(fresh & (tbl.status != Status.TENTATIVE))
        if rows.size == 0 or len(state.ended) == 0:
            return
        old = state.ended.claim(
            tbl.x[rows],
            tbl.p[rows],
            tbl.t[rows],
            tbl.mmsi[rows],
            clock_s=clock,
            rule=self.config.reacquire,
        )
        back = old > 0
        for no, shown in zip(tbl.track_no[rows[back]].tolist(), old[back].tolist(), strict=True):
            state.shown_no[no] = shown
        state.stats.tracks_reacquired += int(back.sum())

    # -- helpers ----------------------------------------------------------------------

    def _predicted(self, rows: Ints, times: Floats) -> tuple[Floats, Floats]:
        """States of ``rows`` at ``times``: only the rows not already there are predicted."""
        tbl = self.state.table
        dt = np.maximum(times - tbl.t[rows], 0.0)
        x, p = tbl.x[rows], tbl.p[rows]
        ahead = dt > 0
        if ahead.any():
            xp, pp, _ = tbl.predict(rows[ahead], dt[ahead], self.config.motion)
            x[ahead], p[ahead] = xp, pp
        return x, p

    def _emit(
        self,
        rows: Ints,
        x: Floats,
        p: Floats,
        times: Floats,
        *,
        ended: bool = False,
        extra_flags: tuple[str, ...] = (),
    ) -> list[TrackUpdate]:
        state = self.state
        prefix = self.id_prefix
        shown = state.shown_no
        return emit(
            state.table,
            rows,
            x,
            p,
            times,
            state.clock_s,
            self.config,
            track_id=lambda no: f"{prefix}{shown.get(no, no)}",
            sources=state.sensor_names,
            name=state.vessel_name,
            ended=ended,
            extra_flags=extra_flags,
        )
