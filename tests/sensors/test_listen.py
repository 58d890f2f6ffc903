# SPDX-License-Identifier: EUPL-1.2
"""Live UDP and TCP NMEA feeds, with real sockets on localhost."""

from __future__ import annotations

import asyncio
import socket
from datetime import UTC, datetime

from sqlalchemy import Engine, func, select

from straitwatch.access.actor import system_actor
from straitwatch.sensors import Endpoint, ObservationSink, listen
from straitwatch.sensors.quality import QualityPolicy
from straitwatch.sensors.sites import SensorSites
from straitwatch.sensors.state import StreamState
from straitwatch.store.db import transaction
from straitwatch.store.observations import DeadLetterRow, ObservationRow, VesselIdentityRow
from tests.sensors.conftest import encoded, tagged

LOCAL = Endpoint("127.0.0.1", 0)


async def _until(condition: object, deadline_s: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline_s
    while not condition():  # type: ignore[operator]
        assert loop.time() < end, "condition not reached before the deadline"
        await asyncio.sleep(0.01)


def test_udp_and_tcp_feeds_are_stored_with_duplicates_and_orphans(engine: Engine) -> None:
    now = datetime.now(UTC).timestamp()
    (fix,) = encoded(type=1, mmsi=235000001, lat=51.05, lon=1.45, speed=4.0)
    static = encoded(type=5, mmsi=235000001, shipname="CHANNEL TESTER", to_bow=20, to_stern=5)
    sink = ObservationSink(engine, system_actor(), feed="test listener")
    state = StreamState(QualityPolicy.for_live(), sites=SensorSites())
    bound: dict[str, Endpoint] = {}

    async def scenario() -> int:
        stop = asyncio.Event()
        task = asyncio.create_task(
            listen(
                sink,
                state,
                udp=LOCAL,
                tcp=LOCAL,
                stop=stop,
                flush_interval_s=0.05,
                ready=bound.update,
            )
        )
        await _until(lambda: len(bound) == 2)
        datagram = tagged(fix, now, "rx-udp") + b"\r\ngarbage\n"
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.sendto(datagram, (bound["udp"].host, bound["udp"].port))
        await _until(lambda: sink.summary.observations == 1)
        _reader, writer = await asyncio.open_connection(bound["tcp"].host, bound["tcp"].port)
        # The same sentence heard by a second receiver; a two-part message split across
        # writes; and a first part whose second never comes.
        writer.write(tagged(fix, now + 1, "rx-tcp") + b"\n" + static[0].encode())
        await writer.drain()
        writer.write(b"\n" + static[1].encode() + b"\n" + static[0].encode() + b"\n")
        await writer.drain()
        writer.close()
        await writer.wait_closed()
        await _until(lambda: sink.summary.rejected == 2 and sink.summary.static_updates == 1)
        stop.set()
        return await task

    lines = asyncio.run(scenario())
    assert lines == 6
    assert sink.summary.duplicates == 1
    assert dict(sink.summary.rejected_reasons) == {"junk": 1, "orphan_fragment": 1}
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(ObservationRow)) == 1
        assert session.scalar(select(func.count()).select_from(DeadLetterRow)) == 3
        identity = session.get(VesselIdentityRow, 235000001)
        assert identity is not None and identity.name == "CHANNEL TESTER"


def test_listener_stops_after_max_lines(engine: Engine) -> None:
    (fix,) = encoded(type=18, mmsi=235000002, lat=51.0, lon=1.4)
    sink = ObservationSink(engine, system_actor(), feed="test listener")
    state = StreamState(QualityPolicy.for_live(), sites=SensorSites())
    bound: dict[str, Endpoint] = {}

    async def scenario() -> int:
        task = asyncio.create_task(
            listen(sink, state, udp=LOCAL, max_lines=3, flush_interval_s=0.05, ready=bound.update)
        )
        await _until(lambda: "udp" in bound)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.sendto(f"{fix}\n{fix}\n{fix}\n".encode(), (bound["udp"].host, bound["udp"].port))
        return await asyncio.wait_for(task, 10)

    assert asyncio.run(scenario()) == 3
    # Untimed live lines are stamped on arrival, so the repeats are duplicates.
    assert (sink.summary.observations, sink.summary.duplicates) == (1, 2)
