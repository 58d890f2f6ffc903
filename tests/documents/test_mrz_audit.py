# SPDX-License-Identifier: EUPL-1.2
"""A document check is one consultation event in the hash-chained audit log."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select

from straitwatch.access.actor import Actor, Role
from straitwatch.access.audit import verify
from straitwatch.documents import check_mrz, record_check
from straitwatch.store.access import AuditEventRow
from straitwatch.store.db import transaction

OFFICER = Actor(username="uk.border", agency="UKBF", role=Role.WATCH_OFFICER, country="GB")
TD3 = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
]


def test_check_is_recorded_without_the_holders_name_or_birth_date(any_engine: Engine) -> None:
    result = check_mrz(TD3, today=date(2026, 6, 1))
    with transaction(any_engine) as session:
        seq = record_check(session, OFFICER, result, purpose="entry check Dover", source="text")
    with transaction(any_engine) as session:
        row = session.execute(select(AuditEventRow).where(AuditEventRow.seq == seq)).scalar_one()
        assert verify(session) >= 1
    assert (row.action, row.actor, row.agency, row.role) == (
        "consultation",
        "uk.border",
        "UKBF",
        "watch_officer",
    )
    assert (row.resource_kind, row.resource_id) == ("travel_document", "UTO:L898902C3")
    assert row.detail == {
        "source": "text",
        "mrz_read": True,
        "format": "TD3",
        "valid": True,
        "errors": [],
        "warnings": ["expired"],
        "corrections_proposed": 0,
        "image_kept": False,
    }
    stored = str(row.detail) + str(row.resource_id) + str(row.purpose)
    assert "ERIKSSON" not in stored and "740812" not in stored


def test_an_unreadable_input_is_recorded_without_a_document(any_engine: Engine) -> None:
    result = check_mrz(["garbage"], today=date(2026, 6, 1))
    with transaction(any_engine) as session:
        seq = record_check(session, OFFICER, result, purpose="entry check", source="text")
        row = session.execute(select(AuditEventRow).where(AuditEventRow.seq == seq)).scalar_one()
        assert row.resource_id is None and row.detail["errors"] == ["format"]
