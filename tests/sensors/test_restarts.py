# SPDX-License-Identifier: EUPL-1.2
"""Crash and restart, with real processes (issue 19, items 10 and 11): ``listen --tcp``
killed with ``kill -9`` loses nothing its sender saw acknowledged, ``ingest`` killed and
run again stores each record once; on SQLite and on PostgreSQL."""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from straitwatch.store.db import transaction
from straitwatch.store.observations import DeadLetterRow, ObservationRow
from tests.sensors.processes import STRAITWATCH, Listener, Sender, database_env, fleet_lines


def _stored(engine: Engine) -> tuple[int, int, int]:
    """Observations, distinct (MMSI, time) among them, and dead letters."""
    with transaction(engine) as session:
        rows = session.scalar(select(func.count()).select_from(ObservationRow)) or 0
        distinct = select(ObservationRow.mmsi, ObservationRow.time).distinct().subquery()
        unique = session.scalar(select(func.count()).select_from(distinct)) or 0
        letters = session.scalar(select(func.count()).select_from(DeadLetterRow)) or 0
    return int(rows), int(unique), int(letters)


@pytest.mark.slow
def test_a_killed_listener_loses_nothing_it_acknowledged(any_engine: Engine) -> None:
    lines = fleet_lines(1500)
    env = database_env(any_engine)
    first = Listener(env, flush_interval_s=0.5)
    sender = Sender(first.port, first_line=0)
    assert sender.send(lines[:600])
    sender.wait_acked(1)
    assert sender.send(lines[600:1000])
    first.kill()
    # Lines the killed listener had received but not stored (or not yet said so): the
    # sender still holds them, and sends them again with some it was told are stored.
    assert sender.acked_through < 1000
    resume = max(0, sender.acked_through - 200)
    second = Listener(env, flush_interval_s=0.2)
    again = Sender(second.port, first_line=resume)
    assert again.send(lines[resume:])
    again.finish()
    code, output = second.stop()
    assert code == 0, output
    summary = json.loads(output[: output.rindex("}") + 1])
    assert summary["already_stored"] >= sender.acked_through - resume
    assert _stored(any_engine) == (1500, 1500, 0)


def _ingest(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    argv = [STRAITWATCH, "ingest", *args, "--json"]
    return subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_ingest_killed_and_run_again_stores_each_record_once(
    any_engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "fleet.nmea"
    count = 3_000
    path.write_bytes(b"".join(fleet_lines(count, start_s=1_790_000_000.0)))
    env = database_env(any_engine)
    # Paced (x500: 900 s of feed in under 2 s), in 500-row transactions: killed while
    # part of the file is committed.
    killed = _ingest(env, str(path), "--batch-size", "500", "--speed", "500")
    end = time.monotonic() + 60
    while _stored(any_engine)[0] == 0:
        with contextlib.suppress(subprocess.TimeoutExpired):
            killed.wait(0.05)  # a pause between looks, ended early if it exits
        assert killed.returncode is None, killed.communicate()[1].decode()
        assert time.monotonic() < end, "nothing was stored"
    killed.send_signal(signal.SIGKILL)
    killed.communicate(timeout=30)
    before = _stored(any_engine)[0]
    assert 0 < before < count
    for rerun in (1, 2):
        out, err = _ingest(env, str(path)).communicate(timeout=120)
        summary = json.loads(out)
        assert summary["observations"] == count, err.decode()
        assert summary["already_stored"] == (before if rerun == 1 else count)
        assert _stored(any_engine) == (count, count, 0)
