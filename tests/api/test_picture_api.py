# SPDX-License-Identifier: EUPL-1.2
"""Tracks, alerts (filtered per agency; distress to everyone; lifecycle audited), zones,
sensors, posted observations and the WebSocket stream."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from starlette.websockets import WebSocketDisconnect

from straitwatch.assessment import lifecycle
from straitwatch.assessment.alert import Alert, AlertType, Severity
from straitwatch.store.access import AuditEventRow
from straitwatch.store.db import transaction
from straitwatch.tracking.track import TrackClass, TrackStatus

from .conftest import Server, update

T0 = datetime(2022, 8, 22, 3, 10, tzinfo=UTC)


def store_alerts(server: Server) -> dict[str, str]:
    """A distress alert routed to HM Coastguard only, and a departure routed to the French
    authorities only (fictional); returns their ids by type."""
    distress = Alert.new(
        AlertType.DISTRESS,
        T0,
        51.0,
        1.4,
        "T7",
        Severity.CRITICAL,
        ("HMCG",),
        "Small boat drifting, ~60 persons (test)",
    )
    departure = Alert.new(
        AlertType.DEPARTURE,
        T0,
        50.77,
        1.6,
        "T8",
        Severity.WARNING,
        ("PREMAR", "CROSSGN"),
        "Small boat leaving Wimereux (test)",
    )
    with transaction(server.engine) as session:
        records = lifecycle.record_alerts(session, [distress, departure])
    server.picture.apply([], [r.to_json() for r in records])
    return {"distress": distress.alert_id, "departure": departure.alert_id}


def test_tracks_filter_by_bbox_and_class(server: Server) -> None:
    server.picture.apply(
        [
            update("T1", lat=51.0, lon=1.5),
            update("T2", lat=50.75, lon=-1.1, cls=TrackClass.AIS_VESSEL),
            update("T3", lat=51.05, lon=1.45, cls=TrackClass.DARK_CONTACT),
        ]
    )
    c = server.as_user("uk.watch")
    every = c.get("/api/tracks").json()
    assert sorted(t["track_id"] for t in every["tracks"]) == ["T1", "T2", "T3"]
    strait = c.get("/api/tracks", params={"bbox": "0.9,50.6,2.2,51.3"}).json()
    assert sorted(t["track_id"] for t in strait["tracks"]) == ["T1", "T3"]
    boats = c.get("/api/tracks", params={"class": "small_boat"}).json()
    assert [t["track_id"] for t in boats["tracks"]] == ["T1"]
    bad = c.get("/api/tracks", params={"bbox": "2,51,1,50"})
    assert bad.status_code == 422
    assert bad.json()["error"]["where"] == "query.bbox"


def test_track_detail_has_history_and_ends(server: Server) -> None:
    server.picture.apply([update("T1", second=s, lat=51.0 + s / 1000) for s in range(5)])
    c = server.as_user("fr.watch")
    t = c.get("/api/tracks/T1").json()
    assert [round(h["lat"], 3) for h in t["history"]] == [51.0, 51.001, 51.002, 51.003, 51.004]
    assert t["class"] == "small_boat"
    assert t["sources"] == ["radar-dover"]
    server.picture.apply([update("T1", second=6, status=TrackStatus.ENDED)])
    gone = c.get("/api/tracks/T1")
    assert gone.status_code == 404
    assert gone.json()["error"]["code"] == "not_found"


def test_alerts_filtered_by_agency_distress_to_everyone(server: Server) -> None:
    ids = store_alerts(server)
    uk = server.as_user("uk.watch").get("/api/alerts").json()
    fr = server.as_user("fr.watch").get("/api/alerts").json()
    assert [a["alert_id"] for a in uk["alerts"]] == [ids["distress"]]
    # Sorted by severity: the critical distress first.
    assert [a["alert_id"] for a in fr["alerts"]] == [ids["distress"], ids["departure"]]
    only = server.as_user("fr.watch").get("/api/alerts", params={"type": "departure"}).json()
    assert [a["type"] for a in only["alerts"]] == ["departure"]
    hidden = server.as_user("uk.watch").get(f"/api/alerts/{ids['departure']}")
    assert hidden.status_code == 404


def test_acknowledge_assign_resolve_audited(server: Server) -> None:
    ids = store_alerts(server)
    fr = server.as_user("fr.watch")  # not routed to CROSSGN, but distress: anyone acts
    a = fr.post(f"/api/alerts/{ids['distress']}/acknowledge").json()
    assert (a["state"], a["acknowledged_by"]) == ("acknowledged", "fr.watch")
    again = fr.post(f"/api/alerts/{ids['distress']}/acknowledge")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"
    a = fr.post(f"/api/alerts/{ids['distress']}/assign", json={"unit": "SNSM Calais"}).json()
    assert (a["state"], a["assigned_unit"]) == ("assigned", "SNSM Calais")
    bad = fr.post(f"/api/alerts/{ids['distress']}/resolve", json={"outcome": "vanished"})
    assert bad.status_code == 422
    a = fr.post(f"/api/alerts/{ids['distress']}/resolve", json={"outcome": "rescued"}).json()
    assert a["state"] == "resolved"
    live = {x["alert_id"]: x for x in server.picture.alerts()}
    assert live[ids["distress"]]["state"] == "resolved"
    # The UK officer may not act on the French departure alert: refused and logged.
    uk = server.as_user("uk.watch")
    refused = uk.post(f"/api/alerts/{ids['departure']}/acknowledge")
    assert refused.status_code == 404
    with server.engine.connect() as conn:
        changes = conn.execute(
            select(AuditEventRow.actor, AuditEventRow.detail).where(
                AuditEventRow.action == "alert_change",
                AuditEventRow.resource_id == ids["distress"],
            )
        ).all()
    assert [(who, d["change"]) for who, d in changes] == [
        (
            "cli:" + changes[0][0].split(":", 1)[1] if changes[0][0].startswith("cli:") else "",
            "raised",
        ),
        ("fr.watch", "acknowledged"),
        ("fr.watch", "assigned"),
        ("fr.watch", "resolved"),
    ]


def test_zones_and_sensors(server: Server) -> None:
    c = server.as_user("uk.analyst")
    zones = c.get("/api/zones").json()
    assert zones["type"] == "FeatureCollection"
    kinds = {f["properties"]["kind"] for f in zones["features"]}
    assert {"departure_sector", "median_line", "sar_region", "territorial_sea"} <= kinds
    lines = c.get("/api/zones", params={"kind": "median_line"}).json()
    assert {f["properties"]["kind"] for f in lines["features"]} == {"median_line"}
    assert c.get("/api/zones", params={"kind": "volcano"}).status_code == 422
    sensors = c.get("/api/sensors").json()["sensors"]
    assert "radar-dover" in {s["id"] for s in sensors}


def test_agencies_are_served_from_their_one_declaration(server: Server) -> None:
    from straitwatch.access.directory import agencies

    declared = [a.code for a in agencies()]
    for user in ("uk.analyst", "fr.watch"):
        answer = server.as_user(user).get("/api/agencies")
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert [a["code"] for a in body["agencies"]] == declared
    hmcg = next(a for a in body["agencies"] if a["code"] == "HMCG")
    assert hmcg["sar_region"] == "UK" and hmcg["country"] == "GB"
    token = {"Authorization": f"Bearer {server.machine_token}"}
    refused = server.client.get("/api/agencies", headers=token)
    assert refused.status_code == 403 and "error" in refused.json()


def test_posted_observations_reach_the_pipeline(server: Server) -> None:
    now = datetime.now(UTC).isoformat()
    plots = [
        {
            "type": "plot",
            "time": now,
            "sensor_id": "radar-dover",
            "lat": 51.05,
            "lon": 1.45,
            "sigma_m": 25,
        },
        {
            "type": "plot",
            "time": now,
            "sensor_id": "radar-dover",
            "lat": 95.0,
            "lon": 1.45,
            "sigma_m": 25,
        },
    ]
    r = server.client.post(
        "/api/observations",
        json=plots,
        headers={"Authorization": f"Bearer {server.machine_token}"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["accepted"], body["rejected"]) == (1, 1)
    assert body["rejections"][0]["index"] == 1
    assert [o.sensor_id for o in server.posted] == ["radar-dover"]
    # A watch officer has no ingest permission.
    officer = server.as_user("uk.watch")
    assert officer.post("/api/observations", json=plots).status_code == 403


def test_stream_snapshot_then_filtered_deltas(server: Server) -> None:
    server.picture.apply([update("T1")])
    uk, fr = server.as_user("uk.watch"), server.as_user("fr.watch")
    with uk.websocket_connect("/api/stream") as uk_ws, fr.websocket_connect("/api/stream") as fr_ws:
        snap = uk_ws.receive_json()
        assert snap["type"] == "snapshot"
        assert [t["track_id"] for t in snap["tracks"]] == ["T1"]
        assert fr_ws.receive_json()["type"] == "snapshot"
        ids = store_alerts(server)  # published from this (non-event-loop) thread
        uk_delta, fr_delta = uk_ws.receive_json(), fr_ws.receive_json()
        assert [a["alert_id"] for a in uk_delta["alerts"]] == [ids["distress"]]
        assert sorted(a["alert_id"] for a in fr_delta["alerts"]) == sorted(ids.values())
        # An acknowledgement made over HTTP reaches every watcher who may see the alert.
        uk.post(f"/api/alerts/{ids['distress']}/acknowledge")
        change = fr_ws.receive_json()
        assert change["alerts"][0]["state"] == "acknowledged"
        assert change["alerts"][0]["acknowledged_by"] == "uk.watch"
        server.picture.apply([update("T1", second=1, lat=51.01)])
        moved = uk_ws.receive_json()
        while not moved["tracks"]:  # the acknowledgement came first
            moved = uk_ws.receive_json()
        assert moved["tracks"][0]["lat"] == 51.01


def test_stream_refuses_strangers_and_other_sites(server: Server) -> None:
    with (
        pytest.raises(WebSocketDisconnect) as anonymous,
        server.client.websocket_connect("/api/stream") as ws,
    ):
        ws.receive_json()
    assert anonymous.value.code == 4401
    uk = server.as_user("uk.watch")
    with (
        pytest.raises(WebSocketDisconnect) as cross_site,
        uk.websocket_connect("/api/stream", headers={"Origin": "https://evil.example"}) as ws,
    ):
        ws.receive_json()
    assert cross_site.value.code == 4403
