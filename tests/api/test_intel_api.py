# SPDX-License-Identifier: EUPL-1.2
"""The intelligence API as partners use it: H2 permission workflow, consultation events on
every route that returns report or entity content (enumerated from the app), and
schemathesis finding no 5xx and no content leaking across agencies.

All people, numbers and organisations are fictional (specimen state Utopia, UTO).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine, func, select

from straitwatch.access.actor import system_actor
from straitwatch.access.tokens import issue_token
from straitwatch.access.users import add_user, seed_agencies
from straitwatch.api.app import create_app
from straitwatch.config import Settings
from straitwatch.store.access import AuditEventRow
from straitwatch.store.db import make_engine, transaction
from straitwatch.store.migrate import upgrade

FIXTURE = Path(__file__).parents[1] / "intel" / "fixtures" / "entities.jsonl"
PASSWORD = "Tide-Gris-Nez-2024"
SECRET = "QUILLFEATHER"  # a word only in the UK's undisseminated H2 report
USERS = [
    ("uk.analyst", "UKBF", "analyst"),
    ("uk.supervisor", "UKBF", "supervisor"),
    ("fr.analyst", "PREMAR", "analyst"),
    ("be.analyst", "BEFP", "analyst"),
    ("dpo", "UKBF", "dpo"),
]

PURPOSE = "Op TESTFALL (fictional test)"


@dataclass
class Api:
    app: FastAPI
    engine: Engine
    client: TestClient
    tokens: dict[str, str]

    def call(
        self, who: str, method: str, url: str, *, purpose: str | None = PURPOSE, **kw: Any
    ) -> Any:
        """``method url`` as ``who``, with a purpose on the query (as every read of
        intelligence must carry: the web pages send the one given for the session);
        ``purpose=None`` sends none."""
        headers = {"Authorization": f"Bearer {self.tokens[who]}"}
        if purpose is not None:
            kw["params"] = {"purpose": purpose, **(kw.get("params") or {})}
        return self.client.request(method, url, headers=headers, **kw)

    def consultations(self) -> int:
        with transaction(self.engine) as s:
            return int(
                s.scalar(select(func.count()).where(AuditEventRow.action == "consultation")) or 0
            )


def report_body(**over: Any) -> dict[str, Any]:
    body = {
        "title": "Fictional: engine cache at Wimereux",
        "body": "FICTIONAL TEST DATA.",
        "event_time": "2026-11-01T21:30:00Z",
        "purpose": "Op TESTFALL (fictional)",
        "legal_basis": "DPA 2018 Part 3",
        "grade_scale": "uk_3x5x2",
        "grade_source": "1",
        "grade_information": "B",
        "handling_scale": "europol_4x4",
        "handling_code": "H0",
    }
    body.update(over)
    return body


def build(tmp: Path) -> Iterator[Api]:
    engine = make_engine(f"sqlite:///{tmp / 'api.db'}")
    upgrade(engine)
    tokens = {}
    with transaction(engine) as s:
        seed_agencies(s, system_actor())
        for name, agency, role in USERS:
            add_user(s, system_actor(), name, agency, role, PASSWORD)
            tokens[name] = issue_token(
                s, system_actor(), name, days=1, label="test", now=datetime.now(UTC)
            ).token
    app = create_app(Settings(database_url=str(engine.url), env="test"), engine=engine)
    with TestClient(app) as client:
        yield Api(app, engine, client, tokens)


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    yield from build(tmp_path)


def seed(api: Api) -> dict[str, Any]:
    """An H0 report shared with France (with entities) and an H2 report kept by the UK."""
    shared = api.call("uk.analyst", "POST", "/api/reports", json=report_body()).json()["id"]
    secret = api.call(
        "uk.analyst",
        "POST",
        "/api/reports",
        json=report_body(
            title=f"{SECRET} safe house (fictional)",
            body=f"{SECRET} FICTIONAL.",
            handling_code="H2",
        ),
    ).json()["id"]
    entities = [json.loads(line) for line in FIXTURE.read_text().splitlines()]
    res = api.call(
        "uk.analyst", "POST", "/api/entities", json={"entities": entities, "report_id": shared}
    )
    assert res.status_code == 201, res.text
    hidden = {"id": "uto-boat-1", "schema": "Vessel", "properties": {"name": [SECRET]}}
    api.call(
        "uk.analyst", "POST", "/api/entities", json={"entities": [hidden], "report_id": secret}
    )
    out = api.call(
        "uk.analyst",
        "POST",
        f"/api/reports/{shared}/disseminations",
        json={"to_agencies": ["PREMAR"]},
    )
    assert out.status_code == 200, out.text
    return {"shared": shared, "secret": secret}


def test_h2_report_invisible_until_the_uk_approves(api: Api) -> None:
    ids = seed(api)
    r = api.call(
        "uk.analyst",
        "POST",
        f"/api/reports/{ids['secret']}/disseminations",
        json={"to_agencies": ["PREMAR"]},
    ).json()["outcomes"][0]
    assert r["outcome"] == "permission_requested"
    hidden = api.call("fr.analyst", "GET", f"/api/reports/{ids['secret']}")
    assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "not_found"
    assert SECRET not in api.call("fr.analyst", "GET", "/api/reports").text
    inbox = api.call("uk.supervisor", "GET", "/api/permission-requests?status=pending").json()
    assert [q["id"] for q in inbox["requests"]] == [r["request_id"]]
    assert (
        api.call(
            "fr.analyst", "POST", f"/api/permission-requests/{r['request_id']}/approve"
        ).status_code
        == 404
    )
    refused = api.call(
        "uk.supervisor",
        "POST",
        f"/api/permission-requests/{r['request_id']}/refuse",
        json={"reason": "source at risk"},
    )
    assert refused.json()["status"] == "refused"
    assert api.call("fr.analyst", "GET", f"/api/reports/{ids['secret']}").status_code == 404
    again = api.call(
        "uk.analyst",
        "POST",
        f"/api/reports/{ids['secret']}/disseminations",
        json={"to_agencies": ["PREMAR"]},
    ).json()["outcomes"][0]
    ok = api.call(
        "uk.supervisor", "POST", f"/api/permission-requests/{again['request_id']}/approve"
    )
    assert ok.status_code == 200, ok.text
    shown = api.call("fr.analyst", "GET", f"/api/reports/{ids['secret']}")
    assert shown.status_code == 200 and SECRET in shown.json()["body"]


# Every GET route of the intelligence routers, with how to call it on the seeded store.
# A new content route not listed here fails the enumeration test until it is added.
CONTENT_ROUTES = {
    "/api/reports": {},
    "/api/reports/{report_id}": {"report_id": "shared"},
    "/api/reports/{report_id}/attachments/{attachment_id}": None,  # tested separately below
    "/api/entities": {},
    "/api/entities/{entity_id}": {"entity_id": "uto-engine-1"},
    "/api/entities/export": {},
    "/api/search": {"q": "wimereux"},
}
NO_CONTENT = {"/api/reports/grading", "/api/permission-requests"}
INTEL = re.compile(r"^/api/(reports|entities|search|permission-requests)")


def test_every_content_route_writes_a_consultation(api: Api) -> None:
    ids = seed(api)
    # Enumerated from the OpenAPI document: every route the app serves, whichever router.
    paths = api.app.openapi()["paths"]
    gets = {path for path, ops in paths.items() if "get" in ops and INTEL.match(path)}
    assert gets == set(CONTENT_ROUTES) | NO_CONTENT
    for path, params in CONTENT_ROUTES.items():
        if params is None:
            continue
        url, query = path, {}
        for key, value in params.items():
            if "{" + key + "}" in url:
                url = url.replace("{" + key + "}", str(ids.get(value, value)))
            else:
                query[key] = value
        before = api.consultations()
        res = api.call("fr.analyst", "GET", url, params=query)
        assert res.status_code == 200, (path, res.text)
        assert api.consultations() > before, f"{path} returned content without a consultation"


def test_attachment_download_is_a_consultation_and_type_checked(api: Api) -> None:
    import base64

    pdf = base64.b64encode(b"%PDF-1.4 fictional").decode()
    bad = api.call(
        "uk.analyst",
        "POST",
        "/api/reports",
        json=report_body(
            attachments=[{"filename": "x.png", "media_type": "image/png", "content_base64": pdf}]
        ),
    )
    assert bad.status_code == 422 and "content is application/pdf" in bad.text
    made = api.call(
        "uk.analyst",
        "POST",
        "/api/reports",
        json=report_body(
            attachments=[
                {"filename": "note.pdf", "media_type": "application/pdf", "content_base64": pdf}
            ]
        ),
    )
    report = made.json()
    att = report["attachments"][0]["id"]
    before = api.consultations()
    got = api.call("uk.analyst", "GET", f"/api/reports/{report['id']}/attachments/{att}")
    assert got.status_code == 200 and got.content.startswith(b"%PDF")
    assert api.consultations() == before + 1
    assert (
        api.call("fr.analyst", "GET", f"/api/reports/{report['id']}/attachments/{att}").status_code
        == 404
    )


def test_fuzzed_requests_no_5xx_no_leak(tmp_path: Path) -> None:
    """Schemathesis generates requests for every intelligence operation from the OpenAPI
    document; French and Belgian analysts send them. Nothing may answer 5xx, every error
    has the one shape, and the UK's undisseminated H2 report never shows."""
    gen = build(tmp_path)
    api = next(gen)
    seed(api)
    schema = schemathesis.openapi.from_asgi("/openapi.json", api.app)
    operations = [r.ok() for r in schema.include(path_regex=INTEL.pattern).get_all_operations()]
    assert len(operations) >= 12

    for op in operations:

        @given(case=op.as_strategy())
        @settings(
            max_examples=12, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def check(case: Any) -> None:
            for who in ("fr.analyst", "be.analyst"):
                res = case.call(headers={"Authorization": f"Bearer {api.tokens[who]}"})
                assert res.status_code < 500, (case.method, case.path, res.text)
                assert SECRET not in res.text, f"{who} saw the H2 report via {case.path}"
                if res.status_code >= 400:
                    assert set(res.json()) == {"error"}, res.text

        check()
    gen.close()
