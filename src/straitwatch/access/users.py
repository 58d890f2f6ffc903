# SPDX-License-Identifier: EUPL-1.2
"""Agencies and users in the store: seeding, adding, listing and password login.

Every change is an ``administration`` audit event; every login attempt a ``login`` event
(success or failure), each failure worded and timed alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from straitwatch.access.actor import Actor, Role
from straitwatch.access.audit import AuditAction, AuditEvent, AuditOutcome, record
from straitwatch.access.directory import agencies, agency, parse_role
from straitwatch.access.passwords import (
    check_strength,
    dummy_verify,
    hash_password,
    verify_password,
)
from straitwatch.errors import Conflict, InvalidInput, NotAuthenticated, NotFound
from straitwatch.store.access import AgencyRow, UserRow
from straitwatch.store.base import utcnow

__all__ = [
    "UserView",
    "actor_for",
    "add_user",
    "authenticate_password",
    "get_user",
    "list_users",
    "seed_agencies",
]

USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,63}$")


@dataclass(frozen=True, slots=True)
class UserView:
    """A user as shown to administrators (no hash)."""

    id: int
    username: str
    agency: str
    role: str
    active: bool
    created_at: datetime
    locked_until: datetime | None


def _audit(
    session: Session, by: Actor, action: AuditAction, kind: str, rid: str, **detail: object
) -> None:
    record(
        session,
        AuditEvent(
            action=action,
            actor=by.username,
            agency=by.agency,
            role=str(by.role),
            resource_kind=kind,
            resource_id=rid,
            detail=dict(detail),
        ),
    )


def seed_agencies(session: Session, by: Actor) -> int:
    """Insert or refresh the declared partner agencies; return how many were new."""
    new = 0
    for a in agencies():
        row = session.get(AgencyRow, a.code)
        if row is None:
            session.add(
                AgencyRow(
                    code=a.code,
                    name=a.name,
                    country=a.country,
                    sar_role=a.sar_role,
                    sar_region=a.sar_region,
                )
            )
            new += 1
        else:
            row.name, row.country = a.name, a.country
            row.sar_role, row.sar_region = a.sar_role, a.sar_region
    if new:
        _audit(session, by, AuditAction.ADMINISTRATION, "agencies", "all", seeded=new)
    session.flush()
    return new


def add_user(
    session: Session,
    by: Actor,
    username: str,
    agency_code: str,
    role_name: str,
    password: str | None,
) -> UserView:
    """Create a user; machines (sensor feeds) have no password and use API tokens."""
    if not USERNAME.match(username):
        raise InvalidInput(
            f"invalid user name {username!r}: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter"
        )
    agency(agency_code)
    if session.get(AgencyRow, agency_code) is None:
        raise InvalidInput(f"agency {agency_code!r} is not seeded: run `straitwatch db upgrade`")
    role = parse_role(role_name)
    if role is Role.SYSTEM:
        raise InvalidInput("role 'system' is the installation itself, not a user")
    if session.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
        raise Conflict(f"user {username!r} already exists")
    if role is Role.MACHINE:
        if password:
            raise InvalidInput("machine users log in with API tokens, not passwords")
        pw_hash = None
    else:
        if not password:
            raise InvalidInput("a password is required for a person")
        check_strength(password, context=(username, *username.split(".")))
        pw_hash = hash_password(password)
    row = UserRow(
        username=username,
        agency_code=agency_code,
        role=role.value,
        password_hash=pw_hash,
        active=True,
        created_at=utcnow(),
        failed_logins=0,
    )
    session.add(row)
    session.flush()
    _audit(
        session,
        by,
        AuditAction.ADMINISTRATION,
        "user",
        username,
        change="created",
        agency=agency_code,
        role=role.value,
    )
    return _view(row)


def _view(row: UserRow) -> UserView:
    return UserView(
        row.id,
        row.username,
        row.agency_code,
        row.role,
        row.active,
        row.created_at,
        row.locked_until,
    )


def list_users(session: Session, agency_code: str | None = None) -> list[UserView]:
    stmt = select(UserRow).order_by(UserRow.agency_code, UserRow.username)
    if agency_code:
        stmt = stmt.where(UserRow.agency_code == agency_code)
    return [_view(r) for r in session.scalars(stmt)]


def get_user(session: Session, username: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.username == username))
    if row is None:
        raise NotFound(f"no user {username!r}")
    return row


def actor_for(session: Session, row: UserRow) -> Actor:
    """The :class:`Actor` a stored user acts as."""
    country = session.get(AgencyRow, row.agency_code)
    return Actor(
        row.username, row.agency_code, Role(row.role), country.country if country else "", row.id
    )


def authenticate_password(
    session: Session, username: str, password: str, *, now: datetime
) -> Actor:
    """Check a login and record it either way.

    Every failure says the same ("wrong user name or password") and costs the same work
    (a user who does not exist is checked against a dummy hash), so neither the answer nor
    its time tells which user names exist. There is no lock-out here (anyone could lock
    anyone out): repeated attempts are slowed down by
    :class:`straitwatch.access.throttle.LoginThrottle` before this is called. The caller
    must commit even when this raises, so that failures are counted and logged.
    """
    row = session.scalar(select(UserRow).where(UserRow.username == username))

    def fail(reason: str) -> NotAuthenticated:
        record(
            session,
            AuditEvent(
                action=AuditAction.LOGIN,
                actor=username[:64],
                agency=row.agency_code if row else None,
                role=row.role if row else None,
                resource_kind="session",
                outcome=AuditOutcome.FAILURE,
                detail={"reason": reason},
            ),
        )
        return NotAuthenticated("wrong user name or password")

    if row is None or row.password_hash is None:
        dummy_verify(password)
        raise fail("unknown user" if row is None else "no password (machine)")
    if not verify_password(row.password_hash, password):
        row.failed_logins += 1
        raise fail("wrong password")
    if not row.active:
        raise fail("inactive user")
    row.failed_logins, row.locked_until = 0, None
    actor = actor_for(session, row)
    record(
        session,
        AuditEvent(
            action=AuditAction.LOGIN,
            actor=actor.username,
            agency=actor.agency,
            role=str(actor.role),
            resource_kind="session",
        ),
    )
    return actor
