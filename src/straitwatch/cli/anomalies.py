# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch anomalies``: files through ingest, tracking and the behaviour rules,
events printed as a table or JSON lines."""

from __future__ import annotations

from pathlib import Path

import typer

from straitwatch.errors import InvalidInput

__all__ = ["register"]

HEADERS = ("type", "vessels", "start", "end", "lat", "lon", "rule", "thresholds")


def anomalies(
    paths: list[Path] = typer.Argument(..., help="Sensor files (NMEA, AIS CSV, plots, sightings)."),
    preset_name: str = typer.Option("gfw", "--preset", help="gfw or channel."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per event."),
    language: str | None = typer.Option(
        None, "--lang", help="en or fr (default: STRAITWATCH_LANG, then LANG)."
    ),
    file_format: str = typer.Option(
        "auto",
        "--format",
        help="auto, nmea, ais-csv, plots, sightings, cameras, aircraft or satellite "
        "(docs/formats.md).",
    ),
) -> None:
    """Find behaviour events (encounters, loitering, AIS gaps and switch-offs, identity
    conflicts, impossible jumps, positions on land, identity mismatches) in sensor files.

    Example: straitwatch anomalies day/ais.nmea day/radar.csv --preset channel --json
    """
    import json
    import os

    from straitwatch.behaviour.files import find_in_files
    from straitwatch.behaviour.preset import preset
    from straitwatch.i18n import LANGUAGES, catalogue
    from straitwatch.i18n.negotiate import terminal_language

    if language is not None and language not in LANGUAGES:
        raise InvalidInput(f"unknown language {language!r} (en or fr)", where="--lang")
    words = catalogue(language or terminal_language(os.environ))

    for path in paths:
        if not path.is_file():
            raise InvalidInput("no such file", where=str(path))
    the_preset = preset(preset_name)
    run = find_in_files(paths, the_preset, file_format=file_format)
    if as_json:
        for event in run.events:
            typer.echo(json.dumps(event.to_json(), ensure_ascii=False))
    else:
        from straitwatch.cli.output import emit_table

        rows = [
            (
                str(e.type),
                ", ".join(e.vessels),
                e.to_json()["start"],
                e.to_json()["end"] or words.gettext("ongoing", context="anomalies"),
                f"{e.lat:.5f}",
                f"{e.lon:.5f}",
                e.rule,
                _short(e.thresholds),
            )
            for e in run.events
        ]
        emit_table([words.gettext(h, context="anomalies.header") for h in HEADERS], rows)
    # English sentences with values; the catalogue (patterns) says them in the user's words.
    line = words.translate(
        f"{run.records} records read, {run.positions} positions judged, "
        f"{len(run.events)} events ({the_preset.name} preset)"
    )
    if run.refused:
        refused = ", ".join(f"{k} {v}" for k, v in sorted(run.refused.items()))
        line += words.translate(f"; refused: {refused}")
    typer.echo(line, err=True)


def _short(thresholds: dict[str, object]) -> str:
    flat = {k: v for k, v in thresholds.items() if not isinstance(v, dict) and v not in (None,)}
    return " ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in flat.items())


def register(app: typer.Typer) -> None:
    app.command("anomalies")(anomalies)
