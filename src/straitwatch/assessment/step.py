# SPDX-License-Identifier: EUPL-1.2
"""The assessment stage: track updates and sightings in, alerts out.

:func:`step` is the pure step of the pipeline (``step(state, inputs) -> (state,
outputs)``); the state is updated in place and handed back, for speed. :class:`Assessor`
wraps it with its configuration for callers that hold one (the replay, the live server).

>>> from straitwatch.assessment import Assessor
>>> assessor = Assessor()
>>> out = assessor.step(track_updates, sightings)           # doctest: +SKIP
>>> for alert in out.raised: print(alert.to_json())         # doctest: +SKIP

Work per batch: the place features of every non-AIS track at once (vectorised), the
distance to the lanes only for dark-contact candidates, then the rules per update in time
order. AIS vessels with nothing flagged are passed over at the cost of a comparison.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median

import numpy as np

from straitwatch.assessment.alert import Alert
from straitwatch.assessment.config import RulesConfig, rules_config
from straitwatch.assessment.distress import distress, persons_in_water_alert
from straitwatch.assessment.memory import AssessmentState, TrackMemory
from straitwatch.assessment.passage import RuleContext, crossing, departure, landing
from straitwatch.assessment.places import Places, places
from straitwatch.assessment.vessels import dark_contact, identity_mismatch, is_fast_dark
from straitwatch.assessment.weather import Weather
from straitwatch.geo.projection import KNOT_MPS, to_metric
from straitwatch.geo.zones import ChannelZones, zones
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.tracking.track import TrackClass, TrackStatus, TrackUpdate

__all__ = ["AssessmentOutput", "Assessor", "step"]

_SIGHTING_TRACK_MAX_AGE = timedelta(seconds=90)


@dataclass(slots=True)
class AssessmentOutput:
    """What one step produced: alerts newly raised, and open alerts whose content changed."""

    raised: list[Alert] = field(default_factory=list)
    updated: list[Alert] = field(default_factory=list)

    def extend(self, other: AssessmentOutput) -> None:
        self.raised += other.raised
        self.updated += other.updated


def _is_ais(u: TrackUpdate) -> bool:
    return u.classification is TrackClass.AIS_VESSEL or (
        u.classification is TrackClass.UNKNOWN and u.mmsi is not None
    )


def _remember(u: TrackUpdate, p: Places, i: int, ctx: RuleContext) -> TrackMemory:
    rule = ctx.cfg.departure
    sector = str(p.departure_sector[i])
    offshore = float(p.to_continent_m[i])
    from_coast = (
        bool(sector)
        and -rule.start_max_offshore_m <= offshore <= rule.start_max_offshore_m
        and float(p.port_m[i]) > rule.port_exclusion_m
    )
    return TrackMemory(
        track_id=u.track_id,
        first_time=u.time,
        first_lat=u.lat,
        first_lon=u.lon,
        start_offshore_m=offshore,
        start_sector=sector if from_coast else "",
        from_french_coast=from_coast,
        last_time=u.time,
        last_lat=u.lat,
        last_lon=u.lon,
        last_x_m=float(p.x_m[i]),
        last_y_m=float(p.y_m[i]),
        last_uk_side=bool(p.uk_side[i]),
        last_territorial_sea=str(p.territorial_sea[i]),
    )


_HANDOVER_S = 600.0
_HANDOVER_M = 2000.0


def _d2(a: TrackMemory, b: TrackMemory) -> float:
    return (a.last_x_m - b.last_x_m) ** 2 + (a.last_y_m - b.last_y_m) ** 2


def _take_over(state: AssessmentState, m: TrackMemory, u: TrackUpdate) -> None:
    """A new dark track close to where a small boat's track was lost lately is that boat:
    carry over what is known of it, and its open alerts (no second departure or crossing
    for one boat, and its drift history for the distress rule)."""
    state.lost = [
        old for old in state.lost if (u.time - old.last_time).total_seconds() <= _HANDOVER_S
    ]
    near = [old for old in state.lost if _d2(old, m) <= _HANDOVER_M**2]
    if not near:
        return
    old = min(near, key=lambda o: _d2(o, m))
    state.lost.remove(old)
    _hand_over(old, m)


def _successor(state: AssessmentState, ended: TrackMemory) -> TrackMemory | None:
    """The dark track that the tracker started beside a small boat's track shortly before
    that track ended (the boat outran its lagging track, whose plots then started another):
    the nearest one born within ``_HANDOVER_S`` of the end, not yet known as a small boat."""
    near = [
        m
        for m in state.tracks.values()
        if not m.ais
        and not m.small_boat
        and (ended.last_time - m.first_time).total_seconds() <= _HANDOVER_S
        and _d2(m, ended) <= _HANDOVER_M**2
    ]
    return min(near, key=lambda m: _d2(m, ended)) if near else None


def _hand_over(old: TrackMemory, m: TrackMemory) -> None:
    """Make ``m`` the continuation of the small boat ``old`` was tracking."""
    m.first_time, m.first_lat, m.first_lon = old.first_time, old.first_lat, old.first_lon
    m.start_offshore_m, m.start_sector = old.start_offshore_m, old.start_sector
    m.from_french_coast, m.small_boat = old.from_french_coast, True
    if not m.recent:  # a new track: it is where the old one was
        m.last_uk_side, m.last_territorial_sea = old.last_uk_side, old.last_territorial_sea
    if old.underway_at is not None and (m.underway_at is None or m.underway_at < old.underway_at):
        m.underway_at = old.underway_at
    m.persons = max((v for v in (old.persons, m.persons) if v is not None), default=None)
    m.persons_in_water |= old.persons_in_water
    # The drift history: the old track's positions before the new one's first.
    start = m.recent[0][0] if m.recent else None
    before = [item for item in old.recent if start is None or item[0] < start]
    m.recent.extendleft(reversed(before))
    for type_, alert in old.open.items():
        m.open.setdefault(type_, alert)


def _observe(m: TrackMemory, u: TrackUpdate, x_m: float, y_m: float, ctx: RuleContext) -> None:
    """Fold one update into the memory before the rules read it."""
    rule = ctx.cfg.distress
    m.ais = _is_ais(u)
    m.small_boat |= u.classification is TrackClass.SMALL_BOAT or m.from_french_coast
    if u.speed_kn >= rule.underway_min_kn:
        m.underway_at = u.time
    if not _is_ais(u):
        recent = m.recent
        recent.append((u.time, u.speed_kn, x_m, y_m))
        keep = max(rule.stopped_min_s, rule.drift_baseline_s) + 60.0
        while recent and (u.time - recent[0][0]).total_seconds() > keep:
            recent.popleft()
        pace = _pace(m, u, ctx)
        m.slow_since = (m.slow_since or u.time) if _drifting(pace, ctx) else None
        m.moving_since = (m.moving_since or u.time) if _making_way(pace, ctx) else None
    if is_fast_dark(u, ctx):
        m.fast_dark_since = m.fast_dark_since or u.time
    elif u.classification is not TrackClass.DARK_CONTACT:
        m.fast_dark_since = None
    if u.persons_estimate is not None:
        m.persons = max(m.persons or 0, u.persons_estimate)


def _pace(m: TrackMemory, u: TrackUpdate, ctx: RuleContext) -> tuple[float, float] | None:
    """``(median filtered speed over stopped_min_s, speed made good over drift_baseline_s)``
    in knots, or ``None`` while the track is too young to tell (a filtered speed jitters by
    a knot or two around a drift; the distance made good over minutes does not)."""
    rule = ctx.cfg.distress
    if m.recent[0][0] > u.time - timedelta(seconds=0.75 * rule.stopped_min_s):
        return None  # not seen long enough to judge
    horizon = u.time - timedelta(seconds=rule.stopped_min_s)
    speeds = [s for t, s, _, _ in m.recent if t >= horizon]
    base = u.time - timedelta(seconds=rule.drift_baseline_s)
    if m.recent[0][0] > base:
        return None  # too young to tell from its displacement
    return median(speeds), _made_good_kn(m, base)


def _made_good_kn(m: TrackMemory, since: datetime) -> float:
    """Speed made good from the last position at or before ``since`` to the latest."""
    t0, _, x0, y0 = next(item for item in reversed(m.recent) if item[0] <= since)
    t1, _, x1, y1 = m.recent[-1]
    return float(np.hypot(x1 - x0, y1 - y0)) / (t1 - t0).total_seconds() / KNOT_MPS


def _drifting(pace: tuple[float, float] | None, ctx: RuleContext) -> bool:
    """Slow by both measures: the median filtered speed, and the distance actually made
    good (a boat making 3 kn against the tide shows filtered speeds down to 1 kn, never a
    drift's displacement)."""
    limit = ctx.cfg.distress.drift_max_kn
    return pace is not None and pace[0] <= limit and pace[1] <= limit


def _making_way(pace: tuple[float, float] | None, ctx: RuleContext) -> bool:
    """Clearly under way again: making good ``resume_min_kn`` over minutes. Not the filtered
    speed: on a slow boat seen by a distant radar it sits near zero (the filter settles on
    "stationary") even while the boat makes way."""
    return pace is not None and pace[1] >= ctx.cfg.distress.resume_min_kn


def _forget(m: TrackMemory, u: TrackUpdate, p: Places, i: int) -> None:
    m.last_time = u.time
    m.last_lat, m.last_lon = u.lat, u.lon
    m.last_x_m, m.last_y_m = float(p.x_m[i]), float(p.y_m[i])
    m.last_uk_side = bool(p.uk_side[i])
    m.last_territorial_sea = str(p.territorial_sea[i])


def _raise(m: TrackMemory, alert: Alert | None, out: AssessmentOutput) -> None:
    if alert is not None:
        m.open[alert.type] = alert
        out.raised.append(alert)


def _track_rules(
    state: AssessmentState, updates: list[TrackUpdate], ctx: RuleContext, out: AssessmentOutput
) -> None:
    when = updates[-1].time
    p = places([u.lat for u in updates], [u.lon for u in updates], when, ctx.area)
    candidates = [i for i, u in enumerate(updates) if is_fast_dark(u, ctx)]
    tss_m = np.full(len(updates), np.inf)
    if candidates:
        idx = np.asarray(candidates)
        tss_m[idx] = ctx.area.distance_to_tss_m(p.x_m[idx], p.y_m[idx])
    for i, u in enumerate(updates):
        if u.status is TrackStatus.ENDED:
            ended = state.tracks.pop(u.track_id, None)
            if ended is not None and ended.small_boat:
                successor = _successor(state, ended)
                if successor is not None:
                    _hand_over(ended, successor)
                else:
                    state.lost.append(ended)
            continue
        m = state.tracks.get(u.track_id)
        if m is None:
            m = state.tracks[u.track_id] = _remember(u, p, i, ctx)
            if not _is_ais(u):
                _take_over(state, m, u)
        _observe(m, u, float(p.x_m[i]), float(p.y_m[i]), ctx)
        if u.status is TrackStatus.CONFIRMED:
            _raise(m, identity_mismatch(m, u, ctx), out)
            if not _is_ais(u):
                _raise(m, departure(m, u, p, i, ctx), out)
                _raise(m, crossing(m, u, p, i, ctx), out)
                _raise(m, landing(m, u, p, i, ctx), out)
                _raise(m, dark_contact(m, u, p, i, float(tss_m[i]), ctx), out)
        if not _is_ais(u):
            raised, updated = distress(m, u, p, i, ctx)
            _raise(m, raised, out)
            if updated is not None:
                out.updated.append(updated)
        _forget(m, u, p, i)


def _nearest_track(
    state: AssessmentState, obs: Observation, x_m: float, y_m: float, ctx: RuleContext
) -> TrackMemory | None:
    best, best_d2 = None, ctx.cfg.distress.sighting_match_m**2
    for m in state.tracks.values():
        if obs.time - m.last_time > _SIGHTING_TRACK_MAX_AGE or m.last_time - obs.time > (
            _SIGHTING_TRACK_MAX_AGE
        ):
            continue
        d2 = (m.last_x_m - x_m) ** 2 + (m.last_y_m - y_m) ** 2
        if d2 <= best_d2:
            best, best_d2 = m, d2
    return best


def _sightings(
    state: AssessmentState, sightings: list[Observation], ctx: RuleContext, out: AssessmentOutput
) -> None:
    xs, ys = to_metric([o.lat for o in sightings], [o.lon for o in sightings])
    for obs, x_m, y_m in zip(sightings, xs.tolist(), ys.tolist(), strict=True):
        kind = str(obs.attributes.get("sighting_kind", ""))
        persons = obs.attributes.get("persons_estimate")
        m = _nearest_track(state, obs, x_m, y_m, ctx)
        if m is not None:
            if isinstance(persons, int | float) and persons >= 0:
                m.persons = max(m.persons or 0, int(persons))
            if kind in ("small_boat", "persons_in_water"):
                m.small_boat = True
            m.persons_in_water |= kind == "persons_in_water"
        elif kind == "persons_in_water":
            raised, updated = persons_in_water_alert(obs, x_m, y_m, state.clusters, ctx)
            out.raised += [raised] if raised else []
            out.updated += [updated] if updated else []
    horizon = ctx.cfg.distress.cluster_s
    if state.clock is not None:
        state.clusters = [
            c for c in state.clusters if (state.clock - c.last_time).total_seconds() <= horizon
        ]


def step(
    state: AssessmentState,
    updates: Sequence[TrackUpdate],
    observations: Iterable[Observation] = (),
    *,
    ctx: RuleContext,
) -> tuple[AssessmentState, AssessmentOutput]:
    """Assess one batch of track updates (in time order) and the sightings that came with it.

    Only sighting observations are read from ``observations``; AIS and radar reach the
    rules through the tracks.
    """
    out = AssessmentOutput()
    relevant = [u for u in updates if not _is_ais(u) or u.flags or u.track_id in state.tracks]
    if relevant:
        _track_rules(state, relevant, ctx, out)
        state.clock = max(state.clock or relevant[-1].time, relevant[-1].time)
    sightings = [o for o in observations if o.kind is ObservationKind.SIGHTING]
    if sightings:
        state.clock = max(state.clock or sightings[-1].time, max(o.time for o in sightings))
        _sightings(state, sightings, ctx, out)
    return state, out


class Assessor:
    """The assessment stage with its configuration: ``Assessor().step(updates, sightings)``."""

    def __init__(
        self,
        cfg: RulesConfig | None = None,
        area: ChannelZones | None = None,
        weather: Weather | None = None,
    ) -> None:
        self.ctx = RuleContext(cfg or rules_config(), area or zones(), weather)
        self.state = AssessmentState()

    def step(
        self, updates: Sequence[TrackUpdate], observations: Iterable[Observation] = ()
    ) -> AssessmentOutput:
        self.state, out = step(self.state, updates, observations, ctx=self.ctx)
        return out

    def close(self, alert_id: str) -> bool:
        """The lifecycle resolved ``alert_id``: a new alert of that type may follow."""
        return self.state.close(alert_id)

    def open_alerts(self) -> list[Alert]:
        return self.state.open_alerts()

    @property
    def clock(self) -> datetime | None:
        return self.state.clock
