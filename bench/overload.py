# SPDX-License-Identifier: EUPL-1.2
"""Overload benchmark (issue 19, item 9; loopback only, bounded in count and time).

The server of bench/stream.py (the real app, ``--tracks`` live tracks updating every
second, an alert a second) under, all at once for ``--seconds``:

- ``--clients`` WebSocket clients: half read every message (their delay from a track's
  time to its receipt is measured), half are slow readers that take the snapshot's first
  bytes and then read nothing (a stalled browser on a bad link);
- ``--concurrency`` workers each sending ``GET /api/tracks`` again as soon as the last
  answer came (no back-off: the worst client), counting 200s and 503s with their times;
- a ``GET /api/health`` probe every 0.25 s;

and the server's resident memory sampled every second, each in its own process (one
Python process playing them all on a busy machine measures its own queueing). It stops
by itself.

    .venv/bin/python bench/overload.py [--tracks 1000] [--clients 300] [--concurrency 256]
                                       [--seconds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stream  # the server child, users and tokens of the stream benchmark


def pct(values: list[float], q: float) -> float | None:
    return round(1000 * float(np.percentile(values, q)), 1) if values else None


async def fast_client(port: int, token: str, until: float, delays: list[float]) -> None:
    import websockets

    uri = f"ws://127.0.0.1:{port}/api/stream?token={token}"
    async with websockets.connect(uri, max_size=None) as ws:
        while time.monotonic() < until:
            try:
                raw = await asyncio.wait_for(ws.recv(), max(0.1, until - time.monotonic()))
            except TimeoutError:
                break
            got = time.time()
            first = raw.find(stream.TRACKS) if isinstance(raw, str) else -1
            if first >= 0:
                at = raw.index(stream.TIME, first) + len(stream.TIME)
                text = raw[at : raw.index('"', at)]
                delays.append(got - np.datetime64(text.rstrip("Z")).astype(float) / 1e6)


async def slow_client(port: int, token: str, until: float) -> None:
    """Handshake, read 4 KiB, then read nothing until the end (a tiny receive buffer)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    writer.write(
        f"GET /api/stream?token={token} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    await writer.drain()
    await reader.read(4096)
    await asyncio.sleep(max(0.0, until - time.monotonic()))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.close()


async def flood(port: int, token: str, workers: int, until: float) -> dict[str, list[float]]:
    import httpx

    times: dict[str, list[float]] = {
        "200": [],
        "503": [],
        "503 without Retry-After": [],
        "other": [],
    }
    headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": "gzip"}
    limits = httpx.Limits(max_connections=workers, max_keepalive_connections=workers)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=30, limits=limits
    ) as client:

        async def worker() -> None:
            while time.monotonic() < until:
                t = time.perf_counter()
                try:
                    async with client.stream("GET", "/api/tracks") as r:
                        async for _ in r.aiter_raw():
                            pass
                        key = str(r.status_code) if r.status_code in (200, 503) else "other"
                        if r.status_code == 503 and r.headers.get("retry-after") != "1":
                            key = "503 without Retry-After"
                except httpx.HTTPError:
                    key = "other"
                times[key].append(time.perf_counter() - t)

        await asyncio.gather(*(worker() for _ in range(workers)))
    return times


async def probe(port: int, until: float) -> dict[str, list[float]]:
    import httpx

    took: dict[str, list[float]] = {"ok": [], "failed": []}
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
        while time.monotonic() < until:
            t = time.perf_counter()
            try:
                r = await client.get("/api/health")
                key = "ok" if r.status_code == 200 else "failed"
            except httpx.HTTPError:
                key = "failed"
            took[key].append(time.perf_counter() - t)
            await asyncio.sleep(0.25)
    return took


async def memory(pid: int, until: float) -> tuple[list[float], float, float]:
    """Resident memory each second; the server's CPU seconds and wall seconds over it."""
    rss: list[float] = []
    cpu0, t0 = stream.proc_stats(pid)[0], time.monotonic()
    while time.monotonic() < until:
        rss.append(stream.proc_stats(pid)[1])
        await asyncio.sleep(1.0)
    return rss, stream.proc_stats(pid)[0] - cpu0, time.monotonic() - t0


