# SPDX-License-Identifier: EUPL-1.2
"""The behaviour rules on hand-made positions: each finds what it should, at the
thresholds of its preset, and nothing on ordinary traffic; chunking changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from straitwatch.behaviour import Detector, Positions, preset
from straitwatch.behaviour.preset import Preset
from straitwatch.geo.projection import KNOT_MPS, to_metric

A, B, C, D = 235_000_001, 235_000_002, 235_000_007, 235_000_003
T0 = datetime(2022, 8, 22, tzinfo=UTC).timestamp()
# 58 km offshore, west of the Channel Islands' latitude (GFW's offshore rules apply).
OPEN_SEA = (-300_000.0, -100_000.0)


def track(
    vessel: int,
    t_s: np.ndarray,
    x0: float,
    y0: float,
    *,
    east_kn: float = 0.0,
    north_kn: float = 0.0,
    sog_kn: float | None = None,
) -> Positions:
    x = x0 + east_kn * KNOT_MPS * (t_s - t_s[0])
    y = y0 + north_kn * KNOT_MPS * (t_s - t_s[0])
    speed = np.full(t_s.size, np.hypot(east_kn, north_kn) if sog_kn is None else sog_kn)
    return Positions.from_metric(np.full(t_s.size, vessel), t_s, x, y, speed)


def run(
    p: Positions, the_preset: Preset, chunks: int = 1, only: str | None = None
) -> list[tuple[str, tuple[str, ...]]]:
    detector = Detector(the_preset)
    order = np.argsort(p.t_s, kind="stable")
    events = []
    for part in np.array_split(order, chunks):
        events += detector.step(p.take(part).sorted())
    events += detector.flush()
    return sorted((str(e.type), e.vessels) for e in events if only in (None, str(e.type)))


def minutes(a: float, b: float, every_s: float = 60.0) -> np.ndarray:
    return np.arange(T0 + a * 60, T0 + b * 60, every_s)


@pytest.mark.parametrize("chunks", [1, 7])
def test_encounter_two_slow_vessels_side_by_side_for_three_hours(chunks: int) -> None:
    t = minutes(0, 180)
    p = Positions.concat(
        [
            track(A, t, *OPEN_SEA, north_kn=0.5),
            track(B, t, OPEN_SEA[0] + 300, OPEN_SEA[1], north_kn=0.5),
        ]
    ).sorted()
    assert run(p, preset("gfw"), chunks, only="encounter") == [
        ("encounter", ("MMSI 235000001", "MMSI 235000002"))
    ]


def test_no_encounter_when_too_short_too_fast_too_far_or_at_anchorage() -> None:
    gfw = preset("gfw")
    short = minutes(0, 100)
    long = minutes(0, 180)
    x, y = OPEN_SEA
    cases = [
        [track(A, short, x, y, north_kn=0.5), track(B, short, x + 300, y, north_kn=0.5)],
        [track(A, long, x, y, north_kn=6), track(B, long, x + 300, y, north_kn=6)],
        [track(A, long, x, y, north_kn=0.5), track(B, long, x + 800, y, north_kn=0.5)],
    ]
    dover_x, dover_y = to_metric([51.10], [1.36])  # 2 km off Dover harbour
    near = (float(dover_x[0]), float(dover_y[0]))
    cases.append([track(A, long, *near), track(B, long, near[0] + 200, near[1])])
    for parts in cases:
        assert run(Positions.concat(parts).sorted(), gfw, only="encounter") == []


def test_channel_encounter_needs_a_dark_party() -> None:
    channel = preset("channel")
    x, y = (float(v[0]) for v in to_metric([50.93], [1.50]))  # off Cap Gris-Nez
    t = minutes(0, 40)
    ais = [track(A, t, x, y, north_kn=0.3), track(B, t, x + 100, y, north_kn=0.3)]
    assert run(Positions.concat(ais).sorted(), channel) == []
    dark = [track(A, t, x, y, north_kn=0.3), track(-1, t, x + 100, y, north_kn=0.3)]
    assert run(Positions.concat(dark).sorted(), channel) == [
        ("encounter", ("track 1", "MMSI 235000001"))
    ]


@pytest.mark.parametrize("chunks", [1, 5])
def test_loitering_offshore_over_two_hours_only(chunks: int) -> None:
    gfw = preset("gfw")
    assert run(track(C, minutes(0, 150), *OPEN_SEA, north_kn=1.0), gfw, chunks) == [
        ("loitering", ("MMSI 235000007",))
    ]
    assert run(track(C, minutes(0, 100), *OPEN_SEA, north_kn=1.0), gfw, chunks) == []
    assert run(track(C, minutes(0, 150), *OPEN_SEA, north_kn=3.0), gfw, chunks) == []
    # Mid-Strait is never 20 nm from shore.
    assert run(track(C, minutes(0, 150), 0.0, 0.0, north_kn=1.0), gfw, chunks) == []


def test_gap_and_switch_off() -> None:
    gfw = preset("gfw")
    x, y = (float(v[0]) for v in to_metric([48.9], [-7.0]))  # 60 nm out
    before, after = minutes(0, 60), minutes(60 + 13 * 60, 60 + 14 * 60)
    p = Positions.concat(
        [track(D, before, x, y, east_kn=8), track(D, after, x, y, east_kn=8)]
    ).sorted()
    assert run(p, gfw) == [
        ("ais_gap", ("MMSI 235000003",)),
        ("ais_switch_off", ("MMSI 235000003",)),
    ]
    # Seven hours is a gap, not a switch-off; so is thirteen hours mid-Strait.
    p = Positions.concat(
        [track(D, before, x, y, east_kn=8), track(D, minutes(480, 540), x, y, east_kn=8)]
    ).sorted()
    assert run(p, gfw) == [("ais_gap", ("MMSI 235000003",))]
    p = Positions.concat(
        [track(D, before, 0, 0, east_kn=8), track(D, after, 0, 0, east_kn=8)]
    ).sorted()
    assert run(p, gfw) == [("ais_gap", ("MMSI 235000003",))]
    # Poor reception before (a report an hour): not a likely switch-off.
    sparse = minutes(0, 300, every_s=3600)
    p = Positions.concat(
        [track(D, sparse, x, y, east_kn=8), track(D, minutes(1200, 1260), x, y, east_kn=8)]
    ).sorted()
    assert run(p, gfw) == [("ais_gap", ("MMSI 235000003",))]
    # Steady reports: nothing.
    assert run(track(D, minutes(0, 600), x, y, east_kn=8), gfw) == []


def test_one_mmsi_in_two_places_and_an_impossible_jump() -> None:
    gfw = preset("gfw")
    t = minutes(0, 30)
    x = np.where(np.arange(t.size) % 2 == 0, 0.0, 20_000.0)
    twins = Positions.from_metric(
        np.full(t.size, 235_000_001), t, x, np.zeros(t.size), np.zeros(t.size)
    )
    assert run(twins, gfw) == [("identity_conflict", ("MMSI 235000001",))]
    jump = Positions.concat(
        [track(235_000_002, minutes(0, 30), 0, 0), track(235_000_002, minutes(31, 60), 30_000, 0)]
    ).sorted()
    assert run(jump, gfw, chunks=3) == [("impossible_kinematics", ("MMSI 235000002",))]


def test_position_on_land_but_not_in_a_harbour_basin() -> None:
    kent_x, kent_y = (float(v[0]) for v in to_metric([51.20], [0.85]))
    assert run(track(235_000_003, minutes(0, 10), kent_x, kent_y), preset("gfw")) == [
        ("position_on_land", ("MMSI 235000003",))
    ]
    port_x, port_y = (float(v[0]) for v in to_metric([51.116], [1.33]))  # Dover harbour
    assert run(track(235_000_003, minutes(0, 10), port_x, port_y), preset("gfw")) == []


def test_invalid_mmsi_and_imo() -> None:
    from straitwatch.sensors.observation import Identity

    detector = Detector(preset("gfw"))
    detector.identify(Identity(mmsi=235_000_004, imo=9074728))
    p = Positions.concat(
        [track(235_000_004, minutes(0, 5), 0, 0), track(99_000_001, minutes(0, 5), 0, 5000)]
    )
    events = detector.step(p.sorted()) + detector.flush()
    assert sorted((e.rule, e.vessels) for e in events) == [
        ("invalid_imo", ("MMSI 235000004",)),
        ("invalid_mmsi", ("MMSI 99000001",)),
    ]
    assert {str(e.type) for e in events} == {"identity_conflict"}


def test_speed_over_ground_that_the_positions_beat() -> None:
    liar = track(235_000_005, minutes(0, 30), 0, 0, east_kn=12.0, sog_kn=0.0)
    assert run(liar, preset("channel")) == [("identity_mismatch", ("MMSI 235000005",))]
    # A pilot boat circling at 15 kn makes good less than it sails: fine.
    t = minutes(0, 30, every_s=10)
    angle = (t - t[0]) / 120.0
    circle = Positions.from_metric(
        np.full(t.size, 235_000_006),
        t,
        300 * np.cos(angle),
        300 * np.sin(angle),
        np.full(t.size, 15.0),
    )
    assert run(circle, preset("channel")) == []


def test_every_event_names_its_rule_thresholds_and_evidence() -> None:
    t = minutes(0, 180)
    p = Positions.concat([track(A, t, *OPEN_SEA), track(B, t, OPEN_SEA[0] + 300, OPEN_SEA[1])])
    detector = Detector(preset("gfw"))
    (event,) = [e for e in detector.step(p.sorted()) + detector.flush() if e.rule == "encounter"]
    out = event.to_json()
    assert out["thresholds"]["max_distance_m"] == 500
    assert out["thresholds"]["min_duration_s"] == 7200
    assert out["evidence"]["closest_m"] <= 320
    assert out["evidence"]["first"]["time"].startswith("2022-08-22T00:00")
    assert out["mmsi"] == [A, B]
    assert event.duration_s == pytest.approx(3 * 3600, abs=600)
