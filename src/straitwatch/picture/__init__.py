# SPDX-License-Identifier: EUPL-1.2
"""The live picture: state of tracks and alerts, trails, the bus between pipeline stages
(in-process or NATS JetStream) and the pipeline runner (ingest → tracking → assessment →
picture).

The public surface: :class:`Picture` (live state and fan-out), the JSON shapes
:func:`track_json`.
"""

from straitwatch.picture.live import Delta, Picture
from straitwatch.picture.wire import track_json

__all__ = ["Delta", "Picture", "track_json"]
