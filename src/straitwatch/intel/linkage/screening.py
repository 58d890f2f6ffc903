# SPDX-License-Identifier: EUPL-1.2
"""Screening a person against the entity store, and hit/no-hit across agencies.

:func:`screen` scores a query (names, dates of birth, nationalities, phones) against every
Person entity, in two strictly separate parts:

- **results**: the entities the actor may see, as the one visibility decision
  (:func:`straitwatch.access.visibility.value_filter`) says, scored on their visible values
  only, ranked, each with an explanation waterfall (per-field match weights);
- **hits**: entities that exist for the actor through none of their values. Of these the
  actor learns only "agency X holds a possible match" and a hit reference with which to ask
  for the report through the permission flow (:func:`request_hit`), and only where the
  holder's setting for the entity's handling code discloses hits
  (:class:`~straitwatch.store.linkage.LinkHitSettingRow`, default: disclose and notify). The
  holder is told of each hit when its setting says so. No content, no score.

Every screening is a consultation in the audit log; every disclosed hit a disclosure.
The score combines the name scorer (:mod:`.namescore`) with date, nationality and phone
evidence in bits, so a name alone stays below the match threshold.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import not_, select
from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction
from straitwatch.access.policy import Resource, enforce
from straitwatch.access.visibility import value_filter
from straitwatch.errors import Conflict, InvalidInput, NotFound
from straitwatch.intel.events import log
from straitwatch.intel.linkage.fields import BirthDate, parse_dob, parse_nationality, parse_phone
from straitwatch.intel.linkage.namescore import score_names
from straitwatch.store.intel import EntityRow, EntityValueRow, NoticeRow, PermissionRequestRow
from straitwatch.store.linkage import LinkHitRow, LinkHitSettingRow

__all__ = [
    "MATCH_SCORE",
    "PersonQuery",
    "hit_settings",
    "request_hit",
    "score_person",
    "screen",
    "set_hit_setting",
]

MATCH_SCORE = 0.7
"""A candidate at or above this score is a match (yente's ``match`` flag)."""
_PRIOR_BITS = -9.0


@dataclass(frozen=True)
class PersonQuery:
    """Who is looked for: FtM Person property values."""

    names: Sequence[str]
    birth_dates: Sequence[str] = ()
    nationalities: Sequence[str] = ()
    phones: Sequence[str] = ()


def _dates(values: Sequence[str]) -> list[BirthDate]:
    out = []
    for v in values:
        try:
            d = parse_dob(v)
        except InvalidInput:
            continue
        if d is not None:
            out.append(d)
    return out


def _date_bits(q: list[BirthDate], c: list[BirthDate]) -> tuple[float, str] | None:
    if not q or not c:
        return None
    best = (-6.0, "different dates")
    for a in q:
        for b in c:
            if a.full and a.full == b.full:
                return (8.0, "same date")
            if a.year == b.year and (a.full is None or b.full is None):
                best = max(best, (3.0, "same year, one side year only"))
            elif a.year == b.year:
                best = max(best, (2.0, "same year, day or month differs"))
    return best


def _codes(values: Sequence[str], parse: Any) -> set[str]:
    out = set()
    for v in values:
        try:
            code = parse(v)
        except InvalidInput:
            continue
        if code:
            out.add(code)
    return out


def score_person(query: PersonQuery, props: dict[str, list[str]]) -> tuple[float, list[Any]]:
    """Score 0-1 of one candidate's ``props`` (FtM Person) and its waterfall of bars."""
    bars: list[dict[str, Any]] = [
        {"field": "prior", "level": "a person picked at random", "match_weight": _PRIOR_BITS}
    ]
    names = props.get("name", [])
    name = max((score_names(a, b) for a in query.names for b in names), default=0.0)
    if name >= 0.95:
        bars.append({"field": "name", "level": "same name parts", "match_weight": 10.0})
    elif name >= 0.85:
        bars.append({"field": "name", "level": "names alike", "match_weight": 7.0})
    elif name >= 0.7:
        bars.append({"field": "name", "level": "names partly alike", "match_weight": 0.0})
    else:
        bars.append({"field": "name", "level": "different names", "match_weight": -8.0})
    dob = _date_bits(_dates(query.birth_dates), _dates(props.get("birthDate", [])))
    if dob is not None:
        bars.append({"field": "dob", "level": dob[1], "match_weight": dob[0]})
    for fld, mine, theirs, parse, same, diff in (
        (
            "nationality",
            query.nationalities,
            props.get("nationality", []),
            parse_nationality,
            2,
            -3,
        ),
        ("phone", query.phones, props.get("phone", []), lambda v: parse_phone(v, "UK"), 10, -1),
    ):
        a, b = _codes(mine, parse), _codes(theirs, parse)
        if a and b:
            hit = bool(a & b)
            bars.append(
                {
                    "field": fld,
                    "level": f"same {fld}" if hit else f"different {fld}",
                    "match_weight": float(same if hit else diff),
                }
            )
    total = sum(b["match_weight"] for b in bars)
    return 1.0 / (1.0 + math.pow(2.0, -total)), bars


def _grouped(rows: Iterable[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for entity_id, prop, value, report_id, agency in rows:
        item = out.setdefault(entity_id, {"props": defaultdict(list), "reports": set()})
        item["props"][prop].append(value)
        item["agency"] = agency
        if report_id is not None:
            item["reports"].add(report_id)
    return out


def _setting(session: Session, agency: str, code: str | None) -> tuple[bool, bool]:
    row = session.get(LinkHitSettingRow, (agency, code or "-"))
    return (True, True) if row is None else (row.disclose, row.notify)


def screen(
    session: Session, actor: Actor, query: PersonQuery, *, purpose: str | None, limit: int = 10
) -> dict[str, Any]:
    """Ranked visible candidates with explanations, and the hit/no-hit answers."""
    enforce(session, actor, Action.SEARCH, Resource("person_match"), purpose=purpose)
    if not any(n.strip() for n in query.names):
        raise InvalidInput("at least one name is required", where="properties.name")
    cols = (
        EntityValueRow.entity_id,
        EntityValueRow.prop,
        EntityValueRow.value,
        EntityValueRow.report_id,
        EntityValueRow.agency,
    )
    person = EntityValueRow.schema == "Person"
    seen = _grouped(session.execute(select(*cols).where(person, value_filter(actor))))
    results = []
    for entity_id, item in seen.items():
        score, bars = score_person(query, dict(item["props"]))
        if score >= 0.3:
            caption = (item["props"].get("name") or [entity_id])[0]
            results.append(
                {
                    "id": entity_id,
                    "schema": "Person",
                    "caption": caption,
                    "properties": dict(item["props"]),
                    "score": round(score, 4),
                    "match": score >= MATCH_SCORE,
                    "explanation": bars,
                }
            )
    results.sort(key=lambda r: (-r["score"], r["id"]))
    results = results[:limit]
    hidden_rows = session.execute(select(*cols).where(person, not_(value_filter(actor))))
    hidden = _grouped(hidden_rows)
    hits: dict[str, dict[str, Any]] = {}
    for entity_id, item in sorted(hidden.items()):
        if entity_id in seen:
            continue  # partly visible: what the actor sees is scored above, nothing more
        score, _ = score_person(query, dict(item["props"]))
        if score < MATCH_SCORE:
            continue
        entity = session.get(EntityRow, entity_id)
        holder = entity.owner_agency if entity else str(item["agency"])
        disclose, notify = _setting(session, holder, entity.handling_code if entity else None)
        if not disclose or holder in hits:
            continue
        report_id = min(item["reports"]) if item["reports"] else None
        hit = LinkHitRow(
            querying_agency=actor.agency,
            queried_by=actor.username,
            holder_agency=holder,
            entity_id=entity_id,
            report_id=report_id,
            score=score,
        )
        session.add(hit)
        session.flush()
        if notify and report_id is not None:
            session.add(
                NoticeRow(
                    agency=holder,
                    report_id=report_id,
                    kind="match_hit",
                    reason=f"{actor.agency} screened a person matching one you hold (hit {hit.id})",
                    by_actor=actor.username,
                )
            )
        log(
            session,
            actor,
            AuditAction.DISCLOSURE,
            "match_hit",
            hit.id,
            purpose=purpose,
            holder=holder,
            entity_id=entity_id,
            notified=notify,
        )
        hits[holder] = {"agency": holder, "hit_id": hit.id}
    log(
        session,
        actor,
        AuditAction.CONSULTATION,
        "person_match",
        None,
        purpose=purpose,
        results=[r["id"] for r in results],
        hits=sorted(hits),
    )
    return {"results": results, "total": len(results), "hits": list(hits.values())}


def request_hit(session: Session, actor: Actor, hit_id: int, *, purpose: str | None) -> int:
    """Ask the holder of a hit for its report through the permission flow; the request id.

    A hit exists only for the agency whose screening made it: for any other it is the same
    404 as an id never used.
    """
    enforce(session, actor, Action.SEARCH, Resource("person_match"), purpose=purpose)
    hit = session.get(LinkHitRow, hit_id)
    if hit is None or hit.querying_agency != actor.agency or hit.report_id is None:
        raise NotFound(f"no hit {hit_id}")
    if hit.request_id is not None:
        raise Conflict(f"hit {hit_id} was already requested (request {hit.request_id})")
    req = PermissionRequestRow(
        report_id=hit.report_id,
        provider_agency=hit.holder_agency,
        requested_by=actor.username,
        requester_agency=actor.agency,
        to_agencies=[actor.agency],
        status="pending",
        purpose=purpose,
    )
    session.add(req)
    session.flush()
    hit.request_id = req.id
    log(
        session,
        actor,
        AuditAction.ADMINISTRATION,
        "permission_request",
        req.id,
        purpose=purpose,
        event="requested",
        hit_id=hit.id,
        to_agencies=[actor.agency],
    )
    return req.id


def hit_settings(session: Session, actor: Actor) -> list[dict[str, Any]]:
    """The actor's agency's hit settings per handling code (codes not listed: both on)."""
    enforce(session, actor, Action.SEARCH, Resource("person_match"))
    stmt = select(LinkHitSettingRow).where(LinkHitSettingRow.agency == actor.agency)
    return [
        {"handling_code": r.handling_code, "disclose": r.disclose, "notify": r.notify}
        for r in session.scalars(stmt.order_by(LinkHitSettingRow.handling_code))
    ]


def set_hit_setting(
    session: Session, actor: Actor, handling_code: str, *, disclose: bool, notify: bool
) -> None:
    """Whether hits on the agency's entities under ``handling_code`` are disclosed/notified."""
    enforce(session, actor, Action.REPORTS_HANDLING_CHANGE, Resource("person_match"))
    row = session.get(LinkHitSettingRow, (actor.agency, handling_code))
    if row is None:
        row = LinkHitSettingRow(agency=actor.agency, handling_code=handling_code)
        session.add(row)
    row.disclose, row.notify = disclose, notify
    log(
        session,
        actor,
        AuditAction.ADMINISTRATION,
        "match_hit_setting",
        handling_code,
        disclose=disclose,
        notify=notify,
    )
