# SPDX-License-Identifier: EUPL-1.2
"""A subject's file as a signed JSON document (subject access, DPA 2018 s.45).

The signature is HMAC-SHA256 under the installation's audit key over the canonical JSON
of the document without its ``signature``; :func:`verify_export` checks it (so the file
handed over can be shown later to be the one straitwatch produced, unaltered).

>>> from straitwatch.access.audit_seal import AuditSeal
>>> seal = AuditSeal(b"k" * 32, None)
>>> doc = _sign({"subject": {"entity_id": "x"}}, seal)
>>> verify_export(doc, seal), verify_export({**doc, "subject": {}}, seal)
(True, False)
"""

from __future__ import annotations

import hmac
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction
from straitwatch.access.audit_seal import AuditSeal, seal_for
from straitwatch.dpo.workspace import subject_file
from straitwatch.intel.events import log

__all__ = ["signed_export", "verify_export"]


def _canonical(doc: dict[str, Any]) -> str:
    body = {k: v for k, v in doc.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)


def _sign(doc: dict[str, Any], seal: AuditSeal) -> dict[str, Any]:
    # Round-trip through JSON first: what is signed is exactly what the file holds.
    plain: dict[str, Any] = json.loads(json.dumps(doc, default=str))
    plain["signature"] = {
        "algorithm": "HMAC-SHA256",
        "key": "the installation's audit key",
        "value": seal.mac(_canonical(plain)),
    }
    return plain


def verify_export(doc: dict[str, Any], seal: AuditSeal) -> bool:
    """True when ``doc`` is a subject file this installation signed, unaltered."""
    signature = doc.get("signature")
    if not isinstance(signature, dict) or not isinstance(signature.get("value"), str):
        return False
    return hmac.compare_digest(signature["value"], seal.mac(_canonical(doc)))


def signed_export(session: Session, actor: Actor, entity_id: str) -> dict[str, Any]:
    """The subject's file, signed; the export is a disclosure in the audit log."""
    file = subject_file(session, actor, entity_id)
    doc = {
        "kind": "straitwatch subject access file",
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "generated_by": {"user": actor.username, "agency": actor.agency, "role": str(actor.role)},
        "subject": file,
    }
    log(
        session,
        actor,
        AuditAction.DISCLOSURE,
        "entity",
        entity_id,
        purpose="subject access: signed export for the data-protection officer",
        events=len(file["trail"]),
    )
    return _sign(doc, seal_for(session))
