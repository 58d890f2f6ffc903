# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch demo``: the main job, on the embedded defaults."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import typer

from straitwatch.access.actor import system_actor
from straitwatch.access.demo_users import DEMO_USERS, generate_password, seed_demo_users
from straitwatch.access.users import seed_agencies
from straitwatch.cli import context
from straitwatch.errors import InvalidInput
from straitwatch.store.db import transaction
from straitwatch.store.migrate import upgrade

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

__all__ = ["register"]


def demo(
    port: int = typer.Option(8000, "--port", help="Port to serve the live picture on."),
    password: str | None = typer.Option(
        None, "--password", help="Password for every demo user (else one is generated)."
    ),
    day: str = typer.Option(
        "2022-08-22", "--date", help="Day of the simulated small-boat crossings (YYYY-MM-DD)."
    ),
    start: str = typer.Option(
        "01:30", "--start", help="Start of the simulated window (HH:MM UTC; night and dawn)."
    ),
    hours: float = typer.Option(6.0, "--hours", min=0.25, max=24, help="Hours simulated."),
    speed: float = typer.Option(10.0, "--speed", min=0.1, max=1000, help="Replay speed."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    serve: bool = typer.Option(True, "--serve/--no-serve", help="Serve after seeding."),
) -> None:
    """Create the embedded store, seed the partner agencies, the demo users and the
    published crossing figures (flows page), simulate a window of a real day in the Strait
    (small boats as the Home Office figures for that day, merchant traffic, coastal radars,
    sightings) beside the real Solent AIS sample, and serve the live picture at
    http://127.0.0.1:8000, replaying in a loop.

    Example: straitwatch demo --password 'Tide-Gris-Nez-2024' --date 2022-08-22
    """
    try:
        when = dt.date.fromisoformat(day)
    except ValueError:
        raise InvalidInput(f"--date {day!r}: expected YYYY-MM-DD") from None
    try:
        begin = dt.time.fromisoformat(start)
    except ValueError:
        raise InvalidInput(f"--start {start!r}: expected HH:MM (UTC)") from None
    engine = context.engine(require_schema=False)
    upgrade(engine)
    pw = password or generate_password()
    with transaction(engine) as session:
        actor = system_actor()
        agencies_new = seed_agencies(session, actor)
        created = seed_demo_users(session, actor, pw)
        reports = _seed_intel(session)
        flows_files = _seed_flows(session)
    typer.echo(f"store: {engine.url.render_as_string(hide_password=True)} (migrated)")
    typer.echo(f"agencies seeded: {agencies_new} new")
    typer.echo(f"demo users: {', '.join(n for n, _, _ in DEMO_USERS)} ({len(created)} created now)")
    typer.echo(f"fictional demo intelligence: {reports} reports loaded now")
    typer.echo(f"published flows figures (flows page): {flows_files} files loaded now")
    if created:
        typer.echo(f"demo password: {pw}")
    elif password is None:
        typer.echo("demo password: unchanged (users existed; pass --password to set new ones)")
    if serve:
        _serve(engine, when, begin, hours, speed, host, port)


def _seed_intel(session: Session) -> int:
    """Fictional intelligence reports between the UK, French and Belgian analysts (once)."""
    from straitwatch.access.users import actor_for, get_user
    from straitwatch.intel.demo import DEMO_AUTHORS, seed_demo_intel

    actors = {n: actor_for(session, get_user(session, n)) for n in DEMO_AUTHORS}
    return seed_demo_intel(session, actors)


def _seed_flows(session: Session) -> int:
    """The published crossing figures straitwatch ships, when the store has none yet."""
    from straitwatch.flows import bundled_sources, has_data, load_sources, parse_source

    if has_data(session):
        return 0
    return len(load_sources(session, system_actor(), [parse_source(p) for p in bundled_sources()]))


def _serve(
    engine: Engine,
    when: dt.date,
    begin: dt.time,
    hours: float,
    speed: float,
    host: str,
    port: int,
) -> None:
    from straitwatch.api.app import create_app
    from straitwatch.cli.serve import run_server
    from straitwatch.picture.demo_script import simulated_demo
    from straitwatch.picture.live import Picture
    from straitwatch.picture.pipeline import Pipeline
    from straitwatch.picture.replay import Replay

    settings = context.settings()
    cache = settings.data_dir / "demo"
    typer.echo(
        f"simulating {when} {begin:%H:%M}Z + {hours:g} h (cached in {cache}) "
        "and loading the Solent AIS sample..."
    )
    sim = simulated_demo(when, cache, start=begin, hours=hours)
    typer.echo(
        f"{sim.boats} small boats with {sim.persons} people in the window "
        f"({len(sim.script.observations):,} observations)"
    )
    picture = Picture()
    pipeline = Pipeline(
        engine,
        picture,
        tracker_config=sim.tracker_config,
        escalation_s=settings.distress_escalation_s,
    )
    replay = Replay(sim.script, pipeline, speed=speed)
    app = create_app(settings, engine=engine, picture=picture, feeders=[replay.run], replay=replay)
    typer.echo(
        f"live picture: http://{host}:{port}  (replaying {sim.script.duration_s / 3600:.1f} h "
        f"at x{speed:g}, in a loop; Ctrl-C to stop)"
    )
    run_server(app, host, port)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
