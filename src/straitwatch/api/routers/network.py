# SPDX-License-Identifier: EUPL-1.2
"""``/api/network``: the link chart's data — the network the actor may see (built only
from the entity values the one visibility decision lets them see), k-hop expansion, paths,
and exports. Every request is a consultation in the audit log, with its purpose."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from pydantic import Field

from straitwatch.api.deps import ActorDep, SessionDep
from straitwatch.api.inputs import NO_NUL, RequestBody, StoredId
from straitwatch.api.purpose import ReadPurpose

router = APIRouter(prefix="/api/network", tags=["network"])

EntityId = Annotated[str, Path(max_length=128, pattern=NO_NUL)]
Reports = Annotated[
    bool, Query(description="Draw the reports behind the entities as nodes (mentions links).")
]


@router.get("")
def graph(
    session: SessionDep,
    actor: ActorDep,
    purpose: ReadPurpose,
    top: Annotated[int, Query(ge=1, le=100)] = 10,
    reports: Reports = False,
) -> dict[str, Any]:
    """Every entity and link the actor may see, with communities, centralities and the
    key facilitators (with the reasons for each)."""
    from straitwatch.intel.network.view import actor_network

    return actor_network(session, actor, purpose=purpose).as_dict(top=top, reports=reports)


@router.get("/expand/{entity_id}")
def expand(
    entity_id: EntityId,
    session: SessionDep,
    actor: ActorDep,
    purpose: ReadPurpose,
    hops: Annotated[int, Query(ge=1, le=3)] = 1,
    reports: Reports = False,
) -> dict[str, Any]:
    """The entities within ``hops`` links of one entity, and the links among them."""
    from straitwatch.intel.network.view import actor_network, expand

    network = actor_network(
        session, actor, purpose=purpose, query="expand", entity=entity_id, hops=hops
    )
    return network.as_dict(expand(session, actor, network, entity_id, hops), reports=reports)


@router.get("/path")
def path(
    session: SessionDep,
    actor: ActorDep,
    purpose: ReadPurpose,
    source: Annotated[str, Query(alias="from", min_length=1, max_length=128, pattern=NO_NUL)],
    target: Annotated[str, Query(alias="to", min_length=1, max_length=128, pattern=NO_NUL)],
    reports: Reports = False,
) -> dict[str, Any]:
    """The shortest chain of links between two entities (``path`` empty when none)."""
    from straitwatch.intel.network.view import actor_network, path_between

    network = actor_network(
        session, actor, purpose=purpose, query="path", source=source, target=target
    )
    chain = path_between(session, actor, network, source, target)
    chart = network.as_dict(set(chain), reports=reports)
    chart["path"] = chain
    return chart


@router.get("/export")
def export(
    session: SessionDep,
    actor: ActorDep,
    purpose: ReadPurpose,
    format: Annotated[Literal["gexf", "anx", "ftm"], Query()] = "gexf",
    entity: Annotated[str | None, Query(max_length=128, pattern=NO_NUL)] = None,
    hops: Annotated[int, Query(ge=1, le=3)] = 2,
    reports: Reports = False,
) -> Response:
    """The network (or one entity's neighbourhood) as GEXF, i2 ANX XML or FtM JSON lines;
    a disclosure-grade consultation in the audit log."""
    from straitwatch.intel.network.export import FORMATS, to_anx, to_ftm_lines, to_gexf
    from straitwatch.intel.network.view import actor_network, expand

    network = actor_network(
        session, actor, purpose=purpose, query="export", format=format, entity=entity
    )
    ids = expand(session, actor, network, entity, hops) if entity else None
    chart = network.as_dict(ids, reports=reports)
    writer = {"gexf": to_gexf, "anx": to_anx, "ftm": to_ftm_lines}[format]
    media, extension = FORMATS[format]
    return Response(
        writer(chart),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="network.{extension}"'},
    )


class ChartIn(RequestBody):
    """A chart to keep: its name, the entities charted, where they were placed, whom to
    share it with, and why (audit log)."""

    name: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    entity_ids: list[Annotated[str, Field(max_length=128, pattern=NO_NUL)]] = Field(
        min_length=1, max_length=2000
    )
    positions: dict[Annotated[str, Field(max_length=128)], tuple[float, float]] = Field(
        default_factory=dict, max_length=2000
    )
    shared_with: list[Annotated[str, Field(max_length=16)]] = Field(
        default_factory=list, max_length=20
    )
    purpose: str = Field(min_length=1, max_length=300, pattern=NO_NUL)


@router.post("/charts", status_code=201)
def save(body: ChartIn, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """Keep a chart of entities you may see, shared with the agencies named (each of them
    sees in it only what they may see)."""
    from straitwatch.intel.network.charts import ChartDraft, save_chart

    draft = ChartDraft(
        body.name,
        tuple(body.entity_ids),
        dict(body.positions),
        tuple(body.shared_with),
        body.purpose,
    )
    return {"id": save_chart(session, actor, draft)}


@router.get("/charts")
def charts(session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """The charts your agency made or that were shared with it."""
    from straitwatch.intel.network.charts import list_charts

    return {"charts": list_charts(session, actor)}


@router.get("/charts/{chart_id}")
def chart(
    chart_id: StoredId,
    session: SessionDep,
    actor: ActorDep,
    purpose: ReadPurpose,
    reports: Reports = False,
) -> dict[str, Any]:
    """A saved chart, drawn from what you may see."""
    from straitwatch.intel.network.charts import open_chart

    return open_chart(session, actor, chart_id, purpose=purpose, reports=reports)


class DisruptionIn(RequestBody):
    """A disruption against entities of a network: what happened, when, to whom, why."""

    kind: str = Field(min_length=1, max_length=32, pattern=NO_NUL)
    occurred_on: date
    entity_ids: list[Annotated[str, Field(max_length=128, pattern=NO_NUL)]] = Field(
        min_length=1, max_length=200
    )
    note: str | None = Field(default=None, max_length=2000, pattern=NO_NUL)
    purpose: str = Field(min_length=1, max_length=300, pattern=NO_NUL)


@router.post("/disruptions", status_code=201)
def record(body: DisruptionIn, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """Record a disruption (arrest, seizure, frozen account, ...) against entities you may
    see; it is counted in your agency's briefing and measured against the network."""
    from straitwatch.intel.network.disruptions import DisruptionDraft, record_disruption

    draft = DisruptionDraft(
        body.kind, body.occurred_on, tuple(body.entity_ids), body.note, body.purpose
    )
    return {"id": record_disruption(session, actor, draft)}


@router.get("/disruptions")
def disruptions(session: SessionDep, actor: ActorDep, purpose: ReadPurpose) -> dict[str, Any]:
    """Your agency's disruptions, each with what it changed in the network you may see
    (before and after: links, connected groups, reachable pairs, networks identified)."""
    from straitwatch.intel.network.disruptions import list_disruptions
    from straitwatch.intel.network.view import actor_network

    network = actor_network(session, actor, purpose=purpose, query="disruptions")
    return {"disruptions": list_disruptions(session, actor, network)}


@router.get("/brief")
def brief(
    session: SessionDep,
    actor: ActorDep,
    purpose: ReadPurpose,
    days: Annotated[int, Query(ge=1, le=366)] = 7,
) -> dict[str, Any]:
    """The weekly briefing's network section: networks identified, facilitators linked,
    disruptions recorded, key facilitators and why, who appeared and who went quiet."""
    from straitwatch.intel.network.briefing import network_brief
    from straitwatch.intel.network.disruptions import list_disruptions
    from straitwatch.intel.network.view import actor_network

    network = actor_network(session, actor, purpose=purpose, query="brief", days=days)
    return network_brief(network, list_disruptions(session, actor, network), days=days)
