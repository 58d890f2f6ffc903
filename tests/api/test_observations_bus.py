# SPDX-License-Identifier: EUPL-1.2
"""``POST /api/observations`` with the pipeline over NATS JetStream and the bus down
(issue 19, item 2): the answer is 503 with Retry-After, nothing is stored or remembered,
and the sender's retry once the bus is back is taken as new and reaches the stream."""

from __future__ import annotations

import asyncio
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from straitwatch.api import create_app
from straitwatch.config import Settings
from straitwatch.picture.bus import OBSERVATIONS, STREAM, Bus, bus_feeders
from straitwatch.picture.live import Picture
from straitwatch.store.db import make_engine, transaction
from straitwatch.store.observations import ObservationRow
from tests.nats_server import NatsServer, nats_server, wait_for

__all__ = ["nats_server"]


def plot(lat: float) -> dict[str, Any]:
    return {
        "type": "plot",
        "time": datetime.now(UTC).isoformat(),
        "sensor_id": "radar-dover",
        "lat": lat,
        "lon": 1.45,
        "sigma_m": 25,
    }


async def _stream_observations(url: str) -> list[dict[str, Any]]:
    """Every observation on the stream's observations subject, in order."""
    import json

    from nats.errors import TimeoutError as NatsTimeout
    from nats.js.api import ConsumerConfig, DeliverPolicy

    bus = await Bus(url).connect()
    try:
        sub = await bus.js.pull_subscribe(
            OBSERVATIONS, stream=STREAM, config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL)
        )
        out: list[dict[str, Any]] = []
        while True:
            try:
                msgs = await sub.fetch(100, timeout=0.5)
            except (NatsTimeout, TimeoutError):
                return out
            for m in msgs:
                out += json.loads(m.data)["observations"]
                await m.ack()
    finally:
        await bus.close()


def test_a_post_with_the_bus_down_is_refused_whole_and_its_retry_is_taken(
    seeded_store: tuple[Path, str], tmp_path: Path, nats_server: NatsServer
) -> None:
    store = tmp_path / "store.db"
    shutil.copyfile(seeded_store[0], store)
    engine = make_engine(f"sqlite:///{store}")
    settings = Settings(env="test", secret_key="t" * 40, database_url=str(engine.url))
    feeder, inbox = bus_feeders(nats_server.url)
    app = create_app(settings, engine=engine, picture=Picture(), feeders=[feeder], inbox=inbox)
    auth = {"Authorization": f"Bearer {seeded_store[1]}"}

    def stored() -> int:
        with transaction(engine) as s:
            return int(s.scalar(select(func.count()).select_from(ObservationRow)) or 0)

    with TestClient(app) as client:
        wait_for(inbox.ready, what="server connected to the bus")
        first = client.post("/api/observations", json=[plot(51.05)], headers=auth)
        assert first.status_code == 200 and first.json()["accepted"] == 1, first.text

        nats_server.stop()
        wait_for(lambda: not inbox.ready(), what="server saw the bus go")
        late = [plot(51.06)]
        refused = client.post("/api/observations", json=late, headers=auth)
        assert refused.status_code == 503, refused.text
        assert refused.headers["Retry-After"] == "1"
        assert refused.json()["error"]["code"] == "store_unavailable"
        assert stored() == 1  # nothing of the refused post was kept

        nats_server.start()
        wait_for(inbox.ready, what="server reconnected to the bus")
        retry = client.post("/api/observations", json=late, headers=auth)
        assert retry.status_code == 200, retry.text
        assert (retry.json()["accepted"], retry.json()["duplicates"]) == (1, 0)
        # Sent a third time: now it is a duplicate (stored and on the bus already).
        again = client.post("/api/observations", json=late, headers=auth)
        assert (again.json()["accepted"], again.json()["duplicates"]) == (0, 1)
    assert stored() == 2
    on_stream = asyncio.run(_stream_observations(nats_server.url))
    assert sorted(o["lat"] for o in on_stream) == [51.05, 51.06]
    engine.dispose()


def test_a_batch_the_bus_dropped_mid_post_is_published_when_it_returns(
    nats_server: NatsServer,
) -> None:
    from straitwatch.errors import StoreUnavailable
    from straitwatch.picture.bus_inbox import BusInbox
    from straitwatch.sensors.observation import Observation, ObservationKind

    inbox = BusInbox()
    observation = Observation(
        time=datetime.now(UTC),
        sensor_id="radar-dover",
        kind=ObservationKind.RADAR,
        lat=51.07,
        lon=1.45,
        sigma_m=25.0,
    )

    async def scenario() -> BaseException | None:
        bus = await Bus(nats_server.url).connect()
        inbox.attach(bus, asyncio.get_running_loop())
        redeliver = asyncio.create_task(inbox.deliver_owed(every_s=0.1))
        nats_server.stop()
        failure: BaseException | None = None
        try:
            await asyncio.to_thread(inbox, [observation])  # the post already stored it
        except StoreUnavailable as exc:
            failure = exc
        assert inbox.owed == 1 and not inbox.ready()
        nats_server.start()
        await asyncio.to_thread(wait_for, lambda: inbox.owed == 0, 30.0, "owed published")
        redeliver.cancel()
        await bus.close()
        return failure

    assert isinstance(asyncio.run(scenario()), StoreUnavailable)
    on_stream = asyncio.run(_stream_observations(nats_server.url))
    assert [o["lat"] for o in on_stream] == [51.07]
