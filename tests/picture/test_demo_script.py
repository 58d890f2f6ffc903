# SPDX-License-Identifier: EUPL-1.2
"""The demo's replay built from the scenario simulator: real sensors, cached, tracked."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from straitwatch.picture.demo_script import simulated_demo, solent_ais
from straitwatch.sensors.observation import ObservationKind
from straitwatch.tracking import Tracker


def test_simulated_window_is_cached_and_tracks(tmp_path: Path) -> None:
    solent = solent_ais()[:500]
    demo = simulated_demo(date(2022, 8, 22), tmp_path, start=time(1, 30), hours=1.0, ais=solent)
    assert demo.folder.parent == tmp_path
    kinds = {o.kind for o in demo.script.observations}
    assert {ObservationKind.RADAR, ObservationKind.AIS} <= kinds
    times = [o.time for o in demo.script.observations]
    assert times == sorted(times)
    assert times[0] >= datetime(2022, 8, 22, 1, 30, tzinfo=UTC)
    assert times[-1] < datetime(2022, 8, 22, 2, 30, tzinfo=UTC)
    # The Solent sample is shifted onto the same hours, its identities kept.
    solent_mmsi = {o.identity.mmsi for o in solent if o.identity}
    replayed = {o.identity.mmsi for o in demo.script.observations if o.identity}
    assert solent_mmsi <= replayed
    # The tracker is configured for the simulated radars (scan periods from the scenario).
    assert demo.tracker_config.sensors

    # Written once: the second call reads the same files back.
    stamp = (demo.folder / "truth.json").stat().st_mtime_ns
    again = simulated_demo(date(2022, 8, 22), tmp_path, start=time(1, 30), hours=1.0, ais=[])
    assert (again.folder / "truth.json").stat().st_mtime_ns == stamp
    assert again.boats == demo.boats

    # Twenty minutes of it through the tracker give confirmed tracks of the ships there.
    tracker = Tracker(demo.tracker_config)
    end = demo.script.start + timedelta(minutes=20)
    batch, confirmed = [], set()
    for o in demo.script.observations:
        if o.time > end:
            break
        batch.append(o)
        if len(batch) == 2000:
            updates = tracker.step(batch, o.time)
            confirmed |= {u.track_id for u in updates if str(u.status) == "confirmed"}
            batch = []
    assert len(confirmed) > 20
