# SPDX-License-Identifier: EUPL-1.2
"""Fault soak of the multi-process pipeline (``pipeline track`` + ``pipeline assess`` over a
real nats-server with JetStream, SQLite or PostgreSQL store): the same small-boat day
streamed twice, once without faults (the baseline) and once with, in one run, and the
operator-visible outcome compared: distinct track ids, fastest id jump, alerts by type,
alerts stored twice, dead letters.

Faults (``--plan``), spread over the stream:

- ``mixed`` (SQLite): poison messages, ``kill -9`` of the tracking stage and a restart,
  nats-server stopped and started, ``kill -9`` of the assessment stage and a restart;
- ``postgres``: a throwaway PostgreSQL 15 cluster of its own (never the shared one),
  stopped (``pg_ctl stop -m fast``) and started again ``--pg-restarts`` times, each time
  down for ``--pg-down`` seconds, while the stream goes on.

    .venv/bin/python bench/faults.py [--boats 6] [--rate 40] [--plan mixed|postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from straitwatch.geo.projection import KNOT_MPS
from straitwatch.picture.bus import OBSERVATIONS, PICTURE, Bus
from straitwatch.picture.codec import observation_json
from straitwatch.picture.smallboats import SmallBoatDay, small_boat_day
from straitwatch.store.alerts import AlertRow
from straitwatch.store.db import make_engine, normalise_url, transaction
from straitwatch.store.migrate import upgrade
from straitwatch.store.observations import DeadLetterRow


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Nats:
    def __init__(self, store: Path) -> None:
        self.exe = shutil.which("nats-server") or "/usr/sbin/nats-server"
        self.store, self.port = store, _port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self) -> None:
        cmd = [self.exe, "-js", "-a", "127.0.0.1", "-p", str(self.port), "-sd", str(self.store)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("nats-server did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


class Postgres:
    """A throwaway PostgreSQL 15 cluster (scripts/pg-test-cluster.sh) that can be stopped
    and started again on the same port."""

    def __init__(self) -> None:
        self.port = _port()
        script = Path(__file__).resolve().parents[1] / "scripts" / "pg-test-cluster.sh"
        out = subprocess.run(
            [str(script)],
            env={**os.environ, "PGPORT_TEST": str(self.port)},
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        self.dir, self.admin_url = Path(out[0]), out[1]
        owner = self.dir.owner()
        self.run = ["runuser", "-u", owner, "--"] if os.getuid() == 0 else []
        self.pg_ctl = "/usr/lib/postgresql/15/bin/pg_ctl"

    def database(self, name: str) -> str:
        from sqlalchemy import create_engine, text

        admin = create_engine(normalise_url(self.admin_url), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
        admin.dispose()
        return self.admin_url.rsplit("/", 1)[0] + f"/{name}"

    def stop(self) -> None:
        subprocess.run(
            [*self.run, self.pg_ctl, "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop"],
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        opts = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        subprocess.run(
            [
                *self.run,
                self.pg_ctl,
                "-D",
                str(self.dir / "data"),
                "-l",
                str(self.dir / "server.log"),
                "-w",
                "-o",
                opts,
                "start",
            ],
            check=True,
            capture_output=True,
        )

    def remove(self) -> None:
        script = Path(__file__).resolve().parents[1] / "scripts" / "pg-test-cluster.sh"
        subprocess.run([str(script), "stop", str(self.dir)], check=False)


async def _until_up(work: Path, names: tuple[str, ...], deadline_s: float = 120) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        logs = [(work / f"{n}.log") for n in names]
        if all(p.exists() and "connected to" in p.read_text(errors="replace") for p in logs):
            return
        await asyncio.sleep(0.5)
    raise RuntimeError("stages did not start")


async def _until_drained(bus: Bus, deadline_s: float = 240) -> None:
    """Both stages' consumers have nothing pending or unacknowledged, for 5 s."""
    end = time.monotonic() + deadline_s
    quiet_since = None
    while time.monotonic() < end:
        pending = 0
        for durable in ("tracking", "assessment"):
            try:
                info = await bus.js.consumer_info("STRAITWATCH", durable)
                pending += info.num_pending + info.num_ack_pending
            except Exception:  # not created yet: the stage is still starting
                pending += 1
        if pending == 0:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= 5:
                return
        else:
            quiet_since = None
        await asyncio.sleep(0.5)
    raise RuntimeError("stages did not drain in time")


def batches(boats: SmallBoatDay) -> list[dict[str, Any]]:
    observations = small_boat_day(boats)
    t0 = observations[0].time
    start = datetime.now(UTC) - timedelta(hours=2)
    out = []
    for i in range(0, int((observations[-1].time - t0).total_seconds()) + 1, 2):
        lo, hi = t0 + timedelta(seconds=i), t0 + timedelta(seconds=i + 2)
        obs = [
            {**observation_json(o), "time": (start + (o.time - t0)).isoformat()}
            for o in observations
            if lo <= o.time < hi
        ]
        out.append({"observations": obs, "batch": i})
    return out


