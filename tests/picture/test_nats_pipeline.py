# SPDX-License-Identifier: EUPL-1.2
"""The pipeline's stages as separate processes connected through NATS JetStream: a real
``nats-server -js`` (Debian package) started by the test, ``straitwatch pipeline track``
and ``straitwatch pipeline assess`` as subprocesses, observations published as the API
would, and the live picture read back from the bus."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from straitwatch.picture.bus import OBSERVATIONS, PICTURE, Bus
from straitwatch.picture.codec import observation_json
from straitwatch.picture.smallboats import SmallBoatDay, small_boat_day
from straitwatch.store.alerts import AlertRow

pytestmark = [pytest.mark.nats, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_port(port: int, proc: subprocess.Popen[bytes], deadline_s: float = 20) -> None:
    deadline = time.monotonic() + deadline_s
    while True:
        assert proc.poll() is None, "nats-server exited"
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        assert time.monotonic() < deadline, "nats-server did not listen in time"
        time.sleep(0.05)  # waiting on a condition, with a deadline


@pytest.fixture
def nats_url(tmp_path: Path) -> Iterator[str]:
    exe = shutil.which("nats-server") or "/usr/sbin/nats-server"
    if not os.path.exists(exe):
        pytest.fail("nats-server missing: install the Debian package 'nats-server'")
    port = _free_port()
    proc = subprocess.Popen(
        [exe, "-js", "-a", "127.0.0.1", "-p", str(port), "-sd", str(tmp_path / "js")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_port(port, proc)
        yield f"nats://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _stage(name: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "straitwatch.cli.main", "pipeline", name],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


async def _drive(url: str, observations: list[Any], deadline_s: float) -> dict[str, Any]:
    """Publish the observations in two-second batches, as the API would, and collect what
    comes out on the picture subject."""
    bus = await Bus(url).connect()
    seen: dict[str, Any] = {"tracks": set(), "alerts": []}
    sub = await bus.nc.subscribe(PICTURE)
    try:
        t0 = observations[0].time
        start = datetime.now(UTC) - timedelta(hours=1)  # a recorded feed, replayed fast
        for i in range(0, int((observations[-1].time - t0).total_seconds()) + 1, 2):
            lo, hi = t0 + timedelta(seconds=i), t0 + timedelta(seconds=i + 2)
            batch = [o for o in observations if lo <= o.time < hi]
            shifted = [
                {**observation_json(o), "time": (start + (o.time - t0)).isoformat()} for o in batch
            ]
            await bus.publish(OBSERVATIONS, {"observations": shifted})
        end = time.monotonic() + deadline_s
        import json

        while time.monotonic() < end and not any(a["type"] == "distress" for a in seen["alerts"]):
            try:
                msg = await sub.next_msg(timeout=1)
            except Exception:
                continue
            body = json.loads(msg.data)
            seen["tracks"] |= {u["track_id"] for u in body["updates"]}
            seen["alerts"] += body["alerts"]
    finally:
        await bus.close()
    return seen


def test_stages_as_processes_over_jetstream(nats_url: str, engine: Engine) -> None:
    env = {
        **os.environ,
        "STRAITWATCH_BUS_URL": nats_url,
        "STRAITWATCH_DATABASE_URL": str(engine.url),
        "STRAITWATCH_ENV": "test",
    }
    # One boat that stalls ten minutes out: departure, then distress.
    boats = SmallBoatDay(
        start=datetime(2022, 8, 22, 3, tzinfo=UTC),
        boats=1,
        distress_every=1,
        departure_window_s=1,
        engine_failure_s=600,
        scan_s=5,
        sighting_every_s=120,
        max_crossing_s=1200,
    )
    observations = small_boat_day(boats)
    stages = [_stage("track", env), _stage("assess", env)]
    try:
        seen = asyncio.run(_drive(nats_url, observations, deadline_s=90))
    finally:
        for p in stages:
            p.terminate()
        errors = [p.communicate(timeout=10)[1].decode()[-2000:] for p in stages]
    assert seen["tracks"], f"no track updates came through the bus; stage errors: {errors}"
    types = {a["type"] for a in seen["alerts"]}
    assert {"departure", "distress"} <= types, (types, errors)
    with engine.connect() as conn:
        stored = set(conn.execute(select(AlertRow.type)).scalars())
    assert {"departure", "distress"} <= stored
