# SPDX-License-Identifier: EUPL-1.2
"""``POST /api/match``: screening over what the actor may see, hit/no-hit for the rest.

Every person here is fictional (invented names and dates).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from straitwatch.store.access import AuditEventRow
from straitwatch.store.db import transaction
from tests.api.test_intel_api import Api, api, report_body

__all__ = ["api"]  # the fixture, shared with the intelligence API tests

PERSON = {
    "id": "uto-person-shwan-bakhnezi",
    "schema": "Person",
    "properties": {
        "name": ["Shwan BAKHNEZI"],
        "birthDate": ["1985-06-16"],
    },
}


def _query(name: str, dob: str | None = None) -> dict[str, Any]:
    props: dict[str, list[str]] = {"name": [name]}
    if dob:
        props["birthDate"] = [dob]
    return {"queries": {"q1": {"schema": "Person", "properties": props}}}


def _held_by_uk(api: Api) -> int:
    report = api.call("uk.analyst", "POST", "/api/reports", json=report_body()).json()["id"]
    ok = api.call(
        "uk.analyst", "POST", "/api/entities", json={"entities": [PERSON], "report_id": report}
    )
    assert ok.status_code == 201, ok.text
    return int(report)


def _audited(api: Api, action: str) -> int:
    with transaction(api.engine) as s:
        stmt = select(func.count()).where(AuditEventRow.action == action)
        return int(s.scalar(stmt) or 0)


def test_holder_sees_the_match_with_its_explanation(api: Api) -> None:
    _held_by_uk(api)
    before = _audited(api, "consultation")
    answer = api.call(
        "uk.analyst",
        "POST",
        "/api/match?purpose=test",
        json=_query("Schwan Bachnesi", "16.06.1985"),
    )
    assert answer.status_code == 200, answer.text
    response = answer.json()["responses"]["q1"]
    top = response["results"][0]
    assert top["id"] == PERSON["id"] and top["match"] is True
    fields = [bar["field"] for bar in top["explanation"]]
    assert fields == ["prior", "name", "dob"]
    assert response["hits"] == []
    assert _audited(api, "consultation") == before + 1
    name_only = api.call("uk.analyst", "POST", "/api/match", json=_query("Schwan Bachnesi"))
    assert name_only.json()["responses"]["q1"]["results"][0]["match"] is False


def test_other_agency_learns_only_that_the_uk_holds_a_possible_match(api: Api) -> None:
    report = _held_by_uk(api)
    answer = api.call(
        "fr.analyst", "POST", "/api/match", json=_query("Chwan Bakhnézi", "16/06/1985")
    ).json()["responses"]["q1"]
    assert answer["results"] == [] and answer["total"]["value"] == 0
    assert [h["agency"] for h in answer["hits"]] == ["UKBF"]
    assert "BAKHNEZI" not in str(answer).upper()
    assert _audited(api, "disclosure") >= 1
    notices = api.call("uk.analyst", "GET", "/api/notices").json()
    assert any(n["kind"] == "match_hit" and n["report_id"] == report for n in str_dicts(notices))
    hit_id = answer["hits"][0]["hit_id"]
    asked = api.call("fr.analyst", "POST", f"/api/match/hits/{hit_id}/request?purpose=op")
    assert asked.status_code == 200, asked.text
    inbox = api.call("uk.analyst", "GET", "/api/permission-requests").json()
    assert asked.json()["request_id"] in [r["id"] for r in str_dicts(inbox)]
    stranger = api.call("be.analyst", "POST", f"/api/match/hits/{hit_id}/request")
    assert stranger.status_code == 404
    miss = api.call("fr.analyst", "POST", "/api/match", json=_query("Karwan Tabwand", "1970"))
    assert miss.json()["responses"]["q1"]["hits"] == []


def test_holder_can_withhold_hits_per_handling_code(api: Api) -> None:
    _held_by_uk(api)
    body = {"disclose": False, "notify": False}
    refused = api.call("uk.analyst", "PUT", "/api/match/settings/H0", json=body)
    assert refused.status_code == 403
    ok = api.call("uk.supervisor", "PUT", "/api/match/settings/H0", json=body)
    assert ok.status_code == 200, ok.text
    answer = api.call("fr.analyst", "POST", "/api/match", json=_query("Shwan Bakhnezi", "1985"))
    assert answer.json()["responses"]["q1"]["hits"] == []


def test_bad_queries_are_4xx_naming_the_field(api: Api) -> None:
    empty = api.call("uk.analyst", "POST", "/api/match", json={"queries": {}})
    assert empty.status_code == 422
    no_name = api.call(
        "uk.analyst",
        "POST",
        "/api/match",
        json={"queries": {"q": {"schema": "Person", "properties": {"name": []}}}},
    )
    assert no_name.status_code == 422 and "name" in no_name.text


def str_dicts(payload: Any) -> list[dict[str, Any]]:
    """The list of objects in a list response, whatever its key."""
    if isinstance(payload, list):
        return payload
    return next(v for v in payload.values() if isinstance(v, list))
