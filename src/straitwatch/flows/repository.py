# SPDX-License-Identifier: EUPL-1.2
"""The store edge of flows: write checked sources (with revisions and audit), read them back.

:func:`load_sources` writes parsed files inside the caller's transaction, so a list of
files goes in whole or not at all. A Home Office series is merged day by day: a new day
is added, a changed figure is updated and its old and new values kept in
``flows_revisions`` (with whether the workbook marked the day "Revised"); loading the
same workbook again changes nothing. The other sources are published as whole snapshots
and are replaced when, and only when, their content differs. Every load is one
ADMINISTRATION audit event (who loaded which file): the figures are aggregates, so no
personal data is collected.

>>> with transaction(engine) as session:                              # doctest: +SKIP
...     reports = load_sources(session, system_actor(), [parse_source(path)])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import delete, func, insert, inspect, select
from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction, AuditEvent, record
from straitwatch.access.policy import Resource, enforce
from straitwatch.flows.dataset import TABLES, FlowsDataset, conform, empty_table
from straitwatch.flows.sectors import (
    SectorHistory,
    departure_sectors,
    history_from_departures,
    uniform_history,
)
from straitwatch.flows.sources import ParsedSource
from straitwatch.store.alerts import AlertRow
from straitwatch.store.base import Base
from straitwatch.store.flows import (
    FlowsDailyRow,
    FlowsLoadRow,
    FlowsRevisionRow,
    FlowsWeeklyRow,
    FrontexDetectionRow,
    IomIncidentRow,
    IrregularArrivalRow,
    ReferenceFigureRow,
)

__all__ = [
    "LoadReport",
    "departure_history",
    "has_data",
    "load_sources",
    "observed_departures",
    "read_dataset",
    "revisions",
    "store_version",
]

_SERIES: dict[str, tuple[Any, str]] = {
    "daily": (FlowsDailyRow, "day"),
    "weekly": (FlowsWeeklyRow, "week_ending"),
}
_SNAPSHOTS: dict[str, type[Base]] = {
    "frontex": FrontexDetectionRow,
    "iom": IomIncidentRow,
    "irregular": IrregularArrivalRow,
    "reference": ReferenceFigureRow,
}
_FIGURES = {
    "daily": ("migrants_arrived", "boats_arrived", "boats_uncontrolled"),
    "weekly": (
        "migrants_arrived",
        "boats_arrived",
        "boats_uncontrolled",
        "migrants_prevented",
        "events_prevented",
    ),
}
_LISTED = 50  # changed days named in the audit detail; the full list is in flows_revisions


@dataclass(frozen=True)
class LoadReport:
    """What one file's load did: rows read, rows added, figures revised and where."""

    load_id: int
    kind: str
    file_name: str
    sha256: str
    rows: int
    added: int
    changed: int
    revised_days: tuple[date, ...]
    unmarked_revisions: tuple[date, ...]
    warnings: tuple[str, ...]


