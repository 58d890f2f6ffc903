# SPDX-License-Identifier: EUPL-1.2
"""``evaluate``: how well the alerts of a replay match the truth of a simulated day.

The measures of issue 5 (and of ``bench/alerts.py``):

- a departure counts as alerted when a ``departure`` alert lies within 2 km of the launch
  position and within 10 minutes after the launch; the launch-to-alert time is the delay
  of the first such alert (its median is also given for launches under radar cover);
- a distress event counts as alerted when a ``distress`` alert lies within 3 km of the
  distress position within 5 minutes after the distress time;
- launches in the last 10 minutes of the window and distress events in its last 5 are
  left out (the sensors stop at its end);
- an alert is *false* when no craft that could explain it is within 3 km of it at its
  time: a small boat for departure, crossing, landing and distress; a craft without AIS
  (a dark ship or a small boat) for dark contacts; a ship with spoofed AIS for identity
  mismatches. False alerts are counted per hour of the simulated window.

>>> report = evaluate(Path("var/sim/2022-08-22"))      # doctest: +SKIP
>>> report["departures"]["share_alerted"]             # doctest: +SKIP
0.96
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from statistics import median
from typing import Any

import numpy as np

from straitwatch.errors import InvalidInput
from straitwatch.geo.projection import to_metric

__all__ = ["evaluate", "load_alerts"]

DEPARTURE_RADIUS_M = 2000.0
DEPARTURE_WINDOW_S = 600.0
DISTRESS_RADIUS_M = 3000.0
DISTRESS_WINDOW_S = 300.0
EXPLAIN_RADIUS_M = 3000.0


def _t(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read ({exc.strerror})") from exc
    except ValueError as exc:
        raise InvalidInput(f"{path}: not JSON ({exc})") from exc


def load_alerts(path: Path) -> list[dict[str, Any]]:
    """Alerts as written by ``replay`` (one JSON object a line); a bad line is refused."""
    out = []
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read ({exc.strerror}); run `replay` first") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            item["_t"] = _t(item["time"])
            item["_xy"] = tuple(float(v[0]) for v in to_metric([item["lat"]], [item["lon"]]))
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidInput(f"{path}:{n}: not an alert line ({exc})") from exc
        out.append(item)
    return out


def _dist_m(a: tuple[float, float], lat: float, lon: float) -> float:
    x, y = to_metric([lat], [lon])
    return float(np.hypot(a[0] - x[0], a[1] - y[0]))


class _Craft:
    """A truth craft's positions over time, for 'was it near this alert then'."""

    def __init__(self, track: list[list[float]], kind: str) -> None:
        arr = np.asarray(track, dtype=float)
        self.kind = kind
        self.t = arr[:, 0]
        self.x, self.y = to_metric(arr[:, 1], arr[:, 2])

    def near(self, t: float, xy: tuple[float, float], radius_m: float) -> bool:
        if not self.t[0] - 300 <= t <= self.t[-1] + 300:
            return False
        x, y = np.interp(t, self.t, self.x), np.interp(t, self.t, self.y)
        return bool(np.hypot(x - xy[0], y - xy[1]) <= radius_m)


def _covered(lat: float, lon: float, radars: list[dict[str, Any]]) -> bool:
    return any(
        _dist_m(
            tuple(float(v[0]) for v in to_metric([r["lat"]], [r["lon"]])),  # type: ignore[arg-type]
            lat,
            lon,
        )
        <= float(r["max_range_m"])
        for r in radars
    )


