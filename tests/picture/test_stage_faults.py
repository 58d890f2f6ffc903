# SPDX-License-Identifier: EUPL-1.2
"""Fault injection on the pipeline stages over NATS JetStream (issue 19, items 5-8, 12), in
bounded time for CI: a real nats-server stopped and started mid-stream, poison messages,
``kill -9`` of each stage process and a restart, a backlog larger than NATS's payload limit
taken in bounded steps. The longer soak is ``bench/faults.py``."""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import os
import signal
import subprocess
import sys
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select

from straitwatch.geo.projection import KNOT_MPS
from straitwatch.picture.bus import OBSERVATIONS, PICTURE, TRACKS, Bus
from straitwatch.picture.codec import observation_json
from straitwatch.picture.live import Picture
from straitwatch.picture.pipeline import Pipeline
from straitwatch.picture.smallboats import SmallBoatDay, small_boat_day
from straitwatch.picture.stage_state import MAX_MESSAGE_BYTES
from straitwatch.picture.stages import run_assessment, run_tracking
from straitwatch.sensors.observation import Observation
from straitwatch.store.alerts import AlertRow
from straitwatch.store.db import transaction
from straitwatch.store.observations import DeadLetterRow
from tests.nats_server import NatsServer, nats_server

__all__ = ["nats_server"]

pytestmark = [pytest.mark.nats]

BOATS = SmallBoatDay(
    start=datetime(2022, 8, 22, 3, tzinfo=UTC),
    boats=2,
    distress_every=1,
    departure_window_s=60,
    engine_failure_s=600,
    scan_s=5,
    sighting_every_s=120,
    max_crossing_s=1200,
)


def batches(observations: list[Observation]) -> list[dict[str, Any]]:
    """Two-second batches as the API posts them, shifted to an hour ago."""
    t0 = observations[0].time
    start = datetime.now(UTC) - timedelta(hours=1)
    out = []
    for i in range(0, int((observations[-1].time - t0).total_seconds()) + 1, 2):
        lo, hi = t0 + timedelta(seconds=i), t0 + timedelta(seconds=i + 2)
        out.append(
            {
                "observations": [
                    {**observation_json(o), "time": (start + (o.time - t0)).isoformat()}
                    for o in observations
                    if lo <= o.time < hi
                ]
            }
        )
    return out


class Watch:
    """Everything published on the picture and tracks subjects, and the largest message."""

    def __init__(self) -> None:
        self.updates: dict[str, list[tuple[datetime, float, float]]] = defaultdict(list)
        self.alerts: list[dict[str, Any]] = []
        self.largest = 0

    async def run(self, url: str) -> None:
        """Read both subjects from the stream's start (pull consumers, as the stages do),
        through bus restarts."""
        from nats.errors import Error as NatsError
        from nats.errors import TimeoutError as NatsTimeout
        from nats.js.api import ConsumerConfig, DeliverPolicy

        bus = await Bus(url).connect()
        subs: dict[str, Any] = {}
        seen: dict[str, int] = {PICTURE: 0, TRACKS: 0}
        try:
            while True:
                for subject in (PICTURE, TRACKS):
                    try:
                        if subject not in subs:
                            start = seen[subject] + 1
                            config = ConsumerConfig(
                                deliver_policy=DeliverPolicy.BY_START_SEQUENCE, opt_start_seq=start
                            )
                            subs[subject] = await bus.js.pull_subscribe(subject, config=config)
                        msgs = await subs[subject].fetch(100, timeout=0.2)
                    except (NatsTimeout, TimeoutError):
                        continue
                    except NatsError:  # the bus restarting: read on from where we were
                        subs.pop(subject, None)
                        await asyncio.sleep(0.2)
                        continue
                    for m in msgs:
                        seen[subject] = max(seen[subject], int(m.metadata.sequence.stream))
                        self._take(subject, m.data)
                        await m.ack()
        finally:
            await bus.close()

    def _take(self, subject: str, data: bytes) -> None:
        self.largest = max(self.largest, len(data))
        if subject != PICTURE:
            return
        body = json.loads(data)
        for u in body["updates"]:
            self.updates[u["track_id"]].append(
                (datetime.fromisoformat(u["time"]), u["lat"], u["lon"])
            )
        self.alerts += body["alerts"]


def stored_alerts(engine: Engine) -> list[tuple[str, str | None]]:
    with transaction(engine) as s:
        return [(r.type, r.track_id) for r in s.scalars(select(AlertRow))]


