# SPDX-License-Identifier: EUPL-1.2
"""The one JSON-lines reader the camera, aircraft and satellite formats share."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest

from straitwatch.sensors.aircraft import read_aircraft_lines
from straitwatch.sensors.cameras import read_camera_lines
from straitwatch.sensors.records import Rejection
from straitwatch.sensors.satellite import read_satellite_lines

READERS = [
    ("cameras", read_camera_lines),
    ("aircraft", read_aircraft_lines),
    ("satellite", read_satellite_lines),
]


@pytest.mark.parametrize(("file_format", "read"), READERS)
def test_every_bad_line_is_refused_with_its_number_and_format(
    file_format: str, read: Callable[[list[str], str], Iterable[object]]
) -> None:
    lines = ["# header comment", "", "{not json", "[1, 2]", '{"time": "yesterday"}']
    records = list(read(lines, "feed.jsonl"))
    refused = [r for r in records if isinstance(r, Rejection)]
    assert len(refused) == len(records) == 3
    assert [(r.reason.value, r.line_no, r.format) for r in refused] == [
        ("malformed", 3, file_format),
        ("malformed", 4, file_format),
        ("invalid_record", 5, file_format),
    ]
    assert "time" in refused[2].message
    assert refused[0].raw == "{not json" and refused[0].feed == "feed.jsonl"
