# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch simulate``, ``replay`` and ``evaluate`` from the command line."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from tests.cli.conftest import Cli


def test_simulate_then_evaluate_hand_written_alerts(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "night"
    result = cli(
        "simulate",
        "--date",
        "2022-08-22",
        "--out",
        str(out),
        "--start",
        "02:00",
        "--hours",
        "1",
        "--seed",
        "2",
        "--json",
    )
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert summary["observations"]["radar_plots"] > 0
    truth = json.loads((out / "truth.json").read_text())
    boat = truth["boats"][0]
    launch = datetime.fromisoformat(boat["launch_time"].replace("Z", "+00:00"))
    alert = {
        "alert_id": "AL-1",
        "type": "departure",
        "lat": boat["launch_lat"],
        "lon": boat["launch_lon"],
        "track_id": "T1",
        "severity": "warning",
        "routed_to": ["PREMAR"],
        "time": (launch + timedelta(seconds=90)).isoformat().replace("+00:00", "Z"),
    }
    (out / "alerts.jsonl").write_text(json.dumps(alert) + "\n")
    scored = cli("evaluate", str(out), "--json")
    assert scored.code == 0, scored.err
    report = json.loads(scored.out)
    assert boat["id"] not in report["departures"]["missed"]
    assert report["departures"]["median_launch_to_alert_s"] == 90.0


def test_replay_writes_json_lines(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "night"
    cli(
        "simulate",
        "--date",
        "2022-08-22",
        "--out",
        str(out),
        "--start",
        "02:30",
        "--hours",
        "0.75",
        "--seed",
        "5",
    )
    (out / "ais.nmea").unlink()  # radar and sightings are enough for departures
    result = cli("replay", str(out), "--json")
    assert result.code == 0, result.err
    lines = [json.loads(line) for line in result.out.splitlines()]
    assert lines, "the busy night raises alerts"
    assert all(
        set(a) >= {"alert_id", "type", "time", "lat", "lon", "track_id", "severity", "routed_to"}
        for a in lines
    )
    assert json.loads(result.err.splitlines()[-1])["observations"] > 0
    assert (out / "alerts.jsonl").read_text().count("\n") == len(lines)


def test_bad_arguments_are_errors(cli: Cli, tmp_path: Path) -> None:
    bad = cli("simulate", "--date", "22/08/2022", "--out", str(tmp_path / "x"))
    assert bad.code == 2
    assert "YYYY-MM-DD" in bad.err
    missing = cli("evaluate", str(tmp_path / "nowhere"))
    assert missing.code == 2
    assert "cannot read" in missing.err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no sensor files" in cli("replay", str(empty)).err
