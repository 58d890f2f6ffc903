# SPDX-License-Identifier: EUPL-1.2
"""The purpose every read of intelligence must carry (DPA 2018 s.62: a consultation is
logged with its justification). One dependency, declared by every intelligence read route
(reports, attachments, search, entities, exports, network, screening): the OpenAPI marks
``purpose`` required, a request without it is refused with a 422 whose ``where`` is
``query.purpose``, and a purpose of blanks is refused the same way.

>>> from straitwatch.api.purpose import ReadPurpose
>>> def list_reports(purpose: ReadPurpose) -> None: ...
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from straitwatch.api.inputs import NO_NUL
from straitwatch.errors import InvalidInput

__all__ = ["MAX_PURPOSE_CHARS", "ReadPurpose", "read_purpose"]

MAX_PURPOSE_CHARS = 300


def read_purpose(
    purpose: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_PURPOSE_CHARS,
            pattern=NO_NUL,  # PostgreSQL text cannot hold NUL
            description="Why you are consulting this intelligence (audit log). Required.",
        ),
    ],
) -> str:
    """The purpose given, trimmed; blanks are no purpose."""
    text = purpose.strip()
    if not text:
        raise InvalidInput("purpose is required", where="query.purpose")
    return text


ReadPurpose = Annotated[str, Depends(read_purpose)]
