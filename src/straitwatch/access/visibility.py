# SPDX-License-Identifier: EUPL-1.2
"""Need-to-know in one place: what an actor may see of the intelligence side.

Every intelligence read asks this module and nothing else decides: report lists and
single reports, search, entities and their values and links, attachments, exports, the
permission-request inbox, notices, linked records and their review queue, and every
future graph view. Its inputs are
the actor's role (``roles.yaml``: ``reports.read`` / ``entities.read``), the provider,
dissemination (granted, not recalled), acknowledged handling conditions, and retention.

A report is seen at one of three levels (:class:`Sight`):

- ``NONE``: it does not exist for the actor. Every route answers exactly as for an id
  that was never used (404, same body), and nothing about it shapes any answer: no
  count, order, score, handling code or value.
- ``LISTED``: a recipient that has not yet acknowledged the handling conditions sees the
  report's metadata (title, grade, handling code, the conditions to acknowledge), never
  its text, attachments, or any entity value or link drawn from it; search matches its
  title only.
- ``READ``: the provider, or a recipient with the conditions (if any) acknowledged.

The provider always sees its own reports; a recipient sees a report while a granted
dissemination to its agency has not been recalled and the report is within retention
(past ``retention_until`` only the provider sees it, pending erasure or extension).

Entity values carry their provenance (:class:`~straitwatch.store.intel.EntityValueRow`):
a value is visible when its report is ``READ``, or when it has no report and the actor's
agency entered it. An entity exists for an actor only through its visible values, and
everything shown of it (schema, caption, handling code, links) is computed from them.

Lists use the SQL filters (:func:`report_filter`, :func:`value_filter`,
:func:`entity_filter`); single items use the checks (:func:`report_sight`,
:func:`visible_report`, :func:`visible_entity`), which raise the same
:class:`~straitwatch.errors.NotFound` for "not yours" as for "no such thing".

>>> from sqlalchemy import select
>>> from straitwatch.store.intel import ReportRow
>>> fr = Actor("fr.analyst", "PREMAR", Role.ANALYST, "FR")
>>> stmt = select(ReportRow).where(report_filter(fr, Sight.LISTED))  # reports FR may list
"""

from __future__ import annotations

from datetime import date
from enum import IntEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, or_, select, true
from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor, Role
from straitwatch.access.directory import role_permissions
from straitwatch.errors import NotFound
from straitwatch.store.base import utcnow
from straitwatch.store.intel import (
    DisseminationRow,
    EntityRow,
    EntityValueRow,
    NoticeRow,
    PermissionRequestRow,
    ReportRow,
)
from straitwatch.store.linkage import LinkClusterRow, LinkReviewRow
from straitwatch.store.network import ChartRow, DisruptionRow

__all__ = [
    "Sight",
    "active_recipients",
    "disruption_filter",
    "entity_filter",
    "linked_record_filter",
    "notice_filter",
    "readable_report_ids",
    "report_and_sight",
    "report_filter",
    "report_sight",
    "request_filter",
    "sees_chart",
    "value_filter",
    "visible_chart",
    "visible_entity",
    "visible_report",
    "visible_review",
    "visible_values",
]


class Sight(IntEnum):
    """How much of a report an actor sees (ordered: ``READ`` includes ``LISTED``)."""

    NONE = 0
    LISTED = 1
    READ = 2


def _today(today: date | None) -> date:
    return today or utcnow().date()


def _may(actor: Actor, action: Action) -> bool:
    return action in role_permissions()[actor.role]


def _granted(actor: Actor) -> Select[Any]:
    """Reports disseminated to the actor's agency and not recalled."""
    return select(DisseminationRow.report_id).where(
        DisseminationRow.to_agency == actor.agency,
        DisseminationRow.status == "granted",
        DisseminationRow.recalled_at.is_(None),
    )


def _unacknowledged(actor: Actor) -> Select[Any]:
    """Reports whose handling conditions the actor's agency has yet to acknowledge."""
    return select(DisseminationRow.report_id).where(
        DisseminationRow.to_agency == actor.agency,
        DisseminationRow.status == "granted",
        DisseminationRow.recalled_at.is_(None),
        DisseminationRow.conditions.is_not(None),
        DisseminationRow.acknowledged_at.is_(None),
    )


