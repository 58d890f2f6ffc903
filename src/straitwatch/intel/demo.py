# SPDX-License-Identifier: EUPL-1.2
"""Fictional demo intelligence (``data/demo_intel.yaml``): three reports under different
handling codes, their disseminations and a pending permission request, and entities
drawn from them. Loaded through the same functions users go through, so it is audited.

>>> seed_demo_intel(session, {"uk.analyst": uk, "fr.analyst": fr})  # doctest: +SKIP
3
"""

from __future__ import annotations

import json
from datetime import datetime
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from straitwatch.access.actor import Actor
from straitwatch.errors import ConfigurationError
from straitwatch.intel.dissemination import disseminate
from straitwatch.intel.entities import load_entities
from straitwatch.intel.reports import ReportDraft, create_report
from straitwatch.store.intel import ReportRow

__all__ = ["DEMO_AUTHORS", "seed_demo_intel"]

#: The demo users who wrote the demo reports (``by:`` in demo_intel.yaml).
DEMO_AUTHORS = ("uk.analyst", "fr.analyst", "be.analyst")


def _data() -> dict[str, Any]:
    text = resources.files("straitwatch.intel").joinpath("data", "demo_intel.yaml")
    raw = yaml.safe_load(text.read_text("utf-8"))
    if not isinstance(raw, dict) or "reports" not in raw:
        raise ConfigurationError("demo_intel.yaml: expected 'reports' and 'entities'")
    return raw


def seed_demo_intel(session: Session, actors: dict[str, Actor]) -> int:
    """Load the demo once (nothing when any report exists); return reports created."""
    if session.scalar(select(ReportRow.id).limit(1)) is not None:
        return 0
    data, ids = _data(), {}
    for spec in data["reports"]:
        by = actors[spec["by"]]
        draft = ReportDraft(
            title=spec["title"],
            body=spec["body"],
            event_time=datetime.fromisoformat(spec["event_time"]),
            purpose=spec["purpose"],
            legal_basis=spec["legal_basis"],
            grade_scale=spec["grade"][0],
            grade_source=spec["grade"][1],
            grade_information=spec["grade"][2],
            handling_scale=spec["handling"][0],
            handling_code=spec["handling"][1],
            location=spec.get("location"),
            lat=spec.get("lat"),
            lon=spec.get("lon"),
            subjects=tuple(spec.get("subjects", ())),
        )
        ids[spec["key"]] = create_report(session, by, draft).id
    for batch in data.get("entities", []):
        spec = next(r for r in data["reports"] if r["key"] == batch["report"])
        lines = [json.dumps(line) for line in batch["lines"]]
        load_entities(session, actors[spec["by"]], lines, report_id=ids[batch["report"]])
    for spec in data["reports"]:
        for key in ("disseminate", "request"):
            if spec.get(key):
                disseminate(session, actors[spec["by"]], ids[spec["key"]], spec[key])
    return len(ids)
