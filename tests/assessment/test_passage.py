# SPDX-License-Identifier: EUPL-1.2
"""departure, crossing and landing on hand-built tracks."""

from __future__ import annotations

from straitwatch.assessment import Alert, AlertType, Assessor
from straitwatch.tracking.track import TrackClass, TrackUpdate
from tests.assessment.tracks import T0, leg, then

WIMEREUX_BEACH = (50.7685, 1.6040)


def run(updates: list[TrackUpdate], assessor: Assessor | None = None) -> list[Alert]:
    assessor = assessor or Assessor()
    raised: list[Alert] = []
    for u in updates:  # one update per step, as a live feed would
        raised += assessor.step([u]).raised
    return raised


def of(alerts: list[Alert], type_: AlertType) -> list[Alert]:
    return [a for a in alerts if a.type is type_]


def test_a_dark_boat_leaving_wimereux_raises_one_departure_within_minutes() -> None:
    alerts = run(leg("T1", WIMEREUX_BEACH, 295, 5.0, 20))
    [dep] = of(alerts, AlertType.DEPARTURE)
    assert (dep.time - T0).total_seconds() <= 120
    assert dep.detail["sector"] == "FR-WIM"
    assert dep.routed_to == ("PREMAR", "CROSSGN", "UKBF")
    assert dep.track_id == "T1"
    assert "Wimereux" in dep.summary


def test_no_departure_for_a_boat_heading_in_an_ais_ship_or_a_track_first_seen_offshore() -> None:
    towards_beach = leg("T1", (50.770, 1.560), 95, 5.0, 10)  # comes in to Wimereux
    ais_ferry = leg("T2", (50.975, 1.80), 320, 15.0, 10, cls=TrackClass.AIS_VESSEL, mmsi=227000001)
    offshore = leg("T3", (50.80, 1.45), 295, 5.0, 10)  # 10 km out
    alongshore = leg("T4", WIMEREUX_BEACH, 5, 5.0, 10)  # along the beach, not out to sea
    alerts = run(towards_beach + ais_ferry + offshore + alongshore)
    assert of(alerts, AlertType.DEPARTURE) == []


def test_no_departure_from_a_harbour_mouth() -> None:
    boulogne_harbour = (50.7290, 1.5870)
    assert of(run(leg("T1", boulogne_harbour, 280, 5.0, 10)), AlertType.DEPARTURE) == []


def test_a_small_boat_crossing_the_median_line_gets_an_eta_to_the_uk_coast() -> None:
    # From Sangatte towards Dover at 6 kn: the median is ~15 km out.
    track = leg("T7", (50.952, 1.775), 318, 6.0, 120, dt_s=20)
    alerts = run(track)
    assert len(of(alerts, AlertType.DEPARTURE)) == 1
    [cross] = of(alerts, AlertType.CROSSING)
    assert cross.detail["boundary"] == "median_line"
    assert cross.routed_to == ("UKBF", "HMCG")
    assert cross.detail["landfall"]["sector"] in {"UK-DOV", "UK-FOL", "UK-DEA"}
    eta_s = cross.detail["eta_s"]
    # Straight-line ETA is distance / speed: between 1 and 3 hours at 6 kn from mid-Strait.
    assert 3600 / 2 < eta_s < 3 * 3600
    assert "ETA" in cross.summary


def test_a_tracker_classed_small_boat_first_seen_at_sea_still_crosses() -> None:
    track = leg("T8", (50.90, 1.30), 330, 5.0, 60, dt_s=30, cls=TrackClass.SMALL_BOAT)
    alerts = run(track)
    assert of(alerts, AlertType.DEPARTURE) == []
    assert len(of(alerts, AlertType.CROSSING)) == 1


def test_a_dark_ship_crossing_the_median_is_not_a_small_boat_crossing() -> None:
    track = leg("T9", (50.90, 1.50), 315, 14.0, 30, dt_s=20)
    assert of(run(track), AlertType.CROSSING) == []


def test_a_small_boat_reaching_dungeness_lands_once() -> None:
    start = (50.86, 0.99)  # 6 km south of Dungeness
    track = leg("T10", start, 350, 4.0, 60, dt_s=20, cls=TrackClass.SMALL_BOAT)
    alerts = run(track)
    [landed] = of(alerts, AlertType.LANDING)
    assert landed.detail["sector"] in {"UK-DUN", "UK-DYM", "UK-RYE"}
    assert landed.routed_to == ("UKBF", "HMCG")


def test_one_open_alert_per_track_and_type_until_it_is_closed() -> None:
    assessor = Assessor()
    first = leg("T1", WIMEREUX_BEACH, 295, 5.0, 10)
    [dep] = of(run(first, assessor), AlertType.DEPARTURE)
    # The same track re-seen is still the same departure...
    assert of(run(then(first, 295, 5.0, 5)[len(first) :], assessor), AlertType.DEPARTURE) == []
    # ...until the alert is resolved; the rule may then raise again for a new start.
    assert assessor.close(dep.alert_id)
    assert dep.alert_id not in {a.alert_id for a in assessor.open_alerts()}
