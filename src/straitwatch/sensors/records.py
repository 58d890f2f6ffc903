# SPDX-License-Identifier: EUPL-1.2
"""What a sensor reader yields besides observations: identity updates, non-vessel AIS
reports, and rejections bound for the dead-letter table.

A reader's stream is a sequence of :data:`IngestRecord`; every input record ends up as
exactly one of them (a multi-sentence AIS message as one), so nothing is lost silently.

>>> Rejection(RejectReason.CHECKSUM, "NMEA checksum 4B, sentence says 4A",
...           raw="!AIVDM,...*4A", feed="rx.nmea", line_no=12).where
'rx.nmea:12'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from straitwatch.sensors.observation import Identity, Observation

__all__ = ["AisReport", "IngestRecord", "RejectReason", "Rejection", "StaticUpdate"]


class RejectReason(StrEnum):
    """Why a record went to the dead-letter table (documented in docs/formats.md)."""

    JUNK = "junk"
    TOO_LONG = "too_long"
    CHECKSUM = "checksum"
    UNSUPPORTED_SENTENCE = "unsupported_sentence"
    MALFORMED = "malformed"
    ORPHAN_FRAGMENT = "orphan_fragment"
    UNDECODABLE = "undecodable"
    INVALID_RECORD = "invalid_record"
    UNKNOWN_SENSOR = "unknown_sensor"
    OUT_OF_RANGE = "out_of_range"
    IMPOSSIBLE_POSITION = "impossible_position"
    TIME_FUTURE = "time_future"
    TIME_PAST = "time_past"
    IMPOSSIBLE_SPEED = "impossible_speed"
    DUPLICATE = "duplicate"
    # Sensors of issue 16 and the tracker's refusals.
    NO_PLATFORM_POSITION = "no_platform_position"
    NO_FIX = "no_fix"
    LATE = "late"
    OUTSIDE_AREA = "outside_area"


@dataclass(frozen=True, slots=True)
class StaticUpdate:
    """AIS static data (types 5, 24, the static half of 19, or a decoded CSV row): what a
    vessel says it is. Fields left ``None`` in ``identity`` are unknown, not cleared."""

    time: datetime
    sensor_id: str
    identity: Identity
    message_type: int | None = None


@dataclass(frozen=True, slots=True)
class AisReport:
    """An AIS message that is recorded but is not a vessel position: aids to navigation
    (21), base stations (4), SAR aircraft (9), binary and safety messages, and position
    reports whose position is "not available"."""

    time: datetime
    sensor_id: str
    mmsi: int
    message_type: int
    lat: float | None = None
    lon: float | None = None
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rejection:
    """One input record refused, with a stable reason code and a message naming the field.

    ``raw`` is the input exactly as read (for an assembled AIS message, its sentences
    joined by newlines); ``context`` is what is needed to read it again on replay (the
    CSV header); ``format`` names the reader (``nmea``, ``ais-csv``, ``plots-csv``...).
    """

    reason: RejectReason
    message: str
    raw: str
    feed: str
    line_no: int | None = None
    time: datetime | None = None
    format: str = ""
    context: str | None = None

    @property
    def where(self) -> str:
        return f"{self.feed}:{self.line_no}" if self.line_no is not None else self.feed


IngestRecord = Observation | StaticUpdate | AisReport | Rejection
"""Everything a reader yields."""
