"""Live NMEA feeds: UDP datagrams and TCP line streams (asyncio), decoded as they arrive
and written to the store in timed batches.

Each TCP connection and the UDP port is its own feed (its own multi-sentence assembly);
all share one :class:`StreamState`, so a message heard by two receivers is a duplicate
and an MMSI's jumps are checked across receivers. Untimed lines are stamped on arrival.

>>> Endpoint.parse("127.0.0.1:10110")
Endpoint(host='127.0.0.1', port=10110)
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from straitwatch.errors import InvalidInput, StoreUnavailable
from straitwatch.sensors.nmea_feed import NmeaFeed
from straitwatch.sensors.records import IngestRecord, Rejection, RejectReason
from straitwatch.sensors.sink import Batch, ObservationSink
from straitwatch.sensors.state import StreamState

__all__ = ["Endpoint", "listen"]

_MAX_LINE = 64 * 1024


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


class _Datagrams(asyncio.DatagramProtocol):
    def __init__(self, feeds: _Feeds, name: str) -> None:
        self.feeds = feeds
        self.feed = feeds.feed(name)

    def datagram_received(self, data: bytes, addr: Any) -> None:
        for line in data.splitlines():
            if not self.feeds.stop.is_set():
                self.feeds.line(self.feed, line)


async def _connection(
    feeds: _Feeds, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    task = asyncio.current_task()
    assert task is not None
    feeds.connections.add(task)
    task.add_done_callback(feeds.connections.discard)
    peer = writer.get_extra_info("peername")
    feed = feeds.feed(f"tcp:{peer[0]}:{peer[1]}" if peer else "tcp")
    try:
        while not feeds.stop.is_set():
            try:
                line = await reader.readuntil(b"\n")
            except asyncio.IncompleteReadError as exc:
                if exc.partial:
                    feeds.line(feed, exc.partial)
                break
            except asyncio.LimitOverrunError:
                skipped = await reader.read(_MAX_LINE)
                rejection = Rejection(
                    RejectReason.JUNK,
                    f"line longer than {_MAX_LINE} bytes",
                    skipped[:200].decode("ascii", "backslashreplace") + "…",
                    feed.name,
                    feeds.lines + 1,
                    None,
                    "nmea",
                )
                feeds.lines += 1
                feeds.deliver([rejection])
                continue
            feeds.line(feed, line)
    except ConnectionError:
        pass  # the sender went away; what it sent so far has been handled
    finally:
        feeds.deliver(feed.finish())  # parts of messages still waiting become orphans
        writer.close()


async def _flush_every(
    sink: ObservationSink, interval_s: float, stop: asyncio.Event, warn: Callable[[str], None]
) -> None:
    """Write the sink's rows off the event loop every ``interval_s`` until stopped; a
    failed write is kept and retried, so a database outage loses nothing."""
    waiting: list[Batch] = []
    while True:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval_s)
        waiting.append(sink.take())
        while waiting:
            try:
                await asyncio.to_thread(sink.write, waiting[0])
            except StoreUnavailable as exc:
                warn(f"store unavailable, keeping {len(waiting[0])} rows to retry: {exc}")
                break
            waiting.pop(0)
        if stop.is_set():
            if waiting:
                raise StoreUnavailable(f"could not store {sum(map(len, waiting))} rows")
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
    flusher = asyncio.create_task(_flush_every(sink, flush_interval_s, done, warn))
    try:
        await stop.wait()
    finally:
        if transport is not None:
            transport.close()
        if server is not None:
            server.close()
        for task in list(feeds.connections):
            task.cancel()
        await asyncio.gather(*feeds.connections, return_exceptions=True)
        done.set()
        await flusher
    return feeds.lines
