# SPDX-License-Identifier: EUPL-1.2
"""The full-text index of reports and entities: SQLite FTS5 (table ``intel_fts``) or
PostgreSQL ``to_tsvector`` over the rows themselves (GIN indexes from migration 0400).

It only finds candidates; what the actor may see is decided by the access policy in
:mod:`straitwatch.intel.search`.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.orm import Session

__all__ = ["candidates", "drop", "put", "put_many", "terms"]

_WORD = re.compile(r"\w+", re.UNICODE)


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def put(session: Session, kind: str, ref: str, body: str) -> None:
    """Index (or re-index) one item; a no-op on PostgreSQL, which indexes the rows."""
    if _sqlite(session):
        drop(session, kind, ref)
        session.execute(
            text("INSERT INTO intel_fts (kind, ref, body) VALUES (:k, :r, :b)"),
            {"k": kind, "r": ref, "b": body},
        )


def put_many(session: Session, kind: str, items: list[tuple[str, str]], *, known: bool) -> None:
    """Index many items of one kind in two statements (``known``: some may be indexed
    already and are replaced); a no-op on PostgreSQL."""
    if not _sqlite(session) or not items:
        return
    if known:
        for start in range(0, len(items), 500):
            refs = [ref for ref, _ in items[start : start + 500]]
            marks = ", ".join(f":r{i}" for i in range(len(refs)))
            session.execute(
                text(f"DELETE FROM intel_fts WHERE kind = :k AND ref IN ({marks})"),
                {"k": kind, **{f"r{i}": r for i, r in enumerate(refs)}},
            )
    session.execute(
        text("INSERT INTO intel_fts (kind, ref, body) VALUES (:k, :r, :b)"),
        [{"k": kind, "r": ref, "b": body} for ref, body in items],
    )


def drop(session: Session, kind: str, ref: str) -> None:
    if _sqlite(session):
        session.execute(
            text("DELETE FROM intel_fts WHERE kind = :k AND ref = :r"), {"k": kind, "r": ref}
        )


def terms(query: str) -> list[str]:
    return _WORD.findall(query)[:16]


def candidates(session: Session, query: str, limit: int) -> list[tuple[str, str]]:
    """(kind, ref) of items matching every word of ``query``, best match first.

    Words are quoted before they reach FTS5 or ``to_tsquery``, so user input is never
    query syntax.
    """
    words = terms(query)
    if not words:
        return []
    if _sqlite(session):
        match = " ".join('"' + t.replace('"', '""') + '"*' for t in words)
        rows = session.execute(
            text("SELECT kind, ref FROM intel_fts WHERE intel_fts MATCH :q ORDER BY rank LIMIT :n"),
            {"q": match, "n": limit},
        )
        return [(str(k), str(r)) for k, r in rows]
    tsq = " & ".join("'" + t.replace("'", "''") + "':*" for t in words)
    rows = session.execute(
        text(
            "SELECT 'report', CAST(id AS TEXT) AS ref, "
            "ts_rank(to_tsvector('simple', title || ' ' || body), q) AS score "
            "FROM intel_reports, to_tsquery('simple', :q) q "
            "WHERE to_tsvector('simple', title || ' ' || body) @@ q "
            "UNION ALL "
            "SELECT 'entity', id, ts_rank(to_tsvector('simple', search_text), q) "
            "FROM intel_entities, to_tsquery('simple', :q) q "
            "WHERE to_tsvector('simple', search_text) @@ q "
            "ORDER BY score DESC LIMIT :n"
        ),
        {"q": tsq, "n": limit},
    )
    return [(str(k), str(r)) for k, r, _ in rows]