def report_filter(
    actor: Actor, sight: Sight = Sight.READ, *, today: date | None = None
) -> ColumnElement[bool]:
    """SQL condition on :class:`ReportRow`: the reports ``actor`` sees at ``sight`` or more."""
    if actor.role is Role.SYSTEM:
        return true()
    if sight <= Sight.NONE:
        return true()
    if not actor.is_human or not _may(actor, Action.REPORTS_READ):
        return false()
    shared = and_(ReportRow.id.in_(_granted(actor)), ReportRow.retention_until >= _today(today))
    if sight >= Sight.READ:
        shared = and_(shared, ReportRow.id.not_in(_unacknowledged(actor)))
    return or_(ReportRow.provider_agency == actor.agency, shared)


def readable_report_ids(actor: Actor, *, today: date | None = None) -> Select[Any]:
    """Ids of the reports ``actor`` may read in full (a subquery for joins)."""
    return select(ReportRow.id).where(report_filter(actor, Sight.READ, today=today))


def report_and_sight(
    session: Session, actor: Actor, report_id: int, *, today: date | None = None
) -> tuple[ReportRow | None, Sight]:
    """The report ``report_id`` and how much of it ``actor`` sees, in one statement (the
    rule of :func:`report_filter`); ``(None, NONE)`` for an id never used. One statement
    either way, so that "not yours" costs what "never existed" costs."""
    found = session.execute(
        select(
            ReportRow,
            report_filter(actor, Sight.READ, today=today),
            report_filter(actor, Sight.LISTED, today=today),
        ).where(ReportRow.id == report_id)
    ).one_or_none()
    if found is None:
        return None, Sight.NONE
    row, read, listed = found
    return row, Sight.READ if read else Sight.LISTED if listed else Sight.NONE


def report_sight(
    session: Session, actor: Actor, report: ReportRow, *, today: date | None = None
) -> Sight:
    """How much of one report ``actor`` sees (the same rule as :func:`report_filter`)."""
    for level in (Sight.READ, Sight.LISTED):
        seen = session.scalar(
            select(
                exists().where(ReportRow.id == report.id, report_filter(actor, level, today=today))
            )
        )
        if seen:
            return level
    return Sight.NONE


def visible_report(
    session: Session,
    actor: Actor,
    report_id: int,
    sight: Sight = Sight.LISTED,
    *,
    today: date | None = None,
) -> ReportRow:
    """The report if ``actor`` sees it at ``sight`` or more; else the same 404 as for an id
    never used."""
    row = session.get(ReportRow, report_id)
    if row is None or report_sight(session, actor, row, today=today) < sight:
        raise NotFound(f"no report {report_id}")
    return row


def active_recipients(session: Session, report_id: int) -> tuple[str, ...]:
    """Agencies a report is disseminated to now (granted, not recalled), in order."""
    rows = session.scalars(
        select(DisseminationRow.to_agency)
        .where(
            DisseminationRow.report_id == report_id,
            DisseminationRow.status == "granted",
            DisseminationRow.recalled_at.is_(None),
        )
        .order_by(DisseminationRow.id)
    )
    return tuple(dict.fromkeys(rows))


def value_filter(actor: Actor, *, today: date | None = None) -> ColumnElement[bool]:
    """SQL condition on :class:`EntityValueRow`: the values ``actor`` may see."""
    if actor.role is Role.SYSTEM:
        return true()
    if not actor.is_human or not _may(actor, Action.ENTITIES_READ):
        return false()
    return or_(
        EntityValueRow.report_id.in_(readable_report_ids(actor, today=today)),
        and_(EntityValueRow.report_id.is_(None), EntityValueRow.agency == actor.agency),
    )


def entity_filter(actor: Actor, *, today: date | None = None) -> ColumnElement[bool]:
    """SQL condition on :class:`EntityRow`: entities with at least one visible value."""
    return exists().where(
        EntityValueRow.entity_id == EntityRow.id, value_filter(actor, today=today)
    )


