# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch ingest``, ``listen`` and ``deadletter``, run as a user would."""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
import time
from pathlib import Path

from tests.cli.conftest import Cli

SUMMARY_KEYS = {
    "read",
    "observations",
    "static_updates",
    "ais_reports",
    "rejected",
    "duplicates",
    "already_stored",
    "by_message_type",
    "rejected_reasons",
}


def test_ingest_prints_one_json_summary_and_stores_everything(
    cli: Cli, real_data: Path, tmp_path: Path
) -> None:
    assert cli("db", "upgrade").code == 0
    files = [real_data / "ais" / n for n in ("pyais_mixed.txt", "gpsd_sample.aivdm")]
    result = cli("ingest", *map(str, files), "--json")
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert set(summary) == SUMMARY_KEYS
    assert summary["read"] == 23 + 119
    assert summary["rejected_reasons"]["checksum"] == 4
    assert summary["by_message_type"]["5"] == 5
    kept = summary["observations"] + summary["static_updates"] + summary["ais_reports"]
    assert kept + summary["rejected"] + summary["duplicates"] <= summary["read"]
    db = sqlite3.connect(tmp_path / "cli.db")
    stored = db.execute("select count(*) from observations").fetchone()[0]
    letters = db.execute("select count(*) from dead_letters").fetchone()[0]
    audited = db.execute("select count(*) from audit_events where action='collection'")
    reports = db.execute("select count(*) from ais_reports").fetchone()[0]
    # Sentences repeated word for word without a time are the same record: stored once.
    refused = summary["rejected"] + summary["duplicates"]
    assert stored <= summary["observations"] and letters <= refused
    assert (
        stored + letters + reports
        == kept - summary["static_updates"] + refused - summary["already_stored"]
    )
    assert audited.fetchone()[0] == 1  # one batch


def test_ingest_of_the_solent_csv_in_text(cli: Cli, real_data: Path) -> None:
    cli("db", "upgrade")
    path = real_data / "ais" / "stonesoup_SolentAIS_20160112_130211.csv"
    result = cli("ingest", str(path))
    assert result.code == 0, result.err
    assert "18,623" in result.out
    assert "impossible_speed 1" in result.out
    assert "deadletter list" in result.out


def test_ingest_refuses_bad_arguments_with_a_message(cli: Cli, tmp_path: Path) -> None:
    cli("db", "upgrade")
    missing = cli("ingest", str(tmp_path / "nope.nmea"))
    assert missing.code == 2
    assert "nope.nmea: no such file" in missing.err
    odd = tmp_path / "odd.txt"
    odd.write_text("hello\n")
    unknown = cli("ingest", str(odd))
    assert unknown.code == 2
    assert "cannot tell the format" in unknown.err
    wrong = cli("ingest", str(odd), "--format", "kml")
    assert wrong.code == 2
    assert "unknown format 'kml'" in wrong.err


def test_deadletter_list_filters_by_reason_and_replay_reports(cli: Cli, real_data: Path) -> None:
    cli("db", "upgrade")
    cli("ingest", str(real_data / "ais" / "pyais_mixed.txt"))
    listed = json.loads(cli("deadletter", "list", "--reason", "checksum", "--json").out)
    letters = listed["dead_letters"]
    assert [d["line_no"] for d in letters] == [23, 26, 27, 35]
    assert all(d["reason"] == "checksum" and d["raw"] for d in letters)
    table = cli("deadletter", "list")
    assert "pyais_mixed.txt:14" in table.out and "junk" in table.out
    bad = cli("deadletter", "list", "--reason", "bogus")
    assert bad.code == 2 and "is not one of" in bad.err
    replay = json.loads(cli("deadletter", "replay", "--json").out)
    assert replay["accepted"] == 0
    assert replay["still_refused"]["checksum"] == 4
    forced = json.loads(cli("deadletter", "replay", "--reason", "time_past", "--json").out)
    assert forced == {"considered": 1, "accepted": 1, "still_refused": {}}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_listen_stores_lines_sent_over_tcp(cli: Cli, real_data: Path) -> None:
    cli("db", "upgrade")
    port = _free_port()
    lines = [
        line
        for line in (real_data / "ais" / "pyais_mixed.txt").read_bytes().splitlines()
        if line.startswith(b"!AIVDM,1,1")
    ][:5]

    def send() -> None:
        deadline = time.monotonic() + 20
        retry = threading.Event()
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                    conn.sendall(b"\n".join(lines) + b"\n")
                    return
            except OSError:
                retry.wait(0.02)  # not listening yet: poll again until the deadline

    sender = threading.Thread(target=send)
    sender.start()
    result = cli("listen", "--tcp", f"127.0.0.1:{port}", "--max-lines", "5", "--json")
    sender.join()
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert summary["read"] == 5
    assert summary["observations"] == 5
    assert f"listening on tcp 127.0.0.1:{port}" in result.err


def test_listen_needs_an_address(cli: Cli) -> None:
    cli("db", "upgrade")
    result = cli("listen")
    assert result.code == 2
    assert "--udp HOST:PORT" in result.err
    assert cli("listen", "--udp", "nowhere").code == 2


def test_ingest_reads_camera_aircraft_and_satellite_files(cli: Cli, tmp_path: Path) -> None:
    from tests.sensors.test_sensor_feeds import sensor_files

    cli("db", "upgrade")
    files = sensor_files(tmp_path)
    result = cli("ingest", *map(str, files.values()), "--json")
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert summary["observations"] == 4
    assert summary["rejected_reasons"] == {"malformed": 1, "no_fix": 1, "invalid_record": 1}
    db = sqlite3.connect(tmp_path / "cli.db")
    formats = db.execute("select format, reason from dead_letters order by format").fetchall()
    assert formats == [
        ("aircraft", "malformed"),
        ("cameras", "no_fix"),
        ("satellite", "invalid_record"),
    ]
