"""Finding two tracks on one vessel, so that one track never becomes many.

Duplicates arise when the first AIS fix of a ship misses its radar track (antenna offset,
latency): AIS then feeds one track and radar another. An identified track and an
unidentified one are duplicates when their positions *and* velocities agree (χ² over four
dimensions, with the AIS–radar offset allowed for) for ``merge_after_checks``
consecutive checks, and no scanning frame ever hit both: a dark boat alongside a ship
that radar resolves is hit by the same scan as the ship's track, which proves the two
distinct for as long as they stay close. Two unidentified tracks are never merged: plots
in a track's gate start no new track, and a starved duplicate ends by itself.

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

_DISTINCT = -1


class DuplicateWatch:
    """Close pairs of tracks and how many checks in a row they have agreed."""

    def __init__(self) -> None:
        self._agreed: dict[tuple[int, int], int] = {}

    def __len__(self) -> int:
        return len(self._agreed)

    def check(
        self, tbl: TrackTable, xp: Floats, pp: Floats, cfg: TrackerConfig
    ) -> list[tuple[int, int]]:
        """Pairs ``(keep_row, drop_row)`` to merge now; ``xp``/``pp`` are the tracks
        predicted to a common time."""
        if len(tbl) < 2:
            self._agreed = {}
            return []
        pairs = cKDTree(xp[:, :2]).query_pairs(cfg.merge_radius_m, output_type="ndarray")
        if pairs.size == 0:
            self._agreed = {}
            return []
        a, b = pairs[:, 0], pairs[:, 1]
        one_known = (tbl.mmsi[a] > 0) != (tbl.mmsi[b] > 0)
        a, b = a[one_known], b[one_known]
        distinct = (tbl.last_frame[a] == tbl.last_frame[b]) & (tbl.last_frame[a] >= 0)
        diff = xp[a] - xp[b]
        s = pp[a] + pp[b]
        s[:, 0, 0] += cfg.ais_bias_sigma_m**2
        s[:, 1, 1] += cfg.ais_bias_sigma_m**2
        d2 = np.einsum("ki,ki->k", diff, np.linalg.solve(s, diff[:, :, None])[:, :, 0])
        close = d2 < cfg.merge_gate_d2
        keep = close | distinct
        no_a, no_b = tbl.track_no[a[keep]].tolist(), tbl.track_no[b[keep]].tolist()
        agreed: dict[tuple[int, int], int] = {}
        due: list[tuple[int, int]] = []
        old = self._agreed
        for ra, rb, na, nb, dis in zip(
            a[keep].tolist(), b[keep].tolist(), no_a, no_b, distinct[keep].tolist(), strict=True
        ):
            key = (na, nb) if na < nb else (nb, na)
            before = old.get(key, 0)
            count = _DISTINCT if dis or before == _DISTINCT else before + 1
            agreed[key] = count
            if count >= cfg.merge_after_checks:
                due.append((ra, rb))
        self._agreed = agreed
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


def absorb(tbl: TrackTable, keep: int, drop: int) -> None:
    """Fold the evidence of duplicate ``drop`` into ``keep`` (identity, sources, sightings)."""
    if tbl.mmsi[keep] == 0:
        tbl.mmsi[keep] = tbl.mmsi[drop]
    tbl.sources[keep] |= tbl.sources[drop]
    tbl.flags[keep] |= tbl.flags[drop]
    tbl.first_s[keep] = min(tbl.first_s[keep], tbl.first_s[drop])
    tbl.persons[keep] = max(tbl.persons[keep], tbl.persons[drop])
    for col in (tbl.last_ais_s, tbl.last_nonais_s, tbl.expire_at_s, tbl.coast_at_s):
        col[keep] = np.fmax(col[keep], col[drop])
    for col in (tbl.first_nonais_s, tbl.length_m):
        col[keep] = np.fmin(col[keep], col[drop])
    if tbl.status[drop] != Status.TENTATIVE and tbl.status[keep] == Status.TENTATIVE:
        tbl.status[keep] = Status.CONFIRMED
