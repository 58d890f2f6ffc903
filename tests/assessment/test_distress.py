# SPDX-License-Identifier: EUPL-1.2
"""distress: scored factors, routing to the SAR coordinators, never held back."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from straitwatch.assessment import Alert, AlertType, Assessor, SeaState, Weather, rules_config
from straitwatch.errors import ConfigurationError
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.tracking.track import TrackClass, TrackStatus, TrackUpdate
from tests.assessment.test_passage import of, run
from tests.assessment.tracks import NOON, T0, leg, then


def sighting(
    kind: str, lat: float, lon: float, minutes: float, persons: int | None = None, t0=T0
) -> Observation:
    return Observation(
        time=t0 + timedelta(minutes=minutes),
        sensor_id="drone-fr-07",
        kind=ObservationKind.SIGHTING,
        lat=lat,
        lon=lon,
        sigma_m=25.0,
        attributes={
            "sighting_kind": kind,
            "persons_estimate": persons,
            "reporting_unit": "Gendarmerie maritime Calais",
        },
    )


def test_engine_failure_at_sea_raises_distress_within_minutes_routed_to_the_coastguard() -> None:
    underway = leg("T1", (50.80, 1.45), 300, 5.0, 20, cls=TrackClass.SMALL_BOAT)
    failed_at = underway[-1].time
    drifting = then(underway, 45, 0.8, 15)  # engine dead, carried by the tide
    alerts = run(drifting)
    [d] = of(alerts, AlertType.DISTRESS)
    assert (d.time - failed_at).total_seconds() <= 240
    assert "stopped_or_drifting" in d.detail["factors"]
    assert d.detail["risk_score"] >= rules_config().distress.alert_score
    assert d.routed_to[0] == "CROSSGN"  # French SAR region, off Boulogne
    assert d.severity == "critical"


def test_near_the_sar_boundary_distress_reaches_both_coordination_centres() -> None:
    underway = leg("T2", (50.96, 1.42), 320, 5.0, 10, cls=TrackClass.SMALL_BOAT)
    [d] = of(run(then(underway, 45, 0.5, 5)), AlertType.DISTRESS)
    assert set(d.routed_to) >= {"HMCG", "CROSSGN"}


def test_overcrowding_and_night_alone_do_not_make_a_distress() -> None:
    crowded = leg("T3", (50.80, 1.45), 300, 5.0, 30, cls=TrackClass.SMALL_BOAT, persons=70)
    assert of(run(crowded), AlertType.DISTRESS) == []


def test_context_raises_the_score_of_an_open_distress_instead_of_a_second_alert() -> None:
    weather = Weather((SeaState(T0 - timedelta(hours=1), 1.8, 24.0),))
    assessor = Assessor(weather=weather)
    underway = leg("T4", (50.80, 1.45), 300, 5.0, 10, cls=TrackClass.SMALL_BOAT)
    drifting = then(underway, 45, 0.6, 10)
    raised = run(drifting, assessor)
    [d] = of(raised, AlertType.DISTRESS)
    assert {"stopped_or_drifting", "night", "poor_sea_state"} <= set(d.detail["factors"])
    # Persons now seen in the water next to it: same alert, higher score.
    last = drifting[-1]
    minutes = (last.time - T0).total_seconds() / 60
    seen = assessor.step([], [sighting("persons_in_water", last.lat, last.lon, minutes, 6)])
    assert seen.raised == []  # about the boat's own track: no separate alert
    out = assessor.step([then(drifting, 45, 0.6, 0.5)[-1]])
    assert out.raised == []
    [upd] = [a for a in out.updated if a.type is AlertType.DISTRESS]
    assert upd.alert_id == d.alert_id
    assert upd.detail["risk_score"] > d.detail["risk_score"]
    assert "persons_in_water" in upd.detail["factors"]


def test_persons_in_the_water_with_no_track_raise_one_alert_per_cluster() -> None:
    assessor = Assessor()
    first = assessor.step([], [sighting("persons_in_water", 50.95, 1.40, 0, persons=4)])
    [d] = first.raised
    assert d.track_id is None
    assert d.type is AlertType.DISTRESS
    assert set(d.routed_to) == {"HMCG", "CROSSGN"}
    assert "Gendarmerie maritime Calais" in d.summary
    # Another report 500 m away ten minutes later, more persons: an update, not a new alert.
    again = assessor.step([], [sighting("persons_in_water", 50.954, 1.40, 10, persons=9)])
    assert again.raised == []
    assert again.updated[0].alert_id == d.alert_id
    assert again.updated[0].detail["persons_estimate"] == 9
    # Far away: a second, separate alert.
    far = assessor.step([], [sighting("persons_in_water", 50.60, 1.30, 12)])
    assert len(far.raised) == 1


def test_a_drifting_dark_contact_not_known_as_a_small_boat_is_not_distress() -> None:
    anchored = leg("T5", (50.70, 1.20), 90, 6.0, 5, t0=NOON)
    assert of(run(then(anchored, 0, 0.3, 10)), AlertType.DISTRESS) == []


def test_a_rules_file_cannot_route_distress_away_from_the_coastguard() -> None:
    cfg = rules_config()
    with pytest.raises((ConfigurationError, ValueError), match="@sar"):
        cfg.with_changes(distress={"routed_to": ["UKBF"]})


def _steps(updates: list[TrackUpdate], assessor: Assessor) -> tuple[list[Alert], list[Alert]]:
    raised: list[Alert] = []
    updated: list[Alert] = []
    for u in updates:
        out = assessor.step([u])
        raised += out.raised
        updated += out.updated
    return raised, updated


def test_an_update_keeps_where_and_when_the_alert_was_raised() -> None:
    assessor = Assessor()
    drifting = then(leg("T7", (50.80, 1.45), 300, 5.0, 10, cls=TrackClass.SMALL_BOAT), 45, 0.6, 10)
    raised, updated = _steps(drifting, assessor)
    [d] = of(raised, AlertType.DISTRESS)
    last = drifting[-1]
    seen = sighting("persons_in_water", last.lat, last.lon, (last.time - T0).total_seconds() / 60)
    assessor.step([], [seen])
    later = then(drifting, 45, 0.6, 5)[len(drifting) :]
    _, updated = _steps(later, assessor)
    [upd] = updated  # the score rose once: persons in the water
    assert "persons_in_water" in upd.detail["factors"]
    assert (upd.time, upd.lat, upd.lon) == (d.time, d.lat, d.lon)
    position = upd.detail["last_position"]
    assert position["time"] == later[0].time.isoformat()
    assert (position["lat"], position["lon"]) == (round(later[0].lat, 6), round(later[0].lon, 6))


def test_a_boat_that_stops_makes_way_again_and_stops_again_raises_a_second_distress() -> None:
    assessor = Assessor()
    underway = leg("T8", (50.80, 1.45), 300, 5.0, 20, cls=TrackClass.SMALL_BOAT)
    stalled = then(underway, 45, 0.8, 6)
    going = then(stalled, 300, 5.0, 10)
    failed_at = going[-1].time
    adrift = then(going, 45, 0.8, 10)
    raised, updated = _steps(adrift, assessor)
    first, second = of(raised, AlertType.DISTRESS)
    assert first.time < failed_at < second.time
    assert (second.time - failed_at).total_seconds() <= 240
    # The first alert was told the boat made way again before the second was raised.
    [over] = [a for a in updated if a.alert_id == first.alert_id and "under_way_again" in a.detail]
    assert first.time < datetime.fromisoformat(over.detail["under_way_again"]) < failed_at
    # One stop, one alert: drifting on raises nothing more.
    more, _ = _steps(then(adrift, 45, 0.8, 10)[len(adrift) :], assessor)
    assert of(more, AlertType.DISTRESS) == []


def test_a_drifting_boat_keeps_its_one_alert() -> None:
    underway = leg("T9", (50.80, 1.45), 300, 5.0, 20, cls=TrackClass.SMALL_BOAT)
    assert len(of(run(then(underway, 45, 1.2, 60)), AlertType.DISTRESS)) == 1


def test_a_track_started_beside_a_small_boat_before_its_track_ended_takes_it_over() -> None:
    # The boat's own track lags (the radar's plots fell outside its gate) and a second,
    # anonymous dark track starts on the plots a minute before the first one ends.
    boat = leg("T10", (50.80, 1.45), 300, 5.0, 20, cls=TrackClass.SMALL_BOAT)
    t10_end = replace(
        boat[-1], status=TrackStatus.ENDED, time=boat[-1].time + timedelta(seconds=60)
    )
    fresh = leg(
        "T11",
        (boat[-1].lat, boat[-1].lon),
        300,
        5.0,
        2,
        t0=boat[-1].time + timedelta(seconds=10),
        cls=TrackClass.DARK_CONTACT,
    )
    failed_at = fresh[-1].time
    adrift = then(fresh, 45, 0.8, 10)
    stream = sorted([*boat, t10_end, *adrift], key=lambda u: (u.time, u.track_id))
    [d] = of(run(stream), AlertType.DISTRESS)
    assert d.track_id == "T11"
    assert (d.time - failed_at).total_seconds() <= 240
