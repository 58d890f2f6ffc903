# SPDX-License-Identifier: EUPL-1.2
"""What every command needs from the edge: the settings (read once) and the store.

Commands call :func:`settings` and :func:`engine` instead of reading the environment or
building engines themselves. Both import what they need when first called, so a command
that needs neither (``--help``, ``mrz check``, ``track``) does not pay for SQLAlchemy and
Alembic at start-up.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from straitwatch.config import Settings

__all__ = ["engine", "settings"]


@cache
def settings() -> Settings:
    """The process's settings, read from the environment on first use."""
    from straitwatch.config import Settings

    return Settings.load()


@cache
def engine(*, require_schema: bool = True) -> Engine:
    """The store's engine, reachable and (unless ``require_schema=False``) migrated."""
    from straitwatch.access.audit_seal import AuditSeal, bind_seal
    from straitwatch.errors import StoreUnavailable
    from straitwatch.store.db import check_connection, make_engine
    from straitwatch.store.migrate import pending

    eng = make_engine(settings().database_url)
    bind_seal(eng, AuditSeal(settings().audit_secret(), settings().audit_checkpoints))
    check_connection(eng)
    if require_schema and pending(eng):
        raise StoreUnavailable(
            "the database schema is not up to date: run `straitwatch db upgrade` first"
        )
    return eng
