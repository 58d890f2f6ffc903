# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch intel reports``: graded intelligence reports (add, list, show,
disseminate, acknowledge, handling)."""

from __future__ import annotations

import mimetypes
import sys
from pathlib import Path
from typing import Any

import typer

from straitwatch.cli import context
from straitwatch.cli.acting import AS, JSON, PURPOSE, actor, day, when
from straitwatch.cli.output import emit_json, emit_table
from straitwatch.store.db import transaction

__all__ = ["reports"]

reports = typer.Typer(help="Graded intelligence reports.", no_args_is_help=True)


@reports.command("add")
def reports_add(
    title: str = typer.Option(..., "--title"),
    text: str = typer.Option(..., "--text", help="The report text ('-' reads stdin)."),
    event_time: str = typer.Option(..., "--event-time", help="When it happened (ISO, UTC)."),
    purpose: str = typer.Option(..., "--purpose", help="Purpose of the processing."),
    legal_basis: str = typer.Option(..., "--legal-basis"),
    grade_scale: str = typer.Option(
        ..., "--scale", help="uk_3x5x2, uk_5x5x5, europol_4x4, nato_admiralty"
    ),
    source: str = typer.Option(..., "--source", help="Source code as the provider gave it."),
    information: str = typer.Option(..., "--information", help="Information code as given."),
    handling_scale: str = typer.Option(..., "--handling-scale"),
    handling: str = typer.Option(..., "--handling", help="P/C, 1-5 or H0-H3."),
    conditions: str | None = typer.Option(None, "--conditions"),
    location: str | None = typer.Option(None, "--location"),
    subject: list[str] = typer.Option([], "--subject", help="A subject (repeatable)."),
    review_date: str | None = typer.Option(None, "--review-date"),
    retention_until: str | None = typer.Option(None, "--retention-until"),
    attach: list[Path] = typer.Option([], "--attach", help="Attach a file (repeatable)."),
    as_user: str = AS,
    as_json: bool = JSON,
) -> None:
    """Store a report graded as its provider graded it.

    Example: straitwatch intel reports add --as uk.analyst --title "Engine cache" --text -
    --event-time 2026-11-01T21:30 --purpose "Op TESTFALL" --legal-basis "DPA 2018 Part 3"
    --scale uk_3x5x2 --source 1 --information B --handling-scale europol_4x4 --handling H2
    """
    from straitwatch.intel.attachments import Attachment
    from straitwatch.intel.reports import ReportDraft, create_report

    body = sys.stdin.read() if text == "-" else text
    files = tuple(
        Attachment(p.name, mimetypes.guess_type(p.name)[0] or "", p.read_bytes()) for p in attach
    )
    draft = ReportDraft(
        title=title,
        body=body,
        event_time=when(event_time),
        purpose=purpose,
        legal_basis=legal_basis,
        grade_scale=grade_scale,
        grade_source=source,
        grade_information=information,
        handling_scale=handling_scale,
        handling_code=handling,
        handling_conditions=conditions,
        location=location,
        subjects=tuple(subject),
        review_date=day(review_date, "--review-date"),
        retention_until=day(retention_until, "--retention-until"),
        attachments=files,
    )
    with transaction(context.engine()) as s:
        view = create_report(s, actor(s, as_user), draft)
    if as_json:
        emit_json(view.to_dict())
    else:
        typer.echo(f"report {view.id} stored ({view.grade.as_given}, {view.handling.code})")


def _banner(h: dict[str, Any]) -> str:
    return f"  [{h['banner']}]" if h.get("banner") else ""


@reports.command("list")
def reports_list(as_user: str = AS, purpose: str | None = PURPOSE, as_json: bool = JSON) -> None:
    """Reports you may see, best graded first.

    Example: straitwatch intel reports list --as fr.analyst
    """
    from straitwatch.intel.reports import list_reports

    with transaction(context.engine()) as s:
        views = [v.to_dict() for v in list_reports(s, actor(s, as_user), purpose=purpose)]
    if as_json:
        emit_json({"reports": views})
        return
    emit_table(
        ["id", "grade", "handling", "provider", "title"],
        [
            [
                v["id"],
                v["grade"]["as_given"],
                f"{v['handling']['scale']} {v['handling']['code']}",
                v["provider_agency"],
                v["title"] + _banner(v["handling"]),
            ]
            for v in views
        ],
    )


@reports.command("show")
def reports_show(
    report_id: int, as_user: str = AS, purpose: str | None = PURPOSE, as_json: bool = JSON
) -> None:
    """One report (a consultation event), with its handling code and banner.

    Example: straitwatch intel reports show 7 --as fr.analyst --purpose "Op TESTFALL"
    """
    from straitwatch.intel.reports import get_report

    with transaction(context.engine()) as s:
        v = get_report(s, actor(s, as_user), report_id, purpose=purpose).to_dict()
    if as_json:
        emit_json(v)
        return
    h = v["handling"]
    if h["banner"]:
        typer.echo(f"*** {h['banner']} ***")
    typer.echo(f"#{v['id']} {v['title']}\nprovider {v['provider_agency']} ({v['author']})")
    typer.echo(f"grade {v['grade']['as_given']} (normalised {v['grade']['sort_key']}/200)")
    if v["grade"]["translated"]:
        typer.echo(f"in your scale: {v['grade']['translated']} (translation; as given stands)")
    typer.echo(f"handling {h['scale']} {h['code']}: {h['label']}")
    if h["conditions"]:
        typer.echo(f"conditions: {h['conditions']}")
    if v["conditions_to_acknowledge"]:
        typer.echo("text withheld: acknowledge the conditions with `intel reports acknowledge`")
    else:
        typer.echo("\n" + v["body"])


@reports.command("disseminate")
def reports_disseminate(
    report_id: int,
    to: list[str] = typer.Option(..., "--to", help="Agency code, or ALL (repeatable)."),
    as_user: str = AS,
    purpose: str | None = PURPOSE,
    as_json: bool = JSON,
) -> None:
    """Share a report with partner agencies, as its handling code allows.

    Example: straitwatch intel reports disseminate 7 --to PREMAR --to BEFP --as uk.analyst
    """
    from straitwatch.intel.dissemination import disseminate

    with transaction(context.engine()) as s:
        out = disseminate(s, actor(s, as_user), report_id, to, purpose=purpose)
    if as_json:
        emit_json({"outcomes": [o.to_dict() for o in out]})
        return
    emit_table(
        ["agency", "outcome", "request", "reason"],
        [[o.agency, o.outcome, o.request_id, o.reason] for o in out],
    )


@reports.command("acknowledge")
def reports_acknowledge(report_id: int, as_user: str = AS) -> None:
    """Acknowledge a report's handling conditions (then its text is shown).

    Example: straitwatch intel reports acknowledge 7 --as fr.analyst
    """
    from straitwatch.intel.dissemination import acknowledge

    with transaction(context.engine()) as s:
        acknowledge(s, actor(s, as_user), report_id)
    typer.echo(f"conditions of report {report_id} acknowledged")


@reports.command("handling")
def reports_handling(
    report_id: int,
    scale: str = typer.Option(..., "--scale"),
    code: str = typer.Option(..., "--code"),
    reason: str = typer.Option(..., "--reason"),
    conditions: str | None = typer.Option(None, "--conditions"),
    as_user: str = AS,
) -> None:
    """Relax or tighten a report's handling code (its provider's supervisor; audited).

    Example: straitwatch intel reports handling 7 --scale europol_4x4 --code H0
    --reason "cleared for court" --as uk.supervisor
    """
    from straitwatch.intel.reports import change_handling

    with transaction(context.engine()) as s:
        v = change_handling(s, actor(s, as_user), report_id, scale, code, conditions, reason)
    typer.echo(f"report {v.id} now {v.handling.scale} {v.handling.code}")
