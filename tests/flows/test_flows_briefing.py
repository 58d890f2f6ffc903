# SPDX-License-Identifier: EUPL-1.2
"""The weekly briefing: golden figures, figures against the raw files, PDF and HTML render."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from straitwatch.errors import InvalidInput
from straitwatch.flows.briefing import briefing_figures, parse_iso_week, write_briefing
from straitwatch.flows.dataset import FlowsDataset
from straitwatch.flows.patrol import PatrolRequest
from straitwatch.flows.sectors import SectorHistory, departure_sectors, history_from_table

HERE = Path(__file__).parent
GOLDEN = HERE / "golden" / "briefing_2025-W32.json"


@pytest.fixture(scope="module")
def history() -> SectorHistory:
    declared = departure_sectors()
    table = history_from_table(HERE / "fixtures" / "sector_history.csv", [i for i, _ in declared])
    return table.with_labels(dict(declared))


def test_briefing_figures_match_the_golden_file(
    dataset: FlowsDataset, history: SectorHistory
) -> None:
    figures = briefing_figures(dataset, "2025-W32", history, PatrolRequest(4))
    assert figures.to_dict() == json.loads(GOLDEN.read_text())


def test_briefing_figures_agree_with_the_raw_files(
    dataset: FlowsDataset, history: SectorHistory, flows_dir: Path
) -> None:
    daily = pd.read_csv(
        flows_dir / "uk_small_boats_daily_homeoffice.csv", index_col="date", parse_dates=True
    )
    weekly = pd.read_csv(
        flows_dir / "uk_small_boats_weekly_homeoffice.csv",
        index_col="week_ending",
        parse_dates=True,
    )
    figures = briefing_figures(dataset, "2025-W32", history, PatrolRequest(4))
    for week in (figures.week, figures.last_week, figures.last_year):
        days = daily.loc[str(week.start) : str(week.end)]
        assert week.people == days["migrants_arrived"].sum()
        assert week.boats == days["boats_arrived"].sum()
        row = weekly.loc[str(week.end)]
        assert week.prevented == row["migrants_prevented"]
        assert week.prevention_share == pytest.approx(
            row["migrants_prevented"] / (row["migrants_prevented"] + row["migrants_arrived"])
        )
    assert (figures.last_week.label, figures.last_year.label) == ("2025-W31", "2024-W32")
    assert (
        figures.year_to_date_people
        == daily.loc["2025-01-01":"2025-08-10", "migrants_arrived"].sum()
    )
    assert figures.week.deaths is None  # past the IOM data (to 18 Apr 2025): not invented
    assert figures.year_to_date_deaths == 10
    # Nothing after the week is used: the forecast starts the next day.
    assert figures.people_forecast.days[0].isoformat() == "2025-08-11"


def test_the_pdf_renders_two_readable_pages(
    dataset: FlowsDataset, history: SectorHistory, tmp_path: Path
) -> None:
    out = tmp_path / "brief.pdf"
    write_briefing(dataset, "2025-W32", out, history, PatrolRequest(4))
    assert out.read_bytes().startswith(b"%PDF")
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (poppler-utils, deps/apt.txt) is needed"
    subprocess.run([pdftoppm, "-png", "-r", "50", str(out), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2
    for page in pages:
        pixels = np.asarray(Image.open(page).convert("L"), dtype=float)
        inked = (pixels < 200).mean()
        assert 0.02 < inked < 0.5, f"{page.name}: {inked:.1%} of the page is ink"


def test_the_html_briefing_carries_the_same_content(
    dataset: FlowsDataset, history: SectorHistory, tmp_path: Path
) -> None:
    out = tmp_path / "brief.html"
    write_briefing(dataset, "2025-W32", out, history, PatrolRequest(4))
    page = out.read_text()
    assert "weekly briefing 2025-W32" in page and "1,119" in page and "31%" in page
    assert page.count("data:image/png;base64,") == 3
    assert "Gravelines" in page


def test_bad_weeks_and_outputs_are_refused(
    dataset: FlowsDataset, history: SectorHistory, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInput, match="not an ISO week"):
        parse_iso_week("2025-32")
    with pytest.raises(InvalidInput, match="does not exist"):
        parse_iso_week("2025-W54")
    with pytest.raises(InvalidInput, match="not complete in the data"):
        briefing_figures(dataset, "2026-W34", history, PatrolRequest(4))
    with pytest.raises(InvalidInput, match=r"\.pdf or \.html"):
        write_briefing(dataset, "2025-W32", tmp_path / "brief.docx", history, PatrolRequest(4))


def test_the_network_section_renders_in_pdf_and_html(
    dataset: FlowsDataset, history: SectorHistory, tmp_path: Path
) -> None:
    section = {
        "networks_identified": 2,
        "facilitators_linked": 5,
        "disruptions_recorded": 1,
        "disruptions_in_period": 1,
        "new_links": 4,
        "days": 7,
        "networks": [{"size": 3, "members": ["Ann TESTER", "B & <C> (fictional)", "boat"]}],
        "key_facilitators": [
            {
                "caption": "Ann TESTER",
                "reasons": [{"code": "brokerage", "communities": 2}, {"code": "new_code"}],
            }
        ],
        "appeared": ["x"],
        "went_quiet": [],
        "disruptions": [
            {
                "occurred_on": "2025-08-09",
                "kind": "account_frozen",
                "entities": [{"id": "a", "caption": "Ann TESTER"}],
                "effect": {
                    "before": {"links": 9, "connected_pairs": 15, "networks": 2},
                    "after": {"links": 5, "connected_pairs": 6, "networks": 1},
                },
            }
        ],
    }
    html = tmp_path / "brief.html"
    write_briefing(dataset, "2025-W32", html, history, PatrolRequest(4), network=section)
    page = html.read_text()
    assert "2 networks identified, 5 facilitators linked, 1 disruption recorded" in page
    assert "B &amp; &lt;C&gt; (fictional)" in page and "links 2 communities; new_code" in page
    assert "account frozen" in page and "links 9 → 5" in page
    pdf = tmp_path / "brief.pdf"
    write_briefing(dataset, "2025-W32", pdf, history, PatrolRequest(4), network=section)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils, deps/apt.txt) is needed"
    words = subprocess.run(
        [pdftotext, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Smuggling networks" in words and "B & <C> (fictional)" in words
