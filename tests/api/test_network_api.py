# SPDX-License-Identifier: EUPL-1.2
"""``/api/network``: the graph an actor sees is built from what they may see, nothing else."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import networkx as nx
from sqlalchemy import select

from straitwatch.store.access import AuditEventRow
from straitwatch.store.db import transaction
from tests.api.test_intel_api import FIXTURE, Api, build, report_body

CANARY = "QUILLFEATHER-NET"


def _world(api: Api, *, with_secret: bool) -> dict[str, int]:
    """A UK report shared with France carrying the fixture entities and a payment; with
    ``with_secret``, an H2 report kept by the UK that names the same boat and phone user,
    adds a second engine and a link to a hidden person."""
    shared = api.call("uk.analyst", "POST", "/api/reports", json=report_body()).json()["id"]
    entities = [json.loads(line) for line in FIXTURE.read_text().splitlines()]
    entities.append(
        {
            "id": "uto-pay-1",
            "schema": "Payment",
            "properties": {
                "payer": ["uto-person-ozric-testmann"],
                "beneficiary": ["uto-org-testfall-logistics"],
                "amount": ["1500"],
            },
        }
    )
    ok = api.call(
        "uk.analyst", "POST", "/api/entities", json={"entities": entities, "report_id": shared}
    )
    assert ok.status_code == 201, ok.text
    ids = {"shared": shared}
    if with_secret:
        secret = api.call(
            "uk.analyst",
            "POST",
            "/api/reports",
            json=report_body(title=f"{CANARY} (fictional)", body="FICTIONAL.", handling_code="H2"),
        ).json()["id"]
        hidden = [
            {"id": "uto-boat-1", "schema": "Vessel", "properties": {"name": [CANARY]}},
            {
                "id": "uto-person-hidden",
                "schema": "Person",
                "properties": {"name": [CANARY + " Person"]},
            },
            {
                "id": "uto-engine-2",
                "schema": "OutboardEngine",
                "properties": {"serialNumber": ["FM40-TEST-0001"], "fittedTo": ["uto-boat-1"]},
            },
            {
                "id": "uto-link-hidden",
                "schema": "UnknownLink",
                "properties": {
                    "subject": ["uto-person-ozric-testmann"],
                    "object": ["uto-person-hidden"],
                },
            },
        ]
        ok = api.call(
            "uk.analyst", "POST", "/api/entities", json={"entities": hidden, "report_id": secret}
        )
        assert ok.status_code == 201, ok.text
        ids["secret"] = secret
    out = api.call(
        "uk.analyst",
        "POST",
        f"/api/reports/{shared}/disseminations",
        json={"to_agencies": ["PREMAR"]},
    )
    assert out.status_code == 200, out.text
    return ids


def _strip_ids(payload: Any) -> str:
    """The response with report ids taken out (the two worlds number reports alike, but
    keep the comparison honest should they not)."""
    return json.dumps(payload, sort_keys=True)


def test_fr_network_does_not_depend_on_what_fr_may_not_see(tmp_path: Path) -> None:
    answers = []
    for name, secret in (("a", True), ("b", False)):
        (tmp_path / name).mkdir()
        for api in build(tmp_path / name):
            _world(api, with_secret=secret)
            got = api.call(
                "fr.analyst",
                "GET",
                "/api/network",
                params={"purpose": "Op TESTFALL", "reports": "true"},
            )
            assert got.status_code == 200, got.text
            expand = api.call(
                "fr.analyst", "GET", "/api/network/expand/uto-boat-1", params={"hops": 2}
            )
            exports = [
                api.call(
                    "fr.analyst", "GET", "/api/network/export", params={"format": f, "reports": r}
                ).text
                for f in ("gexf", "anx", "ftm")
                for r in ("false", "true")
            ]
            uk = api.call("uk.analyst", "GET", "/api/network").json()
            disruption = {
                "kind": "seizure",
                "occurred_on": "2026-11-02",
                "entity_ids": ["uto-boat-1"],
                "purpose": "Op TESTFALL",
            }
            assert (
                api.call("fr.analyst", "POST", "/api/network/disruptions", json=disruption)
            ).status_code == 201
            measured = [
                api.call("fr.analyst", "GET", f"/api/network/{r}").json()
                for r in ("disruptions", "brief")
            ]
            answers.append((got.json(), expand.json(), exports, uk, measured))
    (fr_a, expand_a, exports_a, uk_a, measured_a), (fr_b, expand_b, exports_b, _, measured_b) = (
        answers
    )
    assert CANARY not in json.dumps([fr_a, expand_a, exports_a, measured_a])
    assert _strip_ids(fr_a) == _strip_ids(fr_b)
    assert _strip_ids(expand_a) == _strip_ids(expand_b)
    assert measured_a == measured_b
    assert exports_a == exports_b
    # The UK sees its restricted values and links, so its network differs.
    assert CANARY in json.dumps(uk_a)
    assert uk_a["summary"]["entities"] > fr_a["summary"]["entities"]


def test_links_carry_provenance_and_analysis(tmp_path: Path) -> None:
    for api in build(tmp_path):
        ids = _world(api, with_secret=True)
        fr = api.call("fr.analyst", "GET", "/api/network", params={"purpose": "Op TESTFALL"}).json()
        kinds = {(e["source"], e["target"], e["kind"], e["label"]) for e in fr["edges"]}
        assert ("uto-engine-1", "uto-boat-1", "relation", "fittedTo") in kinds
        assert ("uto-phone-1", "uto-person-ozric-testmann", "relation", "user") in kinds
        assert (
            "uto-person-ozric-testmann",
            "uto-org-testfall-logistics",
            "relation",
            "Payment",
        ) in kinds
        edge = next(e for e in fr["edges"] if e["label"] == "Payment")
        assert edge["via"] == "uto-pay-1"
        first = edge["provenance"][0]
        assert (first["report_id"], first["agency"], first["handling"], first["grade"]) == (
            ids["shared"],
            "UKBF",
            "europol_4x4:H0",
            "uk_3x5x2:1B",
        )
        assert first["time"].startswith("2026-11-01T21:30") and isinstance(first["grade_sort"], int)
        assert first["operation"] == report_body()["purpose"] and first["title"]
        node = next(n for n in fr["nodes"] if n["id"] == "uto-person-ozric-testmann")
        assert node["degree"] >= 3 and node["agencies"] == ["UKBF"]
        assert fr["summary"]["key_facilitators"]
        path = api.call(
            "fr.analyst",
            "GET",
            "/api/network/path",
            params={"from": "uto-phone-1", "to": "uto-org-testfall-logistics"},
        ).json()
        assert path["path"][0] == "uto-phone-1" and path["path"][-1] == "uto-org-testfall-logistics"
        with transaction(api.engine) as s:
            events = s.scalars(
                select(AuditEventRow).where(AuditEventRow.resource_kind == "network")
            ).all()
            assert any(e.purpose == "Op TESTFALL" and e.actor == "fr.analyst" for e in events)
            assert {e.detail["query"] for e in events} >= {"graph", "path"}


def test_unseen_and_unknown_entities_answer_alike(tmp_path: Path) -> None:
    for api in build(tmp_path):
        _world(api, with_secret=True)
        hidden = api.call("fr.analyst", "GET", "/api/network/expand/uto-person-hidden")
        unknown = api.call("fr.analyst", "GET", "/api/network/expand/uto-person-nobody")
        assert hidden.status_code == unknown.status_code == 404
        assert (
            hidden.json()["error"]["message"].replace("hidden", "nobody")
            == unknown.json()["error"]["message"]
        )
        path = api.call(
            "fr.analyst",
            "GET",
            "/api/network/path",
            params={"from": "uto-phone-1", "to": "uto-person-hidden"},
        )
        assert path.status_code == 404
        assert (
            api.call("uk.analyst", "GET", "/api/network/expand/uto-person-hidden").status_code
            == 200
        )


def test_exports_parse(tmp_path: Path) -> None:
    for api in build(tmp_path):
        _world(api, with_secret=False)
        gexf = api.call("fr.analyst", "GET", "/api/network/export", params={"format": "gexf"})
        assert gexf.status_code == 200 and "attachment" in gexf.headers["content-disposition"]
        (tmp_path / "n.gexf").write_text(gexf.text, encoding="utf-8")
        assert nx.read_gexf(tmp_path / "n.gexf").number_of_nodes() >= 5
        anx = ET.fromstring(
            api.call("fr.analyst", "GET", "/api/network/export", params={"format": "anx"}).text
        )
        assert anx.tag == "Chart" and anx.findall(".//Link")
        ftm = api.call(
            "fr.analyst",
            "GET",
            "/api/network/export",
            params={"format": "ftm", "entity": "uto-boat-1"},
        )
        lines = [json.loads(x) for x in ftm.text.splitlines()]
        assert {x["id"] for x in lines} >= {"uto-boat-1", "uto-engine-1"}
        bad = api.call("fr.analyst", "GET", "/api/network/export", params={"format": "pdf"})
        assert bad.status_code == 422 and "format" in bad.text


def test_saved_chart_shared_shows_each_agency_only_what_it_may_see(tmp_path: Path) -> None:
    for api in build(tmp_path):
        _world(api, with_secret=True)
        ids = ["uto-boat-1", "uto-engine-1", "uto-person-hidden"]
        positions = {i: [float(k), 2.0 * k] for k, i in enumerate(ids)}
        body = {
            "name": "Op TESTFALL boats (fictional)",
            "entity_ids": ids,
            "positions": positions,
            "shared_with": ["PREMAR"],
            "purpose": "Op TESTFALL",
        }
        saved = api.call("uk.analyst", "POST", "/api/network/charts", json=body)
        assert saved.status_code == 201, saved.text
        chart_id = saved.json()["id"]

        uk = api.call("uk.analyst", "GET", f"/api/network/charts/{chart_id}").json()
        assert {n["id"] for n in uk["nodes"]} == set(ids)
        assert uk["chart"]["layout_kept"] and uk["chart"]["positions"]["uto-engine-1"] == [1.0, 2.0]

        fr = api.call(
            "fr.analyst",
            "GET",
            f"/api/network/charts/{chart_id}",
            params={"purpose": "Op TESTFALL"},
        )
        assert fr.status_code == 200, fr.text
        shown = fr.json()
        assert {n["id"] for n in shown["nodes"]} == {"uto-boat-1", "uto-engine-1"}
        assert shown["chart"]["positions"] == {} and not shown["chart"]["layout_kept"]
        assert CANARY not in fr.text and "uto-person-hidden" not in fr.text
        listed = api.call("fr.analyst", "GET", "/api/network/charts").json()["charts"]
        assert [c["id"] for c in listed] == [chart_id] and listed[0]["shared_with"] == []

        not_shared = api.call("be.analyst", "GET", f"/api/network/charts/{chart_id}")
        never = api.call("be.analyst", "GET", "/api/network/charts/999")
        assert not_shared.status_code == never.status_code == 404
        assert not_shared.json()["error"]["message"].replace(str(chart_id), "N") == never.json()[
            "error"
        ]["message"].replace("999", "N")
        assert api.call("be.analyst", "GET", "/api/network/charts").json()["charts"] == []

        foreign = dict(body, entity_ids=["uto-person-hidden"], positions={})
        assert (
            api.call("fr.analyst", "POST", "/api/network/charts", json=foreign).status_code == 404
        )
        bad = api.call(
            "uk.analyst", "POST", "/api/network/charts", json=dict(body, shared_with=["XXX"])
        )
        assert bad.status_code == 422 and "shared_with" in bad.text and "XXX" in bad.text
        with transaction(api.engine) as s:
            kinds = {
                (e.action, e.actor)
                for e in s.scalars(
                    select(AuditEventRow).where(AuditEventRow.resource_kind == "network_chart")
                )
            }
        assert {("collection", "uk.analyst"), ("disclosure", "uk.analyst")} <= kinds


def test_reports_and_events_are_nodes_with_their_times(tmp_path: Path) -> None:
    event = {
        "id": "uto-event-launch-1",
        "schema": "CrossingEvent",
        "properties": {
            "name": ["Launch at Wimereux (fictional)"],
            "eventType": ["launch"],
            "date": ["2026-11-03T04:40:00"],
            "vessel": ["uto-boat-1"],
            "involved": ["uto-person-ozric-testmann"],
        },
    }
    for api in build(tmp_path):
        ids = _world(api, with_secret=True)
        own = api.call(
            "fr.analyst",
            "POST",
            "/api/reports",
            json=report_body(
                title="Fictional: launch seen at Wimereux",
                event_time="2026-11-03T05:00:00Z",
                grade_scale="europol_4x4",
                grade_source="B",
                grade_information="2",
            ),
        )
        assert own.status_code == 201, own.text
        loaded = api.call(
            "fr.analyst",
            "POST",
            "/api/entities",
            json={"entities": [event], "report_id": own.json()["id"]},
        )
        assert loaded.status_code == 201, loaded.text

        plain = api.call("fr.analyst", "GET", "/api/network").json()
        assert {n["kind"] for n in plain["nodes"]} == {"entity", "event"}
        assert any(e["kind"] == "co_occurrence" for e in plain["edges"])

        got = api.call("fr.analyst", "GET", "/api/network", params={"reports": "true"})
        assert got.status_code == 200, got.text
        fr = got.json()
        nodes = {n["id"]: n for n in fr["nodes"]}
        report = nodes[f"report:{ids['shared']}"]
        assert report["kind"] == "report" and report["caption"] == report_body()["title"]
        assert report["handling"] == ["europol_4x4:H0"] and report["agencies"] == ["UKBF"]
        assert f"report:{ids['secret']}" not in nodes and CANARY not in got.text
        mentions = {(e["source"], e["target"]) for e in fr["edges"] if e["kind"] == "mentions"}
        assert (f"report:{ids['shared']}", "uto-boat-1") in mentions
        assert (f"report:{own.json()['id']}", "uto-event-launch-1") in mentions
        assert not any(e["kind"] == "co_occurrence" for e in fr["edges"])
        launch = nodes["uto-event-launch-1"]
        assert launch["kind"] == "event" and launch["when"].startswith("2026-11-03T04:40")
        kinds = {(e["source"], e["target"], e["kind"], e["label"]) for e in fr["edges"]}
        assert ("uto-event-launch-1", "uto-boat-1", "relation", "vessel") in kinds

        # Key facilitators are people and organisations, each with recency and evidence.
        key = fr["summary"]["key_facilitators"]
        assert {nodes[k["id"]]["schema"] for k in key} <= {"Person", "Organization"}
        ozric = next(k for k in key if k["id"] == "uto-person-ozric-testmann")
        reasons = {r["code"]: r for r in ozric["reasons"]}
        assert reasons["evidence"]["grade"] == "uk_3x5x2:1B" and reasons["evidence"]["reports"] == 1
        assert reasons["recent"]["days"] == 1  # seen 1 Nov 21:30, latest report 3 Nov 05:00

        ftm = api.call(
            "fr.analyst", "GET", "/api/network/export", params={"format": "ftm", "reports": "true"}
        ).text
        assert "report:" not in ftm and "uto-event-launch-1" in ftm
        anx = ET.fromstring(
            api.call(
                "fr.analyst",
                "GET",
                "/api/network/export",
                params={"format": "anx", "reports": "true"},
            ).text
        )
        assert {i.get("Type") for i in anx.iter("IconStyle")} >= {"Document", "Event", "Boat"}


def test_disruptions_are_recorded_counted_and_measured(tmp_path: Path) -> None:
    for api in build(tmp_path):
        _world(api, with_secret=True)
        arrest = {
            "kind": "arrest",
            "occurred_on": (datetime.now(UTC).date() - timedelta(days=1)).isoformat(),
            "entity_ids": ["uto-person-ozric-testmann"],
            "note": "FICTIONAL arrest (test)",
            "purpose": "Op TESTFALL",
        }
        made = api.call("uk.analyst", "POST", "/api/network/disruptions", json=arrest)
        assert made.status_code == 201, made.text
        listed = api.call(
            "uk.analyst", "GET", "/api/network/disruptions", params={"purpose": "Op TESTFALL"}
        ).json()["disruptions"]
        assert [d["id"] for d in listed] == [made.json()["id"]]
        effect = listed[0]["effect"]
        before, after = effect["before"], effect["after"]
        assert after["entities"] == before["entities"] - 1
        assert after["links"] < before["links"]
        assert after["connected_pairs"] < before["connected_pairs"]
        assert listed[0]["entities"] == [
            {"id": "uto-person-ozric-testmann", "caption": "Ozric TESTMANN"}
        ]
        brief = api.call("uk.analyst", "GET", "/api/network/brief").json()
        assert brief["disruptions_recorded"] == 1 and brief["disruptions_in_period"] == 1
        assert brief["networks_identified"] >= 1 and brief["facilitators_linked"] >= 1
        assert report_body()["purpose"] in brief["networks"][0]["operations"]

        # Another agency neither sees the UK's disruption nor may record one against an
        # entity it may not see (the same 404 as for an id never used).
        assert api.call("fr.analyst", "GET", "/api/network/disruptions").json() == {
            "disruptions": []
        }
        hidden = dict(arrest, entity_ids=["uto-person-hidden"])
        ghost = dict(arrest, entity_ids=["uto-person-nobody"])
        a = api.call("fr.analyst", "POST", "/api/network/disruptions", json=hidden)
        b = api.call("fr.analyst", "POST", "/api/network/disruptions", json=ghost)
        assert a.status_code == b.status_code == 404
        assert (
            a.json()["error"]["message"].replace("hidden", "nobody") == b.json()["error"]["message"]
        )
        bad = api.call(
            "uk.analyst", "POST", "/api/network/disruptions", json=dict(arrest, kind="coffee")
        )
        assert bad.status_code == 422 and "kind" in bad.text
        with transaction(api.engine) as s:
            events = s.scalars(
                select(AuditEventRow).where(AuditEventRow.resource_kind == "network_disruption")
            ).all()
        assert [(e.action, e.actor, e.purpose) for e in events] == [
            ("collection", "uk.analyst", "Op TESTFALL")
        ]
