# SPDX-License-Identifier: EUPL-1.2
"""Bulk entity import and export (issue 13 item 18), on SQLite and PostgreSQL, with reads
and logins answered during the import.

For each store: 10,000 fictional FtM entities (persons with a name and a phone, and
vessels) drawn from one report are imported through ``load_entities`` with a commit per
batch (as ``POST /api/entities`` does), while a second thread keeps reading (``GET
/api/entities/{id}`` and ``GET /api/reports/{id}`` through the API, each a consultation
written to the audit log) and signing in; then everything is exported as FtM JSON lines
(``GET /api/entities/export``, streamed). Figures: entities/s, read latency p50/p99 during
the import, login latency during the import. The peer is the figure the issue measured
on main before this change (10,000 entities in 268 s; about 12,000 exported in 308 s),
given as a ratio.

    .venv/bin/python bench/intel_bulk.py [--entities 10000] [--pg URL]

``--pg`` (or ``STRAITWATCH_TEST_PG_URL``) names a PostgreSQL server on which a throwaway
database is created and dropped. All names and numbers are fictional (specimen state
Utopia, UTO; phones from the reserved drama ranges).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from intel_fixture import bench_report
from sqlalchemy import Engine, text

from straitwatch.access.actor import system_actor
from straitwatch.access.tokens import issue_token
from straitwatch.access.users import actor_for, add_user, get_user, seed_agencies
from straitwatch.api.app import create_app
from straitwatch.config import Settings
from straitwatch.intel.entity_import import IMPORT_BATCH, load_entities
from straitwatch.store.db import make_engine, transaction
from straitwatch.store.migrate import upgrade

PASSWORD = "Tide-Gris-Nez-2024"
PEER_IMPORT_PER_S = 10_000 / 268
PEER_EXPORT_PER_S = 12_000 / 308


def lines(n: int) -> Iterator[str]:
    for i in range(n):
        if i % 2:
            yield json.dumps(
                {
                    "id": f"uto-bench-boat-{i}",
                    "schema": "Vessel",
                    "properties": {"name": [f"BENCH BOAT {i} (fictional)"], "flag": ["zz"]},
                }
            )
        else:
            yield json.dumps(
                {
                    "id": f"uto-bench-person-{i}",
                    "schema": "Person",
                    "properties": {
                        "name": [f"Bench TESTPERSON {i} (fictional)"],
                        "phone": [
                            f"+33 6 12 {i // 10000 % 100:02d} {i // 100 % 100:02d} {i % 100:02d}"
                        ],
                        "nationality": ["zz"],
                    },
                }
            )


def prepare(engine: Engine) -> tuple[int, str]:
    upgrade(engine)
    with transaction(engine) as s:
        seed_agencies(s, system_actor())
        add_user(s, system_actor(), "uk.analyst", "UKBF", "analyst", PASSWORD)
        token = issue_token(
            s, system_actor(), "uk.analyst", days=1, label="bench", now=datetime.now(UTC)
        ).token
        uk = actor_for(s, get_user(s, "uk.analyst"))
        report = bench_report(s, uk, "Bench report (fictional)", "H0")
    return report, token


def reader(
    client: TestClient, token: str, report: int, stop: threading.Event, out: dict[str, list[float]]
) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    why = {"purpose": "bench (fictional)"}  # every read of intelligence carries a purpose
    i = 0
    while not stop.is_set():
        for url in (f"/api/entities/uto-bench-person-{(i * 2) % 200}", f"/api/reports/{report}"):
            t0 = time.perf_counter()
            r = client.get(url, headers=headers, params=why)
            out["read"].append(time.perf_counter() - t0)  # one request, one sample
            out["status"].append(r.status_code)
            if r.status_code != 200:
                out["not_ok"].append(r.status_code)
        if i % 10 == 0:
            t0 = time.perf_counter()
            login = client.post(
                "/api/auth/login", json={"username": "uk.analyst", "password": PASSWORD}
            )
            out["login"].append(time.perf_counter() - t0)
            out["status"].append(login.status_code)
        i += 1


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def run(name: str, engine: Engine, n: int, batch: int) -> dict[str, Any]:
    report, token = prepare(engine)
    app = create_app(Settings(database_url=str(engine.url), env="test"), engine=engine)
    data = list(lines(n))
    with TestClient(app) as client:
        # Warm up: the first entities (so reads find something), then measure the rest.
        with transaction(engine) as s:
            uk = actor_for(s, get_user(s, "uk.analyst"))
            load_entities(s, uk, data[:200], report_id=report)
        out: dict[str, list[Any]] = {"read": [], "login": [], "status": [], "not_ok": []}
        stop = threading.Event()
        thread = threading.Thread(target=reader, args=(client, token, report, stop, out))
        thread.start()
        t0 = time.perf_counter()
        with transaction(engine) as s:
            load_entities(s, uk, data[200:], report_id=report, commit=s.commit, batch_size=batch)
        import_s = time.perf_counter() - t0
        stop.set()
        thread.join()
        t0 = time.perf_counter()
        exported = client.get(
            "/api/entities/export",
            headers={"Authorization": f"Bearer {token}"},
            params={"purpose": "bench (fictional)"},
        )
        export_s = time.perf_counter() - t0
        count = len(exported.text.splitlines())
    bad = sorted({s for s in out["status"] if s >= 500})
    return {
        "store": name,
        "batch": batch,
        "imported": n - 200,
        "import_s": round(import_s, 2),
        "import_per_s": round((n - 200) / import_s),
        "import_ratio_vs_issue": round((n - 200) / import_s / PEER_IMPORT_PER_S, 1),
        "reads_during_import": len(out["read"]),
        "read_p50_ms": round(pct(out["read"], 0.5), 1),
        "read_p99_ms": round(pct(out["read"], 0.99), 1),
        "login_p50_ms": round(pct(out["login"], 0.5), 1),
        "login_p99_ms": round(pct(out["login"], 0.99), 1),
        "statuses_5xx": bad,
        "reads_not_200": len(out["not_ok"]),
        "exported": count,
        "export_s": round(export_s, 2),
        "export_per_s": round(count / export_s),
        "export_ratio_vs_issue": round(count / export_s / PEER_EXPORT_PER_S, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=10_000)
    parser.add_argument("--pg", default=os.environ.get("STRAITWATCH_TEST_PG_URL"))
    parser.add_argument("--batch", type=int, default=IMPORT_BATCH, help="entities per commit")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        if not args.no_sqlite:
            results.append(run("sqlite", engine, args.entities, args.batch))
        engine.dispose()
    if args.pg:
        base = args.pg.rsplit("/", 1)[0]
        admin = make_engine(args.pg).execution_options(isolation_level="AUTOCOMMIT")
        name = f"bench_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
        engine = make_engine(f"{base}/{name}")
        try:
            results.append(run("postgresql", engine, args.entities, args.batch))
        finally:
            engine.dispose()
            with admin.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            admin.dispose()
    for r in results:
        print(json.dumps(r))


if __name__ == "__main__":
    main()
