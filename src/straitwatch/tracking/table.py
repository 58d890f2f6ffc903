# SPDX-License-Identifier: EUPL-1.2
"""The live tracks as one table of NumPy columns (structure of arrays).

Row ``i`` of every column is one track. The tracker gathers the rows it works on with
fancy indexing, computes on whole columns, and scatters results back; new tracks are
appended and ended ones dropped once per frame, so memory follows the number of live
tracks and nothing else. Times are POSIX seconds (UTC); ``nan`` means "never".

>>> t = TrackTable.empty(n_models=2)
>>> len(t), t.xm.shape
(0, (0, 2, 4))
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import IntEnum, IntFlag
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["Flag", "Status", "TrackTable"]


class Status(IntEnum):
    """Track status as stored in the table (``TrackStatus`` at the edge)."""

    TENTATIVE = 0
    CONFIRMED = 1
    COASTING = 2
    ENDED = 3


class Flag(IntFlag):
    """Bits of the ``flags`` column; their lower-case names are emitted as flags."""

    IDENTITY_MISMATCH = 1
    SMALL_BOAT_SIGHTED = 2
    PERSONS_IN_WATER = 4


@dataclass(slots=True)
class TrackTable:
    """All live tracks; every field is an array whose first axis is the track."""

    track_no: NDArray[np.int64]
    status: NDArray[np.int8]
    xm: NDArray[np.float64]
    """Per-model states ``(n, M, 4)``."""
    pm: NDArray[np.float64]
    """Per-model covariances ``(n, M, 4, 4)``."""
    mu: NDArray[np.float64]
    """Model probabilities ``(n, M)``."""
    x: NDArray[np.float64]
    """Combined state ``(n, 4)`` at time ``t``."""
    p: NDArray[np.float64]
    """Combined covariance ``(n, 4, 4)``."""
    t: NDArray[np.float64]
    """Time of the state (the last update)."""
    first_s: NDArray[np.float64]
    last_hit_s: NDArray[np.float64]
    last_ais_s: NDArray[np.float64]
    first_nonais_s: NDArray[np.float64]
    last_nonais_s: NDArray[np.float64]
    coast_at_s: NDArray[np.float64]
    expire_at_s: NDArray[np.float64]
    """End of life of a moving track (no hit by then)."""
    expire_slow_at_s: NDArray[np.float64]
    """End of life of a track slower than ``slow_kn`` (ships at anchor report rarely)."""
    interval_s: NDArray[np.float64]
    """Smoothed time between hits from reporting sensors (``nan`` until two hits)."""
    band_since_s: NDArray[np.float64]
    """Since when the speed has stayed in the small-boat band (``nan``: not in it)."""
    anchor_t_s: NDArray[np.float64]
    """Time of the anchor the distance made good is measured from (``nan``: none yet)."""
    anchor_m: NDArray[np.float64]
    """Position ``(n, 2)`` of that anchor."""
    length_m: NDArray[np.float64]
    hist: NDArray[np.uint32]
    """Hit (1) / missed scan (0) bits, newest in bit 0, for M-of-N."""
    n_opps: NDArray[np.int32]
    """How many bits of ``hist`` are real (hits plus missed scans so far)."""
    misses: NDArray[np.int32]
    """Consecutive missed scans."""
    report_hits: NDArray[np.int32]
    mmsi: NDArray[np.int64]
    """AIS identity, 0 for none."""
    sources: NDArray[np.uint64]
    """Bit per sensor (index in the tracker's sensor registry, first 64 sensors)."""
    flags: NDArray[np.uint32]
    mismatch_streak: NDArray[np.int16]
    agree_streak: NDArray[np.int16]
    outlier_streak: NDArray[np.int16]
    last_frame: NDArray[np.int64]
    """Number of the last scanning frame that hit the track (duplicate detection)."""
    persons: NDArray[np.int32]
    """Largest persons estimate from sightings, -1 for none."""

    def __len__(self) -> int:
        return int(self.track_no.shape[0])

    @classmethod
    def empty(cls, n_models: int) -> TrackTable:
        return cls.blank(0, n_models)

    @classmethod
    def blank(cls, n: int, n_models: int) -> TrackTable:
        """``n`` rows of defaults (no identity, never seen); callers fill in the rest."""
        nan = np.full(n, np.nan)
        return cls(
            track_no=np.zeros(n, np.int64),
            status=np.zeros(n, np.int8),
            xm=np.zeros((n, n_models, 4)),
            pm=np.zeros((n, n_models, 4, 4)),
            mu=np.full((n, n_models), 1.0 / n_models),
            x=np.zeros((n, 4)),
            p=np.zeros((n, 4, 4)),
            t=np.zeros(n),
            first_s=np.zeros(n),
            last_hit_s=np.zeros(n),
            last_ais_s=nan.copy(),
            first_nonais_s=nan.copy(),
            last_nonais_s=nan.copy(),
            coast_at_s=np.zeros(n),
            expire_at_s=np.zeros(n),
            expire_slow_at_s=np.zeros(n),
            interval_s=nan.copy(),
            band_since_s=nan.copy(),
            anchor_t_s=nan.copy(),
            anchor_m=np.zeros((n, 2)),
            length_m=nan.copy(),
            hist=np.zeros(n, np.uint32),
            n_opps=np.zeros(n, np.int32),
            misses=np.zeros(n, np.int32),
            report_hits=np.zeros(n, np.int32),
            mmsi=np.zeros(n, np.int64),
            sources=np.zeros(n, np.uint64),
            flags=np.zeros(n, np.uint32),
            mismatch_streak=np.zeros(n, np.int16),
            agree_streak=np.zeros(n, np.int16),
            outlier_streak=np.zeros(n, np.int16),
            last_frame=np.full(n, -1, np.int64),
            persons=np.full(n, -1, np.int32),
        )

    def _columns(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def predict(
        self,
        rows: NDArray[np.intp] | None,
        dt_s: NDArray[np.float64],
        motion: tuple[Any, ...],
        *,
        exact: bool = True,
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        """Combined state, covariance and effective ``q`` of ``rows`` (all when ``None``)
        predicted ``dt_s`` ahead; the table is not changed."""
        from straitwatch.tracking.kalman import predict_combined

        sel = slice(None) if rows is None else rows
        x, p = self.x[sel], self.p[sel]
        if not dt_s.any():
            q_cv = np.array([0.0 if m.stationary else m.q_m2ps3 for m in motion])
            return x, p, self.mu[sel] @ q_cv
        return predict_combined(
            x, p, self.mu[sel], dt_s, motion, xm=self.xm[sel], pm=self.pm[sel], exact=exact
        )

    def take(self, index: NDArray[Any]) -> TrackTable:
        """The rows at ``index`` (integer indices or a boolean mask), as a new table."""
        return TrackTable(**{k: v[index] for k, v in self._columns().items()})

    def extend(self, other: TrackTable) -> TrackTable:
        """This table with ``other``'s rows appended."""
        if len(other) == 0:
            return self
        theirs = other._columns()
        return TrackTable(**{k: np.concatenate([v, theirs[k]]) for k, v in self._columns().items()})
