# SPDX-License-Identifier: EUPL-1.2
"""The key that seals the audit chain, and the signed checkpoints kept outside the store.

The chain's links are HMAC-SHA256 under a key that never enters the database (``var/
audit_key``, or ``STRAITWATCH_AUDIT_KEY``): someone who can write to the database but
not read the key cannot recompute the chain after editing it, not even with the
project's own code. After each committed transaction that wrote audit events, the head
(sequence number and last link) is appended, signed, to a checkpoint file outside the
store (``var/audit-checkpoints.jsonl``), so that rows deleted from the end of the chain,
with the head row updated to match, are caught as well.

An engine is bound to its installation's seal once, at the edge (the CLI's
:func:`straitwatch.cli.context.engine`, the server's ``create_app``); an engine never bound
(a test's store) uses the published test key and writes no checkpoints.

>>> seal = AuditSeal(b"k" * 32, None)
>>> len(seal.mac("text"))
64
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from straitwatch.config import DEFAULT_SECRET_KEY
from straitwatch.errors import AuditChainBroken

__all__ = ["AuditSeal", "Checkpoint", "bind_seal", "checkpoints", "seal_for", "track_head"]


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The chain's head at one moment, as written to the checkpoint file."""

    seq: int
    hash: str
    time: str
    line: int


@dataclass(frozen=True, slots=True)
class AuditSeal:
    """The chain key and where checkpoints go (``None``: nowhere)."""

    key: bytes
    checkpoint_file: Path | None

    def mac(self, text: str) -> str:
        return hmac.new(self.key, text.encode(), hashlib.sha256).hexdigest()

    def _signature(self, seq: int, head: str, time: str) -> str:
        return self.mac(f"checkpoint\n{seq}\n{head}\n{time}")

    def write_checkpoint(self, seq: int, head: str) -> None:
        """Append the signed head ``(seq, head)`` to the checkpoint file."""
        if self.checkpoint_file is None:
            return
        time = datetime.now(UTC).isoformat(timespec="microseconds")
        line = json.dumps(
            {"seq": seq, "hash": head, "time": time, "sig": self._signature(seq, head, time)},
            separators=(",", ":"),
        )
        self.checkpoint_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.checkpoint_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="ascii") as out:
            out.write(line + "\n")


_TEST_SEAL = AuditSeal(DEFAULT_SECRET_KEY.encode(), None)
_SEALS: weakref.WeakKeyDictionary[Engine, AuditSeal] = weakref.WeakKeyDictionary()


def bind_seal(engine: Engine, seal: AuditSeal) -> None:
    """Seal the audit events written through ``engine`` with ``seal``."""
    _SEALS[engine] = seal


def seal_for(session: Session) -> AuditSeal:
    """The seal of the engine ``session`` writes to."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    return _SEALS.get(engine, _TEST_SEAL)


def _after_commit(session: Session) -> None:
    head = session.info.pop("audit_head", None)
    if head is not None:
        seal_for(session).write_checkpoint(*head)


def _after_rollback(session: Session) -> None:
    session.info.pop("audit_head", None)


def track_head(session: Session, seq: int, head: str) -> None:
    """Remember the head this transaction wrote; it is checkpointed once committed."""
    if "audit_listening" not in session.info:
        event.listen(session, "after_commit", _after_commit)
        event.listen(session, "after_rollback", _after_rollback)
        session.info["audit_listening"] = True
    session.info["audit_head"] = (seq, head)


def checkpoints(seal: AuditSeal) -> list[Checkpoint]:
    """The checkpoints in the file, each checked against the key (a line that does not
    verify is itself a break: someone wrote or edited it without the key)."""
    path = seal.checkpoint_file
    if path is None or not path.exists():
        return []
    found = []
    with path.open(encoding="ascii", errors="replace") as lines:
        for number, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            try:
                data = json.loads(text)
                cp = Checkpoint(int(data["seq"]), str(data["hash"]), str(data["time"]), number)
                sig = str(data["sig"])
            except (ValueError, KeyError, TypeError) as exc:
                raise AuditChainBroken(f"{path}:{number}: not a checkpoint line") from exc
            if not hmac.compare_digest(sig, seal._signature(cp.seq, cp.hash, cp.time)):
                raise AuditChainBroken(
                    f"{path}:{number}: checkpoint not signed with this installation's audit key"
                )
            found.append(cp)
    return found
