# SPDX-License-Identifier: EUPL-1.2
"""simulate → replay → evaluate: the rules find the boats the simulator launched."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

import pytest

from straitwatch.assessment import Alert
from straitwatch.sim import evaluate, replay, scenario_config, simulate, tracker_config_for
from straitwatch.tracking import Tracker


@pytest.fixture(scope="module")
def failing_boats(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two and a half hours of the busy night with only small boats, every one of which
    loses its engine 30–50 minutes out (no ships: this is about the boats)."""
    base = scenario_config()
    cfg = base.model_copy(
        update={
            "traffic": base.traffic.model_copy(update={"merchant_per_day": 0, "ferries": []}),
            "small_boats": base.small_boats.model_copy(
                update={
                    "outcome_weights": {"intercepted": 0.0, "landed": 0.0, "rescued": 1.0},
                    "prevented_per_arrival": 0.0,
                    "engine_failure_after_min": (30.0, 50.0),
                }
            ),
        }
    )
    out = tmp_path_factory.mktemp("failing")
    simulate(date(2022, 8, 22), out, seed=3, start=time(2, 0), hours=2.5, cfg=cfg)
    # Radar and sightings only: the rescuers' AIS adds nothing to what is tested here.
    (out / "ais.nmea").unlink()
    return out


def test_replay_raises_departures_and_distress_that_evaluate_matches(failing_boats: Path) -> None:
    alerts: list[Alert] = []
    summary = replay(
        failing_boats, on_alert=lambda a, kind: alerts.append(a) if kind == "raised" else None
    )
    assert summary.observations > 1_000
    with (failing_boats / "alerts.jsonl").open("w") as handle:
        for a in alerts:
            handle.write(json.dumps(a.to_json()) + "\n")
    report = evaluate(failing_boats)
    dep, dis = report["departures"], report["distress"]
    assert dep["boats"] >= 3
    assert dep["share_alerted"] >= 0.9, dep
    assert dep["median_launch_to_alert_s"] <= 180, dep
    assert dis["events"] >= 2
    assert dis["share_alerted"] == 1.0, dis
    assert report["false_alerts"]["by_type"].get("departure", 0) == 0
    distress = [a for a in alerts if a.type == "distress"]
    assert all("CROSSGN" in a.routed_to or "HMCG" in a.routed_to for a in distress)


def test_the_json_line_carries_the_fields_of_the_issue(failing_boats: Path) -> None:
    line = (failing_boats / "alerts.jsonl").read_text().splitlines()[0]
    item = json.loads(line)
    assert {"alert_id", "type", "time", "lat", "lon", "track_id", "severity", "routed_to"} <= set(
        item
    )


def test_replay_uses_the_tracker_it_is_given(failing_boats: Path) -> None:
    # A fresh tracker has no tracks (len 0, falsy): it must still be the one used.
    tracker = Tracker(tracker_config_for(failing_boats), id_prefix="Z")
    ids: set[str] = set()
    replay(failing_boats, tracker=tracker, on_updates=lambda us: ids.update(u.track_id for u in us))
    assert ids
    assert all(i.startswith("Z") for i in ids)
