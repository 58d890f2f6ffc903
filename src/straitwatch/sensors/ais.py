# SPDX-License-Identifier: EUPL-1.2
"""AIS payloads to what we use: a position fix, a vessel identity, or the fields of a
message that is recorded but is not a vessel.

Position reports (types 1, 2, 3, 18, 19: nine in ten messages of a real feed) are read
straight from the payload bits: the handful of fields a fix needs, shifted out of one
integer, without building a full message object. Every other message, and the static
half of type 19, is decoded by pyais. The tests check the fast path against pyais on
random payloads and on every real sample.

"Not available" values are missing, not numbers (ITU-R M.1371): latitude 91, longitude
181, speed 102.3 kn, course 360°, heading 511.

>>> fix = fix_from(unarmour(b"15RTgt0PAso;90TKcjM8h6g208CQ", 0))
>>> fix.mmsi, fix.lat, fix.lon, fix.speed_kn, fix.course_deg, fix.heading_deg
(371798000, 48.381633, -123.395383, 12.3, 224.0, 215.0)
"""

from __future__ import annotations

from binascii import a2b_base64
from typing import Any, NamedTuple

from pyais.bit_vector import bit_vector
from pyais.messages import MSG_CLASS
from pyais.util import is_auxiliary_craft

from straitwatch.sensors.observation import Identity

__all__ = [
    "IDENTITY_TYPES",
    "POSITION_TYPES",
    "AisFix",
    "Fields",
    "Payload",
    "decode_message",
    "fast_fix",
    "fix_from",
    "identity_from",
    "report_fields",
    "unarmour",
]

POSITION_TYPES = frozenset({1, 2, 3, 18, 19})
"""Vessel position reports: class A (1, 2, 3) and class B (18, 19)."""
IDENTITY_TYPES = frozenset({5, 19, 24})
"""Messages that carry static identity (19 carries both)."""

# Bits a message must have for the fields we read to be whole (a field cut in the middle
# would otherwise decode to a wrong number).
_POSITION_BITS = {1: 137, 2: 137, 3: 137, 18: 133, 19: 133}
_IDENTITY_BITS = {5: 258, 19: 289, 24: 160}
_ARMOUR = bytes(range(48, 88)) + bytes(range(96, 120))
# Six-bit armour is base64 with another alphabet: re-map it and let C do the unpacking.
_TO_BASE64 = bytes.maketrans(
    _ARMOUR, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
)
_PAD = (b"", b"AAA", b"AA", b"A")
_NA_LAT, _NA_LON = 91 * 600_000, 181 * 600_000
_NA_SPEED, _NA_COURSE, _NA_HEADING = 1023, 3600, 511


class Payload(NamedTuple):
    """An assembled payload as one integer of ``bits`` bits, and its message type."""

    kind: int
    value: int
    bits: int
    armoured: bytes
    fill_bits: int


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


def unarmour(payload: bytes, fill_bits: int) -> Payload | str:
    """The payload's bits, or why there are none to read."""
    if not payload:
        return "empty AIS payload"
    bad = payload.translate(None, _ARMOUR)
    if bad:
        return f"payload has characters outside the AIS six-bit alphabet: {bad[:8]!r}"
    pad = len(payload) & 3
    value = int.from_bytes(a2b_base64(payload.translate(_TO_BASE64) + _PAD[pad]), "big")
    if pad:
        value >>= 6 * (4 - pad)
    bits = 6 * len(payload) - fill_bits
    if bits < 38:
        return f"payload of {bits} bits is too short for a message type and MMSI"
    value >>= fill_bits
    return Payload(value >> (bits - 6), value, bits, payload, fill_bits)


Fields = tuple[int, int, float, float, float | None, float | None, float | None, int | None, bool]
"""type, MMSI, lat, lon, speed (kn), course (°), heading (°), navigation status, accurate"""


def fix_from(payload: Payload) -> AisFix | str | None:
    """The fix of a position report; ``None`` when its position is "not available", a
    problem message when the payload is cut short."""
    kind, bits = payload.kind, payload.bits
    if bits < _POSITION_BITS[kind]:
        return f"type {kind} payload of {bits} bits is cut short (needs {_POSITION_BITS[kind]})"
    fields = fast_fix(payload.armoured, payload.fill_bits)
    if fields is None:
        return None
    kind, mmsi, lat, lon, speed, course, heading, status, accurate = fields
    return AisFix(mmsi, kind, lat, lon, speed, course, heading, status, accurate)


def fast_fix(payload: bytes, fill_bits: int) -> Fields | None:
    """The fields of a whole position report that has a position, in one step; ``None``
    for anything else (other types, bad or short payloads, no position), which the caller
    reads the long way (:func:`unarmour`, :func:`fix_from`, pyais) to learn what it is.
    The one place that knows the bit layout of a position report."""
    size = len(payload)
    if size < 23 or payload.translate(None, _ARMOUR):
        return None
    first = payload[0]
    kind = first - 48 if first < 88 else first - 56
    if kind not in POSITION_TYPES:
        return None
    bits = 6 * size - fill_bits
    if bits < _POSITION_BITS[kind]:
        return None
    pad = size & 3
    v = int.from_bytes(a2b_base64(payload.translate(_TO_BASE64) + _PAD[pad]), "big")
    # Align on the 168 bits of a class A report: bit 0 of the payload is bit 167 here.
    shift = (6 * (4 - pad) if pad else 0) + fill_bits + bits - 168
    v = v >> shift if shift >= 0 else v << -shift
    if kind <= 3:
        status: int | None = (v >> 126) & 15
        speed, accurate = (v >> 108) & 1023, (v >> 107) & 1
        lon, lat = (v >> 79) & 0xFFFFFFF, (v >> 52) & 0x7FFFFFF
        course, heading = (v >> 40) & 4095, (v >> 31) & 511
    else:  # 18 and 19 share the layout up to the heading
        status = None
        speed, accurate = (v >> 112) & 1023, (v >> 111) & 1
        lon, lat = (v >> 83) & 0xFFFFFFF, (v >> 56) & 0x7FFFFFF
        course, heading = (v >> 44) & 4095, (v >> 35) & 511
    if lon & 0x8000000:
        lon -= 0x10000000
    if lat & 0x4000000:
        lat -= 0x8000000
    if lat == _NA_LAT or lon == _NA_LON:
        return None
    return (
        kind,
        (v >> 130) & 0x3FFFFFFF,
        ((10 * lat + 3) // 6) / 1e6,  # 1/10 000 minute to degrees, rounded as pyais does
        ((10 * lon + 3) // 6) / 1e6,
        None if speed == _NA_SPEED else speed / 10,
        None if course >= _NA_COURSE else course / 10,
        None if heading >= 360 else float(heading),
        status,
        bool(accurate),
    )


def decode_message(payload: Payload) -> Any:
    """The whole message, decoded by pyais (raises on bits pyais cannot decode)."""
    cls = MSG_CLASS.get(payload.kind)
    if cls is None:
        raise ValueError(f"AIS message type {payload.kind} does not exist (ITU-R M.1371: 1-27)")
    return cls.from_vector(bit_vector(payload.armoured, payload.fill_bits))


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


def identity_from(kind: int, msg: Any, bits: int) -> Identity | None:
    """What a type 5, 19 or 24 message (decoded by pyais) says the vessel is; unknown
    fields ``None``; ``None`` when the payload is too short to hold it."""
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
    return {
        key: value.hex() if type(value) is bytes else value
        for key, value in msg.asdict(enum_as_int=True).items()
    }
