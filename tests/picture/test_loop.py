# SPDX-License-Identifier: EUPL-1.2
"""One batch → track → assess loop (``straitwatch.picture.loop``) for the live feed, the
replay on the server, the stages over NATS and the command line's replay."""

from __future__ import annotations

import pickle
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import straitwatch
from straitwatch.picture.loop import PictureLoop
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.tracking import TrackerConfig

SRC = Path(straitwatch.__file__).parent
T0 = datetime(2024, 8, 22, 4, 0, tzinfo=UTC)


def _plot(t_s: float, lon: float, lat: float = 51.0) -> Observation:
    return Observation(
        T0 + timedelta(seconds=t_s), "radar-dover", ObservationKind.RADAR, lat, lon, 15.0
    )


def test_only_the_loop_steps_the_assessment_rules() -> None:
    """Outside their own packages, the assessment rules are stepped in one module: a
    second loop (as the live feed, the replay and the CLI each had) fails here."""
    rules = re.compile(r"\b(BehaviourMonitor|SensorHealth)\(|assessor\.step\(|Assessor\(\)")
    where = {
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if p.parts[-2] not in ("assessment", "behaviour") and rules.search(p.read_text("utf-8"))
    }
    assert where == {"picture/loop.py"}


def test_a_restored_tracker_reports_to_the_loop_that_restored_it() -> None:
    """A tracker from a checkpoint (a pickle) hands its late updates and refusals to the
    loop it is put in, not to the lists of the process that saved it."""
    first = PictureLoop(TrackerConfig(reorder_window_s=1.0))
    for k in range(30):
        first.step([_plot(2.0 * k, 1.5 + k * 1e-4)], T0 + timedelta(seconds=2.0 * k))
    second = PictureLoop(TrackerConfig(reorder_window_s=1.0))
    second.tracker = pickle.loads(pickle.dumps(first.tracker))
    late = _plot(20.0, 1.5 + 10 * 1e-4)  # 40 s late, on the track
    stray = _plot(20.0, 1.9, lat=51.2)  # 40 s late, near nothing
    turn = second.step([late, stray], T0 + timedelta(seconds=62))
    assert [u.time for u in turn.updates if "late" in u.flags] == [late.time]
    assert [r.observation for r in second.take_refused()] == [stray]
    assert second.take_refused() == []