def fastest_jump_kn(watch: Watch) -> float:
    """The fastest move between two updates of one track id (an id reused far away)."""
    fastest = 0.0
    for points in watch.updates.values():
        points = sorted(points)
        for (t1, la1, lo1), (t2, la2, lo2) in itertools.pairwise(points):
            dt = (t2 - t1).total_seconds()
            if dt <= 0:
                continue
            dy = (la2 - la1) * 111_320.0
            dx = (lo2 - lo1) * 111_320.0 * math.cos(math.radians(la1))
            fastest = max(fastest, math.hypot(dx, dy) / dt / KNOT_MPS)
    return fastest


async def _until(
    condition: Any, deadline_s: float, what: str, tasks: Sequence[asyncio.Task[Any]] = ()
) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline_s
    while not condition():
        for t in tasks:  # a stage that died says why at once
            assert not t.done(), t.exception() if not t.cancelled() else "cancelled"
        assert loop.time() < end, f"{what} not met within {deadline_s} s"
        await asyncio.sleep(0.1)  # waiting on a condition, with a deadline


def test_stages_survive_a_bus_restart_poison_and_a_backlog_over_the_payload_limit(
    nats_server: NatsServer, engine: Engine
) -> None:
    messages = batches(small_boat_day(BOATS))
    half = len(messages) // 2
    watch = Watch()

    async def scenario() -> None:
        driver = await Bus(nats_server.url).connect()
        # A backlog before the stages start: one message bigger than half the payload limit
        # would be a crash if the stage took all of it as one step.
        for body in messages[:half]:
            await driver.publish(OBSERVATIONS, body)
        await driver.nc.publish(OBSERVATIONS, b"not json at all")
        await driver.publish(OBSERVATIONS, {"observations": [{"time": "yesterday"}]})
        await driver.js.publish(OBSERVATIONS, b'{"observations": 7}')
        await driver.close()
        tasks = [
            asyncio.create_task(watch.run(nats_server.url)),
            asyncio.create_task(_stage(run_tracking, nats_server.url, engine)),
            asyncio.create_task(_stage(run_assessment, nats_server.url, engine)),
        ]
        try:
            await _until(
                lambda: any(a["type"] == "departure" for a in watch.alerts), 60, "a departure"
            )
            nats_server.stop()
            nats_server.start()
            driver = await Bus(nats_server.url).connect(wait_s=10)
            for body in messages[half:]:
                await driver.publish(OBSERVATIONS, body)
            await driver.close()
            await _until(
                lambda: sum(a["type"] == "distress" for a in watch.alerts) >= BOATS.boats,
                90,
                "a distress alert per boat",
                tasks,
            )
            assert not any(t.done() for t in tasks), [t.exception() for t in tasks if t.done()]
        finally:
            for t in tasks:
                t.cancel()
            await asyncio.wait(tasks, timeout=10)

    asyncio.run(asyncio.wait_for(scenario(), 200))
    with transaction(engine) as s:
        dead = list(s.scalars(select(DeadLetterRow)))
    assert len(dead) == 3 and {d.feed for d in dead} == {f"bus:{OBSERVATIONS}"}
    assert all(d.reason == "malformed" and d.message for d in dead)
    alerts = stored_alerts(engine)
    assert len(alerts) == len(set(alerts)), "an alert was stored twice"
    assert sum(t == "departure" for t, _ in alerts) == BOATS.boats
    assert watch.largest <= MAX_MESSAGE_BYTES


async def _stage(runner: Any, url: str, engine: Engine) -> None:
    bus = await Bus(url).connect(wait_s=10)
    try:
        await runner(bus, Pipeline(engine, Picture()))
    finally:
        await bus.close()


# --- kill -9 of each stage process, and a restart ----------------------------------------


def _stage_process(name: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "straitwatch.cli.main", "pipeline", name],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture
def stage_env(nats_server: NatsServer, engine: Engine) -> dict[str, str]:
    return {
        **os.environ,
        "STRAITWATCH_BUS_URL": nats_server.url,
        "STRAITWATCH_DATABASE_URL": str(engine.url),
        "STRAITWATCH_ENV": "test",
    }


