"""``straitwatch intel``: graded reports, dissemination, permission requests, entities and
search, acting as a named user (``--as``) so every consultation is attributable."""

from __future__ import annotations

import mimetypes
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from straitwatch.access.actor import Actor
from straitwatch.cli import context
from straitwatch.cli.output import emit_json, emit_table
from straitwatch.errors import InvalidInput, NotFound
from straitwatch.store.db import transaction

app = typer.Typer(
    help="Intelligence exchange: reports, dissemination, entities, search.\n\n"
    "Example: straitwatch intel reports list --as uk.analyst",
    no_args_is_help=True,
)
reports = typer.Typer(help="Graded intelligence reports.", no_args_is_help=True)
requests = typer.Typer(
    help="Permission requests to providers (H2, 5x5x5 code 5).", no_args_is_help=True
)
entities = typer.Typer(help="FtM entities: import, export, show.", no_args_is_help=True)
app.add_typer(reports, name="reports")
app.add_typer(requests, name="requests")
app.add_typer(entities, name="entities")

AS = typer.Option(..., "--as", help="User name to act as (its agency and role apply).")
PURPOSE = typer.Option(None, "--purpose", help="Why you consult it (written to the audit log).")
JSON = typer.Option(False, "--json", help="One JSON object instead of text.")


def actor(session: Session, username: str) -> Actor:
    """The stored user ``username`` as an actor (CLI commands act as a named person)."""
    from straitwatch.access.users import actor_for
    from straitwatch.store.access import UserRow

    row = session.scalar(select(UserRow).where(UserRow.username == username))
    if row is None or not row.active:
        raise NotFound(f"no active user {username!r} (see `straitwatch users list`)")
    return actor_for(session, row)


def _day(text: str | None, name: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError as exc:
        raise InvalidInput(f"{text!r} is not a date (YYYY-MM-DD)", where=name) from exc


def _when(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"{text!r} is not an ISO time", where="--event-time") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)


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
        event_time=_when(event_time),
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
        review_date=_day(review_date, "--review-date"),
        retention_until=_day(retention_until, "--retention-until"),
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


@requests.command("list")
def requests_list(
    as_user: str = AS,
    status: str | None = typer.Option(None, "--status", help="pending, approved or refused"),
    as_json: bool = JSON,
) -> None:
    """Permission requests your agency must decide or made.

    Example: straitwatch intel requests list --as uk.supervisor --status pending
    """
    from straitwatch.intel.dissemination import list_requests

    with transaction(context.engine()) as s:
        rows = list_requests(s, actor(s, as_user), status)
    if as_json:
        emit_json({"requests": rows})
        return
    emit_table(
        ["id", "report", "status", "requested_by", "for", "reason"],
        [
            [
                r["id"],
                r["report_id"],
                r["status"],
                r["requested_by"],
                ",".join(r["to_agencies"]),
                r["reason"],
            ]
            for r in rows
        ],
    )


def _decide(request_id: int, as_user: str, approve: bool, reason: str | None) -> None:
    from straitwatch.intel.dissemination import decide_request

    with transaction(context.engine()) as s:
        r = decide_request(s, actor(s, as_user), request_id, approve=approve, reason=reason)
    typer.echo(f"request {r['id']} {r['status']}")


@requests.command("approve")
def requests_approve(
    request_id: int, as_user: str = AS, reason: str | None = typer.Option(None, "--reason")
) -> None:
    """Approve a request: the report is disseminated to the agencies asked for.

    Example: straitwatch intel requests approve 3 --as uk.supervisor
    """
    _decide(request_id, as_user, True, reason)


@requests.command("refuse")
def requests_refuse(
    request_id: int, reason: str = typer.Option(..., "--reason"), as_user: str = AS
) -> None:
    """Refuse a request, with a reason: the report stays invisible to them.

    Example: straitwatch intel requests refuse 3 --reason "source at risk" --as uk.supervisor
    """
    _decide(request_id, as_user, False, reason)


@entities.command("import")
def entities_import(
    path: Path,
    as_user: str = AS,
    report: int | None = typer.Option(None, "--report", help="The report they were drawn from."),
    phone_region: str | None = typer.Option(
        None, "--phone-region", help="Region for numbers without +country code, e.g. FR."
    ),
) -> None:
    """Load FtM JSON lines (all or nothing; a bad line is named, numbers are E.164).

    Example: straitwatch intel entities import people.jsonl --report 7 --as uk.analyst
    """
    from straitwatch.intel.entities import load_entities

    if not path.is_file():
        raise InvalidInput(f"no file {path}")
    with path.open(encoding="utf-8") as fh, transaction(context.engine()) as s:
        n = load_entities(s, actor(s, as_user), fh, report_id=report, phone_region=phone_region)
    typer.echo(f"{n} entities loaded from {path}")


@entities.command("export")
def entities_export(
    as_user: str = AS,
    q: str | None = typer.Option(None, "--q", help="Only entities containing this text."),
    out: Path | None = typer.Option(None, "--out"),
    purpose: str | None = PURPOSE,
) -> None:
    """Write the entities you may see as FtM JSON lines (with their handling code).

    Example: straitwatch intel entities export --as fr.analyst --out entities.jsonl
    """
    from straitwatch.intel.entities import export_entities

    with transaction(context.engine()) as s:
        lines = list(export_entities(s, actor(s, as_user), q, purpose=purpose))
    text = "".join(line + "\n" for line in lines)
    if out:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"{len(lines)} entities written to {out}", err=True)
    else:
        typer.echo(text, nl=False)


@entities.command("show")
def entities_show(entity_id: str, as_user: str = AS, purpose: str | None = PURPOSE) -> None:
    """One entity with the provenance of each value (a consultation event).

    Example: straitwatch intel entities show uto-engine-1 --as uk.analyst
    """
    from straitwatch.intel.entities import get_entity

    with transaction(context.engine()) as s:
        emit_json(get_entity(s, actor(s, as_user), entity_id, purpose=purpose))


@app.command("search")
def search_cmd(
    query: str, as_user: str = AS, purpose: str | None = PURPOSE, as_json: bool = JSON
) -> None:
    """Full-text search over the reports and entities you may see.

    Example: straitwatch intel search "gravelines engine" --as fr.analyst
    """
    from straitwatch.intel.search import search

    with transaction(context.engine()) as s:
        hits = search(s, actor(s, as_user), query, purpose=purpose)
    if as_json:
        emit_json({"hits": hits})
        return
    emit_table(
        ["kind", "id", "handling", "title"],
        [[h["kind"], h["id"], h["handling"], h["title"]] for h in hits],
    )


@app.command("seed-demo")
def seed_demo() -> None:
    """Load the fictional demo intelligence (needs the demo users uk.analyst, fr.analyst,
    be.analyst, created by `straitwatch demo`); does nothing when reports exist.

    Example: straitwatch intel seed-demo
    """
    from straitwatch.intel.demo import DEMO_AUTHORS, seed_demo_intel

    with transaction(context.engine()) as s:
        actors = {name: actor(s, name) for name in DEMO_AUTHORS}
        n = seed_demo_intel(s, actors)
    typer.echo(f"{n} fictional demo reports loaded")
