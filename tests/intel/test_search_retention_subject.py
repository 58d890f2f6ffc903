# SPDX-License-Identifier: EUPL-1.2
"""Search restricted to what the actor may see; retention erasure; the subject trail; and
tamper detection of the audit chain written by all of it."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from straitwatch.access.actor import Role, system_actor
from straitwatch.access.audit import verify
from straitwatch.errors import AuditChainBroken, InvalidInput, NotAllowed, NotFound
from straitwatch.intel.dissemination import disseminate
from straitwatch.intel.entities import get_entity, load_entities
from straitwatch.intel.reports import create_report, get_report
from straitwatch.intel.retention import erase_report, extend_retention, run_retention
from straitwatch.intel.search import search
from straitwatch.intel.subject import subject_trail
from straitwatch.store.access import AuditEventRow
from straitwatch.store.base import utcnow
from straitwatch.store.db import transaction
from tests.intel.conftest import draft, person

FIXTURE = Path(__file__).parent / "fixtures" / "entities.jsonl"
UK = person("UKBF", name="uk.analyst")
UK_SUP = person("UKBF", Role.SUPERVISOR, name="uk.supervisor")
FR = person("PREMAR", name="fr.analyst")
DPO = person("UKBF", Role.DPO, name="dpo")


def test_search_finds_only_what_the_actor_may_see(any_store: Engine) -> None:
    with transaction(any_store) as s:
        shared = create_report(s, UK, draft(title="Wimereux engine cache (fictional)")).id
        create_report(s, UK, draft(title="Wimereux safe house (fictional)", handling_code="H2"))
        load_entities(s, UK, FIXTURE.read_text().splitlines()[4:], report_id=shared)
        disseminate(s, UK, shared, ["PREMAR"])
    with transaction(any_store) as s:
        uk_hits = search(s, UK, "wimereux")
        fr_hits = search(s, FR, "Wimereux")
        engine_hits = search(s, FR, "fm40")
    assert len(uk_hits) == 2
    assert [(h["kind"], h["id"]) for h in fr_hits] == [("report", str(shared))]
    assert ("entity", "uto-engine-1") in [(h["kind"], h["id"]) for h in engine_hits]
    with transaction(any_store) as s:
        assert search(s, FR, '" OR 1=1 -- NEAR(') == []  # user input is never query syntax
        consulted = s.scalars(
            select(AuditEventRow.resource_id).where(
                AuditEventRow.action == "consultation", AuditEventRow.agency == "PREMAR"
            )
        ).all()
    assert str(shared) in consulted


def test_retention_run_erases_unless_extended(store: Engine) -> None:
    today = utcnow().date()
    with transaction(store) as s:
        old = create_report(s, UK, draft(review_date=today, retention_until=today)).id
        kept = create_report(s, UK, draft(review_date=today, retention_until=today)).id
        fresh = create_report(s, UK, draft()).id
        load_entities(s, UK, FIXTURE.read_text().splitlines()[:1], report_id=old)
        load_entities(s, UK, FIXTURE.read_text().splitlines()[1:2], report_id=old)
        load_entities(s, UK, FIXTURE.read_text().splitlines()[1:2], report_id=fresh)
    with pytest.raises(NotAllowed), transaction(store) as s:  # analysts may not extend
        extend_retention(s, UK, kept, today + timedelta(days=30), "trial pending")
    with pytest.raises(InvalidInput, match="reason"), transaction(store) as s:
        extend_retention(s, UK_SUP, kept, today + timedelta(days=30), " ")
    with transaction(store) as s:
        extend_retention(s, UK_SUP, kept, today + timedelta(days=30), "trial pending")
    with pytest.raises(NotAllowed), transaction(store) as s:  # only the DPO/system runs it
        run_retention(s, UK, today=today + timedelta(days=1))
    with transaction(store) as s:
        run = run_retention(s, DPO, today=today + timedelta(days=1))
    assert run.erased_reports == [old]
    assert run.erased_entities == ["uto-person-ozric-testmann"]
    assert [k["report_id"] for k in run.kept_by_extension] == [kept]
    assert {r["report_id"] for r in run.reviews_due} == {kept}
    with transaction(store) as s:
        with pytest.raises(NotFound):
            get_report(s, UK, old)
        org = get_entity(s, UK, "uto-org-testfall-logistics")  # still drawn from `fresh`
        assert {p["report_id"] for p in org["provenance"]} == {fresh}
        erasures = s.scalars(
            select(AuditEventRow.resource_kind).where(AuditEventRow.action == "erasure")
        ).all()
    assert sorted(erasures) == ["entity", "report"]


def test_subject_trail_lists_who_consulted_or_received(store: Engine) -> None:
    with transaction(store) as s:
        rid = create_report(s, UK, draft()).id
        load_entities(s, UK, FIXTURE.read_text().splitlines()[:1], report_id=rid)
        disseminate(s, UK, rid, ["PREMAR"])
    with transaction(store) as s:
        get_report(s, FR, rid, purpose="TESTFALL")
        get_entity(s, FR, "uto-person-ozric-testmann")
    with pytest.raises(NotFound), transaction(store) as s:  # a refused attempt
        get_report(s, person("BEFP", name="be.analyst"), rid, purpose="curious")
    with pytest.raises(NotAllowed), transaction(store) as s:  # erasing has its own permission
        erase_report(s, UK, rid, "source withdrew (fictional)")
    with transaction(store) as s:
        erase_report(s, UK_SUP, rid, "source withdrew (fictional)")
    with pytest.raises(NotAllowed), transaction(store) as s:
        subject_trail(s, UK, "uto-person-ozric-testmann")
    with transaction(store) as s:
        trail = subject_trail(s, DPO, "uto-person-ozric-testmann")
    seen = [(e["action"], e["agency"], e["resource_kind"]) for e in trail]
    assert ("disclosure", "UKBF", "report") in seen
    assert ("consultation", "PREMAR", "report") in seen
    assert ("consultation", "PREMAR", "entity") in seen
    assert ("erasure", "UKBF", "report") in seen  # the trail survives the erasure
    assert ("access_denied", "BEFP", "report") in seen  # refused attempts are in it
    assert ("collection", "UKBF", "entity") in seen  # the import batch naming the entity


def test_subject_trail_includes_linked_entities(store: Engine) -> None:
    lines = FIXTURE.read_text().splitlines()
    with transaction(store) as s:
        rid = create_report(s, UK, draft()).id
        load_entities(s, UK, lines, report_id=rid)
        disseminate(s, UK, rid, ["PREMAR"])
    with transaction(store) as s:
        get_entity(s, FR, "uto-phone-1")  # the phone names Ozric TESTMANN as its user
    with transaction(store) as s:
        trail = subject_trail(s, DPO, "uto-person-ozric-testmann")
    assert ("consultation", "PREMAR", "uto-phone-1") in [
        (e["action"], e["agency"], e["resource_id"]) for e in trail
    ]


def test_tampered_audit_chain_is_detected(store: Engine) -> None:
    with transaction(store) as s:
        rid = create_report(s, UK, draft()).id
        disseminate(s, UK, rid, ["PREMAR"])
        get_report(s, FR, rid)
    with transaction(store) as s:
        assert verify(s) >= 3
        s.execute(
            update(AuditEventRow)
            .where(AuditEventRow.action == "disclosure")
            .values(detail={"to_agency": "BEFP"})
        )
    with transaction(store) as s, pytest.raises(AuditChainBroken, match="altered"):
        verify(s)


def test_system_actor_may_run_retention(store: Engine) -> None:
    with transaction(store) as s:
        run = run_retention(s, system_actor(), today=date(2020, 1, 1))
    assert run.erased_reports == [] and run.reviews_due == []


def test_hidden_values_never_match(store: Engine) -> None:
    from straitwatch.intel.entities import list_entities

    hidden_value = '{"id": "uto-boat-1", "schema": "Vessel", "properties": {"name": ["Zephyrine (fictional)"]}}'
    with transaction(store) as s:
        shared = create_report(s, UK, draft()).id
        secret = create_report(s, UK, draft(handling_code="H2")).id
        load_entities(s, UK, FIXTURE.read_text().splitlines()[3:4], report_id=shared)
        load_entities(s, UK, [hidden_value], report_id=secret)
        disseminate(s, UK, shared, ["PREMAR"])
    with transaction(store) as s:
        assert [h["id"] for h in search(s, UK, "zephyrine")] == ["uto-boat-1"]
        assert search(s, FR, "zephyrine") == []
        assert list_entities(s, FR, "zephyrine") == []
        assert [e["id"] for e in list_entities(s, FR, "inflatable")] == ["uto-boat-1"]


def test_caption_is_drawn_from_visible_values_only(store: Engine) -> None:
    from straitwatch.intel.entities import list_entities

    typed = '{"id": "uto-boat-2", "schema": "Vessel", "properties": {"type": ["inflatable"]}}'
    named = '{"id": "uto-boat-2", "schema": "Vessel", "properties": {"name": ["Zephyrine"]}}'
    with transaction(store) as s:
        shared = create_report(s, UK, draft()).id
        secret = create_report(s, UK, draft(handling_code="H2")).id
        load_entities(s, UK, [typed], report_id=shared)
        load_entities(s, UK, [named], report_id=secret)
        disseminate(s, UK, shared, ["PREMAR"])
    with transaction(store) as s:
        assert list_entities(s, UK)[0]["caption"] == "Zephyrine"
        fr_view = list_entities(s, FR)
        assert fr_view and "Zephyrine" not in json.dumps(fr_view, default=str)
        assert "Zephyrine" not in json.dumps(search(s, FR, "inflatable"), default=str)
