# SPDX-License-Identifier: EUPL-1.2
"""The tracking and assessment stages as processes over NATS JetStream, made to survive.

Each stage reads its subject through a durable pull consumer, one input message at a
time through its step (so catching up after a restart is many ordinary steps, never one
huge one), and publishes what it produced in messages of bounded size
(:func:`~straitwatch.picture.stage_state.chunked`). Around that:

- the bus going away (nats-server restarted) is waited out with back-off, logged when it
  goes and when it is back; nothing read and not acknowledged is lost;
- a message that cannot be read (poison) goes to the dead-letter store, with the reason,
  and the stage goes on;
- after each batch the stage saves its checkpoint (:mod:`~straitwatch.picture.stage_state`)
  and only then acknowledges: a ``kill -9`` and a restart carry on from the checkpoint,
  skip what it already covers, and publish again (same message ids, stored once) what it
  had not yet published;
- the store going away (PostgreSQL restarted) holds alerts in the assessment's outbox,
  which is part of its checkpoint, until they are stored.

>>> await run_tracking(bus, pipeline)              # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from straitwatch.errors import InvalidInput, StoreUnavailable
from straitwatch.picture.bus import OBSERVATIONS, PICTURE, STREAM, TRACKS, Bus, DataClock
from straitwatch.picture.codec import (
    observation_from_json,
    observation_json,
    update_from_json,
    update_json,
)
from straitwatch.picture.pipeline import Pipeline
from straitwatch.picture.stage_state import Checkpoint, Checkpoints, Outgoing, chunked
from straitwatch.sensors.observation import ObservationKind

__all__ = ["Stage", "run_assessment", "run_tracking"]

log = logging.getLogger("straitwatch.stage")

_FETCH = 50
_ACK_WAIT_S = 10.0
"""Unacknowledged messages (a stage that failed mid-batch) come again after this."""
_BACKOFF_S = (0.2, 5.0)
Step = Callable[[int | None, dict[str, Any] | None], Awaitable[list[Outgoing]]]


class Stage:
    """The loop around one stage's step: consume, checkpoint, acknowledge, survive."""

    def __init__(
        self,
        name: str,
        bus: Bus,
        pipeline: Pipeline,
        subject: str,
        state: Callable[[], Any],
        *,
        idle_s: float = 0.25,
        checkpoints: Checkpoints | None = None,
    ) -> None:
        self.name, self.bus, self.pipeline, self.subject = name, bus, pipeline, subject
        self.state = state
        """What the checkpoint keeps of the pipeline (called after each batch)."""
        self.idle_s = idle_s
        self.checkpoints = checkpoints or Checkpoints(bus)
        self.checkpoint = Checkpoint()
        self.dead_letters = 0
        self._unsaved = False
        """Stepped past the saved checkpoint: saved before anything more is published."""

    async def resume(self) -> Checkpoint | None:
        """Load the checkpoint, if any (the caller restores its state from it); while the
        bus cannot answer, try again with back-off."""
        delay_s = _BACKOFF_S[0]
        while True:
            try:
                loaded = await self.checkpoints.load(self.name)
                break
            except _BUS_DOWN as exc:
                log.warning(
                    "stage %s: checkpoint not read (%s); again in %.1f s", self.name, exc, delay_s
                )
                await asyncio.sleep(delay_s)
                delay_s = min(delay_s * 2, _BACKOFF_S[1])
        if loaded is not None:
            self.checkpoint = loaded
        return loaded

    async def run(self, step: Step) -> None:
        """For ever: ``step(seq, body)`` per message, ``step(None, None)`` when idle."""
        from nats.js.api import ConsumerConfig

        sub: Any = None
        delay_s = _BACKOFF_S[0]
        while True:
            try:
                if sub is None:
                    sub = await self.bus.js.pull_subscribe(
                        self.subject,
                        durable=self.name,
                        stream=STREAM,
                        config=ConsumerConfig(ack_wait=_ACK_WAIT_S),
                    )
                await self._round(sub, step)
                if delay_s > _BACKOFF_S[0]:
                    log.warning("stage %s: bus and store answer again; going on", self.name)
                    delay_s = _BACKOFF_S[0]
            except _BUS_DOWN as exc:
                log.warning(
                    "stage %s: %s: %s; trying again in %.1f s",
                    self.name,
                    type(exc).__name__,
                    str(exc).splitlines()[0] if str(exc) else "",
                    delay_s,
                )
                await asyncio.sleep(delay_s)
                delay_s = min(delay_s * 2, _BACKOFF_S[1])
                sub = None

    async def _round(self, sub: Any, step: Step) -> None:
        """One fetch: each message stepped (poison to the dead-letter store), the
        checkpoint saved with what was produced, that published, then the messages
        acknowledged."""
        from nats.errors import TimeoutError as NatsTimeout

        if self._unsaved:  # a save that failed (bus down): before publishing anything
            await self._save()
        await self._publish_owed()
        try:
            msgs = await sub.fetch(_FETCH, timeout=self.idle_s)
        except (NatsTimeout, TimeoutError):
            msgs = []
        if not msgs:
            produced = await step(None, None)
            if produced:  # what goes out is checkpointed first (see _round's end)
                self.checkpoint.outgoing += produced
                self._unsaved = True
                await self._save()
                await self._publish_owed()
            return
        for m in msgs:
            seq = int(m.metadata.sequence.stream)
            if seq <= self.checkpoint.seq:
                continue  # covered by the checkpoint: delivered again after a restart
            try:
                body = json.loads(m.data)
                self.checkpoint.outgoing += await step(seq, body)
            except (ValueError, KeyError, TypeError, InvalidInput) as exc:
                await asyncio.to_thread(self._dead_letter, seq, m.data, exc)
            self.checkpoint.seq = seq
            self._unsaved = True
        # Write ahead: the state and what it produced are saved before anything is
        # published. Stepping is not repeatable (the stage's clock follows the wall
        # clock), so a stage killed after publishing and restarted from an older
        # checkpoint would step the same messages again to other track ids, under the
        # same message ids: the bus keeps the first (a duplicate), the tracker the second,
        # and one id would then name two boats on the operator's screen.
        await self._save()
        await self._publish_owed()
        for m in msgs:
            await m.ack()

    async def _save(self) -> None:
        self.checkpoint.state = self.state()
        await self.checkpoints.save(self.name, self.checkpoint)
        self._unsaved = False

    async def _publish_owed(self) -> None:
        while self.checkpoint.outgoing:
            out = self.checkpoint.outgoing[0]
            await self.bus.publish(out.subject, out.body, msg_id=out.msg_id)
            self.checkpoint.outgoing.pop(0)

    def _dead_letter(self, seq: int, data: bytes, exc: Exception) -> None:
        from straitwatch.store.db import transaction
        from straitwatch.store.observations import DeadLetterRow

        raw = data.decode("utf-8", errors="replace")
        message = f"{self.subject} message {seq} unreadable: {type(exc).__name__}: {exc}"
        key = hashlib.blake2b(f"{self.subject}|{raw}".encode(), digest_size=16).digest()
        with transaction(self.pipeline.engine) as session:
            if session.query(DeadLetterRow.id).filter_by(content_key=key).first() is None:
                session.add(
                    DeadLetterRow(
                        refused_at=datetime.now(UTC),
                        reason="malformed",
                        message=message[:2000],
                        feed=f"bus:{self.subject}",
                        line_no=seq,
                        format="bus_json",
                        raw=raw,
                        content_key=key,
                    )
                )
        self.dead_letters += 1
        log.error("stage %s: %s; sent to the dead-letter store", self.name, message[:500])


