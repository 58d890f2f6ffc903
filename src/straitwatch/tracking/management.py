# SPDX-License-Identifier: EUPL-1.2
"""Track life: hits and missed scans, M-of-N confirmation, coasting and deletion.

Pure functions over :class:`~straitwatch.tracking.table.TrackTable` columns, in place.
A *hit* is an observation assigned to a track; a *missed scan* is a revisit of a
scanning sensor whose coverage holds the track without a plot for it. Tentative tracks
are confirmed by M hits in their first N opportunities (scanning sensors) or by a
sensor's ``confirm_hits`` reports (reporting sensors); they end as soon as M can no
longer be reached, which is what keeps clutter from living on. Confirmed tracks coast
through misses and end on time-out or when their position error grows past
``max_sigma_m``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from straitwatch.geo.projection import KNOT_MPS
from straitwatch.tracking.config import SensorModel, TrackerConfig
from straitwatch.tracking.gating import Ints
from straitwatch.tracking.kalman import Floats
from straitwatch.tracking.table import Status, TrackTable

__all__ = [
    "count_misses",
    "expired",
    "position_sigma_m",
    "record_hits",
    "update_status",
]

Bools = NDArray[np.bool_]


def position_sigma_m(cov: Floats) -> Floats:
    """1-σ of the major axis of each position covariance (``cov`` is ``(n, ≥2, ≥2)``)."""
    a, b, c = cov[:, 0, 0], cov[:, 0, 1], cov[:, 1, 1]
    half_tr = 0.5 * (a + c)
    disc = np.sqrt(np.maximum(half_tr**2 - (a * c - b * b), 0.0))
    return np.asarray(np.sqrt(np.maximum(half_tr + disc, 0.0)))


def record_hits(
    tbl: TrackTable,
    rows: Ints,
    t: Floats,
    sensor_no: int,
    model: SensorModel,
    frame_no: int,
    kind_is_ais: Bools,
    cfg: TrackerConfig,
    identified: Bools | None = None,
) -> int:
    """Book-keeping for tracks ``rows`` hit at times ``t`` by one sensor's frame; returns
    how many tentative tracks the hits confirmed (reporting sensors).

    ``kind_is_ais`` marks AIS reports (the rest is independent support: radar, sightings);
    ``identified`` marks observations carrying an MMSI (AIS, or a radar plot the radar
    has associated with AIS), which count as the identity being heard.
    """
    if rows.size == 0:
        return 0
    tbl.hist[rows] = (tbl.hist[rows] << np.uint32(1)) | np.uint32(1)
    tbl.n_opps[rows] += 1
    tbl.misses[rows] = 0
    tentative = tbl.status[rows] == Status.TENTATIVE
    timeout = np.where(tentative, model.tentative_timeout_s, model.timeout_s)
    tbl.expire_slow_at_s[rows] = np.fmax(tbl.expire_slow_at_s[rows], t + timeout)
    if not model.scanning and model.timeout_reports > 0:
        # Learn each track's report interval; a moving track ends after a few missed.
        gap = t - tbl.last_hit_s[rows]
        old = tbl.interval_s[rows]
        fresh = gap > 0.5  # a second receiver's copy of the same report says nothing
        smoothed = np.where(np.isnan(old), gap, 0.7 * old + 0.3 * gap)
        tbl.interval_s[rows] = np.where(fresh & (tbl.n_opps[rows] > 1), smoothed, old)
        adaptive = np.clip(
            model.timeout_reports * tbl.interval_s[rows], model.coast_after_s, model.timeout_s
        )
        timeout = np.where(tentative | np.isnan(adaptive), timeout, adaptive)
    tbl.expire_at_s[rows] = np.fmax(tbl.expire_at_s[rows], t + timeout)
    tbl.last_hit_s[rows] = np.fmax(tbl.last_hit_s[rows], t)
    tbl.coast_at_s[rows] = np.fmax(tbl.coast_at_s[rows], t + model.coast_after_s)
    if sensor_no < 64:
        tbl.sources[rows] |= np.uint64(1) << np.uint64(sensor_no)
    tbl.last_frame[rows] = frame_no
    if not model.scanning:
        tbl.report_hits[rows] += 1
        ready = rows[tentative & (tbl.report_hits[rows] >= model.confirm_hits)]
        confirm(tbl, ready, model)
    heard = kind_is_ais if identified is None else kind_is_ais | identified
    ais_rows, other = rows[heard], rows[~kind_is_ais]
    tbl.last_ais_s[ais_rows] = np.fmax(tbl.last_ais_s[ais_rows], t[heard])
    tbl.last_nonais_s[other] = np.fmax(tbl.last_nonais_s[other], t[~kind_is_ais])
    tbl.first_nonais_s[other] = np.fmin(tbl.first_nonais_s[other], t[~kind_is_ais])
    # A coasting track that is hit again is simply confirmed again.
    back = rows[tbl.status[rows] == Status.COASTING]
    tbl.status[back] = Status.CONFIRMED
    _small_boat_band(tbl, rows, t, cfg)
    return 0 if model.scanning else int(ready.size)


def _small_boat_band(tbl: TrackTable, rows: Ints, t: Floats, cfg: TrackerConfig) -> None:
    """Keep ``band_since_s``: since when the track has moved at a dinghy's speed, by its
    filtered speed, or by the distance it made good from an anchor point.

    The filtered speed of a slow boat seen by a distant radar (plots 90 m apart for a
    boat that moves 25 m a scan) jitters between 0 and 6 kn, and every dip below the band
    would start the count again; the distance made good over ``small_boat_after_s`` does
    not jitter. So a track that has made good a speed in the band since its anchor, at
    least ``small_boat_after_s`` ago, with no filtered speed above the band meanwhile (a
    dark ship at 13 kn is not a dinghy), has been in the band since the anchor. The anchor
    moves to the track's position when that fails.
    """
    lo, hi = cfg.small_boat_speed_kn
    speed_kn = np.hypot(tbl.x[rows, 2], tbl.x[rows, 3]) / KNOT_MPS
    pos = tbl.x[rows, :2]
    fresh = np.isnan(tbl.anchor_t_s[rows])
    tbl.anchor_t_s[rows[fresh]] = t[fresh]
    tbl.anchor_m[rows[fresh]] = pos[fresh]
    anchor_t = tbl.anchor_t_s[rows]
    elapsed = t - anchor_t
    judged = elapsed >= cfg.small_boat_after_s
    with np.errstate(divide="ignore", invalid="ignore"):
        made_good_kn = np.hypot(*(pos - tbl.anchor_m[rows]).T) / elapsed / KNOT_MPS
    above = speed_kn > hi
    held = judged & ~above & (made_good_kn >= lo) & (made_good_kn <= hi)
    restart = above | (judged & ~held)
    tbl.anchor_t_s[rows[restart]] = t[restart]
    tbl.anchor_m[rows[restart]] = pos[restart]
    filtered = (speed_kn >= lo) & ~above
    since = np.where(filtered, np.fmin(tbl.band_since_s[rows], t), np.nan)
    tbl.band_since_s[rows] = np.where(held, np.fmin(since, anchor_t), since)


def confirm(tbl: TrackTable, rows: Ints, model: SensorModel) -> None:
    """Promote tentative ``rows`` to confirmed and give them a confirmed track's lifetime."""
    tbl.status[rows] = Status.CONFIRMED
    for col in (tbl.expire_at_s, tbl.expire_slow_at_s):
        col[rows] = np.fmax(col[rows], tbl.last_hit_s[rows] + model.timeout_s)


