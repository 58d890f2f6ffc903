# SPDX-License-Identifier: EUPL-1.2
"""An alert is never lost on a store error (issue 19, item 1): raised, stored and delivered
at least once, whether the store fails once (a seam) or the SQLite file is really locked
by another writer, on the live feed and on the replay."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.exc import OperationalError

from straitwatch.assessment.alert import Alert
from straitwatch.picture.live import Picture
from straitwatch.picture.live_feed import LiveFeed
from straitwatch.picture.outbox import SqlAlertStore
from straitwatch.picture.pipeline import Pipeline
from straitwatch.picture.replay import Replay, ReplayScript
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.store.alerts import AlertRow
from straitwatch.store.db import transaction
from tests.assessment.tracks import T0


def persons_in_water(minutes: float = 0.0, lat: float = 50.95) -> Observation:
    """A drone sighting of persons in the water: the assessor raises a distress alert."""
    return Observation(
        time=T0 + timedelta(minutes=minutes),
        sensor_id="drone-fr-07",
        kind=ObservationKind.SIGHTING,
        lat=lat,
        lon=1.40,
        sigma_m=25.0,
        attributes={
            "sighting_kind": "persons_in_water",
            "persons_estimate": 4,
            "reporting_unit": "Gendarmerie maritime Calais (fictional report)",
        },
    )


class FailsFirst(SqlAlertStore):
    """The real store, whose first ``failures`` writes fail as on a locked SQLite file."""

    def __init__(self, engine: Engine, failures: int) -> None:
        super().__init__(engine)
        self.failures = failures
        self.calls = 0

    def record(self, raised: Sequence[Alert], updated: Sequence[Alert]) -> list[dict[str, Any]]:
        self.calls += 1
        if self.calls <= self.failures:
            raise OperationalError("INSERT INTO alerts", {}, Exception("database is locked"))
        return super().record(raised, updated)


def stored_ids(engine: Engine) -> list[str]:
    with transaction(engine) as s:
        return list(s.scalars(select(AlertRow.alert_id)))


def test_a_write_that_fails_once_is_tried_again_at_once(engine: Engine) -> None:
    pipeline = Pipeline(engine, Picture(), store=FailsFirst(engine, 1))
    _, alerts = pipeline.compute_safely([persons_in_water()], T0)
    assert [a["type"] for a in alerts] == ["distress"] and pipeline.outbox.failures == 1
    assert stored_ids(engine) == [alerts[0]["alert_id"]]


def test_an_alert_the_store_refused_is_stored_and_returned_on_the_next_batch(
    engine: Engine,
) -> None:
    pipeline = Pipeline(engine, Picture(), store=FailsFirst(engine, 2))
    _, first = pipeline.compute_safely([persons_in_water()], T0)
    assert first == [] and len(pipeline.outbox) == 1 and pipeline.outbox.failures == 1
    assert stored_ids(engine) == []
    # The next batch carries no input: the owed alert is stored and handed on anyway.
    _, second = pipeline.compute_safely([], T0 + timedelta(seconds=1))
    assert [a["type"] for a in second] == ["distress"]
    assert stored_ids(engine) == [second[0]["alert_id"]]
    assert len(pipeline.outbox) == 0
    # Stored once: nothing owed, not handed on again.
    _, third = pipeline.compute_safely([], T0 + timedelta(seconds=2))
    assert second[0]["alert_id"] not in [a["alert_id"] for a in third]
    assert stored_ids(engine).count(second[0]["alert_id"]) == 1


def test_one_alert_the_store_keeps_refusing_does_not_hold_the_others(engine: Engine) -> None:
    class RefusesOne(SqlAlertStore):
        def record(self, raised: Sequence[Alert], updated: Sequence[Alert]) -> list[dict[str, Any]]:
            if any(a.lat > 50.9 for a in raised):
                raise OperationalError("INSERT", {}, Exception("value refused"))
            return super().record(raised, updated)

    pipeline = Pipeline(engine, Picture(), store=RefusesOne(engine))
    _, alerts = pipeline.compute_safely([persons_in_water(0, 50.95), persons_in_water(0, 50.6)], T0)
    assert len(alerts) == 1 and alerts[0]["lat"] == pytest.approx(50.6)
    assert len(pipeline.outbox) == 1  # still owed, retried at every batch, never dropped


# --- a real SQLite file locked by another writer ---------------------------------------


@pytest.fixture
def locked(engine: Engine) -> Iterator[tuple[Engine, Callable[[], None]]]:
    """An engine on the store's file that gives up on a lock after 50 ms, and the file
    locked for writing by another connection until ``release()`` is called."""
    path = Path(str(engine.url.database))
    impatient = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0.05})
    holder = sqlite3.connect(path, timeout=1, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, as a writer in another process
    released = False

    def release() -> None:
        nonlocal released
        if not released:
            holder.execute("ROLLBACK")
            released = True

    try:
        yield impatient, release
    finally:
        release()
        holder.close()
        impatient.dispose()


async def _until(condition: Callable[[], bool], deadline_s: float = 10.0) -> None:
    deadline = time.monotonic() + deadline_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)  # waiting on a condition, with a deadline


def test_live_feed_delivers_an_alert_raised_while_the_file_was_locked(
    locked: tuple[Engine, Callable[[], None]],
) -> None:
    impatient, release = locked
    picture = Picture()
    pipeline = Pipeline(impatient, picture)
    feed = LiveFeed(pipeline, tick_s=0.02, wall=lambda: T0)

    async def scenario() -> None:
        task = asyncio.create_task(feed.run(picture))
        try:
            feed.put([persons_in_water()])
            await _until(lambda: pipeline.outbox.failures >= 1)
            assert picture.alerts() == [] and len(pipeline.outbox) == 1
            release()
            await _until(lambda: len(picture.alerts()) == 1)
        finally:
            task.cancel()

    asyncio.run(scenario())
    assert [a["type"] for a in picture.alerts()] == ["distress"]
    with transaction(impatient) as s:
        assert s.scalar(select(func.count()).select_from(AlertRow)) == 1


def test_replay_delivers_an_alert_raised_while_the_file_was_locked(
    locked: tuple[Engine, Callable[[], None]],
) -> None:
    impatient, release = locked
    picture = Picture()
    pipeline = Pipeline(impatient, picture)
    script = ReplayScript.of([persons_in_water(0), persons_in_water(10, 50.6)])
    replay = Replay(script, pipeline, speed=1000, tick_s=0.02, loop=False)

    async def scenario() -> None:
        task = asyncio.create_task(replay.run())
        await _until(lambda: pipeline.outbox.failures >= 1)
        release()
        await task  # the replay ran to its end, and settled what it owed the store

    asyncio.run(scenario())
    delivered = picture.alerts()
    assert {a["lat"] for a in delivered} == {50.6, 50.95}
    assert sorted(stored_ids(impatient)) == sorted(a["alert_id"] for a in delivered)


def test_a_store_that_stays_away_is_logged_when_it_goes_and_comes_back_not_every_batch(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    """A stage catching up tries the store with every message: while the store is away the
    log says so once, then every ``LOG_EVERY_S``, and once when it answers again."""
    from straitwatch.picture.outbox import LOG_EVERY_S, AlertOutbox

    clock = [0.0]
    # Each failing flush tries twice (all owed, then alert by alert): 21 flushes fail.
    outbox = AlertOutbox(FailsFirst(engine, failures=42), monotonic=lambda: clock[0])
    alert = Pipeline(engine, Picture()).loop.step([persons_in_water()], T0).raised
    assert alert, "the sighting raises a distress alert"
    outbox.add(alert, [])
    with caplog.at_level("WARNING", logger="straitwatch.picture.outbox"):
        for _ in range(20):  # 20 batches in one second: one line
            clock[0] += 0.05
            assert outbox.flush() == []
        clock[0] += LOG_EVERY_S  # still away ten seconds on: one line more
        assert outbox.flush() == []
        clock[0] += 0.05
        stored = outbox.flush()  # the store answers again: the alert is stored
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 3, lines
    assert "refused" in lines[0] and "refused" in lines[1]
    assert "answers again" in lines[2]
    assert [a["alert_id"] for a in stored] == stored_ids(engine) == [alert[0].alert_id]
