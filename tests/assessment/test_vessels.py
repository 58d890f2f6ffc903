# SPDX-License-Identifier: EUPL-1.2
"""dark_contact and identity_mismatch."""

from __future__ import annotations

from straitwatch.assessment import AlertType
from straitwatch.tracking.track import TrackClass
from tests.assessment.test_passage import of, run
from tests.assessment.tracks import NOON, leg


def test_a_dark_ship_in_the_south_west_lane_is_a_dark_contact() -> None:
    track = leg("T1", (51.05, 1.45), 225, 14.0, 10, t0=NOON)
    [dark] = of(run(track), AlertType.DARK_CONTACT)
    assert (dark.time - NOON).total_seconds() >= 120
    assert dark.detail["lane"] == "TSS-SW"
    assert "HMCG" in dark.routed_to  # SAR region's coordinator runs the VTS (CNIS Dover)


def test_no_dark_contact_far_from_the_lanes_slow_or_with_ais() -> None:
    thames = leg("T1", (51.55, 1.20), 270, 14.0, 10, t0=NOON)
    slow = leg("T2", (51.05, 1.45), 225, 4.0, 10, t0=NOON)
    ais = leg(
        "T3", (51.05, 1.45), 225, 14.0, 10, t0=NOON, cls=TrackClass.AIS_VESSEL, mmsi=235000001
    )
    assert of(run(thames + slow + ais), AlertType.DARK_CONTACT) == []


def test_identity_mismatch_flag_raises_one_alert() -> None:
    track = leg(
        "T1",
        (51.00, 1.55),
        45,
        12.0,
        5,
        t0=NOON,
        cls=TrackClass.AIS_VESSEL,
        mmsi=235000002,
        flags=("identity_mismatch",),
    )
    [alert] = of(run(track), AlertType.IDENTITY_MISMATCH)
    assert alert.detail["mmsi"] == 235000002
    assert alert.routed_to in {("UKBF",), ("PREMAR",)}
