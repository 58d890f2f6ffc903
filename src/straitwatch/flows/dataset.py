# SPDX-License-Identifier: EUPL-1.2
"""Every published flows table in memory, as plain frames: the input of every analysis.

Statistics, forecasts, briefings and the web views are pure functions of a
:class:`FlowsDataset`; the store fills one (:func:`straitwatch.flows.repository.read_dataset`)
and tests may build one straight from files (:meth:`FlowsDataset.from_sources`).
:meth:`FlowsDataset.as_of` cuts it at a date, so a briefing for a past week sees only what
was known at the end of that week.

>>> ds = FlowsDataset.from_sources([parse_source(p) for p in bundled_sources()])  # doctest: +SKIP
>>> int(ds.daily.loc["2022", "migrants_arrived"].sum())                            # doctest: +SKIP
45755
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from straitwatch.errors import NotFound
from straitwatch.flows.sources import ParsedSource

__all__ = ["TABLES", "FlowsDataset"]

TABLES = ("daily", "weekly", "frontex", "iom", "irregular", "reference")

_COLUMNS: dict[str, dict[str, str]] = {
    "daily": {
        "migrants_arrived": "int64",
        "boats_arrived": "int64",
        "boats_uncontrolled": "Int64",
        "marked_revised": "bool",
    },
    "weekly": {
        "migrants_arrived": "int64",
        "boats_arrived": "int64",
        "boats_uncontrolled": "Int64",
        "migrants_prevented": "Int64",
        "events_prevented": "Int64",
        "marked_revised": "bool",
    },
    "frontex": {
        "month": "datetime64[s]",
        "route": "str",
        "crossing_type": "str",
        "nationality_iso3": "str",
        "detections": "int64",
    },
    "iom": {
        "incident_date": "datetime64[s]",
        "incident_type": "str",
        "country_iso3": "str",
        "dead_and_missing": "int64",
        "survivors": "Int64",
        "cause": "str",
        "origin_iso3": "str",
        "location": "str",
        "lat": "float64",
        "lon": "float64",
        "channel_crossing": "bool",
    },
    "irregular": {
        "quarter_end": "datetime64[s]",
        "method": "str",
        "nationality": "str",
        "region": "str",
        "sex": "str",
        "age_group": "str",
        "detections": "int64",
    },
    "reference": {
        name: "str"
        for name in (
            "topic",
            "metric",
            "period",
            "value",
            "unit",
            "publisher",
            "source",
            "source_url",
            "note",
        )
    },
}
_INDEX = {"daily": "day", "weekly": "week_ending"}


def empty_table(name: str) -> pd.DataFrame:
    """A table with no rows but its columns and types (what an empty store gives)."""
    frame = pd.DataFrame({c: pd.Series(dtype=t) for c, t in _COLUMNS[name].items()})
    if name in _INDEX:
        frame.index = pd.DatetimeIndex([], name=_INDEX[name])
    return frame


def conform(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with exactly the columns and types of table ``name``."""
    out = frame[list(_COLUMNS[name])].astype(_COLUMNS[name])
    if name in _INDEX:
        out.index = pd.DatetimeIndex(out.index, name=_INDEX[name]).astype("datetime64[s]")
        out = out.sort_index()
    return out


@dataclass(frozen=True)
class FlowsDataset:
    """The Home Office daily and weekly series, Frontex, IOM, Irr_D01 and quoted figures.

    ``daily`` is indexed by day and ``weekly`` by week ending (a Sunday); the others are
    long tables. Every count is a whole number; missing figures are ``<NA>``.
    """

    daily: pd.DataFrame
    weekly: pd.DataFrame
    frontex: pd.DataFrame
    iom: pd.DataFrame
    irregular: pd.DataFrame
    reference: pd.DataFrame

    @classmethod
    def empty(cls) -> FlowsDataset:
        return cls(**{name: empty_table(name) for name in TABLES})

    @classmethod
    def from_sources(cls, sources: Iterable[ParsedSource]) -> FlowsDataset:
        """Tables straight from parsed files; a later file's rows win for the same day."""
        found: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}
        for source in sources:
            for name, frame in source.tables.items():
                found[name].append(frame)
        tables: dict[str, pd.DataFrame] = {}
        for name in TABLES:
            frames = found[name]
            if not frames:
                tables[name] = empty_table(name)
            elif name in _INDEX:
                merged = pd.concat(frames)
                tables[name] = conform(name, merged[~merged.index.duplicated(keep="last")])
            else:
                tables[name] = conform(name, frames[-1].reset_index(drop=True))
        return cls(**tables)

    @property
    def last_day(self) -> date:
        """The last day of the daily series; :class:`NotFound` when nothing is loaded."""
        if self.daily.empty:
            raise NotFound("no flows data loaded: run `straitwatch flows load`")
        return self.daily.index[-1].date()  # type: ignore[no-any-return]

    def as_of(self, day: date) -> FlowsDataset:
        """What was published by the end of ``day``: days, weeks, months and quarters that
        had ended, and incidents up to that day."""
        end = pd.Timestamp(day)
        month_end = self.frontex["month"] + pd.offsets.MonthEnd(0)
        return replace(
            self,
            daily=self.daily.loc[self.daily.index <= end],
            weekly=self.weekly.loc[self.weekly.index <= end],
            frontex=self.frontex.loc[month_end <= end],
            iom=self.iom.loc[self.iom["incident_date"] <= end],
            irregular=self.irregular.loc[self.irregular["quarter_end"] <= end],
        )
