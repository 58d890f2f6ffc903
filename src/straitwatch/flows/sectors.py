# SPDX-License-Identifier: EUPL-1.2
"""Where and when boats leave: the departure-sector history the patrol planner works from.

A :class:`SectorHistory` is the share of departures per departure sector (the French
coast from Dunkerque-Est to the Baie de Somme, as declared in ``straitwatch.geo``) and
per hour of the day (UTC). It comes from one of three places:

- departures observed by the picture (alerts and tracks), through
  :func:`history_from_departures` — a sector id and a time per departure;
- a table supplied by analysts (:func:`history_from_table`), CSV with columns
  ``sector`` (an id such as ``FR-WIM``), ``hour`` (0-23) *or* ``window`` (``22-06``, UTC)
  and ``share`` *or* ``count``;
- nothing: :func:`uniform_history` spreads departures evenly, and says so.

>>> history = history_from_departures([("FR-WIM", datetime(2025, 8, 1, 3, tzinfo=UTC))],
...                                   sectors=("FR-WIM", "FR-BOU"))
>>> round(float(history.hourly_share.sum()), 6)
1.0
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from straitwatch.errors import InvalidInput

__all__ = [
    "UNIFORM_SOURCE",
    "SectorHistory",
    "TimeWindow",
    "departure_sectors",
    "history_from_departures",
    "history_from_table",
    "parse_window",
    "uniform_history",
]

HOURS = 24
UNIFORM_SOURCE = "uniform prior (no sector history supplied)"


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """A daily window of UTC hours ``[start_hour, end_hour)``, wrapping past midnight when
    ``end_hour <= start_hour`` (``22-06`` is the night)."""

    name: str
    start_hour: int
    end_hour: int

    @property
    def hours(self) -> tuple[int, ...]:
        span = (self.end_hour - self.start_hour) % HOURS or HOURS
        return tuple((self.start_hour + i) % HOURS for i in range(span))

    @property
    def label(self) -> str:
        return f"{self.name} {self.start_hour:02d}-{self.end_hour:02d}Z"


def parse_window(text: str, name: str | None = None) -> TimeWindow:
    """``"22-06"`` or ``"night:22-06"`` as a :class:`TimeWindow`."""
    label, _, span = text.rpartition(":")
    try:
        start, end = (int(part) for part in span.split("-"))
    except ValueError:
        raise InvalidInput(f"time window {text!r} is not HH-HH (e.g. 22-06)") from None
    if not (0 <= start < HOURS and 0 <= end <= HOURS):
        raise InvalidInput(f"time window {text!r}: hours must be 0-24")
    return TimeWindow(label or name or span, start, end % HOURS)


@dataclass(frozen=True)
class SectorHistory:
    """Share of departures per sector (rows, in coast order) and UTC hour (24 columns)."""

    sectors: tuple[str, ...]
    hourly_share: NDArray[np.float64]
    source: str
    labels: dict[str, str] = field(default_factory=dict)
    """Readable names by sector id (e.g. from :func:`departure_sectors`), for display."""

    def label(self, sector: str) -> str:
        return f"{sector} {self.labels[sector]}" if sector in self.labels else sector

    def with_labels(self, labels: dict[str, str]) -> SectorHistory:
        return SectorHistory(self.sectors, self.hourly_share, self.source, dict(labels))

    def window_shares(self, windows: Sequence[TimeWindow]) -> NDArray[np.float64]:
        """Share of departures per sector (rows) and window (columns)."""
        return np.column_stack([self.hourly_share[:, list(w.hours)].sum(axis=1) for w in windows])


def departure_sectors() -> tuple[tuple[str, str], ...]:
    """``(id, name)`` of the departure sectors declared by ``straitwatch.geo``, in coast order."""
    from straitwatch.geo.zones import zones

    return tuple((s.id, s.name) for s in zones().departure_sectors)


def _normalised(counts: NDArray[np.float64], where: str) -> NDArray[np.float64]:
    total = float(counts.sum())
    if total <= 0:
        raise InvalidInput("the sector history holds no departures", where=where)
    return counts / total


def uniform_history(sectors: Sequence[str]) -> SectorHistory:
    """Every sector and hour alike: the honest prior when no history is known."""
    counts = np.ones((len(sectors), HOURS))
    return SectorHistory(tuple(sectors), _normalised(counts, "uniform"), UNIFORM_SOURCE)


def history_from_departures(
    departures: Iterable[tuple[str, datetime]],
    sectors: Sequence[str],
    prior_departures: float = 1.0,
) -> SectorHistory:
    """Shares from observed departures (sector id, time), e.g. departure alerts.

    ``prior_departures`` pseudo-departures are spread evenly first, so a sector where none
    was seen yet keeps a small share instead of none.
    """
    index = {s: i for i, s in enumerate(sectors)}
    counts = np.full((len(sectors), HOURS), prior_departures / (len(sectors) * HOURS))
    seen = 0
    for sector, when in departures:
        if sector not in index:
            raise InvalidInput(f"departure in unknown sector {sector!r}")
        if when.tzinfo is None:
            raise InvalidInput(f"departure time {when} has no time zone (expected UTC)")
        counts[index[sector], when.astimezone(UTC).hour] += 1
        seen += 1
    return SectorHistory(
        tuple(sectors), _normalised(counts, "departures"), f"{seen} observed departures"
    )


def history_from_table(path: Path, sectors: Sequence[str] | None = None) -> SectorHistory:
    """Shares from an analysts' CSV (see the module docstring); rows naming a window
    spread their share evenly over its hours. Sectors not in the table get none."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in reader.fieldnames or []]
            rows = [(reader.line_num, row) for row in reader]
    except OSError as exc:
        raise InvalidInput(f"cannot read sector history: {exc}", where=str(path)) from exc
    time_col = "hour" if "hour" in header else "window" if "window" in header else None
    value_col = "share" if "share" in header else "count" if "count" in header else None
    if "sector" not in header or time_col is None or value_col is None:
        raise InvalidInput(
            f"sector history needs columns sector, hour|window and share|count "
            f"(found: {', '.join(header)})",
            where=path.name,
        )
    names = list(sectors) if sectors else sorted({r.get("sector", "").strip() for _, r in rows})
    index = {s: i for i, s in enumerate(names)}
    counts = np.zeros((len(names), HOURS))
    for line, row in rows:
        where = f"{path.name} line {line}"
        sector = (row.get("sector") or "").strip()
        if sector not in index:
            raise InvalidInput(f"unknown departure sector {sector!r}", where=where)
        try:
            value = float(row.get(value_col) or "")
        except ValueError:
            raise InvalidInput(
                f"{value_col} {row.get(value_col)!r} is not a number", where=where
            ) from None
        if not value >= 0:
            raise InvalidInput(f"{value_col} must be >= 0, not {value}", where=where)
        raw_time = (row.get(time_col) or "").strip()
        if time_col == "hour":
            if not raw_time.isdigit() or not 0 <= int(raw_time) < HOURS:
                raise InvalidInput(f"hour {raw_time!r} is not 0-23", where=where)
            hours: tuple[int, ...] = (int(raw_time),)
        else:
            hours = parse_window(raw_time).hours
        counts[index[sector], list(hours)] += value / len(hours)
    return SectorHistory(tuple(names), _normalised(counts, path.name), f"table {path.name}")
