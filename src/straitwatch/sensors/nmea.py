# SPDX-License-Identifier: EUPL-1.2
"""NMEA 0183 line layer: checksums, NMEA 4.10 tag blocks, Gatehouse ``$PGHP`` lines and
USCG trailing receiver fields. Pure functions over bytes; no I/O, no state. A bad line
raises :class:`~straitwatch.errors.RejectedRecord` with a reason code.

These run once per received line, so they avoid regular expressions and raise only on
bad input. AIS payloads are decoded by :mod:`straitwatch.sensors.ais` (pyais).

>>> nmea_checksum(b"AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0")
74
>>> parse_tag_block(b"s:rx-dover,c:1724299800*7B")
(1724299800.0, 'rx-dover', None)
"""

from __future__ import annotations

from datetime import UTC, datetime

from straitwatch.errors import RejectedRecord
from straitwatch.sensors.records import RejectReason

__all__ = [
    "MAX_LINE_BYTES",
    "TagBlock",
    "check_sentence",
    "hex_field",
    "is_storable",
    "nmea_checksum",
    "parse_gatehouse",
    "parse_tag_block",
    "parse_uscg_trailer",
    "raw_text",
]

MAX_LINE_BYTES = 4096
"""Longest NMEA line read (a sentence is at most 82 characters; tag block and receiver
trailer add a few hundred): longer lines are refused as ``too_long`` unread."""
_M128 = (1 << 128) - 1
_M64 = (1 << 64) - 1
_MAX_RAW_CHARS = 4096
MALFORMED, CHECKSUM = RejectReason.MALFORMED, RejectReason.CHECKSUM
_STATIONS: dict[bytes, str | None] = {}
UNSUPPORTED = RejectReason.UNSUPPORTED_SENTENCE


TagBlock = tuple[float | None, str | None, bytes | None]
"""What a tag block tells us: receive time (UNIX s), source station, and the ``g:``
sentence group (e.g. ``b"1-2-73874"``: sentence number, total, group id)."""


def nmea_checksum(body: bytes) -> int:
    """XOR of all bytes of ``body`` (the text between ``!``/``$`` and ``*``).

    Folds the bytes as one big integer: a handful of C-level operations instead of a
    Python loop per byte, which matters at a million sentences. A long body is folded in
    halves (XOR of the high half onto the low one keeps the XOR of all bytes), so the cost
    stays linear in its length.
    """
    x = int.from_bytes(body, "little")
    size = len(body)
    while size > 32:
        half = (size + 1) >> 1
        x = (x >> (half << 3)) ^ (x & ((1 << (half << 3)) - 1))
        size = half
    if size > 16:
        x = (x >> 128) ^ (x & _M128)
    if size > 8:
        x = (x >> 64) ^ (x & _M64)
    x = (x >> 32) ^ (x & 0xFFFFFFFF)
    x ^= x >> 16
    x ^= x >> 8
    return x & 0xFF


def hex_field(text: bytes) -> int:
    """A checksum field as an int, or -1 when it is not one or two hex digits."""
    try:
        value = int(text, 16)
    except ValueError:
        return -1
    return value if 1 <= len(text) <= 2 and text.isalnum() else -1


def _unix_seconds(text: bytes) -> float | None:
    """A UNIX time field; values above 10¹¹ are milliseconds (some feeds write those)."""
    try:
        value = float(text)
    except ValueError:
        return None
    if not 0 <= value < 1e11:  # also NaN
        return value / 1000.0 if 1e11 <= value < 1e14 else None
    return value


def parse_tag_block(block: bytes) -> TagBlock:
    """Parse the text between the backslashes (raises :class:`RejectedRecord`)."""
    body, star, given = block.rpartition(b"*")
    if not star:
        raise RejectedRecord(MALFORMED, "tag block has no checksum (*hh)")
    actual = nmea_checksum(body)
    if actual != hex_field(given):
        message = f"tag block checksum is {actual:02X}, the block says {raw_text(given)}"
        raise RejectedRecord(CHECKSUM, message)
    time_s: float | None = None
    station: str | None = None
    group: bytes | None = None
    for field in body.split(b","):
        key = field[:2]
        if key == b"c:":
            try:
                time_s = float(field[2:])
            except ValueError:
                time_s = -1.0
            if not 0 <= time_s < 1e11:  # milliseconds, or not a time at all
                time_s = _unix_seconds(field[2:])
                if time_s is None:
                    message = f"tag block time {raw_text(field)!r} is not a UNIX time"
                    raise RejectedRecord(MALFORMED, message)
        elif key == b"s:":
            station = _STATIONS.get(field)
            if station is None:
                station = _station(field)
        elif key == b"g:":
            group = field[2:]
    return time_s, station, group


