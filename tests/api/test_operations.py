# SPDX-License-Identifier: EUPL-1.2
"""Health and operations (issue 19): ``/api/health`` names the components that are up and
each feed's last message age, 503 when one is down; ``/metrics`` in the Prometheus format;
request ids in responses and in the JSON-lines logs."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from straitwatch.api import create_app
from straitwatch.api.operations import Operations
from straitwatch.config import Settings
from straitwatch.logs import JsonLines, request_id
from straitwatch.picture.live import Picture
from straitwatch.picture.pipeline import Pipeline
from tests.api.conftest import Server
from tests.assessment.tracks import T0
from tests.picture.test_alert_outbox import persons_in_water


def test_health_names_the_components_and_each_feeds_last_message(server: Server) -> None:
    before = server.client.get("/api/health")
    assert before.status_code == 200
    body = before.json()
    assert body["status"] == "ok" and body["components"]["store"] == {"up": True}
    assert body["feeds"] == {}
    plot = {
        "type": "plot",
        "time": datetime.now(UTC).isoformat(),
        "sensor_id": "radar-dover",
        "lat": 51.05,
        "lon": 1.45,
        "sigma_m": 25,
    }
    auth = {"Authorization": f"Bearer {server.machine_token}"}
    assert server.client.post("/api/observations", json=[plot], headers=auth).status_code == 200
    feeds = server.client.get("/api/health").json()["feeds"]
    assert list(feeds) == ["http:radar.dover"]
    assert 0 <= feeds["http:radar.dover"]["last_message_age_s"] < 60


def test_health_is_503_and_says_the_store_is_down(tmp_path: Path) -> None:
    gone = create_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'store.db'}")
    settings = Settings(env="test", secret_key="t" * 40, database_url=str(gone.url))
    with TestClient(create_app(settings, engine=gone, picture=Picture())) as client:
        r = client.get("/api/health")
    assert r.status_code == 503
    assert r.json()["status"] == "degraded"
    assert r.json()["components"]["store"]["up"] is False
    assert r.json()["components"]["store"]["error"]


def test_metrics_read_the_live_state(server: Server) -> None:
    pipeline = Pipeline(server.engine, server.picture)
    server.client.app.state.operations = Operations(  # type: ignore[attr-defined]
        pipeline=pipeline, queues={"live_inbox": lambda: 3}
    )
    pipeline.process([persons_in_water()], T0)
    text = server.client.get("/metrics").text
    lines = {
        line.split(" ")[0]: line.split(" ")[1] for line in text.splitlines() if line[:1] != "#"
    }
    assert float(lines["straitwatch_alerts_raised_total"]) == 1
    assert float(lines["straitwatch_observations_total"]) == 1
    assert float(lines["straitwatch_alert_store_latency_seconds_count"]) == 1
    assert float(lines['straitwatch_queue_depth{queue="live_inbox"}']) == 3
    assert float(lines['straitwatch_queue_depth{queue="alerts_owed_to_store"}']) == 0
    assert float(lines["straitwatch_websocket_clients"]) == 0
    assert float(lines["straitwatch_dead_letters"]) == 0
    assert "straitwatch_tracks" in lines


def test_each_response_carries_a_request_id_and_the_log_lines_too(server: Server) -> None:
    given = server.client.get("/api/health", headers={"X-Request-Id": "ops-4711"})
    assert given.headers["X-Request-Id"] == "ops-4711"
    made = server.client.get("/api/health").headers["X-Request-Id"]
    assert made and made != "ops-4711"
    token = request_id.set("ops-4711")
    try:
        record = logging.LogRecord(
            "straitwatch.api", logging.WARNING, __file__, 1, "x %s", ("y",), None
        )
        line = json.loads(JsonLines().format(record))
    finally:
        request_id.reset(token)
    assert line["request_id"] == "ops-4711" and line["message"] == "x y"
    assert line["level"] == "warning" and line["logger"] == "straitwatch.api"
