# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch serve``: the live picture server for production-like runs: the API, the
browser UI and the in-process pipeline fed by sensors posting to ``/api/observations``
(or, with ``STRAITWATCH_BUS_URL`` set, the picture fed by pipeline stages running as
their own processes over NATS JetStream: see ``straitwatch pipeline``)."""

from __future__ import annotations

from typing import Any

import typer

from straitwatch.cli import context

__all__ = ["register", "run_server"]


STOP_GRACE_S = 3
"""Seconds a stopping server gives requests still running before it cancels them."""


def run_server(app: Any, host: str, port: int) -> None:
    """Serve ``app`` with Uvicorn until interrupted (SIGTERM or SIGINT): streams are closed,
    requests get ``STOP_GRACE_S`` to finish, then the feeders stop and flush what they owe
    the store (see ``create_app``'s lifespan), within seconds."""
    import uvicorn

    from straitwatch.logs import configure_logging

    configure_logging()
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        log_config=None,
        ws="websockets-sansio",
        timeout_graceful_shutdown=STOP_GRACE_S,
    )


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
) -> None:
    """Serve the live picture and the API (the store must be migrated: `straitwatch db upgrade`).

    Example: STRAITWATCH_ENV=production STRAITWATCH_SECRET_KEY=... straitwatch serve --port 8080
    """
    from straitwatch.api.app import Feeder, Inbox, create_app
    from straitwatch.api.operations import Operations
    from straitwatch.picture.live import Picture
    from straitwatch.picture.live_feed import LiveFeed
    from straitwatch.picture.pipeline import Pipeline

    settings = context.settings()
    engine = context.engine()
    picture = Picture()
    feeders: list[Feeder]
    inbox: Inbox
    if settings.bus_url:  # the stages run as their own processes: `straitwatch pipeline`
        from straitwatch.picture.bus import bus_feeders

        feeder, bus_inbox = bus_feeders(settings.bus_url)
        feeders, inbox = [feeder], bus_inbox
        ops = Operations(
            bus_ready=bus_inbox.connected,
            queues={"observations_owed_to_bus": lambda: bus_inbox.owed},
        )
    else:
        feed = LiveFeed(Pipeline(engine, picture, escalation_s=settings.distress_escalation_s))
        feeders, inbox = [feed.run], feed.put
        ops = Operations(pipeline=feed.pipeline, queues={"live_inbox": feed.pending})
    app = create_app(
        settings, engine=engine, picture=picture, feeders=feeders, inbox=inbox, operations=ops
    )
    typer.echo(f"straitwatch: serving http://{host}:{port} ({settings.env})")
    run_server(app, host, port)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
