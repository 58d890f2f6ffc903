# SPDX-License-Identifier: EUPL-1.2
"""The smuggling-network section of the weekly briefing, as sentences.

The section's figures come from the intelligence side
(:func:`straitwatch.intel.network.briefing.network_brief`, computed from what the named
analyst may see) and arrive here as plain data, so the flows briefing depends on no
intelligence module: networks identified, facilitators linked and disruptions recorded
(counted as the seeds count them), then each network with its key facilitators, who
appeared and who went quiet, and the disruptions with what each changed.

>>> network_points({"networks_identified": 1, "facilitators_linked": 2,
...     "disruptions_recorded": 0, "disruptions_in_period": 0, "new_links": 3, "days": 7,
...     "networks": [], "key_facilitators": [], "appeared": [], "went_quiet": [],
...     "disruptions": []})[0]
'1 network identified, 2 facilitators linked, 0 disruptions recorded (0 in the last 7 days).'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["network_points"]

_REASONS = {
    "brokerage": "links {communities} communities",
    "on_many_paths": "on the paths between others (percentile {percentile})",
    "reach": "wide reach (percentile {percentile})",
    "contacts": "{count} contacts",
    "recent": "last reported {days} days before the latest report",
    "evidence": "best grade {grade} ({reports} reports)",
}


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def network_points(section: Mapping[str, Any]) -> list[str]:
    """The section's headline sentence first, then one sentence per point."""
    days = section["days"]
    points = [
        f"{_n(section['networks_identified'], 'network', 'networks')} identified, "
        f"{_n(section['facilitators_linked'], 'facilitator', 'facilitators')} linked, "
        f"{_n(section['disruptions_recorded'], 'disruption', 'disruptions')} recorded "
        f"({section['disruptions_in_period']} in the last {days} days)."
    ]
    for k, network in enumerate(section["networks"], start=1):
        operations = network.get("operations") or []
        under = f" Reported under: {'; '.join(operations)}." if operations else ""
        points.append(
            f"Network {k} ({network['size']} entities): {', '.join(network['members'])}.{under}"
        )
    for key in section["key_facilitators"]:
        why = "; ".join(_REASONS.get(r["code"], r["code"]).format(**r) for r in key["reasons"])
        points.append(f"Key facilitator {key['caption']}: {why}.")
    points.append(
        f"{_n(section['new_links'], 'new link', 'new links')} in the last {days} days of reports; "
        f"{_n(len(section['appeared']), 'entity', 'entities')} appeared, "
        f"{_n(len(section['went_quiet']), 'entity', 'entities')} went quiet."
    )
    for d in section["disruptions"]:
        before, after = d["effect"]["before"], d["effect"]["after"]
        names = ", ".join(e["caption"] for e in d["entities"]) or "no entity you may see"
        points.append(
            f"Disruption {d['occurred_on']} ({d['kind'].replace('_', ' ')}): {names}; links "
            f"{before['links']} → {after['links']}, pairs still connected "
            f"{before['connected_pairs']} → {after['connected_pairs']}, networks "
            f"{before['networks']} → {after['networks']}."
        )
    return points
