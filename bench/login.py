# SPDX-License-Identifier: EUPL-1.2
"""Sign-in timing and throttling (issue 13, item 13): median time of a failed sign-in for
a user who exists and for one who does not (the dummy argon2 check makes them alike),
and what 60 quick attempts from one client get (401 then 429).

Run: .venv/bin/python bench/login.py
"""

from __future__ import annotations

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
from straitwatch.store.db import make_engine, transaction
from straitwatch.store.migrate import upgrade

TRIES = 30


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    engine = make_engine(f"sqlite:///{folder / 'login.db'}")
    upgrade(engine)
    with transaction(engine) as s:
        seed_agencies(s, system_actor())
        seed_demo_users(s, system_actor(), "Tide-Gris-Nez-2024")
    base = {"env": "test", "secret_key": "b" * 40, "database_url": str(engine.url)}
    unthrottled = Settings(
        **base,  # type: ignore[arg-type]
        login_client_attempts_per_min=10_000,
        login_failures_per_client_account=10_000,
        login_failures_per_account_hour=10_000,
    )
    medians = {}
    with TestClient(create_app(unthrottled, engine=engine)) as c:
        for label, user in (("existing user", "uk.watch"), ("unknown user", "no.such.user")):
            times = []
            for i in range(TRIES):
                t0 = time.perf_counter()
                body = {"username": user, "password": f"wrong-{i:012d}"}
                r = c.post("/api/auth/login", json=body)
                times.append(time.perf_counter() - t0)
                assert r.status_code == 401
            medians[label] = statistics.median(times) * 1000
    codes = []
    with TestClient(create_app(Settings(**base), engine=engine)) as c:  # type: ignore[arg-type]
        t0 = time.perf_counter()
        for i in range(60):
            body = {"username": f"user{i % 6}", "password": "x" * 16}
            codes.append(c.post("/api/auth/login", json=body).status_code)
        elapsed = time.perf_counter() - t0
    for label, ms in medians.items():
        print(f"failed sign-in, {label}: median {ms:.0f} ms over {TRIES}")
    print(
        f"60 attempts from one client in {elapsed:.1f} s: "
        f"{codes.count(401)} x 401, {codes.count(429)} x 429"
    )


if __name__ == "__main__":
    main()
