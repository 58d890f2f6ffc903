# SPDX-License-Identifier: EUPL-1.2
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


def test_stored_run_review_split_merge_undo(cli: Cli, tmp_path: Path) -> None:
    assert cli("db", "upgrade").code == 0
    password = "Tide-Gris-Nez-2024"
    added = cli(
        "users", "add", "uk.analyst", "--agency", "UKBF", "--role", "analyst", stdin=password + "\n"
    )
    assert added.code == 0, added.err
    frame = make_devset(seed=9, n_persons=60)
    path = tmp_path / "all.csv"
    frame[RECORD_COLUMNS].to_csv(path, index=False)
    out = tmp_path / "clusters.csv"
    run = cli(
        "link",
        "records",
        str(path),
        "--out",
        str(out),
        "--store-as",
        "uk.analyst",
        "--reason",
        "fictional test run",
    )
    assert run.code == 0, run.err
    listed = cli("link", "review", "--as", "uk.analyst", "--json")
    assert listed.code == 0, listed.err
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_cluster: dict[str, list[str]] = {}
    for r in rows:
        by_cluster.setdefault(r["cluster_id"], []).append(r["record_id"])
    pair = next(ids for ids in by_cluster.values() if len(ids) > 1)
    split = cli("link", "split", pair[1], "--as", "uk.analyst", "--reason", "twin")
    assert split.code == 0, split.err
    change = split.out.split("change ")[1].split(";")[0]
    again = cli("link", "split", pair[1], "--as", "uk.analyst", "--reason", "twin")
    assert again.code == 2 and "alone" in again.err
    undone = cli("link", "undo", change, "--as", "uk.analyst", "--reason", "not a twin")
    assert undone.code == 0, undone.err
    no_reason = cli("link", "merge", pair[0], pair[1], "--as", "uk.analyst", "--reason", "")
    assert no_reason.code == 2
    db = sqlite3.connect(tmp_path / "cli.db")
    kinds = [k for (k,) in db.execute("select kind from link_changes order by id")]
    assert kinds == ["run", "split", "undo"]
    audited = db.execute("select count(*) from audit_events where action='combination'")
    assert audited.fetchone()[0] == 3
