# SPDX-License-Identifier: EUPL-1.2
"""Live NMEA feeds: UDP datagrams and TCP line streams (asyncio), decoded as they arrive
and written to the store in timed batches.

A TCP sender is told what is stored: after each write, the listener sends back
``$PSTWA,<n>*hh`` (:func:`ack_sentence`), the number of lines of that connection now in the
store (observations and refusals). A sender that keeps what it sent after the last
acknowledgement and sends it again after a failure (a killed listener, a lost connection)
loses nothing: the store keeps each record once (content keys). UDP has no way back.

Each TCP connection and the UDP port is its own feed (its own multi-sentence assembly);
all share one :class:`StreamState`, so a message heard by two receivers is a duplicate
and an MMSI's jumps are checked across receivers. Untimed lines are stamped on arrival.

>>> Endpoint.parse("127.0.0.1:10110")
Endpoint(host='127.0.0.1', port=10110)
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from straitwatch.errors import InvalidInput, StoreUnavailable
from straitwatch.sensors.nmea import MAX_LINE_BYTES, nmea_checksum
from straitwatch.sensors.nmea_feed import NmeaFeed
from straitwatch.sensors.records import IngestRecord, Rejection, RejectReason
from straitwatch.sensors.state import StreamState

if TYPE_CHECKING:
    from straitwatch.sensors.sink import Batch, ObservationSink

__all__ = ["Endpoint", "ack_sentence", "listen"]

_MAX_LINE = MAX_LINE_BYTES


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A ``host:port`` to listen on (port 0: any free port)."""

    host: str
    port: int

    @classmethod
    def parse(cls, text: str) -> Endpoint:
        host, sep, port = text.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
            raise InvalidInput(f"{text!r} is not HOST:PORT (e.g. 127.0.0.1:10110)")
        return cls(host.strip("[]"), int(port))

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


def ack_sentence(lines: int) -> bytes:
    """What the listener sends back on a TCP connection once the first ``lines`` lines it
    received there are stored (observations and refusals alike): ``$PSTWA,<lines>*hh``.

    >>> ack_sentence(120)
    b'$PSTWA,120*5E\\r\\n'
    """
    body = b"PSTWA,%d" % lines
    return b"$%s*%02X\r\n" % (body, nmea_checksum(body))


class _Connection:
    """One TCP sender: its feed, the lines it sent, and how many of them are settled (every
    record of those lines handed to the sink: no part of a message still waiting)."""

    def __init__(self, feed: NmeaFeed, writer: asyncio.StreamWriter) -> None:
        self.feed = feed
        self.writer = writer
        self.received = 0
        self.settled = 0
        self.acked = 0
        self.ended = False
        self.all_acked = asyncio.Event()

    def acknowledge(self, lines: int) -> None:
        """Tell the sender ``lines`` lines are stored (never fewer than told before)."""
        if lines <= self.acked:
            return
        self.acked = lines
        if not self.writer.is_closing():
            self.writer.write(ack_sentence(lines))
        if self.ended and lines >= self.received:
            self.all_acked.set()


class _Feeds:
    """Routes lines to feeds, records to the sink, and counts lines against a limit."""

    def __init__(
        self, sink: ObservationSink, state: StreamState, stop: asyncio.Event, max_lines: int | None
    ) -> None:
        self.sink = sink
        self.state = state
        self.stop = stop
        self.max_lines = max_lines
        self.lines = 0
        self.connections: set[asyncio.Task[None]] = set()
        self.senders: set[_Connection] = set()

    def feed(self, name: str) -> NmeaFeed:
        return NmeaFeed(name, self.state, live=True)

    def line(self, feed: NmeaFeed, line: bytes) -> None:
        self.lines += 1
        self.deliver(feed.push(line, self.lines))
        if self.max_lines is not None and self.lines >= self.max_lines:
            self.stop.set()

    def deliver(self, records: list[IngestRecord]) -> None:
        for record in records:
            self.sink.add(record)

    def take(self) -> tuple[Batch, list[tuple[_Connection, int]]]:
        """The sink's rows so far, and what each sender may be told once they are stored."""
        owed = [(sender, sender.settled) for sender in self.senders]
        return self.sink.take(), owed


class _Datagrams(asyncio.DatagramProtocol):
    def __init__(self, feeds: _Feeds, name: str) -> None:
        self.feeds = feeds
        self.feed = feeds.feed(name)

    def datagram_received(self, data: bytes, addr: Any) -> None:
        for line in data.splitlines():
            if not self.feeds.stop.is_set():
                self.feeds.line(self.feed, line)


async def _first(*waits: Coroutine[Any, Any, Any] | asyncio.Future[Any]) -> None:
    """Wait until the first of ``waits`` is done; cancel the others."""
    tasks = [asyncio.ensure_future(w) for w in waits]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()


async def _read_line(reader: asyncio.StreamReader) -> tuple[bytes, int]:
    """The next line (with its newline) and, for a line longer than the limit, its length
    (its bytes are skipped, not kept: memory and checksum cost stay bounded)."""
    skipped = 0
    while True:
        try:
            line = await reader.readuntil(b"\n")
        except asyncio.LimitOverrunError as exc:
            skipped += exc.consumed
            await reader.readexactly(exc.consumed)
            continue
        return (line, 0) if not skipped else (line[:200], skipped + len(line))


