# SPDX-License-Identifier: EUPL-1.2
"""The hash-chained audit log detects an edited, a deleted, a reordered and a truncated row,
on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from straitwatch.access.audit import AuditAction, AuditEvent, record, verify
from straitwatch.errors import AuditChainBroken
from straitwatch.store.db import transaction


def _write(engine: Engine, n: int) -> None:
    with transaction(engine) as s:
        for i in range(n):
            record(
                s,
                AuditEvent(
                    action=AuditAction.CONSULTATION,
                    actor="uk.analyst",
                    agency="UKBF",
                    role="analyst",
                    resource_kind="report",
                    resource_id=str(i),
                    purpose="OCG investigation (fictional)",
                    detail={"i": i, "nested": {"ok": True}},
                ),
            )


def _sql(engine: Engine, statement: str) -> None:
    with engine.begin() as conn:
        conn.execute(text(statement))


def test_intact_chain_verifies(any_engine: Engine) -> None:
    _write(any_engine, 5)
    _write(any_engine, 3)
    with transaction(any_engine) as s:
        assert verify(s) == 8


def test_empty_chain_verifies(any_engine: Engine) -> None:
    with transaction(any_engine) as s:
        assert verify(s) == 0


def test_edited_row_is_detected(any_engine: Engine) -> None:
    _write(any_engine, 5)
    _sql(any_engine, "UPDATE audit_events SET purpose = 'curiosity' WHERE seq = 3")
    with pytest.raises(AuditChainBroken, match="event 3.*altered"), transaction(any_engine) as s:
        verify(s)


def test_deleted_row_is_detected(any_engine: Engine) -> None:
    _write(any_engine, 5)
    _sql(any_engine, "DELETE FROM audit_events WHERE seq = 2")
    with pytest.raises(AuditChainBroken, match="event 2"), transaction(any_engine) as s:
        verify(s)


def test_reordered_rows_are_detected(any_engine: Engine) -> None:
    _write(any_engine, 5)
    # Swap rows 2 and 4 by renumbering: content and sequence no longer match the hashes.
    _sql(any_engine, "UPDATE audit_events SET seq = 100 WHERE seq = 2")
    _sql(any_engine, "UPDATE audit_events SET seq = 2 WHERE seq = 4")
    _sql(any_engine, "UPDATE audit_events SET seq = 4 WHERE seq = 100")
    with pytest.raises(AuditChainBroken, match="event 2"), transaction(any_engine) as s:
        verify(s)


def test_deleted_newest_rows_are_detected(any_engine: Engine) -> None:
    _write(any_engine, 5)
    _sql(any_engine, "DELETE FROM audit_events WHERE seq >= 4")
    with pytest.raises(AuditChainBroken, match="after event 3"), transaction(any_engine) as s:
        verify(s)


def test_rolled_back_events_leave_no_gap(any_engine: Engine) -> None:
    _write(any_engine, 2)
    with pytest.raises(RuntimeError), transaction(any_engine) as s:
        record(s, AuditEvent(action=AuditAction.LOGIN, actor="x", resource_kind="session"))
        raise RuntimeError("caller failed after logging")
    _write(any_engine, 1)
    with transaction(any_engine) as s:
        assert verify(s) == 3
