# SPDX-License-Identifier: EUPL-1.2
"""Real ``straitwatch`` processes for crash tests: a listener started and killed, a TCP
sender that keeps what it sent until the listener acknowledges it, and NMEA lines made
for them (fictional vessels, times near now so a live listener takes them)."""

from __future__ import annotations

import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from tests.sensors.conftest import sentence, tagged

STRAITWATCH = str(Path(sys.executable).with_name("straitwatch"))
_LISTENING = re.compile(r"listening on tcp ([\d.]+):(\d+)")
_ACK = re.compile(rb"\$PSTWA,(\d+)\*[0-9A-F]{2}\r\n")


def database_env(engine: Engine) -> dict[str, str]:
    """The environment of a ``straitwatch`` process using ``engine``'s database."""
    env = dict(os.environ)
    env["STRAITWATCH_DATABASE_URL"] = engine.url.render_as_string(hide_password=False)
    # A test installation: no key files or audit checkpoints written into the checkout.
    env["STRAITWATCH_ENV"] = "test"
    return env


def _armour(bits: int, size: int) -> str:
    out = []
    for shift in range(size - 6, -1, -6):
        value = (bits >> shift) & 0x3F
        out.append(chr(value + 48 if value < 40 else value + 56))
    return "".join(out)


def position_report(mmsi: int, lat: float, lon: float, speed_kn: float, course_deg: float) -> str:
    """An AIS type 1 sentence (ITU-R M.1371 bit layout; faster than an encoder library,
    which takes milliseconds a message on a busy machine)."""
    fields = (
        (6, 1),
        (2, 0),
        (30, mmsi),
        (4, 0),
        (8, 128),
        (10, round(speed_kn * 10)),
        (1, 1),
        (28, round(lon * 600_000) & (2**28 - 1)),
        (27, round(lat * 600_000) & (2**27 - 1)),
        (12, round(course_deg * 10)),
        (9, 511),
        (6, 60),
        (2, 0),
        (3, 0),
        (1, 0),
        (19, 0),
    )
    bits = 0
    for width, value in fields:
        bits = (bits << width) | value
    return sentence(f"AIVDM,1,1,,A,{_armour(bits, 168)},0")


def fleet_lines(count: int, *, start_s: float | None = None, vessels: int = 30) -> list[bytes]:
    """``count`` distinct tagged position reports of ``vessels`` fictional MMSIs, 0.3 s
    apart, each vessel making a few knots (by default ending about now)."""
    start_s = start_s if start_s is not None else datetime.now(UTC).timestamp() - count * 0.3
    lines = []
    for i in range(count):
        vessel, step = i % vessels, i // vessels
        fix = position_report(
            235_900_000 + vessel, 50.9 + vessel * 0.01 + step * 0.0001, 1.3 + step * 0.0001, 3, 45
        )
        lines.append(tagged(fix, start_s + i * 0.3, f"rx-{vessel % 3}") + b"\r\n")
    return lines


class Listener:
    """``straitwatch listen --tcp 127.0.0.1:0`` in its own process."""

    def __init__(self, env: dict[str, str], flush_interval_s: float = 0.2) -> None:
        argv = [STRAITWATCH, "listen", "--tcp", "127.0.0.1:0", "--json"]
        argv += ["--flush-interval", str(flush_interval_s)]
        self.process = subprocess.Popen(
            argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        self.port = self._wait_for_port(deadline_s=60.0)

    def _wait_for_port(self, deadline_s: float) -> int:
        assert self.process.stderr is not None
        end = time.monotonic() + deadline_s
        seen = b""
        while time.monotonic() < end:
            ready, _, _ = select.select([self.process.stderr], [], [], 0.5)
            if ready:
                line = self.process.stderr.readline()
                if not line:
                    break
                seen += line
                found = _LISTENING.search(line.decode())
                if found:
                    return int(found.group(2))
        self.process.kill()
        raise AssertionError(f"listener did not start: {seen.decode()}")

    def kill(self) -> None:
        """``kill -9``: no flush, no goodbye."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> tuple[int, str]:
        """SIGTERM, as a deployment stops it; its exit status and what it printed."""
        self.process.send_signal(signal.SIGTERM)
        out, err = self.process.communicate(timeout=60)
        return self.process.returncode, out.decode() + err.decode()


class Sender:
    """A TCP sender of NMEA lines that reads the listener's acknowledgements."""

    def __init__(self, port: int, first_line: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.first_line = first_line
        """Index (in the whole list) of the first line sent on this connection."""
        self.sent = 0
        self.acked = 0
        self._buffer = b""

    @property
    def acked_through(self) -> int:
        """Index of the first line not yet acknowledged as stored."""
        return self.first_line + self.acked

    def send(self, lines: list[bytes]) -> bool:
        """Send lines; False when the listener is gone."""
        try:
            self.sock.sendall(b"".join(lines))
        except OSError:
            return False
        self.sent += len(lines)
        self.read_acks(0.0)
        return True

    def read_acks(self, wait_s: float) -> bool:
        """Read what acknowledgements have come (waiting up to ``wait_s``); False at EOF."""
        ready, _, _ = select.select([self.sock], [], [], wait_s)
        if not ready:
            return True
        try:
            data = self.sock.recv(65536)
        except OSError:
            return False
        if not data:
            return False
        self._buffer += data
        for match in _ACK.finditer(self._buffer):
            self.acked = max(self.acked, int(match.group(1)))
        self._buffer = self._buffer[self._buffer.rfind(b"\n") + 1 :]
        return True

    def wait_acked(self, lines: int, deadline_s: float = 30.0) -> None:
        end = time.monotonic() + deadline_s
        while self.acked < lines:
            assert time.monotonic() < end, f"acknowledged {self.acked} of {lines} lines"
            if not self.read_acks(0.2):
                break
        assert self.acked >= lines, f"acknowledged {self.acked} of {lines} lines"

    def finish(self) -> None:
        """Close the sending side and wait until everything sent is acknowledged."""
        self.sock.shutdown(socket.SHUT_WR)
        self.wait_acked(self.sent)
        self.sock.close()
