# SPDX-License-Identifier: EUPL-1.2
"""Actors and a fictional report draft for the intelligence tests.

Every name, phone number and organisation here is invented for the tests; persons are
nationals of Utopia (UTO), the ICAO specimen state.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine

from straitwatch.access.actor import Actor, Role, system_actor
from straitwatch.access.directory import agencies
from straitwatch.access.users import seed_agencies
from straitwatch.intel.reports import ReportDraft
from straitwatch.store.db import transaction

COUNTRY = {a.code: a.country for a in agencies()}


def person(agency: str, role: Role = Role.ANALYST, name: str | None = None) -> Actor:
    return Actor(name or f"{agency.lower()}.{role}", agency, role, COUNTRY[agency])


def draft(**over: Any) -> ReportDraft:
    base: dict[str, Any] = {
        "title": "Fictional: engine supplier in Gravelines (test data)",
        "body": "FICTIONAL TEST DATA. Ozric TESTMANN (UTO) supplies outboard engines to "
        "crossings from Gravelines; phone +33 6 12 34 56 78.",
        "event_time": datetime(2026, 11, 1, 21, 30, tzinfo=UTC),
        "purpose": "Operation TESTFALL (fictional)",
        "legal_basis": "DPA 2018 Part 3 (law-enforcement purposes)",
        "grade_scale": "uk_3x5x2",
        "grade_source": "1",
        "grade_information": "B",
        "handling_scale": "europol_4x4",
        "handling_code": "H0",
        "subjects": ("Ozric TESTMANN",),
    }
    base.update(over)
    return ReportDraft(**base)


@pytest.fixture
def store(engine: Engine) -> Engine:
    """A migrated SQLite store with the partner agencies seeded."""
    with transaction(engine) as s:
        seed_agencies(s, system_actor())
    return engine


@pytest.fixture
def any_store(any_engine: Engine) -> Engine:
    with transaction(any_engine) as s:
        seed_agencies(s, system_actor())
    return any_engine


Draft = Callable[..., ReportDraft]
