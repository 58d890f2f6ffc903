# SPDX-License-Identifier: EUPL-1.2
"""gpsd's sample.aivdm: each message's expected decode is written in the comments after
it. The fields we use (MMSI, position, speed, course, heading; name, call sign, IMO,
ship type, length) must equal them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from straitwatch.sensors.nmea_feed import NmeaFeed
from straitwatch.sensors.observation import Observation
from straitwatch.sensors.records import AisReport, IngestRecord, Rejection, StaticUpdate
from tests.sensors.conftest import state

# Comment keys (lower case, no spaces) of the noaadata-style dumps, in natural units.
KEYS = {
    "messageid": "type",
    "messagetype": "type",
    "userid": "mmsi",
    "mmsi": "mmsi",
    "sog": "speed",
    "longitude": "lon",
    "latitude": "lat",
    "cog": "course",
    "trueheading": "heading",
    "name": "name",
    "callsign": "call_sign",
    "imonumber": "imo",
    "shipandcargo": "ship_type",
    "dima": "to_bow",
    "dimb": "to_stern",
}
COMMENT = re.compile(r"^#\s*([A-Za-z][A-Za-z _]*?)\s*:\s*(\S.*?)\s*$")


@dataclass
class Block:
    line_no: int
    sentences: list[bytes] = field(default_factory=list)
    expected: dict[str, str] = field(default_factory=dict)


def blocks(path: Path) -> list[Block]:
    """Runs of sentence lines, each with the ``key: value`` comments that follow it."""
    found: list[Block] = []
    current: Block | None = None
    previous_was_sentence = False
    for no, line in enumerate(path.read_bytes().splitlines(), 1):
        is_sentence = line.startswith(b"!")
        if is_sentence:
            if current is None or not previous_was_sentence:
                current = Block(no)
                found.append(current)
            current.sentences.append(line)
        elif current is not None and line.startswith(b"#"):
            match = COMMENT.match(line.decode("ascii", "replace"))
            if match:
                key = KEYS.get(match[1].lower().replace(" ", "").replace("_", ""))
                if key and key not in current.expected:
                    current.expected[key] = match[2]
        previous_was_sentence = is_sentence
    return [b for b in found if "type" in b.expected and "mmsi" in b.expected]


def decode(block: Block) -> list[IngestRecord]:
    feed = NmeaFeed("gpsd_sample.aivdm", state())
    return [r for r in feed.decode(block.sentences) if not isinstance(r, Rejection)]


def number(text: str) -> float:
    match = re.match(r"-?\d+(\.\d+)?", text)
    assert match, text
    return float(match[0])


def check_position(block: Block, obs: Observation) -> int:
    expected = block.expected
    checked = 0
    for key, actual in (("lat", obs.lat), ("lon", obs.lon)):
        if key in expected:
            assert actual == pytest.approx(number(expected[key]), abs=1e-5), (block, key)
            checked += 1
    if "speed" in expected:
        assert obs.speed_kn == pytest.approx(number(expected["speed"]), abs=0.05)
        checked += 1
    if "course" in expected:
        course = number(expected["course"])
        assert obs.course_deg == (None if course == 360 else pytest.approx(course, abs=0.05))
        checked += 1
    if "heading" in expected:
        heading = number(expected["heading"])
        assert obs.heading_deg == (None if heading == 511 else heading)
        checked += 1
    return checked


def check_identity(block: Block, update: StaticUpdate) -> int:
    expected, identity = block.expected, update.identity
    checked = 0
    if "name" in expected:
        assert identity.name == expected["name"].strip()
        checked += 1
    if "call_sign" in expected:
        assert identity.call_sign == expected["call_sign"].strip()
        checked += 1
    if "imo" in expected:
        assert identity.imo == int(number(expected["imo"]))
        checked += 1
    if "ship_type" in expected:
        assert identity.ship_type == int(number(expected["ship_type"]))
        checked += 1
    if "to_bow" in expected and "to_stern" in expected:
        length = number(expected["to_bow"]) + number(expected["to_stern"])
        assert identity.length_m == (length or None)
        checked += 1
    return checked


def test_decoded_fields_equal_the_expected_values_in_the_comments(real_data: Path) -> None:
    checked_fields = 0
    checked_blocks = 0
    for block in blocks(real_data / "ais" / "gpsd_sample.aivdm"):
        records = decode(block)
        kind = int(number(block.expected["type"]))
        mmsi = int(number(block.expected["mmsi"]))
        assert records, f"line {block.line_no}: type {kind} did not decode"
        for record in records:
            assert isinstance(record, Observation | StaticUpdate | AisReport)
            got_mmsi = record.identity.mmsi if isinstance(record, StaticUpdate) else record.mmsi
            assert got_mmsi == mmsi, f"line {block.line_no}"
            if isinstance(record, Observation):
                assert kind in (1, 2, 3, 18, 19)
                checked_fields += check_position(block, record)
            elif isinstance(record, StaticUpdate):
                assert kind in (5, 19, 24)
                checked_fields += check_identity(block, record)
            else:
                assert record.message_type == kind
        checked_blocks += 1
    # 44 messages of 24 types carry expected values; 16 of them position or identity fields.
    assert checked_blocks == 44
    assert checked_fields >= 45


def test_not_available_values_in_the_sample_are_missing(real_data: Path) -> None:
    """Type 1 from Kurt Schwehr with TrueHeading 511, type 18 with course 360 absent."""
    block = next(
        b
        for b in blocks(real_data / "ais" / "gpsd_sample.aivdm")
        if b.expected.get("mmsi") == "440348000"
    )
    (obs,) = decode(block)
    assert isinstance(obs, Observation)
    assert obs.heading_deg is None
    assert obs.speed_kn == 0.0
    assert obs.course_deg == pytest.approx(93.4)
