# SPDX-License-Identifier: EUPL-1.2
"""The audit tamper matrix (issue #13, item 15), on SQLite and PostgreSQL: an altered row,
a row deleted in the middle, the newest rows deleted with the head row updated to match,
the chain recomputed with the project's own hash function (plain SHA-256, and the code's
default key), two rows swapped: each is detected. Figures in bench/RESULTS.md."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from straitwatch.access.audit import AuditAction, AuditEvent, _body, record, verify
from straitwatch.access.audit_seal import AuditSeal, bind_seal
from straitwatch.config import DEFAULT_SECRET_KEY
from straitwatch.errors import AuditChainBroken
from straitwatch.store.access import AuditEventRow, AuditHeadRow
from straitwatch.store.db import transaction

KEY = b"installation-audit-key-" + b"x" * 24


@pytest.fixture
def sealed(any_engine: Engine, tmp_path: Path) -> Engine:
    """Eight events in four transactions, sealed with the installation's key, checkpointed
    to a file outside the store."""
    bind_seal(any_engine, AuditSeal(KEY, tmp_path / "audit-checkpoints.jsonl"))
    for batch in range(4):
        with transaction(any_engine) as s:
            for i in range(2):
                record(
                    s,
                    AuditEvent(
                        action=AuditAction.CONSULTATION,
                        actor="uk.analyst",
                        agency="UKBF",
                        role="analyst",
                        resource_kind="report",
                        resource_id=str(batch * 2 + i),
                        purpose="Op TESTFALL (fictional)",
                    ),
                )
    return any_engine


def _sql(engine: Engine, *statements: str) -> None:
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


def _alter(engine: Engine) -> None:
    _sql(engine, "UPDATE audit_events SET purpose = 'curiosity' WHERE seq = 3")


def _delete_middle(engine: Engine) -> None:
    _sql(engine, "DELETE FROM audit_events WHERE seq = 4")


def _delete_tail_head_updated(engine: Engine) -> None:
    with transaction(engine) as s:
        keep = s.scalars(select(AuditEventRow).where(AuditEventRow.seq == 5)).one()
        s.execute(text("DELETE FROM audit_events WHERE seq > 5"))
        head = s.get(AuditHeadRow, 1)
        assert head is not None
        head.seq, head.last_hash = 5, keep.hash


def _recompute(link: Callable[[str], str]) -> Callable[[Engine], None]:
    """Edit row 2, then rebuild every link after it (and the head) with ``link``."""

    def tamper(engine: Engine) -> None:
        with transaction(engine) as s:
            rows = s.scalars(select(AuditEventRow).order_by(AuditEventRow.seq)).all()
            rows[1].purpose = "nothing to see"
            prev = rows[0].hash
            for row in rows[1:]:
                row.prev_hash = prev
                row.hash = link(_body(row.seq, prev, row))
                prev = row.hash
            head = s.get(AuditHeadRow, 1)
            assert head is not None
            head.last_hash = prev

    return tamper


def _plain_sha256(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()


def _published_key(body: str) -> str:
    return AuditSeal(DEFAULT_SECRET_KEY.encode(), None).mac(body)


def _swap(engine: Engine) -> None:
    _sql(
        engine,
        "UPDATE audit_events SET seq = 100 WHERE seq = 2",
        "UPDATE audit_events SET seq = 2 WHERE seq = 6",
        "UPDATE audit_events SET seq = 6 WHERE seq = 100",
    )


MATRIX: dict[str, tuple[Callable[[Engine], None], str]] = {
    "alter a row": (_alter, "event 3: its content does not match"),
    "delete a middle row": (_delete_middle, "event 4"),
    "delete the tail, head updated": (_delete_tail_head_updated, "signed checkpoint"),
    "recompute with SHA-256": (_recompute(_plain_sha256), "without the audit key"),
    "recompute with the code's default key": (_recompute(_published_key), "event 2"),
    "swap two rows": (_swap, "event 2"),
}


def test_the_sealed_chain_verifies(sealed: Engine, tmp_path: Path) -> None:
    with transaction(sealed) as s:
        assert verify(s) == 8
    lines = (tmp_path / "audit-checkpoints.jsonl").read_text().splitlines()
    assert len(lines) == 4  # one per committed transaction


@pytest.mark.parametrize("case", sorted(MATRIX))
def test_tampering_is_detected(sealed: Engine, case: str) -> None:
    tamper, names = MATRIX[case]
    tamper(sealed)
    with pytest.raises(AuditChainBroken, match=names), transaction(sealed) as s:
        verify(s)


def test_recomputing_is_caught_by_the_key_alone(sealed: Engine, tmp_path: Path) -> None:
    """Even with the checkpoint file gone, a chain rebuilt without the key fails."""
    (tmp_path / "audit-checkpoints.jsonl").unlink()
    _recompute(_plain_sha256)(sealed)
    with pytest.raises(AuditChainBroken, match="event 2"), transaction(sealed) as s:
        verify(s)


def test_a_forged_checkpoint_is_refused(sealed: Engine, tmp_path: Path) -> None:
    path = tmp_path / "audit-checkpoints.jsonl"
    path.write_text(path.read_text() + '{"seq":3,"hash":"00","time":"t","sig":"ff"}\n')
    with pytest.raises(AuditChainBroken, match="not signed"), transaction(sealed) as s:
        verify(s)


def test_a_rolled_back_transaction_writes_no_checkpoint(sealed: Engine, tmp_path: Path) -> None:
    path = tmp_path / "audit-checkpoints.jsonl"
    before = path.read_text()
    with pytest.raises(RuntimeError), transaction(sealed) as s:
        record(s, AuditEvent(action=AuditAction.LOGIN, actor="x", resource_kind="session"))
        raise RuntimeError("the caller failed after logging")
    assert path.read_text() == before
    with transaction(sealed) as s:
        assert verify(s) == 8


def _legacy(engine: Engine) -> None:
    """Rewrite every link as the project wrote them before the audit key (SHA-256)."""
    with transaction(engine) as s:
        prev = "0" * 64
        for row in s.scalars(select(AuditEventRow).order_by(AuditEventRow.seq)):
            row.prev_hash = prev
            row.hash = _plain_sha256(_body(row.seq, prev, row))
            prev = row.hash
        head = s.get(AuditHeadRow, 1)
        assert head is not None
        head.last_hash = prev


def test_a_legacy_chain_is_resealed_once(sealed: Engine, tmp_path: Path) -> None:
    from straitwatch.access.actor import system_actor
    from straitwatch.access.audit_reseal import reseal
    from straitwatch.errors import Conflict

    _legacy(sealed)
    with pytest.raises(Conflict), transaction(sealed) as s:  # checkpoints exist: sealed
        reseal(s, system_actor())
    (tmp_path / "audit-checkpoints.jsonl").unlink()
    with pytest.raises(AuditChainBroken, match="without the audit key"), transaction(sealed) as s:
        verify(s)
    with transaction(sealed) as s:
        assert reseal(s, system_actor()) == 8
    with transaction(sealed) as s:
        assert verify(s) == 9


def test_a_tampered_legacy_chain_is_not_resealed(sealed: Engine, tmp_path: Path) -> None:
    from straitwatch.access.actor import system_actor
    from straitwatch.access.audit_reseal import reseal

    _legacy(sealed)
    (tmp_path / "audit-checkpoints.jsonl").unlink()
    _sql(sealed, "UPDATE audit_events SET purpose = 'curiosity' WHERE seq = 3")
    with pytest.raises(AuditChainBroken, match="event 3"), transaction(sealed) as s:
        reseal(s, system_actor())
