# SPDX-License-Identifier: EUPL-1.2
"""Where an alert goes: the agencies named by its rule, with ``@sar`` and ``@enforcement``
resolved from the zones at the alert's position.

``@sar`` is the coordination centre of the search-and-rescue region the position is in,
and the other centre too within the shared margin of the boundary (so a boat in distress
mid-Strait reaches MRCC Dover and CROSS Gris-Nez at once). ``@enforcement`` is the
law-enforcement partner on that side (UK Border Force, the Préfecture maritime).

>>> route(("@sar", "UKBF"), 50.772, 1.585)
('CROSSGN', 'UKBF')
"""

from __future__ import annotations

from collections.abc import Sequence

from straitwatch.geo.zones import ChannelZones, zones

__all__ = ["both_coordinators", "lead_agency", "route"]


def route(
    spec: Sequence[str], lat: float, lon: float, area: ChannelZones | None = None
) -> tuple[str, ...]:
    """Agency codes for one alert, in order, without duplicates."""
    area = area or zones()
    out: list[str] = []
    for item in spec:
        if item == "@sar":
            out.extend(area.sar_coordinators([lat], [lon])[0])
        elif item == "@enforcement":
            agency = str(area.enforcement_agency([lat], [lon])[0])
            if agency:
                out.append(agency)
        else:
            out.append(item)
    return tuple(dict.fromkeys(out))


def both_coordinators(area: ChannelZones | None = None) -> tuple[str, ...]:
    """Every SAR coordination centre and enforcement partner: where an escalation goes."""
    area = area or zones()
    return tuple(
        dict.fromkeys(
            [r.coordinator for r in area.sar_regions] + [r.enforcement for r in area.sar_regions]
        )
    )


def lead_agency(
    distress: bool,
    lat: float,
    lon: float,
    routed_to: Sequence[str],
    area: ChannelZones | None = None,
) -> str | None:
    """The agency that leads on an alert: for people in distress, the coordination centre
    of the search-and-rescue region they are in (MRCC Dover or CROSS Gris-Nez); otherwise
    the first agency the alert was routed to."""
    if distress:
        centres = (area or zones()).sar_coordinators([lat], [lon])[0]
        if centres:
            return str(centres[0])
    return routed_to[0] if routed_to else None
