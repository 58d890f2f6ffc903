# SPDX-License-Identifier: EUPL-1.2
"""The lost, stolen and revoked document list held here, checked on every read.

Numbers are stored only as SHA-256 hashes of ``STATE:NUMBER`` (fillers stripped), so the
list does not hold a readable register of document numbers. A check answers "listed" or
"not on the list held here, as of DATE" — never "genuine": the list is only what was
entered here, and a document absent from it may still be lost, stolen, revoked or forged.

>>> with transaction(engine) as session:                                         # doctest: +SKIP
...     add_listed(session, "UTO", "L898902C3", ListStatus.STOLEN, source="Interpol SLTD")
...     lookup(session, "UTO", "L898902C3").to_dict()["message"]
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from straitwatch.errors import Conflict, InvalidInput
from straitwatch.store.documents import ListedDocumentRow

__all__ = ["ListCheck", "ListStatus", "add_listed", "lookup", "number_hash"]

_STATE = re.compile(r"[A-Z]{1,3}")
_NUMBER = re.compile(r"[A-Z0-9]{1,20}")


class ListStatus(StrEnum):
    LOST = "lost"
    STOLEN = "stolen"
    REVOKED = "revoked"


def number_hash(issuing_state: str, number: str) -> str:
    """The stored form of a document number: SHA-256 of ``STATE:NUMBER``, fillers stripped."""
    state = issuing_state.strip("<").upper()
    clean = number.replace("<", "").upper()
    if not _STATE.fullmatch(state):
        raise InvalidInput(f"{issuing_state!r} is not an issuing-state code", where="issuing_state")
    if not _NUMBER.fullmatch(clean):
        raise InvalidInput(f"{number!r} is not a document number", where="document_number")
    return hashlib.sha256(f"{state}:{clean}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ListCheck:
    """The answer of the list for one document."""

    listed: bool
    status: ListStatus | None
    source: str | None
    entries: int
    as_of: datetime | None

    @property
    def message(self) -> str:
        if self.listed and self.status is not None:
            return f"reported {self.status} ({self.source}) on the list held here"
        if self.as_of is None:
            return "the list held here is empty: nothing could be checked"
        return f"not on the list held here, as of {self.as_of.date().isoformat()}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "listed": self.listed,
            "status": str(self.status) if self.status else None,
            "source": self.source,
            "entries": self.entries,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "message": self.message,
        }


def add_listed(
    session: Session, issuing_state: str, number: str, status: ListStatus, *, source: str
) -> None:
    """Enter one document on the list (a second entry of the same document is a conflict)."""
    if not source.strip() or len(source) > 200:
        raise InvalidInput("say who reported it, in 1 to 200 characters", where="source")
    row = ListedDocumentRow(
        issuing_state=issuing_state.strip("<").upper(),
        number_sha256=number_hash(issuing_state, number),
        status=str(status),
        source=source.strip(),
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict("this document is already on the list") from exc


def lookup(session: Session, issuing_state: str, number: str) -> ListCheck:
    """Whether the document is on the list, and how current the list is."""
    entries, as_of = session.execute(
        select(func.count(ListedDocumentRow.id), func.max(ListedDocumentRow.recorded_at))
    ).one()
    row = session.scalars(
        select(ListedDocumentRow).where(
            ListedDocumentRow.issuing_state == issuing_state.strip("<").upper(),
            ListedDocumentRow.number_sha256 == number_hash(issuing_state, number),
        )
    ).first()
    if row is None:
        return ListCheck(False, None, None, int(entries), as_of)
    return ListCheck(True, ListStatus(row.status), row.source, int(entries), as_of)
