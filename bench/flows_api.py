# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: what each ``/api/flows`` request of the flows page costs, through the app.

A migrated SQLite store with the bundled flows data, the app in-process (Starlette's test
client, so HTTP parsing, auth, the access check, the store-version query, the view and the
response model's validation and JSON encoding are all counted, the network is not). For
each route: the first request after start (dataset read from the store, forecast fitted)
and the median of the next ``--repeat`` (served from the per-load cache for the dataset,
the forecast and the patrol plan).

    .venv/bin/python bench/flows_api.py --repeat 20

Prints a Markdown table for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from straitwatch.access.actor import system_actor
from straitwatch.access.demo_users import seed_demo_users
from straitwatch.access.users import seed_agencies
from straitwatch.api import create_app
from straitwatch.config import Settings
from straitwatch.flows import bundled_sources, load_sources, parse_source, read_dataset
from straitwatch.store.db import make_engine, transaction
from straitwatch.store.migrate import upgrade

PASSWORD = "Bench-Gris-Nez-2024"
REQUESTS: list[tuple[str, dict[str, str | int]]] = [
    ("summary", {}),
    ("week", {}),
    ("arrivals", {"by": "week", "from": "2024-08-20"}),
    ("arrivals", {"by": "month"}),
    ("arrivals", {"by": "day"}),
    ("arrivals", {"by": "day", "from": "2026-07-10"}),
    ("prevention", {"by": "week"}),
    ("deaths", {"by": "year"}),
    ("forecast", {"days": 14}),
    ("forecast", {"days": 28}),
    ("frontex/routes", {"by": "month"}),
    ("frontex/map", {}),
    ("nationalities", {"n": 10}),
    ("patrol-plan", {"days": 7, "units": 4}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    store = Path(tempfile.mkdtemp()) / "store.db"
    engine = make_engine(f"sqlite:///{store}")
    upgrade(engine)
    with transaction(engine) as session:
        seed_agencies(session, system_actor())
        seed_demo_users(session, system_actor(), PASSWORD)
        load_sources(session, system_actor(), [parse_source(p) for p in bundled_sources()])
    reads = []
    for _ in range(5):
        t = time.perf_counter()
        with transaction(engine) as session:
            read_dataset(session)
        reads.append(time.perf_counter() - t)
    settings = Settings(env="test", secret_key="b" * 40, database_url=str(engine.url))
    with TestClient(create_app(settings, engine=engine)) as client:
        r = client.post("/api/auth/login", json={"username": "uk.analyst", "password": PASSWORD})
        r.raise_for_status()
        read_ms = statistics.median(reads) * 1000
        print(f"Python {platform.python_version()}; read_dataset (no cache): {read_ms:.0f} ms")
        print()
        print("| request | first (ms) | then, median (ms) | response (KiB) |")
        print("|---|---|---|---|")
        for path, params in REQUESTS:
            times = []
            for _ in range(args.repeat + 1):
                t = time.perf_counter()
                res = client.get("/api/flows/" + path, params=params)
                times.append(time.perf_counter() - t)
                res.raise_for_status()
            query = "&".join(f"{k}={v}" for k, v in params.items())
            print(
                f"| `{path}{'?' + query if query else ''}` | {times[0] * 1000:.0f} | "
                f"{statistics.median(times[1:]) * 1000:.1f} | {len(res.content) / 1024:.0f} |"
            )


if __name__ == "__main__":
    main()
