# SPDX-License-Identifier: EUPL-1.2
"""The store on SQLite and on PostgreSQL 15: migrations, UTC times, transactions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, select, text

from straitwatch.access.actor import system_actor
from straitwatch.access.users import add_user, seed_agencies
from straitwatch.errors import Conflict, StoreUnavailable
from straitwatch.store.access import AgencyRow, UserRow
from straitwatch.store.db import check_connection, make_engine, normalise_url, transaction
from straitwatch.store.migrate import pending


def test_migrations_reach_every_head(any_engine: Engine) -> None:
    assert pending(any_engine) == set()


@pytest.mark.postgres
def test_the_store_needs_no_postgresql_extension(pg_engine: Engine) -> None:
    """A plain PostgreSQL 15 is enough (PostGIS was created once and never used)."""
    with pg_engine.connect() as conn:
        names = set(conn.execute(text("SELECT extname FROM pg_extension")).scalars())
    assert names == {"plpgsql"}


def test_times_round_trip_as_aware_utc(any_engine: Engine) -> None:
    paris = timezone(timedelta(hours=2))
    with transaction(any_engine) as s:
        seed_agencies(s, system_actor())
        add_user(s, system_actor(), "fr.watch", "CROSSGN", "watch_officer", "Tide-Gris-Nez-2024")
        row = s.scalar(select(UserRow))
        assert row is not None
        row.locked_until = datetime(2026, 7, 1, 14, 0, tzinfo=paris)
    with transaction(any_engine) as s:
        row = s.scalar(select(UserRow))
        assert row is not None
        assert row.locked_until == datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
        assert row.locked_until.tzinfo is not None


def test_failed_transaction_writes_nothing(any_engine: Engine) -> None:
    with transaction(any_engine) as s:
        seed_agencies(s, system_actor())
    with pytest.raises(Conflict), transaction(any_engine) as s:
        add_user(s, system_actor(), "uk.watch", "HMCG", "watch_officer", "Tide-Gris-Nez-2024")
        add_user(s, system_actor(), "uk.watch", "HMCG", "watch_officer", "Tide-Gris-Nez-2024")
    with transaction(any_engine) as s:
        assert s.scalars(select(UserRow)).all() == []
        assert len(s.scalars(select(AgencyRow)).all()) == 9


def test_seeding_is_idempotent(any_engine: Engine) -> None:
    with transaction(any_engine) as s:
        assert seed_agencies(s, system_actor()) == 9
    with transaction(any_engine) as s:
        assert seed_agencies(s, system_actor()) == 0


def test_unreachable_database_is_store_unavailable() -> None:
    engine = make_engine("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(StoreUnavailable, match="cannot reach database"):
        check_connection(engine)


def test_plain_postgres_urls_use_psycopg3() -> None:
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///var/x.db") == "sqlite:///var/x.db"


def test_migrations_create_exactly_the_declared_access_tables(any_engine: Engine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from straitwatch.store.tables import metadata

    access = ("agencies", "users", "api_tokens", "audit", "revoked_sessions")
    with any_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert [d for d in diff if any(name in repr(d) for name in access)] == []
