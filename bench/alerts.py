"""Alerts benchmark: simulate → replay → evaluate over simulated days and night windows.

Scenarios (real Home Office dates):

- ``busy``: 2022-08-22 (1,137 people in 25 boats), the whole day — also the replay-speed
  run, with all its traffic;
- ``quiet``: 2022-08-23 (188 people in 4 boats), 00:00–08:00;
- ``merchant``: 2022-08-20 (no boats), 00:00–08:00 — false alerts per hour.

Measures (issue 5): share of boats with a departure alert (target ≥ 95 %), median
launch-to-alert time under radar cover (≤ 3 min), share of distress events alerted
within 5 minutes (100 %), false alerts per hour on the merchant-only window (≤ 1), replay
speed (≥ 200× real time for a full day).

Peer, in the same run on the same track updates: a plain geofence — "a dark track first
seen within 3 km of the French coast" for departures, "a small-boat track under 2 kn" for
distress — which is what a rule without heading, distance-made-good or hold would do.
The ratios compare false alerts per hour (geofence / straitwatch).

    .venv/bin/python bench/alerts.py                      # all scenarios (~15 min)
    .venv/bin/python bench/alerts.py --only quiet merchant --hours 4
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from datetime import time as clock
from pathlib import Path

from straitwatch.assessment import Alert, AlertType, Severity
from straitwatch.geo import distance_to_coast_m, zones
from straitwatch.sim import evaluate, replay, simulate
from straitwatch.tracking.track import TrackClass, TrackStatus, TrackUpdate

SCENARIOS = {
    "busy": (date(2022, 8, 22), None, None),
    "quiet": (date(2022, 8, 23), clock(0, 0), 8.0),
    "merchant": (date(2022, 8, 20), clock(0, 0), 8.0),
}


class Geofence:
    """The peer: departure = dark track first seen near the French coast; distress = a
    small-boat track slower than 2 kn. One alert per track and type."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.raised: set[tuple[str, str]] = set()
        self.alerts: list[Alert] = []

    def step(self, updates: list[TrackUpdate]) -> None:
        fresh = [
            u
            for u in updates
            if u.track_id not in self.seen
            and u.classification is not TrackClass.AIS_VESSEL
            and u.mmsi is None
            and u.status is TrackStatus.CONFIRMED
        ]
        if fresh:
            d = distance_to_coast_m([u.lat for u in fresh], [u.lon for u in fresh], "continent")
            sectors = zones().departure_sector([u.lat for u in fresh], [u.lon for u in fresh])
            for u, dist, sector in zip(fresh, d.tolist(), sectors.tolist(), strict=True):
                self.seen.add(u.track_id)
                if dist <= 3000 and sector:
                    self._raise(AlertType.DEPARTURE, u)
        for u in updates:
            if u.classification is TrackClass.SMALL_BOAT and u.speed_kn < 2.0:
                self._raise(AlertType.DISTRESS, u)

    def _raise(self, type_: AlertType, u: TrackUpdate) -> None:
        if (u.track_id, type_) in self.raised:
            return
        self.raised.add((u.track_id, type_))
        self.alerts.append(
            Alert.new(type_, u.time, u.lat, u.lon, u.track_id, Severity.WARNING, (), "geofence")
        )


def run(name: str, out: Path, hours: float | None) -> dict[str, object]:
    day, start, length = SCENARIOS[name]
    folder = out / name
    t0 = time.perf_counter()
    sim = simulate(day, folder, seed=1, start=start, hours=hours or length)
    sim_s = time.perf_counter() - t0
    raised: list[Alert] = []
    final: dict[str, Alert] = {}
    peer = Geofence()

    def sink(alert: Alert, kind: str) -> None:
        if kind == "raised":
            raised.append(alert)
        final[alert.alert_id] = alert

    summary = replay(folder, on_alert=sink, on_updates=peer.step)
    (folder / "alerts.jsonl").write_text(
        "".join(json.dumps(final[a.alert_id].to_json()) + "\n" for a in raised)
    )
    (folder / "peer.jsonl").write_text("".join(json.dumps(a.to_json()) + "\n" for a in peer.alerts))
    ours = evaluate(folder)
    theirs = evaluate(folder, folder / "peer.jsonl")
    ours_false = ours["false_alerts"]["per_hour"]
    peer_false = theirs["false_alerts"]["per_hour"]
    return {
        "scenario": name,
        "date": day.isoformat(),
        "window": ours["window"],
        "simulate_s": round(sim_s, 1),
        "observations": summary.observations,
        "replay": summary.to_json(),
        "straitwatch": {k: ours[k] for k in ("alerts", "departures", "distress", "false_alerts")},
        "geofence_peer": {
            k: theirs[k] for k in ("alerts", "departures", "distress", "false_alerts")
        },
        "false_per_hour_ratio_peer_over_ours": (
            round(peer_false / ours_false, 1) if ours_false else None
        ),
        "boats": sim.boats,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(SCENARIOS), default=None)
    parser.add_argument("--hours", type=float, default=None, help="override every window")
    parser.add_argument("--out", type=Path, default=Path("bench/out/alerts"))
    args = parser.parse_args(argv)
    results = [run(name, args.out, args.hours) for name in (args.only or list(SCENARIOS))]
    json.dump(results, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
