# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch alerts``: list, ack, assign, resolve, escalate against a real store."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.cli.conftest import Cli

from straitwatch.assessment import Alert, AlertType, Severity
from straitwatch.assessment.lifecycle import record_alerts
from straitwatch.store.db import make_engine, transaction

T = datetime(2022, 8, 22, 3, 10, tzinfo=UTC)


def _seed(tmp_path: Path) -> tuple[str, str]:
    engine = make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    dep = Alert.new(
        AlertType.DEPARTURE,
        T,
        50.77,
        1.59,
        "T1",
        Severity.WARNING,
        ("PREMAR", "CROSSGN", "UKBF"),
        "Small boat leaving Wimereux",
    )
    dis = Alert.new(
        AlertType.DISTRESS,
        T - timedelta(hours=1),
        50.80,
        1.45,
        "T2",
        Severity.CRITICAL,
        ("CROSSGN",),
        "Persons at risk",
    )
    with transaction(engine) as session:
        record_alerts(session, [dep, dis])
    engine.dispose()
    return dep.alert_id, dis.alert_id


def test_an_alert_is_handled_from_the_command_line(cli: Cli, tmp_path: Path) -> None:
    assert cli("db", "upgrade").code == 0
    dep, _ = _seed(tmp_path)
    listed = cli("alerts", "list", "--state", "new", "--json")
    assert listed.code == 0
    assert {a["type"] for a in json.loads(listed.out)["alerts"]} == {"departure", "distress"}
    assert cli("alerts", "ack", dep, "--agency", "CROSSGN").code == 0
    assigned = cli("alerts", "assign", dep, "--unit", "Vedette P611", "--json")
    assert json.loads(assigned.out)["assigned_unit"] == "Vedette P611"
    done = cli("alerts", "resolve", dep, "--outcome", "prevented")
    assert done.code == 0
    assert "resolved" in done.out
    table = cli("alerts", "list", "--type", "departure")
    assert "resolved" in table.out


def test_mistakes_are_clear_errors(cli: Cli, tmp_path: Path) -> None:
    cli("db", "upgrade")
    dep, _ = _seed(tmp_path)
    missing = cli("alerts", "ack", "AL-000000000000")
    assert missing.code == 2
    assert "no alert AL-000000000000" in missing.err
    early = cli("alerts", "assign", dep, "--unit", "P611")
    assert early.code == 2
    assert "is new: it cannot become assigned" in early.err
    bad = cli("alerts", "resolve", dep, "--outcome", "sunk")
    assert bad.code == 2
    assert "false_alarm" in bad.err
    assert cli("alerts", "list", "--state", "lost").code == 2


def test_overdue_distress_is_escalated(cli: Cli, tmp_path: Path) -> None:
    cli("db", "upgrade")
    _, dis = _seed(tmp_path)
    import os

    os.environ["STRAITWATCH_DISTRESS_ESCALATION_S"] = "0"
    try:
        out = cli("alerts", "escalate", "--json")
    finally:
        del os.environ["STRAITWATCH_DISTRESS_ESCALATION_S"]
    assert out.code == 0
    [escalated] = json.loads(out.out)["escalated"]
    assert escalated["alert_id"] == dis
    assert {"HMCG", "CROSSGN"} <= set(escalated["routed_to"])
