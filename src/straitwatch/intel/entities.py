"""Entities of the smuggling organisations (FtM), with per-value provenance (which report,
which agency), the strictest handling code of their source reports, links to the reports
that mention them, and FtM JSON lines import/export.

An actor sees an entity when they may read one of its source reports (or their agency
holds it), and sees only the values drawn from reports they may read.

>>> load_entities(session, uk, lines, report_id=7)           # doctest: +SKIP
3
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from followthemoney.proxy import EntityProxy
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction
from straitwatch.access.policy import Resource, allowed, enforce
from straitwatch.errors import InvalidInput, NotAllowed, NotFound
from straitwatch.intel import search_index
from straitwatch.intel.events import log
from straitwatch.intel.ftm import entity_from_dict, schema
from straitwatch.intel.grading import handling_code
from straitwatch.intel.handling import strictest
from straitwatch.intel.reports import load_report, report_resource
from straitwatch.store.base import utcnow
from straitwatch.store.intel import EntityReportRow, EntityRow, ReportRow

__all__ = [
    "caption_for",
    "entity_resource",
    "entity_view",
    "export_entities",
    "get_entity",
    "list_entities",
    "load_entities",
    "refresh_entity",
    "visible_text",
]


def _source_reports(session: Session, entity_id: str) -> list[ReportRow]:
    return list(
        session.scalars(
            select(ReportRow)
            .join(EntityReportRow, EntityReportRow.report_id == ReportRow.id)
            .where(EntityReportRow.entity_id == entity_id)
        )
    )


def _readable_reports(session: Session, actor: Actor, reports: Iterable[ReportRow]) -> set[int]:
    return {
        r.id for r in reports if allowed(actor, Action.REPORTS_READ, report_resource(session, r))
    }


def entity_resource(session: Session, row: EntityRow) -> Resource:
    """The ``entity`` resource: its holder and every agency that may read a source report."""
    seen: set[str] = set()
    for r in _source_reports(session, row.id):
        res = report_resource(session, r)
        seen.add(r.provider_agency)
        seen.update(res.attrs.get("recipients", ()))
    return Resource("entity", row.id, row.owner_agency, attrs={"agencies": tuple(sorted(seen))})


def _visible_provenance(session: Session, actor: Actor, row: EntityRow) -> list[dict[str, Any]]:
    """Provenance entries (so values) drawn from reports the actor may read, or held by
    the actor's agency without a report."""
    readable = _readable_reports(session, actor, _source_reports(session, row.id))
    mine = actor.agency == row.owner_agency or not actor.is_human
    return [
        p
        for p in row.provenance
        if (p.get("report_id") is None and (mine or p.get("agency") == actor.agency))
        or p.get("report_id") in readable
    ]


def visible_text(session: Session, actor: Actor, row: EntityRow) -> str:
    """Caption and the values the actor may see, lower-cased: what a search may match, so
    a hit never reveals a value drawn from a report the actor may not read."""
    values = " ".join(p["value"] for p in _visible_provenance(session, actor, row))
    return f"{row.id} {values}".lower()


def _props(provenance: list[dict[str, Any]]) -> dict[str, list[str]]:
    props: dict[str, list[str]] = {}
    for p in provenance:
        values = props.setdefault(p["prop"], [])
        if p["value"] not in values:
            values.append(p["value"])
    return props


def caption_for(schema_name: str, props: dict[str, list[str]]) -> str:
    """FtM's caption of an entity from the values given (the actor's visible ones: the
    stored caption may come from a report the actor may not read)."""
    proxy = EntityProxy(schema(schema_name), {"properties": props}, cleaned=True)
    return str(proxy.caption)[:300]


def entity_view(session: Session, actor: Actor, row: EntityRow) -> dict[str, Any]:
    """The entity as ``actor`` may see it: an FtM dict plus provenance and handling."""
    provenance = _visible_provenance(session, actor, row)
    props = _props(provenance)
    readable = _readable_reports(session, actor, _source_reports(session, row.id))
    code = (
        handling_code(row.handling_scale, row.handling_code)
        if row.handling_scale and row.handling_code
        else None
    )
    return {
        "id": row.id,
        "schema": row.schema,
        "caption": caption_for(row.schema, props),
        "properties": props,
        "provenance": provenance,
        "reports": sorted(readable),
        "handling": None
        if code is None
        else {"scale": code.scale, "code": code.code, "label": code.label, "banner": code.banner},
        "owner_agency": row.owner_agency,
    }


def _load_entity(session: Session, actor: Actor, entity_id: str, action: Action) -> EntityRow:
    row = session.get(EntityRow, entity_id)
    if row is None:
        raise NotFound(f"no entity {entity_id}")
    resource = entity_resource(session, row)
    readable = allowed(actor, Action.ENTITIES_READ, resource).allowed
    try:
        enforce(session, actor, action, resource)
    except NotAllowed:
        if not readable:
            raise NotFound(f"no entity {entity_id}") from None
        raise
    return row


