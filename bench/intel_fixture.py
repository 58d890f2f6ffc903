# SPDX-License-Identifier: EUPL-1.2
"""The fictional report the intelligence benches hang their entities on (one place, so
``intel_bulk.py`` and ``not_found_timing.py`` describe it alike)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from straitwatch.access.actor import Actor
from straitwatch.intel.reports import ReportDraft, create_report


def bench_report(session: Session, author: Actor, title: str, handling_code: str) -> int:
    """A fictional UK-graded report with ``handling_code``; its id."""
    return create_report(
        session,
        author,
        ReportDraft(
            title=title,
            body="FICTIONAL bench data.",
            event_time=datetime(2026, 11, 1, tzinfo=UTC),
            purpose="bench",
            legal_basis="DPA 2018 Part 3",
            grade_scale="uk_3x5x2",
            grade_source="1",
            grade_information="B",
            handling_scale="europol_4x4",
            handling_code=handling_code,
        ),
    ).id
