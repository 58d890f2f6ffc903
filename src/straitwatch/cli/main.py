# SPDX-License-Identifier: EUPL-1.2
"""The ``straitwatch`` command: one Typer app, one module per command group.

Every error we raise on purpose ends the command with ``error: <message>`` on stderr and
exit status 2; nothing prints a stack trace to the user.
"""

from __future__ import annotations

import importlib
import sys

import typer

from straitwatch.errors import StraitwatchError

__all__ = ["COMMANDS", "GROUPS", "build_app", "main"]


def _new_app() -> typer.Typer:
    app = typer.Typer(
        name="straitwatch",
        help=(
            "Joint border-operations platform for the English Channel.\n\n"
            "Example: straitwatch demo --port 8000"
        ),
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
        rich_markup_mode=None,  # plain help: rich's import alone would take ~0.4 s
    )
    # A group even when one command is mounted (else Typer runs that command bare).
    app.callback()(_group)
    return app


def _group() -> None:
    """The command group itself does nothing; its commands do."""


# Each command group or top-level command, the module that defines it and its one-line
# help. A module defines ``app`` (a Typer group) or ``register(app)`` (top-level
# commands). Only the module of the command being run is imported (``--help`` imports
# none), so no command pays for another's imports; a test holds the table to the modules.
GROUPS: dict[str, tuple[str, str]] = {
    "db": ("straitwatch.cli.db", "Create and migrate the store."),
    "agencies": ("straitwatch.cli.agencies", "The partner agencies."),
    "users": ("straitwatch.cli.users", "People and machines who use straitwatch."),
    "tokens": ("straitwatch.cli.tokens", "API tokens for machines (sensor feeds) and scripts."),
    "audit": ("straitwatch.cli.audit", "Verify and export the audit log (DPA 2018 s.62)."),
    "intel": (
        "straitwatch.cli.intel",
        "Intelligence exchange: reports, dissemination, entities, search.",
    ),
    "retention": ("straitwatch.cli.retention", "Retention and review of intelligence."),
    "pipeline": (
        "straitwatch.cli.pipeline",
        "Run a pipeline stage as its own process over NATS JetStream.",
    ),
    "deadletter": (
        "straitwatch.cli.deadletter",
        "Sensor records refused at ingest (bad checksum, junk, impossible position...).",
    ),
    "flows": (
        "straitwatch.cli.flows",
        "Crossing statistics, prevention, forecasts, patrol plans and weekly briefings.",
    ),
    "mrz": ("straitwatch.cli.mrz", "Check a travel document's machine-readable zone (ICAO 9303)."),
    "alerts": ("straitwatch.cli.alerts", "Alerts: list, acknowledge, assign, resolve, escalate."),
    "link": (
        "straitwatch.cli.link",
        "Entity resolution: link person records across agencies, score name pairs, review.",
    ),
    "network": (
        "straitwatch.cli.network",
        "Network analysis: communities, centralities, key nodes; the weekly network brief.",
    ),
}
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("straitwatch.cli.demo", "Set up the embedded store and run the live demo."),
    "serve": ("straitwatch.cli.serve", "Serve the live picture and the API."),
    "ingest": ("straitwatch.cli.ingest", "Read sensor files into the store."),
    "listen": ("straitwatch.cli.ingest", "Listen for live AIS NMEA on UDP and/or TCP."),
    "simulate": ("straitwatch.cli.simulate", "Simulate a day of Channel traffic and small boats."),
    "replay": ("straitwatch.cli.simulate", "Run sensor files through the whole pipeline."),
    "evaluate": ("straitwatch.cli.simulate", "Score the alerts of a replay against the truth."),
    "track": ("straitwatch.cli.track", "Track sensor files and write the track updates."),
    "anomalies": (
        "straitwatch.cli.anomalies",
        "Behaviour events (encounters, loitering, AIS gaps, spoofing) found in sensor files.",
    ),
}


def _placeholder() -> None:
    """Listed in ``straitwatch --help``; never run (the real command is mounted then)."""


def build_app(argv: list[str]) -> typer.Typer:
    """The command line for ``argv``: the module of the command named in it, mounted; or,
    for ``--help`` and unknown names, every command listed without importing any."""
    app = _new_app()
    name = next((arg for arg in argv if not arg.startswith("-")), None)
    if name in GROUPS:
        app.add_typer(importlib.import_module(GROUPS[name][0]).app, name=name)
    elif name in COMMANDS:
        importlib.import_module(COMMANDS[name][0]).register(app)
    else:
        for group, (_, help_text) in GROUPS.items():
            app.add_typer(typer.Typer(help=help_text), name=group)
        for command, (_, help_text) in COMMANDS.items():
            app.command(command, help=help_text)(_placeholder)
    return app


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    app = build_app(argv)
    try:
        # Outside standalone mode click returns a command's ``typer.Exit`` code instead of
        # raising it: that is how a command says "invalid" (1) without an error.
        status = app(args=argv, standalone_mode=False)
    except StraitwatchError as exc:
        typer.echo(f"error: {exc}", err=True)
        return 2
    except typer.Abort:
        typer.echo("error: aborted", err=True)
        return 2
    except typer.Exit as exc:
        return int(exc.exit_code)
    except SystemExit as exc:
        return int(exc.code or 0) if isinstance(exc.code, int) else 2
    except typer.TyperException as exc:  # usage errors (no such option, bad value...)
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        typer.echo(f"error: {message} (see --help)", err=True)
        return 2
    return status if isinstance(status, int) else 0


if __name__ == "__main__":
    sys.exit(main())
