# SPDX-License-Identifier: EUPL-1.2
"""One NMEA AIS feed (a file, a TCP connection, a UDP port) as a step over its lines:
line in, records out (observations, identity updates, AIS reports, rejections).

It assembles multi-sentence messages, stamps each message with its receive time (tag
block, USCG trailer, ``$PGHP``, else carried forward or the arrival time), drops nothing
silently, and never raises on bad input.

>>> from datetime import datetime, UTC
>>> from straitwatch.sensors.state import StreamState
>>> feed = NmeaFeed("demo.nmea", StreamState(clock=lambda: datetime(2026, 1, 1, tzinfo=UTC)))
>>> [type(r).__name__ for r in feed.push(b"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A", 1)]
['Observation']
>>> feed.push(b"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4B", 2)[0].reason
<RejectReason.CHECKSUM: 'checksum'>
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from straitwatch.errors import RejectedRecord
from straitwatch.sensors.ais import (
    IDENTITY_TYPES,
    POSITION_TYPES,
    Payload,
    decode_message,
    fast_fix,
    fix_from,
    identity_from,
    report_fields,
    unarmour,
)
from straitwatch.sensors.assembly import FragmentAssembler
from straitwatch.sensors.nmea import (
    MAX_LINE_BYTES,
    check_sentence,
    hex_field,
    nmea_checksum,
    parse_gatehouse,
    parse_tag_block,
    parse_uscg_trailer,
    raw_text,
)
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.sensors.quality import check_position
from straitwatch.sensors.records import (
    AisReport,
    IngestRecord,
    Rejection,
    RejectReason,
    StaticUpdate,
)
from straitwatch.sensors.state import StreamState

__all__ = ["NmeaFeed"]

_SMALL = {str(i).encode(): i for i in range(10)}
_AIS_TYPES = (b"VDM", b"VDO")
_AIS = ObservationKind.AIS


def _too_long(line: bytes) -> None:
    raise RejectedRecord(
        RejectReason.TOO_LONG,
        f"line of {len(line):,} bytes is longer than {MAX_LINE_BYTES:,} (not read)",
    )


class NmeaFeed:
    """Step over the lines of one NMEA feed; ``read`` counts the lines that were not
    blank or comments."""

    format = "nmea"

    def __init__(
        self, name: str, state: StreamState, *, live: bool = False, sensor_id: str | None = None
    ) -> None:
        self.name = name
        self.sensor_id = (sensor_id or name)[:64]
        """Sensor id of sentences that name no receiving station."""
        self.state = state
        self.read = 0
        self._live = live
        self._clock = state.feed_clock()
        self._out: list[IngestRecord] = []
        self._parts = FragmentAssembler()
        self._gatehouse: datetime | None = None
        self._last_time: datetime | None = None

    # -- the public steps ---------------------------------------------------------------

    def push(self, line: bytes, line_no: int) -> list[IngestRecord]:
        """One line in; the records it completes out (often one, sometimes none)."""
        self._line(line, line_no)
        out, self._out = self._out, []
        return out

    @property
    def waiting(self) -> bool:
        """Whether parts of a multi-sentence message wait for the rest."""
        return self._parts.waiting

    def finish(self) -> list[IngestRecord]:
        """End of feed: parts of messages still waiting become orphans."""
        self._parts.finish()
        self._take_orphans()
        out, self._out = self._out, []
        return out

    def decode(self, lines: Iterable[bytes], first_line_no: int = 1) -> Iterator[IngestRecord]:
        """Every record of a whole feed (a file), in input order, ending with orphans."""
        out = self._out
        sentence = self._sentence
        for no, text in enumerate(lines, first_line_no):
            line = text.strip()  # what _line does, inlined: this loop runs per line
            if not line or line[0] == 35:
                continue
            self.read += 1
            try:
                if len(line) > MAX_LINE_BYTES:
                    _too_long(line)
                sentence(line, no)
            except RejectedRecord as exc:
                self._reject(RejectReason(exc.reason), exc.message, raw_text(line), no, None)
            if out:
                if len(out) == 1:
                    yield out.pop()
                else:
                    yield from out
                    out.clear()
        yield from self.finish()

    # -- lines --------------------------------------------------------------------------

    def _line(self, line: bytes, no: int) -> None:
        line = line.strip()
        if not line or line[0] == 35:  # blank or '#' comment
            return
        self.read += 1
        try:
            if len(line) > MAX_LINE_BYTES:
                _too_long(line)
            self._sentence(line, no)
        except RejectedRecord as exc:
            self._reject(RejectReason(exc.reason), exc.message, raw_text(line), no, None)

    def _sentence(self, line: bytes, no: int) -> None:
        time_s: float | None = None
        station: str | None = None
        group: bytes | None = None
        sentence = line
        if line[0] == 92:  # '\' opens an NMEA 4.10 tag block
            end = line.find(b"\\", 1)
            if end < 0:
                raise RejectedRecord(RejectReason.JUNK, "tag block is not closed by a backslash")
            time_s, station, group = parse_tag_block(line[1:end])
            sentence = line[end + 1 :]
        lead = sentence[0] if sentence else 0
        if lead == 36:  # '$': a talker sentence, AIS only when it is a Gatehouse wrapper
            if sentence.startswith(b"$PGHP"):
                self._gatehouse = parse_gatehouse(sentence)
                return
            check_sentence(sentence)
            raise RejectedRecord(
                RejectReason.UNSUPPORTED_SENTENCE,
                f"{raw_text(sentence[:6])} is not an AIS sentence",
            )
        if lead != 33:  # '!'
            raise RejectedRecord(
                RejectReason.JUNK, "not an NMEA sentence (does not start with !, $ or \\)"
            )
        star = sentence.find(b"*")
        if star < 0:
            raise RejectedRecord(RejectReason.MALFORMED, "no checksum field (*hh): cut short?")
        body = sentence[1:star]
        if nmea_checksum(body) != hex_field(sentence[star + 1 : star + 3]):
            check_sentence(sentence)  # raises with the message
        trailer = sentence[star + 3 :]
        fields = body.split(b",")
        if fields[0][2:] not in _AIS_TYPES:
            raise RejectedRecord(
                RejectReason.UNSUPPORTED_SENTENCE,
                f"!{raw_text(fields[0])} is not an AIS sentence (VDM/VDO)",
            )
        if len(fields) != 7:
            raise RejectedRecord(
                RejectReason.MALFORMED, f"AIS sentence has {len(fields)} fields, not 7"
            )
        count = _SMALL.get(fields[1], 0)
        number = _SMALL.get(fields[2], 0)
        fill = _SMALL.get(fields[6], 9)
        if not (1 <= number <= count and fill <= 5):
            raise RejectedRecord(
                RejectReason.MALFORMED,
                f"fragment {raw_text(fields[2])} of {raw_text(fields[1])} with "
                f"{raw_text(fields[6])} fill bits is not possible",
            )
        if trailer:
            if trailer[:1] != b",":
                raise RejectedRecord(RejectReason.MALFORMED, "text after the checksum")
            uscg_time, uscg_station = parse_uscg_trailer(trailer[1:])
            time_s = time_s if time_s is not None else uscg_time
            station = station or uscg_station
        stamped = True
        if time_s is not None:
            try:
                t = datetime.fromtimestamp(time_s, UTC)
            except (OverflowError, OSError, ValueError) as exc:
                message = f"receive time {time_s:g} s is out of range"
                raise RejectedRecord(RejectReason.TIME_FUTURE, message) from exc
        elif self._gatehouse is not None:
            t, self._gatehouse = self._gatehouse, None
            time_s = t.timestamp()
        else:
            t, stamped = self._untimed(), False
            time_s = t.timestamp()
        sensor_id = station or self.sensor_id
        if count == 1:
            self._message(fields[5], fill, t, time_s, stamped, sensor_id, line, no)
            return
        key = (b"g", group.rsplit(b"-", 1)[-1]) if group else (fields[3], fields[4])
        context = (t, time_s, stamped, sensor_id)
        whole = self._parts.add(key, count, number, fields[5], line, no, context)
        if self._parts.orphans:
            self._take_orphans()
        if whole is not None:
            t, time_s, stamped, sensor_id = whole.context
            self._message(
                whole.payload, fill, t, time_s, stamped, sensor_id, whole.raw, whole.line_no
            )

    def _untimed(self) -> datetime:
        """Receive time of a line that carries none (see docs/formats.md)."""
        if self._live:
            return self.state.clock()
        if self._last_time is None:
            self._last_time = self.state.start or self.state.clock()
        return self._last_time

    def _take_orphans(self) -> None:
        for partial, why in self._parts.orphans:
            message = f"{len(partial.payloads)} of {partial.count} parts received: {why}"
            raw = raw_text(partial.raw)
            time = partial.context[0]
            self._reject(RejectReason.ORPHAN_FRAGMENT, message, raw, partial.line_no, time)
        self._parts.orphans.clear()

    def _reject(
        self, reason: RejectReason, message: str, raw: str, no: int, t: datetime | None
    ) -> None:
        self._out.append(Rejection(reason, message, raw, self.name, no, t, "nmea"))

    # -- messages -----------------------------------------------------------------------

    def _message(
        self,
        payload: bytes,
        fill: int,
        t: datetime,
        time_s: float,
        stamped: bool,
        sensor_id: str,
        raw: bytes,
        no: int,
    ) -> None:
        state = self.state
        if stamped:
            problem = self._clock.check_s(time_s, t)
            if problem is not None:
                self._reject(problem[0], problem[1], raw_text(raw), no, t)
                return
            self._last_time = t
        # Duplicates and speed need real times: a receiver's stamp, or arrival on a live
        # feed. Lines of a file that carry no time share one stamp; they are not checked.
        timed = stamped or self._live
        if timed and state.duplicates.seen(payload, time_s):
            window = state.policy.duplicate_window_s
            message = f"same AIS payload already received within {window:g} s"
            self._reject(RejectReason.DUPLICATE, message, raw_text(raw), no, t)
            return
        fix = fast_fix(payload, fill)
        if fix is not None:  # the common case: a whole position report with a position
            kind, mmsi, lat, lon, speed, course, heading, status, accurate = fix
            wrong = None
            if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0) or lat == lon == 0.0:
                wrong = check_position(lat, lon)
            reason = RejectReason.IMPOSSIBLE_POSITION
            if wrong is None and timed:
                wrong = state.speed.check(mmsi, time_s, lat, lon)
                reason = RejectReason.IMPOSSIBLE_SPEED
            if wrong is not None:
                self._reject(reason, wrong, raw_text(raw), no, t)
            else:
                attributes = {"message_type": kind}
                if status is not None:
                    attributes["nav_status"] = status
                sigma_m = 10.0 if accurate else 30.0
                identity = state.identities.get(mmsi)
                self._out.append(
                    Observation(
                        t,
                        sensor_id,
                        _AIS,
                        lat,
                        lon,
                        sigma_m,
                        speed,
                        course,
                        heading,
                        mmsi,
                        identity,
                        attributes,
                    )
                )
            if kind != 19:
                return
        bits = unarmour(payload, fill)
        if type(bits) is str:
            self._reject(RejectReason.UNDECODABLE, bits, raw_text(raw), no, t)
            return
        assert isinstance(bits, Payload)
        kind = bits.kind
        if kind in POSITION_TYPES and fix is None:
            cut = fix_from(bits)  # not a fix: cut short, or position "not available"
            if isinstance(cut, str):
                self._reject(RejectReason.UNDECODABLE, cut, raw_text(raw), no, t)
                return
        try:
            msg = decode_message(bits)
        except Exception as exc:  # pyais on arbitrary bits: any failure is this record's
            problem_text = f"pyais cannot decode this type {kind} payload: {type(exc).__name__}"
            self._reject(RejectReason.UNDECODABLE, f"{problem_text}: {exc}", raw_text(raw), no, t)
            return
        if kind in IDENTITY_TYPES:
            identity = identity_from(kind, msg, bits.bits)
            if identity is not None:
                state.remember(identity)
                self._out.append(StaticUpdate(t, sensor_id, identity, kind))
            elif kind != 19:
                message = f"type {kind} payload of {bits.bits} bits is too short for static data"
                self._reject(RejectReason.UNDECODABLE, message, raw_text(raw), no, t)
            return
        fields = report_fields(msg)
        at: tuple[float | None, float | None] = (None, None)
        if kind in POSITION_TYPES:  # a position report whose position is "not available"
            fields["note"] = "position not available"
        else:
            at = (getattr(msg, "lat", None), getattr(msg, "lon", None))
        self._out.append(AisReport(t, sensor_id, msg.mmsi, kind, *at, fields))
