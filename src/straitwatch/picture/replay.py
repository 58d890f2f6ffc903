# SPDX-License-Identifier: EUPL-1.2
"""Replaying recorded (or simulated) observations as if live, in a loop, time-shifted so
that each loop starts at the wall-clock time it starts, at ``speed`` × real time.

The replay clock and its controls (speed, position) are shown by the browser; a jump
rebuilds the picture by running the pipeline quickly over everything before the new
position, then sends every watcher a fresh snapshot.

>>> script = ReplayScript.of(observations)                          # doctest: +SKIP
>>> await Replay(script, pipeline, speed=10).run()                  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import bisect
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from straitwatch.errors import InvalidInput
from straitwatch.picture.live import Picture
from straitwatch.picture.pipeline import Pipeline
from straitwatch.picture.wire import iso
from straitwatch.sensors.observation import Observation

__all__ = ["Replay", "ReplayScript"]

_FAST_FORWARD_STEP_S = 30.0


@dataclass(frozen=True, slots=True)
class ReplayScript:
    """Observations in time order, with their span."""

    observations: tuple[Observation, ...]
    times_s: tuple[float, ...]

    @classmethod
    def of(cls, observations: Sequence[Observation]) -> ReplayScript:
        if not observations:
            raise InvalidInput("nothing to replay: no observations")
        ordered = tuple(sorted(observations, key=lambda o: o.time))
        return cls(ordered, tuple(o.time.timestamp() for o in ordered))

    @property
    def start(self) -> datetime:
        return self.observations[0].time

    @property
    def duration_s(self) -> float:
        return self.times_s[-1] - self.times_s[0] + 1.0

    def between(self, from_s: float, to_s: float) -> tuple[Observation, ...]:
        """Observations at offsets ``[from_s, to_s)`` seconds after the start."""
        t0 = self.times_s[0]
        lo = bisect.bisect_left(self.times_s, t0 + from_s)
        hi = bisect.bisect_left(self.times_s, t0 + to_s)
        return self.observations[lo:hi]


class Replay:
    """Feeds a :class:`Pipeline` from a :class:`ReplayScript`, looping."""

    def __init__(
        self,
        script: ReplayScript,
        pipeline: Pipeline,
        *,
        speed: float = 10.0,
        tick_s: float = 0.5,
        loop: bool = True,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.script = script
        self.pipeline = pipeline
        self.speed = speed
        self.tick_s = tick_s
        self.loop = loop
        self._monotonic = monotonic
        self._wall = wall
        self.loops = 0
        self._lock = asyncio.Lock()
        self._begin(0.0)

    def _begin(self, position_s: float) -> None:
        """Start (or restart) a loop at ``position_s`` into the script."""
        self.position_s = position_s
        self._mark = self._monotonic()
        self._mark_position_s = position_s
        self.loop_start = self._wall() - timedelta(seconds=position_s)
        self._shift = self.loop_start - self.script.start

    @property
    def clock(self) -> datetime:
        """The replay's current time (shifted into the present loop)."""
        return self.loop_start + timedelta(seconds=self.position_s)

    def info(self) -> dict[str, Any]:
        """What the browser shows: clock, span, speed, position."""
        return {
            "clock": iso(self.clock),
            "start": iso(self.loop_start),
            "duration_s": round(self.script.duration_s, 1),
            "position_s": round(self.position_s, 1),
            "speed": self.speed,
            "loop": self.loops,
        }

    def _shifted(self, batch: Sequence[Observation]) -> list[Observation]:
        return [replace(o, time=o.time + self._shift) for o in batch]

    def due(self) -> tuple[list[Observation], datetime] | None:
        """The observations due by now and the time to step to (None: loop finished)."""
        if self.position_s >= self.script.duration_s:
            return None
        target = self._mark_position_s + (self._monotonic() - self._mark) * self.speed
        target = min(target, self.script.duration_s)  # the loop's last observations too
        batch = self.script.between(self.position_s, target)
        self.position_s = target
        return self._shifted(batch), self.clock

    def set_speed(self, speed: float) -> None:
        if not 0.1 <= speed <= 1000:
            raise InvalidInput("speed must be between 0.1 and 1000", where="speed")
        self._mark_position_s, self._mark = self.position_s, self._monotonic()
        self.speed = speed

    async def seek(self, position_s: float) -> None:
        """Rebuild the picture at ``position_s`` into the script."""
        async with self._lock:
            await asyncio.to_thread(self._check_position, position_s)
            self._seek(position_s)

    def _check_position(self, position_s: float) -> None:
        if not 0 <= position_s < self.script.duration_s:
            raise InvalidInput(
                f"position must be within 0–{self.script.duration_s:.0f} s", where="position_s"
            )

    def _seek(self, position_s: float) -> None:
        picture = self.pipeline.picture
        self.pipeline.restart()
        picture.reset()
        self._begin(0.0)
        with picture.quiet():
            at = 0.0
            while at < position_s:
                nxt = min(at + _FAST_FORWARD_STEP_S, position_s)
                batch = self._shifted(self.script.between(at, nxt))
                self.pipeline.process(batch, self.loop_start + timedelta(seconds=nxt))
                at = nxt
        self._begin(position_s)
        picture.replay = self.info()
        picture.resync()

    async def run(self, picture: Picture | None = None) -> None:
        """Replay for ever (or once with ``loop=False``); a :data:`Feeder` of the app."""
        try:
            await self._run(self.pipeline.picture)
        except asyncio.CancelledError:  # the server stops: store what is owed, then stop
            await asyncio.to_thread(self.pipeline.settle)
            raise

    async def _run(self, picture: Picture) -> None:
        while True:
            picture.replay = self.info()
            due = self.due()
            if due is None:
                if not self.loop:
                    await self._settle(picture)
                    return
                self.loops += 1
                self.pipeline.restart()
                picture.reset()
                self._begin(0.0)
                continue
            batch, now = due
            async with self._lock:
                updates, alerts = await asyncio.to_thread(self.pipeline.compute_safely, batch, now)
                picture.apply(updates, alerts)
            await asyncio.sleep(self.tick_s)

    async def _settle(self, picture: Picture) -> None:
        """At the end of a replay that does not loop: store and deliver every alert still
        owed to the store (retried each tick while the store refuses; each refusal logged)."""
        while len(self.pipeline.outbox):
            picture.apply((), await asyncio.to_thread(self.pipeline.flush))
            if len(self.pipeline.outbox):
                await asyncio.sleep(self.tick_s)
