# SPDX-License-Identifier: EUPL-1.2
"""What a pipeline stage keeps across a crash: its checkpoint and the messages it owes.

A stage (tracking, assessment) running as its own process over NATS JetStream saves, after
each batch of messages and before it acknowledges them, a :class:`Checkpoint`: the stream
position of the last message it took in, its step state (the tracker, or the assessor and
the alerts still owed to the store), and the messages it produced but could not publish
yet. The checkpoint is an object in the JetStream object store ``straitwatch_stages`` (so
a state of any size fits, in 128 KiB chunks). On start the stage loads it: messages up to
that position that JetStream delivers again are skipped, and the state goes on as if the
process had never stopped: same track ids, no alert raised twice, none missed.

Every message a stage publishes for an input message has an id derived from that input's
stream position (``Nats-Msg-Id``), so publishing it again after a restart is stored once.
The checkpoint is a pickle: it is read only from the deployment's own bus.
"""

from __future__ import annotations

import json
import logging
import pickle
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from straitwatch.errors import StoreUnavailable

if TYPE_CHECKING:
    from straitwatch.picture.bus import Bus

__all__ = ["MAX_MESSAGE_BYTES", "Checkpoint", "Checkpoints", "Outgoing", "chunked"]

log = logging.getLogger("straitwatch.stage")

BUCKET = "straitwatch_stages"
MAX_MESSAGE_BYTES = 512 * 1024
"""Largest message a stage publishes: half NATS's default max_payload (1 MiB)."""


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A message produced and not yet on the bus."""

    subject: str
    body: dict[str, Any]
    msg_id: str


@dataclass(slots=True)
class Checkpoint:
    """A stage's state after the input message at stream position ``seq``."""

    seq: int = 0
    state: Any = None
    outgoing: list[Outgoing] = field(default_factory=list)


class Checkpoints:
    """Checkpoints of the stages, in the bus's object store."""

    def __init__(self, bus: Bus) -> None:
        self.bus = bus
        self._store: Any = None

    async def _open(self) -> Any:
        from nats.js.errors import BadRequestError, BucketNotFoundError

        if self._store is None:
            try:
                self._store = await self.bus.js.object_store(BUCKET)
            except BucketNotFoundError:
                try:
                    self._store = await self.bus.js.create_object_store(BUCKET)
                except BadRequestError:  # the other stage created it just now
                    self._store = await self.bus.js.object_store(BUCKET)
        return self._store

    async def load(self, stage: str) -> Checkpoint | None:
        """The stage's last checkpoint, or None on a first start."""
        from nats.js.errors import NotFoundError, ObjectNotFoundError

        store = await self._open()
        try:
            result = await store.get(stage)
        except (ObjectNotFoundError, NotFoundError):
            return None
        checkpoint: Checkpoint = pickle.loads(zlib.decompress(result.data))  # noqa: S301
        log.info(
            "stage %s: resumed from its checkpoint at stream position %d", stage, checkpoint.seq
        )
        return checkpoint

    async def save(self, stage: str, checkpoint: Checkpoint) -> None:
        from nats.errors import Error as NatsError

        data = zlib.compress(pickle.dumps(checkpoint, protocol=pickle.HIGHEST_PROTOCOL), 1)
        try:
            store = await self._open()
            await store.put(stage, data)
        except (NatsError, TimeoutError, OSError) as exc:
            raise StoreUnavailable(f"stage {stage}: checkpoint not saved: {exc}") from exc


def chunked(
    subject: str, key: str, items: list[dict[str, Any]], head: dict[str, Any], msg_id: str
) -> Iterator[Outgoing]:
    """``head`` plus ``items`` under ``key``, cut into messages of at most
    :data:`MAX_MESSAGE_BYTES` each, ids ``msg_id.0``, ``msg_id.1``…"""
    part: list[dict[str, Any]] = []
    size = len(json.dumps(head)) + 64
    base = size
    n = 0
    for item in items:
        item_size = len(json.dumps(item, separators=(",", ":"))) + 1
        if part and size + item_size > MAX_MESSAGE_BYTES:
            yield Outgoing(subject, {**head, key: part}, f"{msg_id}.{n}")
            head = {k: ([] if isinstance(v, list) else v) for k, v in head.items()}
            part, size, n = [], base, n + 1
        part.append(item)
        size += item_size
    yield Outgoing(subject, {**head, key: part}, f"{msg_id}.{n}")
