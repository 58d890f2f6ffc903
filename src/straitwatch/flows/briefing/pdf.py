# SPDX-License-Identifier: EUPL-1.2
"""The weekly briefing as a two-page A4 PDF (ReportLab), for printing or sending.

Page one is what a commander reads in two minutes: five headline boxes, the key points,
the last eight weeks with the forecast, and the outlook. Page two holds the running
totals, prevention, the patrol plan and the notes on sources.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from straitwatch.flows.briefing import text
from straitwatch.flows.briefing.figures import BriefingFigures
from straitwatch.flows.briefing.network import network_points

__all__ = ["render_pdf"]

_FONT, _BOLD = "DejaVuSans", "DejaVuSans-Bold"
_NAVY, _ORANGE, _GREY = "#1f3b63", "#e07b00", "#5b6875"


@cache
def _fonts() -> None:
    """DejaVu (shipped with Matplotlib) has the arrows and accents the core fonts lack."""
    import matplotlib
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(_FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(_BOLD, str(folder / "DejaVuSans-Bold.ttf")))


def _styles() -> dict[str, object]:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName=_FONT, fontSize=8.5, leading=11)
    return {
        "title": ParagraphStyle(
            "title", base, fontName=_BOLD, fontSize=15, leading=18, textColor=HexColor(_NAVY)
        ),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=8.5, textColor=HexColor(_GREY)),
        "h2": ParagraphStyle(
            "h2",
            base,
            fontName=_BOLD,
            fontSize=10.5,
            leading=13,
            spaceBefore=6,
            spaceAfter=3,
            textColor=HexColor(_NAVY),
        ),
        "body": base,
        "bullet": ParagraphStyle("bullet", base, leftIndent=10, bulletIndent=0, spaceAfter=2),
        "box_title": ParagraphStyle("box_title", base, fontSize=7.5, textColor=HexColor(_GREY)),
        "box_value": ParagraphStyle(
            "box_value", base, fontName=_BOLD, fontSize=17, leading=21, textColor=HexColor(_NAVY)
        ),
        "box_line": ParagraphStyle("box_line", base, fontSize=6.8, leading=8.5),
        "small": ParagraphStyle(
            "small", base, fontSize=6.8, leading=8.5, textColor=HexColor(_GREY)
        ),
        "cell": ParagraphStyle("cell", base, fontSize=7.5, leading=9),
    }


def _headline_table(fig: BriefingFigures, styles: dict[str, object], width: float) -> object:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph, Table, TableStyle

    cells = []
    for box in text.headlines(fig):
        cells.append(
            [Paragraph(box.title, styles["box_title"]), Paragraph(box.value, styles["box_value"])]
            + [Paragraph(line, styles["box_line"]) for line in box.lines]
        )
    table = Table([cells], colWidths=[width / len(cells)] * len(cells))
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, HexColor("#c5ccd4")),
                ("INNERGRID", (0, 0), (-1, -1), 0.6, HexColor("#c5ccd4")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, -1), HexColor("#f4f6f8")),
            ]
        )
    )
    return table


def _plan_table(fig: BriefingFigures, styles: dict[str, object], width: float) -> object:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph, Table, TableStyle

    header = ["Shift (UTC)", "Sector", "Unit-shifts (7 days)", "Expected boats", "Covered"]
    rows = [[Paragraph(h, styles["cell"]) for h in header]]
    for row in fig.plan.summary():
        rows.append(
            [
                Paragraph(str(row["shift"]), styles["cell"]),
                Paragraph(str(row["sector_name"]), styles["cell"]),
                Paragraph(str(row["unit_shifts"]), styles["cell"]),
                Paragraph(f"{row['expected_departures']:.1f}", styles["cell"]),
                Paragraph(f"{row['expected_covered']:.1f}", styles["cell"]),
            ]
        )
    table = Table(rows, colWidths=[w * width for w in (0.17, 0.38, 0.17, 0.14, 0.14)], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, HexColor(_NAVY)),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [HexColor("#ffffff"), HexColor("#f4f6f8")]),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def render_pdf(
    fig: BriefingFigures,
    charts: dict[str, bytes | None],
    out: Path,
    network: Mapping[str, Any] | None = None,
) -> None:
    """Write the briefing to ``out``; ``charts`` maps ``daily``, ``cumulative`` and
    ``prevention`` to PNG bytes (prevention may be None)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer

    _fonts()
    styles = _styles()
    doc = SimpleDocTemplate(
        str(out),
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=text.title(fig)[0],
        author="straitwatch",
    )
    width = doc.width

    def chart(name: str) -> Image:
        return Image(io.BytesIO(charts[name] or b""), width=width, height=width * 2.5 / 7.4)

    heading, subtitle = text.title(fig)
    story: list[object] = [
        Paragraph(heading, styles["title"]),
        Paragraph(subtitle, styles["subtitle"]),
        Spacer(1, 4 * mm),
        _headline_table(fig, styles, width),
        Paragraph("Key points", styles["h2"]),
        *[Paragraph(p, styles["bullet"], bulletText="•") for p in text.key_points(fig)],
        Paragraph("Last eight weeks and the next two (people per day)", styles["h2"]),
        chart("daily"),
        Paragraph("Outlook", styles["h2"]),
        *[Paragraph(p, styles["bullet"], bulletText="•") for p in text.outlook(fig)],
        PageBreak(),
        Paragraph("People crossed since 1 January", styles["h2"]),
        chart("cumulative"),
    ]
    if charts.get("prevention"):
        story += [
            Paragraph("Arrived and prevented, last 12 weeks (share prevented above)", styles["h2"]),
            chart("prevention"),
        ]
    story += [
        Paragraph("Patrol plan, next 7 days", styles["h2"]),
        Paragraph(
            f"Sector history: {fig.plan.history_source}. Detection chance per unit and "
            f"departure: {fig.plan.detection_probability:.0%}.",
            styles["small"],
        ),
        Spacer(1, 2 * mm),
        _plan_table(fig, styles, width),
    ]
    if network is not None:
        head, *rest = network_points(network)
        story += [
            Paragraph("Smuggling networks", styles["h2"]),
            Paragraph(escape(head), styles["small"]),
            *[Paragraph(escape(p), styles["bullet"], bulletText="•") for p in rest],
        ]
    story += [
        Paragraph("Notes and sources", styles["h2"]),
        *[Paragraph(n, styles["small"]) for n in text.NOTES],
    ]
    doc.build(story)
