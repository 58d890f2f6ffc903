# SPDX-License-Identifier: EUPL-1.2
"""Full-text search over the reports and entities an actor may see.

The index (:mod:`straitwatch.intel.search_index`) proposes candidates; need-to-know
(:mod:`straitwatch.access.visibility`) decides which the actor sees and on what text they
may match: the title and text of a report they may read, only the title of one whose
conditions they have yet to acknowledge, only the values of an entity they may see. Hits
are ordered by grade and id, never by the index's score (which counts documents the actor
may not see). Every hit shown is a consultation event of its item, and every search one
event of its own (query, purpose, hits), even when it finds nothing.

>>> search(session, fr_analyst, "gravelines engines")    # doctest: +SKIP
[{'kind': 'report', 'id': '7', 'title': ...}]
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction
from straitwatch.access.policy import Resource, enforce
from straitwatch.access.visibility import Sight, report_sight, visible_entity
from straitwatch.errors import NotFound
from straitwatch.intel.entities import entity_view, visible_text
from straitwatch.intel.events import log
from straitwatch.intel.search_index import candidates, terms
from straitwatch.store.intel import EntityRow, ReportRow

__all__ = ["search"]

_SNIPPET = 240
_CANDIDATES = 10_000


def _matches(words: list[str], text: str) -> bool:
    """Every word starts a word of ``text`` (the index's prefix match, on visible text)."""
    lowered = text.lower()
    return all(re.search(r"(?<!\w)" + re.escape(w.lower()), lowered) for w in words)


def _report_hit(
    session: Session, actor: Actor, ref: str, words: list[str]
) -> dict[str, Any] | None:
    report = session.get(ReportRow, int(ref))
    if report is None:
        return None
    sight = report_sight(session, actor, report)
    if sight is Sight.NONE:
        return None
    seen = report.title if sight is Sight.LISTED else f"{report.title}\n{report.body}"
    if not _matches(words, seen):
        return None
    return {
        "kind": "report",
        "id": ref,
        "title": report.title,
        "snippet": report.body[:_SNIPPET] if sight is Sight.READ else None,
        "grade_sort": report.grade_sort,
        "handling": f"{report.handling_scale} {report.handling_code}",
    }


def _entity_hit(
    session: Session, actor: Actor, ref: str, words: list[str]
) -> dict[str, Any] | None:
    try:
        entity: EntityRow = visible_entity(session, actor, ref)
    except NotFound:
        return None
    if not _matches(words, visible_text(session, actor, entity)):
        return None
    view = entity_view(session, actor, entity)
    handling = view["handling"]
    return {
        "kind": "entity",
        "id": ref,
        "title": view["caption"],
        "snippet": view["schema"],
        "grade_sort": None,
        "handling": f"{handling['scale']} {handling['code']}" if handling else None,
    }


def search(
    session: Session, actor: Actor, query: str, *, purpose: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """Reports and entities matching every word of ``query`` that ``actor`` may see."""
    enforce(session, actor, Action.SEARCH, Resource("search"), purpose=purpose)
    words = terms(query)
    hits: list[dict[str, Any]] = []
    for kind, ref in candidates(session, query, _CANDIDATES):
        hit = (
            _report_hit(session, actor, ref, words)
            if kind == "report"
            else _entity_hit(session, actor, ref, words)
        )
        if hit is not None:
            hits.append(hit)
    hits.sort(
        key=lambda h: (
            h["kind"] != "report",
            -(h["grade_sort"] or 0),
            -int(h["id"]) if h["kind"] == "report" else 0,
            h["id"],
        )
    )
    hits = hits[:limit]
    for h in hits:
        log(
            session,
            actor,
            AuditAction.CONSULTATION,
            h["kind"],
            h["id"],
            purpose=purpose,
            via="search",
            shown="title" if h["snippet"] is None or h["kind"] == "entity" else "snippet",
        )
    log(
        session,
        actor,
        AuditAction.CONSULTATION,
        "search",
        None,
        purpose=purpose,
        query=query,
        hits=[f"{h['kind']}/{h['id']}" for h in hits],
    )
    return hits
