# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch pipeline``: run one stage of the pipeline as its own process, connected to
the others through NATS JetStream (``STRAITWATCH_BUS_URL``)."""

from __future__ import annotations

import typer

from straitwatch.cli import context
from straitwatch.errors import ConfigurationError

__all__ = ["app"]

app = typer.Typer(
    help="Run a pipeline stage as its own process over NATS JetStream.\n\n"
    "Example: STRAITWATCH_BUS_URL=nats://127.0.0.1:4222 straitwatch pipeline track",
    no_args_is_help=True,
)


def _run(stage: str) -> None:
    import asyncio

    from straitwatch.logs import configure_logging
    from straitwatch.picture.bus import Bus
    from straitwatch.picture.live import Picture
    from straitwatch.picture.pipeline import Pipeline
    from straitwatch.picture.stages import run_assessment, run_tracking

    configure_logging()
    settings = context.settings()
    if not settings.bus_url:
        raise ConfigurationError("set STRAITWATCH_BUS_URL=nats://host:port to run a stage")
    engine = context.engine()
    pipeline = Pipeline(engine, Picture(), escalation_s=settings.distress_escalation_s)
    runner = run_tracking if stage == "track" else run_assessment

    async def main() -> None:
        bus = await Bus(settings.bus_url or "", name=f"pipeline {stage}").connect(
            wait_s=float("inf")
        )
        typer.echo(f"pipeline {stage}: connected to {settings.bus_url}")
        try:
            await runner(bus, pipeline)
        finally:
            await bus.close()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        typer.echo(f"pipeline {stage}: stopped")


@app.command("track")
def track() -> None:
    """Tracking: observations from the bus in, track updates out.

    Example: STRAITWATCH_BUS_URL=nats://127.0.0.1:4222 straitwatch pipeline track
    """
    _run("track")


@app.command("assess")
def assess() -> None:
    """Assessment: track updates in, alerts stored (audited) and the picture out.

    Example: STRAITWATCH_BUS_URL=nats://127.0.0.1:4222 straitwatch pipeline assess
    """
    _run("assess")