def get_entity(
    session: Session, actor: Actor, entity_id: str, *, purpose: str | None = None
) -> dict[str, Any]:
    """One entity for ``actor`` (a consultation event)."""
    row = _load_entity(session, actor, entity_id, Action.ENTITIES_READ)
    log(session, actor, AuditAction.CONSULTATION, "entity", row.id, purpose=purpose)
    return entity_view(session, actor, row)


def _visible_rows(session: Session, actor: Actor, q: str | None, limit: int) -> Iterator[EntityRow]:
    enforce(session, actor, Action.ENTITIES_READ, Resource("entity"))
    stmt = select(EntityRow).order_by(EntityRow.caption, EntityRow.id)
    if q:
        like = f"%{q.strip().lower()}%"
        stmt = stmt.where(or_(EntityRow.search_text.like(like), EntityRow.id == q.strip()))
    shown = 0
    for row in session.scalars(stmt):
        if shown >= limit:
            return
        if not allowed(actor, Action.ENTITIES_READ, entity_resource(session, row)):
            continue
        if q and q.strip().lower() not in visible_text(session, actor, row):
            continue
        shown += 1
        yield row


def list_entities(
    session: Session, actor: Actor, q: str | None = None, *, limit: int = 200
) -> list[dict[str, Any]]:
    """Entities the actor may see whose caption or values contain ``q`` (consultations)."""
    out = []
    for row in _visible_rows(session, actor, q, limit):
        log(session, actor, AuditAction.CONSULTATION, "entity", row.id, via="list")
        out.append(entity_view(session, actor, row))
    return out


def refresh_entity(session: Session, row: EntityRow) -> None:
    """Recompute caption, search text and the strictest handling code of its sources."""
    model_props = _props(row.provenance)
    proxy = entity_from_dict({"id": row.id, "schema": row.schema, "properties": model_props})
    row.properties = model_props
    row.caption = proxy.caption[:300]
    values = " ".join(v for vs in model_props.values() for v in vs)
    row.search_text = f"{row.caption} {values}".lower()
    codes = [(r.handling_scale, r.handling_code) for r in _source_reports(session, row.id)]
    row.handling_scale, row.handling_code = strictest(codes) or (None, None)
    row.updated_at = utcnow()
    search_index.put(session, "entity", row.id, row.search_text)


def load_entities(
    session: Session,
    actor: Actor,
    lines: Iterable[str],
    *,
    report_id: int | None = None,
    phone_region: str | None = None,
) -> int:
    """Import FtM JSON lines drawn from ``report_id`` (all or nothing; a bad line names its
    number). Existing entities gain the new values; each is a collection event."""
    enforce(session, actor, Action.ENTITIES_WRITE, Resource("entity"))
    report = None
    if report_id is not None:
        report = load_report(session, actor, report_id, Action.REPORTS_READ)
    count = 0
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
        row = session.get(EntityRow, proxy.id)
        if row is None:
            row = EntityRow(
                id=proxy.id,
                schema=proxy.schema.name,
                caption="",
                properties={},
                provenance=[],
                owner_agency=actor.agency,
            )
            session.add(row)
        else:
            resource = entity_resource(session, row)
            resource = Resource(
                resource.kind,
                resource.id,
                resource.owner_agency,
                {**resource.attrs, "values_from_readable_report": bool(report)},
            )
            enforce(session, actor, Action.ENTITIES_WRITE, resource)
            if row.schema != proxy.schema.name:
                raise InvalidInput(
                    f"entity {row.id} is a {row.schema}, not a {proxy.schema.name}",
                    where=f"line {n}",
                )
        known = {(p["prop"], p["value"], p.get("report_id")) for p in row.provenance}
        added = [
            {"prop": prop, "value": value, "report_id": report_id, "agency": actor.agency}
            for prop, values in proxy.properties.items()
            for value in values
            if (prop, value, report_id) not in known
        ]
        row.provenance = [*row.provenance, *added]
        session.flush()
        if report is not None and session.get(EntityReportRow, (row.id, report.id)) is None:
            session.add(EntityReportRow(entity_id=row.id, report_id=report.id))
            session.flush()
        refresh_entity(session, row)
        log(
            session,
            actor,
            AuditAction.COLLECTION,
            "entity",
            row.id,
            report_id=report_id,
            values=len(added),
        )
        count += 1
    session.flush()
    return count


def export_entities(
    session: Session, actor: Actor, q: str | None = None, *, purpose: str | None = None
) -> Iterator[str]:
    """FtM JSON lines of the entities the actor may see (values they may see only), each
    with its ``handling`` (and H1 banner) alongside; each export is a consultation."""
    for row in list(_visible_rows(session, actor, q, 100_000)):
        view = entity_view(session, actor, row)
        log(
            session,
            actor,
            AuditAction.CONSULTATION,
            "entity",
            row.id,
            purpose=purpose,
            via="export",
        )
        line = {"id": row.id, "schema": row.schema, "properties": view["properties"]}
        if view["handling"]:
            line["handling"] = view["handling"]
        yield json.dumps(line, ensure_ascii=False, sort_keys=True)
