# SPDX-License-Identifier: EUPL-1.2
"""Live-picture stream benchmark (loopback only, bounded).

2,000 live tracks updating every second and an alert a second, 50 WebSocket clients
signed in as six users of different agencies and roles (six audiences): delay from a
track update's time to its receipt by each client (p50/p99; target p99 < 500 ms); then
``GET /api/tracks`` at 200 requests/s (p50/p99; target p99 < 100 ms); CPU and memory of
the server process (from /proc). Peer in the same run: the same server and clients with
the per-user access filter replaced by a pass-through (what filtering costs).

    .venv/bin/python bench/stream.py [--tracks 2000] [--clients 50] [--seconds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_child(db: str, port: int, tracks: int, filtered: bool) -> None:
    """The server under test: the real app, its picture fed with ``tracks`` moving tracks
    every second by a synthetic feeder (the pipeline's output, without the pipeline)."""
    import uvicorn

    from straitwatch.api import create_app
    from straitwatch.config import Settings
    from straitwatch.picture.live import Picture
    from straitwatch.tracking.track import TrackClass, TrackStatus, TrackUpdate

    rng = np.random.default_rng(1)
    lat0 = rng.uniform(50.6, 51.3, tracks)
    lon0 = rng.uniform(0.9, 2.2, tracks)

    def step(now: datetime, k: int) -> list[TrackUpdate]:
        return [
            TrackUpdate(
                f"T{i}",
                now,
                float(lat0[i] + k * 1e-5),
                float(lon0[i]),
                8.0,
                0.0,
                20.0,
                TrackStatus.CONFIRMED,
                TrackClass.AIS_VESSEL if i % 3 else TrackClass.SMALL_BOAT,
            )
            for i in range(tracks)
        ]

    async def feeder(picture: Picture) -> None:
        # As the server's pipeline does: the tracker's step in a worker thread, only the
        # picture update on the event loop.
        k = 0
        while True:
            now = datetime.now(UTC)
            ups = await asyncio.to_thread(step, now, k)
            kind, routed = ALERTS[k % len(ALERTS)]
            alert = {
                "alert_id": f"AL-{k:06d}",
                "type": kind,
                "state": "new",
                "time": now.isoformat().replace("+00:00", "Z"),
                "track_id": f"T{k % tracks}",
                "lat": float(lat0[k % tracks]),
                "lon": float(lon0[k % tracks]),
                "severity": 3,
                "routed_to": list(routed),
            }
            picture.apply(ups, [alert])
            k += 1
            await asyncio.sleep(max(0.0, 1.0 - (datetime.now(UTC) - now).total_seconds()))

    settings = Settings(env="test", secret_key="b" * 40, database_url=db)
    app = create_app(settings, feeders=[feeder])
    if not filtered:  # the peer: the same deltas, no per-user access filter
        from straitwatch.api import filtering

        filtering.filter_tracks = lambda actor, ts: list(ts)  # type: ignore[assignment]
        import straitwatch.api.routers.stream as stream

        stream.filter_delta = lambda actor, d: {  # type: ignore[assignment]
            "type": "delta",
            "clock": d.clock,
            "tracks": d.tracks,
            "alerts": d.alerts,
        }
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def proc_stats(pid: int) -> tuple[float, float]:
    """CPU seconds (user+system) and resident memory (MiB) of a process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    cpu_s = (int(fields[11]) + int(fields[12])) / tick
    rss = next(
        int(line.split()[1])
        for line in Path(f"/proc/{pid}/status").read_text().splitlines()
        if line.startswith("VmRSS")
    )
    return cpu_s, rss / 1024


TRACKS, TIME = '"tracks":[{', '"time":"'


async def ws_clients(port: int, tokens: list[str], clients: int, seconds: float) -> list[float]:
    import websockets

    delays: list[float] = []

    async def one(token: str) -> None:
        uri = f"ws://127.0.0.1:{port}/api/stream?token={token}"
        async with websockets.connect(uri, max_size=None) as ws:
            await ws.recv()  # snapshot
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                try:
                    raw = await asyncio.wait_for(
                        ws.recv(), timeout=max(0.1, end - time.monotonic())
                    )
                except TimeoutError:
                    break
                got = time.time()
                # The first track's time, without decoding 2,000 tracks: fifty clients in
                # one bench process would otherwise spend the delay being measured parsing.
                first = raw.find(TRACKS) if isinstance(raw, str) else -1
                if first >= 0:
                    at = raw.index(TIME, first) + len(TIME)
                    text = raw[at : raw.index('"', at)]
                    t = datetime.fromisoformat(text.replace("Z", "+00:00"))
                    delays.append(got - t.timestamp())

    await asyncio.gather(*(one(tokens[k % len(tokens)]) for k in range(clients)))
    return delays


async def rest_load(
    port: int, token: str, rate: float, seconds: float
) -> tuple[list[float], list[str]]:
    import httpx

    lat: list[float] = []
    failed: list[str] = []
    headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": "gzip"}
    limits = httpx.Limits(max_connections=400, max_keepalive_connections=100)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=10, limits=limits
    ) as client:

        async def one() -> None:
            # The body is read as sent (compressed): a map client decompresses on its own
            # machine, and this process must not spend the time being measured doing it.
            t = time.perf_counter()
            try:
                async with client.stream(
                    "GET", "/api/tracks", params={"bbox": "0.9,50.6,2.2,51.3"}
                ) as r:
                    async for _ in r.aiter_raw():
                        pass
                    if r.status_code != 200:
                        failed.append(f"HTTP {r.status_code}")
                        return
            except httpx.HTTPError as exc:
                failed.append(type(exc).__name__)
                return
            lat.append(time.perf_counter() - t)

        tasks = []
        start = time.perf_counter()
        for i in range(int(rate * seconds)):
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one()))
        await asyncio.gather(*tasks)
    print(
        f"rest: {len(lat)} ok, {len(failed)} failed or timed out {sorted(set(failed))}",
        file=sys.stderr,
    )
    return lat, failed


ALERTS = [
    ("departure", ("PREMAR", "CROSSGN")),
    ("crossing", ("UKBF", "HMCG")),
    ("distress", ("HMCG", "CROSSGN")),
    ("dark_contact", ("HMCG",)),
]
"""One alert a second, routed in turn as the assessment routes them."""

WATCHERS = [
    ("HMCG", "watch_officer"),
    ("UKBF", "watch_officer"),
    ("CROSSGN", "watch_officer"),
    ("PREMAR", "watch_officer"),
    ("BEFP", "analyst"),
    ("FRONTEX", "analyst"),
]
"""The clients' users: six agencies and roles, so six audiences see different pictures."""


def seed(db: str) -> list[str]:
    from straitwatch.access.actor import system_actor
    from straitwatch.access.tokens import issue_token
    from straitwatch.access.users import add_user, seed_agencies
    from straitwatch.store.db import make_engine, transaction
    from straitwatch.store.migrate import upgrade

    engine = make_engine(db)
    upgrade(engine)
    tokens = []
    with transaction(engine) as s:
        seed_agencies(s, system_actor())
        for agency, role in WATCHERS:
            name = f"bench.{agency.lower()}"
            add_user(s, system_actor(), name, agency, role, "Bench-Watch-2024x")
            tokens.append(
                issue_token(
                    s, system_actor(), name, days=1, label="bench", now=datetime.now(UTC)
                ).token
            )
    return tokens


def run(args: argparse.Namespace, filtered: bool, db: str, tokens: list[str]) -> dict[str, float]:
    port = free_port()
    child = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--child",
            db,
            str(port),
            str(args.tracks),
            "1" if filtered else "0",
        ]
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.monotonic() > deadline or child.poll() is not None:
                raise SystemExit("server did not start")
            time.sleep(0.1)
        time.sleep(2)  # the feeder's first seconds
        cpu0, _ = proc_stats(child.pid)
        t0 = time.monotonic()
        delays = asyncio.run(ws_clients(port, tokens, args.clients, args.seconds))
        cpu1, rss = proc_stats(child.pid)
        wall = time.monotonic() - t0
        out = {
            "ws_p50_ms": 1000 * float(np.percentile(delays, 50)),
            "ws_p99_ms": 1000 * float(np.percentile(delays, 99)),
            "ws_msgs": float(len(delays)),
            "cpu_ws": (cpu1 - cpu0) / wall,
            "rss_mib": rss,
        }
        print(("filtered" if filtered else "peer"), json.dumps(out), flush=True)
        if filtered:
            cpu0, _ = proc_stats(child.pid)
            t0 = time.monotonic()
            lat, failed = asyncio.run(rest_load(port, tokens[0], args.rate, args.rest_seconds))
            cpu1, rss = proc_stats(child.pid)
            worst = lat + [10.0] * len(failed)  # a failed request counts as the time-out
            out |= {
                "rest_p50_ms": 1000 * float(np.percentile(worst, 50)),
                "rest_p99_ms": 1000 * float(np.percentile(worst, 99)),
                "rest_n": float(len(lat)),
                "rest_failed": float(len(failed)),
                "cpu_rest": (cpu1 - cpu0) / (time.monotonic() - t0),
                "rss_mib_after_rest": rss,
            }
        return out
    finally:
        child.terminate()
        child.wait(timeout=10)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        serve_child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1")
        return
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--tracks", type=int, default=2000)
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--seconds", type=float, default=20.0)
    p.add_argument("--rate", type=float, default=200.0)
    p.add_argument("--rest-seconds", type=float, default=10.0)
    args = p.parse_args()
    random.seed(1)
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/bench.db"
        tokens = seed(db)
        ours = run(args, True, db, tokens)
        peer = run(args, False, db, tokens)
    print(json.dumps({"filtered": ours, "peer_unfiltered": peer}, indent=2))
    print(f"ws p99 ratio filtered/unfiltered: {ours['ws_p99_ms'] / peer['ws_p99_ms']:.2f}")


if __name__ == "__main__":
    main()
