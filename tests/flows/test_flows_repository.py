# SPDX-License-Identifier: EUPL-1.2
"""Loading into the store (SQLite and PostgreSQL): round trip, idempotent reloads,
revisions recorded by day, audit events, access refusal, nothing half-loaded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select
from tests.flows.workbook import edited

from straitwatch.access.actor import Actor, Role, system_actor
from straitwatch.access.audit import verify
from straitwatch.errors import NotAllowed
from straitwatch.flows.dataset import TABLES, FlowsDataset
from straitwatch.flows.repository import has_data, load_sources, read_dataset, revisions
from straitwatch.flows.sources import ParsedSource, parse_source
from straitwatch.store.access import AuditEventRow
from straitwatch.store.db import transaction
from straitwatch.store.flows import FlowsDailyRow, FlowsLoadRow

_SORT = {
    "frontex": ["month", "route", "crossing_type", "nationality_iso3"],
    "iom": ["incident_date", "location", "dead_and_missing"],
    "irregular": ["quarter_end", "method", "nationality", "region", "sex", "age_group"],
    "reference": ["topic", "metric", "period", "source"],
}


def _day_row(day: date) -> int:
    return 2 + (day - date(2018, 1, 1)).days


def _week_row(sunday: date) -> int:
    return 2 + (sunday - date(2018, 1, 7)).days // 7


@pytest.fixture(scope="module")
def revised_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real workbook as a newer edition: 9 Aug 2025 revised 435 -> 440 (marked), its
    week 1,119 -> 1,124 (marked), and 10 Aug 2025 boats 5 -> 6 with no mark."""

    def revise(book: object) -> None:
        book.set_number("SB_01", _day_row(date(2025, 8, 9)), 1, 440)  # type: ignore[attr-defined]
        book.set_text("SB_01", _day_row(date(2025, 8, 9)), 4, "Revised")  # type: ignore[attr-defined]
        book.set_number("SB_01", _day_row(date(2025, 8, 10)), 2, 6)  # type: ignore[attr-defined]
        book.set_number("SB_02", _week_row(date(2025, 8, 10)), 1, 1124)  # type: ignore[attr-defined]
        book.set_number("SB_02", _week_row(date(2025, 8, 10)), 2, 20)  # type: ignore[attr-defined]
        book.set_text("SB_02", _week_row(date(2025, 8, 10)), 6, "Revised")  # type: ignore[attr-defined]

    source = Path(__file__).resolve().parents[2] / "src/straitwatch/flows/data"
    out = tmp_path_factory.mktemp("revised") / "homeoffice_small_boats_time_series_newer.ods"
    return edited(source / "homeoffice_small_boats_time_series_2026-08-21.ods", out, revise)


def test_load_then_read_gives_back_every_table(
    any_engine: Engine, bundled: list[ParsedSource], dataset: FlowsDataset
) -> None:
    with transaction(any_engine) as session:
        assert not has_data(session)
        reports = load_sources(session, system_actor(), bundled)
    assert [r.added for r in reports] == [s.rows for s in bundled]
    with transaction(any_engine) as session:
        stored = read_dataset(session)
        assert has_data(session)
    for name in TABLES:
        got, want = getattr(stored, name), getattr(dataset, name)
        if name in _SORT:
            got = got.sort_values(_SORT[name]).reset_index(drop=True)
            want = want.sort_values(_SORT[name]).reset_index(drop=True)
        pd.testing.assert_frame_equal(got, want, obj=name)


def test_reloading_is_idempotent_and_every_load_is_audited(
    any_engine: Engine, bundled: list[ParsedSource]
) -> None:
    with transaction(any_engine) as session:
        load_sources(session, system_actor(), bundled)
    with transaction(any_engine) as session:
        again = load_sources(session, system_actor(), bundled)
    assert [(r.added, r.changed, r.revised_days) for r in again] == [(0, 0, ())] * len(bundled)
    with transaction(any_engine) as session:
        assert session.scalar(select(func.count()).select_from(FlowsDailyRow)) == 3154
        assert session.scalar(select(func.count()).select_from(FlowsLoadRow)) == 2 * len(bundled)
        assert revisions(session) == []
        events = session.scalars(
            select(AuditEventRow).where(AuditEventRow.resource_kind == "flows_source")
        ).all()
        assert len(events) == 2 * len(bundled)
        assert {e.action for e in events} == {"administration"}
        assert {e.detail["file"] for e in events} == {s.path.name for s in bundled}
        assert all(e.actor.startswith("cli:") for e in events)
        assert verify(session) == 2 * len(bundled)


def test_a_newer_workbook_revises_figures_and_records_the_days(
    any_engine: Engine, bundled: list[ParsedSource], revised_workbook: Path
) -> None:
    with transaction(any_engine) as session:
        load_sources(session, system_actor(), bundled[:1])
    newer = parse_source(revised_workbook)
    with transaction(any_engine) as session:
        (report,) = load_sources(session, system_actor(), [newer])
    assert report.added == 0
    assert report.revised_days == (date(2025, 8, 9), date(2025, 8, 10), date(2025, 8, 10))
    assert report.unmarked_revisions == (date(2025, 8, 10),)
    with transaction(any_engine) as session:
        changes = [
            (r.series, r.period, r.field, r.old_value, r.new_value, r.marked_revised)
            for r in revisions(session, report.load_id)
        ]
        ds = read_dataset(session)
        load = session.get(FlowsLoadRow, report.load_id)
        assert load is not None and load.changed == 3
    assert changes == [
        ("daily", date(2025, 8, 9), "migrants_arrived", 435, 440, True),
        ("daily", date(2025, 8, 10), "boats_arrived", 5, 6, False),
        ("weekly", date(2025, 8, 10), "migrants_arrived", 1119, 1124, True),
        ("weekly", date(2025, 8, 10), "boats_arrived", 19, 20, True),
    ]
    assert ds.daily.loc["2025-08-09", "migrants_arrived"] == 440
    assert bool(ds.daily.loc["2025-08-09", "marked_revised"])
    with transaction(any_engine) as session:
        (again,) = load_sources(session, system_actor(), [newer])
    assert (again.added, again.changed) == (0, 0)


def test_a_role_without_flows_load_is_refused_and_the_refusal_logged(
    engine: Engine, bundled: list[ParsedSource]
) -> None:
    watch = Actor("uk.watch", "HMCG", Role.WATCH_OFFICER, "GB")
    with pytest.raises(NotAllowed), transaction(engine) as session:
        load_sources(session, watch, bundled[:1])
    with transaction(engine) as session:
        assert not has_data(session)
        denied = session.scalars(select(AuditEventRow)).all()
        assert [(e.action, e.actor) for e in denied] == [("access_denied", "uk.watch")]
