# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch anomalies``: files through ingest, tracking and the rules, events out."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.cli.conftest import Cli

T0 = datetime(2022, 8, 22, 1, 0, tzinfo=UTC)


def _ais_csv(path: Path) -> Path:
    """Two ships in the Strait: one silent for 90 min, one whose MMSI jumps 30 km."""
    rows = ["Time,MMSI,Latitude_degrees,Longitude_degrees,COG_degrees,SOG_knots"]
    for k in range(0, 240):
        when = T0 + timedelta(minutes=k)
        stamp = when.strftime("%Y-%m-%d %H:%M:%S.000")
        if not 60 <= k < 150:  # the gap
            rows.append(f"{stamp},235000001,{50.95 + k * 1e-4:.6f},1.3000,0.0,6.0")
        lon = 1.20 + k * 1e-4 + (0.45 if k >= 120 else 0.0)  # the jump
        rows.append(f"{stamp},235000002,51.0200,{lon:.6f},90.0,4.0")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_anomalies_json_lists_the_gap_and_the_jump(cli: Cli, tmp_path: Path) -> None:
    path = _ais_csv(tmp_path / "ais.csv")
    result = cli("anomalies", str(path), "--preset", "channel", "--json")
    assert result.code == 0, result.err
    events = [json.loads(line) for line in result.out.splitlines()]
    assert [(e["type"], e["mmsi"]) for e in events] == [
        ("ais_gap", [235000001]),
        ("impossible_kinematics", [235000002]),
    ]
    gap = events[0]
    assert gap["start"] == "2022-08-22T01:59:00Z" and gap["end"] == "2022-08-22T03:30:00Z"
    assert gap["thresholds"]["min_gap_s"] == 3600
    assert gap["evidence"]["gap_s"] == 91 * 60
    assert "2 events (channel preset)" in result.err


def test_anomalies_table_and_the_gfw_preset(cli: Cli, tmp_path: Path) -> None:
    path = _ais_csv(tmp_path / "ais.csv")
    result = cli("anomalies", str(path))
    assert result.code == 0, result.err
    header, *rows = result.out.splitlines()
    assert header.split()[:4] == ["type", "vessels", "start", "end"]
    # GFW's gap is six hours: only the jump remains.
    assert [r.split()[0] for r in rows] == ["impossible_kinematics"]


def test_anomalies_missing_file_is_one_line_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("anomalies", str(tmp_path / "nope.csv"))
    assert result.code == 2
    assert "no such file" in result.err


def test_anomalies_speak_french_from_the_catalogue(cli: Cli, tmp_path: Path) -> None:
    path = _ais_csv(tmp_path / "ais.csv")
    result = cli("anomalies", str(path), "--preset", "channel", "--lang", "fr")
    assert result.code == 0, result.err
    header = result.out.splitlines()[0]
    assert header.split()[:4] == ["type", "navires", "début", "fin"]
    assert "2 événements (préréglage channel)" in result.err
    refused = cli("anomalies", str(path), "--lang", "de")
    assert refused.code != 0 and "--lang" in refused.err
