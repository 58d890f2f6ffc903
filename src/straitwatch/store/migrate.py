# SPDX-License-Identifier: EUPL-1.2
"""Alembic, driven from code: ``straitwatch db upgrade`` and the test fixtures call this.

Migrations live in ``store/migrations/versions``. Each area of the product has its own
branch off the foundation revision (``branch_labels``), so ``upgrade`` goes to *all* heads.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

__all__ = ["alembic_config", "current_heads", "pending", "upgrade"]

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, target: str = "heads") -> None:
    """Bring the schema to ``target`` (default: every head)."""
    command.upgrade(alembic_config(engine), target)


def current_heads(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def pending(engine: Engine) -> set[str]:
    """Heads in the scripts that the database has not reached yet."""
    script = ScriptDirectory.from_config(alembic_config(engine))
    return set(script.get_heads()) - current_heads(engine)
