# SPDX-License-Identifier: EUPL-1.2
"""Schemathesis against the live-picture part of the OpenAPI document: generated requests
(bounded) never get a 5xx, every error has the one shape, and without credentials nothing
but the health check answers with data."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings

from straitwatch.access.actor import system_actor
from straitwatch.access.tokens import issue_token
from straitwatch.store.db import transaction

from .conftest import Server, update

PICTURE = re.compile(r"^/api/(tracks|alerts|zones|sensors|observations|replay|auth|health)")
PUBLIC = {("GET", "/api/health"), ("POST", "/api/auth/login")}


def test_fuzzed_requests_no_5xx_one_error_shape(server: Server) -> None:
    with transaction(server.engine) as session:
        token = issue_token(
            session, system_actor(), "fr.watch", days=1, label="fuzz", now=datetime.now(UTC)
        ).token
    server.picture.apply([update("T1"), update("T2", lat=50.9)])
    schema = schemathesis.openapi.from_asgi("/openapi.json", server.client.app)
    operations = [r.ok() for r in schema.include(path_regex=PICTURE.pattern).get_all_operations()]
    assert len(operations) >= 12

    for op in operations:
        fuzz(op, token, public=(op.method.upper(), op.path) in PUBLIC)


def fuzz(op: Any, token: str, *, public: bool) -> None:
    """Run one operation's generated cases with a token and without credentials."""

    @given(case=op.as_strategy())
    @settings(max_examples=8, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case: Any) -> None:
        for auth in ({"Authorization": f"Bearer {token}"}, {}):
            res = case.call(headers=auth)
            assert res.status_code < 500, (case.method, case.path, res.text)
            if res.status_code >= 400:
                body = res.json()
                assert set(body) == {"error"}, res.text
                assert set(body["error"]) == {"code", "message", "where"}, res.text
            if not auth and not public:
                assert res.status_code in (401, 404, 405, 422), (case.path, res.text)

    check()
