# SPDX-License-Identifier: EUPL-1.2
"""Need-to-know held by :mod:`straitwatch.access.visibility` (issue 13, items 1-6, 8, 16):
unacknowledged text and values, restricted sources changing nothing, foreign values on
an entity, recall, conditions before passing on, refusals audited without undoing the
caller's work, purposes on disclosures, searches logged even without hits.

All people, numbers and organisations are fictional (specimen state Utopia, UTO).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from straitwatch.access.actions import Action
from straitwatch.access.actor import Role
from straitwatch.access.policy import Resource, enforce
from straitwatch.errors import InvalidInput, NotAllowed, NotFound
from straitwatch.intel.dissemination import acknowledge, disseminate, list_notices, recall
from straitwatch.intel.entities import export_entities, get_entity, list_entities, load_entities
from straitwatch.intel.reports import create_report, get_report, list_reports
from straitwatch.intel.search import search
from straitwatch.store.access import AuditEventRow
from straitwatch.store.db import transaction
from straitwatch.store.intel import NoticeRow
from tests.intel.conftest import draft, person

UK = person("UKBF", name="uk.analyst")
FR = person("PREMAR", name="fr.analyst")
BE = person("BEFP", name="be.analyst")
CONDITIONS = {"grade_scale": "uk_3x5x2", "handling_scale": "uk_3x5x2", "handling_code": "C"}


def entity(eid: str, schema: str = "Person", **props: list[str]) -> str:
    return json.dumps({"id": eid, "schema": schema, "properties": props})


def events(engine: Engine, **where: Any) -> list[AuditEventRow]:
    with transaction(engine) as s:
        stmt = select(AuditEventRow).order_by(AuditEventRow.seq)
        for key, value in where.items():
            stmt = stmt.where(getattr(AuditEventRow, key) == value)
        return list(s.scalars(stmt))


def test_unacknowledged_text_and_values_are_not_searchable(any_store: Engine) -> None:
    """Item 1: before acknowledging, search matches the title only, shows no snippet, and
    no entity value drawn from the text shows anywhere."""
    with transaction(any_store) as s:
        rid = create_report(
            s,
            UK,
            draft(
                title="Conditional report (fictional)",
                body="ZEPHYRWORD FICTIONAL text.",
                handling_conditions="Not for court use.",
                **CONDITIONS,
            ),
        ).id
        load_entities(s, UK, [entity("uto-p-z", name=["Zephyr TESTPERSON"])], report_id=rid)
        disseminate(s, UK, rid, ["PREMAR"])
    with transaction(any_store) as s:
        assert search(s, FR, "zephyrword") == []
        assert search(s, FR, "zephyr") == []
        hits = search(s, FR, "conditional")
        assert [(h["id"], h["snippet"]) for h in hits] == [(str(rid), None)]
        assert list_entities(s, FR) == []
        with pytest.raises(NotFound):
            get_entity(s, FR, "uto-p-z")
        assert get_report(s, FR, rid).body is None
    with transaction(any_store) as s:
        acknowledge(s, FR, rid)
    with transaction(any_store) as s:
        assert [h["id"] for h in search(s, FR, "zephyrword")] == [str(rid)]
        assert get_entity(s, FR, "uto-p-z")["properties"]["name"] == ["Zephyr TESTPERSON"]


def test_a_restricted_source_changes_nothing_another_agency_sees(any_store: Engine) -> None:
    """Item 2: the UK links an H2 report to an entity France sees: France's view, list,
    search and export are exactly as before."""
    with transaction(any_store) as s:
        shared = create_report(s, UK, draft()).id
        load_entities(s, UK, [entity("uto-p-1", name=["Ozric TESTMANN"])], report_id=shared)
        disseminate(s, UK, shared, ["PREMAR"])

    def seen() -> tuple[Any, ...]:
        with transaction(any_store) as s:
            return (
                get_entity(s, FR, "uto-p-1"),
                list_entities(s, FR),
                list_entities(s, FR, "ozric"),
                search(s, FR, "ozric"),
                list(export_entities(s, FR)),
            )

    before = seen()
    assert before[0]["handling"]["code"] == "H0"
    with transaction(any_store) as s:
        secret = create_report(s, UK, draft(handling_code="H2", body="FICTIONAL H2")).id
        load_entities(
            s,
            UK,
            [entity("uto-p-1", name=["QUILLALIAS"], phone=["+44 7400 999999"])],
            report_id=secret,
        )
    assert seen() == before
    with transaction(any_store) as s:
        assert get_entity(s, UK, "uto-p-1")["handling"]["code"] == "H2"  # the UK sees it all
        assert search(s, FR, "quillalias") == []


def test_values_added_to_an_entity_one_cannot_see_reveal_nothing(any_store: Engine) -> None:
    """Items 3 and 4: France adds a value from its own report to an id the UK holds under
    H2: no refusal or schema error reveals the UK's entity, and France reads back only
    its own value, its own handling code, no owner."""
    with transaction(any_store) as s:
        secret = create_report(s, UK, draft(handling_code="H2")).id
        load_entities(s, UK, [entity("uto-boat-9", "Vessel", name=["QUILL"])], report_id=secret)
    with transaction(any_store) as s:
        with pytest.raises(NotFound) as hidden:
            get_entity(s, FR, "uto-boat-9")
        with pytest.raises(NotFound) as never:
            get_entity(s, FR, "uto-boat-0")
        assert str(hidden.value).replace("9", "0") == str(never.value)
        mine = create_report(s, FR, draft(handling_code="H0")).id
        # A different schema than the UK's: accepted, and nothing about the UK's shows.
        load_entities(s, FR, [entity("uto-boat-9", name=["Pierre TESTEUR"])], report_id=mine)
    with transaction(any_store) as s:
        view = get_entity(s, FR, "uto-boat-9")
    assert view["schema"] == "Person"
    assert view["properties"] == {"name": ["Pierre TESTEUR"]}
    assert view["owner_agency"] is None and view["agencies"] == ["PREMAR"]
    assert view["reports"] == [mine] and view["handling"]["code"] == "H0"


def test_recall_withdraws_with_notice_and_audit(any_store: Engine) -> None:
    """Item 5: the provider recalls a report: the recipient no longer sees it or the values
    drawn from it, gets a notice, and the recall is audited; others are not told."""
    with transaction(any_store) as s:
        rid = create_report(s, UK, draft()).id
        load_entities(s, UK, [entity("uto-p-2", name=["Recall TESTER"])], report_id=rid)
        disseminate(s, UK, rid, ["PREMAR"])
    with transaction(any_store) as s:
        assert get_entity(s, FR, "uto-p-2")
    with transaction(any_store) as s, pytest.raises(NotAllowed):
        recall(s, FR, rid, ["PREMAR"], "not yours to recall")
    with transaction(any_store) as s:
        assert recall(s, UK, rid, ["PREMAR", "BEFP"], "source at risk") == ["PREMAR"]
    with transaction(any_store) as s:
        with pytest.raises(NotFound):
            get_report(s, FR, rid)
        with pytest.raises(NotFound):
            get_entity(s, FR, "uto-p-2")
        assert list_reports(s, FR) == []
        assert [(n["report_id"], n["kind"], n["reason"]) for n in list_notices(s, FR)] == [
            (rid, "recalled", "source at risk")
        ]
        assert list_notices(s, BE) == []
        assert s.scalar(select(func.count()).select_from(NoticeRow)) == 1
    audited = [e for e in events(any_store, action="alteration") if e.detail.get("event")]
    assert audited[-1].detail == {
        "field": "dissemination",
        "event": "recalled",
        "from_agencies": ["PREMAR"],
    }
    assert audited[-1].purpose == "source at risk" and audited[-1].actor == "uk.analyst"


def test_conditions_acknowledged_before_passing_on_and_unknown_agency_refused(
    store: Engine,
) -> None:
    """Item 6."""
    with transaction(store) as s:
        rid = create_report(s, UK, draft(handling_conditions="No court use.", **CONDITIONS)).id
        disseminate(s, UK, rid, ["PREMAR"])
    with transaction(store) as s, pytest.raises(NotAllowed, match="acknowledge"):
        disseminate(s, FR, rid, ["BEFP"])
    with transaction(store) as s:
        acknowledge(s, FR, rid)
    with transaction(store) as s:
        out = disseminate(s, FR, rid, ["BEFP"])
    assert [(o.agency, o.outcome, o.conditions) for o in out] == [
        ("BEFP", "granted_with_conditions", "No court use.")
    ]
    with transaction(store) as s, pytest.raises(InvalidInput, match="XXX") as bad:
        disseminate(s, UK, rid, ["ALL", "XXX"])
    assert bad.value.where == "to_agencies"


def test_refusals_audited_without_undoing_the_callers_work(store: Engine) -> None:
    """Item 8: enforce leaves the caller's transaction alone; a refusal is logged whether
    the caller commits or rolls back; handling-code refusals are audited too."""
    with transaction(store) as s:
        rid = create_report(s, UK, draft()).id
        with pytest.raises(NotAllowed):
            enforce(s, FR, Action.REPORTS_EDIT, Resource("report", str(rid), "UKBF"))
        kept = create_report(s, UK, draft(title="Written after a refusal (fictional)")).id
    with transaction(store) as s:
        assert get_report(s, UK, kept).title.startswith("Written after")
    with pytest.raises(NotAllowed), transaction(store) as s:
        enforce(s, FR, Action.REPORTS_EDIT, Resource("report", str(rid), "UKBF"))
    with transaction(store) as s:
        code4 = create_report(
            s,
            UK,
            draft(
                grade_scale="uk_5x5x5",
                grade_source="A",
                grade_information="1",
                handling_scale="uk_5x5x5",
                handling_code="4",
            ),
        ).id
    with pytest.raises(NotAllowed), transaction(store) as s:
        disseminate(s, UK, code4, ["PREMAR"], purpose="try")
    denied = events(store, action="access_denied")
    assert [(e.actor, e.resource_id) for e in denied] == [
        ("fr.analyst", str(rid)),
        ("fr.analyst", str(rid)),
        ("uk.analyst", str(code4)),
    ]
    assert "within the originating agency" in denied[-1].detail["reason"]
    assert denied[-1].purpose == "try"


def test_purposes_recorded_and_searches_logged_even_without_hits(store: Engine) -> None:
    """Item 16: the disclosure carries the sender's purpose; a search with no hits is
    logged with its query; a list logs titles shown, a read logs the body opened."""
    with transaction(store) as s:
        rid = create_report(s, UK, draft(purpose="Report purpose (fictional)")).id
        disseminate(s, UK, rid, ["PREMAR"], purpose="Joint op MERLE (fictional)")
    with transaction(store) as s:
        assert search(s, FR, "nosuchsubjectanywhere", purpose="check a name") == []
        list_reports(s, FR, purpose="morning review")
        get_report(s, FR, rid, purpose="op MERLE")
    disclosure = events(store, action="disclosure")[-1]
    assert disclosure.purpose == "Joint op MERLE (fictional)"
    searched = events(store, action="consultation", resource_kind="search")[-1]
    assert searched.agency == "PREMAR" and searched.purpose == "check a name"
    assert searched.detail == {"query": "nosuchsubjectanywhere", "hits": []}
    reads = events(store, action="consultation", resource_kind="report", agency="PREMAR")
    assert [(e.detail.get("shown"), e.purpose) for e in reads] == [
        ("title", "morning review"),
        (None, "op MERLE"),
    ]
    assert reads[-1].detail == {"withheld": False}


def test_roles_without_intelligence_see_none(store: Engine) -> None:
    with transaction(store) as s:
        rid = create_report(s, UK, draft()).id
    with transaction(store) as s, pytest.raises(NotFound):
        get_report(s, person("UKBF", Role.DPO, name="dpo"), rid)


def test_bulk_import_and_export_go_in_committed_batches(any_store: Engine) -> None:
    """Item 18: the import is checked whole first (a bad line writes nothing), then written
    and committed batch by batch; the export reads in batches, one event per batch."""
    from straitwatch.intel.entity_import import IMPORT_BATCH

    n = IMPORT_BATCH * 2 + 7
    lines = [entity(f"uto-bulk-{i:04d}", name=[f"Bulk TESTPERSON {i}"]) for i in range(n)]
    with transaction(any_store) as s:
        rid = create_report(s, UK, draft()).id
    with pytest.raises(InvalidInput, match="line 3"), transaction(any_store) as s:
        load_entities(s, UK, [*lines[:2], "{not json", *lines[2:]], report_id=rid)
    with transaction(any_store) as s:
        assert list_entities(s, UK) == []
    commits: list[int] = []
    with transaction(any_store) as s:
        assert load_entities(s, UK, lines, report_id=rid, commit=lambda: commits.append(1)) == n
    assert len(commits) == 3
    with transaction(any_store) as s:
        exported = [json.loads(line) for line in export_entities(s, UK)]
    assert [e["id"] for e in exported] == [f"uto-bulk-{i:04d}" for i in range(n)]
    batches = [
        e
        for e in events(any_store, action="consultation", resource_kind="entity")
        if e.detail.get("via") == "export"
    ]
    assert [len(e.detail["entities"]) for e in batches] == [500] * (n // 500) + [n % 500]