def evaluate(folder: Path, alerts_path: Path | None = None) -> dict[str, Any]:
    """Compare ``alerts.jsonl`` (or ``alerts_path``) with ``truth.json`` in ``folder``."""
    truth = _read_json(folder / "truth.json")
    scenario = _read_json(folder / "scenario.json") if (folder / "scenario.json").is_file() else {}
    alerts = load_alerts(alerts_path or folder / "alerts.jsonl")
    by_type: dict[str, list[dict[str, Any]]] = {}
    for a in alerts:
        by_type.setdefault(a["type"], []).append(a)
    radars = scenario.get("radars", [])
    start, end = _t(truth["window"]["start"]), _t(truth["window"]["end"])
    # Only what the window leaves time to alert on: the sensors stop at its end.
    boats = [b for b in truth["boats"] if _t(b["launch_time"]) <= end - DEPARTURE_WINDOW_S]
    delays, covered_delays, missed = [], [], []
    for b in boats:
        t0 = _t(b["launch_time"])
        hits = [
            a["_t"] - t0
            for a in by_type.get("departure", [])
            if 0 <= a["_t"] - t0 <= DEPARTURE_WINDOW_S
            and _dist_m(a["_xy"], b["launch_lat"], b["launch_lon"]) <= DEPARTURE_RADIUS_M
        ]
        if hits:
            delays.append(min(hits))
            if _covered(b["launch_lat"], b["launch_lon"], radars):
                covered_delays.append(min(hits))
        else:
            missed.append(b["id"])
    events = [
        b
        for b in truth["boats"]
        if b.get("distress_time") and _t(b["distress_time"]) <= end - DISTRESS_WINDOW_S
    ]
    distress_delays, distress_missed = [], []
    for b in events:
        t0 = _t(b["distress_time"])
        hits = [
            a["_t"] - t0
            for a in by_type.get("distress", [])
            if 0 <= a["_t"] - t0 <= DISTRESS_WINDOW_S
            and _dist_m(a["_xy"], b["distress_lat"], b["distress_lon"]) <= DISTRESS_RADIUS_M
        ]
        if hits:
            distress_delays.append(min(hits))
        else:
            distress_missed.append(b["id"])
    false = _false_alerts(alerts, truth)
    hours = max((end - start) / 3600.0, 1e-9)
    return {
        "date": truth.get("date"),
        "window": truth["window"],
        "boats": len(boats),
        "alerts": {k: len(v) for k, v in sorted(by_type.items())},
        "departures": {
            "boats": len(boats),
            "alerted": len(delays),
            "share_alerted": round(len(delays) / len(boats), 3) if boats else None,
            "median_launch_to_alert_s": round(median(delays), 1) if delays else None,
            "median_launch_to_alert_under_radar_s": (
                round(median(covered_delays), 1) if covered_delays else None
            ),
            "missed": missed,
        },
        "distress": {
            "events": len(events),
            "alerted_within_5_min": len(distress_delays),
            "share_alerted": round(len(distress_delays) / len(events), 3) if events else None,
            "median_delay_s": round(median(distress_delays), 1) if distress_delays else None,
            "missed": distress_missed,
        },
        "false_alerts": {
            "count": sum(false.values()),
            "by_type": false,
            "per_hour": round(sum(false.values()) / hours, 2),
        },
    }


def _false_alerts(alerts: list[dict[str, Any]], truth: dict[str, Any]) -> dict[str, int]:
    boats = [_Craft(b["track"], "small_boat") for b in truth["boats"] if b.get("track")]
    dark = [
        _Craft(v["track"], "dark")
        for v in truth["vessels"]
        if not v.get("ais", True) and v.get("track")
    ]
    spoofed = [
        _Craft(v["track"], "spoofed")
        for v in truth["vessels"]
        if v.get("spoofed") and v.get("track")
    ]
    explains = {
        "departure": boats,
        "crossing": boats,
        "landing": boats,
        "distress": boats,
        "dark_contact": dark + boats,
        "identity_mismatch": spoofed,
    }
    out: dict[str, int] = {}
    for a in alerts:
        if not any(
            c.near(a["_t"], a["_xy"], EXPLAIN_RADIUS_M) for c in explains.get(a["type"], [])
        ):
            out[a["type"]] = out.get(a["type"], 0) + 1
    return out
