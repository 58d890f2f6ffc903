# SPDX-License-Identifier: EUPL-1.2
"""Finding two tracks on one vessel, so that one track never becomes many.

Duplicates arise when the first AIS fix of a ship misses its radar track (antenna offset,
latency): AIS then feeds one track and radar another; or when a vessel's plots, after a
gap, start a second track beside the first and then alternate between the two. Two
tracks are duplicates when their positions *and* velocities agree (χ² over four
dimensions) for a while and no frame ever hit both: a dark boat alongside a ship that
radar resolves is hit by the same scan as the ship's track, which proves the two distinct
for as long as they stay close.

An identified and an unidentified track merge after ``merge_after_s`` within
``merge_gate_d2`` (the AIS–radar offset allowed for); two unidentified confirmed tracks
only after ``anonymous_merge_after_s`` within the tighter ``anonymous_merge_gate_d2``.
Two different MMSIs are never merged.

>>> watch = DuplicateWatch()
>>> len(watch)
0
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

from straitwatch.tracking.config import TrackerConfig
from straitwatch.tracking.kalman import Floats
from straitwatch.tracking.table import Status, TrackTable

__all__ = ["DuplicateWatch", "absorb"]

_DISTINCT = -1.0
"""Marks a pair proven distinct (hit by one frame); other values: when it became close."""


class DuplicateWatch:
    """Close pairs of tracks and since when they have agreed."""

    def __init__(self) -> None:
        self._since: dict[tuple[int, int], float] = {}

    def __len__(self) -> int:
        return len(self._since)

    def check(
        self, tbl: TrackTable, xp: Floats, pp: Floats, clock_s: float, cfg: TrackerConfig
    ) -> list[tuple[int, int]]:
        """Pairs ``(keep_row, drop_row)`` to merge now; ``xp``/``pp`` are the tracks
        predicted to ``clock_s``."""
        pairs = (
            cKDTree(xp[:, :2]).query_pairs(cfg.merge_radius_m, output_type="ndarray")
            if len(tbl) > 1
            else np.empty((0, 2), np.intp)
        )
        a, b = pairs[:, 0], pairs[:, 1]
        known_a, known_b = tbl.mmsi[a] > 0, tbl.mmsi[b] > 0
        tentative = (tbl.status[a] == Status.TENTATIVE) | (tbl.status[b] == Status.TENTATIVE)
        one_known = known_a != known_b
        # A tentative plot track beside a ship that radar already holds is noise, not a
        # duplicate: it ends by itself.
        known = np.where(known_a, a, b)
        fused = clock_s - np.nan_to_num(tbl.last_nonais_s[known], nan=-np.inf) <= (
            cfg.fused_recent_s
        )
        useful = (one_known & ~(fused & tentative)) | (~known_a & ~known_b & ~tentative)
        a, b, one_known = a[useful], b[useful], one_known[useful]
        distinct = (tbl.last_frame[a] == tbl.last_frame[b]) & (tbl.last_frame[a] >= 0)
        diff = xp[a] - xp[b]
        s = pp[a] + pp[b]
        bias = np.where(one_known, cfg.ais_bias_sigma_m**2, 0.0)
        s[:, 0, 0] += bias
        s[:, 1, 1] += bias
        d2 = np.einsum("ki,ki->k", diff, np.linalg.solve(s, diff[:, :, None])[:, :, 0])
        gate = np.where(one_known, cfg.merge_gate_d2, cfg.anonymous_merge_gate_d2)
        wait = np.where(one_known, cfg.merge_after_s, cfg.anonymous_merge_after_s)
        # Judge only tracks both fresh from a hit: a prediction minutes old mixes every
        # motion mode and its covariance would make any two neighbours look alike.
        fresh = np.minimum(tbl.last_hit_s[a], tbl.last_hit_s[b]) >= clock_s - cfg.merge_fresh_s
        close = d2 < gate
        since: dict[tuple[int, int], float] = {}
        due: list[tuple[int, int]] = []
        old = self._since
        for ra, rb, na, nb, dis, ok, new, w in zip(
            a.tolist(),
            b.tolist(),
            tbl.track_no[a].tolist(),
            tbl.track_no[b].tolist(),
            distinct.tolist(),
            close.tolist(),
            fresh.tolist(),
            wait.tolist(),
            strict=True,
        ):
            key = (na, nb) if na < nb else (nb, na)
            first = old.get(key)
            if dis or first == _DISTINCT:
                since[key] = _DISTINCT
            elif not new:
                if first is not None:
                    since[key] = first  # no verdict now: keep the pair as it was
            elif ok:
                since[key] = clock_s if first is None else first
                if clock_s - since[key] >= w:
                    due.append((ra, rb))
        self._since = since
        return _resolve(tbl, due)


def _rank(tbl: TrackTable, row: int) -> tuple[int, int, int]:
    # Keep the track with an identity, then a confirmed one, then the older one.
    return (
        int(tbl.mmsi[row] > 0),
        int(tbl.status[row] != Status.TENTATIVE),
        -int(tbl.track_no[row]),
    )


def _resolve(tbl: TrackTable, due: list[tuple[int, int]]) -> list[tuple[int, int]]:
    used: set[int] = set()
    out: list[tuple[int, int]] = []
    for ra, rb in due:
        if ra in used or rb in used:
            continue
        keep, drop = (ra, rb) if _rank(tbl, ra) >= _rank(tbl, rb) else (rb, ra)
        used.update((ra, rb))
        out.append((keep, drop))
    return out


def absorb(tbl: TrackTable, keep: int, drop: int, cfg: TrackerConfig) -> None:
    """Fold the evidence of duplicate ``drop`` into ``keep`` (identity, sources, sightings).

    When ``keep`` has no recent radar or sighting support and ``drop`` has, the
    kinematic state is taken from ``drop``: radar plots will go on gating against it,
    while AIS fixes are gated with the antenna-offset allowance.
    """
    keep_seen = np.nan_to_num(tbl.last_nonais_s[keep], nan=-np.inf)
    drop_seen = np.nan_to_num(tbl.last_nonais_s[drop], nan=-np.inf)
    if drop_seen - keep_seen > cfg.fused_recent_s:
        for col in (
            tbl.xm,
            tbl.pm,
            tbl.mu,
            tbl.x,
            tbl.p,
            tbl.t,
            tbl.hist,
            tbl.n_opps,
            tbl.misses,
            tbl.last_frame,
            tbl.band_since_s,
            tbl.anchor_t_s,
            tbl.anchor_m,
        ):
            col[keep] = col[drop]
    if tbl.mmsi[keep] == 0:
        tbl.mmsi[keep] = tbl.mmsi[drop]
    tbl.sources[keep] |= tbl.sources[drop]
    tbl.flags[keep] |= tbl.flags[drop]
    tbl.first_s[keep] = min(tbl.first_s[keep], tbl.first_s[drop])
    tbl.persons[keep] = max(tbl.persons[keep], tbl.persons[drop])
    for col in (
        tbl.last_ais_s,
        tbl.last_nonais_s,
        tbl.expire_at_s,
        tbl.expire_slow_at_s,
        tbl.coast_at_s,
    ):
        col[keep] = np.fmax(col[keep], col[drop])
    for col in (tbl.first_nonais_s, tbl.length_m):
        col[keep] = np.fmin(col[keep], col[drop])
    if tbl.status[drop] != Status.TENTATIVE and tbl.status[keep] == Status.TENTATIVE:
        tbl.status[keep] = Status.CONFIRMED