@pytest.mark.slow
def test_kill_9_of_each_stage_and_a_restart_is_invisible_to_the_operator(
    nats_server: NatsServer, engine: Engine, stage_env: dict[str, str]
) -> None:
    messages = batches(small_boat_day(BOATS))
    third = len(messages) // 3
    watch = Watch()
    procs = {n: _stage_process(n, stage_env) for n in ("track", "assess")}

    async def publish(bodies: list[dict[str, Any]]) -> None:
        driver = await Bus(nats_server.url).connect()
        for body in bodies:
            await driver.publish(OBSERVATIONS, body)
        await driver.close()

    async def scenario() -> None:
        watcher = asyncio.create_task(watch.run(nats_server.url))
        try:
            await publish(messages[:third])
            await _until(
                lambda: any(a["type"] == "departure" for a in watch.alerts), 90, "a departure"
            )
            procs["track"].send_signal(signal.SIGKILL)
            procs["track"].wait(timeout=10)
            await publish(messages[third : 2 * third])
            procs["track"] = _stage_process("track", stage_env)
            seen = len(watch.updates)
            await _until(lambda: len(watch.updates) >= seen, 60, "tracking again")
            procs["assess"].send_signal(signal.SIGKILL)
            procs["assess"].wait(timeout=10)
            await publish(messages[2 * third :])
            procs["assess"] = _stage_process("assess", stage_env)
            await _until(
                lambda: sum(a["type"] == "distress" for a in watch.alerts) >= BOATS.boats,
                120,
                "a distress alert per boat",
            )
        finally:
            watcher.cancel()
            await asyncio.wait([watcher], timeout=10)

    try:
        asyncio.run(scenario())
    finally:
        for p in procs.values():
            p.send_signal(signal.SIGTERM)
            p.wait(timeout=15)
    alerts = stored_alerts(engine)
    assert len(alerts) == len(set(alerts)), "an alert was stored twice"
    assert sum(t == "departure" for t, _ in alerts) == BOATS.boats
    assert sum(t == "distress" for t, _ in alerts) == BOATS.boats
    # Delivered on the picture: each of those alerts, under one id each.
    boat_alerts = {"departure", "distress"}
    delivered = {a["alert_id"] for a in watch.alerts if a["type"] in boat_alerts}
    assert len(delivered) == sum(t in boat_alerts for t, _ in alerts)
    assert fastest_jump_kn(watch) < 100.0, "a track id was reused for another boat"


def test_the_stage_clock_does_not_start_before_the_data() -> None:
    """Before any observation the tracking stage has no time to coast to: stepping to the
    wall clock would put every observation of a feed replayed from the past out of date
    (a stage started before its feed tracked nothing)."""
    from straitwatch.picture.bus import DataClock

    clock = DataClock()
    assert not clock.started
    past = datetime(2022, 8, 22, 3, tzinfo=UTC)
    assert clock.now(past) == past and clock.started
    assert past <= clock.now(None) < past + timedelta(seconds=5)


def test_a_stage_saves_what_it_produced_before_it_publishes_it(
    nats_server: NatsServer, engine: Engine
) -> None:
    """Write ahead: at every checkpoint save, what the round produced is in the checkpoint
    and not yet on the bus. (Published first, a stage killed before its save re-steps the
    messages after a restart to other track ids under the same message ids: the bus keeps
    the first, the tracker the second, and one id names two boats.)"""
    from straitwatch.picture.bus import STREAM
    from straitwatch.picture.stage_state import Checkpoint, Checkpoints

    saves: list[tuple[int, int]] = []  # (TRACKS messages on the bus, outgoing in the save)

    class Recording(Checkpoints):
        async def save(self, stage: str, checkpoint: Checkpoint) -> None:
            info = await self.bus.js.stream_info(STREAM, subjects_filter=TRACKS)
            saves.append(((info.state.subjects or {}).get(TRACKS, 0), len(checkpoint.outgoing)))
            await super().save(stage, checkpoint)

    messages = batches(small_boat_day(BOATS))[:40]

    async def scenario() -> None:
        bus = await Bus(nats_server.url).connect(wait_s=10)
        for body in messages:
            await bus.publish(OBSERVATIONS, body)
        stage = asyncio.create_task(
            run_tracking(bus, Pipeline(engine, Picture()), checkpoints=Recording(bus))
        )
        try:
            await _until(lambda: sum(n for _, n in saves) > 0 and len(saves) >= 2, 60, "saves")
        finally:
            stage.cancel()
            await asyncio.wait([stage], timeout=10)
            await bus.close()

    asyncio.run(asyncio.wait_for(scenario(), 90))
    assert any(outgoing for _, outgoing in saves)
    for (on_bus, _), (on_bus_next, _) in itertools.pairwise(saves):
        assert on_bus_next >= on_bus
    published = 0
    for on_bus, outgoing in saves:
        assert on_bus == published, "published before its checkpoint was saved"
        published += outgoing