def _bus_down() -> tuple[type[BaseException], ...]:
    from nats.errors import Error as NatsError
    from sqlalchemy.exc import SQLAlchemyError

    return (NatsError, OSError, TimeoutError, StoreUnavailable, SQLAlchemyError)


_BUS_DOWN = _bus_down()


async def run_tracking(
    bus: Bus, pipeline: Pipeline, *, checkpoints: Checkpoints | None = None
) -> None:
    """The tracking stage: observations in, track updates (and the sightings the
    assessment needs) out."""
    stage = Stage(
        "tracking", bus, pipeline, OBSERVATIONS, lambda: pipeline.tracker, checkpoints=checkpoints
    )
    loaded = await stage.resume()
    if loaded is not None and loaded.state is not None:
        pipeline.tracker = loaded.state
    clock = DataClock()

    async def step(seq: int | None, body: dict[str, Any] | None) -> list[Outgoing]:
        obs = [observation_from_json(o) for o in body["observations"]] if body else []
        if not obs and not clock.started:
            return []  # idle before any data: nothing to coast yet
        now = clock.now(max((o.time for o in obs), default=None))
        updates = await asyncio.to_thread(pipeline.track, obs, now)
        sightings = [observation_json(o) for o in obs if o.kind is ObservationKind.SIGHTING]
        if not updates and not sightings:
            return []
        head = {"now": now.isoformat(), "sightings": sightings}
        msg_id = f"tracks.{seq}" if seq is not None else f"tracks.idle.{now.isoformat()}"
        return list(chunked(TRACKS, "updates", [update_json(u) for u in updates], head, msg_id))

    await stage.run(step)


async def run_assessment(bus: Bus, pipeline: Pipeline) -> None:
    """The assessment stage: track updates in, alerts stored (audited) and the picture's
    batch out."""
    stage = Stage(
        "assessment", bus, pipeline, TRACKS, lambda: (pipeline.rules, pipeline.outbox.owed())
    )
    loaded = await stage.resume()
    if loaded is not None and loaded.state is not None:
        pipeline.rules, owed = loaded.state
        pipeline.outbox.restore(owed)

    async def step(seq: int | None, body: dict[str, Any] | None) -> list[Outgoing]:
        if body is None:  # idle: store what is owed, deliver it
            if not len(pipeline.outbox):
                return []
            alerts = await asyncio.to_thread(pipeline.flush)
            if not alerts:
                return []
            msg_id = "picture.owed." + ",".join(a["alert_id"] for a in alerts)
            return list(chunked(PICTURE, "updates", [], {"alerts": alerts}, msg_id))
        updates = [update_from_json(u) for u in body["updates"]]
        sightings = [observation_from_json(o) for o in body["sightings"]]
        now = datetime.fromisoformat(body["now"])
        alerts = await asyncio.to_thread(pipeline.assess, updates, sightings, now)
        items = [update_json(u) for u in updates]
        return list(chunked(PICTURE, "updates", items, {"alerts": alerts}, f"picture.{seq}"))

    await stage.run(step)
