# SPDX-License-Identifier: EUPL-1.2
"""Fuzzing at volume (issue 19): mutated input through every reader, then into the store.

``--inputs`` mutated records (default 1,000,000) spread over the NMEA, plot CSV, sightings
JSON, AIS CSV and MRZ readers: valid seed records (fictional vessels, a specimen MRZ of
ICAO's fictional state UTO) with random byte flips, insertions of hostile text (NUL,
``\\xff``, ``inf``, ``NaN``, ``1e308``, a leading ``-``, a long run), cuts and repeats.
A crash is any exception escaping a reader (the MRZ checker included). Every record the
readers yield goes through ``ObservationSink`` into a fresh SQLite store, and the bench
checks that every refusal is a dead letter with a reason.

    .venv/bin/python bench/fuzz.py [--inputs 1000000] [--seed 1]

Bounded: the inputs are made in memory in chunks of 20,000 lines a reader; it stops by
itself and prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import traceback
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select
from tests.sensors.processes import fleet_lines

from straitwatch.access.actor import system_actor
from straitwatch.documents import check_mrz
from straitwatch.sensors import ObservationSink, Rejection, StreamState
from straitwatch.sensors.ais_csv import AisCsvFeed
from straitwatch.sensors.nmea_feed import NmeaFeed
from straitwatch.sensors.plots import PositionReportFeed
from straitwatch.sensors.quality import QualityPolicy
from straitwatch.sensors.sites import SensorSites
from straitwatch.store.db import make_engine, transaction
from straitwatch.store.migrate import upgrade
from straitwatch.store.observations import DeadLetterRow

NOW = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)
HOSTILE = [b"\x00", b"\xff", b"inf", b"NaN", b"1e308", b"-", b"\\", b"*", b",", b'"', b"A" * 300]
PLOTS_HEADER = "time,sensor_id,lat,lon,sigma_m,mmsi,speed_kn,course_deg,range_m,bearing_deg"
AIS_HEADER = "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status"
TD1 = [
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
]


def seeds() -> dict[str, list[bytes]]:
    nmea = [line.rstrip(b"\r\n") for line in fleet_lines(200, start_s=NOW.timestamp() - 3600)]
    plots = [
        f"2026-11-22T05:{m:02d}:00Z,radar-dover,51.0{m:02d},1.45,25,,4.5,300,,".encode()
        for m in range(60)
    ] + [f"2026-11-22T05:{m:02d}:04Z,radar-dover,,,,,,,12500,315.0".encode() for m in range(60)]
    sightings = [
        json.dumps(
            {
                "time": f"2026-11-22T05:{m:02d}:30Z",
                "sensor_id": "drone-fr-07",
                "platform": "drone",
                "kind": "small_boat",
                "lat": 50.97,
                "lon": 1.76,
                "persons_estimate": 40 + m,
                "confidence": 0.8,
                "notes": "fictional test sighting",
            }
        ).encode()
        for m in range(60)
    ]
    ais = [
        f"3679{k:05d},2026-11-22T05:{k % 60:02d}:06,29.93,-90.07,5.1,12.5,10,"
        f"FICTIONAL {k},IMO9000001,WDA0001,70,0".encode()
        for k in range(60)
    ]
    return {"nmea": nmea, "plots": plots, "sightings": sightings, "ais-csv": ais}


def mutate(rng: random.Random, line: bytes) -> bytes:
    data = bytearray(line)
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        at = rng.randrange(len(data) + 1)
        if op < 0.35 and data:
            data[min(at, len(data) - 1)] = rng.randrange(256)
        elif op < 0.65:
            data[at:at] = rng.choice(HOSTILE)
        elif op < 0.8:
            del data[at : at + rng.randint(1, 20)]
        elif op < 0.9 and data:
            end = rng.randint(at, len(data))
            data[at:at] = data[at:end]
        else:
            data = data[:at]
    return bytes(data)


def read(fmt: str, name: str, lines: list[bytes], state: StreamState) -> list[object]:
    if fmt == "nmea":
        return list(NmeaFeed(name, state).decode(lines))
    text = [line.decode("utf-8", "replace") for line in lines]
    if fmt == "ais-csv":
        return list(AisCsvFeed(name, state).decode([AIS_HEADER, *text]))
    file_format = "csv" if fmt == "plots" else "jsonl"
    rows = [PLOTS_HEADER, *text] if fmt == "plots" else text
    return list(PositionReportFeed(name, state, file_format=file_format).decode(rows))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pools = seeds()
    per_format = args.inputs // 5
    counts: dict[str, dict[str, int]] = {}
    crashes: list[str] = []
    rejections = 0
    started, cpu0 = time.perf_counter(), time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/fuzz.db")
        upgrade(engine)
        sink = ObservationSink(engine, system_actor(), feed="fuzz", batch_size=50_000)
        for fmt, pool in pools.items():
            tally = counts.setdefault(fmt, {"inputs": 0, "kept": 0, "refused": 0})
            for chunk in range(0, per_format, 20_000):
                n = min(20_000, per_format - chunk)
                lines = [mutate(rng, rng.choice(pool)) for _ in range(n)]
                state = StreamState(QualityPolicy(), lambda: NOW, SensorSites.load())
                try:
                    records = read(fmt, f"fuzz-{fmt}-{chunk}", lines, state)
                except Exception:
                    crashes.append(f"{fmt}: {traceback.format_exc(limit=3)}")
                    continue
                tally["inputs"] += n
                for record in records:
                    if isinstance(record, Rejection):
                        assert record.reason.value
                        assert record.message
                        tally["refused"] += 1
                        rejections += 1
                    else:
                        tally["kept"] += 1
                    sink.add(record)  # type: ignore[arg-type]
        mrz = counts.setdefault("mrz", {"inputs": 0, "kept": 0, "refused": 0})
        for _ in range(args.inputs - 4 * per_format):
            lines = [mutate(rng, line.encode()).decode("utf-8", "replace") for line in TD1]
            try:
                result = check_mrz(lines, today=date(2026, 6, 1))
            except Exception:
                crashes.append(f"mrz {lines!r}: {traceback.format_exc(limit=3)}")
                continue
            mrz["inputs"] += 1
            mrz["kept" if result.valid else "refused"] += 1
        summary = sink.close()
        with transaction(engine) as session:
            letters = session.scalar(select(func.count()).select_from(DeadLetterRow)) or 0
            no_reason = session.scalar(
                select(func.count()).select_from(DeadLetterRow).where(DeadLetterRow.reason == "")
            )
    report = {
        "inputs": args.inputs,
        "seed": args.seed,
        "crashes": len(crashes),
        "crash_examples": crashes[:3],
        "by_reader": counts,
        "rejections": rejections,
        "dead_letters_stored": letters,
        "dead_letters_same_content_kept_once": rejections - letters,
        "dead_letters_without_reason": no_reason,
        "store_already_held": summary.already_stored,
        "wall_s": round(time.perf_counter() - started, 1),
        "cpu_s": round(time.process_time() - cpu0, 1),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
