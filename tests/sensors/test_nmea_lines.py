# SPDX-License-Identifier: EUPL-1.2
"""The NMEA line layer: checksums, tag blocks, USCG trailers, $PGHP, and the promise
that no input, however broken, raises out of a feed."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import reduce
from operator import xor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from straitwatch.errors import RejectedRecord
from straitwatch.sensors.nmea import (
    nmea_checksum,
    parse_gatehouse,
    parse_tag_block,
    parse_uscg_trailer,
    raw_text,
)
from straitwatch.sensors.nmea_feed import NmeaFeed
from straitwatch.sensors.observation import Observation
from straitwatch.sensors.records import AisReport, Rejection, RejectReason, StaticUpdate
from tests.sensors.conftest import sentence, state


def test_checksum_equals_the_byte_by_byte_xor_on_every_real_sentence(real_data: Path) -> None:
    lines = (real_data / "ais" / "libais_test.aivdm").read_bytes().splitlines()
    bodies = [line[1 : line.index(b"*")] for line in lines if line.startswith(b"!")]
    assert len(bodies) > 250
    for body in bodies:
        assert nmea_checksum(body) == reduce(xor, body, 0)


@settings(deadline=None)
@given(st.binary(max_size=300))
def test_checksum_equals_the_byte_by_byte_xor_on_any_bytes(data: bytes) -> None:
    assert nmea_checksum(data) == reduce(xor, data, 0)


def test_tag_block_gives_time_station_and_group() -> None:
    block = parse_tag_block(b"g:1-2-27300,n:636994,s:b003669710,c:1428621738*5F")
    assert block == (1428621738.0, "b003669710", b"1-2-27300")


def test_tag_block_time_in_milliseconds_is_read_as_milliseconds() -> None:
    body = b"s:rx,c:1724299800123"
    time_s, _, _ = parse_tag_block(body + b"*%02X" % nmea_checksum(body))
    assert time_s == pytest.approx(1724299800.123)


@pytest.mark.parametrize(
    ("block", "reason"),
    [
        (b"g:1-2-73874,n:157036,s:r003669945,c:12415440354*A", RejectReason.CHECKSUM),
        (b"s:rx,c:1724299800", RejectReason.MALFORMED),
        (b"s:rx,c:1724299800*ZZ", RejectReason.CHECKSUM),
    ],
)
def test_bad_tag_blocks_are_refused_with_a_reason(block: bytes, reason: RejectReason) -> None:
    with pytest.raises(RejectedRecord) as caught:
        parse_tag_block(block)
    assert caught.value.reason == reason


def test_uscg_trailer_gives_receive_time_and_station() -> None:
    assert parse_uscg_trailer(b"b003669794,1272412827") == (1272412827.0, "b003669794")
    trailer = b"s28089,d-103,T39.44353985,x147521,r08TPHI1,1242958962"
    assert parse_uscg_trailer(trailer) == (1242958962.0, "r08TPHI1")
    assert parse_uscg_trailer(b"s36310,d-081,T59.01777335") == (None, None)


def test_gatehouse_line_gives_the_time_of_the_next_sentence() -> None:
    line = b"$PGHP,1,2008,5,9,0,0,0,10,338,2,,1,09*17"
    assert parse_gatehouse(line) == datetime(2008, 5, 9, 0, 0, 0, 10_000, tzinfo=UTC)
    with pytest.raises(RejectedRecord) as caught:
        parse_gatehouse(b"$PGHP,1,2009,5,9,0,0,0,10,338,2,,1,09*17")
    assert caught.value.reason == RejectReason.CHECKSUM


def test_raw_text_is_always_storable() -> None:
    data = b"!AIVDM\x00\xff,1" + b"x" * 5000
    text = raw_text(data)
    assert "\x00" not in text
    assert "\\xff" in text
    assert text.endswith(f"(cut, {len(data)} bytes)")


RECORD_TYPES = (Observation, StaticUpdate, AisReport, Rejection)
NMEA_CHARS = st.sampled_from(list(b"!$\\*,0123456789ABCDEFabcdef:;<=>?@`wVDMAIgsc-\r\n \x00\xff"))


def _assert_well_formed(records: list[object]) -> None:
    for record in records:
        assert isinstance(record, RECORD_TYPES)
        if isinstance(record, Rejection):
            assert record.reason in set(RejectReason)
            assert "\x00" not in record.raw
            assert record.message


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.binary(max_size=120), max_size=20))
def test_arbitrary_bytes_never_raise_out_of_the_stream(lines: list[bytes]) -> None:
    feed = NmeaFeed("fuzz", state())
    records = list(feed.decode(lines))
    _assert_well_formed(records)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(NMEA_CHARS, max_size=90).map(bytes), max_size=20))
def test_nmea_like_noise_never_raises_out_of_the_stream(lines: list[bytes]) -> None:
    feed = NmeaFeed("fuzz", state(live=True))
    out = [record for line in lines for record in feed.push(line, 1)] + feed.finish()
    _assert_well_formed(out)


PAYLOAD_CHARS = st.sampled_from([chr(c) for c in [*range(48, 88), *range(96, 120)]])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.text(PAYLOAD_CHARS, max_size=80),
            st.integers(0, 5),
            st.sampled_from(["1,1,", "2,1,3", "2,2,3", "3,2,1"]),
        ),
        max_size=12,
    )
)
def test_random_payloads_with_valid_checksums_never_raise(
    parts: list[tuple[str, int, str]],
) -> None:
    """Valid framing around random six-bit payloads reaches pyais's decoder."""
    lines = [sentence(f"AIVDM,{frag},A,{payload},{fill}").encode() for payload, fill, frag in parts]
    feed = NmeaFeed("fuzz", state())
    records = list(feed.decode(lines))
    _assert_well_formed(records)
    assert len(records) >= 1 or not lines
