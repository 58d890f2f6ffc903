# SPDX-License-Identifier: EUPL-1.2
"""The patrol planner: optimal against brute force, budgets follow the forecast, sector
histories from tables, departures or nothing."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from straitwatch.errors import InvalidInput
from straitwatch.flows.patrol import PatrolRequest, plan_patrols
from straitwatch.flows.sectors import (
    UNIFORM_SOURCE,
    SectorHistory,
    TimeWindow,
    departure_sectors,
    history_from_departures,
    history_from_table,
    parse_window,
    uniform_history,
)

FIXTURES = Path(__file__).parent / "fixtures"
WHOLE_DAY = (TimeWindow("all", 0, 0),)


def _history(weights: list[float]) -> SectorHistory:
    shares = np.repeat(np.asarray(weights)[:, None], 24, axis=1)
    return SectorHistory(tuple(f"S{i}" for i in range(len(weights))), shares / shares.sum(), "test")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(min_value=0.0, max_value=10.0), min_size=2, max_size=4),
    st.integers(min_value=1, max_value=4),
    st.floats(min_value=0.05, max_value=1.0),
)
def test_the_plan_is_optimal_against_brute_force(
    weights: list[float], units: int, p: float
) -> None:
    if sum(weights) == 0:
        weights[0] = 1.0
    history = _history(weights)
    plan = plan_patrols(
        [date(2025, 8, 11)], [3.0], history, PatrolRequest(units, WHOLE_DAY, None, p)
    )
    expected = plan.expected[0, 0]
    best = max(
        float((expected * (1 - (1 - p) ** np.asarray(split))).sum())
        for split in itertools.product(range(units + 1), repeat=len(weights))
        if sum(split) == units
    )
    assert float(plan.covered.sum()) == pytest.approx(best, rel=1e-9, abs=1e-12)
    assert int(plan.units.sum()) == units
    assert plan.coverage >= plan.baseline_coverage - 1e-12


def test_a_budget_goes_to_the_busiest_days() -> None:
    days = [date(2025, 8, 11) + timedelta(days=i) for i in range(4)]
    plan = plan_patrols(
        days, [1.0, 8.0, 2.0, 0.0], _history([1, 1, 2]), PatrolRequest(3, WHOLE_DAY, 5, 0.5)
    )
    assert plan.units.sum(axis=(1, 2)).tolist() == [1, 3, 1, 0]
    assert plan.units.sum() == 5


def test_sector_history_from_the_supplied_table() -> None:
    ids = [sector_id for sector_id, _ in departure_sectors()]
    assert ids[0] == "FR-DKE" and ids[-1] == "FR-SOM"
    history = history_from_table(FIXTURES / "sector_history.csv", ids)
    shares = history.window_shares(
        (parse_window("night:22-06"), parse_window("day:06-14"), parse_window("evening:14-22"))
    )
    assert shares.sum() == pytest.approx(1.0)
    assert shares[ids.index("FR-GRV")].tolist() == pytest.approx([0.2, 0.1, 0.0])
    assert shares[ids.index("FR-SOM")].sum() == 0
    plan = plan_patrols([date(2025, 8, 11)], [10.0], history, PatrolRequest(2))
    night = plan.units[0, 0]
    # Gravelines (20%) first; then Wimereux (15%) beats a second unit at Gravelines (10%).
    assert {ids[i]: int(night[i]) for i in np.flatnonzero(night)} == {"FR-GRV": 1, "FR-WIM": 1}
    assert plan.units[0, 2, ids.index("FR-BRK")] == 2  # the only sector with evening departures


def test_sector_history_from_departures_keeps_a_small_prior() -> None:
    departures = [("FR-WIM", datetime(2025, 8, 1, 3, tzinfo=UTC))] * 9 + [
        ("FR-BOU", datetime(2025, 8, 2, 23, 30, tzinfo=UTC))
    ]
    history = history_from_departures(departures, ["FR-WIM", "FR-BOU", "FR-SOM"], 1.0)
    assert history.hourly_share[0, 3] == pytest.approx((9 + 1 / 72) / 11)
    assert history.hourly_share[2].sum() == pytest.approx((24 / 72) / 11)
    assert history.source == "10 observed departures"
    with pytest.raises(InvalidInput, match="unknown sector 'FR-XXX'"):
        history_from_departures([("FR-XXX", datetime(2025, 8, 1, tzinfo=UTC))], ["FR-WIM"])
    with pytest.raises(InvalidInput, match="no time zone"):
        history_from_departures([("FR-WIM", datetime(2025, 8, 1))], ["FR-WIM"])


def test_uniform_prior_says_so_and_spreads_units() -> None:
    history = uniform_history(["A", "B", "C"])
    plan = plan_patrols([date(2025, 8, 11)], [3.0], history, PatrolRequest(3, WHOLE_DAY))
    assert plan.history_source == UNIFORM_SOURCE
    assert plan.units[0, 0].tolist() == [1, 1, 1]


def test_bad_tables_and_requests_are_refused(tmp_path: Path) -> None:
    table = tmp_path / "history.csv"
    table.write_text("sector,hour,share\nFR-WIM,25,0.5\n")
    with pytest.raises(InvalidInput, match=r"history.csv line 2: hour '25' is not 0-23"):
        history_from_table(table, ["FR-WIM"])
    table.write_text("sector,window,count\nFR-ZZZ,22-06,3\n")
    with pytest.raises(InvalidInput, match="line 2: unknown departure sector 'FR-ZZZ'"):
        history_from_table(table, ["FR-WIM"])
    table.write_text("place,when,share\n")
    with pytest.raises(InvalidInput, match="needs columns sector, hour|window"):
        history_from_table(table, ["FR-WIM"])
    gap = PatrolRequest(1, (parse_window("night:22-06"), parse_window("day:06-14")))
    with pytest.raises(InvalidInput, match="cover each hour of the day exactly once"):
        plan_patrols([date(2025, 8, 11)], [1.0], uniform_history(["A"]), gap)
    with pytest.raises(InvalidInput, match="not HH-HH"):
        parse_window("night")
