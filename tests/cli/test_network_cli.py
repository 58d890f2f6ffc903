# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch network analyse``: an edge list in, communities and top nodes out."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.cli.conftest import Cli


def _two_cliques(path: Path) -> Path:
    rows = [("a" + str(i), "a" + str(j)) for i in range(6) for j in range(i + 1, 6)]
    rows += [("b" + str(i), "b" + str(j)) for i in range(6) for j in range(i + 1, 6)]
    rows += [("broker", "a0"), ("broker", "b0")]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "target", "note"])
        writer.writerows([(s, t, "x") for s, t in rows])
    return path


def test_analyse_json_and_out_file(cli: Cli, tmp_path: Path) -> None:
    edges = _two_cliques(tmp_path / "edges.csv")
    result = cli(
        "network",
        "analyse",
        str(edges),
        "--json",
        "--out",
        str(tmp_path / "nodes.csv"),
        "--top",
        "3",
    )
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert payload["nodes"] == 13 and payload["edges"] == 32
    membership = payload["communities"]["membership"]
    assert membership["a1"] == membership["a5"] != membership["b1"] == membership["b5"]
    assert payload["top"]["betweenness"][0]["node"] == "broker"
    assert set(payload["timings_s"]) >= {"communities", "pagerank", "betweenness"}
    with (tmp_path / "nodes.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 13 and rows[0].keys() >= {"node", "community", "pagerank", "core"}


def test_analyse_text_and_bad_file(cli: Cli, tmp_path: Path) -> None:
    edges = _two_cliques(tmp_path / "edges.csv")
    result = cli("network", "analyse", str(edges))
    assert result.code == 0 and "2 communities" in result.out and "key nodes" in result.out
    missing = cli("network", "analyse", str(tmp_path / "none.csv"))
    assert missing.code == 2 and "none.csv" in missing.err and "Traceback" not in missing.err


def test_brief_counts_the_demo_networks(cli: Cli) -> None:
    from straitwatch.access.actor import system_actor
    from straitwatch.access.demo_users import seed_demo_users
    from straitwatch.access.users import actor_for, get_user, seed_agencies
    from straitwatch.cli import context
    from straitwatch.intel.demo import DEMO_AUTHORS, seed_demo_intel
    from straitwatch.store.db import transaction
    from straitwatch.store.migrate import upgrade

    assert cli("db", "upgrade").code == 0
    with transaction(context.engine()) as s:
        seed_agencies(s, system_actor())
        seed_demo_users(s, system_actor(), "Tide-Gris-Nez-2024-network-brief")
    with transaction(context.engine()) as s:
        seed_demo_intel(s, {n: actor_for(s, get_user(s, n)) for n in DEMO_AUTHORS})
    upgrade(context.engine())
    result = cli(
        "network", "brief", "--as", "uk.analyst", "--purpose", "weekly briefing (test)", "--json"
    )
    assert result.code == 0, result.err
    brief = json.loads(result.out)
    assert brief["networks_identified"] == 3 and brief["disruptions_recorded"] == 0
    assert brief["facilitators_linked"] >= 6
    assert {k["id"] for k in brief["key_facilitators"]} >= {
        "demo-org-fictional-boats",
        "demo-person-zebulon-probatus",
    }
    assert (
        "demo-org-fictional-boats" in brief["appeared"]
    )  # first reported in the last week of reports
    text = cli("network", "brief", "--as", "uk.analyst", "--purpose", "weekly briefing (test)")
    assert "networks identified: 3" in text.out and "Zebulon PROBATUS" in text.out
    assert "disruptions recorded: 0" in text.out
    assert "reported under: Enquête MUSTERHAFEN (fictive)" in text.out
    refused = cli("network", "brief", "--as", "nobody", "--purpose", "x")
    assert refused.code == 2 and "nobody" in refused.err

    # The weekly briefing carries the same network section, as the named analyst sees it.
    weekly = cli(
        "flows",
        "brief",
        "--week",
        "2025-W32",
        "--out",
        "brief.html",
        "--network-as",
        "uk.analyst",
        "--purpose",
        "weekly briefing (test)",
    )
    assert weekly.code == 0, weekly.err
    page = Path("brief.html").read_text(encoding="utf-8")
    assert "Smuggling networks" in page and "3 networks identified" in page
    assert "Key facilitator Zebulon PROBATUS" in page and "0 disruptions recorded" in page
    assert "Reported under: " in page and "Onderzoek VOORBEELD (fictief)" in page
    no_purpose = cli(
        "flows", "brief", "--week", "2025-W32", "--out", "b.html", "--network-as", "uk.analyst"
    )
    assert no_purpose.code == 2 and "--purpose" in no_purpose.err
