# SPDX-License-Identifier: EUPL-1.2
"""A behaviour event as an alert of the live picture: type, severity and routing from the
preset, the rule, its thresholds and the evidence in ``detail``.

>>> from datetime import UTC, datetime
>>> from straitwatch.behaviour.event import BehaviourEvent, EventType
>>> from straitwatch.behaviour.preset import preset
>>> e = BehaviourEvent(EventType.AIS_GAP, "ais_gap", ("MMSI 235000001",),
...                    datetime(2022, 8, 22, 1, tzinfo=UTC), datetime(2022, 8, 22, 9, tzinfo=UTC),
...                    51.0, 1.5, {"min_gap_s": 21600.0}, {"gap_s": 28800})
>>> a = to_alert(e, preset("gfw"))
>>> a.type.value, a.track_id, a.detail["rule"]
('ais_gap', 'MMSI 235000001', 'ais_gap')
"""

from __future__ import annotations

from straitwatch.assessment.alert import Alert, AlertType
from straitwatch.assessment.routing import route
from straitwatch.behaviour.event import BehaviourEvent, EventType
from straitwatch.behaviour.preset import Preset

__all__ = ["to_alert"]

# English sentences; the server catalogues (i18n/locale/*/straitwatch.po) hold them as
# patterns in each language, and the browser says the rule from its own catalogue.
_SUMMARY = {
    EventType.ENCOUNTER: "Encounter between {who}",
    EventType.LOITERING: "{who} loitering",
    EventType.AIS_GAP: "AIS gap of {who}",
    EventType.AIS_SWITCH_OFF: "AIS of {who} likely switched off",
    EventType.IDENTITY_CONFLICT: "Identity of {who} cannot be right",
    EventType.IMPOSSIBLE_KINEMATICS: "{who} jumped further than a ship can sail",
    EventType.POSITION_ON_LAND: "{who} reported on land",
    EventType.IDENTITY_MISMATCH: "AIS of {who} disagrees with what is seen",
}


def to_alert(event: BehaviourEvent, the_preset: Preset) -> Alert:
    """The alert for ``event`` (same event start, same alert id: an ongoing event that
    ends later updates its alert)."""
    how = the_preset.alerts[event.type]
    detail = event.to_json() | {"preset": the_preset.name}
    return Alert.new(
        AlertType(str(event.type)),
        event.start,
        event.lat,
        event.lon,
        "+".join(event.vessels)[:64],
        how.severity,
        route(how.routed_to, event.lat, event.lon),
        _SUMMARY[event.type].format(who=" and ".join(event.vessels)),
        detail,
    )
