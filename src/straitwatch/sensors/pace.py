# SPDX-License-Identifier: EUPL-1.2
"""Replaying a recording at real time × N: records are handed on when their time comes.

The clock and the sleep are passed in, so a test (or a simulation) runs a two-hour
recording in no time:

>>> from datetime import datetime, timedelta, UTC
>>> from straitwatch.sensors.records import StaticUpdate
>>> from straitwatch.sensors.observation import Identity
>>> t0 = datetime(2016, 1, 12, 13, 0, tzinfo=UTC)
>>> recs = [StaticUpdate(t0 + timedelta(seconds=s), "rx", Identity(1)) for s in (0, 60, 120)]
>>> fake = FakeClock()
>>> [round(fake.now) for _ in paced(recs, speed=10.0, clock=fake.monotonic, sleep=fake.sleep)]
[0, 6, 12]
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator

from straitwatch.errors import InvalidInput
from straitwatch.sensors.records import IngestRecord

__all__ = ["FakeClock", "paced"]


def paced(
    records: Iterable[IngestRecord],
    speed: float,
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[IngestRecord]:
    """Yield each record when ``(record time − first time) / speed`` has passed on
    ``clock``. Records without a time (some rejections) pass at once."""
    if speed <= 0:
        raise InvalidInput(f"replay speed must be above 0, not {speed:g}")
    first = None
    started = 0.0
    for record in records:
        t = record.time
        if t is not None:
            if first is None:
                first, started = t, clock()
            else:
                delay = started + (t - first).total_seconds() / speed - clock()
                if delay > 0:
                    sleep(delay)
        yield record


class FakeClock:
    """A monotonic clock that moves only when slept on (for tests and simulations)."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
