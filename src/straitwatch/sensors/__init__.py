# SPDX-License-Identifier: EUPL-1.2
"""Sensor feeds (AIS NMEA and decoded CSV, radar plots, sightings) turned into one
time-ordered stream of :class:`Observation` records, checked, and stored.

The public surface:

- :func:`read_files` — files in, time-ordered records out (what the tracker reads);
- :class:`ObservationSink` — batched, audited storage of a stream of records;
- :func:`ingest_posted` — plots and sightings posted by a sensor over HTTP;
- :func:`listen` — live UDP/TCP NMEA feeds;
- :func:`replay_dead_letters` — read refused records again.

Formats and quality rules: ``docs/formats.md``.
"""

from typing import TYPE_CHECKING, Any

from straitwatch.sensors.listen import Endpoint, listen
from straitwatch.sensors.observation import Identity, Observation, ObservationKind, SightingKind
from straitwatch.sensors.pace import paced
from straitwatch.sensors.quality import QualityPolicy
from straitwatch.sensors.readers import FORMATS, SensorStream, read_files
from straitwatch.sensors.records import (
    AisReport,
    IngestRecord,
    Rejection,
    RejectReason,
    StaticUpdate,
)
from straitwatch.sensors.sites import SensorSites
from straitwatch.sensors.state import StreamState

if TYPE_CHECKING:
    from straitwatch.sensors.deadletter import replay_dead_letters
    from straitwatch.sensors.posts import PostResult, ingest_posted, posting_state
    from straitwatch.sensors.sink import IngestSummary, ObservationSink

__all__ = [
    "FORMATS",
    "AisReport",
    "Endpoint",
    "Identity",
    "IngestRecord",
    "IngestSummary",
    "Observation",
    "ObservationKind",
    "ObservationSink",
    "PostResult",
    "QualityPolicy",
    "RejectReason",
    "Rejection",
    "SensorSites",
    "SensorStream",
    "SightingKind",
    "StaticUpdate",
    "StreamState",
    "ingest_posted",
    "listen",
    "paced",
    "posting_state",
    "read_files",
    "replay_dead_letters",
]

# What needs the store (SQLAlchemy) is imported on first use (PEP 562), so a reader of
# files (``straitwatch track``) does not pay for it at start-up.
_HOME = {
    "replay_dead_letters": "deadletter",
    "PostResult": "posts",
    "ingest_posted": "posts",
    "posting_state": "posts",
    "IngestSummary": "sink",
    "ObservationSink": "sink",
}


def __getattr__(name: str) -> Any:
    from importlib import import_module

    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
