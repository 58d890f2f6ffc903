# SPDX-License-Identifier: EUPL-1.2
"""From table rows to :class:`~straitwatch.tracking.track.TrackUpdate`, with classification.

Classification uses only what the track knows (:func:`classify`):

- ``ais_vessel``: it carries an MMSI heard within ``ais_stale_s``;
- ``small_boat``: a sighting said so (or saw persons in the water), a sensor measured
  it shorter than ``small_boat_max_length_m``, or it is dark and has held a dinghy's
  speed (2–12 kn by default, filtered or made good over minutes) for
  ``small_boat_after_s``;
- ``dark_contact``: radar or sightings have seen it for ``dark_after_s`` (a stationary
  one for ``dark_after_stationary_s``) with no AIS — including a vessel whose AIS fell
  silent while radar still holds it;
- ``unknown``: tentative, or too recently seen to say.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo

import numpy as np

from straitwatch.geo.projection import KNOT_MPS, from_grid_velocity, to_wgs84
from straitwatch.tracking.config import TrackerConfig
from straitwatch.tracking.gating import Ints
from straitwatch.tracking.kalman import Floats
from straitwatch.tracking.management import position_sigma_m
from straitwatch.tracking.table import Flag, Status, TrackTable
from straitwatch.tracking.track import TrackClass, TrackStatus, TrackUpdate

__all__ = ["classify", "emit"]

_CLASSES = (
    TrackClass.UNKNOWN,
    TrackClass.AIS_VESSEL,
    TrackClass.DARK_CONTACT,
    TrackClass.SMALL_BOAT,
)
_STATUSES = (TrackStatus.TENTATIVE, TrackStatus.CONFIRMED, TrackStatus.COASTING, TrackStatus.ENDED)
_FLAG_NAMES = tuple((int(f), str(f.name).lower()) for f in Flag)


def classify(tbl: TrackTable, rows: Ints, vel: Floats, clock_s: float, cfg: TrackerConfig) -> Ints:
    """Class code per row (index into ``UNKNOWN, AIS_VESSEL, DARK_CONTACT, SMALL_BOAT``)."""
    mmsi = tbl.mmsi[rows]
    last_ais = np.nan_to_num(tbl.last_ais_s[rows], nan=-np.inf)
    ais = (mmsi > 0) & (clock_s - last_ais <= cfg.ais_stale_s)
    speed_kn = np.hypot(vel[:, 0], vel[:, 1]) / KNOT_MPS
    # "Dark for how long": since radar first saw it, or since AIS last spoke, if later.
    dark_since = np.fmax(tbl.first_nonais_s[rows], tbl.last_ais_s[rows])
    need = np.where(speed_kn >= 1.0, cfg.dark_after_s, cfg.dark_after_stationary_s)
    with np.errstate(invalid="ignore"):
        dark = ~ais & (clock_s - dark_since >= need)
        in_band_long = clock_s - tbl.band_since_s[rows] >= cfg.small_boat_after_s
        small = (
            (tbl.flags[rows] & np.uint32(Flag.SMALL_BOAT_SIGHTED | Flag.PERSONS_IN_WATER)) > 0
        ) | (tbl.length_m[rows] <= cfg.small_boat_max_length_m)
    small = ~ais & (small | (dark & in_band_long))
    code = np.where(ais, 1, np.where(small, 3, np.where(dark, 2, 0)))
    return np.asarray(np.where(tbl.status[rows] == Status.TENTATIVE, 0, code))


def _flags(bits: int) -> tuple[str, ...]:
    return tuple(name for bit, name in _FLAG_NAMES if bits & bit)


def emit(
    tbl: TrackTable,
    rows: Ints,
    x: Floats,
    p: Floats,
    times_s: Floats,
    clock_s: float,
    cfg: TrackerConfig,
    *,
    track_id: Callable[[int], str],
    sources: Callable[[int], tuple[str, ...]],
    name: Callable[[int], str | None],
    ended: bool = False,
    extra_flags: tuple[str, ...] = (),
) -> list[TrackUpdate]:
    """One update per row, with state ``x``/``p`` (already predicted) at ``times_s``."""
    if rows.size == 0:
        return []
    lat, lon = to_wgs84(x[:, 0], x[:, 1])
    speed_kn, course_deg = from_grid_velocity(x[:, 2], x[:, 3], lat, lon)
    sigma = position_sigma_m(p)
    cls = classify(tbl, rows, x[:, 2:], clock_s, cfg)
    status = np.full(rows.size, int(Status.ENDED)) if ended else tbl.status[rows]
    # Many updates share a time (one radar scan): convert each distinct time once.
    memo: dict[float, datetime] = {}

    def fromts(t: float, tz: tzinfo) -> datetime:
        d = memo.get(t)
        if d is None:
            d = memo[t] = datetime.fromtimestamp(t, tz)
        return d

    mmsis = tbl.mmsi[rows].tolist()
    ids = [track_id(no) for no in tbl.track_no[rows].tolist()]
    names = [name(m) if m else None for m in mmsis]
    srcs = [sources(b) for b in tbl.sources[rows].tolist()]
    flag_sets = [
        (_flags(b) + extra_flags) if b or extra_flags else () for b in tbl.flags[rows].tolist()
    ]
    persons = [p if p >= 0 else None for p in tbl.persons[rows].tolist()]
    firsts = [fromts(f, UTC) for f in tbl.first_s[rows].tolist()]
    statuses = [_STATUSES[s] for s in status.tolist()]
    classes = [_CLASSES[c] for c in cls.tolist()]
    # Positional arguments: this loop builds thousands of updates per radar scan.
    out = [
        TrackUpdate(i, fromts(t, UTC), la, lo, sp, co, sg, st, c, m or None, nm, src, fl, pe, fs)
        for i, t, la, lo, sp, co, sg, st, c, m, nm, src, fl, pe, fs in zip(
            ids,
            times_s.tolist(),
            lat.tolist(),
            lon.tolist(),
            speed_kn.tolist(),
            course_deg.tolist(),
            sigma.tolist(),
            statuses,
            classes,
            mmsis,
            names,
            srcs,
            flag_sets,
            persons,
            firsts,
            strict=True,
        )
    ]
    return out
