# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch track``: sensor files in, a CSV of track updates out."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.cli.conftest import Cli
from tests.tracking.scenes import T0, line

from straitwatch.geo.projection import to_wgs84

HEADER = [
    "time",
    "track_id",
    "lat",
    "lon",
    "speed_kn",
    "course_deg",
    "status",
    "classification",
    "mmsi",
]


def _plots(path: Path, *, with_mmsi: bool) -> Path:
    """Two minutes of a 2 s radar on a ferry (east) and a dinghy (north-west)."""
    ferry, dinghy = line(-2000.0, 0.0, 16.0, 90.0), line(0.0, -1500.0, 5.0, 315.0)
    rows = []
    for k in range(1, 61):
        t = 2.0 * k
        when = T0.replace(microsecond=0).timestamp() + t
        stamp = __import__("datetime").datetime.fromtimestamp(when, T0.tzinfo)
        for path_fn, mmsi in ((ferry, "227003050"), (dinghy, "")):
            x, y = path_fn(t)
            lat, lon = to_wgs84([x], [y])
            row = [
                stamp.isoformat().replace("+00:00", "Z"),
                "radar-dover",
                f"{lat[0]:.7f}",
                f"{lon[0]:.7f}",
                "15",
            ]
            rows.append([*row, mmsi] if with_mmsi else row)
    header = ["time", "sensor_id", "lat", "lon", "sigma_m"] + (["mmsi"] if with_mmsi else [])
    with path.open("w", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(header)
        w.writerows(rows)
    return path


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == HEADER
        return list(reader)


def test_plots_become_confirmed_track_rows(cli: Cli, tmp_path: Path) -> None:
    plots = _plots(tmp_path / "plots.csv", with_mmsi=True)
    result = cli("track", str(plots), "--out", str(tmp_path / "tracks.csv"))
    assert result.code == 0, result.err
    rows = _read(tmp_path / "tracks.csv")
    assert {r["status"] for r in rows} <= {"confirmed", "coasting", "ended"}
    by_track: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_track.setdefault(r["track_id"], []).append(r)
    assert len(by_track) == 2
    ferry = next(v for v in by_track.values() if v[-1]["mmsi"] == "227003050")
    dinghy = next(v for v in by_track.values() if v[-1]["mmsi"] == "")
    assert ferry[-1]["classification"] == "ais_vessel"
    assert abs(float(ferry[-1]["speed_kn"]) - 16.0) < 1.5
    assert dinghy[-1]["classification"] == "dark_contact"
    assert "2 tracks confirmed" in result.err


def test_all_also_writes_tentative_rows(cli: Cli, tmp_path: Path) -> None:
    plots = _plots(tmp_path / "plots.csv", with_mmsi=False)
    cli("track", str(plots), "--out", str(tmp_path / "quiet.csv"))
    cli("track", str(plots), "--out", str(tmp_path / "all.csv"), "--all")
    quiet, loud = _read(tmp_path / "quiet.csv"), _read(tmp_path / "all.csv")
    assert "tentative" not in {r["status"] for r in quiet}
    assert sum(r["status"] == "tentative" for r in loud) == 4  # two plots each, two tracks
    assert len(loud) == len(quiet) + 4


def test_saved_runs_go_to_the_track_history(cli: Cli, tmp_path: Path) -> None:
    from sqlalchemy import func, select

    from straitwatch.cli import context
    from straitwatch.store.db import transaction
    from straitwatch.store.tracks import TrackUpdateRow, list_tracks

    assert cli("db", "upgrade").code == 0
    plots = _plots(tmp_path / "plots.csv", with_mmsi=True)
    result = cli("track", str(plots), "--out", str(tmp_path / "tracks.csv"), "--save")
    assert result.code == 0, result.err
    with transaction(context.engine()) as session:
        tracks = list_tracks(session)
        stored = session.scalar(select(func.count()).select_from(TrackUpdateRow))
    assert len(tracks) == 2 and all(t.track_id.startswith("T20") for t in tracks)
    assert stored == len(_read(tmp_path / "tracks.csv"))


def test_bad_arguments_are_errors_not_tracebacks(cli: Cli, tmp_path: Path) -> None:
    missing = cli("track", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "t.csv"))
    assert missing.code == 2 and "no such file" in missing.err
    plots = _plots(tmp_path / "plots.csv", with_mmsi=False)
    bad = cli("track", str(plots), "--out", str(tmp_path / "t.csv"), "--scan", "radar-dover")
    assert bad.code == 2 and "SENSOR_ID=SECONDS" in bad.err
