# SPDX-License-Identifier: EUPL-1.2
"""JSON lines in, validated records or rejections out: the one reader the sensor formats of
issue 16 (cameras, aircraft, satellites) share.

Blank lines and ``#`` comments are skipped; a line that is not a JSON object is a
``malformed`` rejection, one that its model refuses an ``invalid_record`` rejection naming
every field at fault. Either way it carries the line, its number, the feed and the
format, so it goes to the dead-letter store and can be replayed.

>>> from pydantic import BaseModel
>>> class Fix(BaseModel):
...     lat: float
>>> [type(r).__name__ for r in parsed_lines(['{"lat": 1}', '# note', '{"lat": "x"}', '[1'],
...                                         "f.jsonl", "demo", Fix.model_validate)]
['Parsed', 'Rejection', 'Rejection']
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from straitwatch.sensors.records import Rejection, RejectReason

__all__ = ["Parsed", "parsed_lines", "validation_problems"]

T = TypeVar("T")

_MESSAGE_MAX = 300


@dataclass(frozen=True, slots=True)
class Parsed(Generic[T]):
    """One line its model accepted: the value, the line as read and its number."""

    value: T
    raw: str
    line_no: int


def validation_problems(exc: ValidationError) -> str:
    """Every field at fault, ``field.sub: message``, joined by ``;``."""
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'record'}: {e['msg']}" for e in exc.errors()
    )[:_MESSAGE_MAX]


def parsed_lines(
    lines: Iterable[str],
    feed: str,
    file_format: str,
    validate: Callable[[dict[str, Any]], T],
    first_line_no: int = 1,
) -> Iterator[Parsed[T] | Rejection]:
    """Each record line validated by ``validate`` (a model's ``model_validate``, or a
    function choosing the model), or refused with the reason and the field."""
    for no, line in enumerate(lines, start=first_line_no):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        try:
            obj = json.loads(text)
        except ValueError as exc:
            yield Rejection(
                RejectReason.MALFORMED,
                f"not JSON: {exc}"[:_MESSAGE_MAX],
                raw=text,
                feed=feed,
                line_no=no,
                format=file_format,
            )
            continue
        if not isinstance(obj, dict):
            yield Rejection(
                RejectReason.MALFORMED,
                "not a JSON object: one object per line",
                raw=text,
                feed=feed,
                line_no=no,
                format=file_format,
            )
            continue
        try:
            value = validate(obj)
        except ValidationError as exc:
            yield Rejection(
                RejectReason.INVALID_RECORD,
                validation_problems(exc),
                raw=text,
                feed=feed,
                line_no=no,
                format=file_format,
            )
            continue
        yield Parsed(value, text, no)
