# SPDX-License-Identifier: EUPL-1.2
"""Input that used to crash ingest or stop a listener (issue 19, items 13 and 14): a NUL
inside a tag block (checksum valid), NUL in a sighting's text, lines of megabytes; on
SQLite and on PostgreSQL (which refuses NUL in text)."""

from __future__ import annotations

import asyncio
import functools
import operator
import time
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from straitwatch.access.actor import system_actor
from straitwatch.sensors import Endpoint, ObservationSink, listen, read_files
from straitwatch.sensors.nmea import MAX_LINE_BYTES, nmea_checksum
from straitwatch.sensors.quality import QualityPolicy
from straitwatch.sensors.sites import SensorSites
from straitwatch.sensors.state import StreamState
from straitwatch.store.db import transaction
from straitwatch.store.observations import DeadLetterRow, ObservationRow
from tests.sensors.conftest import state
from tests.sensors.processes import fleet_lines
from tests.sensors.test_listen import _until


def _nul_station_line(time_s: float) -> bytes:
    """A tag block whose station holds a NUL, its checksum valid."""
    block = f"s:rx\x00evil,c:{time_s:.0f}".encode()
    (fix,) = fleet_lines(1, start_s=time_s)
    sentence = fix.split(b"\\")[-1]
    return b"\\" + block + b"*%02X\\" % nmea_checksum(block) + sentence


def _stored(engine: Engine) -> tuple[int, list[tuple[str, str]]]:
    with transaction(engine) as session:
        observations = session.scalar(select(func.count()).select_from(ObservationRow)) or 0
        letters = session.execute(select(DeadLetterRow.reason, DeadLetterRow.message)).all()
    return int(observations), [(r, m) for r, m in letters]


def test_a_nul_in_a_tag_block_is_refused_and_the_rest_stored(
    any_engine: Engine, tmp_path: Path
) -> None:
    good = fleet_lines(20, start_s=1_790_000_000.0)
    path = tmp_path / "nul.nmea"
    path.write_bytes(b"".join([*good[:10], _nul_station_line(1_790_000_003.5) + b"\r\n"]))
    path.write_bytes(path.read_bytes() + b"".join(good[10:]))
    sightings = tmp_path / "s.jsonl"
    sightings.write_text(
        '{"time": "2026-11-22T05:00:00Z", "sensor_id": "drone-fr-07", "platform": "drone", '
        '"kind": "small_boat", "lat": 50.97, "lon": 1.76, "notes": "seen \\u0000 here"}\n'
        '{"time": "2026-11-22T05:00:01Z", "sensor_id": "drone\\u0000x", "platform": "drone", '
        '"kind": "small_boat", "lat": 50.97, "lon": 1.76}\n'
    )
    sink = ObservationSink(any_engine, system_actor(), feed="test")
    sink.add_all(read_files([path, sightings], state=state()))
    sink.close()
    observations, letters = _stored(any_engine)
    assert observations == 20
    reasons = sorted(reason for reason, _ in letters)
    assert reasons == ["invalid_record", "invalid_record", "malformed"], letters
    assert any("control character" in message for _, message in letters)
    assert any("NUL" in message for _, message in letters)


def test_a_listener_keeps_storing_after_a_nul(any_engine: Engine) -> None:
    now = time.time()
    lines = fleet_lines(200, start_s=now - 100)
    sink = ObservationSink(any_engine, system_actor(), feed="test listener")
    live = StreamState(QualityPolicy.for_live(), sites=SensorSites())
    bound: dict[str, Endpoint] = {}

    async def scenario() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(
            listen(
                sink,
                live,
                tcp=Endpoint("127.0.0.1", 0),
                stop=stop,
                flush_interval_s=0.05,
                ready=bound.update,
            )
        )
        await _until(lambda: "tcp" in bound)
        reader, writer = await asyncio.open_connection(bound["tcp"].host, bound["tcp"].port)
        long_line = b"!" + b"A" * (2 * 1024 * 1024) + b"\r\n"  # 2 MiB: refused unread
        writer.write(_nul_station_line(now - 101) + b"\r\n" + long_line + b"".join(lines))
        writer.write_eof()
        await reader.read()  # the listener answers, then closes once all is stored
        stop.set()
        await asyncio.wait_for(task, 30)

    asyncio.run(scenario())
    observations, letters = _stored(any_engine)
    assert observations == 200
    assert sorted(reason for reason, _ in letters) == ["malformed", "too_long"]


def test_long_lines_in_a_file_cost_little_and_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.nmea"
    good = fleet_lines(5, start_s=1_790_000_000.0)
    path.write_bytes(b"!" + b"B" * (8 * 1024 * 1024) + b"*00\r\n" + b"".join(good))
    records = list(read_files([path], state=state()))
    refused = [r for r in records if getattr(r, "reason", None) is not None]
    assert [r.reason.value for r in refused] == ["too_long"]
    assert f"longer than {MAX_LINE_BYTES:,}" in refused[0].message
    assert len(refused[0].raw) < 5000
    assert len(records) == 6


@given(st.binary(max_size=5000))
def test_the_checksum_is_the_xor_of_every_byte(body: bytes) -> None:
    assert nmea_checksum(body) == functools.reduce(operator.xor, body, 0)


def test_plots_with_infinite_or_absurd_numbers_are_refused_naming_the_field() -> None:
    from straitwatch.sensors.plots import PositionReportFeed

    head = '{"time": "2026-11-22T05:59:00Z", "sensor_id": "radar-dover", "lat": 51, "lon": 1.4'
    lines = [
        head + ', "sigma_m": Infinity}',
        head + ', "sigma_m": 20, "speed_kn": 1e308}',
        head + ', "sigma_m": NaN}',
        head + ', "sigma_m": 20, "speed_kn": 12}',
    ]
    records = list(PositionReportFeed("plots.jsonl", state()).decode(lines))
    messages = [getattr(r, "message", "kept") for r in records]
    assert messages[0] == "field 'sigma_m': Input should be a finite number"
    assert messages[1].startswith("field 'speed_kn': Input should be less than or equal to")
    assert messages[2].startswith("field 'sigma_m'")
    assert messages[3] == "kept"
