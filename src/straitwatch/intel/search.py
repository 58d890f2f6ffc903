"""Full-text search over the reports and entities an actor may see.

The index (:mod:`straitwatch.intel.search_index`) proposes candidates; the access policy
decides which of them the actor sees, so a hit never leaks a title across agencies.
Every hit shown is a consultation event.

>>> search(session, fr_analyst, "gravelines engines")    # doctest: +SKIP
[{'kind': 'report', 'id': '7', 'title': ...}]
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction
from straitwatch.access.policy import Resource, allowed, enforce
from straitwatch.intel.entities import entity_resource, entity_view, visible_text
from straitwatch.intel.events import log
from straitwatch.intel.reports import report_resource
from straitwatch.intel.search_index import candidates, terms
from straitwatch.store.intel import EntityRow, ReportRow

__all__ = ["search"]

_SNIPPET = 240


def search(
    session: Session, actor: Actor, query: str, *, purpose: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """Reports and entities matching every word of ``query`` that ``actor`` may read."""
    enforce(session, actor, Action.SEARCH, Resource("search"), purpose=purpose)
    hits: list[dict[str, Any]] = []
    for kind, ref in candidates(session, query, limit * 5):
        if len(hits) >= limit:
            break
        if kind == "report":
            report = session.get(ReportRow, int(ref))
            if report is None or not allowed(
                actor, Action.REPORTS_READ, report_resource(session, report)
            ):
                continue
            hit = {
                "kind": "report",
                "id": ref,
                "title": report.title,
                "snippet": report.body[:_SNIPPET],
                "grade_sort": report.grade_sort,
                "handling": f"{report.handling_scale} {report.handling_code}",
            }
        else:
            entity = session.get(EntityRow, ref)
            if entity is None or not allowed(
                actor, Action.ENTITIES_READ, entity_resource(session, entity)
            ):
                continue
            seen = visible_text(session, actor, entity)
            if not all(t.lower() in seen for t in terms(query)):
                continue  # it matched on a value drawn from a report the actor may not read
            caption = entity_view(session, actor, entity)["caption"]
            hit = {
                "kind": "entity",
                "id": ref,
                "title": caption,
                "snippet": entity.schema,
                "grade_sort": None,
                "handling": f"{entity.handling_scale} {entity.handling_code}"
                if entity.handling_code
                else None,
            }
        log(
            session,
            actor,
            AuditAction.CONSULTATION,
            kind,
            ref,
            purpose=purpose,
            via="search",
            query=query,
        )
        hits.append(hit)
    return hits