async def _connection(
    feeds: _Feeds, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    task = asyncio.current_task()
    assert task is not None
    feeds.connections.add(task)
    task.add_done_callback(feeds.connections.discard)
    peer = writer.get_extra_info("peername")
    feed = feeds.feed(f"tcp:{peer[0]}:{peer[1]}" if peer else "tcp")
    sender = _Connection(feed, writer)
    feeds.senders.add(sender)
    try:
        while not feeds.stop.is_set():
            try:
                line, too_long = await _read_line(reader)
            except asyncio.IncompleteReadError as exc:
                if exc.partial:
                    sender.received += 1
                    feeds.line(feed, exc.partial)
                break
            sender.received += 1
            if too_long:
                feeds.lines += 1
                message = f"line of {too_long:,} bytes is longer than {_MAX_LINE:,} (not read)"
                raw = line.decode("ascii", "backslashreplace") + "…"
                rejection = Rejection(
                    RejectReason.TOO_LONG, message, raw, feed.name, feeds.lines, None, "nmea"
                )
                feeds.deliver([rejection])
            else:
                feeds.line(feed, line)
            if not feed.waiting:
                sender.settled = sender.received
        feeds.deliver(feed.finish())  # parts of messages still waiting become orphans
        sender.settled = sender.received
        sender.ended = True
        if sender.acked < sender.received:
            # The sender closed its side: answer once the rest is stored, then close.
            await _first(sender.all_acked.wait(), feeds.stop.wait())
    except ConnectionError:
        # The sender went away: what it sent so far is stored, but it cannot be told.
        feeds.deliver(feed.finish())
        sender.settled = sender.received
    finally:
        if feeds.stop.is_set():
            sender.ended = True  # listen() stores the rest, answers, then closes
        else:
            feeds.senders.discard(sender)
            writer.close()


async def _flush_every(
    feeds: _Feeds, interval_s: float, stop: asyncio.Event, warn: Callable[[str], None]
) -> None:
    """Write the sink's rows off the event loop every ``interval_s`` until stopped, then
    tell each TCP sender how many of its lines are stored; a failed write is kept and
    retried (and nothing acknowledged), so a database outage loses nothing."""
    waiting: list[tuple[Batch, list[tuple[_Connection, int]]]] = []
    while True:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval_s)
        # Whether this is the last round is decided before taking the rows: a stop that
        # comes while this round writes leaves rows added since for one more round.
        last = stop.is_set()
        waiting.append(feeds.take())
        while waiting:
            batch, owed = waiting[0]
            try:
                await asyncio.to_thread(feeds.sink.write, batch)
            except StoreUnavailable as exc:
                warn(f"store unavailable, keeping {len(batch)} rows to retry: {exc}")
                break
            waiting.pop(0)
            for sender, lines in owed:
                sender.acknowledge(lines)
        if last:
            if waiting:
                rows = sum(len(batch) for batch, _ in waiting)
                raise StoreUnavailable(f"could not store {rows} rows")
            return


async def listen(
    sink: ObservationSink,
    state: StreamState,
    *,
    udp: Endpoint | None = None,
    tcp: Endpoint | None = None,
    stop: asyncio.Event | None = None,
    flush_interval_s: float = 2.0,
    max_lines: int | None = None,
    ready: Callable[[dict[str, Endpoint]], None] | None = None,
    warn: Callable[[str], None] = lambda message: None,
) -> int:
    """Listen until ``stop`` is set (or ``max_lines`` lines were read); return the
    number of lines read. ``ready`` is told the bound addresses once listening."""
    if udp is None and tcp is None:
        raise InvalidInput("give --udp HOST:PORT and/or --tcp HOST:PORT")
    stop = stop or asyncio.Event()
    feeds = _Feeds(sink, state, stop, max_lines)
    loop = asyncio.get_running_loop()
    bound: dict[str, Endpoint] = {}
    transport = server = None
    try:
        if udp is not None:
            name = f"udp:{udp}"
            transport, _ = await loop.create_datagram_endpoint(
                lambda: _Datagrams(feeds, name), local_addr=(udp.host, udp.port)
            )
            bound["udp"] = Endpoint(*transport.get_extra_info("sockname")[:2])
        if tcp is not None:
            server = await asyncio.start_server(
                lambda r, w: _connection(feeds, r, w), tcp.host, tcp.port, limit=_MAX_LINE
            )
            bound["tcp"] = Endpoint(*server.sockets[0].getsockname()[:2])
    except OSError as exc:
        if transport is not None:
            transport.close()
        raise InvalidInput(f"cannot listen: {exc.strerror or exc}") from exc
    if ready is not None:
        ready(bound)
    done = asyncio.Event()
    flusher = asyncio.create_task(_flush_every(feeds, flush_interval_s, done, warn))
    try:
        await _first(stop.wait(), asyncio.shield(flusher))
        if flusher.done():
            flusher.result()  # a write that failed for good stops the listener, loudly
    finally:
        stop.set()
        if transport is not None:
            transport.close()
        if server is not None:
            server.close()
        for task in list(feeds.connections):
            task.cancel()
        await asyncio.gather(*feeds.connections, return_exceptions=True)
        for sender in feeds.senders:  # the rest of each sender's lines, then the answer
            feeds.deliver(sender.feed.finish())
            sender.settled = sender.received
        done.set()
        try:
            if not flusher.done():
                await flusher
        finally:
            for sender in feeds.senders:
                sender.writer.close()
    return feeds.lines
