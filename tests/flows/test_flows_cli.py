# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch flows`` run as a user would, on a fresh SQLite store."""

from __future__ import annotations

import json
from pathlib import Path

from tests.flows.conftest import Cli
from tests.flows.workbook import build_workbook, two_weeks

FIXTURES = Path(__file__).parent / "fixtures"


def test_help_has_examples(cli: Cli) -> None:
    assert "Example:" in cli("flows", "--help").out
    for command in ("load", "stats", "forecast", "backtest", "plan", "brief"):
        assert "Example: straitwatch flows " + command in cli("flows", command, "--help").out


def test_a_fresh_install_loads_the_bundled_data_on_first_use(cli: Cli) -> None:
    assert cli("db", "upgrade").code == 0
    first = cli("flows", "stats", "--year", "2022", "--by", "year", "--json")
    assert first.code == 0, first.err
    assert "loading the bundled published data" in first.err
    report = json.loads(first.out)
    assert report["arrivals"]["rows"][0]["migrants_arrived"] == 45_755
    second = cli("flows", "stats", "--from", "2025-08-04", "--to", "2025-08-10", "--by", "week")
    assert second.code == 0 and second.err == ""
    assert "2025-W32" in second.out and "1,119" in second.out
    assert "French authorities" in second.out
    again = cli("flows", "load", "--json")
    assert [r["added"] + r["revised"] for r in json.loads(again.out)] == [0, 0, 0, 0, 0]


def test_a_bad_file_among_good_ones_loads_nothing(cli: Cli, tmp_path: Path) -> None:
    cli("db", "upgrade")
    daily, weekly = two_weeks()
    good = build_workbook(tmp_path / "good.ods", daily, weekly)
    daily[2][1] = "lots"
    bad = build_workbook(tmp_path / "bad.ods", daily, weekly)
    result = cli("flows", "load", str(good), str(bad))
    assert result.code == 2
    assert result.err.startswith("error: bad.ods: sheet SB_01 (daily arrivals): 1 bad cell(s): ")
    assert "row 4, column B (Migrants arrived): 'lots' is not a whole number" in result.err
    loaded = cli("flows", "load", str(good), "--json")
    assert json.loads(loaded.out)[0]["added"] == 16  # nothing had been written before


def test_forecast_backtest_plan_and_brief(cli: Cli, tmp_path: Path) -> None:
    cli("db", "upgrade")
    cli("flows", "load")
    forecast = cli("flows", "forecast", "--days", "3", "--as-of", "2025-08-10", "--json")
    assert forecast.code == 0, forecast.err
    assert [d["date"] for d in json.loads(forecast.out)["migrants_arrived"]["daily"]] == [
        "2025-08-11",
        "2025-08-12",
        "2025-08-13",
    ]
    backtest = cli(
        "flows",
        "backtest",
        "--from",
        "2025-01-01",
        "--to",
        "2025-04-30",
        "--horizons",
        "7",
        "--json",
    )
    assert backtest.code == 0, backtest.err
    score = json.loads(backtest.out)["migrants_arrived"]["scores"][0]
    assert score["horizon_days"] == 7 and score["mase"] > 0
    plan = cli("flows", "plan", "--units", "2", "--sectors", str(FIXTURES / "sector_history.csv"))
    assert plan.code == 0, plan.err
    assert "Gravelines" in plan.out and "spread evenly would cover" in plan.out
    out = tmp_path / "brief.pdf"
    brief = cli("flows", "brief", "--week", "2025-W32", "--out", str(out))
    assert brief.code == 0, brief.err
    assert out.stat().st_size > 20_000
    assert cli("flows", "brief", "--week", "2030-W01", "--out", str(out)).err.startswith(
        "error: week 2030-W01 is not complete in the data"
    )
    assert cli("flows", "stats", "--by", "fortnight").code == 2
