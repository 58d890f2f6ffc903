# SPDX-License-Identifier: EUPL-1.2
"""Sensor ingest benchmark: a file of ≥ 1,000,000 real NMEA sentences ingested end-to-end
into the SQLite store, next to bare ``pyais.decode`` on the same messages, in one run.

The file repeats the decodable messages of the real samples in tests/data/ais behind
NMEA 4.10 tag blocks whose receive times advance 0.2 s a message (one receiver's log).
Each cycle holds the Aegean capture (a real feed: 95 % position reports) nine times and
the curated USCG and gpsd test vectors once (every message type, multi-sentence
messages), so one message in twenty is not a vessel position, as on a coastal network
with base stations and aids to navigation. A cycle spans some 25 minutes of feed time,
so a repetition is never a duplicate.

    .venv/bin/python bench/ingest.py                 # 1,000,000 sentences (minutes)
    .venv/bin/python bench/ingest.py --sentences 200000

Peak memory is measured in child processes (``ru_maxrss``), end-to-end at a quarter of
the file and at all of it: flat means streaming with bounded batches.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyais

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "ais"  # vendored copies, see its SOURCES.md
OUT = ROOT / "bench" / "out"
SOURCES = {"pyais_nmea_data_sample.txt": 9, "libais_test.aivdm": 1, "gpsd_sample.aivdm": 1}
START_S = 1_724_299_200  # 2024-08-22T04:00:00Z
STEP_S = 0.2


def _sentence(line: bytes) -> bytes | None:
    """The bare ``!…*hh`` of a sample line (no tag block, no USCG trailer)."""
    line = line.strip()
    if not line.startswith(b"!"):
        return None
    star = line.find(b"*")
    return line[: star + 3] if star > 0 else None


def real_messages() -> list[list[bytes]]:
    """Every complete message of the samples that pyais decodes, as its sentences."""
    from straitwatch.sensors.nmea import nmea_checksum

    messages: list[list[bytes]] = []
    for name, repeats in SOURCES.items():
        found: list[list[bytes]] = []
        pending: list[bytes] = []
        for raw in (DATA / name).read_bytes().splitlines():
            s = _sentence(raw)
            if s is None:
                continue
            fields = s.split(b",")
            if len(fields) != 7 or nmea_checksum(s[1 : s.index(b"*")]) != int(s[-2:], 16):
                continue
            count, number = int(fields[1]), int(fields[2])
            pending = [s] if number == 1 else [*pending, s]
            if number == count and len(pending) == count:
                try:
                    pyais.decode(*pending)
                except Exception:  # the samples hold undecodable vectors on purpose
                    continue
                found.append(pending)
        messages.extend(found * repeats)
    return messages


def build(path: Path, sentences: int) -> int:
    """Write the file; return the number of messages in it."""
    from straitwatch.sensors.nmea import nmea_checksum

    messages = real_messages()
    written = n_messages = 0
    with path.open("wb") as out:
        while written < sentences:
            for parts in messages:
                t = START_S + n_messages * STEP_S
                block = f"s:rx-{n_messages % 4},c:{t:.2f}".encode()
                tag = b"\\" + block + b"*%02X\\" % nmea_checksum(block)
                out.write(b"".join(tag + p + b"\n" for p in parts))
                written += len(parts)
                n_messages += 1
                if written >= sentences:
                    break
    return n_messages


def _timed(run: Callable[[], int]) -> dict[str, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    messages = run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "messages": messages,
        "wall_s": wall,
        "cpu_s": cpu,
        "messages_per_s": messages / wall,
        "messages_per_cpu_s": messages / cpu,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def bare_decode(path: Path) -> dict[str, float]:
    """``pyais.decode`` per message on the file's messages, grouped in memory first (the
    grouping and the file reading are not timed: the strictest peer)."""
    groups: list[tuple[bytes, ...]] = []
    pending: list[bytes] = []
    for line in path.read_bytes().splitlines():
        fields = line.rsplit(b"\\", 1)[1].split(b",")
        pending.append(line)
        if fields[1] == fields[2]:
            groups.append(tuple(pending))
            pending = []

    def run() -> int:
        for parts in groups:
            pyais.decode(*parts)
        return len(groups)

    return _timed(run)


def end_to_end(path: Path, lines: int | None) -> dict[str, Any]:
    """Ingest into a fresh SQLite store, as ``straitwatch ingest`` does, in this process."""
    from straitwatch.access.actor import system_actor
    from straitwatch.sensors import ObservationSink, StreamState, read_files
    from straitwatch.sensors.sink import IngestSummary
    from straitwatch.store.db import make_engine
    from straitwatch.store.migrate import upgrade

    if lines is not None:  # the first `lines` lines, to compare peak memory by size
        part = path.with_suffix(f".{lines}.nmea")
        with path.open("rb") as src, part.open("wb") as dst:
            for i, line in enumerate(src):
                if i >= lines:
                    break
                dst.write(line)
        path = part
    db = OUT / f"ingest-{path.stem}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    summary = IngestSummary()

    def run() -> int:
        nonlocal summary
        stream = read_files([path], "nmea", state=StreamState(), reorder_window_s=None)
        sink = ObservationSink(engine, system_actor(), feed=str(path), background=True)
        sink.add_all(stream)
        summary = sink.close()
        summary.read = stream.read
        return (
            summary.observations
            + summary.static_updates
            + summary.ais_reports
            + summary.rejected
            + summary.duplicates
        )

    result: dict[str, Any] = _timed(run)
    result["summary"] = summary.as_dict()
    return result


def child(mode: str, path: Path, lines: int | None = None) -> dict[str, Any]:
    args = [sys.executable, __file__, "--child", mode, str(path)]
    if lines is not None:
        args += ["--lines", str(lines)]
    done = subprocess.run(args, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3, help="bare/ingest pairs, interleaved")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FILE"))
    parser.add_argument("--lines", type=int)
    args = parser.parse_args()
    if args.child:
        mode, file = args.child
        out = bare_decode(Path(file)) if mode == "bare" else end_to_end(Path(file), args.lines)
        print(json.dumps(out))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"ais-{args.sentences}.nmea"
    n_messages = build(path, args.sentences)
    size_mib = path.stat().st_size / 2**20
    print(
        f"file: {path} ({args.sentences:,} sentences, {n_messages:,} messages, "
        f"{size_mib:.0f} MiB); load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} CPUs"
    )
    bare: list[dict[str, Any]] = []
    ingest: list[dict[str, Any]] = []
    for _ in range(args.rounds):  # interleaved, so both see the same machine
        bare.append(child("bare", path))
        ingest.append(child("ingest", path))
    quarter = child("ingest", path, args.sentences // 4)
    for key, unit in (("messages_per_s", "wall"), ("messages_per_cpu_s", "CPU")):
        b, e = max(r[key] for r in bare), max(r[key] for r in ingest)
        pairs = ", ".join(f"{r2[key] / r1[key]:.2f}" for r1, r2 in zip(bare, ingest, strict=True))
        print(
            f"{unit:>4} time: bare pyais.decode {b:,.0f} msg/s, end-to-end ingest {e:,.0f} "
            f"msg/s: {e / b:.2f} × (round by round: {pairs})"
        )
    full = ingest[-1]
    print(
        f"peak RSS of the ingest: {quarter['peak_rss_mib']:.0f} MiB at "
        f"{args.sentences // 4:,} sentences, {full['peak_rss_mib']:.0f} MiB at "
        f"{args.sentences:,}"
    )
    print(json.dumps({"bare": bare, "ingest": ingest, "quarter": quarter}, indent=1))


if __name__ == "__main__":
    main()
