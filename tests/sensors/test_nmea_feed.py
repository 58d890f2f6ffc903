# SPDX-License-Identifier: EUPL-1.2
"""One NMEA feed, line by line: what comes through, what is refused and why."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from straitwatch.sensors.nmea_feed import NmeaFeed
from straitwatch.sensors.observation import Observation
from straitwatch.sensors.records import AisReport, Rejection, RejectReason, StaticUpdate
from straitwatch.sensors.state import StreamState
from tests.sensors.conftest import NOW, encoded, sentence, state, tagged

T0 = datetime(2024, 8, 22, 4, 0, tzinfo=UTC).timestamp()


def reasons(records: list[object]) -> Counter[str]:
    return Counter(r.reason.value for r in records if isinstance(r, Rejection))


def test_pyais_mixed_junk_is_dead_lettered_with_reasons_and_valid_sentences_come_through(
    real_data: Path,
) -> None:
    feed = NmeaFeed("pyais_mixed.txt", state())
    records = list(feed.decode((real_data / "ais" / "pyais_mixed.txt").open("rb")))
    refused = {r.line_no: r for r in records if isinstance(r, Rejection)}
    # Other NMEA talkers, garbage, bad tag-block checksums, a bad $PGHP checksum.
    assert {n: r.reason.value for n, r in refused.items()} == {
        7: "unsupported_sentence",  # $GPGGA
        8: "unsupported_sentence",  # $GPRTE
        13: "unsupported_sentence",  # $GPR00
        14: "junk",  # foobar
        18: "unsupported_sentence",  # $IIMWV
        21: "junk",  # IamNotAnAisMessage1111
        23: "checksum",  # tag block *A
        26: "checksum",
        27: "checksum",
        30: "time_past",  # $PGHP says 2008, seven years behind the feed's clock (2015)
        35: "checksum",  # $PGHP ... *17
    }
    assert feed.read == 23  # comment and blank lines are not records
    observations = [r for r in records if isinstance(r, Observation)]
    updates = [r for r in records if isinstance(r, StaticUpdate)]
    # 4 + 2 plain sentences, the one after the 2015 tag-block group; 2 type-5 messages.
    assert len(observations) == 7
    assert [u.identity.name for u in updates] == ["EVER DIADEM", "MARE ISLAND"]
    assert all(o.mmsi for o in observations)
    tagged_update = next(u for u in updates if u.sensor_id == "b003669710")
    assert tagged_update.time == datetime(2015, 4, 9, 23, 22, 18, tzinfo=UTC)


def test_multi_sentence_messages_are_assembled_even_when_channels_interleave() -> None:
    first = encoded(
        type=5,
        mmsi=235000001,
        imo=9999999,
        callsign="MABC1",
        shipname="STRAIT TESTER",
        ship_type=70,
        to_bow=100,
        to_stern=20,
    )
    second = encoded(type=5, mmsi=235000002, shipname="CHANNEL TWO", to_bow=10, to_stern=5)
    b_first = [s.replace(",A,", ",B,").replace(",0,", ",7,", 1) for s in second]
    b_first = [sentence(s[1 : s.index("*")]) for s in b_first]
    lines = [first[0], b_first[0], first[1], b_first[1]]
    feed = NmeaFeed("rx", state())
    records = list(feed.decode(line.encode() for line in lines))
    assert [type(r) for r in records] == [StaticUpdate, StaticUpdate]
    one = records[0]
    assert isinstance(one, StaticUpdate)
    assert one.identity.name == "STRAIT TESTER"
    assert one.identity.call_sign == "MABC1"
    assert one.identity.imo == 9999999
    assert one.identity.length_m == 120.0


def test_orphaned_and_truncated_fragments_are_refused() -> None:
    parts = encoded(type=5, mmsi=235000001, shipname="STRAIT TESTER")
    feed = NmeaFeed("rx", state())
    lonely_second = list(feed.decode([parts[1].encode()]))
    assert reasons(lonely_second) == {"orphan_fragment": 1}
    feed = NmeaFeed("rx", state())
    first_only = list(feed.decode([parts[0].encode()]))
    assert reasons(first_only) == {"orphan_fragment": 1}
    assert isinstance(first_only[0], Rejection)
    assert "feed ended" in first_only[0].message


def test_the_same_sentence_from_two_receivers_is_a_duplicate_within_the_window() -> None:
    (fix,) = encoded(type=1, mmsi=235000001, lat=51.05, lon=1.45, speed=4.0, course=300)
    lines = [
        tagged(fix, T0, "rx-dover"),
        tagged(fix, T0 + 2, "rx-gris-nez"),
        tagged(fix, T0 + 60, "rx-dover"),  # the window has passed: a new report
    ]
    records = list(NmeaFeed("rx", state()).decode(lines))
    assert [type(r) for r in records] == [Observation, Rejection, Observation]
    assert reasons(records) == {"duplicate": 1}
    assert records[0].sensor_id == "rx-dover"


def test_not_available_values_are_missing_not_numbers() -> None:
    (no_motion,) = encoded(
        type=1, mmsi=235000001, lat=51.0, lon=1.5, speed=102.3, course=360, heading=511
    )
    (no_position,) = encoded(type=1, mmsi=235000002, lat=91, lon=181, speed=5.0)
    records = list(NmeaFeed("rx", state()).decode([tagged(no_motion, T0), tagged(no_position, T0)]))
    obs, report = records
    assert isinstance(obs, Observation)
    assert (obs.speed_kn, obs.course_deg, obs.heading_deg) == (None, None, None)
    assert isinstance(report, AisReport)
    assert (report.lat, report.lon) == (None, None)
    assert report.fields["note"] == "position not available"


def test_impossible_positions_are_refused() -> None:
    (null_island,) = encoded(type=1, mmsi=235000001, lat=0.0, lon=0.0)
    (beyond,) = encoded(type=18, mmsi=235000002, lat=95.0, lon=10.0)
    records = list(NmeaFeed("rx", state()).decode([tagged(null_island, T0), tagged(beyond, T0)]))
    assert reasons(records) == {"impossible_position": 2}


def test_a_jump_is_refused_and_does_not_poison_the_fixes_after_it() -> None:
    fixes = [(51.00, 1.40), (51.00, 1.41), (51.80, 3.00), (51.00, 1.42), (51.00, 1.43)]
    lines = [
        tagged(encoded(type=1, mmsi=235000001, lat=lat, lon=lon, radio=i)[0], T0 + 60 * i)
        for i, (lat, lon) in enumerate(fixes)
    ]
    records = list(NmeaFeed("rx", state()).decode(lines))
    assert [type(r).__name__ for r in records] == ["Observation"] * 2 + ["Rejection"] + [
        "Observation"
    ] * 2
    assert reasons(records) == {"impossible_speed": 1}


def test_two_agreeing_jumps_re_anchor_a_vessel_whose_first_fix_was_wrong() -> None:
    fixes = [(10.0, 10.0), (51.00, 1.40), (51.00, 1.41), (51.00, 1.42)]
    lines = [
        tagged(encoded(type=1, mmsi=235000001, lat=lat, lon=lon, radio=i)[0], T0 + 60 * i)
        for i, (lat, lon) in enumerate(fixes)
    ]
    records = list(NmeaFeed("rx", state()).decode(lines))
    assert [type(r).__name__ for r in records] == [
        "Observation",
        "Rejection",
        "Observation",
        "Observation",
    ]


def test_file_time_limits_follow_the_feed_not_the_wall_clock() -> None:
    (fix,) = encoded(type=1, mmsi=235000001, lat=51.0, lon=1.4)
    (other,) = encoded(type=1, mmsi=235000002, lat=51.0, lon=1.4)
    (third,) = encoded(type=1, mmsi=235000003, lat=51.0, lon=1.4)
    old = datetime(2010, 4, 28, tzinfo=UTC).timestamp()
    lines = [
        tagged(fix, old),  # a 2010 recording read in 2026: fine
        tagged(other, old - 400 * 86400),  # a year behind its own feed: out of place
        tagged(third, (NOW + timedelta(hours=1)).timestamp()),  # after now: impossible
    ]
    records = list(NmeaFeed("rx", state()).decode(lines))
    assert isinstance(records[0], Observation)
    assert [r.reason.value for r in records[1:] if isinstance(r, Rejection)] == [
        "time_past",
        "time_future",
    ]


def test_live_time_limits_are_relative_to_now() -> None:
    (fix,) = encoded(type=1, mmsi=235000001, lat=51.0, lon=1.4)
    (late,) = encoded(type=1, mmsi=235000002, lat=51.0, lon=1.4)
    live = NmeaFeed("udp", state(live=True), live=True)
    fresh = live.push(tagged(fix, NOW.timestamp() - 30), 1)
    stale = live.push(tagged(late, NOW.timestamp() - 2 * 3600), 2)
    untimed = live.push(late.encode(), 3)
    assert isinstance(fresh[0], Observation)
    assert reasons(stale) == {"time_past": 1}
    assert isinstance(untimed[0], Observation)
    assert untimed[0].time == NOW  # stamped on arrival


def test_untimed_file_lines_take_the_start_time_and_then_the_last_receive_time() -> None:
    (a,) = encoded(type=1, mmsi=235000001, lat=51.0, lon=1.4)
    (b,) = encoded(type=1, mmsi=235000002, lat=51.0, lon=1.4)
    start = datetime(2024, 8, 22, 3, 0, tzinfo=UTC)
    shared = StreamState(state().policy, state().clock, start=start)
    records = list(NmeaFeed("rx", shared).decode([a.encode(), tagged(b, T0), a.encode()]))
    received = datetime.fromtimestamp(T0, UTC)
    assert [r.time for r in records] == [start, received, received]


def test_uscg_receive_times_and_stations_are_read(real_data: Path) -> None:
    feed = NmeaFeed("libais_test.aivdm", state())
    records = list(feed.decode((real_data / "ais" / "libais_test.aivdm").open("rb")))
    kept = [r for r in records if not isinstance(r, Rejection)]
    assert len(kept) > 200
    earliest, latest = datetime(2010, 4, 28, tzinfo=UTC), datetime(2010, 5, 4, tzinfo=UTC)
    assert all(earliest <= r.time < latest for r in kept)
    assert {r.sensor_id[0] for r in kept} <= {"r", "b"}
    assert reasons(records).keys() <= {"duplicate", "undecodable"}


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4B", "checksum"),
        (b"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0", "malformed"),
        (sentence("AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ").encode(), "malformed"),
        (sentence("AIVDM,3,4,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0").encode(), "malformed"),
        (sentence("AIVDM,1,1,,A,15RT{}0PAso;90TKcjM8h6g208CQ,0").encode(), "undecodable"),
        (sentence("AIVDM,1,1,,A,15RTgt0P,0").encode(), "undecodable"),
        (sentence("AIALR,1,1,,A,x,0").encode(), "unsupported_sentence"),
        (b"\\s:rx,c:1724299800*7B!AIVDM", "junk"),
    ],
)
def test_each_kind_of_bad_sentence_gets_its_reason(line: bytes, reason: str) -> None:
    (record,) = NmeaFeed("rx", state()).decode([line])
    assert isinstance(record, Rejection)
    assert record.reason == RejectReason(reason)
    assert record.where == "rx:1"
