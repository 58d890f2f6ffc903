# SPDX-License-Identifier: EUPL-1.2
"""Schemathesis over the whole JSON API at volume (issue 19, "Fuzzing at volume": 0 500s).

The real app in process (ASGI, no network) over a migrated SQLite store with the partner
agencies, the demo users and the fictional demo intelligence; every operation of the
OpenAPI document, ``--examples`` generated cases each, every case sent as each of five
roles (watch officer, analyst, supervisor, DPO, administrator; bearer tokens) and without
credentials. Counted: cases, answers by status, 5xx (with the first few), error answers
not in the one error shape. Bounded by ``--seconds`` (the operations left when it runs out
are listed, not run).

    .venv/bin/python bench/api_fuzz.py [--examples 100] [--seconds 600] [--seed 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROLES = ("fr.watch", "uk.analyst", "uk.supervisor", "dpo", "admin")


def _store(path: Path) -> tuple[str, list[str]]:
    from straitwatch.access.actor import system_actor
    from straitwatch.access.demo_users import seed_demo_users
    from straitwatch.access.tokens import issue_token
    from straitwatch.access.users import seed_agencies
    from straitwatch.cli.acting import actor
    from straitwatch.intel.demo import DEMO_AUTHORS, seed_demo_intel
    from straitwatch.store.db import make_engine, transaction
    from straitwatch.store.migrate import upgrade

    url = f"sqlite:///{path}"
    engine = make_engine(url)
    upgrade(engine)
    now = datetime.now(UTC)
    with transaction(engine) as s:
        seed_agencies(s, system_actor())
        seed_demo_users(s, system_actor(), "Tide-Gris-Nez-2024")
    with transaction(engine) as s:
        seed_demo_intel(s, {name: actor(s, name) for name in DEMO_AUTHORS})
    with transaction(engine) as s:
        tokens = [
            issue_token(s, system_actor(), name, days=1, label="fuzz", now=now).token
            for name in ROLES
        ]
    engine.dispose()
    return url, tokens


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    bad_shape: list[str] = field(default_factory=list)
    no_answer: list[str] = field(default_factory=list)

    def answer(self, name: str, res: Any) -> None:
        self.statuses[res.status_code] += 1
        if res.status_code >= 500:
            self.server_errors.append(f"{name} {res.status_code} {res.text[:200]}")
        elif res.status_code >= 400 and "json" in res.headers.get("content-type", ""):
            body = res.json()
            if set(body) != {"error"} or set(body["error"]) != {"code", "message", "where"}:
                self.bad_shape.append(f"{name} {res.status_code} {res.text[:200]}")


def _run(
    op: Any, name: str, auths: list[dict[str, str]], args: argparse.Namespace, tally: Tally
) -> int:
    """One operation's generated cases, each as every role and without credentials."""
    import requests
    from hypothesis import HealthCheck, given, seed, settings

    sent = 0

    @seed(args.seed)
    @given(case=op.as_strategy())
    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        nonlocal sent
        for auth in auths:
            sent += 1
            try:
                res = case.call(headers=auth, timeout=60)
            except requests.exceptions.RequestException as exc:
                tally.no_answer.append(f"{name} {type(exc).__name__}")
                continue
            tally.answer(name, res)

    check()
    return sent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=100, help="cases per operation")
    ap.add_argument("--seconds", type=float, default=600.0)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()

    import schemathesis
    from fastapi.testclient import TestClient

    from straitwatch.api import create_app
    from straitwatch.config import Settings
    from straitwatch.picture.live import Picture
    from straitwatch.store.db import make_engine

    tally = Tally()
    per_operation: dict[str, int] = {}
    left_out: list[str] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        url, tokens = _store(Path(tmp) / "store.db")
        engine = make_engine(url)
        posted: list[Any] = []
        settings_ = Settings(env="test", secret_key="f" * 40, database_url=url)
        app = create_app(settings_, engine=engine, picture=Picture(), inbox=posted.extend)
        auths = [{"Authorization": f"Bearer {t}"} for t in tokens] + [{}]
        with TestClient(app) as client:
            schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
            operations = [r.ok() for r in schema.get_all_operations()]
            for op in operations:
                name = f"{op.method.upper()} {op.path}"
                if time.monotonic() - started > args.seconds:
                    left_out.append(name)
                    continue
                per_operation[name] = _run(op, name, auths, args, tally)
        engine.dispose()
    report = {
        "operations": len(per_operation),
        "operations_left_out": left_out,
        "requests": sum(per_operation.values()),
        "by_status": dict(sorted(tally.statuses.items())),
        "server_errors_5xx": len(tally.server_errors),
        "first_5xx": tally.server_errors[:5],
        "error_answers_not_in_the_one_shape": len(tally.bad_shape),
        "first_bad_shape": tally.bad_shape[:5],
        "no_answer_within_60_s": len(tally.no_answer),
        "first_no_answer": tally.no_answer[:5],
        "wall_s": round(time.monotonic() - started, 1),
        "cpu_s": round(time.process_time(), 1),
    }
    print(json.dumps(report, indent=2))
    sys.exit(1 if tally.server_errors or tally.bad_shape or tally.no_answer else 0)


if __name__ == "__main__":
    main()
