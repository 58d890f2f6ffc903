# SPDX-License-Identifier: EUPL-1.2
"""Patrol planning: put the available units where and when departures are expected.

Expected departures in a sector during a shift on a day are the forecast boats for that
day times the sector history's share for that sector and window. One unit on a sector
during a shift detects (or prevents) each departure there with probability ``p``; ``n``
units with ``1 - (1 - p)^n`` (independent chances, so a second unit adds less than the
first). The plan maximises the expected departures covered, subject to at most
``units_per_shift`` units on duty in each shift and, optionally, a total budget of
unit-shifts over the period (then the busiest days get the most crews).

The objective is a sum of concave functions of the units per cell and the constraints
form a laminar matroid, so taking the largest marginal gains first is optimal.

>>> plan = plan_patrols(days, boats, history, PatrolRequest(units_per_shift=4))  # doctest: +SKIP
>>> f"{plan.coverage:.0%}"                                                        # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from straitwatch.errors import InvalidInput
from straitwatch.flows.sectors import SectorHistory, TimeWindow

__all__ = ["DEFAULT_SHIFTS", "PatrolPlan", "PatrolRequest", "plan_patrols"]

DEFAULT_SHIFTS = (
    TimeWindow("night", 22, 6),
    TimeWindow("day", 6, 14),
    TimeWindow("evening", 14, 22),
)


@dataclass(frozen=True)
class PatrolRequest:
    """What is available: units on duty per shift, the shifts (UTC windows covering the
    day), an optional total of unit-shifts over the period, and the chance ``p`` that one
    unit covers a departure in its sector."""

    units_per_shift: int
    shifts: tuple[TimeWindow, ...] = DEFAULT_SHIFTS
    unit_shift_budget: int | None = None
    detection_probability: float = 0.5

    def check(self) -> None:
        if self.units_per_shift < 1:
            raise InvalidInput("a patrol plan needs at least one unit per shift")
        if not 0 < self.detection_probability <= 1:
            raise InvalidInput("detection probability must be in (0, 1]")
        if self.unit_shift_budget is not None and self.unit_shift_budget < 1:
            raise InvalidInput("the unit-shift budget must be at least 1")
        hours = sorted(h for s in self.shifts for h in s.hours)
        if hours != list(range(24)):
            raise InvalidInput(
                "shifts must cover each hour of the day exactly once, e.g. "
                "night:22-06,day:06-14,evening:14-22"
            )


@dataclass(frozen=True)
class PatrolPlan:
    """Units per day, shift and sector, with expected departures and expected coverage.

    Arrays are indexed ``[day, shift, sector]``; ``baseline_covered`` is what spreading
    the same units evenly along the coast would cover (the plan's peer).
    """

    days: tuple[date, ...]
    shifts: tuple[TimeWindow, ...]
    sectors: tuple[str, ...]
    units: NDArray[np.int64]
    expected: NDArray[np.float64]
    covered: NDArray[np.float64]
    baseline_covered: float
    history_source: str
    detection_probability: float
    sector_labels: dict[str, str] = field(default_factory=dict)

    @property
    def expected_total(self) -> float:
        return float(self.expected.sum())

    @property
    def coverage(self) -> float:
        """Share of expected departures covered by the plan."""
        total = self.expected_total
        return float(self.covered.sum()) / total if total > 0 else 0.0

    @property
    def baseline_coverage(self) -> float:
        total = self.expected_total
        return self.baseline_covered / total if total > 0 else 0.0

    def summary(self) -> list[dict[str, Any]]:
        """Per shift and sector over the period: unit-shifts, expected and covered boats."""
        rows = []
        for w, shift in enumerate(self.shifts):
            for s, sector in enumerate(self.sectors):
                units = int(self.units[:, w, s].sum())
                if units:
                    rows.append(
                        {
                            "shift": shift.label,
                            "sector": sector,
                            "sector_name": self.sector_labels.get(sector, sector),
                            "unit_shifts": units,
                            "expected_departures": round(float(self.expected[:, w, s].sum()), 2),
                            "expected_covered": round(float(self.covered[:, w, s].sum()), 2),
                        }
                    )
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {
            "days": [d.isoformat() for d in self.days],
            "shifts": [s.label for s in self.shifts],
            "sectors": list(self.sectors),
            "sector_names": {s: self.sector_labels.get(s, s) for s in self.sectors},
            "history_source": self.history_source,
            "detection_probability": self.detection_probability,
            "expected_departures": round(self.expected_total, 2),
            "expected_covered": round(float(self.covered.sum()), 2),
            "coverage": round(self.coverage, 4),
            "baseline_even_spread_coverage": round(self.baseline_coverage, 4),
            "assignments": [
                {"date": day.isoformat(), "shift": shift.label, "sector": sector, "units": n}
                for d, day in enumerate(self.days)
                for w, shift in enumerate(self.shifts)
                for s, sector in enumerate(self.sectors)
                if (n := int(self.units[d, w, s]))
            ],
            "summary": self.summary(),
        }


def _covered(
    expected: NDArray[np.float64], units: NDArray[np.int64], p: float
) -> NDArray[np.float64]:
    return np.asarray(expected * (1.0 - (1.0 - p) ** units), dtype=float)


def _even_spread(
    shape: tuple[int, int, int], per_cell_units: NDArray[np.int64]
) -> NDArray[np.int64]:
    """The peer: each (day, shift)'s units dealt along the coast one sector after another."""
    n_sectors = shape[2]
    base = per_cell_units[:, :, None] // n_sectors
    extra = np.arange(n_sectors)[None, None, :] < (per_cell_units % n_sectors)[:, :, None]
    return np.asarray(base + extra, dtype=np.int64)


def plan_patrols(
    days: Sequence[date],
    boats: NDArray[np.float64] | Sequence[float],
    history: SectorHistory,
    request: PatrolRequest,
) -> PatrolPlan:
    """The plan for ``days`` given the expected boats on each (e.g. a forecast's means)."""
    request.check()
    boats_arr = np.asarray(boats, dtype=float)
    if boats_arr.shape != (len(days),) or (boats_arr < 0).any():
        raise InvalidInput("expected boats must be one value >= 0 per day")
    shares = history.window_shares(request.shifts)  # [sector, shift]
    expected = boats_arr[:, None, None] * shares.T[None, :, :]  # [day, shift, sector]
    p, cap = request.detection_probability, request.units_per_shift
    # Marginal gain of the k-th unit in a cell: expected * p * (1 - p)^(k - 1).
    gains = expected[..., None] * p * (1 - p) ** np.arange(cap)
    order = np.argsort(-gains, axis=None, kind="stable")
    budget = request.unit_shift_budget or cap * expected.shape[0] * expected.shape[1]
    units = np.zeros(expected.shape, dtype=np.int64)
    on_duty = np.zeros(expected.shape[:2], dtype=np.int64)
    placed = 0
    for flat in order:
        if placed >= budget:
            break
        d, w, s, _k = np.unravel_index(flat, gains.shape)
        if on_duty[d, w] < cap:
            units[d, w, s] += 1
            on_duty[d, w] += 1
            placed += 1
    baseline = _even_spread(expected.shape, on_duty)  # same units per shift, spread evenly
    return PatrolPlan(
        days=tuple(days),
        shifts=request.shifts,
        sectors=history.sectors,
        units=units,
        expected=expected,
        covered=_covered(expected, units, p),
        baseline_covered=float(_covered(expected, baseline, p).sum()),
        history_source=history.source,
        detection_probability=p,
        sector_labels=dict(history.labels),
    )
