# SPDX-License-Identifier: EUPL-1.2
"""Notes on an alert: what the watch learned while working it (a call from the lifeboat, a
sighting, a hand-over remark), added at any time, open or resolved, by whoever may handle
the alert. Each note is kept, in order, in the alert's ``detail["notes"]`` as
``{"at", "by", "text"}`` and written to the audit log; the history and the shift log read
them there. Nothing else about the alert changes.

::

    with transaction(engine) as session:
        add_note(session, actor, "AL-3f2a9c0d1e2b", "RNLI Dover ALB on scene, 41 aboard")
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from straitwatch.access.actor import Actor
from straitwatch.assessment.lifecycle import AlertRecord, _audit, _row_for_update
from straitwatch.errors import InvalidInput
from straitwatch.store.base import utcnow

__all__ = ["MAX_NOTE", "MAX_NOTES", "add_note"]

MAX_NOTE = 2000
MAX_NOTES = 200


def add_note(
    session: Session, actor: Actor, alert_id: str, text: str, *, now: datetime | None = None
) -> AlertRecord:
    """Add ``text`` to the alert's notes, signed and timed; the alert's state is unchanged."""
    text = text.strip()
    if not text or len(text) > MAX_NOTE:
        raise InvalidInput(f"text: write the note (1–{MAX_NOTE} characters)", where="body.text")
    row = _row_for_update(session, actor, alert_id)
    kept = row.detail.get("notes")
    notes: list[object] = list(kept) if isinstance(kept, list) else []
    if len(notes) >= MAX_NOTES:
        raise InvalidInput(f"text: an alert holds at most {MAX_NOTES} notes", where="body.text")
    when = now or utcnow()
    at = when.isoformat().replace("+00:00", "Z")
    notes.append({"at": at, "by": actor.username, "text": text})
    row.detail = {**row.detail, "notes": notes}  # a new dict: the JSON column sees the change
    row.updated_at = when
    _audit(session, actor, row, "noted", length=len(text))
    return AlertRecord.of(row)
