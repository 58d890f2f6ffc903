# SPDX-License-Identifier: EUPL-1.2
"""The foundation's commands, run as a user would, against a real SQLite file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.cli.conftest import Cli

from straitwatch.access.demo_users import DEMO_USERS

STRONG = "Tide-Gris-Nez-2024"


def test_help_lists_command_groups_each_with_an_example(cli: Cli) -> None:
    top = cli("--help")
    assert top.code == 0
    for group in ("db", "agencies", "users", "tokens", "audit", "demo"):
        assert group in top.out
        assert "Example:" in cli(group, "--help").out


def test_upgrade_seeds_agencies_and_listing_shows_them(cli: Cli) -> None:
    assert cli("db", "upgrade").code == 0
    listed = json.loads(cli("agencies", "list", "--json").out)["agencies"]
    by_code = {a["code"]: a for a in listed}
    assert set(by_code) >= {
        "UKBF",
        "HMCG",
        "PREMAR",
        "CROSSGN",
        "BEFP",
        "NLKMAR",
        "DEBPOL",
        "FRONTEX",
        "EUROPOL",
    }
    assert by_code["HMCG"]["sar_role"] == "MRCC Dover"
    assert by_code["CROSSGN"]["country"] == "FR"


def test_commands_refuse_an_unmigrated_store(cli: Cli) -> None:
    result = cli("agencies", "list")
    assert result.code == 2
    assert "db upgrade" in result.err


def test_user_add_reads_password_from_stdin_and_rejects_bad_input(cli: Cli) -> None:
    cli("db", "upgrade")
    ok = cli(
        "users",
        "add",
        "uk.watch",
        "--agency",
        "HMCG",
        "--role",
        "watch_officer",
        stdin=STRONG + "\n",
    )
    assert ok.code == 0, ok.err
    assert STRONG not in ok.out + ok.err
    dup = cli(
        "users",
        "add",
        "uk.watch",
        "--agency",
        "HMCG",
        "--role",
        "watch_officer",
        stdin=STRONG + "\n",
    )
    assert (dup.code, dup.err.strip()) == (2, "error: user 'uk.watch' already exists")
    weak = cli("users", "add", "bob", "--agency", "HMCG", "--role", "analyst", stdin="bob\n")
    assert weak.code == 2 and "weak password" in weak.err
    bad_agency = cli("users", "add", "bob", "--agency", "XXX", "--role", "analyst")
    assert bad_agency.code == 2 and "unknown agency 'XXX'" in bad_agency.err
    bad_role = cli("users", "add", "bob", "--agency", "HMCG", "--role", "captain")
    assert bad_role.code == 2 and "unknown role 'captain'" in bad_role.err
    users = json.loads(cli("users", "list", "--json").out)["users"]
    assert [u["username"] for u in users] == ["uk.watch"]


def test_tokens_issue_list_revoke(cli: Cli) -> None:
    cli("db", "upgrade")
    assert cli("users", "add", "radar.dover", "--agency", "HMCG", "--role", "machine").code == 0
    issued = cli(
        "tokens",
        "issue",
        "radar.dover",
        "--days",
        "30",
        "--label",
        "Dover radar",
        "--sensor",
        "radar-dover",
    )
    assert issued.code == 0
    token = issued.out.strip()
    assert token.startswith("sw_")
    token_id = token.split("_")[1]
    assert token_id in cli("tokens", "list").out
    assert "radar-dover" in cli("tokens", "list").out
    bad = cli("tokens", "issue", "radar.dover", "--sensor", "no spaces please")
    assert bad.code == 2 and "invalid sensor id" in bad.err
    assert token not in cli("tokens", "list").out
    assert cli("tokens", "revoke", token_id).code == 0
    again = cli("tokens", "revoke", token_id)
    assert again.code == 2 and "already revoked" in again.err
    assert cli("tokens", "issue", "radar.dover", "--days", "0").code == 2


def test_audit_verify_and_export(cli: Cli, tmp_path: Path) -> None:
    cli("db", "upgrade")
    cli("users", "add", "uk.analyst", "--agency", "UKBF", "--role", "analyst", stdin=STRONG)
    ok = cli("audit", "verify")
    assert ok.code == 0
    assert ok.out.strip().startswith("audit chain ok: 2 events; 2 signed checkpoints")
    out = tmp_path / "audit.jsonl"
    assert cli("audit", "export", "--since", "2000-01-01", "--out", str(out)).code == 0
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert [e["seq"] for e in events] == [1, 2]
    assert events[1]["resource_id"] == "uk.analyst"
    assert cli("audit", "export", "--since", "yesterday").code == 2
    # Exporting is role-checked and logged (issue 13 item 16).
    refused = cli("audit", "export", "--since", "2000-01-01", "--as", "uk.analyst")
    assert refused.code == 2 and "audit.export" in refused.err
    again = [
        json.loads(line)
        for line in cli("audit", "export", "--since", "2000-01-01").out.splitlines()
    ]
    assert [(e["action"], e["resource_kind"]) for e in again[2:]] == [
        ("consultation", "audit_export"),
        ("access_denied", "audit"),
    ]
    assert again[2]["detail"]["events"] == 2 and again[3]["actor"] == "uk.analyst"

    with sqlite3.connect(tmp_path / "cli.db") as db:
        db.execute("UPDATE audit_events SET actor = 'someone.else' WHERE seq = 2")
    broken = cli("audit", "verify")
    assert broken.code != 0
    assert "event 2" in broken.err and "altered" in broken.err


def test_unreachable_database_is_one_line_exit_2(cli: Cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("STRAITWATCH_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    result = cli("agencies", "list")
    assert result.code == 2
    assert result.err.startswith("error: cannot reach database")
    assert len(result.err.strip().splitlines()) == 1


def test_demo_creates_store_and_demo_users(cli: Cli) -> None:
    result = cli("demo", "--password", STRONG, "--no-serve")
    assert result.code == 0, result.err
    names = {u["username"] for u in json.loads(cli("users", "list", "--json").out)["users"]}
    assert names == {name for name, _, _ in DEMO_USERS}
    assert {"uk.watch", "fr.watch", "uk.analyst", "fr.analyst", "be.analyst", "dpo"} <= names
    assert "fictional demo intelligence: 6 reports loaded now" in result.out
    assert "published flows figures (flows page): 5 files loaded now" in result.out
    again = cli("demo", "--no-serve")
    assert "fictional demo intelligence: 0 reports loaded now" in again.out
    assert "published flows figures (flows page): 0 files loaded now" in again.out
