# SPDX-License-Identifier: EUPL-1.2
"""The weekly briefing: headline figures, comparisons, charts, forecast and patrol plan.

>>> write_briefing(ds, "2025-W32", Path("brief.pdf"), history, PatrolRequest(4))  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from straitwatch.errors import InvalidInput
from straitwatch.flows.briefing.figures import (
    BriefingFigures,
    WeekFigures,
    briefing_figures,
    parse_iso_week,
)
from straitwatch.flows.dataset import FlowsDataset
from straitwatch.flows.patrol import PatrolRequest
from straitwatch.flows.sectors import SectorHistory
from straitwatch.flows.weather import WeatherSeries

__all__ = [
    "BriefingFigures",
    "WeekFigures",
    "briefing_charts",
    "briefing_figures",
    "parse_iso_week",
    "write_briefing",
]


def briefing_charts(ds: FlowsDataset, fig: BriefingFigures) -> dict[str, bytes | None]:
    """The three charts as PNG bytes (``prevention`` is None before May 2024)."""
    from straitwatch.flows.briefing import charts

    data = ds.as_of(fig.week.end)
    return {
        "daily": charts.daily_chart(data, fig.week.start, fig.people_forecast),
        "cumulative": charts.cumulative_chart(data, fig.week.end),
        "prevention": charts.prevention_chart(data, fig.week.end),
    }


def write_briefing(
    ds: FlowsDataset,
    week: str,
    out: Path,
    history: SectorHistory,
    patrol: PatrolRequest,
    weather: WeatherSeries | None = None,
    network: Mapping[str, Any] | None = None,
) -> BriefingFigures:
    """Compute the briefing for ISO ``week`` and write it as PDF or HTML (by suffix); with
    ``network`` (the intelligence side's network section, :mod:`.network`), a section on
    the smuggling networks too."""
    suffix = out.suffix.casefold()
    if suffix not in (".pdf", ".html", ".htm"):
        raise InvalidInput(f"--out {out}: the briefing is written as .pdf or .html")
    fig = briefing_figures(ds, week, history, patrol, weather)
    charts = briefing_charts(ds, fig)
    if suffix == ".pdf":
        from straitwatch.flows.briefing.pdf import render_pdf

        render_pdf(fig, charts, out, network)
    else:
        from straitwatch.flows.briefing.html import render_html

        render_html(fig, charts, out, network)
    return fig