def visible_values(
    session: Session, actor: Actor, entity_id: str, *, today: date | None = None
) -> list[EntityValueRow]:
    """The values of one entity ``actor`` may see, in the order they were entered."""
    return list(
        session.scalars(
            select(EntityValueRow)
            .where(EntityValueRow.entity_id == entity_id, value_filter(actor, today=today))
            .order_by(EntityValueRow.id)
        )
    )


def visible_entity(
    session: Session, actor: Actor, entity_id: str, *, today: date | None = None
) -> EntityRow:
    """The entity if ``actor`` sees one of its values; else the same 404 as for an id never
    used (an entity made only of values the actor may not see does not exist for them)."""
    # One statement whether the id was never used or is not visible: the same work, so
    # the same time (issue 13 item 3).
    row = session.scalars(
        select(EntityRow).where(
            EntityRow.id == entity_id,
            exists().where(
                EntityValueRow.entity_id == EntityRow.id, value_filter(actor, today=today)
            ),
        )
    ).one_or_none()
    if row is None:
        raise NotFound(f"no entity {entity_id}")
    return row


def linked_record_filter(actor: Actor) -> ColumnElement[bool]:
    """SQL condition on :class:`LinkClusterRow`: the linked records ``actor`` may see, those
    its agency holds (it stored them from its own files). Another agency's records reach it
    only as a hit (no content), through screening."""
    if actor.role is Role.SYSTEM:
        return true()
    if not actor.is_human or not _may(actor, Action.ENTITIES_READ):
        return false()
    return LinkClusterRow.held_by == actor.agency


def visible_review(session: Session, actor: Actor, review_id: int) -> LinkReviewRow:
    """A review item if ``actor`` sees both of its records; else the same 404 as for an id
    never used."""
    row = session.get(LinkReviewRow, review_id)
    seen = select(func.count()).where(
        LinkClusterRow.record_id.in_([row.record_id_l, row.record_id_r]) if row else false(),
        linked_record_filter(actor),
    )
    if row is None or session.scalar(seen) != 2:
        raise NotFound(f"no review item {review_id}", where="review_id")
    return row


def request_filter(actor: Actor) -> ColumnElement[bool]:
    """SQL condition on :class:`PermissionRequestRow`: requests the actor's agency decides
    (the provider) or made (the requester)."""
    if actor.role is Role.SYSTEM:
        return true()
    if not actor.is_human or not _may(actor, Action.REPORTS_READ):
        return false()
    return or_(
        PermissionRequestRow.provider_agency == actor.agency,
        PermissionRequestRow.requester_agency == actor.agency,
    )


def notice_filter(actor: Actor) -> ColumnElement[bool]:
    """SQL condition on :class:`NoticeRow`: notices addressed to the actor's agency."""
    if actor.role is Role.SYSTEM:
        return true()
    if not actor.is_human or not _may(actor, Action.REPORTS_READ):
        return false()
    return NoticeRow.agency == actor.agency


def sees_chart(actor: Actor, chart: ChartRow) -> bool:
    """Whether ``actor`` may open a saved link chart: their agency made it or it was shared
    with their agency. What the chart then shows is still only the entities the actor may
    see (:func:`value_filter`)."""
    if actor.role is Role.SYSTEM:
        return True
    if not actor.is_human or not _may(actor, Action.ENTITIES_READ):
        return False
    return chart.agency == actor.agency or actor.agency in chart.shared_with


def visible_chart(session: Session, actor: Actor, chart_id: int) -> ChartRow:
    """The chart if ``actor`` may open it; else the same 404 as for an id never used."""
    row = session.get(ChartRow, chart_id)
    if row is None or not sees_chart(actor, row):
        raise NotFound(f"no chart {chart_id}")
    return row


def disruption_filter(actor: Actor) -> ColumnElement[bool]:
    """SQL condition on :class:`DisruptionRow`: disruptions the actor's agency recorded.
    Each shows only the entities the actor may see (:func:`value_filter`): the others are
    left out of its list and of every figure measured from it."""
    if actor.role is Role.SYSTEM:
        return true()
    if not actor.is_human or not _may(actor, Action.ENTITIES_READ):
        return false()
    return DisruptionRow.agency == actor.agency
