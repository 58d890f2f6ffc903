# SPDX-License-Identifier: EUPL-1.2
"""Every behaviour rule of a preset over one stream of positions.

>>> from straitwatch.behaviour.preset import preset
>>> detector = Detector(preset("gfw"))
>>> events = detector.step(Positions.empty()) + detector.flush()
>>> events
[]

Feed :meth:`Detector.step` time-ordered chunks (each later than the one before), AIS
static data to :meth:`identify`, the tracker's updates to :meth:`flagged`; at the end of
input :meth:`flush`. :meth:`pending` gives the encounters and loitering still going on
that already qualify (the live picture raises them before they end).
"""

from __future__ import annotations

from collections.abc import Iterable

from straitwatch.behaviour.context import Context
from straitwatch.behaviour.encounters import Encounters
from straitwatch.behaviour.event import BehaviourEvent
from straitwatch.behaviour.gaps import Gaps
from straitwatch.behaviour.identity import Identities
from straitwatch.behaviour.kinematics import Kinematics
from straitwatch.behaviour.loitering import Loitering
from straitwatch.behaviour.positions import Positions, VesselNames
from straitwatch.behaviour.preset import Preset
from straitwatch.sensors.observation import Identity
from straitwatch.tracking.track import TrackUpdate

__all__ = ["Detector", "detect"]


def _ordered(events: list[BehaviourEvent]) -> list[BehaviourEvent]:
    return sorted(events, key=lambda e: (e.start, str(e.type), e.vessels))


class Detector:
    """The rules of one preset, each holding only what it needs between chunks."""

    def __init__(self, the_preset: Preset, names: VesselNames | None = None) -> None:
        self.ctx = Context(the_preset, names)
        self.gaps = Gaps(self.ctx)
        self.encounters = Encounters(self.ctx)
        self.loitering = Loitering(self.ctx)
        self.kinematics = Kinematics(self.ctx)
        self.identities = Identities(self.ctx)

    @property
    def names(self) -> VesselNames:
        return self.ctx.names

    def step(self, chunk: Positions) -> list[BehaviourEvent]:
        out = self.gaps.step(chunk) + self.encounters.step(chunk)
        out += self.loitering.step(chunk) + self.kinematics.step(chunk)
        return _ordered(out + self.identities.step(chunk))

    def identify(self, identity: Identity) -> None:
        self.identities.identify(identity)

    def flagged(self, updates: Iterable[TrackUpdate]) -> list[BehaviourEvent]:
        return self.identities.flagged(updates)

    def pending(self) -> list[BehaviourEvent]:
        return _ordered(self.encounters.pending() + self.loitering.pending())

    def flush(self) -> list[BehaviourEvent]:
        out = self.encounters.flush() + self.loitering.flush() + self.kinematics.flush()
        return _ordered(out)


def detect(chunks: Iterable[Positions], the_preset: Preset) -> list[BehaviourEvent]:
    """Every event in a stream of position chunks, in order of start."""
    detector = Detector(the_preset)
    out: list[BehaviourEvent] = []
    for chunk in chunks:
        out += detector.step(chunk)
    return _ordered(out + detector.flush())
