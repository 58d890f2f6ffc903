# SPDX-License-Identifier: EUPL-1.2
"""A real live-picture server (Uvicorn on a free loopback port, in a thread) replaying a
short simulated small-boat scenario, and Debian's headless Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine

from straitwatch.access.actor import system_actor
from straitwatch.access.demo_users import seed_demo_users
from straitwatch.access.users import seed_agencies
from straitwatch.api import create_app
from straitwatch.config import Settings
from straitwatch.picture.demo_script import demo_script, solent_ais
from straitwatch.picture.live import Picture
from straitwatch.picture.pipeline import Pipeline
from straitwatch.picture.replay import Replay
from straitwatch.picture.smallboats import SmallBoatDay
from straitwatch.store.db import transaction

PASSWORD = "Tide-Gris-Nez-2024"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # MapLibre needs WebGL: software GL (SwiftShader) in a headless browser without a GPU.
    "--use-gl=angle",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]
SOLENT_START = datetime(2016, 1, 12, 13, 2, 11, tzinfo=UTC)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@dataclass
class LiveServer:
    url: str
    engine: Engine
    picture: Picture


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def live_server(engine: Engine) -> Iterator[LiveServer]:
    with transaction(engine) as session:
        seed_agencies(session, system_actor())
        seed_demo_users(session, system_actor(), PASSWORD)
    start = datetime(2022, 8, 22, 3, 0, tzinfo=UTC)
    # Three boats leave within a minute; each loses its engine two minutes out (distress);
    # 20 minutes of the real Solent AIS sample alongside.
    boats = SmallBoatDay(
        start=start,
        boats=3,
        departure_window_s=60,
        distress_every=1,
        engine_failure_s=120,
        scan_s=5,
        max_crossing_s=3600,
    )
    ais = [o for o in solent_ais() if o.time < SOLENT_START + timedelta(minutes=20)]
    script = demo_script(start.date(), small_boats=boats, ais=ais)
    picture = Picture()
    settings = Settings(env="test", secret_key="w" * 40, database_url=str(engine.url))
    pipeline = Pipeline(engine, picture, escalation_s=3600)
    replay = Replay(script, pipeline, speed=30.0, tick_s=0.25)
    app = create_app(settings, engine=engine, picture=picture, feeders=[replay.run], replay=replay)
    with serving(app) as url:
        yield LiveServer(url, engine, picture)


@pytest.fixture
def app_server(engine: Engine) -> Iterator[LiveServer]:
    """A server with the partner agencies and demo users but no feed: an empty picture, for
    the pages that do not need one (documents, intelligence, flows)."""
    with transaction(engine) as session:
        seed_agencies(session, system_actor())
        seed_demo_users(session, system_actor(), PASSWORD)
    picture = Picture()
    settings = Settings(env="test", secret_key="w" * 40, database_url=str(engine.url))
    with serving(create_app(settings, engine=engine, picture=picture)) as url:
        yield LiveServer(url, engine, picture)


@contextlib.contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """``app`` served by Uvicorn on a free loopback port, in a thread; yields its URL."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start in 30 s"
        assert thread.is_alive(), "the server thread died"
        time.sleep(0.05)  # waiting on a condition, with a deadline
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} missing: install the Debian package 'chromium' (deps/apt.txt)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()
