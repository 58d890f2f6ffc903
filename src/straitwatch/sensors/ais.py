"""AIS payloads (pyais) to what we use: a position fix, a vessel identity, or the fields
of a message that is recorded but is not a vessel.

"Not available" values are missing, not numbers (ITU-R M.1371): latitude 91, longitude
181, speed 102.3 kn, course 360°, heading 511.

>>> fix = fix_from(decode_payload(b"15RTgt0PAso;90TKcjM8h6g208CQ", 0))
>>> fix.mmsi, fix.lat, fix.lon, fix.speed_kn, fix.course_deg, fix.heading_deg
(371798000, 48.381633, -123.395383, 12.3, 224.0, 215.0)
"""

from __future__ import annotations

from typing import Any, NamedTuple

from pyais.bit_vector import bit_vector
from pyais.messages import MSG_CLASS
from pyais.util import is_auxiliary_craft

from straitwatch.sensors.observation import Identity

__all__ = [
    "IDENTITY_TYPES",
    "POSITION_TYPES",
    "AisFix",
    "Decoded",
    "decode_payload",
    "fix_from",
    "identity_from",
    "report_fields",
]

POSITION_TYPES = frozenset({1, 2, 3, 18, 19})
"""Vessel position reports: class A (1, 2, 3) and class B (18, 19)."""
IDENTITY_TYPES = frozenset({5, 19, 24})
"""Messages that carry static identity (19 carries both)."""

# Bits a message must have for the fields we read to be whole (pyais fills a field that
# starts past the end with None, but silently decodes one that is cut in the middle).
_POSITION_BITS = {1: 137, 2: 137, 3: 137, 18: 133, 19: 133}
_IDENTITY_BITS = {5: 258, 19: 289}
_ARMOUR = bytes(range(48, 88)) + bytes(range(96, 120))
_NA_LAT, _NA_LON, _NA_SPEED, _NA_HEADING = 91.0, 181.0, 102.3, 511


class AisFix(NamedTuple):
    """The position part of an AIS position report, "not available" values as ``None``."""

    mmsi: int
    message_type: int
    lat: float
    lon: float
    speed_kn: float | None
    course_deg: float | None
    heading_deg: float | None
    nav_status: int | None
    accurate: bool


class Decoded(NamedTuple):
    """A payload decoded by pyais: its type, the pyais message, and its length in bits."""

    kind: int
    msg: Any
    bits: int


def decode_payload(payload: bytes, fill_bits: int) -> Decoded | str:
    """Decode an assembled payload with pyais, or say why it cannot be."""
    if not payload:
        return "empty AIS payload"
    bad = payload.translate(None, _ARMOUR)
    if bad:
        return f"payload has characters outside the AIS six-bit alphabet: {bad[:8]!r}"
    bv = bit_vector(payload, fill_bits)
    length = len(bv)
    if length < 38:
        return f"payload of {length} bits is too short for a message type and MMSI"
    kind = bv.get(0, 6)
    cls = MSG_CLASS.get(kind)
    if cls is None:
        return f"AIS message type {kind} does not exist (ITU-R M.1371 defines 1-27)"
    try:
        return Decoded(kind, cls.from_vector(bv), length)
    except Exception as exc:  # pyais on arbitrary bits: any failure is this record's
        return f"pyais cannot decode this type {kind} payload: {type(exc).__name__}: {exc}"


def fix_from(decoded: Decoded) -> AisFix | str | None:
    """The fix of a position report; ``None`` when its position is "not available", a
    problem message when the payload is cut short."""
    kind, msg, bits = decoded
    if bits < _POSITION_BITS[kind]:
        return f"type {kind} payload of {bits} bits is cut short (needs {_POSITION_BITS[kind]})"
    lat, lon, heading = msg.lat, msg.lon, msg.heading
    if lat == _NA_LAT or lon == _NA_LON:
        return None
    speed = msg.speed
    course = msg.course
    return AisFix(
        msg.mmsi,
        kind,
        lat,
        lon,
        None if speed is None or speed >= _NA_SPEED else speed,
        None if course is None or course >= 360.0 else course,
        None if heading >= 360 else float(heading),
        int(msg.status) if kind <= 3 else None,
        bool(msg.accuracy),
    )


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip(" @")
    return value or None


def _length(msg: Any) -> float | None:
    bow, stern = getattr(msg, "to_bow", None), getattr(msg, "to_stern", None)
    if bow is None or stern is None or bow + stern == 0:
        return None
    return float(bow + stern)


def identity_from(decoded: Decoded) -> Identity | None:
    """What a type 5, 19 or 24 message says the vessel is; unknown fields ``None``;
    ``None`` when the payload is too short to hold it."""
    kind, msg, bits = decoded
    if bits < _IDENTITY_BITS.get(kind, 0):
        return None
    ship_type = getattr(msg, "ship_type", None)
    ship_type = int(ship_type) if ship_type else None
    if kind == 5:
        return Identity(
            mmsi=msg.mmsi,
            imo=msg.imo or None,
            call_sign=_text(msg.callsign),
            name=_text(msg.shipname),
            ship_type=ship_type,
            length_m=_length(msg),
        )
    if kind == 19:
        return Identity(
            msg.mmsi, name=_text(msg.shipname), ship_type=ship_type, length_m=_length(msg)
        )
    if kind == 24:
        if getattr(msg, "partno", None) == 0:
            if bits < 160:
                return None
            name = _text(getattr(msg, "shipname", None))
            return Identity(msg.mmsi, name=name) if name else None
        if bits < 162:
            return None
        length = None if is_auxiliary_craft(msg.mmsi) else _length(msg)
        return Identity(
            msg.mmsi, call_sign=_text(msg.callsign), ship_type=ship_type, length_m=length
        )
    return None


def report_fields(msg: Any) -> dict[str, Any]:
    """A non-vessel message as JSON-safe fields (bytes as hex, enums as numbers)."""
    fields: dict[str, Any] = {}
    for key, value in msg.asdict(enum_as_int=True).items():
        if isinstance(value, bytes | bytearray):
            fields[key] = value.hex()
        elif isinstance(value, float) and value != value:
            fields[key] = None
        elif value is None or isinstance(value, bool | int | float | str):
            fields[key] = value
        else:
            fields[key] = str(value)
    return fields
