# SPDX-License-Identifier: EUPL-1.2
"""Files in, one time-ordered stream of records out: format detection, one feed per file,
a merge across files by time, and a reorder window.

This is what the tracker and ``straitwatch ingest`` read:

>>> from straitwatch.sensors import Observation, read_files   # doctest: +SKIP
>>> for record in read_files(["feed.nmea", "plots.csv"]):     # doctest: +SKIP
...     if isinstance(record, Observation):
...         tracker.step(record)
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from straitwatch.errors import InvalidInput
from straitwatch.sensors.ais_csv import AisCsvFeed, layout_for
from straitwatch.sensors.nmea_feed import NmeaFeed
from straitwatch.sensors.plots import PositionReportFeed
from straitwatch.sensors.records import IngestRecord, Rejection
from straitwatch.sensors.sensor_feeds import SENSOR_FORMATS, SensorFeed, sensor_feed
from straitwatch.sensors.sites import SensorSites
from straitwatch.sensors.state import StreamState

__all__ = ["FORMATS", "FileFeed", "SensorStream", "detect_format", "read_files", "reorder"]

FORMATS = ("auto", "nmea", "ais-csv", "plots", "sightings", *SENSOR_FORMATS)
_EARLIEST = datetime(1, 1, 1, tzinfo=UTC)


class _Feed(Protocol):
    name: str
    format: str
    read: int


def _first_record_line(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            head = handle.read(16384)
    except OSError as exc:
        raise InvalidInput(f"cannot read: {exc.strerror}", where=str(path)) from exc
    for line in head.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith(b"#"):
            return stripped
    return b""


def _json_format(obj: dict[str, object]) -> str:
    record = obj.get("record")
    if record in ("bearing", "telemetry"):
        return "cameras"
    if record in ("sighting", "contact") and "observer" in obj:
        return "aircraft"
    if obj.get("mode") in ("sar", "optical"):
        return "satellite"
    return "sightings" if "kind" in obj else "plots"


def detect_format(path: Path) -> str:
    """Name the format of a file from its first record line (docs/formats.md)."""
    first = _first_record_line(path)
    if not first:
        return "nmea"  # empty (or comments only): nothing to read, any reader will do
    if first[:1] in (b"!", b"$", b"\\"):
        return "nmea"
    text = first.decode("utf-8", "replace")
    if first[:1] == b"{":
        try:
            obj = json.loads(text)
        except ValueError:
            obj = None
        if isinstance(obj, dict):
            return _json_format(obj)
    delimiter = ";" if text.count(";") > text.count(",") else ","
    header = [h.strip() for h in text.split(delimiter)]
    if layout_for(header) is not None:
        return "ais-csv"
    if {"time", "sensor_id"} <= set(header):
        return "plots"
    raise InvalidInput(
        f"cannot tell the format from the first line {text[:80]!r}: name it with "
        "--format nmea|ais-csv|plots|sightings|cameras|aircraft|satellite",
        where=str(path),
    )


class FileFeed:
    """One file read by the reader its format calls for."""

    def __init__(self, path: Path, file_format: str, state: StreamState) -> None:
        if file_format not in FORMATS:
            raise InvalidInput(f"unknown format {file_format!r} (one of {', '.join(FORMATS)})")
        self.path = path
        self.format = detect_format(path) if file_format == "auto" else file_format
        name, sensor_id = str(path), path.name
        self.feed: NmeaFeed | AisCsvFeed | PositionReportFeed | SensorFeed
        if self.format in SENSOR_FORMATS:
            self.feed = sensor_feed(self.format, name, state)
        elif self.format == "nmea":
            self.feed = NmeaFeed(name, state, sensor_id=sensor_id)
        elif self.format == "ais-csv":
            self.feed = AisCsvFeed(name, state, sensor_id=sensor_id)
        else:
            jsonl = _first_record_line(path)[:1] == b"{"
            self.feed = PositionReportFeed(name, state, file_format="jsonl" if jsonl else "csv")

    @property
    def read(self) -> int:
        """Input records read so far (lines that are not blank, comments or headers)."""
        return self.feed.read

    def records(self) -> Iterator[IngestRecord]:
        feed = self.feed
        try:
            if isinstance(feed, NmeaFeed):
                with self.path.open("rb") as handle:
                    yield from feed.decode(handle)
            else:
                with self.path.open(encoding="utf-8", errors="backslashreplace") as text:
                    yield from feed.decode(text)
        except OSError as exc:
            raise InvalidInput(f"cannot read: {exc.strerror}", where=str(self.path)) from exc


def _keyed(
    records: Iterator[IngestRecord], index: int
) -> Iterator[tuple[datetime, int, int, IngestRecord]]:
    last = _EARLIEST
    for seq, record in enumerate(records):
        if record.time is not None:
            last = record.time
        yield last, index, seq, record


def reorder(records: Iterable[IngestRecord], window_s: float) -> Iterator[IngestRecord]:
    """Hold records up to ``window_s`` of stream time so that slightly late ones (a
    receiver whose clock is behind) come out in time order. Rejections pass straight
    through; a record later than the window is passed on at once, out of order."""
    window = timedelta(seconds=window_s)
    heap: list[tuple[datetime, int, IngestRecord]] = []
    newest: datetime | None = None
    push, pop = heapq.heappush, heapq.heappop
    for seq, record in enumerate(records):
        if type(record) is Rejection:
            yield record
            continue
        t = record.time
        assert t is not None
        push(heap, (t, seq, record))
        if newest is None or t > newest:
            newest = t
        horizon = newest - window
        while heap and heap[0][0] <= horizon:
            yield pop(heap)[2]
    while heap:
        yield pop(heap)[2]


class SensorStream:
    """Records of several files as one stream, in time order within the reorder window.

    Iterate it once; ``read`` then counts the input records of every file.
    """

    def __init__(self, feeds: list[FileFeed], reorder_window_s: float | None) -> None:
        self.feeds = feeds
        self.reorder_window_s = reorder_window_s

    @property
    def read(self) -> int:
        return sum(feed.read for feed in self.feeds)

    def __iter__(self) -> Iterator[IngestRecord]:
        if len(self.feeds) == 1:
            merged: Iterator[IngestRecord] = self.feeds[0].records()
        else:
            keyed = [_keyed(feed.records(), i) for i, feed in enumerate(self.feeds)]
            merged = (item[3] for item in heapq.merge(*keyed))
        if self.reorder_window_s:
            return reorder(merged, self.reorder_window_s)
        return merged


def read_files(
    paths: Iterable[str | Path],
    format: str = "auto",
    *,
    state: StreamState | None = None,
    reorder_window_s: float | None = 5.0,
) -> SensorStream:
    """Read sensor files as one time-ordered stream of
    :data:`~straitwatch.sensors.records.IngestRecord` (observations, identity updates,
    AIS reports, rejections).

    ``format`` is ``auto`` (detected per file) or one of :data:`FORMATS`; ``state`` carries
    the quality limits, clock and declared sensors (default: file limits, the demo
    sensors); ``reorder_window_s=None`` hands records on in file order.
    """
    state = state or StreamState(sites=SensorSites.load())
    feeds = [FileFeed(Path(p), format, state) for p in paths]
    return SensorStream(feeds, reorder_window_s)
