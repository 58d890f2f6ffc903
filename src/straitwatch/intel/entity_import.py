# SPDX-License-Identifier: EUPL-1.2
"""Bulk import of FtM entities in batches: every line is checked first (all or nothing: a
bad line names its number and nothing is written), then entities are written
:data:`IMPORT_BATCH` at a time with a handful of statements per batch and, when the
caller passes ``commit``, committed batch by batch so reads and logins are never held up.

Values are added with their provenance (the report they were drawn from, the agency that
entered them). Anyone with ``entities.write`` may add values to any entity id: they are
shown only to those who may see their source, so adding discloses nothing, and an id's
existence, owner or schema is never revealed to whom it is not visible.

>>> load_entities(session, uk, lines, report_id=7, commit=session.commit)  # doctest: +SKIP
10000
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction
from straitwatch.access.policy import Resource, enforce
from straitwatch.access.visibility import Sight, value_filter, visible_report
from straitwatch.errors import InvalidInput
from straitwatch.intel import search_index
from straitwatch.intel.events import log
from straitwatch.intel.ftm import entity_from_dict
from straitwatch.intel.handling import strictest
from straitwatch.store.base import utcnow
from straitwatch.store.intel import EntityReportRow, EntityRow, EntityValueRow, ReportRow

__all__ = ["IMPORT_BATCH", "load_entities", "refresh_entities", "refresh_entity"]

IMPORT_BATCH = 200


@dataclass(frozen=True, slots=True)
class _Parsed:
    id: str
    schema: str
    values: tuple[tuple[str, str], ...]


def _parse(lines: Iterable[str], phone_region: str | None) -> list[_Parsed]:
    out: list[_Parsed] = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            proxy = entity_from_dict(json.loads(line), phone_region=phone_region)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"not JSON: {exc.msg}", where=f"line {n}") from exc
        except InvalidInput as exc:
            raise InvalidInput(exc.message, where=f"line {n} {exc.where or ''}".strip()) from exc
        assert proxy.id is not None
        values = tuple(dict.fromkeys((p, v) for p, vs in proxy.properties.items() for v in vs))
        out.append(_Parsed(proxy.id, proxy.schema.name, values))
    return out


def _check_schemas(session: Session, actor: Actor, batch: list[_Parsed]) -> None:
    """An entity the actor sees keeps its schema; one they do not see reveals nothing (the
    values they add carry their own schema, shown with them)."""
    ids = [p.id for p in batch]
    seen = {
        entity_id: name
        for entity_id, name in session.execute(
            select(EntityValueRow.entity_id, EntityValueRow.schema).where(
                EntityValueRow.entity_id.in_(ids), value_filter(actor)
            )
        )
    }
    for p in batch:
        if p.id in seen and seen[p.id] != p.schema:
            raise InvalidInput(f"entity {p.id} is a {seen[p.id]}, not a {p.schema}", where="schema")


def _write_batch(
    session: Session, actor: Actor, batch: list[_Parsed], report: ReportRow | None
) -> None:
    report_id = report.id if report else None
    ids = list(dict.fromkeys(p.id for p in batch))
    existing = set(session.scalars(select(EntityRow.id).where(EntityRow.id.in_(ids))))
    now = utcnow()
    new_rows = []
    for p in batch:
        if p.id not in existing:
            existing.add(p.id)
            new_rows.append(
                {
                    "id": p.id,
                    "schema": p.schema,
                    "caption": "",
                    "properties": {},
                    "provenance": [],
                    "owner_agency": actor.agency,
                    "search_text": "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
    if new_rows:
        session.execute(insert(EntityRow), new_rows)
    known_stmt = select(EntityValueRow.entity_id, EntityValueRow.prop, EntityValueRow.value).where(
        EntityValueRow.entity_id.in_(ids), EntityValueRow.agency == actor.agency
    )
    known_stmt = known_stmt.where(
        EntityValueRow.report_id == report_id
        if report_id is not None
        else EntityValueRow.report_id.is_(None)
    )
    known = {(e, p, v) for e, p, v in session.execute(known_stmt)}
    values = []
    for p in batch:
        for prop, value in p.values:
            if (p.id, prop, value) not in known:
                known.add((p.id, prop, value))
                values.append(
                    {
                        "entity_id": p.id,
                        "schema": p.schema,
                        "prop": prop,
                        "value": value,
                        "report_id": report_id,
                        "agency": actor.agency,
                    }
                )
    if values:
        session.execute(insert(EntityValueRow), values)
    if report_id is not None:
        linked = set(
            session.scalars(
                select(EntityReportRow.entity_id).where(
                    EntityReportRow.report_id == report_id, EntityReportRow.entity_id.in_(ids)
                )
            )
        )
        links = [{"entity_id": i, "report_id": report_id} for i in ids if i not in linked]
        if links:
            session.execute(insert(EntityReportRow), links)
    refresh_entities(session, ids, indexed=bool(set(ids) - {r["id"] for r in new_rows}))
    log(
        session,
        actor,
        AuditAction.COLLECTION,
        "entity",
        None,
        report_id=report_id,
        entities=ids,
        values=len(values),
    )
    session.flush()


def load_entities(
    session: Session,
    actor: Actor,
    lines: Iterable[str],
    *,
    report_id: int | None = None,
    phone_region: str | None = None,
    commit: Callable[[], None] | None = None,
    batch_size: int = IMPORT_BATCH,
) -> int:
    """Import FtM JSON lines drawn from ``report_id`` (which the actor must be able to
    read); return the number of entities. Each batch is one collection event naming its
    entities, committed with ``commit`` when given."""
    enforce(session, actor, Action.ENTITIES_WRITE, Resource("entity"))
    report = None
    if report_id is not None:
        report = visible_report(session, actor, report_id, Sight.READ)
    parsed = _parse(lines, phone_region)
    for start in range(0, len(parsed), batch_size):
        batch = parsed[start : start + batch_size]
        _check_schemas(session, actor, batch)
        _write_batch(session, actor, batch, report)
        if commit is not None:
            commit()
            if report is not None:
                report = visible_report(session, actor, report.id, Sight.READ)
    return len(parsed)


def refresh_entity(session: Session, row: EntityRow) -> None:
    """:func:`refresh_entities` for one entity."""
    session.flush()
    refresh_entities(session, [row.id], indexed=True)
    session.refresh(row)


def refresh_entities(session: Session, ids: list[str], *, indexed: bool) -> None:
    """Recompute the stored summary of entities from all their values (internal only: what
    an actor sees is computed from their visible values) and re-index them for search, in
    a few statements for the whole batch (``indexed``: some may be in the index already)."""
    props: dict[str, dict[str, list[str]]] = {i: {} for i in ids}
    sources: dict[str, set[int]] = {i: set() for i in ids}
    for entity_id, prop, value, report_id in session.execute(
        select(
            EntityValueRow.entity_id,
            EntityValueRow.prop,
            EntityValueRow.value,
            EntityValueRow.report_id,
        )
        .where(EntityValueRow.entity_id.in_(ids))
        .order_by(EntityValueRow.id)
    ):
        seen = props[entity_id].setdefault(prop, [])
        if value not in seen:
            seen.append(value)
        if report_id is not None:
            sources[entity_id].add(report_id)
    all_reports = sorted(set().union(*sources.values()))
    codes = {
        rid: (str(scale), str(code))
        for rid, scale, code in session.execute(
            select(ReportRow.id, ReportRow.handling_scale, ReportRow.handling_code).where(
                ReportRow.id.in_(all_reports)
            )
        )
    }
    now = utcnow()
    updates = []
    index: list[tuple[str, str]] = []
    for entity_id in ids:
        text = " ".join(v for vs in props[entity_id].values() for v in vs)
        index.append((entity_id, f"{entity_id} {text}".lower()))
        best = strictest(codes[r] for r in sorted(sources[entity_id]) if r in codes)
        updates.append(
            {
                "id": entity_id,
                "properties": props[entity_id],
                "caption": entity_id[:300],
                "search_text": f"{entity_id} {text}".lower(),
                "handling_scale": best[0] if best else None,
                "handling_code": best[1] if best else None,
                "updated_at": now,
            }
        )
    session.execute(update(EntityRow), updates)
    search_index.put_many(session, "entity", index, known=indexed)
