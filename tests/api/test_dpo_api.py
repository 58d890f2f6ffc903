# SPDX-License-Identifier: EUPL-1.2
"""The DPO's workspace over the API (issue #13, item 17): find a subject by name, phone
or id; their whole file with the audit trail and refused attempts; a signed export;
retention reviews; erasure. Role ``dpo`` only, every use audited."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from straitwatch.access.audit import verify
from straitwatch.access.audit_seal import AuditSeal
from straitwatch.access.users import actor_for, get_user
from straitwatch.config import Settings
from straitwatch.dpo import verify_export
from straitwatch.intel.demo import DEMO_AUTHORS, seed_demo_intel
from straitwatch.store.access import AuditEventRow
from straitwatch.store.db import transaction

from .conftest import Server

SUBJECT = "demo-person-ozric-testmann"


@pytest.fixture
def world(server: Server) -> Server:
    with transaction(server.engine) as s:
        actors = {n: actor_for(s, get_user(s, n)) for n in DEMO_AUTHORS}
        assert seed_demo_intel(s, actors) > 0
    return server


def _events(server: Server, **where: str) -> list[AuditEventRow]:
    with transaction(server.engine) as s:
        stmt = select(AuditEventRow).order_by(AuditEventRow.seq)
        for column, value in where.items():
            stmt = stmt.where(getattr(AuditEventRow, column) == value)
        return list(s.scalars(stmt))


@pytest.mark.parametrize("query", ["testmann", "OZRIC", "06 12 34 56 78", SUBJECT])
def test_find_a_subject_by_name_phone_or_id(world: Server, query: str) -> None:
    dpo = world.as_user("dpo")
    r = dpo.get("/api/dpo/subjects", params={"q": query})
    assert r.status_code == 200, r.text
    assert SUBJECT in [s["entity_id"] for s in r.json()["subjects"]]
    searches = _events(world, actor="dpo", resource_kind="dpo_search")
    assert searches[-1].detail["query"] == query


def test_only_the_dpo_may_use_it_and_refusals_are_listed(world: Server) -> None:
    for user in ("uk.analyst", "admin", "uk.watch"):
        c = world.as_user(user)
        for path in ("/api/dpo/subjects?q=testmann", f"/api/dpo/subjects/{SUBJECT}"):
            assert c.get(path).status_code == 403, (user, path)
        assert c.get(f"/api/dpo/subjects/{SUBJECT}/export").status_code == 403
        erase = c.post(f"/api/dpo/subjects/{SUBJECT}/erase", json={"reason": "x"})
        assert erase.status_code == 403
    refused = world.as_user("dpo").get("/api/dpo/refusals").json()["refusals"]
    assert {(e["actor"], e["resource_kind"]) for e in refused} >= {
        ("uk.analyst", "audit"),
        ("admin", "retention"),
    }


def test_the_subject_file_holds_everything_done_with_their_data(world: Server) -> None:
    analyst = world.as_user("uk.analyst")
    assert (
        analyst.get(f"/api/entities/{SUBJECT}", params={"purpose": "Op TESTFALL"}).status_code
        == 200
    )  # a consultation
    dpo = world.as_user("dpo")
    file = dpo.get(f"/api/dpo/subjects/{SUBJECT}").json()
    assert "Ozric TESTMANN" in file["names"] and not file["erased"]
    assert {"collection", "consultation"} <= set(file["counts"])
    assert any(e["actor"] == "uk.analyst" and e["action"] == "consultation" for e in file["trail"])
    assert file["reports"] and all("review_date" in r for r in file["reports"])
    assert any(v["prop"] == "phone" for v in file["values"])
    assert _events(world, actor="dpo", resource_kind="audit_subject")


def test_the_export_is_signed_and_audited(world: Server) -> None:
    dpo = world.as_user("dpo")
    r = dpo.get(f"/api/dpo/subjects/{SUBJECT}/export")
    assert r.status_code == 200
    assert r.headers["content-disposition"].startswith("attachment;")
    assert r.headers["cache-control"] == "no-store"
    doc = json.loads(r.content)
    seal = AuditSeal(Settings(env="test").audit_secret(), None)
    assert verify_export(doc, seal)
    doc["subject"]["caption"] = "someone else"
    assert not verify_export(doc, seal)
    assert _events(world, actor="dpo", action="disclosure", resource_id=SUBJECT)


def test_reviews_and_erasure(world: Server) -> None:
    dpo = world.as_user("dpo")
    due = dpo.get("/api/dpo/reviews", params={"within_days": 3650}).json()["reports"]
    assert due and {"review_date", "retention_until", "review_overdue"} <= set(due[0])
    assert dpo.get("/api/dpo/reviews", params={"within_days": -1}).status_code == 422
    no_reason = dpo.post(f"/api/dpo/subjects/{SUBJECT}/erase", json={"reason": ""})
    assert no_reason.status_code == 422
    r = dpo.post(f"/api/dpo/subjects/{SUBJECT}/erase", json={"reason": "subject request"})
    assert r.status_code == 200, r.text
    assert (
        world.as_user("uk.analyst")
        .get(f"/api/entities/{SUBJECT}", params={"purpose": "Op TESTFALL"})
        .status_code
        == 404
    )
    file = dpo.get(f"/api/dpo/subjects/{SUBJECT}").json()
    assert file["erased"] and file["values"] == []
    assert "erasure" in file["counts"]
    assert dpo.get("/api/dpo/subjects/no-such-subject").status_code == 404
    with transaction(world.engine) as s:
        verify(s)


def test_unknown_client_gets_nothing(world: Server) -> None:
    anonymous = TestClient(world.client.app)
    assert anonymous.get("/api/dpo/subjects?q=testmann").status_code == 401
