# SPDX-License-Identifier: EUPL-1.2
"""Presets are data, validated when loaded; events become routed alerts, raised while an
encounter goes on and updated when it ends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import yaml

from straitwatch.assessment.alert import AlertType
from straitwatch.behaviour import PRESETS, BehaviourMonitor, EventType, load_preset, preset
from straitwatch.errors import ConfigurationError, InvalidInput
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.tracking.track import TrackClass, TrackStatus, TrackUpdate


def test_both_presets_load_and_route_every_event_type() -> None:
    for name in PRESETS:
        p = preset(name)
        assert set(p.alerts) == set(EventType)
        assert {str(t) for t in EventType} <= {str(t) for t in AlertType}
    assert preset("gfw").ais_gap.min_gap_s == 6 * 3600
    assert preset("gfw").ais_switch_off.where.min_from_shore_m == pytest.approx(50 * 1852)
    assert preset("channel").encounter.require_dark


def test_a_bad_preset_is_refused_naming_the_field() -> None:
    from importlib import resources

    doc = yaml.safe_load(
        resources.files("straitwatch.behaviour").joinpath("data/gfw.yaml").read_text()
    )
    doc["encounter"]["max_distance_m"] = -5
    with pytest.raises(ConfigurationError, match="max_distance_m"):
        load_preset(yaml.safe_dump(doc), source="bad.yaml")
    doc = yaml.safe_load(
        resources.files("straitwatch.behaviour").joinpath("data/gfw.yaml").read_text()
    )
    doc["alerts"]["encounter"]["routed_to"] = ["NOBODY"]
    with pytest.raises(ConfigurationError, match="NOBODY"):
        load_preset(yaml.safe_dump(doc), source="bad.yaml")
    with pytest.raises(InvalidInput, match="unknown preset"):
        preset("nope")


def test_monitor_raises_an_ongoing_encounter_then_updates_it_when_it_ends() -> None:
    monitor = BehaviourMonitor(preset("channel"), every_s=60.0)
    t0 = datetime(2022, 8, 22, 2, 0, tzinfo=UTC)
    lat0, lon0 = 50.93, 1.50  # off Cap Gris-Nez, at night
    raised, updated = [], []
    for k in range(0, 70):
        now = t0 + timedelta(minutes=k)
        together = k < 45
        dlon = 0.001 if together else 0.001 + 0.004 * (k - 45)
        ais = Observation(
            now, "rx", ObservationKind.AIS, lat0, lon0, 10.0, speed_kn=0.3, mmsi=235_000_001
        )
        dark = TrackUpdate(
            "T9",
            now,
            lat0,
            lon0 + dlon,
            0.3 if together else 6.0,
            90.0,
            30.0,
            TrackStatus.CONFIRMED,
            TrackClass.DARK_CONTACT,
        )
        r, u = monitor.step([dark], [ais], now)
        raised += r
        updated += u
    (alert,) = [a for a in raised if a.type is AlertType.ENCOUNTER]
    assert alert.detail["end"] is None
    assert alert.track_id == "T9+MMSI 235000001"
    assert set(alert.routed_to) >= {"UKBF", "PREMAR"}
    assert alert.detail["thresholds"]["max_distance_m"] == 200
    (done,) = [a for a in updated if a.type is AlertType.ENCOUNTER]
    assert done.alert_id == alert.alert_id and done.detail["end"] is not None
