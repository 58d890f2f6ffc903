# SPDX-License-Identifier: EUPL-1.2
"""Handling codes at dissemination: what sharing a report with one agency needs, and the
strictest code of several sources (what a derived entity inherits).

>>> from straitwatch.intel.grading import handling_code
>>> dissemination_verdict(handling_code("europol_4x4", "H2"), "UKBF", "PREMAR").needs
<Effect.PERMISSION: 'permission'>
>>> dissemination_verdict(handling_code("europol_4x4", "H2"), "UKBF", "UKBF").needs
<Effect.PERMIT: 'permit'>
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from straitwatch.errors import InvalidInput
from straitwatch.intel.grading import Effect, HandlingCode, handling_code

__all__ = ["Verdict", "check_conditions", "dissemination_verdict", "strictest"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """What disseminating to ``recipient`` needs, and why (shown to the disseminator)."""

    recipient: str
    needs: Effect
    reason: str
    conditions: str | None = None


def dissemination_verdict(
    code: HandlingCode, provider: str, recipient: str, conditions: str | None = None
) -> Verdict:
    """Pure decision of the handling code for one recipient agency.

    Within the providing agency a handling code never restricts; outside it the code's
    declared ``effect`` applies (``grading.yaml``).
    """
    if recipient == provider:
        return Verdict(recipient, Effect.PERMIT, "within the providing agency")
    reason = f"handling code {code.as_text}: {code.label}"
    if code.effect is Effect.CONDITIONS:
        return Verdict(recipient, code.effect, reason, conditions)
    return Verdict(recipient, code.effect, reason)


def check_conditions(code: HandlingCode, conditions: str | None) -> str | None:
    """Conditions are required with codes that need them (3x5x2 C, SIENA H3, 5x5x5 2/3)."""
    text = (conditions or "").strip() or None
    if code.needs_conditions and text is None:
        raise InvalidInput(
            f"handling code {code.as_text} needs its handling conditions written with it",
            where="handling_conditions",
        )
    return text


def strictest(codes: Iterable[tuple[str, str]]) -> tuple[str, str] | None:
    """The strictest of (scale, code) pairs by declared rank; ties keep the first seen."""
    best: HandlingCode | None = None
    for scale_name, code in codes:
        h = handling_code(scale_name, code)
        if best is None or h.rank > best.rank:
            best = h
    return (best.scale, best.code) if best else None