def _python_column(series: pd.Series) -> list[Any]:
    """A column as plain Python values for the driver: dates, ints, floats, str, None."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return [None if pd.isna(v) else v.date() for v in series]
    if isinstance(series.dtype, pd.Int64Dtype):
        return [None if v is pd.NA else int(v) for v in series]
    values: list[Any] = series.to_numpy(dtype=object).tolist()
    return [v.item() if hasattr(v, "item") else v for v in values]


def _columns(frame: pd.DataFrame, index_name: str | None = None) -> dict[str, list[Any]]:
    if index_name:
        frame = frame.reset_index(names=index_name)
    return {str(c): _python_column(frame[c]) for c in frame.columns}


def _records(frame: pd.DataFrame, index_name: str | None = None) -> list[dict[str, Any]]:
    columns = _columns(frame, index_name)
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def _merge_series(
    session: Session, name: str, frame: pd.DataFrame, load_id: int
) -> tuple[int, list[date], list[date]]:
    table, key = _SERIES[name]
    stored = {getattr(r, key): r for r in session.scalars(select(table))}
    added, revised, unmarked, new_rows = 0, [], [], []
    for rec in _records(frame, key):
        day = rec[key]
        row = stored.get(day)
        if row is None:
            new_rows.append({**rec, "load_id": load_id})
            added += 1
            continue
        changes = [f for f in _FIGURES[name] if getattr(row, f) != rec[f]]
        for f in changes:
            session.add(
                FlowsRevisionRow(
                    load_id=load_id,
                    series=name,
                    period=day,
                    field=f,
                    old_value=getattr(row, f),
                    new_value=rec[f],
                    marked_revised=rec["marked_revised"],
                )
            )
            setattr(row, f, rec[f])
        row.marked_revised = rec["marked_revised"]
        if changes:
            row.load_id = load_id
            revised.append(day)
            if not rec["marked_revised"]:
                unmarked.append(day)
    if new_rows:
        session.execute(insert(table), new_rows)
    return added, revised, unmarked


def _replace_snapshot(session: Session, name: str, frame: pd.DataFrame) -> tuple[int, int]:
    """Replace a snapshot table when its content differs; return (added, removed) rows."""
    table = _SNAPSHOTS[name]
    columns = _columns(conform(name, frame))
    names = list(columns)
    incoming = Counter(zip(*columns.values(), strict=True))
    selected = [table.__table__.c[c] for c in names]
    old = Counter(tuple(row) for row in session.execute(select(*selected)).all())
    added, removed = sum((incoming - old).values()), sum((old - incoming).values())
    if added or removed:
        session.execute(delete(table))
        session.execute(
            insert(table), [dict(zip(names, row, strict=True)) for row in incoming.elements()]
        )
    return added, removed


def load_sources(
    session: Session, actor: Actor, sources: Sequence[ParsedSource]
) -> list[LoadReport]:
    """Write ``sources`` in the caller's transaction; one report and audit event per file."""
    enforce(session, actor, Action.FLOWS_LOAD, Resource("flows_source"))
    reports = []
    for source in sources:
        load = FlowsLoadRow(
            actor=actor.username,
            source_kind=str(source.kind),
            file_name=source.path.name,
            sha256=source.sha256,
            rows=source.rows,
            changed=0,
            detail={},
        )
        session.add(load)
        session.flush()
        added = changed = 0
        revised: list[date] = []
        unmarked: list[date] = []
        for name, frame in source.tables.items():
            if name in _SERIES:
                n_added, days, days_unmarked = _merge_series(session, name, frame, load.id)
                added += n_added
                changed += len(days)
                revised += days
                unmarked += days_unmarked
            else:
                n_added, n_removed = _replace_snapshot(session, name, frame)
                added += n_added
                changed += n_removed
        load.changed = added + changed
        load.detail = {
            "added": added,
            "revised": changed,
            "revised_days": [d.isoformat() for d in revised[:_LISTED]],
            "unmarked_revisions": [d.isoformat() for d in unmarked[:_LISTED]],
            "warnings": list(source.warnings[:_LISTED]),
        }
        record(
            session,
            AuditEvent(
                action=AuditAction.ADMINISTRATION,
                actor=actor.username,
                agency=actor.agency,
                role=str(actor.role),
                resource_kind="flows_source",
                resource_id=str(load.id),
                purpose="load published crossing statistics (aggregates, no personal data)",
                detail={
                    "file": source.path.name,
                    "kind": str(source.kind),
                    "sha256": source.sha256,
                    "rows": source.rows,
                    **load.detail,
                },
            ),
        )
        session.flush()
        reports.append(
            LoadReport(
                load.id,
                str(source.kind),
                source.path.name,
                source.sha256,
                source.rows,
                added,
                changed,
                tuple(revised),
                tuple(unmarked),
                source.warnings,
            )
        )
    return reports


def has_data(session: Session) -> bool:
    """Whether any flows file was ever loaded into this store."""
    return bool(session.scalar(select(func.count()).select_from(FlowsLoadRow)))


def observed_departures(session: Session) -> list[tuple[str, datetime]]:
    """(departure sector id, UTC time) of every departure alert the picture raised, in any
    state: the input of :func:`~straitwatch.flows.sectors.history_from_departures`.
    Alerts that named no sector are left out."""
    rows = session.execute(
        select(AlertRow.time, AlertRow.detail).where(AlertRow.type == "departure")
    )
    out = []
    for when, detail in rows:
        sector = detail.get("sector") if isinstance(detail, dict) else None
        if isinstance(sector, str) and sector:
            out.append((sector, when if when.tzinfo else when.replace(tzinfo=UTC)))
    return out


def departure_history(session: Session, *, observed: bool = True) -> SectorHistory:
    """The declared departure sectors' history, labelled: from the departure alerts when
    ``observed`` and there are any, else even along the coast (and its source says so)."""
    declared = departure_sectors()
    ids = [sector_id for sector_id, _ in declared]
    known = set(ids)
    seen = [d for d in observed_departures(session) if d[0] in known] if observed else []
    history = history_from_departures(seen, ids) if seen else uniform_history(ids)
    return history.with_labels(dict(declared))


def store_version(session: Session) -> int:
    """The latest load's id (0 for an empty store): every load adds one, so the flows
    tables have not changed while this number stays the same (a cache key)."""
    return int(session.scalar(select(func.max(FlowsLoadRow.id))) or 0)


def _read_table(session: Session, name: str) -> pd.DataFrame:
    table = _SERIES[name][0] if name in _SERIES else _SNAPSHOTS[name]
    order = inspect(table).primary_key  # the same order on SQLite and PostgreSQL
    stmt = select(*table.__table__.c).order_by(*order)
    frame = pd.read_sql(stmt, session.connection())
    if frame.empty:
        return empty_table(name)
    for column in ("day", "week_ending", "month", "incident_date", "quarter_end"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    if name in _SERIES:
        frame = frame.set_index(_SERIES[name][1])
    return conform(name, frame)


def read_dataset(session: Session) -> FlowsDataset:
    """Every flows table from the store, ready for statistics and forecasts."""
    return FlowsDataset(**{name: _read_table(session, name) for name in TABLES})


def revisions(session: Session, load_id: int | None = None) -> list[FlowsRevisionRow]:
    """Figures changed by later loads (by one load when ``load_id`` is given), in order."""
    stmt = select(FlowsRevisionRow).order_by(FlowsRevisionRow.id)
    if load_id is not None:
        stmt = stmt.where(FlowsRevisionRow.load_id == load_id)
    return list(session.scalars(stmt))
