# SPDX-License-Identifier: EUPL-1.2
"""The simulated behaviour day: every injected event is found by its preset, and a
merchant-only day raises no more than one false event."""

from __future__ import annotations

from datetime import date

import pytest

from straitwatch.behaviour import Detector, preset
from straitwatch.sim.behaviour_day import behaviour_day, score

DAY = date(2022, 8, 22)


@pytest.mark.parametrize("name", ["gfw", "channel"])
def test_every_injected_event_is_found(name: str) -> None:
    day = behaviour_day(DAY, name, hours=24.0, every_s=300.0)
    detector = Detector(preset(name), day.names)
    events = detector.step(day.positions) + detector.flush()
    result = score(day, events)
    assert result["missed"] == []
    assert result["found"] == result["injected"] == 21
    assert result["false"] == 0, result["false_events"]


@pytest.mark.parametrize("name", ["gfw", "channel"])
def test_merchant_only_day_has_at_most_one_false_event(name: str) -> None:
    day = behaviour_day(DAY, name, hours=24.0, every_s=300.0, injected=False)
    detector = Detector(preset(name), day.names)
    events = detector.step(day.positions) + detector.flush()
    assert len(day.positions) > 10_000
    assert len(events) <= 1, [e.to_json() for e in events]
