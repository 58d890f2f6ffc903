# SPDX-License-Identifier: EUPL-1.2
"""Helpers for the sensor tests: a fixed clock, NMEA lines with tag blocks, encoded AIS."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pyais
import pytest

from straitwatch.sensors.nmea import nmea_checksum
from straitwatch.sensors.quality import QualityPolicy
from straitwatch.sensors.sites import SensorSites
from straitwatch.sensors.state import StreamState

NOW = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    return NOW


def tagged(sentence: str, time_s: float, station: str = "rx-dover") -> bytes:
    """An NMEA 4.10 line: tag block with source station and receive time, then the
    sentence."""
    block = f"s:{station},c:{time_s:.0f}"
    return f"\\{block}*{nmea_checksum(block.encode()):02X}\\{sentence}".encode()


def sentence(body: str) -> str:
    """``!body*hh`` with its checksum."""
    return f"!{body}*{nmea_checksum(body.encode()):02X}"


def encoded(**fields: Any) -> list[str]:
    """AIS sentences (pyais encoder) for a message given by its fields."""
    return list(pyais.encode_dict(fields, talker_id="AI", radio_channel="A"))


def state(*, live: bool = False, **policy: Any) -> StreamState:
    chosen = QualityPolicy.for_live() if live else QualityPolicy(**policy)
    return StreamState(chosen, fixed_clock, SensorSites.load())


@pytest.fixture
def stream_state() -> StreamState:
    """File-feed state with the clock fixed at :data:`NOW` and the demo sensor sites."""
    return state()
