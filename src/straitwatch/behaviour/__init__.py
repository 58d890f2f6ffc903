# SPDX-License-Identifier: EUPL-1.2
"""Behaviour: what vessels do, read from AIS reports and fused tracks.

Rules (encounters, loitering, AIS gaps and switch-offs, identity conflicts, impossible
kinematics, positions on land, identity mismatches) run vectorised over column chunks of
positions, with thresholds from a preset (``behaviour/data/gfw.yaml``,
``behaviour/data/channel.yaml``). Each event names its rule, thresholds and evidence, and
becomes an alert in the live picture.

>>> from straitwatch.behaviour import Detector, Positions, preset
>>> detector = Detector(preset("gfw"))
>>> detector.step(Positions.empty()) + detector.flush()
[]
"""

from straitwatch.behaviour.alerts import to_alert
from straitwatch.behaviour.detect import Detector, detect
from straitwatch.behaviour.event import BehaviourEvent, EventType
from straitwatch.behaviour.feed import PositionFeed
from straitwatch.behaviour.identity import imo_valid, mmsi_problem
from straitwatch.behaviour.monitor import BehaviourMonitor
from straitwatch.behaviour.positions import Positions, VesselNames
from straitwatch.behaviour.preset import PRESETS, Preset, load_preset, preset

__all__ = [
    "PRESETS",
    "BehaviourEvent",
    "BehaviourMonitor",
    "Detector",
    "EventType",
    "PositionFeed",
    "Positions",
    "Preset",
    "VesselNames",
    "detect",
    "imo_valid",
    "load_preset",
    "mmsi_problem",
    "preset",
    "to_alert",
]