async def _clients(
    port: int, tokens: list[str], fast: int, slow: int, until: float
) -> tuple[list[float], list[str]]:
    delays: list[float] = []
    runs = [fast_client(port, tokens[k % len(tokens)], until, delays) for k in range(fast)]
    runs += [slow_client(port, tokens[k % len(tokens)], until) for k in range(slow)]
    results = await asyncio.gather(*runs, return_exceptions=True)
    return delays, [type(r).__name__ for r in results if isinstance(r, BaseException)]


def _part(
    which: str, port: int, pid: int, tokens: list[str], args: argparse.Namespace, until_wall: float
) -> Any:
    """One load generator in its own process (one Python process cannot play them all on
    a busy machine: its own queueing would be measured, not the server's)."""
    until = time.monotonic() + (until_wall - time.time())
    half = args.clients // 2
    if which == "flood":
        return asyncio.run(flood(port, tokens[0], args.concurrency, until))
    if which == "probe":
        return asyncio.run(probe(port, until))
    if which == "memory":
        return asyncio.run(memory(pid, until))
    return asyncio.run(_clients(port, tokens, half, args.clients - half, until))


def scenario(args: argparse.Namespace, port: int, pid: int, tokens: list[str]) -> dict:
    from concurrent.futures import ProcessPoolExecutor

    until_wall = time.time() + args.seconds + 3.0  # the workers' start-up
    with ProcessPoolExecutor(4) as pool:
        futures = {
            which: pool.submit(_part, which, port, pid, tokens, args, until_wall)
            for which in ("flood", "probe", "memory", "clients")
        }
        times = futures["flood"].result()
        health = futures["probe"].result()
        rss, server_cpu_s, window_s = futures["memory"].result()
        delays, failed_clients = futures["clients"].result()
    half = args.clients // 2
    ok, shed = times["200"], times["503"]
    return {
        "seconds": args.seconds,
        "tracks": args.tracks,
        "clients": {"fast": half, "slow": args.clients - half, "failed": failed_clients},
        "tracks_requests": {
            "ok": len(ok),
            "shed_503": len(shed),
            "shed_without_retry_after": len(times["503 without Retry-After"]),
            "other": len(times["other"]),
            "ok_per_s": round(len(ok) / args.seconds, 1),
            "ok_p50_ms": pct(ok, 50),
            "ok_p99_ms": pct(ok, 99),
            "ok_max_ms": pct(ok, 100),
            "shed_p50_ms": pct(shed, 50),
            "shed_p99_ms": pct(shed, 99),
        },
        "health": {
            "ok": len(health["ok"]),
            "failed_or_over_10s": len(health["failed"]),
            "p50_ms": pct(health["ok"], 50),
            "p99_ms": pct(health["ok"], 99),
            "max_ms": pct(health["ok"], 100),
        },
        "ws_fast_delay": {"n": len(delays), "p50_ms": pct(delays, 50), "p99_ms": pct(delays, 99)},
        "server_rss_mib": {"first": round(rss[0], 1), "max": round(max(rss), 1)},
        "server_cpu_s": round(server_cpu_s, 1),
        "server_cores_used": round(server_cpu_s / window_s, 2),
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tracks", type=int, default=1000)
    ap.add_argument("--clients", type=int, default=300)
    ap.add_argument("--concurrency", type=int, default=256)
    ap.add_argument("--seconds", type=float, default=20.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/bench.db"
        tokens = stream.seed(db)
        port = stream.free_port()
        child = subprocess.Popen(
            [sys.executable, stream.__file__, "--child", db, str(port), str(args.tracks), "1"]
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", port)) == 0:
                        break
                if time.monotonic() > deadline or child.poll() is not None:
                    raise SystemExit("server did not start")
                time.sleep(0.1)
            time.sleep(2)  # the feeder's first seconds
            report = scenario(args, port, child.pid, tokens)
        finally:
            child.terminate()
            child.wait(timeout=30)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
