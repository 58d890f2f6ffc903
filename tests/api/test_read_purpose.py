# SPDX-License-Identifier: EUPL-1.2
"""Issue 13 item 16: every read of intelligence carries a purpose — required, not only
recorded when sent. The OpenAPI marks it required on every intelligence read route; a
read without one (or with blanks) is a 422 naming ``query.purpose`` in the reader's
language, before anything is looked up; the purpose given is the one the audit log keeps."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from straitwatch.store.access import AuditEventRow
from straitwatch.store.db import transaction
from tests.api.test_intel_api import Api, build, seed

# Reads of intelligence: every GET of these routers, and screening (POST /api/match).
READ = re.compile(r"^/api/(reports|entities|search|network|match)")
# Routes of those routers that show no intelligence (pickers, the agency's chart list,
# the agency's screening settings).
NOT_READS = {"/api/reports/grading", "/api/network/charts", "/api/match/settings"}


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    yield from build(tmp_path)


def _read_routes(api: Api) -> list[tuple[str, str, dict[str, object]]]:
    paths = api.app.openapi()["paths"]
    out = []
    for path, ops in paths.items():
        for method, op in ops.items():
            reads = method == "get" or (method == "post" and path == "/api/match")
            if READ.match(path) and reads and path not in NOT_READS:
                out.append((method, path, op))
    return out


def test_every_intelligence_read_requires_a_purpose_in_the_openapi(api: Api) -> None:
    routes = _read_routes(api)
    assert len(routes) >= 13  # reports 3, search, entities 3, network 5, match
    for method, path, op in routes:
        params = {p["name"]: p for p in op.get("parameters", []) if p["in"] == "query"}
        assert "purpose" in params, (method, path)
        assert params["purpose"]["required"] is True, (method, path)


URLS = [
    ("GET", "/api/reports", {}),
    ("GET", "/api/reports/{shared}", {}),
    ("GET", "/api/reports/{shared}/attachments/1", {}),
    ("GET", "/api/search", {"q": "wimereux"}),
    ("GET", "/api/entities", {}),
    ("GET", "/api/entities/export", {}),
    ("GET", "/api/entities/uto-engine-1", {}),
    ("GET", "/api/network", {}),
    ("GET", "/api/network/expand/uto-engine-1", {}),
    ("GET", "/api/network/path", {"from": "uto-engine-1", "to": "uto-boat-1"}),
    ("GET", "/api/network/export", {}),
    ("GET", "/api/network/charts/1", {}),
    ("POST", "/api/match", {}),
]


def test_a_read_without_a_purpose_is_refused_naming_the_field(api: Api) -> None:
    ids = seed(api)
    match_body = {"queries": {"q1": {"schema": "Person", "properties": {"name": ["X"]}}}}
    for method, url, query in URLS:
        url = url.format(**ids)
        body = match_body if method == "POST" else None
        for lang, words in (("en", "purpose is required"), ("fr", "le champ « purpose »")):
            for purpose in (None, "   "):
                params = dict(query) if purpose is None else {**query, "purpose": purpose}
                headers = {
                    "Authorization": f"Bearer {api.tokens['fr.analyst']}",
                    "Accept-Language": lang,
                }
                res = api.client.request(method, url, params=params, json=body, headers=headers)
                assert res.status_code == 422, (url, purpose, res.text)
                error = res.json()["error"]
                assert error["where"] == "query.purpose", (url, error)
                assert words in error["message"], (url, lang, error)
                assert res.headers["content-language"] == lang


def test_the_purpose_given_is_the_one_logged(api: Api) -> None:
    ids = seed(api)
    why = "Op TESTFALL: check the Wimereux cache (fictional)"
    for url in ("/api/reports", f"/api/reports/{ids['shared']}", "/api/entities/uto-engine-1"):
        assert api.call("fr.analyst", "GET", url, purpose=f"  {why}  ").status_code == 200
        with transaction(api.engine) as s:
            last = s.scalars(
                select(AuditEventRow)
                .where(AuditEventRow.action == "consultation")
                .order_by(AuditEventRow.seq.desc())
                .limit(1)
            ).one()
            assert (last.actor, last.purpose) == ("fr.analyst", why), url
