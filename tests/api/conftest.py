# SPDX-License-Identifier: EUPL-1.2
"""A live-picture server in-process: a migrated SQLite store with the partner agencies,
the demo users and a sensor machine with an API token, an empty picture, and a client."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from straitwatch.access.actor import system_actor
from straitwatch.access.demo_users import seed_demo_users
from straitwatch.access.tokens import issue_token
from straitwatch.access.users import add_user, seed_agencies
from straitwatch.api import create_app
from straitwatch.config import Settings
from straitwatch.picture.live import Picture
from straitwatch.sensors.observation import Observation
from straitwatch.store.db import make_engine, transaction
from straitwatch.store.migrate import upgrade
from straitwatch.tracking.track import TrackClass, TrackStatus, TrackUpdate

PASSWORD = "Tide-Gris-Nez-2024"


@dataclass
class Server:
    client: TestClient
    picture: Picture
    engine: Engine
    machine_token: str
    posted: list[Observation]

    def login(self, username: str, password: str = PASSWORD) -> dict[str, str]:
        """Sign in with the client's cookie jar; returns the login answer."""
        r = self.client.post("/api/auth/login", json={"username": username, "password": password})
        assert r.status_code == 200, r.text
        body: dict[str, str] = r.json()
        return body

    def as_user(self, username: str) -> TestClient:
        """A separate client (cookie jar) signed in as ``username``."""
        c = TestClient(self.client.app)
        r = c.post("/api/auth/login", json={"username": username, "password": PASSWORD})
        assert r.status_code == 200, r.text
        c.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        return c


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A migrated store with agencies, demo users and a machine token, made once (password
    hashing is slow on purpose); each test gets its own copy."""
    path = tmp_path_factory.mktemp("seeded") / "store.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with transaction(engine) as session:
        actor = system_actor()
        seed_agencies(session, actor)
        seed_demo_users(session, actor, PASSWORD)
        add_user(session, actor, "radar.dover", "HMCG", "machine", None)
        token = issue_token(
            session,
            actor,
            "radar.dover",
            days=1,
            label="test",
            now=datetime.now(UTC),
            sensors=["radar-dover"],
        ).token
    engine.dispose()
    return path, token


@pytest.fixture
def server(seeded_store: tuple[Path, str], tmp_path: Path) -> Iterator[Server]:
    store = tmp_path / "store.db"
    shutil.copyfile(seeded_store[0], store)
    engine = make_engine(f"sqlite:///{store}")
    token = seeded_store[1]
    picture = Picture()
    posted: list[Observation] = []
    settings = Settings(env="test", secret_key="t" * 40, database_url=str(engine.url))
    app = create_app(settings, engine=engine, picture=picture, inbox=posted.extend)
    with TestClient(app) as client:
        yield Server(client, picture, engine, token, posted)
    engine.dispose()


def update(
    track_id: str,
    *,
    second: int = 0,
    lat: float = 51.0,
    lon: float = 1.5,
    cls: TrackClass = TrackClass.SMALL_BOAT,
    status: TrackStatus = TrackStatus.CONFIRMED,
) -> TrackUpdate:
    """A track update (fictional) at 2022-08-22 03:00:<second>Z."""
    return TrackUpdate(
        track_id,
        datetime(2022, 8, 22, 3, 0, second, tzinfo=UTC),
        lat,
        lon,
        5.0,
        315.0,
        25.0,
        status,
        cls,
        sources=("radar-dover",),
    )


UpdateFactory = Callable[..., TrackUpdate]
