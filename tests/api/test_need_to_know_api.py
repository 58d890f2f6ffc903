# SPDX-License-Identifier: EUPL-1.2
"""Need-to-know and robustness over HTTP (issue 13, items 3, 5, 19): "not yours" answers
exactly as "no such thing", recall with notices, attachment names in any script, bad dates
and oversized values refused with a 4xx naming the field, entity ids containing ``/``.

All people, numbers and organisations are fictional (specimen state Utopia, UTO).
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from tests.api.conftest import Server
from tests.api.test_intel_api import PURPOSE, Api, build, report_body


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    yield from build(tmp_path)


# Headers that differ on every request by design (length of the body compared apart, and the
# request id the server gives each request for its logs).
WHY = {"purpose": PURPOSE}
PER_REQUEST_HEADERS = {"content-length", "x-request-id"}


def same_answer(a: Any, b: Any, a_id: str, b_id: str) -> None:
    assert a.status_code == b.status_code == 404
    assert a.text.replace(a_id, "ID") == b.text.replace(b_id, "ID")
    ha = {k: v for k, v in a.headers.items() if k not in PER_REQUEST_HEADERS}
    hb = {k: v for k, v in b.headers.items() if k not in PER_REQUEST_HEADERS}
    assert ha == hb


def test_not_yours_answers_as_never_existed(api: Api) -> None:
    """Item 3: reports, attachments and entities of another agency: 404, same body."""
    pdf = base64.b64encode(b"%PDF-1.4 fictional").decode()
    att = [{"filename": "a.pdf", "media_type": "application/pdf", "content_base64": pdf}]
    api.call("uk.analyst", "POST", "/api/reports", json=report_body())  # ids differ: 2 vs 1
    made = api.call(
        "uk.analyst", "POST", "/api/reports", json=report_body(handling_code="H2", attachments=att)
    ).json()
    rid, aid = made["id"], made["attachments"][0]["id"]
    hidden = {"id": "uto-boat-1", "schema": "Vessel", "properties": {"name": ["QUILL"]}}
    r = api.call(
        "uk.analyst", "POST", "/api/entities", json={"entities": [hidden], "report_id": rid}
    )
    assert r.status_code == 201, r.text
    ghost = 999_999
    for path_a, path_b, ida, idb in [
        (f"/api/reports/{rid}", f"/api/reports/{ghost}", str(rid), str(ghost)),
        (
            f"/api/reports/{rid}/attachments/{aid}",
            f"/api/reports/{ghost}/attachments/{aid}",
            str(rid),
            str(ghost),
        ),
        ("/api/entities/uto-boat-1", "/api/entities/uto-boat-7", "uto-boat-1", "uto-boat-7"),
    ]:
        same_answer(
            api.call("fr.analyst", "GET", path_a), api.call("fr.analyst", "GET", path_b), ida, idb
        )
    for method, suffix, body in [
        ("PATCH", "", {"changes": {"title": "x"}, "reason": "x"}),
        ("POST", "/disseminations", {"to_agencies": ["BEFP"]}),
        ("POST", "/handling", {"scale": "europol_4x4", "code": "H0", "reason": "x"}),
        ("POST", "/recall", {"from_agencies": ["ALL"], "reason": "x"}),
        ("POST", "/acknowledgement", None),
    ]:
        same_answer(
            api.call("fr.analyst", method, f"/api/reports/{rid}{suffix}", json=body),
            api.call("fr.analyst", method, f"/api/reports/{ghost}{suffix}", json=body),
            str(rid),
            str(ghost),
        )
    # Schema of a hidden entity is not revealed either: France's Person under the same id.
    own = api.call("fr.analyst", "POST", "/api/reports", json=report_body()).json()["id"]
    person = {"id": "uto-boat-1", "schema": "Person", "properties": {"name": ["Pierre TESTEUR"]}}
    r = api.call(
        "fr.analyst", "POST", "/api/entities", json={"entities": [person], "report_id": own}
    )
    assert r.status_code == 201, r.text
    seen = api.call("fr.analyst", "GET", "/api/entities/uto-boat-1").json()
    assert seen["schema"] == "Person" and "QUILL" not in str(seen)


def test_recall_over_http_leaves_a_notice(api: Api) -> None:
    """Item 5."""
    rid = api.call("uk.analyst", "POST", "/api/reports", json=report_body()).json()["id"]
    api.call(
        "uk.analyst", "POST", f"/api/reports/{rid}/disseminations", json={"to_agencies": ["ALL"]}
    )
    assert api.call("fr.analyst", "GET", f"/api/reports/{rid}").status_code == 200
    out = api.call(
        "uk.analyst",
        "POST",
        f"/api/reports/{rid}/recall",
        json={"from_agencies": ["PREMAR"], "reason": "source at risk"},
    )
    assert out.status_code == 200 and out.json() == {"recalled_from": ["PREMAR"]}
    assert api.call("fr.analyst", "GET", f"/api/reports/{rid}").status_code == 404
    assert api.call("be.analyst", "GET", f"/api/reports/{rid}").status_code == 200
    notices = api.call("fr.analyst", "GET", "/api/notices").json()["notices"]
    assert [(n["report_id"], n["kind"], n["reason"]) for n in notices] == [
        (rid, "recalled", "source at risk")
    ]
    assert api.call("be.analyst", "GET", "/api/notices").json() == {"notices": []}


@pytest.mark.parametrize(
    "name",
    ["Raport_Łódź.pdf", "Отчёт.pdf", "تقرير.pdf", 'boat 🚤 "quoted"; x.pdf', "plain.pdf"],
)
def test_attachment_names_in_any_script_download(api: Api, name: str) -> None:
    """Item 19: RFC 6266 / 5987 ``filename*``; the exact name comes back."""
    pdf = base64.b64encode(b"%PDF-1.4 fictional").decode()
    att = [{"filename": name, "media_type": "application/pdf", "content_base64": pdf}]
    made = api.call("uk.analyst", "POST", "/api/reports", json=report_body(attachments=att))
    assert made.status_code == 201, made.text
    report = made.json()
    got = api.call(
        "uk.analyst",
        "GET",
        f"/api/reports/{report['id']}/attachments/{report['attachments'][0]['id']}",
    )
    assert got.status_code == 200 and got.content.startswith(b"%PDF")
    disposition = got.headers["content-disposition"]
    assert disposition.isascii()
    assert unquote(disposition.split("filename*=UTF-8''", 1)[1]) == name


def test_bad_input_is_a_4xx_naming_the_field(api: Api) -> None:
    """Item 19: a line break in a file name, an invalid or past date, an oversized value."""
    pdf = base64.b64encode(b"%PDF-1.4 fictional").decode()
    att = [{"filename": "two\nlines.pdf", "media_type": "application/pdf", "content_base64": pdf}]
    bad = api.call("uk.analyst", "POST", "/api/reports", json=report_body(attachments=att))
    assert bad.status_code == 422 and "attachment" in bad.json()["error"]["where"]
    past = api.call(
        "uk.analyst", "POST", "/api/reports", json=report_body(retention_until="2020-01-01")
    )
    assert past.status_code == 422 and past.json()["error"]["where"] == "retention_until"
    rid = api.call("uk.analyst", "POST", "/api/reports", json=report_body()).json()["id"]
    edit = api.call(
        "uk.analyst",
        "PATCH",
        f"/api/reports/{rid}",
        json={"changes": {"review_date": "2026-13-45"}, "reason": "typo"},
    )
    assert edit.status_code == 422 and edit.json()["error"]["where"] == "review_date"
    huge = {"id": "uto-p-huge", "schema": "Person", "properties": {"name": ["x" * 1001]}}
    r = api.call("uk.analyst", "POST", "/api/entities", json={"entities": [huge], "report_id": rid})
    assert r.status_code == 422 and "properties.name" in r.json()["error"]["where"]


def test_entity_ids_with_a_slash_can_be_fetched(api: Api) -> None:
    rid = api.call("uk.analyst", "POST", "/api/reports", json=report_body()).json()["id"]
    ent = {"id": "uto/boat/1", "schema": "Vessel", "properties": {"name": ["SLASH (fictional)"]}}
    r = api.call("uk.analyst", "POST", "/api/entities", json={"entities": [ent], "report_id": rid})
    assert r.status_code == 201, r.text
    got = api.call("uk.analyst", "GET", "/api/entities/uto/boat/1")
    assert got.status_code == 200 and got.json()["id"] == "uto/boat/1"
    assert api.call("fr.analyst", "GET", "/api/entities/uto/boat/1").status_code == 404


def test_demo_users_complete_the_h2_permission_flow(server: Server) -> None:
    """Item 7: the demo seeds a second decider at the provider; request -> decision ->
    the recipient reads it and sees the decision in its inbox."""
    uk, sup, fr = (server.as_user(n) for n in ("uk.analyst", "uk.supervisor", "fr.analyst"))
    rid = uk.post("/api/reports", json=report_body(handling_code="H2")).json()["id"]
    asked = uk.post(f"/api/reports/{rid}/disseminations", json={"to_agencies": ["PREMAR"]})
    request_id = asked.json()["outcomes"][0]["request_id"]
    assert uk.post(f"/api/permission-requests/{request_id}/approve", json={}).status_code == 403
    assert fr.get(f"/api/reports/{rid}", params=WHY).status_code == 404
    ok = sup.post(f"/api/permission-requests/{request_id}/approve", json={})
    assert ok.status_code == 200, ok.text
    assert fr.get(f"/api/reports/{rid}", params=WHY).status_code == 200
    notices = fr.get("/api/notices").json()["notices"]
    assert [(n["report_id"], n["kind"]) for n in notices] == [(rid, "permission_approved")]
