# SPDX-License-Identifier: EUPL-1.2
"""The declared partner agencies and role permissions, loaded from ``access/data`` and
validated once.

>>> agency("HMCG").sar_region
'UK'
>>> Action.ALERTS_UPDATE in role_permissions()[Role.WATCH_OFFICER]
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from straitwatch.access.actions import Action
from straitwatch.access.actor import Role
from straitwatch.errors import ConfigurationError, InvalidInput

__all__ = ["Agency", "agencies", "agency", "parse_role", "role_permissions"]


@dataclass(frozen=True, slots=True)
class Agency:
    code: str
    name: str
    country: str
    sar_role: str | None = None
    sar_region: str | None = None


def _load_yaml(name: str) -> object:
    text = resources.files("straitwatch.access").joinpath("data", name).read_text("utf-8")
    return yaml.safe_load(text)


@cache
def agencies() -> tuple[Agency, ...]:
    """Every partner agency, in declaration order."""
    raw = _load_yaml("agencies.yaml")
    if not isinstance(raw, list):
        raise ConfigurationError("agencies.yaml: expected a list of agencies")
    out: list[Agency] = []
    for i, item in enumerate(raw):
        try:
            out.append(Agency(**item))
        except TypeError as exc:
            raise ConfigurationError(f"agencies.yaml entry {i}: {exc}") from exc
        if len(out[-1].country) != 2:
            raise ConfigurationError(f"agencies.yaml entry {i}: country must be 2 letters")
    codes = [a.code for a in out]
    if len(set(codes)) != len(codes):
        raise ConfigurationError("agencies.yaml: duplicate agency code")
    return tuple(out)


def agency(code: str) -> Agency:
    """The agency with ``code``, or :class:`InvalidInput` listing the known codes."""
    for a in agencies():
        if a.code == code:
            return a
    known = ", ".join(a.code for a in agencies())
    raise InvalidInput(f"unknown agency {code!r} (known: {known})")


def parse_role(name: str) -> Role:
    """The role called ``name`` (``watch_officer``, ``watch-officer``...), or InvalidInput."""
    try:
        return Role(name.strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        known = ", ".join(r.value for r in Role if r is not Role.SYSTEM)
        raise InvalidInput(f"unknown role {name!r} (known: {known})") from None


@cache
def role_permissions() -> dict[Role, frozenset[Action]]:
    """Role → actions it may take (before resource rules); ``*`` means every action."""
    raw = _load_yaml("roles.yaml")
    if not isinstance(raw, dict):
        raise ConfigurationError("roles.yaml: expected a mapping of role to actions")
    table: dict[Role, frozenset[Action]] = {}
    for role_name, actions in raw.items():
        try:
            role = Role(role_name)
        except ValueError as exc:
            raise ConfigurationError(f"roles.yaml: unknown role {role_name!r}") from exc
        if actions == ["*"]:
            table[role] = frozenset(Action)
            continue
        try:
            table[role] = frozenset(Action(a) for a in actions or [])
        except ValueError as exc:
            raise ConfigurationError(f"roles.yaml, role {role_name}: {exc}") from exc
    missing = set(Role) - set(table)
    if missing:
        raise ConfigurationError(f"roles.yaml: roles without an entry: {sorted(missing)}")
    return table
