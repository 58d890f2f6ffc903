"""The ``straitwatch`` command: one Typer app, one module per command group.

Every error we raise on purpose ends the command with ``error: <message>`` on stderr and
exit status 2; nothing prints a stack trace to the user.
"""

from __future__ import annotations

import importlib
import sys

import typer

from straitwatch.errors import StraitwatchError

__all__ = ["app", "main"]

app = typer.Typer(
    name="straitwatch",
    help=(
        "Joint border-operations platform for the English Channel.\n\n"
        "Example: straitwatch demo --port 8000"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# (group name, module). Each module defines ``app`` (a Typer group) or ``register(app)``
# for top-level commands; heavy imports stay inside the commands.
GROUPS: list[tuple[str, str]] = [
    ("db", "straitwatch.cli.db"),
    ("agencies", "straitwatch.cli.agencies"),
    ("users", "straitwatch.cli.users"),
    ("tokens", "straitwatch.cli.tokens"),
    ("audit", "straitwatch.cli.audit"),
    ("intel", "straitwatch.cli.intel"),
    ("retention", "straitwatch.cli.retention"),
    ("", "straitwatch.cli.demo"),
    ("", "straitwatch.cli.serve"),
    ("pipeline", "straitwatch.cli.pipeline"),
    ("", "straitwatch.cli.ingest"),
    ("deadletter", "straitwatch.cli.deadletter"),
    ("flows", "straitwatch.cli.flows"),
    ("mrz", "straitwatch.cli.mrz"),
    ("alerts", "straitwatch.cli.alerts"),
    ("", "straitwatch.cli.simulate"),
    ("", "straitwatch.cli.track"),
    ("link", "straitwatch.cli.link"),
    ("network", "straitwatch.cli.network"),
]


def _mount() -> None:
    for name, module_name in GROUPS:
        module = importlib.import_module(module_name)
        if name:
            app.add_typer(module.app, name=name)
        else:
            module.register(app)


_mounted = False


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    global _mounted
    if not _mounted:
        _mount()
        _mounted = True
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
    except Exception as exc:  # click usage errors arrive here in non-standalone mode
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            return 2
        raise
    return status if isinstance(status, int) else 0


if __name__ == "__main__":
    sys.exit(main())