def _station(field: bytes) -> str | None:
    """``s:NAME`` as text, remembered: a feed has a handful of stations. A name with a
    control character (a NUL, which PostgreSQL cannot store) is refused."""
    if any(byte < 32 or byte == 127 for byte in field):
        message = f"tag block station {raw_text(field[2:])!r} contains a control character"
        raise RejectedRecord(MALFORMED, message)
    name = field[2:].decode("ascii", "replace") or None
    if len(_STATIONS) > 4096:
        _STATIONS.clear()
    _STATIONS[field] = name
    return name


def parse_uscg_trailer(trailer: bytes) -> tuple[float | None, str | None]:
    """USCG N-AIS fields after the checksum (``,r003669946,1272412827``): receive time
    (the last field, UNIX seconds) and receiving station (the ``r…``/``b…`` field)."""
    fields = trailer.split(b",")
    time_s: float | None = None
    station: str | None = None
    last = fields[-1]
    if last.isdigit():
        time_s = _unix_seconds(last)
    for field in fields:
        if field[:1] in (b"r", b"b") and len(field) > 1:
            if any(byte < 32 or byte == 127 for byte in field):
                message = f"receiver {raw_text(field)!r} contains a control character"
                raise RejectedRecord(MALFORMED, message)
            station = field.decode("ascii", "replace")
            break
    return time_s, station


def check_sentence(sentence: bytes) -> tuple[bytes, bytes]:
    """Split ``!…*hh[,trailer]`` into body and trailer after checking the checksum
    (raises :class:`RejectedRecord`)."""
    star = sentence.find(b"*")
    if star < 0:
        raise RejectedRecord(MALFORMED, "sentence has no checksum field (*hh): cut short?")
    body = sentence[1:star]
    expected = hex_field(sentence[star + 1 : star + 3])
    actual = nmea_checksum(body)
    if actual != expected:
        given = raw_text(sentence[star + 1 : star + 3])
        raise RejectedRecord(CHECKSUM, f"checksum is {actual:02X}, the sentence says {given}")
    return body, sentence[star + 3 :]


def parse_gatehouse(sentence: bytes) -> datetime:
    """``$PGHP,1,<year>,<month>,<day>,<h>,<m>,<s>,<ms>,…*hh``: the receive time of the
    AIS sentence that follows (raises :class:`RejectedRecord`)."""
    body, _ = check_sentence(sentence)
    fields = body.split(b",")
    try:
        if fields[1] != b"1":
            raise RejectedRecord(
                UNSUPPORTED, f"$PGHP message type {raw_text(fields[1])} carries no time"
            )
        year, month, day, hour, minute, second, ms = (int(f) for f in fields[2:9])
        return datetime(year, month, day, hour, minute, second, ms * 1000, tzinfo=UTC)
    except (ValueError, IndexError) as exc:
        raise RejectedRecord(MALFORMED, "$PGHP time fields are not a date and time") from exc


def raw_text(data: bytes | str) -> str:
    """Input as storable text (PostgreSQL refuses NUL and lone surrogates): undecodable
    bytes, surrogates and NUL escaped, long input cut."""
    if isinstance(data, str):
        text = data if is_storable(data) else data.encode("utf-8", "backslashreplace").decode()
    else:  # a long line is cut before decoding: the cost stays bounded
        text = data[: 4 * _MAX_RAW_CHARS].decode("utf-8", "backslashreplace")
    text = text.replace("\x00", "\\x00")
    if len(text) > _MAX_RAW_CHARS or len(data) > 4 * _MAX_RAW_CHARS:
        unit = "bytes" if isinstance(data, bytes) else "characters"
        return f"{text[:_MAX_RAW_CHARS]}…(cut, {len(data)} {unit})"
    return text


def is_storable(text: str) -> bool:
    """Whether a database text column can hold ``text`` as it is (no NUL, no lone
    surrogate from a JSON ``\\ud800`` escape)."""
    if "\x00" in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
