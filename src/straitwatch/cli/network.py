# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch network``: link analysis for batch work over an edge list."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated

import typer

from straitwatch.cli.output import emit_json, emit_table

__all__ = ["app"]

app = typer.Typer(
    help="Network analysis: communities, centralities, key nodes.", no_args_is_help=True
)


@app.command("analyse")
def analyse_command(
    edges: Annotated[Path, typer.Argument(help="CSV with columns source,target[,weight]")],
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
    out: Annotated[
        Path | None,
        typer.Option(help="write node,community,degree,pagerank,... per node to this CSV"),
    ] = None,
    top: Annotated[
        int, typer.Option(min=1, max=1000, help="how many nodes to list per measure")
    ] = 10,
    seed: Annotated[
        int, typer.Option(help="seed of the community search (same seed, same result)")
    ] = 7,
) -> None:
    """Find communities (Leiden) and the top nodes by degree, PageRank, betweenness, k-core
    and participation in an edge list, with how long each took.

    Example: straitwatch network analyse edges.csv --json --out nodes.csv
    """
    from straitwatch.intel.network.analysis import MEASURES, analyse
    from straitwatch.intel.network.graph import read_edge_csv

    result = analyse(read_edge_csv(edges), seed=seed)
    if out is not None:
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["node", "community", *MEASURES])
            for i, node in enumerate(result.graph.nodes):
                writer.writerow(
                    [
                        node,
                        int(result.community[i]),
                        *(f"{result.values[m][i]:.6g}" for m in MEASURES),
                    ]
                )
    payload = result.as_dict(top)
    if as_json:
        emit_json(payload)
        return
    typer.echo(
        f"{payload['nodes']} nodes, {payload['edges']} edges, "
        f"{payload['communities']['count']} communities (largest: "
        f"{', '.join(str(s) for s in payload['communities']['largest'][:5])})"
    )
    for measure in MEASURES:
        typer.echo(f"\ntop by {measure}:")
        emit_table(
            ["node", measure], [[r["node"], f"{r['value']:.4g}"] for r in payload["top"][measure]]
        )
    typer.echo("\nkey nodes:")
    emit_table(
        ["node", "score", "community", "why"],
        [
            [k["node"], k["score"], k["community"], "; ".join(_reason(r) for r in k["reasons"])]
            for k in payload["key_nodes"]
        ],
    )
    typer.echo("\ntimings (s): " + ", ".join(f"{k} {v}" for k, v in payload["timings_s"].items()))


def _reason(reason: dict[str, object]) -> str:
    figures = ", ".join(f"{k}={v}" for k, v in reason.items() if k != "code")
    return f"{reason['code']}({figures})"


@app.command("brief")
def brief_command(
    as_user: Annotated[
        str, typer.Option("--as", help="User name to act as (its agency and role apply).")
    ],
    purpose: Annotated[
        str, typer.Option(help="Why you consult the network (written to the audit log).")
    ],
    days: Annotated[
        int, typer.Option(min=1, max=366, help="what counts as new: the last DAYS days")
    ] = 7,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """The network summary for the weekly briefing, from what USER may see: networks
    identified (communities of two or more entities with a person among them),
    facilitators linked (persons in them), disruptions recorded by USER's agency, key
    facilitators with their reasons, who appeared, who went quiet, new links.

    Example: straitwatch network brief --as uk.analyst --purpose "weekly briefing"
    """
    from straitwatch.cli import context
    from straitwatch.cli.acting import actor
    from straitwatch.intel.network.briefing import network_brief
    from straitwatch.intel.network.disruptions import list_disruptions
    from straitwatch.intel.network.view import actor_network
    from straitwatch.store.db import transaction

    with transaction(context.engine()) as s:
        who = actor(s, as_user)
        network = actor_network(s, who, purpose=purpose, query="brief", days=days)
        payload = network_brief(network, list_disruptions(s, who, network), days=days)
    if as_json:
        emit_json(payload)
        return
    typer.echo(
        f"networks identified: {payload['networks_identified']}; facilitators linked: "
        f"{payload['facilitators_linked']}; disruptions recorded: "
        f"{payload['disruptions_recorded']} ({payload['disruptions_in_period']} in the last "
        f"{days} days); new links in the last {days} days: {payload['new_links']}"
    )
    for k, found in enumerate(payload["networks"], start=1):
        typer.echo(f"network {k}: {', '.join(found['members'])}")
        if found["operations"]:
            typer.echo(f"  reported under: {'; '.join(found['operations'])}")
    emit_table(
        ["key facilitator", "why"],
        [
            [k["caption"], "; ".join(_reason(r) for r in k["reasons"])]
            for k in payload["key_facilitators"]
        ],
    )
