# SPDX-License-Identifier: EUPL-1.2
"""The review queue, merges, splits and undo in a real store; each a combination audit event."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from straitwatch.access.actor import Actor, Role
from straitwatch.errors import Conflict, InvalidInput, NotAllowed, NotFound
from straitwatch.intel.linkage.engine import LinkResult
from straitwatch.intel.linkage.review import decide, merge, open_reviews, split, store_run, undo
from straitwatch.store.access import AuditEventRow
from straitwatch.store.db import transaction
from straitwatch.store.linkage import LinkClusterRow

ANALYST = Actor(username="uk.analyst", agency="UKBF", role=Role.ANALYST, country="GB")
FR = Actor(username="fr.analyst", agency="PREMAR", role=Role.ANALYST, country="FR")
WATCH = Actor(username="uk.watch", agency="HMCG", role=Role.WATCH_OFFICER, country="GB")


def _result() -> LinkResult:
    clusters = pd.DataFrame(
        {
            "record_id": ["a", "b", "c", "d"],
            "cluster_id": ["a", "a", "c", "d"],
            "score": [0.99, 0.99, 0.6, 0.9],
        }
    )
    pairs = pd.DataFrame(
        {
            "record_id_l": ["a", "c"],
            "record_id_r": ["b", "d"],
            "match_probability": [0.99, 0.45],
            "match_weight": [7.0, -0.3],
            "gamma_dob": [5, 3],
            "mw_dob": [9.0, 4.0],
        }
    )
    return LinkResult(clusters, pairs, [])


def _clusters(engine: Engine) -> dict[str, str]:
    with transaction(engine) as s:
        return {r.record_id: r.cluster_id for r in s.scalars(select(LinkClusterRow))}


def _combinations(engine: Engine) -> int:
    with transaction(engine) as s:
        stmt = select(func.count()).where(AuditEventRow.action == "combination")
        return int(s.scalar(stmt) or 0)


def test_queue_merge_split_and_undo_are_audited_and_reversible(any_engine: Engine) -> None:
    labels = {k: ("UKBF", f"Fictional {k}") for k in "abcd"}
    with transaction(any_engine) as s:
        store_run(s, ANALYST, _result(), labels, "fictional test run")
    with transaction(any_engine) as s:
        queue = open_reviews(s, ANALYST)
    assert [(q["record_id_l"], q["record_id_r"]) for q in queue] == [("c", "d")]
    bars = queue[0]["waterfall"]
    assert bars[0]["field"] == "prior" and bars[1]["level"] == "same year, day or month differs"
    assert sum(b["match_weight"] for b in bars) == pytest.approx(-0.3)

    with transaction(any_engine) as s:
        accepted = decide(s, ANALYST, queue[0]["id"], True, "same phone in two procedures")
    assert accepted is not None
    assert _clusters(any_engine)["d"] == "c"
    with transaction(any_engine) as s:
        split(s, ANALYST, "b", "sibling, not the same man")
    assert _clusters(any_engine)["b"] == "b"
    with transaction(any_engine) as s:
        merged = merge(s, ANALYST, "b", "c", "all one facilitator")
    assert _clusters(any_engine) == {"a": "a", "b": "b", "c": "b", "d": "b"}
    with transaction(any_engine) as s, pytest.raises(Conflict):
        undo(s, ANALYST, accepted, "undo the acceptance")  # c and d moved since: later first
    with transaction(any_engine) as s:
        undo(s, ANALYST, merged, "merged in error")
    assert _clusters(any_engine) == {"a": "a", "b": "b", "c": "c", "d": "c"}
    assert _combinations(any_engine) == 5  # run, accept, split, merge, undo


def test_every_combination_needs_a_reason_and_the_right_role(any_engine: Engine) -> None:
    labels = {k: ("UKBF", k) for k in "abcd"}
    with transaction(any_engine) as s:
        store_run(s, ANALYST, _result(), labels, "fictional test run")
    with transaction(any_engine) as s, pytest.raises(InvalidInput):
        split(s, ANALYST, "b", "  ")
    with pytest.raises(NotAllowed), transaction(any_engine) as s:
        merge(s, WATCH, "a", "c", "a watch officer may not combine")
    assert _clusters(any_engine)["c"] == "c"


def test_another_agency_neither_sees_nor_combines_the_holders_records(
    any_engine: Engine,
) -> None:
    with transaction(any_engine) as s:
        store_run(s, ANALYST, _result(), {k: ("UKBF", k) for k in "abcd"}, "fictional test run")
    with transaction(any_engine) as s:
        (item,) = open_reviews(s, ANALYST)
        assert open_reviews(s, FR) == []
    for attempt in (
        lambda s: decide(s, FR, item["id"], True, "not ours"),
        lambda s: merge(s, FR, "a", "c", "not ours"),
        lambda s: split(s, FR, "b", "not ours"),
        lambda s: decide(s, FR, 10**6, True, "never used"),
    ):
        with pytest.raises(NotFound), transaction(any_engine) as s:
            attempt(s)
    with pytest.raises(Conflict), transaction(any_engine) as s:  # the same ids from FR
        store_run(s, FR, _result(), {k: ("PREMAR", k) for k in "abcd"}, "fictional FR run")
    assert _clusters(any_engine) == {"a": "a", "b": "a", "c": "c", "d": "d"}


def test_migration_creates_exactly_the_declared_linkage_tables(any_engine: Engine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from straitwatch.store.tables import metadata

    with any_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert [d for d in diff if "link_" in repr(d)] == []
