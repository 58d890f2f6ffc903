"""distress: scored factors, routing to the SAR coordinators, never held back."""

from __future__ import annotations

from datetime import timedelta

import pytest

from straitwatch.assessment import AlertType, Assessor, SeaState, Weather, rules_config
from straitwatch.errors import ConfigurationError
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.tracking.track import TrackClass
from tests.assessment.test_passage import of, run
from tests.assessment.tracks import NOON, T0, leg, then


def sighting(kind: str, lat: float, lon: float, minutes: float, persons: int | None = None,
             t0=T0) -> Observation:  # fmt: skip
    return Observation(
        time=t0 + timedelta(minutes=minutes), sensor_id="drone-fr-07",
        kind=ObservationKind.SIGHTING, lat=lat, lon=lon, sigma_m=25.0,
        attributes={"sighting_kind": kind, "persons_estimate": persons,
                    "reporting_unit": "Gendarmerie maritime Calais"},
    )  # fmt: skip


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
