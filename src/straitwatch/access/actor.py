# SPDX-License-Identifier: EUPL-1.2
"""Who is acting: a person of a partner agency in a role, a machine (sensor feed), or the
system itself (a command run by the operator of the installation)."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Actor", "Role", "operator_name", "system_actor"]


class Role(StrEnum):
    """The roles of straitwatch users (declared with their permissions in ``roles.yaml``)."""

    WATCH_OFFICER = "watch_officer"
    ANALYST = "analyst"
    INVESTIGATOR = "investigator"
    SUPERVISOR = "supervisor"
    DPO = "dpo"
    ADMINISTRATOR = "administrator"
    MACHINE = "machine"
    SYSTEM = "system"
    """The installation itself (CLI run by its operator, background jobs); never a login."""


@dataclass(frozen=True, slots=True)
class Actor:
    """The subject of an access decision and of an audit event.

    >>> Actor(username="uk.watch", agency="HMCG", role=Role.WATCH_OFFICER, country="GB").is_human
    True
    """

    username: str
    agency: str
    role: Role
    country: str = ""
    user_id: int | None = None
    feeds: frozenset[str] | None = None
    """For a machine signed in with a token: the sensors that token may feed."""

    @property
    def is_human(self) -> bool:
        return self.role not in (Role.MACHINE, Role.SYSTEM)


def operator_name() -> str:
    """Who runs this command on the host: ``cli:<os user>``, with the account that used
    ``sudo`` to become it (``cli:root (sudo: alice)``)."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "unknown"
    sudo = os.environ.get("SUDO_USER")
    return f"cli:{who} (sudo: {sudo})" if sudo and sudo != who else f"cli:{who}"


def system_actor(agency: str = "SYSTEM") -> Actor:
    """The actor for commands run by the operator of the installation (``cli:<os user>``)."""
    return Actor(username=operator_name()[:64], agency=agency, role=Role.SYSTEM)
