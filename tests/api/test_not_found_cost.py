# SPDX-License-Identifier: EUPL-1.2
"""Issue 13 item 3: "not yours" answers as "never existed" in time too. Timing itself is
measured in ``bench/not_found_timing.py``; here the cause of a difference is held: both
answers run the same SQL statements (same count, same statement shapes) and write the
same audit events, so neither can be told apart by the work it costs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from straitwatch.store.access import AuditEventRow
from straitwatch.store.db import transaction
from tests.api.test_intel_api import Api, build, seed


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    yield from build(tmp_path)


def _shapes(api: Api, url: str) -> tuple[list[str], int, int]:
    """The SQL statements one request as the French analyst runs (literal values
    masked), its status, and the audit events it leaves."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append(re.sub(r"\b\d+\b", "N", statement))

    with transaction(api.engine) as s:
        before = s.scalar(select(func.count()).select_from(AuditEventRow)) or 0
    event.listen(api.engine, "before_cursor_execute", note)
    try:
        status = api.call("fr.analyst", "GET", url).status_code
    finally:
        event.remove(api.engine, "before_cursor_execute", note)
    with transaction(api.engine) as s:
        after = s.scalar(select(func.count()).select_from(AuditEventRow)) or 0
    return seen, status, after - before


def test_not_yours_costs_what_never_existed_costs(api: Api) -> None:
    ids = seed(api)  # "secret" is the UK's H2 report, kept by the UK
    only_secret = {"id": "uto-hidden-9", "schema": "Person", "properties": {"name": ["HIDE"]}}
    made = api.call(
        "uk.analyst",
        "POST",
        "/api/entities",
        json={"entities": [only_secret], "report_id": ids["secret"]},
    )
    assert made.status_code == 201, made.text
    pairs = [
        (f"/api/reports/{ids['secret']}", f"/api/reports/{ids['secret'] + 1000}"),
        ("/api/entities/uto-hidden-9", "/api/entities/uto-never-used"),
    ]
    for hidden, missing in pairs:
        api.call("fr.analyst", "GET", hidden)  # warm both up (caches, prepared plans)
        api.call("fr.analyst", "GET", missing)
        a, a_status, a_events = _shapes(api, hidden)
        b, b_status, b_events = _shapes(api, missing)
        assert a_status == b_status == 404
        assert a == b, (hidden, a, b)
        assert a_events == b_events, (hidden, a_events, b_events)
