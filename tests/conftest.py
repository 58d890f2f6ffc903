# SPDX-License-Identifier: EUPL-1.2
"""Shared fixtures: real stores (a SQLite file; PostgreSQL when .ci/run started one).

``engine`` is a freshly migrated SQLite store. ``any_engine`` runs a test once on SQLite
and once on PostgreSQL (``STRAITWATCH_TEST_PG_URL``, set by scripts/test.sh); outside CI a
missing server skips the PostgreSQL half, inside CI (``CI=true``) it fails.
"""

from __future__ import annotations

import faulthandler
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from straitwatch.store.db import make_engine, normalise_url
from straitwatch.store.migrate import upgrade

# Real published data, vendored with its attribution (tests/data/*/SOURCES.md): only the
# files the tests read, so a clone anywhere runs the suite without ../shared.
REAL_DATA = Path(__file__).resolve().parent / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

_PG_TEMPLATE = f"straitwatch_tmpl_{os.getpid()}"  # one per pytest process
_pg_template_ready = False


@pytest.fixture
def real_data() -> Path:
    """``tests/data``: real published data (AIS, flows, documents), see each SOURCES.md."""
    return REAL_DATA


def _sqlite_engine(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    upgrade(engine)
    return engine


def _pg_admin_url() -> str | None:
    url = os.environ.get("STRAITWATCH_TEST_PG_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but STRAITWATCH_TEST_PG_URL is not set (see scripts/test.sh)")
        pytest.skip("no PostgreSQL test server (STRAITWATCH_TEST_PG_URL)")
    return url


def _pg_engine() -> Iterator[Engine]:
    """A fresh database cloned from a migrated template (fast), dropped afterwards."""
    global _pg_template_ready
    admin_url = _pg_admin_url()
    assert admin_url
    admin = create_engine(normalise_url(admin_url), isolation_level="AUTOCOMMIT")
    base = admin_url.rsplit("/", 1)[0]
    if not _pg_template_ready:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {_PG_TEMPLATE}"))
            conn.execute(text(f"CREATE DATABASE {_PG_TEMPLATE}"))
        tmpl = make_engine(f"{base}/{_PG_TEMPLATE}")
        upgrade(tmpl)
        tmpl.dispose()
        _pg_template_ready = True
    name = f"t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {_PG_TEMPLATE}"))
    engine = make_engine(f"{base}/{name}")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    """A migrated SQLite store in a temporary file."""
    return _sqlite_engine(tmp_path)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """The same test on a SQLite file and on PostgreSQL 15."""
    if request.param == "sqlite":
        yield _sqlite_engine(tmp_path)
    else:
        yield from _pg_engine()


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    """A fresh, migrated PostgreSQL 15 database."""
    yield from _pg_engine()


EXIT_GRACE_S = 60
"""How long the process may take to exit once the tests are done."""


def pytest_unconfigure(config: pytest.Config) -> None:
    """If the exit hangs, print every thread's stack and end the run as a failure.

    A worker thread blocked for good (a ``to_thread`` call waiting on a queue nobody fills)
    keeps the process alive after the summary, since the interpreter joins executor threads
    at exit: CI would sit until its time limit instead of showing which code is stuck.
    """
    faulthandler.dump_traceback_later(EXIT_GRACE_S, exit=True)
