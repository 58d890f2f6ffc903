# SPDX-License-Identifier: EUPL-1.2
"""The European routes (Frontex): detections per route over time, top nationalities, and
each route's approximate geography for the map.

Frontex counts *detections* of illegal border-crossings, not persons (one person may be
detected twice), and publishes no Channel route in this file: the Channel appears only in
its press releases (see the reference figures).

>>> by_route = detections_by_route(ds, Granularity.YEAR)     # doctest: +SKIP
>>> routes()[0].name
'Central Mediterranean Route'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

import pandas as pd
import yaml

from straitwatch.errors import ConfigurationError
from straitwatch.flows.dataset import FlowsDataset
from straitwatch.flows.stats import Granularity, period_label, period_start

__all__ = ["FRONTEX_NOTE", "Route", "detections_by_route", "routes", "top_nationalities"]

FRONTEX_NOTE = (
    "Frontex counts detections of illegal border-crossings, not persons; its monthly file "
    "has no Channel route."
)


@dataclass(frozen=True, slots=True)
class Route:
    """A Frontex route: its name in the data, a short label, an approximate path
    (``[lon, lat]`` pairs, departure to arrival) and a label point (None for "Other")."""

    name: str
    short: str
    path: tuple[tuple[float, float], ...]
    label: tuple[float, float] | None


def _point(raw: object, where: str) -> tuple[float, float]:
    if (
        not isinstance(raw, list)
        or len(raw) != 2
        or not all(isinstance(v, int | float) for v in raw)
        or not (-180 <= raw[0] <= 180 and -90 <= raw[1] <= 90)
    ):
        raise ConfigurationError(f"frontex_routes.yaml {where}: {raw!r} is not [lon, lat]")
    return float(raw[0]), float(raw[1])


@cache
def routes() -> tuple[Route, ...]:
    """The routes declared in ``data/frontex_routes.yaml``, validated on first use."""
    text = (resources.files("straitwatch.flows") / "data" / "frontex_routes.yaml").read_text()
    raw = yaml.safe_load(text)
    if not isinstance(raw, dict) or not isinstance(raw.get("routes"), list):
        raise ConfigurationError("frontex_routes.yaml: expected a 'routes' list")
    out = []
    for i, entry in enumerate(raw["routes"]):
        where = f"route {i + 1}"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise ConfigurationError(f"frontex_routes.yaml {where}: needs a name")
        path = tuple(_point(p, f"{where} path") for p in entry.get("path") or [])
        label = None if entry.get("label") is None else _point(entry["label"], f"{where} label")
        out.append(Route(entry["name"], str(entry.get("short", entry["name"])), path, label))
    return tuple(out)


def _window(ds: FlowsDataset, start: date | None, end: date | None) -> pd.DataFrame:
    frame = ds.frontex
    if start:
        frame = frame.loc[frame["month"] >= pd.Timestamp(start).to_period("M").to_timestamp()]
    if end:
        frame = frame.loc[frame["month"] <= pd.Timestamp(end)]
    return frame


def detections_by_route(
    ds: FlowsDataset,
    by: Granularity = Granularity.MONTH,
    start: date | None = None,
    end: date | None = None,
) -> pd.DataFrame:
    """Detections per period (month or year) and route: columns ``period, route, detections``."""
    if by in (Granularity.DAY, Granularity.WEEK):
        by = Granularity.MONTH  # Frontex publishes months; finer periods do not exist.
    frame = _window(ds, start, end)
    keys = period_start(pd.DatetimeIndex(frame["month"]), by)
    grouped = frame.groupby([keys, frame["route"].to_numpy()])["detections"].sum()
    out = grouped.reset_index()
    out.columns = pd.Index(["start", "route", "detections"])
    out.insert(0, "period", [period_label(t, by) for t in out["start"]])
    return out.drop(columns="start").sort_values(["period", "route"]).reset_index(drop=True)


def top_nationalities(
    ds: FlowsDataset,
    start: date | None = None,
    end: date | None = None,
    route: str | None = None,
    n: int = 10,
) -> pd.DataFrame:
    """The ``n`` nationalities most detected (on one route or all): ``nationality_iso3,
    detections, share``."""
    frame = _window(ds, start, end)
    if route:
        frame = frame.loc[frame["route"] == route]
    totals = frame.groupby("nationality_iso3")["detections"].sum().sort_values(ascending=False)
    grand = int(totals.sum())
    top = totals.head(n)
    return pd.DataFrame(
        {
            "nationality_iso3": top.index.astype(str),
            "detections": top.to_numpy(),
            "share": top.to_numpy() / grand if grand else top.to_numpy() * 0.0,
        }
    )
