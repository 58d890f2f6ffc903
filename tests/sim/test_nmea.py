# SPDX-License-Identifier: EUPL-1.2
"""The fast AIS encoder agrees with pyais, field by field."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pyais import decode

from straitwatch.sim.nmea import checksum, position_report, position_sentence, sentence, tagged


@settings(max_examples=300, deadline=None)
@given(
    mmsi=st.integers(100_000_000, 999_999_999),
    lat=st.floats(-90, 90),
    lon=st.floats(-180, 180),
    speed=st.floats(0, 102.2),
    course=st.floats(0, 359.9),
    second=st.integers(0, 59),
)
def test_position_reports_decode_to_what_was_encoded(
    mmsi: int, lat: float, lon: float, speed: float, course: float, second: int
) -> None:
    payload = position_report(mmsi, lat, lon, speed, course, int(course), second)
    line = position_sentence(payload)
    assert line == sentence(payload)
    msg = decode(line)
    assert msg.msg_type == 1
    assert msg.mmsi == mmsi
    assert abs(msg.lat - lat) < 1e-5
    assert abs(msg.lon - lon) < 1e-5
    assert abs(msg.speed - speed) < 0.051
    assert abs(msg.course - course) < 0.051 or abs(msg.course - course) > 359.9
    assert msg.second == second


def test_tag_blocks_carry_a_valid_checksum() -> None:
    line = tagged("!AIVDM,1,1,,A,13P7@h@P2=P6oM0M;c@1i1JH0000,0*3E", "ais-shore", 1661137200)
    tag = line[1 : line.index("*")]
    assert line[line.index("*") + 1 : line.index("*") + 3] == checksum(tag)
    assert tag == "s:ais-shore,c:1661137200"
