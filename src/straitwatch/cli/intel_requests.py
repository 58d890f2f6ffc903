# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch intel requests``: permission requests to a report's provider (list,
approve, refuse)."""

from __future__ import annotations

import typer

from straitwatch.cli import context
from straitwatch.cli.acting import AS, JSON, actor
from straitwatch.cli.output import emit_json, emit_table
from straitwatch.store.db import transaction

__all__ = ["requests"]

requests = typer.Typer(
    help="Permission requests to providers (H2, 5x5x5 code 5).", no_args_is_help=True
)


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
