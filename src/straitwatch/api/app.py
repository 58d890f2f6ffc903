# SPDX-License-Identifier: EUPL-1.2
"""The FastAPI application: routers, the one error shape, static web UI, live picture.

>>> from straitwatch.config import Settings
>>> app = create_app(Settings(database_url="sqlite:///var/doc.db"))   # doctest: +SKIP

The app owns a :class:`~straitwatch.picture.live.Picture`; a pipeline (the in-process
replay or live ingest, or a NATS consumer) is started with the app when one is given and
feeds it. Nothing here reads the environment: the settings come in as an argument.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI
from fastapi.responses import FileResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from straitwatch.access.audit_seal import AuditSeal, bind_seal
from straitwatch.access.throttle import LoginThrottle
from straitwatch.api.admission import Admission
from straitwatch.api.errors import install_error_handlers
from straitwatch.api.headers import SecurityHeaders
from straitwatch.api.operations import Operations, install_request_ids
from straitwatch.api.routers import routers
from straitwatch.api.sessions import SessionBook
from straitwatch.config import Settings
from straitwatch.picture.live import Picture
from straitwatch.picture.replay import Replay
from straitwatch.sensors.observation import Observation
from straitwatch.sensors.sites import SensorSites
from straitwatch.store.db import make_engine

__all__ = ["Feeder", "Inbox", "create_app", "static_dir"]

Feeder = Callable[[Picture], Coroutine[Any, Any, None]]
"""A coroutine that feeds the picture for the life of the server (the pipeline)."""
Inbox = Callable[[Sequence[Observation]], None]
"""Where observations posted over HTTP go (the pipeline's input)."""


def static_dir() -> Path:
    """Where the web UI's files are (``src/straitwatch/web/static``)."""
    return Path(str(files("straitwatch.web"))) / "static"


def create_app(
    settings: Settings,
    *,
    engine: Engine | None = None,
    picture: Picture | None = None,
    feeders: list[Feeder] | None = None,
    inbox: Inbox | None = None,
    sensor_sites: SensorSites | None = None,
    replay: Replay | None = None,
    operations: Operations | None = None,
) -> FastAPI:
    """Build the server: API under ``/api``, the browser UI at ``/``.

    ``feeders`` run as background tasks while the app is up (cancelled at shutdown);
    ``inbox`` takes observations posted to ``/api/observations`` into the live pipeline;
    ``operations`` names what ``/api/health`` and ``/metrics`` look at.
    """
    picture = picture or Picture()
    engine = engine or make_engine(settings.database_url)
    bind_seal(engine, AuditSeal(settings.audit_secret(), settings.audit_checkpoints))

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Sync routes run in worker threads, each holding one database connection: never
        # run more of them at once than the connection pool holds (else they time out).
        pool_size = getattr(engine.pool, "size", lambda: 5)()
        overflow = max(0, getattr(engine.pool, "_max_overflow", 0))
        anyio.to_thread.current_default_thread_limiter().total_tokens = max(
            4, pool_size + overflow - 2
        )
        tasks = [asyncio.create_task(f(picture)) for f in feeders or []]
        app.state.feeder_tasks = tasks
        try:
            yield
        finally:
            for t in tasks:
                t.cancel()
            for t in tasks:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await t

    app = FastAPI(
        title="straitwatch",
        version="0.1.0",
        description="Joint border-operations platform for the English Channel: the live "
        "maritime picture, alerts, intelligence exchange. Every error has the shape "
        '`{"error": {"code", "message", "where"}}`.',
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = sessionmaker(engine, expire_on_commit=False)
    app.state.sessions = SessionBook(
        settings.session_secret(), max_age_s=settings.session_max_age_s
    )
    app.state.login_throttle = LoginThrottle(
        client_attempts=settings.login_client_attempts_per_min,
        pair_failures=settings.login_failures_per_client_account,
        account_failures=settings.login_failures_per_account_hour,
    )
    app.state.picture = picture
    app.state.inbox = inbox
    app.state.replay = replay
    app.state.sensor_sites = sensor_sites or SensorSites.load()
    app.state.posting_states = {}
    app.state.operations = operations or Operations(
        pipeline=replay.pipeline if replay is not None else None
    )
    install_error_handlers(app)
    app.add_middleware(Admission, max_in_flight=settings.max_requests_in_flight)
    install_request_ids(app)
    app.add_middleware(SecurityHeaders)  # outermost: every answer gets the headers
    for router in routers():
        app.include_router(router)

    static = static_dir()

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(static / "index.html")

    @app.get("/login", include_in_schema=False)
    def login_page() -> FileResponse:
        return FileResponse(static / "login.html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> RedirectResponse:
        return RedirectResponse("/static/favicon.svg")

    # One page file for every intelligence page (the page shell is drawn by common.js).
    def intel_page() -> FileResponse:
        return FileResponse(static / "intel.html")

    for name in ("report", "new", "requests", "entities", "entity", "notices"):
        app.add_api_route(f"/static/intel-{name}.html", intel_page, include_in_schema=False)

    app.mount("/static", StaticFiles(directory=static, check_dir=False), name="static")
    return app