def count_misses(
    tbl: TrackTable,
    hit: Bools,
    in_coverage: Bools,
    clock_s: float,
    revisit_s: float,
) -> None:
    """Missed scans of a scanning sensor's frame at ``clock_s`` for tracks not hit.

    A track has missed ``k`` scans when ``k`` revisits (less a quarter, for scan jitter)
    have passed since its last hit; only the new ones are shifted into its history.
    """
    cand = ~hit & in_coverage
    if not cand.any():
        return
    rows = np.flatnonzero(cand)
    k = np.floor((clock_s - tbl.last_hit_s[rows]) / revisit_s + 0.25).astype(np.int32)
    new = np.clip(k - tbl.misses[rows], 0, 31)
    more = new > 0
    rows, new, k = rows[more], new[more], k[more]
    tbl.hist[rows] = tbl.hist[rows] << new.astype(np.uint32)
    tbl.n_opps[rows] += new
    tbl.misses[rows] = k


def update_status(tbl: TrackTable, clock_s: float, cfg: TrackerConfig) -> tuple[Ints, Ints]:
    """M-of-N confirmation and coasting at ``clock_s``; returns the rows that changed
    to confirmed and to coasting."""
    window = np.uint32((1 << cfg.confirm_n) - 1)
    hits = np.bitwise_count(tbl.hist & window)
    tentative = tbl.status == Status.TENTATIVE
    promote = np.flatnonzero(tentative & (hits >= cfg.confirm_m))
    tbl.status[promote] = Status.CONFIRMED
    # The lifetime of a confirmed track: the longest radar time-out by default.
    for col in (tbl.expire_at_s, tbl.expire_slow_at_s):
        col[promote] = np.fmax(col[promote], tbl.last_hit_s[promote] + cfg.radar.timeout_s)
    confirmed = tbl.status == Status.CONFIRMED
    coasting = np.flatnonzero(confirmed & ((tbl.misses > 0) | (clock_s > tbl.coast_at_s)))
    tbl.status[coasting] = Status.COASTING
    return promote, coasting


def expired(tbl: TrackTable, clock_s: float, sigma_m: Floats, cfg: TrackerConfig) -> Bools:
    """Tracks to end at ``clock_s``: time-out, covariance growth, or (tentative) M-of-N lost.

    ``sigma_m`` is each track's position 1-σ predicted to ``clock_s``.
    """
    window = np.uint32((1 << cfg.confirm_n) - 1)
    hits = np.bitwise_count(tbl.hist & window)
    seen = np.minimum(tbl.n_opps, cfg.confirm_n)
    lost = (tbl.status == Status.TENTATIVE) & (seen - hits > cfg.confirm_n - cfg.confirm_m)
    slow = np.hypot(tbl.x[:, 2], tbl.x[:, 3]) < cfg.slow_kn * KNOT_MPS
    expiry = np.where(slow, np.fmax(tbl.expire_at_s, tbl.expire_slow_at_s), tbl.expire_at_s)
    return np.asarray(lost | (clock_s > expiry) | (sigma_m > cfg.max_sigma_m))
