# SPDX-License-Identifier: EUPL-1.2
"""Where a stream of records is stored: batched writes, one transaction per batch, one
audit event (collection) per batch, and the counts the ``ingest`` summary prints. The
rows themselves are made in :mod:`~straitwatch.sensors.batch`.

>>> summary = IngestSummary()
>>> summary.as_dict()["observations"]
0
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor

from sqlalchemy import Engine, Table
from sqlalchemy.orm import Session

from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction, AuditEvent, record
from straitwatch.sensors.batch import (
    DEAD_COLUMNS,
    OBSERVATION_COLUMNS,
    REPORT_COLUMNS,
    Batch,
    unstorable,
)
from straitwatch.sensors.ingest_summary import IngestSummary
from straitwatch.sensors.observation import Observation
from straitwatch.sensors.quality import Clock, wall_clock
from straitwatch.sensors.records import (
    AisReport,
    IngestRecord,
    Rejection,
    RejectReason,
    StaticUpdate,
)
from straitwatch.store.base import Base
from straitwatch.store.db import transaction
from straitwatch.store.observations import (
    AisReportRow,
    DeadLetterRow,
    ObservationRow,
    bulk_insert,
    db_time,
    upsert_identities,
)

__all__ = ["PURPOSE", "Batch", "IngestSummary", "ObservationSink"]

PURPOSE = "maritime picture: border security and search and rescue"


class ObservationSink:
    """Collects records and writes them in batches of ``batch_size`` rows.

    Use :meth:`add` per record and :meth:`close` at the end (or :meth:`flush` from a
    timer on a live feed). ``feed`` names the source in the audit log. With
    ``background=True`` a full batch is written by a writer thread while the next one is
    read (the database driver releases the GIL while it inserts); at most one write is in
    flight, so memory stays bounded, and a failed write is raised by the next call.
    """

    def __init__(
        self,
        engine: Engine,
        actor: Actor,
        *,
        feed: str,
        batch_size: int = 50_000,
        clock: Clock = wall_clock,
        purpose: str = PURPOSE,
        on_write: Callable[[Batch], None] | None = None,
        background: bool = False,
    ) -> None:
        self.engine = engine
        self.actor = actor
        self.feed = feed
        self.batch_size = batch_size
        self.purpose = purpose
        self.summary = IngestSummary()
        self._clock = clock
        self._on_write = on_write
        self._time = db_time(engine.dialect.name)
        self._epoch_is_seconds = engine.dialect.name == "sqlite"  # see db_epoch
        self._batch = Batch()
        self._rows = 0
        self._counts: dict[int | str, int] = {}
        self._writer = ThreadPoolExecutor(1, "sink-writer") if background else None
        self._in_flight: Future[None] | None = None

    def add_all(self, records: Iterable[IngestRecord]) -> None:
        for item in records:
            self.add(item)

    def add(self, item: IngestRecord) -> None:
        """Count one record and queue its row; write when the batch is full."""
        batch = self._batch
        summary = self.summary
        kind = type(item)
        if kind is Observation:
            assert isinstance(item, Observation)
            key = batch.add_observation(item, epoch_is_seconds=self._epoch_is_seconds)
            if key is None:  # the store cannot hold it as it is: a dead letter instead
                self.add(unstorable(item))
                return
            summary.observations += 1
        elif kind is Rejection:
            assert isinstance(item, Rejection)
            batch.add_rejection(item, self._time(self._clock()), self._time)
            if item.reason is RejectReason.DUPLICATE:
                summary.duplicates += 1
            else:
                summary.rejected += 1
                summary.rejected_reasons[item.reason.value] += 1
            key = None
        elif kind is StaticUpdate:
            assert isinstance(item, StaticUpdate)
            key = batch.add_static(item)
            summary.static_updates += 1
        else:
            assert isinstance(item, AisReport)
            key = batch.add_report(item, epoch_is_seconds=self._epoch_is_seconds)
            summary.ais_reports += 1
        if key is not None:
            self._counts[key] = self._counts.get(key, 0) + 1
        self._rows += 1
        if self._rows >= self.batch_size:
            self.flush()

    def take(self) -> Batch:
        """Hand over the rows collected so far (a live feed writes them off the loop)."""
        batch, self._batch, self._rows = self._batch, Batch(), 0
        for key, n in self._counts.items():
            self.summary.by_message_type[str(key)] += n
        self._counts.clear()
        return batch

    def flush(self) -> None:
        """Write what has been collected, in one transaction (in the background when the
        sink was made with ``background=True``, after the previous write has finished)."""
        batch = self.take()
        if self._writer is None:
            self.write(batch)
            return
        self._wait()
        self._in_flight = self._writer.submit(self.write, batch)

    def _wait(self) -> None:
        in_flight, self._in_flight = self._in_flight, None
        if in_flight is not None:
            in_flight.result()  # raises what the writer raised

    def close(self) -> IngestSummary:
        """Write the rest, wait for the writer, and return the summary."""
        try:
            self.flush()
            self._wait()
        finally:
            if self._writer is not None:
                self._writer.shutdown(wait=True)
        return self.summary

    def write(self, batch: Batch, *, session: Session | None = None) -> None:
        """Store one batch and its audit event, all or nothing (in its own transaction,
        or in the caller's ``session``)."""
        if not len(batch):
            return
        if session is None:
            with transaction(self.engine) as own:
                self._write(batch, own)
        else:
            self._write(batch, session)
        self.summary.already_stored += batch.already_stored
        if self._on_write is not None:
            self._on_write(batch)

    def _write(self, batch: Batch, session: Session) -> None:
        connection = session.connection()
        tables = (
            (_table(ObservationRow), OBSERVATION_COLUMNS, batch.observations),
            (_table(AisReportRow), REPORT_COLUMNS, batch.reports),
            (_table(DeadLetterRow), DEAD_COLUMNS, batch.dead),
        )
        stored = [
            bulk_insert(connection, table, columns, rows, skip_existing=True)
            for table, columns, rows in tables
        ]
        upsert_identities(session, batch.identity_rows())
        record(session, self._audit_event(batch, stored))
        batch.already_stored = sum(len(rows) for *_, rows in tables) - sum(stored)

    def _audit_event(self, batch: Batch, stored: list[int]) -> AuditEvent:
        reasons = Counter(row[1] for row in batch.dead)
        first, last = batch.time_span()
        return AuditEvent(
            action=AuditAction.COLLECTION,
            actor=self.actor.username,
            agency=self.actor.agency,
            role=str(self.actor.role),
            resource_kind="observations",
            resource_id=self.feed[:128],
            purpose=self.purpose,
            detail={
                "feed": self.feed,
                "observations": len(batch.observations),
                "static_updates": len(batch.identities),
                "ais_reports": len(batch.reports),
                "dead_letters": dict(reasons),
                "already_stored": {
                    name: len(rows) - n
                    for name, rows, n in zip(
                        ("observations", "ais_reports", "dead_letters"),
                        (batch.observations, batch.reports, batch.dead),
                        stored,
                        strict=True,
                    )
                    if len(rows) > n
                },
                "first_time": first,
                "last_time": last,
            },
        )


def _table(row_class: type[Base]) -> Table:
    table = row_class.__table__
    assert isinstance(table, Table)
    return table
