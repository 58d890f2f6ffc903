# SPDX-License-Identifier: EUPL-1.2
"""The weekly briefing as one self-contained HTML page (charts inlined), for mail or intranet."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any

from straitwatch.flows.briefing import text
from straitwatch.flows.briefing.figures import BriefingFigures
from straitwatch.flows.briefing.network import network_points

__all__ = ["render_html"]

_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:820px;margin:24px auto;color:#1d2733;
font-size:14px;line-height:1.45}
h1{color:#1f3b63;font-size:22px;margin:0}h2{color:#1f3b63;font-size:16px;margin:18px 0 6px}
.sub{color:#5b6875}.boxes{display:grid;grid-template-columns:repeat(5,1fr);gap:6px;margin:14px 0}
.box{background:#f4f6f8;border:1px solid #c5ccd4;padding:6px 8px}
.box .t{color:#5b6875;font-size:12px}
.box .v{color:#1f3b63;font-size:26px;font-weight:bold}.box .l{font-size:11px}
img{width:100%}table{border-collapse:collapse;width:100%;font-size:12px}
th{border-bottom:2px solid #1f3b63;text-align:left}td,th{padding:3px 6px}
tr:nth-child(even) td{background:#f4f6f8}.notes{color:#5b6875;font-size:11px}
"""


def _img(png: bytes | None, alt: str) -> str:
    if not png:
        return ""
    data = base64.b64encode(png).decode("ascii")
    return f'<img alt="{escape(alt)}" src="data:image/png;base64,{data}">'


def render_html(
    fig: BriefingFigures,
    charts: dict[str, bytes | None],
    out: Path,
    network: Mapping[str, Any] | None = None,
) -> None:
    """Write the briefing to ``out`` as HTML with the same content as the PDF."""
    heading, subtitle = text.title(fig)
    boxes = "".join(
        f'<div class="box"><div class="t">{escape(b.title)}</div><div class="v">'
        f"{escape(b.value)}</div>"
        + "".join(f'<div class="l">{escape(line)}</div>' for line in b.lines)
        + "</div>"
        for b in text.headlines(fig)
    )
    points = "".join(f"<li>{escape(p)}</li>" for p in text.key_points(fig))
    outlook = "".join(f"<li>{escape(p)}</li>" for p in text.outlook(fig))
    plan_rows = "".join(
        f"<tr><td>{escape(str(r['shift']))}</td><td>{escape(str(r['sector_name']))}</td>"
        f"<td>{r['unit_shifts']}</td><td>{r['expected_departures']:.1f}</td>"
        f"<td>{r['expected_covered']:.1f}</td></tr>"
        for r in fig.plan.summary()
    )
    prevention = (
        "<h2>Arrived and prevented, last 12 weeks (share prevented above)</h2>"
        + _img(charts.get("prevention"), "arrived and prevented per week")
        if charts.get("prevention")
        else ""
    )
    notes = "".join(f"<p>{escape(n)}</p>" for n in text.NOTES)
    networks = ""
    if network is not None:
        head, *rest = network_points(network)
        networks = (
            f"<h2>Smuggling networks</h2><p>{escape(head)}</p><ul>"
            + "".join(f"<li>{escape(p)}</li>" for p in rest)
            + "</ul>"
        )
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(heading)}</title>
<style>{_CSS}</style></head><body>
<h1>{escape(heading)}</h1><div class="sub">{escape(subtitle)}</div>
<div class="boxes">{boxes}</div>
<h2>Key points</h2><ul>{points}</ul>
<h2>Last eight weeks and the next two (people per day)</h2>
{_img(charts.get("daily"), "people per day with forecast")}
<h2>Outlook</h2><ul>{outlook}</ul>
<h2>People crossed since 1 January</h2>
{_img(charts.get("cumulative"), "running total of people this year and before")}
{prevention}
<h2>Patrol plan, next 7 days</h2>
<p class="notes">Sector history: {escape(fig.plan.history_source)}. Detection chance per unit
and departure: {fig.plan.detection_probability:.0%}.</p>
<table><tr><th>Shift (UTC)</th><th>Sector</th><th>Unit-shifts (7 days)</th>
<th>Expected boats</th><th>Covered</th></tr>{plan_rows}</table>
{networks}
<h2>Notes and sources</h2><div class="notes">{notes}</div>
</body></html>
"""
    out.write_text(page, encoding="utf-8")
