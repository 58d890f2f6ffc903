# SPDX-License-Identifier: EUPL-1.2
"""API tokens for machines (sensor feeds) and scripts: shown once, stored hashed,
revocable, with an expiry.

A token reads ``sw_<prefix>_<secret>``; the prefix finds the row, the SHA-256 of the
whole token is compared in constant time. (Tokens carry 256 bits of randomness, so a
fast hash is the right tool here; passwords use argon2.)
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction, AuditEvent, record
from straitwatch.access.users import actor_for, get_user
from straitwatch.errors import Conflict, InvalidInput, NotAuthenticated, NotFound
from straitwatch.store.access import ApiTokenRow, UserRow

__all__ = [
    "IssuedToken",
    "TokenView",
    "authenticate_token",
    "issue_token",
    "list_tokens",
    "revoke_token",
]


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token_id: str
    token: str
    username: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class TokenView:
    token_id: str
    username: str
    label: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    sensors: tuple[str, ...] = ()


_SENSOR_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    session: Session,
    by: Actor,
    username: str,
    *,
    days: int,
    label: str,
    now: datetime,
    sensors: Sequence[str] = (),
) -> IssuedToken:
    """Create a token for ``username``, valid ``days`` days; the secret is returned once.

    A machine's token feeds only the ``sensors`` named here (observations carrying any
    other ``sensor_id`` are refused).
    """
    if not 1 <= days <= 730:
        raise InvalidInput(f"token lifetime must be 1 to 730 days, not {days}")
    for sensor in sensors:
        if not _SENSOR_ID.match(sensor):
            raise InvalidInput(f"invalid sensor id {sensor!r}", where="sensors")
    user = get_user(session, username)
    prefix = secrets.token_hex(6)
    token = f"sw_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiTokenRow(
        token_prefix=prefix,
        token_hash=_digest(token),
        user_id=user.id,
        label=label,
        created_at=now,
        expires_at=now + timedelta(days=days),
        sensor_ids=sorted(set(sensors)),
    )
    session.add(row)
    session.flush()
    record(
        session,
        AuditEvent(
            action=AuditAction.ADMINISTRATION,
            actor=by.username,
            agency=by.agency,
            role=str(by.role),
            resource_kind="token",
            resource_id=prefix,
            detail={
                "change": "issued",
                "user": username,
                "days": days,
                "sensors": sorted(set(sensors)),
            },
        ),
    )
    return IssuedToken(prefix, token, username, row.expires_at)


def revoke_token(session: Session, by: Actor, token_id: str, *, now: datetime) -> None:
    row = session.scalar(select(ApiTokenRow).where(ApiTokenRow.token_prefix == token_id))
    if row is None:
        raise NotFound(f"no token {token_id!r}")
    if row.revoked_at is not None:
        raise Conflict(f"token {token_id!r} was already revoked")
    row.revoked_at = now
    record(
        session,
        AuditEvent(
            action=AuditAction.ADMINISTRATION,
            actor=by.username,
            agency=by.agency,
            role=str(by.role),
            resource_kind="token",
            resource_id=token_id,
            detail={"change": "revoked"},
        ),
    )


def list_tokens(session: Session) -> list[TokenView]:
    rows = session.execute(
        select(ApiTokenRow, UserRow.username).join(UserRow).order_by(ApiTokenRow.created_at)
    )
    return [
        TokenView(
            t.token_prefix,
            name,
            t.label,
            t.created_at,
            t.expires_at,
            t.revoked_at,
            tuple(t.sensor_ids or ()),
        )
        for t, name in rows
    ]


def authenticate_token(session: Session, token: str, *, now: datetime) -> Actor:
    """The actor a bearer token stands for, or :class:`NotAuthenticated` saying why."""
    parts = token.split("_")
    if len(parts) < 3 or parts[0] != "sw":
        raise NotAuthenticated("malformed API token")
    row = session.scalar(select(ApiTokenRow).where(ApiTokenRow.token_prefix == parts[1]))
    if row is None or not hmac.compare_digest(row.token_hash, _digest(token)):
        raise NotAuthenticated("unknown API token")
    if row.revoked_at is not None:
        raise NotAuthenticated(f"API token {row.token_prefix} was revoked")
    if row.expires_at <= now:
        raise NotAuthenticated(f"API token {row.token_prefix} expired on {row.expires_at:%Y-%m-%d}")
    user = session.get(UserRow, row.user_id)
    if user is None or not user.active:
        raise NotAuthenticated("the token's user is inactive")
    return replace(actor_for(session, user), feeds=frozenset(row.sensor_ids or ()))
