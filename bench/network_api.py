# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: what the link chart's API requests cost through the app, on a store of
fictional entities shared by the UK with France.

A migrated SQLite store; ``--reports`` UK reports disseminated to France, each carrying
``--per-report`` persons linked in pairs (Associate) with their phones, and one hub person
named in its own report with ``--hub`` phones (200 neighbours). Timed in-process through
Starlette's test client (auth, the access check, the visibility filter in SQL, the graph
build, the analysis, the audit event and the JSON encoding counted; the network not):
``GET /api/network/expand/<hub>?hops=2`` and ``GET /api/network`` as the French analyst,
the first request and the median of ``--repeat``.

    .venv/bin/python bench/network_api.py --reports 100 --per-report 50 --hub 200

Prints a Markdown table for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient

from straitwatch.access.actor import system_actor
from straitwatch.access.tokens import issue_token
from straitwatch.access.users import add_user, seed_agencies
from straitwatch.api import create_app
from straitwatch.config import Settings
from straitwatch.store.db import make_engine, transaction
from straitwatch.store.migrate import upgrade

PASSWORD = "Bench-Gris-Nez-2024-network"
REPORT = {
    "body": "FICTIONAL BENCHMARK DATA.",
    "event_time": "2026-11-01T21:30:00Z",
    "purpose": "bench (fictional)",
    "legal_basis": "DPA 2018 Part 3",
    "grade_scale": "uk_3x5x2",
    "grade_source": "1",
    "grade_information": "B",
    "handling_scale": "europol_4x4",
    "handling_code": "H0",
}


def _phone(i: int) -> str:
    return f"+44 7400 {100000 + i:06d}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--per-report", type=int, default=50)
    parser.add_argument("--hub", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    engine = make_engine(f"sqlite:///{tmp / 'bench.db'}")
    upgrade(engine)
    tokens = {}
    with transaction(engine) as s:
        seed_agencies(s, system_actor())
        for name, agency in (("uk.analyst", "UKBF"), ("fr.analyst", "PREMAR")):
            add_user(s, system_actor(), name, agency, "analyst", PASSWORD)
            tokens[name] = issue_token(
                s, system_actor(), name, days=1, label="bench", now=datetime.now(UTC)
            ).token
    app = create_app(Settings(database_url=str(engine.url), env="test"), engine=engine)
    client = TestClient(app)

    def call(who: str, method: str, url: str, **kw: object) -> object:
        r = client.request(method, url, headers={"Authorization": f"Bearer {tokens[who]}"}, **kw)  # type: ignore[arg-type]
        assert r.status_code < 300, r.text
        return r.json()

    n_phone = 0
    start = time.perf_counter()
    for k in range(args.reports + 1):
        rid = call(
            "uk.analyst", "POST", "/api/reports", json={**REPORT, "title": f"Bench report {k}"}
        )["id"]  # type: ignore[index]
        entities = []
        if k == args.reports:  # the hub: one person with many phones
            entities.append(
                {"id": "hub", "schema": "Person", "properties": {"name": ["Hub TESTER"]}}
            )
            for _ in range(args.hub):
                n_phone += 1
                entities.append(
                    {
                        "id": f"ph{n_phone}",
                        "schema": "Phone",
                        "properties": {"number": [_phone(n_phone)], "user": ["hub"]},
                    }
                )
        else:
            for j in range(args.per_report):
                pid = f"p{k}-{j}"
                n_phone += 1
                entities.append(
                    {
                        "id": pid,
                        "schema": "Person",
                        "properties": {"name": [f"Person {k} {j} TESTER"]},
                    }
                )
                entities.append(
                    {
                        "id": f"ph{n_phone}",
                        "schema": "Phone",
                        "properties": {"number": [_phone(n_phone)], "user": [pid]},
                    }
                )
                if j % 2:
                    entities.append(
                        {
                            "id": f"a{k}-{j}",
                            "schema": "Associate",
                            "properties": {"person": [pid], "associate": [f"p{k}-{j - 1}"]},
                        }
                    )
        call("uk.analyst", "POST", "/api/entities", json={"entities": entities, "report_id": rid})
        call(
            "uk.analyst",
            "POST",
            f"/api/reports/{rid}/disseminations",
            json={"to_agencies": ["PREMAR"]},
        )
    load_s = time.perf_counter() - start

    rows = []
    for label, url, params in (
        ("expand hub 2 hops", "/api/network/expand/hub", {"hops": 2, "purpose": "bench"}),
        ("whole network", "/api/network", {"purpose": "bench"}),
    ):
        times = []
        size = None
        for _ in range(args.repeat + 1):
            t = time.perf_counter()
            body = call("fr.analyst", "GET", url, params=params)
            times.append(time.perf_counter() - t)
            size = (len(body["nodes"]), len(body["edges"]))  # type: ignore[index]
        rows.append((label, size, times[0], statistics.median(times[1:])))
    total = json.loads(
        json.dumps(call("fr.analyst", "GET", "/api/network", params={"top": 1, "purpose": "bench"}))
    )["summary"]
    print(
        f"store: {total['entities']} entities, {total['links']} links visible to FR; "
        f"loaded in {load_s:.1f} s; "
        f"load average {os.getloadavg()[0]:.2f}\n"
    )
    print("| request | nodes, edges returned | first ms | median ms |")
    print("|---|---|---|---|")
    for label, size, first, median in rows:
        print(f"| {label} | {size[0]}, {size[1]} | {first * 1000:.0f} | {median * 1000:.0f} |")


if __name__ == "__main__":
    main()
