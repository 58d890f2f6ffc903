# SPDX-License-Identifier: EUPL-1.2
"""Alerts owed to the store: an alert the assessor raised is held here until it is stored,
then handed on to be delivered, so a store error delays an alert but never loses it.

The assessor marks an alert open as it raises it and will not raise it again; the outbox
is what makes that safe. Every batch the pipeline :meth:`AlertOutbox.add` s what the step
raised and updated, then :meth:`AlertOutbox.flush` es: everything owed is stored in one
transaction; if that fails (a locked SQLite file, a PostgreSQL restart) it is tried again
alert by alert, so that one alert the store refuses does not hold the others back, and
whatever is still not stored stays owed, in order, for the next flush (the live feed and
the replay flush every tick, with or without input). Alert ids are deterministic
(:meth:`~straitwatch.assessment.alert.Alert.make_id`) and storing is idempotent by id,
so an alert stored twice (a commit whose answer was lost) is one row.

>>> outbox = AlertOutbox(SqlAlertStore(engine))           # doctest: +SKIP
>>> outbox.add(out.raised, out.updated)                    # doctest: +SKIP
>>> stored_json = outbox.flush()                           # doctest: +SKIP
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from straitwatch.assessment import lifecycle
from straitwatch.assessment.alert import Alert
from straitwatch.errors import StraitwatchError
from straitwatch.store.db import transaction

__all__ = ["AlertOutbox", "AlertStore", "SqlAlertStore", "StoreFailure"]

log = logging.getLogger("straitwatch.picture.outbox")

StoreFailure = (SQLAlchemyError, StraitwatchError, OSError)
"""What a store may raise that the outbox survives (anything else is a bug and raised)."""


class AlertStore(Protocol):
    """Where alerts are stored: the lifecycle service over the database (a seam for tests)."""

    def record(self, raised: Sequence[Alert], updated: Sequence[Alert]) -> list[dict[str, Any]]:
        """Store raised and updated alerts in one transaction; their stored JSON."""
        ...

    def escalate(self, now: datetime, after_s: float) -> list[dict[str, Any]]:
        """Escalate distress alerts left ``new`` too long; their stored JSON."""
        ...


class SqlAlertStore:
    """:class:`AlertStore` over the straitwatch database (audited, idempotent by id)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(self, raised: Sequence[Alert], updated: Sequence[Alert]) -> list[dict[str, Any]]:
        with transaction(self.engine) as session:
            return [r.to_json() for r in lifecycle.record_alerts(session, raised, updated)]

    def escalate(self, now: datetime, after_s: float) -> list[dict[str, Any]]:
        with transaction(self.engine) as session:
            records = lifecycle.escalate_overdue(session, now=now, after_s=after_s)
            return [r.to_json() for r in records]


@dataclass(frozen=True, slots=True)
class _Owed:
    alert: Alert
    raised: bool
    since: float
    """When the assessor produced it (``time.monotonic``), for the alert latency."""


LOG_EVERY_S = 10.0
"""While the store stays away, its refusal is logged again this often."""


class AlertOutbox:
    """Raised and updated alerts not yet stored, in the order the assessor produced them."""

    def __init__(
        self, store: AlertStore, *, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.store = store
        self._monotonic = monotonic
        self._owed: list[_Owed] = []
        self.failures = 0
        """Flushes that could not store everything owed (each one logged)."""
        self.last_error: str | None = None
        self.latencies_s: list[float] = []
        """Seconds from raised to stored of the alerts stored by the last flush."""
        self._down_logged: float | None = None
        """When the store's refusal was last logged (None: it answers)."""
        self.stored = 0
        self.latency_sum_s = 0.0
        """Alert changes stored, and their seconds from raised to stored, in all."""

    def __len__(self) -> int:
        return len(self._owed)

    def owed(self) -> list[Any]:
        """What is owed, as kept in a stage's checkpoint (see :meth:`restore`)."""
        return list(self._owed)

    def restore(self, owed: list[Any]) -> None:
        """Owe again what a checkpoint kept (a stage restarted)."""
        self._owed = [o for o in owed if isinstance(o, _Owed)] + self._owed

    def owed_alerts(self) -> list[Alert]:
        """The alerts still owed to the store, in order."""
        return [o.alert for o in self._owed]

    def add(self, raised: Iterable[Alert], updated: Iterable[Alert]) -> None:
        now = self._monotonic()
        self._owed += [_Owed(a, True, now) for a in raised]
        self._owed += [_Owed(a, False, now) for a in updated]

    def flush(self) -> list[dict[str, Any]]:
        """Store what is owed; the stored alerts as JSON (to deliver). What the store
        refused stays owed and is logged; nothing is dropped."""
        self.latencies_s = []
        if not self._owed:
            return []
        owed = list(self._owed)  # stays owed (and counted) until stored
        try:
            stored = self._store(owed)
            self._owed = []
        except StoreFailure as exc:
            self._failed(exc, len(owed))
            stored, still = [], []
            for group in _by_alert(owed):  # one at a time: a refused alert holds no other
                try:
                    stored += self._store(group)
                except StoreFailure:
                    still += group
            self._owed = still
        if not self._owed:
            self._recovered()
        return stored

    def escalate(self, now: datetime, after_s: float) -> list[dict[str, Any]]:
        """Escalation is derived from the store each time: a failure is logged and the
        next call does it (nothing is owed)."""
        try:
            escalated = self.store.escalate(now, after_s)
        except StoreFailure as exc:
            self._failed(exc, 0)
            return []
        if not self._owed:
            self._recovered()
        return escalated

    def _store(self, owed: Sequence[_Owed]) -> list[dict[str, Any]]:
        stored = self.store.record(
            [o.alert for o in owed if o.raised], [o.alert for o in owed if not o.raised]
        )
        now = self._monotonic()
        latencies = [now - o.since for o in owed]
        self.latencies_s += latencies
        self.stored += len(latencies)
        self.latency_sum_s += sum(latencies)
        return stored

    def _failed(self, exc: BaseException, count: int) -> None:
        """Counted each time; logged when the store goes away and then every
        :data:`LOG_EVERY_S` while it stays away (a stage catching up tries it with every
        message: one line each would bury the log)."""
        self.failures += 1
        self.last_error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        now = self._monotonic()
        if self._down_logged is None or now - self._down_logged >= LOG_EVERY_S:
            self._down_logged = now
            log.warning(
                "the store refused %d alert change(s); %d owed, kept to store again: %s",
                count,
                len(self._owed),
                self.last_error,
            )

    def _recovered(self) -> None:
        if self._down_logged is not None:
            self._down_logged = None
            log.warning("the store answers again; every alert owed to it is stored")


def _by_alert(owed: Sequence[_Owed]) -> list[list[_Owed]]:
    """The owed changes grouped by alert id, groups in order of first appearance (an
    alert's raise and its updates stay together and in order)."""
    groups: dict[str, list[_Owed]] = {}
    for o in owed:
        groups.setdefault(o.alert.alert_id, []).append(o)
    return list(groups.values())
