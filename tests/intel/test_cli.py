# SPDX-License-Identifier: EUPL-1.2
"""The intelligence commands, run as users would, against a real SQLite file.

All people, numbers and organisations are fictional (specimen state Utopia, UTO).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.cli.conftest import Cli, cli  # noqa: F401 (the fixture)

STRONG = "Tide-Gris-Nez-2024"
FIXTURE = Path(__file__).parent / "fixtures" / "entities.jsonl"


def setup_users(cli: Cli) -> None:  # noqa: F811
    assert cli("db", "upgrade").code == 0
    for name, agency, role in [
        ("uk.analyst", "UKBF", "analyst"),
        ("uk.supervisor", "UKBF", "supervisor"),
        ("fr.analyst", "PREMAR", "analyst"),
        ("dpo", "UKBF", "dpo"),
    ]:
        assert (
            cli(
                "users",
                "add",
                name,
                "--agency",
                agency,
                "--role",
                role,
                "--password-stdin",
                stdin=STRONG,
            ).code
            == 0
        )


def add_report(cli: Cli, handling: str, *extra: str) -> int:  # noqa: F811
    res = add(cli, handling, *extra)
    assert res.code == 0, res.err
    return int(json.loads(res.out)["id"])


def add(cli: Cli, handling: str, *extra: str) -> Any:  # noqa: F811
    return cli(
        "intel",
        "reports",
        "add",
        "--as",
        "uk.analyst",
        "--title",
        "Fictional engine cache",
        "--text",
        "-",
        "--event-time",
        "2026-11-01T21:30",
        "--purpose",
        "Op TESTFALL",
        "--legal-basis",
        "DPA 2018 Part 3",
        "--scale",
        "uk_3x5x2",
        "--source",
        "1",
        "--information",
        "B",
        "--handling-scale",
        "europol_4x4",
        "--handling",
        handling,
        "--json",
        *extra,
        stdin="FICTIONAL: engines stored at a Wimereux garage.",
    )


def test_h2_report_flow_through_the_cli(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    setup_users(cli)
    rid = add_report(cli, "H2")
    out = json.loads(
        cli(
            "intel",
            "reports",
            "disseminate",
            str(rid),
            "--to",
            "PREMAR",
            "--as",
            "uk.analyst",
            "--json",
        ).out
    )["outcomes"]
    assert out[0]["outcome"] == "permission_requested"
    hidden = cli("intel", "reports", "show", str(rid), "--as", "fr.analyst")
    assert hidden.code == 2 and f"no report {rid}" in hidden.err
    req = str(out[0]["request_id"])
    assert cli("intel", "requests", "approve", req, "--as", "uk.analyst").code == 2
    assert cli("intel", "requests", "approve", req, "--as", "uk.supervisor").code == 0
    shown = cli("intel", "reports", "show", str(rid), "--as", "fr.analyst")
    assert shown.code == 0 and "Wimereux" in shown.out
    listed = cli("intel", "reports", "list", "--as", "fr.analyst")
    assert "Fictional engine cache" in listed.out

    assert (
        cli(
            "intel", "entities", "import", str(FIXTURE), "--report", str(rid), "--as", "uk.analyst"
        ).code
        == 0
    )
    exported = cli("intel", "entities", "export", "--as", "fr.analyst").out.splitlines()
    assert len(exported) == 5
    assert json.loads(exported[0])["handling"]["code"] == "H2"
    hits = json.loads(cli("intel", "search", "wimereux", "--as", "fr.analyst", "--json").out)
    assert [h["id"] for h in hits["hits"]] == [str(rid)]

    trail = json.loads(
        cli("audit", "subject", "uto-person-ozric-testmann", "--as", "dpo", "--json").out
    )["events"]
    assert {(e["action"], e["agency"]) for e in trail} >= {
        ("disclosure", "UKBF"),
        ("consultation", "PREMAR"),
    }
    assert cli("audit", "verify").code == 0


def test_bad_input_is_one_line_exit_2(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    setup_users(cli)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "p", "schema": "Person", "properties": {"phone": ["0612345678"]}}\n')
    res = cli("intel", "entities", "import", str(bad), "--as", "uk.analyst")
    assert res.code == 2 and "line 1" in res.err and "0612345678" in res.err
    res = cli("intel", "reports", "list", "--as", "nobody")
    assert res.code == 2 and "no active user" in res.err
    add = cli(
        "intel",
        "reports",
        "add",
        "--as",
        "uk.analyst",
        "--title",
        "t",
        "--text",
        "x",
        "--event-time",
        "2026-11-01",
        "--purpose",
        "p",
        "--legal-basis",
        "b",
        "--scale",
        "uk_3x5x2",
        "--source",
        "9",
        "--information",
        "A",
        "--handling-scale",
        "uk_3x5x2",
        "--handling",
        "P",
    )
    assert add.code == 2 and "source code" in add.err


def test_retention_run_and_extend(cli: Cli) -> None:  # noqa: F811
    setup_users(cli)
    today = datetime.now(UTC).date()
    review, keep = str(today), str(today + timedelta(days=1))
    past = add(cli, "H0", "--review-date", str(today), "--retention-until", "2020-01-01")
    assert past.code == 2 and "retention_until" in past.err
    rid = add_report(cli, "H0", "--review-date", review, "--retention-until", keep)
    kept = add_report(cli, "H0", "--review-date", review, "--retention-until", keep)
    assert (
        cli(
            "retention",
            "extend",
            str(kept),
            "--until",
            (today + timedelta(days=5 * 366)).isoformat(),
            "--reason",
            "trial pending",
            "--as",
            "uk.supervisor",
        ).code
        == 0
    )
    later = (today + timedelta(days=31)).isoformat()
    run = json.loads(cli("retention", "run", "--today", later, "--json").out)
    assert run["erased_reports"] == [rid]
    assert [k["report_id"] for k in run["kept_by_extension"]] == [kept]
    assert "Example:" in cli("intel", "--help").out and "Example:" in cli("retention", "--help").out


def test_seed_demo_loads_fictional_intel_once(cli: Cli) -> None:  # noqa: F811
    setup_users(cli)
    for name, agency in (("fr.analyst2", "PREMAR"), ("be.analyst", "BEFP")):
        added = cli(
            "users",
            "add",
            name,
            "--agency",
            agency,
            "--role",
            "analyst",
            "--password-stdin",
            stdin=STRONG,
        )
        assert added.code == 0, added.err
    res = cli("intel", "seed-demo")
    assert res.code == 0 and "6 fictional" in res.out
    assert "0 fictional" in cli("intel", "seed-demo").out
    fr = json.loads(cli("intel", "reports", "list", "--as", "fr.analyst", "--json").out)
    titles = [r["title"] for r in fr["reports"]]
    assert all(t.startswith("FICTIONAL") for t in titles) and len(titles) == 5  # not the H2
    pending = json.loads(
        cli(
            "intel", "requests", "list", "--as", "uk.supervisor", "--status", "pending", "--json"
        ).out
    )["requests"]
    assert len(pending) == 1
    person = json.loads(
        cli("intel", "entities", "show", "demo-person-ozric-testmann", "--as", "fr.analyst").out
    )
    assert sorted(person["properties"]["phone"]) == ["+33612345678", "+33612345679"]
