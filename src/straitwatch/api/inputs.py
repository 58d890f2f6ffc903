# SPDX-License-Identifier: EUPL-1.2
"""What every route asks of its input, once: request bodies, stored ids, free text.

Text the store keeps may not hold NUL (PostgreSQL's ``text`` cannot), so a body with one
is bad input (422 naming the field), never a 500 from the database. Routers build their
bodies on :class:`RequestBody` and take the aliases below; none writes its own check.

>>> class Note(RequestBody):
...     text: str
>>> Note(text="fine").text
'fine'
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import BaseModel, field_validator

__all__ = ["NO_NUL", "Purpose", "RequestBody", "StoredId"]

NO_NUL = r"^[^\x00]*$"
"""The pattern of text without NUL, for query and path parameters."""

StoredId = Annotated[int, Path(ge=1, le=2**31 - 1, description="A stored id.")]
"""A row id in the path (a 32-bit integer, as the store keeps it)."""

Purpose = Annotated[
    str | None, Query(max_length=300, pattern=NO_NUL, description="Why (audit log).")
]
"""Why a consultation is made, written to the audit log."""


def _holds_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple | set):
        return any(_holds_nul(v) for v in value)
    return False


class RequestBody(BaseModel):
    """The base of every JSON request body: no text in it (at any depth) holds NUL."""

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        if _holds_nul(value):
            raise ValueError("text contains a NUL character")
        return value
