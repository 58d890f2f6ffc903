# SPDX-License-Identifier: EUPL-1.2
"""Multi-sentence AIS messages put back together (a type 5 takes two sentences), and the
parts that never found their others.

Parts are matched by tag-block group when there is one, else by sequence id and radio
channel; a part that waits more than ``max_lines`` lines, or that a new message with the
same key replaces, is an orphan.

>>> assembler = FragmentAssembler()
>>> assembler.add(("1", "A"), 2, 1, b"55?MbV02", b"!AIVDM,2,1,1,A,...", 7, None) is None
True
>>> whole = assembler.add(("1", "A"), 2, 2, b"88888888880", b"!AIVDM,2,2,1,A,...", 8, None)
>>> whole.payload, whole.line_no
(b'55?MbV0288888888880', 7)
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from straitwatch.errors import RejectedRecord
from straitwatch.sensors.records import RejectReason

__all__ = ["FragmentAssembler", "Partial"]


@dataclass(slots=True)
class Partial:
    """The parts of one message received so far; ``context`` is what the first part
    brought with it (its receive time and receiving station, for the whole message)."""

    count: int
    line_no: int
    context: Any
    payloads: list[bytes] = field(default_factory=list)
    raws: list[bytes] = field(default_factory=list)

    @property
    def payload(self) -> bytes:
        return b"".join(self.payloads)

    @property
    def raw(self) -> bytes:
        return b"\n".join(self.raws)


class FragmentAssembler:
    """A step over the parts of multi-sentence messages, in arrival order."""

    def __init__(self, max_lines: int = 50) -> None:
        self.max_lines = max_lines
        self._pending: dict[Hashable, Partial] = {}
        self.orphans: list[tuple[Partial, str]] = []
        """Parts given up on, with why; the caller takes them (and clears the list)."""

    @property
    def waiting(self) -> bool:
        """Whether parts of some message wait for the rest."""
        return bool(self._pending)

    def add(
        self,
        key: Hashable,
        count: int,
        number: int,
        payload: bytes,
        line: bytes,
        line_no: int,
        context: Any,
    ) -> Partial | None:
        """One part in; the whole message out when this was its last part. A part that
        follows nothing raises :class:`RejectedRecord` (``orphan_fragment``)."""
        pending = self._pending.get(key)
        if number == 1:
            if pending is not None:
                self.orphans.append((pending, "a new message with the same sequence id began"))
            self._expire(line_no)
            self._pending[key] = Partial(count, line_no, context, [payload], [line])
            return None
        if pending is None or pending.count != count or len(pending.payloads) + 1 != number:
            expected = "" if pending is None else f" (expected part {len(pending.payloads) + 1})"
            raise RejectedRecord(
                RejectReason.ORPHAN_FRAGMENT,
                f"part {number} of {count} arrived without the parts before it{expected}",
            )
        pending.payloads.append(payload)
        pending.raws.append(line)
        if number < count:
            return None
        del self._pending[key]
        return pending

    def _expire(self, line_no: int) -> None:
        for key, old in list(self._pending.items()):
            if line_no - old.line_no > self.max_lines:
                del self._pending[key]
                self.orphans.append((old, f"no further part within {self.max_lines} lines"))

    def finish(self) -> None:
        """The feed ended: every part still waiting is an orphan."""
        for pending in self._pending.values():
            self.orphans.append((pending, "the feed ended before the message was complete"))
        self._pending.clear()
