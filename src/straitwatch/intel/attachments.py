# SPDX-License-Identifier: EUPL-1.2
"""Attachments of a report: size-limited, and their type checked against their content.

>>> sniff(b"%PDF-1.7 ...")
'application/pdf'
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from straitwatch.errors import InvalidInput

__all__ = ["MAX_ATTACHMENT_BYTES", "Attachment", "check_attachment", "sniff"]

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
_MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file attached to a report, as received (``media_type`` as declared by the sender)."""

    filename: str
    media_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def sniff(content: bytes) -> str | None:
    """The media type the content really is (PDF, PNG, JPEG or UTF-8 text), else ``None``."""
    for magic, media_type in _MAGIC:
        if content.startswith(magic):
            return media_type
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain" if "\x00" not in text else None


def check_attachment(att: Attachment, max_bytes: int = MAX_ATTACHMENT_BYTES) -> Attachment:
    """Refuse empty, oversized (over ``max_bytes``: the ``attachment_max_bytes`` setting at
    the edge), unknown or mislabelled files, naming the file."""
    where = f"attachment {att.filename!r}"
    if not att.filename or "/" in att.filename or "\\" in att.filename:
        raise InvalidInput("a plain file name is required", where=where)
    if any(not c.isprintable() for c in att.filename):
        raise InvalidInput("the file name contains a line break or control character", where=where)
    if not att.content:
        raise InvalidInput("the file is empty", where=where)
    if len(att.content) > max_bytes:
        raise InvalidInput(
            f"{len(att.content)} bytes is over the limit of {max_bytes}", where=where
        )
    actual = sniff(att.content)
    if actual is None:
        raise InvalidInput("type not accepted (PDF, PNG, JPEG or UTF-8 text only)", where=where)
    declared = att.media_type.split(";")[0].strip().lower()
    if declared and declared not in (actual, "application/octet-stream"):
        raise InvalidInput(f"declared {declared} but the content is {actual}", where=where)
    return Attachment(att.filename, actual, att.content)
