# SPDX-License-Identifier: EUPL-1.2
"""The store: SQLAlchemy tables, engines and transactions, and Alembic migrations."""

from straitwatch.store.db import check_connection, make_engine, transaction

__all__ = ["check_connection", "make_engine", "transaction"]
