# SPDX-License-Identifier: EUPL-1.2
"""Engines and transactions: the only place that talks to the database driver.

>>> engine = make_engine("sqlite:///var/example.db")  # doctest: +SKIP
>>> with transaction(engine) as session:              # doctest: +SKIP
...     session.add(...)

URLs are accepted as users write them (``postgresql://...``) and pointed at psycopg 3.
A database that cannot be reached is reported as :class:`StoreUnavailable`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from straitwatch.errors import ConfigurationError, StoreUnavailable

__all__ = [
    "after_rollback",
    "check_connection",
    "make_engine",
    "normalise_url",
    "on_rollback",
    "transaction",
]


def normalise_url(url: str) -> str:
    """Point plain PostgreSQL URLs at the psycopg 3 driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Build an engine for ``url``; SQLite files get their folder created and WAL mode."""
    url = normalise_url(url)
    try:
        if url.startswith("sqlite"):
            path = url.split(":///", 1)[1] if ":///" in url else ""
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, echo=echo, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, echo=echo, pool_pre_ping=True)
    except (ArgumentError, ImportError, ValueError) as exc:
        raise ConfigurationError(f"database URL {url!r} is not usable: {exc}") from exc
    return engine


def check_connection(engine: Engine) -> None:
    """Open one connection, or raise :class:`StoreUnavailable` naming the database."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except (OperationalError, DBAPIError) as exc:
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreUnavailable(
            f"cannot reach database {engine.url.render_as_string(hide_password=True)}: {detail}"
        ) from exc


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on any error."""
    factory = sessionmaker(engine, expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except OperationalError as exc:
        after_rollback(session)
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreUnavailable(f"database error: {detail}") from exc
    except BaseException:
        after_rollback(session)
        raise
    finally:
        session.close()


_HOOKS = "straitwatch.on_rollback"


def on_rollback(session: Session, hook: Callable[[Session], object]) -> None:
    """Run ``hook`` in a new transaction if the session's current one is rolled back
    through :func:`after_rollback` (a refused access is audited even when the refusal
    aborts the request). Hooks are dropped when the transaction commits."""
    hooks: list[Callable[[Session], object]] = session.info.setdefault(_HOOKS, [])
    if not hooks:
        event.listen(session, "after_commit", _drop_hooks, once=True)
    hooks.append(hook)


def _drop_hooks(session: Session) -> None:
    session.info.pop(_HOOKS, None)


def after_rollback(session: Session) -> None:
    """Roll back, then run and commit the hooks registered with :func:`on_rollback`."""
    session.rollback()
    hooks = session.info.pop(_HOOKS, [])
    if hooks:
        for hook in hooks:
            hook(session)
        session.commit()