async def run(
    boats: SmallBoatDay,
    args: argparse.Namespace,
    faults: bool,
    work: Path,
    pg: Postgres | None,
) -> dict[str, Any]:
    rate = args.rate
    work.mkdir(parents=True)
    nats = Nats(work / "js")
    nats.start()
    if pg is None:
        engine = make_engine(f"sqlite:///{work / 'store.db'}")
    else:
        engine = make_engine(pg.database(f"faults_{int(faults)}"))
    upgrade(engine)
    env = {
        **os.environ,
        "STRAITWATCH_BUS_URL": nats.url,
        "STRAITWATCH_DATABASE_URL": str(engine.url),
        "STRAITWATCH_ENV": "test",
    }
    cmd = [sys.executable, "-m", "straitwatch.cli.main", "pipeline"]

    def stage(name: str) -> subprocess.Popen[bytes]:
        log = (work / f"{name}.log").open("ab")
        return subprocess.Popen([*cmd, name], env=env, stdout=log, stderr=log)

    procs = {"track": stage("track"), "assess": stage("assess")}
    messages = batches(boats)
    n = len(messages)
    if pg is None:
        plan = {
            n // 5: "poison",
            2 * n // 5: "kill track",
            3 * n // 5: "restart bus",
            4 * n // 5: "kill assess",
        }
    else:
        k = args.pg_restarts
        plan = {(j + 1) * n // (k + 1): "restart postgres" for j in range(k)}
    pg_down: list[float] = []
    restarts: list[asyncio.Task[None]] = []

    async def restart_postgres() -> None:
        assert pg is not None
        t = time.monotonic()
        await asyncio.to_thread(pg.stop)
        await asyncio.sleep(args.pg_down)
        await asyncio.to_thread(pg.start)
        pg_down.append(round(time.monotonic() - t, 1))

    updates: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    alerts: list[dict[str, Any]] = []
    await _until_up(work, ("track", "assess"))
    started = time.monotonic()
    try:
        bus = await Bus(nats.url).connect(wait_s=10)
        for i, body in enumerate(messages):
            fault = plan.get(i) if faults else None
            if fault == "poison":
                await bus.nc.publish(OBSERVATIONS, b"\x00 not json")
                await bus.publish(OBSERVATIONS, {"observations": [{"time": "never"}]})
            elif fault in ("kill track", "kill assess"):
                name = fault.split()[1]
                procs[name].send_signal(signal.SIGKILL)
                procs[name].wait()
                procs[name] = stage(name)
            elif fault == "restart postgres":  # the stream goes on while it is down
                restarts.append(asyncio.create_task(restart_postgres()))
            elif fault == "restart bus":
                await bus.close()
                nats.stop()
                nats.start()
                bus = await Bus(nats.url).connect(wait_s=10)
            await bus.publish(OBSERVATIONS, body)
            await asyncio.sleep(1 / rate)
        await asyncio.gather(*restarts)
        # Let the stages take everything in (restarted ones start slowly), then read all
        # they published.
        await _until_drained(bus)
        info = await bus.js.stream_info("STRAITWATCH", subjects_filter=">")
        print("stream", info.state.messages, info.state.subjects, file=sys.stderr)
        from nats.errors import TimeoutError as NatsTimeout
        from nats.js.api import ConsumerConfig, DeliverPolicy

        sub = await bus.js.pull_subscribe(
            PICTURE, config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL)
        )
        while True:
            try:
                msgs = await sub.fetch(200, timeout=2)
            except (NatsTimeout, TimeoutError):
                break
            for m in msgs:
                b = json.loads(m.data)
                for u in b["updates"]:
                    t = datetime.fromisoformat(u["time"]).timestamp()
                    updates[u["track_id"]].append((t, u["lat"], u["lon"]))
                alerts += b["alerts"]
        await bus.close()
    finally:
        for p in procs.values():
            p.terminate()
            p.wait(timeout=15)
        nats.stop()
    with transaction(engine) as s:
        stored = [(r.type, r.track_id) for r in s.scalars(select(AlertRow))]
        dead = len(list(s.scalars(select(DeadLetterRow))))
    fastest = 0.0
    for points in updates.values():
        for (t1, a1, o1), (t2, a2, o2) in itertools.pairwise(sorted(points)):
            if t2 > t1:
                d = math.hypot(
                    (a2 - a1) * 111_320, (o2 - o1) * 111_320 * math.cos(math.radians(a1))
                )
                fastest = max(fastest, d / (t2 - t1) / KNOT_MPS)
    return {
        "faults": faults,
        "messages": n,
        "observations": sum(len(m["observations"]) for m in messages),
        "wall_s": round(time.monotonic() - started, 1),
        "track_ids": len(updates),
        "fastest_id_jump_kn": round(fastest, 1),
        "alerts_stored": dict(Counter(t for t, _ in stored)),
        "alerts_stored_twice": len(stored) - len(set(stored)),
        "dead_letters": dead,
        "store": "postgresql" if pg is not None else "sqlite",
        "postgres_down_s": pg_down,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boats", type=int, default=6)
    parser.add_argument("--rate", type=float, default=40.0, help="messages a second")
    parser.add_argument("--plan", choices=("mixed", "postgres"), default="mixed")
    parser.add_argument("--pg-restarts", type=int, default=3)
    parser.add_argument("--pg-down", type=float, default=5.0, help="seconds down each time")
    args = parser.parse_args()
    boats = SmallBoatDay(
        start=datetime(2022, 8, 22, 3, tzinfo=UTC),
        boats=args.boats,
        distress_every=2,
        departure_window_s=600,
        engine_failure_s=900,
        scan_s=5,
        sighting_every_s=120,
        max_crossing_s=2400,
    )
    work = Path(tempfile.mkdtemp(prefix="sw-faults-"))
    pg = Postgres() if args.plan == "postgres" else None
    try:
        results = [asyncio.run(run(boats, args, f, work / str(f), pg)) for f in (False, True)]
    finally:
        if pg is not None:
            pg.remove()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
