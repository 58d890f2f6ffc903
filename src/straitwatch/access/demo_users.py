# SPDX-License-Identifier: EUPL-1.2
"""The demo's users: one per job an officer does, with fictional names only."""

from __future__ import annotations

import secrets
import string

from sqlalchemy import select
from sqlalchemy.orm import Session

from straitwatch.access.actor import Actor
from straitwatch.access.users import add_user
from straitwatch.store.access import UserRow

__all__ = ["DEMO_USERS", "generate_password", "seed_demo_users"]

# (user name, agency, role)
DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("uk.watch", "HMCG", "watch_officer"),
    ("fr.watch", "CROSSGN", "watch_officer"),
    ("uk.analyst", "UKBF", "analyst"),
    ("fr.analyst", "PREMAR", "analyst"),
    # A second person in each intelligence unit: an H2 permission request is decided at
    # the provider by someone other than who asked (four eyes), so the flow can be
    # completed in the demo.
    ("uk.supervisor", "UKBF", "supervisor"),
    ("fr.supervisor", "PREMAR", "supervisor"),
    ("dpo", "UKBF", "dpo"),
    ("admin", "UKBF", "administrator"),
    ("be.analyst", "BEFP", "analyst"),
)


def generate_password() -> str:
    """A strong random password (four groups, mixed case and digits)."""
    alphabet = string.ascii_letters + string.digits
    while True:
        groups = ["".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4)]
        pw = "-".join(groups)
        if (
            any(c.isupper() for c in pw)
            and any(c.islower() for c in pw)
            and any(c.isdigit() for c in pw)
        ):
            return pw


def seed_demo_users(session: Session, by: Actor, password: str) -> list[str]:
    """Create the demo users that do not exist yet; return the names created."""
    created = []
    for name, agency, role in DEMO_USERS:
        if session.scalar(select(UserRow.id).where(UserRow.username == name)) is None:
            add_user(session, by, name, agency, role, password)
            created.append(name)
    return created
