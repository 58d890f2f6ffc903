"""``straitwatch mrz``: exit 0 valid, 1 invalid, 2 unreadable; JSON shape; audit record."""

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


def test_invalid_mrz_exits_1_and_shows_the_proposed_corrections(cli: Cli) -> None:
    done = cli("mrz", "check", *NOISY_TD3)
    assert done.code == 1
    assert "INVALID  TD3" in done.out
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


def test_an_argument_starting_with_a_dash_is_one_line_and_exit_2(cli: Cli) -> None:
    done = cli("mrz", "check", "-I<UTOD231458907")
    assert done.code == 2
    assert done.err.count("\n") == 1 and done.err.startswith("error: No such option: -I")
    assert "Traceback" not in done.err + done.out
