# SPDX-License-Identifier: EUPL-1.2
"""Issue 13: schemathesis against the intelligence part of the OpenAPI document as every
role (watch officer, analyst, investigator, supervisor, DPO, administrator, machine). Each
generated request is sent as each role's user; none may answer 5xx, every error has the
one shape, and the UK's undisseminated H2 report never shows outside the UK. Bounded: a
few examples per operation (the leak oracle and ``test_intel_api`` go deeper)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from straitwatch.access.actor import Role, system_actor
from straitwatch.access.tokens import issue_token
from straitwatch.access.users import add_user
from straitwatch.store.db import transaction
from tests.api.test_intel_api import PASSWORD, SECRET, Api, build, seed

INTEL = re.compile(r"^/api/(reports|entities|search|permission-requests|network|match|notices|dpo)")
# One user per role (build() makes the analysts, the UK supervisor and the DPO).
EXTRA = [
    ("uk.watch", "UKBF", Role.WATCH_OFFICER),
    ("uk.investigator", "UKBF", Role.INVESTIGATOR),
    ("uk.admin", "UKBF", Role.ADMINISTRATOR),
    ("radar.dover", "HMCG", Role.MACHINE),
]
UK = {"uk.analyst", "uk.supervisor", "uk.investigator", "uk.admin", "uk.watch", "dpo"}


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    gen = build(tmp_path)
    world = next(gen)
    with transaction(world.engine) as s:
        for name, agency, role in EXTRA:
            password = None if role is Role.MACHINE else PASSWORD
            add_user(s, system_actor(), name, agency, str(role), password)
            world.tokens[name] = issue_token(
                s, system_actor(), name, days=1, label="fuzz", now=datetime.now(UTC)
            ).token
    yield world
    gen.close()


def test_every_role_gets_no_5xx_and_no_leak(api: Api) -> None:
    seed(api)
    users = {"fr.analyst", "uk.supervisor", "dpo", *(name for name, _, _ in EXTRA)}
    roles_covered = {"analyst", "supervisor", "dpo", *(str(r) for _, _, r in EXTRA)}
    assert roles_covered == {str(r) for r in Role} - {"system"}
    schema = schemathesis.openapi.from_asgi("/openapi.json", api.app)
    operations = [r.ok() for r in schema.include(path_regex=INTEL.pattern).get_all_operations()]
    assert len(operations) >= 25

    for op in operations:

        @given(case=op.as_strategy())
        @settings(
            max_examples=2, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def check(case: Any) -> None:
            for who in sorted(users):
                res = case.call(headers={"Authorization": f"Bearer {api.tokens[who]}"})
                assert res.status_code < 500, (who, case.method, case.path, res.text)
                if who not in UK:
                    assert SECRET not in res.text, f"{who} saw the H2 report via {case.path}"
                if res.status_code >= 400:
                    body = res.json()
                    assert set(body) == {"error"}, res.text
                    assert set(body["error"]) == {"code", "message", "where"}, res.text

        check()
