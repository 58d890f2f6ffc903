# SPDX-License-Identifier: EUPL-1.2
"""A machine token feeds only the sensors it was issued for (issue #13, item 10)."""

from __future__ import annotations

from datetime import UTC, datetime

from httpx import Response
from sqlalchemy import select

from straitwatch.access.actor import system_actor
from straitwatch.access.tokens import issue_token
from straitwatch.store.access import AuditEventRow
from straitwatch.store.db import transaction

from .conftest import Server


def _plot(sensor: str) -> dict[str, object]:
    return {
        "type": "plot",
        "time": datetime.now(UTC).isoformat(),
        "sensor_id": sensor,
        "lat": 51.05,
        "lon": 1.45,
        "sigma_m": 25,
    }


def _post(server: Server, token: str, records: list[dict[str, object]]) -> Response:
    return server.client.post(
        "/api/observations", json=records, headers={"Authorization": f"Bearer {token}"}
    )


def test_another_sensors_observations_are_refused_and_audited(server: Server) -> None:
    r = _post(server, server.machine_token, [_plot("radar-dover"), _plot("radar-gris-nez")])
    assert r.status_code == 403
    message = r.json()["error"]["message"]
    assert "'radar-gris-nez'" in message and "radar-dover" in message
    assert server.posted == []  # nothing of the post went in, not even its own sensor's
    with transaction(server.engine) as s:
        denied = s.scalars(
            select(AuditEventRow).where(
                AuditEventRow.action == "access_denied", AuditEventRow.resource_kind == "sensor"
            )
        ).all()
        assert [(e.actor, e.resource_id, e.outcome) for e in denied] == [
            ("radar.dover", "radar-gris-nez", "denied")
        ]
    ok = _post(server, server.machine_token, [_plot("radar-dover")])
    assert ok.status_code == 200
    assert [o.sensor_id for o in server.posted] == ["radar-dover"]


def test_a_token_issued_for_no_sensor_feeds_none(server: Server) -> None:
    with transaction(server.engine) as s:
        token = issue_token(
            s, system_actor(), "radar.dover", days=1, label="", now=datetime.now(UTC)
        ).token
    r = _post(server, token, [_plot("radar-dover")])
    assert r.status_code == 403
    assert "--sensor" in r.json()["error"]["message"]


def test_a_token_may_feed_several_sensors(server: Server) -> None:
    with transaction(server.engine) as s:
        token = issue_token(
            s,
            system_actor(),
            "radar.dover",
            days=1,
            label="",
            now=datetime.now(UTC),
            sensors=["radar-dover", "radar-gris-nez"],
        ).token
    r = _post(server, token, [_plot("radar-dover"), _plot("radar-gris-nez")])
    assert r.status_code == 200
