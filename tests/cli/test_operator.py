# SPDX-License-Identifier: EUPL-1.2
"""The CLI's ``--as USER`` names the operator who typed it in every audit event it writes,
and ``--agency`` takes only declared agencies (issue #13, item 11)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from tests.cli.conftest import Cli

from straitwatch.access.actor import operator_name
from straitwatch.store.access import AuditEventRow
from straitwatch.store.db import make_engine, transaction

STRONG = "Tide-Gris-Nez-2024"


def test_acting_as_a_user_records_the_operator(cli: Cli, tmp_path: Path) -> None:
    assert cli("db", "upgrade").code == 0
    add = cli("users", "add", "dpo", "--agency", "UKBF", "--role", "dpo", stdin=STRONG)
    assert add.code == 0
    assert cli("audit", "subject", "uto-person-nobody", "--as", "dpo").code == 0
    engine = make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    with transaction(engine) as s:
        events = s.scalars(select(AuditEventRow).where(AuditEventRow.actor == "dpo")).all()
    engine.dispose()
    assert events, "the subject review is audited"
    assert {e.detail["operator"] for e in events} == {operator_name()}
    assert operator_name().startswith("cli:")


def test_alerts_refuse_an_unknown_agency(cli: Cli) -> None:
    assert cli("db", "upgrade").code == 0
    typo = cli("alerts", "ack", "AL-000000000000", "--agency", "UKBFF")
    assert typo.code == 2
    assert typo.err.count("\n") == 1 and "unknown agency 'UKBFF'" in typo.err
    for command in (("assign", "--unit", "P611"), ("resolve", "--outcome", "prevented")):
        bad = cli("alerts", command[0], "AL-000000000000", *command[1:], "--agency", "XXX")
        assert bad.code == 2 and "unknown agency 'XXX'" in bad.err
    # A declared agency gets as far as looking the alert up.
    known = cli("alerts", "ack", "AL-000000000000", "--agency", "CROSSGN")
    assert known.code == 2 and "no alert" in known.err
