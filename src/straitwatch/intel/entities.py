# SPDX-License-Identifier: EUPL-1.2
"""Entities of the smuggling organisations (FtM), each value with its provenance (which
report, which agency) as a row of ``intel_entity_values``, and FtM JSON lines import and
export in batches.

What an actor sees of an entity is computed only from the values they may see
(:mod:`straitwatch.access.visibility`): its schema, caption, properties, handling code
(the strictest of the reports they may read) and links. Values and links they may not
see change nothing they see; an entity with none they may see does not exist for them.

>>> load_entities(session, uk, lines, report_id=7)           # doctest: +SKIP
3
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from followthemoney.proxy import EntityProxy
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction
from straitwatch.access.policy import Resource, enforce
from straitwatch.access.visibility import (
    entity_filter,
    readable_report_ids,
    value_filter,
    visible_entity,
    visible_values,
)
from straitwatch.intel.entity_import import load_entities
from straitwatch.intel.events import log
from straitwatch.intel.ftm import schema
from straitwatch.intel.grading import handling_code
from straitwatch.intel.handling import strictest
from straitwatch.store.intel import EntityReportRow, EntityRow, EntityValueRow, ReportRow

__all__ = [
    "caption_for",
    "entity_view",
    "entity_views",
    "export_entities",
    "get_entity",
    "list_entities",
    "load_entities",
    "visible_text",
]

EXPORT_BATCH = 500


def _props(values: Iterable[EntityValueRow]) -> dict[str, list[str]]:
    props: dict[str, list[str]] = {}
    for v in values:
        seen = props.setdefault(v.prop, [])
        if v.value not in seen:
            seen.append(v.value)
    return props


def caption_for(schema_name: str, props: dict[str, list[str]]) -> str:
    """FtM's caption of an entity from the values given (the actor's visible ones)."""
    proxy = EntityProxy(schema(schema_name), {"properties": props}, cleaned=True)
    return str(proxy.caption)[:300]


def visible_text(session: Session, actor: Actor, row: EntityRow) -> str:
    """The id and the values the actor may see, lower-cased: what a search may match."""
    values = " ".join(v.value for v in visible_values(session, actor, row.id))
    return f"{row.id} {values}".lower()


def _view(row: EntityRow, values: list[EntityValueRow], reports: list[ReportRow]) -> dict[str, Any]:
    """The entity drawn from ``values`` (visible ones) and ``reports`` (readable links)."""
    props = _props(values)
    schema_name = values[0].schema if values else row.schema
    best = strictest((r.handling_scale, r.handling_code) for r in reports)
    code = handling_code(*best) if best else None
    agencies = sorted({v.agency for v in values})
    return {
        "id": row.id,
        "schema": schema_name,
        "caption": caption_for(schema_name, props),
        "properties": props,
        "provenance": [
            {"prop": v.prop, "value": v.value, "report_id": v.report_id, "agency": v.agency}
            for v in values
        ],
        "reports": sorted(r.id for r in reports),
        "handling": None
        if code is None
        else {"scale": code.scale, "code": code.code, "label": code.label, "banner": code.banner},
        "owner_agency": row.owner_agency if row.owner_agency in agencies else None,
        "agencies": agencies,
    }


def entity_views(session: Session, actor: Actor, rows: list[EntityRow]) -> list[dict[str, Any]]:
    """Views of many entities with two queries (values, linked readable reports)."""
    ids = [r.id for r in rows]
    values: dict[str, list[EntityValueRow]] = {i: [] for i in ids}
    for v in session.scalars(
        select(EntityValueRow)
        .where(EntityValueRow.entity_id.in_(ids), value_filter(actor))
        .order_by(EntityValueRow.id)
    ):
        values[v.entity_id].append(v)
    reports: dict[str, list[ReportRow]] = {i: [] for i in ids}
    for entity_id, report in session.execute(
        select(EntityReportRow.entity_id, ReportRow)
        .join(ReportRow, ReportRow.id == EntityReportRow.report_id)
        .where(
            EntityReportRow.entity_id.in_(ids),
            EntityReportRow.report_id.in_(readable_report_ids(actor)),
        )
    ):
        reports[entity_id].append(report)
    return [_view(r, values[r.id], reports[r.id]) for r in rows]


def entity_view(session: Session, actor: Actor, row: EntityRow) -> dict[str, Any]:
    """The entity as ``actor`` may see it: an FtM dict plus provenance and handling."""
    return entity_views(session, actor, [row])[0]


def get_entity(
    session: Session, actor: Actor, entity_id: str, *, purpose: str | None = None
) -> dict[str, Any]:
    """One entity for ``actor`` (a consultation event); the same 404 for an id never used
    and for an entity the actor sees no value of."""
    enforce(session, actor, Action.ENTITIES_READ, Resource("entity"), purpose=purpose)
    row = visible_entity(session, actor, entity_id)
    log(session, actor, AuditAction.CONSULTATION, "entity", row.id, purpose=purpose)
    return entity_view(session, actor, row)


def _visible_stmt(actor: Actor, q: str | None) -> Any:
    stmt = select(EntityRow).where(entity_filter(actor)).order_by(EntityRow.id)
    if q and q.strip():
        needle = q.strip().lower()
        matching = select(EntityValueRow.entity_id).where(
            value_filter(actor), func.lower(EntityValueRow.value).contains(needle, autoescape=True)
        )
        stmt = stmt.where(or_(EntityRow.id.in_(matching), EntityRow.id == q.strip()))
    return stmt


def list_entities(
    session: Session,
    actor: Actor,
    q: str | None = None,
    *,
    limit: int = 200,
    purpose: str | None = None,
) -> list[dict[str, Any]]:
    """Entities with a visible value containing ``q``: one consultation event naming every
    entity shown (as an export batch does; the DPO's subject trail reads both), not one
    audit write per row."""
    enforce(session, actor, Action.ENTITIES_READ, Resource("entity"), purpose=purpose)
    rows = list(session.scalars(_visible_stmt(actor, q).limit(limit)))
    views = entity_views(session, actor, rows)
    if rows:
        _log_shown(session, actor, rows, purpose=purpose, via="list")
    return views


def _log_shown(
    session: Session, actor: Actor, rows: list[EntityRow], *, purpose: str | None, via: str
) -> None:
    """One consultation event naming every entity shown (the DPO's subject trail reads it)."""
    ids = [r.id for r in rows]
    log(
        session,
        actor,
        AuditAction.CONSULTATION,
        "entity",
        None,
        purpose=purpose,
        via=via,
        entities=ids,
    )


def export_entities(
    session: Session,
    actor: Actor,
    q: str | None = None,
    *,
    purpose: str | None = None,
    commit: Callable[[], None] | None = None,
) -> Iterator[str]:
    """FtM JSON lines of the entities the actor may see (values they may see only), each
    with its ``handling`` alongside, read in batches of :data:`EXPORT_BATCH` (one
    consultation event per batch naming its entities; ``commit`` is called after each)."""
    enforce(session, actor, Action.ENTITIES_READ, Resource("entity"), purpose=purpose)
    last = ""
    while True:
        rows = list(
            session.scalars(_visible_stmt(actor, q).where(EntityRow.id > last).limit(EXPORT_BATCH))
        )
        if not rows:
            return
        last = rows[-1].id
        views = entity_views(session, actor, rows)
        _log_shown(session, actor, rows, purpose=purpose, via="export")
        if commit is not None:
            commit()
        for view in views:
            line = {"id": view["id"], "schema": view["schema"], "properties": view["properties"]}
            if view["handling"]:
                line["handling"] = view["handling"]
            yield _dumps(line)


def _dumps(line: dict[str, Any]) -> str:
    return json.dumps(line, ensure_ascii=False, sort_keys=True)
