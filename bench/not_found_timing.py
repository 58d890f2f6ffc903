# SPDX-License-Identifier: EUPL-1.2
"""Not-found and not-allowed answer alike in time too (issue 13 item 3: "404, same body,
similar time"). A French analyst asks, through the API, for ids that were never used and
for ids that exist but are the UK's (an undisseminated H2 report, an entity drawn only
from it); the two kinds of request are interleaved (so the machine's load touches both
alike) and timed one by one. Figures: median and p95 of each, and the difference of the
medians (the peer: the not-found request itself, as a ratio).

    .venv/bin/python bench/not_found_timing.py [--samples 400]

All names are fictional (specimen state Utopia, UTO).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient
from intel_fixture import bench_report

from straitwatch.access.actor import system_actor
from straitwatch.access.tokens import issue_token
from straitwatch.access.users import actor_for, add_user, get_user, seed_agencies
from straitwatch.api.app import create_app
from straitwatch.config import Settings
from straitwatch.intel.entities import load_entities
from straitwatch.store.db import make_engine, transaction
from straitwatch.store.migrate import upgrade

PASSWORD = "Tide-Gris-Nez-2024"


def world(path: Path) -> tuple[TestClient, str, int]:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with transaction(engine) as s:
        seed_agencies(s, system_actor())
        add_user(s, system_actor(), "uk.analyst", "UKBF", "analyst", PASSWORD)
        add_user(s, system_actor(), "fr.analyst", "PREMAR", "analyst", PASSWORD)
        token = issue_token(
            s, system_actor(), "fr.analyst", days=1, label="bench", now=datetime.now(UTC)
        ).token
        uk = actor_for(s, get_user(s, "uk.analyst"))
        secret = bench_report(s, uk, "Bench: the UK's own (fictional)", "H2")
        hidden = {"id": "uto-hidden-1", "schema": "Person", "properties": {"name": ["TESTHIDE"]}}
        load_entities(s, uk, [json.dumps(hidden)], report_id=secret)
    app = create_app(Settings(database_url=str(engine.url), env="test"), engine=engine)
    return TestClient(app), token, secret


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        client, token, secret = world(Path(tmp) / "bench.db")
        headers = {"Authorization": f"Bearer {token}"}
        why = {"purpose": "bench (fictional)"}
        pairs = {
            "report": (f"/api/reports/{secret}", f"/api/reports/{secret + 1000}"),
            "entity": ("/api/entities/uto-hidden-1", "/api/entities/uto-never-1"),
        }
        with client:
            for kind, (not_allowed, not_found) in pairs.items():
                times: dict[str, list[float]] = {"not_allowed": [], "not_found": []}
                bodies = set()
                for i in range(args.samples + 20):
                    order = [("not_allowed", not_allowed), ("not_found", not_found)]
                    for name, url in order if i % 2 else reversed(order):
                        t0 = time.perf_counter()
                        r = client.get(url, headers=headers, params=why)
                        elapsed = time.perf_counter() - t0
                        assert r.status_code == 404, r.text
                        bodies.add(r.text.replace(url.rsplit("/", 1)[1], "ID"))
                        if i >= 20:  # the first rounds warm caches up
                            times[name].append(elapsed)
                a, f = summary(times["not_allowed"]), summary(times["not_found"])
                print(
                    json.dumps(
                        {
                            "kind": kind,
                            "samples_each": args.samples,
                            "not_allowed": a,
                            "not_found": f,
                            "median_diff_ms": round(a["median_ms"] - f["median_ms"], 2),
                            "ratio_of_medians": round(a["median_ms"] / f["median_ms"], 2),
                            "bodies_alike": len(bodies) == 1,
                        }
                    )
                )


if __name__ == "__main__":
    main()
