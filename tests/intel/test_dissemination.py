# SPDX-License-Identifier: EUPL-1.2
"""Reports under handling codes: who sees what, the permission workflow, and its audit."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from straitwatch.access.actor import Role
from straitwatch.errors import Conflict, InvalidInput, NotAllowed, NotFound
from straitwatch.intel.dissemination import (
    acknowledge,
    decide_request,
    disseminate,
    list_notices,
    list_requests,
)
from straitwatch.intel.reports import change_handling, create_report, get_report, list_reports
from straitwatch.store.access import AuditEventRow
from straitwatch.store.db import transaction
from tests.intel.conftest import draft, person

UK = person("UKBF", name="uk.analyst")
UK_SUP = person("UKBF", Role.SUPERVISOR, name="uk.supervisor")
UK2 = person("UKBF", name="uk.analyst2")
FR = person("PREMAR", name="fr.analyst")
BE = person("BEFP", name="be.analyst")


def events(engine: Engine, action: str, kind: str = "report") -> list[AuditEventRow]:
    with transaction(engine) as s:
        return list(
            s.scalars(
                select(AuditEventRow)
                .where(AuditEventRow.action == action, AuditEventRow.resource_kind == kind)
                .order_by(AuditEventRow.seq)
            )
        )


def new_report(engine: Engine, **over: object) -> int:
    with transaction(engine) as s:
        return create_report(s, UK, draft(**over)).id


def test_h2_invisible_until_provider_approves(any_store: Engine) -> None:
    rid = new_report(any_store, handling_code="H2")
    with transaction(any_store) as s:
        out = disseminate(s, UK, rid, ["PREMAR"], purpose="TESTFALL")
    assert [o.outcome for o in out] == ["permission_requested"]
    request_id = out[0].request_id
    assert request_id is not None
    with transaction(any_store) as s, pytest.raises(NotFound):
        get_report(s, FR, rid)
    with transaction(any_store) as s:
        assert [r.id for r in list_reports(s, FR)] == []
    # The requester cannot approve their own request (four eyes).
    with transaction(any_store) as s, pytest.raises(NotAllowed):
        decide_request(s, UK, request_id, approve=True, reason=None)
    # France cannot decide for the provider, and does not see the UK's inbox item as decider.
    with transaction(any_store) as s, pytest.raises(NotFound):
        decide_request(s, FR, request_id, approve=True, reason=None)
    with transaction(any_store) as s:
        assert [r["id"] for r in list_requests(s, UK2, "pending")] == [request_id]
        decide_request(s, UK2, request_id, approve=True, reason="operational need")
    with transaction(any_store) as s:
        view = get_report(s, FR, rid, purpose="TESTFALL")
        assert view.body and "TESTMANN" in view.body
        assert view.disseminations is None  # only the provider sees who received what
    with transaction(any_store) as s:
        assert get_report(s, UK, rid).disseminations[0]["to_agency"] == "PREMAR"  # type: ignore[index]
    disclosures = events(any_store, "disclosure")
    assert [(e.resource_id, e.detail["to_agency"]) for e in disclosures] == [(str(rid), "PREMAR")]
    assert (
        events(any_store, "administration", "permission_request")[-1].detail["event"] == "approved"
    )
    with transaction(any_store) as s, pytest.raises(Conflict):
        decide_request(s, UK_SUP, request_id, approve=False, reason="changed mind")


def test_refused_request_leaves_it_invisible(store: Engine) -> None:
    rid = new_report(store, handling_scale="uk_5x5x5", handling_code="5")
    with transaction(store) as s:
        req = disseminate(s, UK, rid, ["PREMAR", "BEFP"])[0].request_id
    assert req is not None
    with transaction(store) as s, pytest.raises(InvalidInput, match="reason"):
        decide_request(s, UK2, req, approve=False, reason="  ")
    with transaction(store) as s:
        decided = decide_request(s, UK2, req, approve=False, reason="source protection")
    assert decided["status"] == "refused"
    for who in (FR, BE):
        with transaction(store) as s, pytest.raises(NotFound):
            get_report(s, who, rid)
    assert events(store, "disclosure") == []
    # The refusal of France's attempt to read is itself logged.
    denied = events(store, "access_denied")
    assert {e.agency for e in denied} == {"PREMAR", "BEFP"}


def test_conditions_must_be_acknowledged_before_text_is_shown(store: Engine) -> None:
    rid = new_report(
        store,
        handling_scale="uk_3x5x2",
        handling_code="C",
        handling_conditions="Not to be shared with non-law-enforcement bodies (fictional).",
    )
    with transaction(store) as s:
        out = disseminate(s, UK, rid, ["ALL"])
    assert {o.outcome for o in out} == {"granted_with_conditions"}
    assert "UKBF" not in {o.agency for o in out} and len(out) == 8
    with transaction(store) as s:
        first = get_report(s, FR, rid)
    assert first.body is None and first.conditions_to_acknowledge
    with transaction(store) as s:
        acknowledge(s, FR, rid)
    with transaction(store) as s:
        assert get_report(s, FR, rid).body
        assert get_report(s, BE, rid).body is None


def test_code_4_never_leaves_the_agency(store: Engine) -> None:
    rid = new_report(store, handling_scale="uk_5x5x5", handling_code="4")
    with transaction(store) as s, pytest.raises(NotAllowed, match="within the originating"):
        disseminate(s, UK, rid, ["PREMAR"])
    with transaction(store) as s:
        assert disseminate(s, UK, rid, ["UKBF"]) == []  # the provider itself is not a recipient


def test_conditions_required_with_code_c() -> None:
    from straitwatch.intel.grading import handling_code
    from straitwatch.intel.handling import check_conditions

    with pytest.raises(InvalidInput, match="conditions"):
        check_conditions(handling_code("uk_3x5x2", "C"), "")


def test_recipient_passes_h1_on_and_provider_tightens(store: Engine) -> None:
    rid = new_report(store, handling_code="H1")
    with transaction(store) as s:
        disseminate(s, UK, rid, ["PREMAR"])
    with transaction(store) as s:
        view = get_report(s, FR, rid)
        assert view.handling.banner and "judicial" in view.handling.banner
        # H1 may be passed on by a recipient; the recipient may not change the code.
        assert disseminate(s, FR, rid, ["BEFP"])[0].outcome == "granted"
    with transaction(store) as s, pytest.raises(NotAllowed, match="only the provider"):
        change_handling(s, person("PREMAR", Role.SUPERVISOR), rid, "europol_4x4", "H2", None, "x")
    with transaction(store) as s, pytest.raises(NotAllowed):  # analysts may not relax codes
        change_handling(s, UK, rid, "europol_4x4", "H0", None, "cleared for court")
    with transaction(store) as s:
        changed = change_handling(s, UK_SUP, rid, "europol_4x4", "H2", None, "source at risk")
    assert changed.handling.code == "H2"
    alteration = events(store, "alteration")[-1]
    assert alteration.detail["old"]["handling"] == "europol_4x4 H1"
    assert alteration.detail["new"]["handling"] == "europol_4x4 H2"
    # Tightened to H2 (the provider's permission needed to reach them): recalled from both
    # recipients, who get a notice and from now on see nothing of it (issue 13 item 5).
    for who in (FR, person("BEFP")):
        with transaction(store) as s:
            with pytest.raises(NotFound):
                get_report(s, who, rid)
            with pytest.raises(NotFound):
                disseminate(s, who, rid, ["DEBPOL"])
            assert [(n["report_id"], n["kind"]) for n in list_notices(s, who)] == [
                (rid, "recalled")
            ]
    recalled = [e for e in events(store, "alteration") if e.detail.get("event") == "recalled"][-1]
    assert recalled.detail["from_agencies"] == ["PREMAR", "BEFP"]


def test_edit_is_an_alteration_with_old_and_new(store: Engine) -> None:
    from straitwatch.intel.reports import edit_report

    rid = new_report(store)
    with transaction(store) as s:
        edit_report(s, UK, rid, {"title": "Renamed (fictional)", "body": "Same? no."}, "typo")
    with pytest.raises(InvalidInput, match="cannot be edited"), transaction(store) as s:
        edit_report(s, UK, rid, {"grade_source": "3"}, "regrade")
    with pytest.raises(NotFound), transaction(store) as s:
        edit_report(s, FR, rid, {"title": "x"}, "not mine")
    change = events(store, "alteration")[-1].detail["changes"]
    assert change["title"]["new"] == "Renamed (fictional)"
    assert "TESTMANN" in change["body"]["old"]


def test_recipient_sees_the_grade_translated_into_its_scale(store: Engine) -> None:
    rid = new_report(store)  # uk_3x5x2 1B
    with transaction(store) as s:
        disseminate(s, UK, rid, ["PREMAR"])
    with transaction(store) as s:
        fr_grade = get_report(s, FR, rid).grade
        uk_grade = get_report(s, UK, rid).grade
    assert (fr_grade.as_given, fr_grade.translated) == ("uk_3x5x2 1B", "europol_4x4 A3")
    assert uk_grade.translated is None
