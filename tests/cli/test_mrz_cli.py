# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch mrz``: exit 0 well formed, 1 not, 2 unreadable; the three-part verdict;
JSON shape; audit record; a folder read as a batch; the lost, stolen and revoked list."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from tests.cli.conftest import Cli
from tests.documents.conftest import IMAGES

from straitwatch.cli import context
from straitwatch.store.access import AuditEventRow
from straitwatch.store.db import transaction

TD1 = [
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
]
NOISY_TD3 = [
    "P<UT0ERIK55ON<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO740BIZZF12041S9ZE184226B<<<<<1O",
]


def test_valid_mrz_exits_0_with_the_result_as_json(cli: Cli) -> None:
    done = cli("mrz", "check", *TD1, "--json", "--today", "2026-06-01")
    assert done.code == 0
    out = json.loads(done.out)
    assert {"valid", "format", "fields", "errors", "warnings", "corrections"} <= set(out)
    assert (out["valid"], out["format"], out["fields"]["surname"]) == (True, "TD1", "ERIKSSON")
    assert [w["code"] for w in out["warnings"]] == ["expired"]
    verdict = out["verdict"]
    assert (verdict["well_formed"], verdict["in_date"], verdict["clear"]) == (True, False, False)
    assert {f["code"] for f in verdict["flags"]} == {"specimen_number", "not_an_issuing_state"}


def test_an_expired_document_is_never_printed_as_valid(cli: Cli) -> None:
    done = cli("mrz", "check", *TD1, "--today", "2026-06-01")
    assert done.code == 0
    assert done.out.startswith("WELL FORMED  TD1") and "VALID" not in done.out
    assert "in date: NO (expired)" in done.out and "flags raised: 2" in done.out
    assert "genuine" not in done.out


def test_invalid_mrz_exits_1_and_shows_the_proposed_corrections(cli: Cli) -> None:
    done = cli("mrz", "check", *NOISY_TD3)
    assert done.code == 1
    assert "NOT WELL FORMED  TD3" in done.out
    assert "composite: composite check digit 'O' != computed" in done.out
    assert "line 2 position 44: 'O' -> '0' (composite)" in done.out
    assert "L898902C36UTO7408122F1204159ZE184226B<<<<<10" in done.out


def test_lines_can_come_on_stdin_in_one_paste(cli: Cli) -> None:
    assert cli("mrz", "check", "-", stdin="\n".join(TD1) + "\n").code == 0


def test_text_of_no_icao_shape_exits_2(cli: Cli) -> None:
    done = cli("mrz", "check", "NOT AN MRZ", "--json")
    assert done.code == 2
    assert json.loads(done.out)["errors"][0]["code"] == "format"


def test_bad_date_option_is_a_usage_error(cli: Cli) -> None:
    done = cli("mrz", "check", *TD1, "--today", "June")
    assert done.code == 2 and "--today 'June' is not a date" in done.err


def test_read_an_image_and_record_the_check_in_the_audit_log(cli: Cli) -> None:
    assert cli("db", "upgrade").code == 0
    image = str(IMAGES / "100_pass2-uto.jpg")
    done = cli("mrz", "read", image, "--json", "--purpose", "specimen test")
    assert done.code == 0
    out = json.loads(done.out)
    assert out["lines"][1] == "D231458907UTO7408122F1204159<<<<<<<6"
    assert out["result"]["valid"] is True
    assert [(u["field"], u["chosen"], u["kind"]) for u in out["uncertain"]] == [
        ("nationality", "O", "look_alike")
    ]
    with transaction(context.engine()) as session:
        event = (
            session.execute(select(AuditEventRow).order_by(AuditEventRow.seq.desc()))
            .scalars()
            .first()
        )
    assert event is not None
    assert (event.action, event.resource_kind, event.resource_id) == (
        "consultation",
        "travel_document",
        "UTO:D23145890",
    )
    assert event.purpose == "specimen test" and event.detail["source"] == "image"


def test_a_file_that_is_no_image_exits_2(cli: Cli, tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    done = cli("mrz", "read", str(text))
    assert done.code == 2 and "not a readable image" in done.err


def test_a_listed_document_is_flagged_on_every_check(cli: Cli) -> None:
    assert cli("db", "upgrade").code == 0
    done = cli("mrz", "list-add", "UTO", "D23145890", "--status", "stolen", "--source", "test")
    assert done.code == 0, done.err
    out = json.loads(cli("mrz", "check", *TD1, "--json").out)
    assert out["verdict"]["flags"][0]["code"] == "listed_lost_stolen_revoked"
    assert out["verdict"]["list"]["listed"] is True
    bad = cli("mrz", "list-add", "UTO", "D23145890", "--status", "misplaced", "--source", "x")
    assert bad.code == 2 and "lost, stolen or revoked" in bad.err


def test_a_folder_is_read_as_a_batch_and_each_check_audited(cli: Cli, tmp_path: Path) -> None:
    assert cli("db", "upgrade").code == 0
    for name in ("100_pass2-uto.jpg", "53_id-d.jpg"):
        (tmp_path / name).write_bytes((IMAGES / name).read_bytes())
    (tmp_path / "broken.png").write_bytes(b"not an image")
    (tmp_path / "notes.txt").write_text("skipped: not an image suffix")
    done = cli("mrz", "read", str(tmp_path), "--json", "--purpose", "batch test")
    assert done.code == 2  # the worst of the batch: one unreadable file
    out = json.loads(done.out)
    assert out["count"] == 3
    by_file = {row["file"]: row for row in out["results"]}
    assert "not a readable image" in by_file["broken.png"]["error"]
    assert by_file["53_id-d.jpg"]["lines"][2] == "MUSTERMANN<<ERIKA<<<<<<<<<<<<<"
    assert by_file["53_id-d.jpg"]["verdict"]["flags"][0]["code"] == "specimen_number"
    with transaction(context.engine()) as session:
        purposes = session.scalars(
            select(AuditEventRow.purpose).where(AuditEventRow.purpose == "batch test")
        ).all()
    assert len(purposes) == 2


def test_an_argument_starting_with_a_dash_is_one_line_and_exit_2(cli: Cli) -> None:
    done = cli("mrz", "check", "-I<UTOD231458907")
    assert done.code == 2
    assert done.err.count("\n") == 1 and done.err.startswith("error: No such option: -I")
    assert "Traceback" not in done.err + done.out


def test_the_printed_date_of_issue_is_weighed_and_a_bad_one_is_a_usage_error(cli: Cli) -> None:
    # The TD1 specimen expires 2012-04-15: issued in 2026 it would expire before its issue.
    done = cli("mrz", "check", *TD1, "--today", "2026-06-01", "--issued", "2026-01-02")
    assert "issue_date: expires 2012-04-15, not after its issue" in done.out
    assert cli("mrz", "check", *TD1, "--issued", "2 Jan 2026").code == 2
