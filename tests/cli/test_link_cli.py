"""``straitwatch link records`` and ``link names``, run as a user would."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from tests.cli.conftest import Cli

from straitwatch.intel.linkage.devset import RECORD_COLUMNS, make_devset


def test_link_records_writes_every_record_once_and_dead_letters_bad_rows(
    cli: Cli, tmp_path: Path
) -> None:
    assert cli("db", "upgrade").code == 0
    frame = make_devset(seed=7, n_persons=80)
    files = []
    for agency, part in frame.groupby("agency"):
        path = tmp_path / f"{agency}.csv"
        part[RECORD_COLUMNS].to_csv(path, index=False)
        files.append(str(path))
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "record_id,agency,given_name,family_name,date_of_birth,extra\n"
        "X-1,UK,Fictional,Person,31/02/1990,ignored\n"
        "X-2,UK,,,1990,\n",
        encoding="utf-8",
    )
    out = tmp_path / "clusters.csv"
    result = cli("link", "records", *files, str(bad), "--out", str(out))
    assert result.code == 0, result.err
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["record_id"] for r in rows) == sorted(frame["record_id"])
    assert set(rows[0]) == {"record_id", "cluster_id", "score"}
    db = sqlite3.connect(tmp_path / "cli.db")
    letters = db.execute("select message, line_no from dead_letters order by line_no").fetchall()
    assert [line for _, line in letters] == [2, 3]
    assert letters[0][0].startswith("date_of_birth")


def test_link_records_refuses_a_file_without_the_columns(cli: Cli, tmp_path: Path) -> None:
    assert cli("db", "upgrade").code == 0
    path = tmp_path / "x.csv"
    path.write_text("id,name\n1,A\n", encoding="utf-8")
    result = cli("link", "records", str(path), "--out", str(tmp_path / "o.csv"))
    assert result.code == 2 and "missing column" in result.err


def test_link_names_scores_and_keeps_other_columns(cli: Cli, tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text(
        "id,name1,name2\n1,Shwan Bakhnezi,SCHWAN BACHNESI\n2,Shwan Bakhnezi,Karwan Bakhnezi\n",
        encoding="utf-8",
    )
    out = tmp_path / "scored.csv"
    result = cli("link", "names", str(pairs), "--out", str(out))
    assert result.code == 0, result.err
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == ["1", "2"]
    assert [r["match"] for r in rows] == ["true", "false"]
    assert float(rows[0]["score"]) > float(rows[1]["score"])
