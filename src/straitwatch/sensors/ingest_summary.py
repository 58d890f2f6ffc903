# SPDX-License-Identifier: EUPL-1.2
"""What an ingest did: the counts ``straitwatch ingest`` prints (``--json`` as they are).

>>> IngestSummary().as_dict()["observations"]
0
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["IngestSummary"]


@dataclass
class IngestSummary:
    """What an ingest did, as ``straitwatch ingest --json`` prints it."""

    read: int = 0
    observations: int = 0
    static_updates: int = 0
    ais_reports: int = 0
    rejected: int = 0
    duplicates: int = 0
    already_stored: int = 0
    """Records the store already held (a file read again, a feed re-sent): not stored twice."""
    by_message_type: Counter[str] = field(default_factory=Counter)
    rejected_reasons: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "observations": self.observations,
            "static_updates": self.static_updates,
            "ais_reports": self.ais_reports,
            "rejected": self.rejected,
            "duplicates": self.duplicates,
            "already_stored": self.already_stored,
            "by_message_type": dict(sorted(self.by_message_type.items(), key=_type_order)),
            "rejected_reasons": dict(self.rejected_reasons.most_common()),
        }


def _type_order(item: tuple[str, int]) -> tuple[int, str]:
    key = item[0]
    return (int(key), "") if key.isdigit() else (1000, key)
