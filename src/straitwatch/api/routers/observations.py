# SPDX-License-Identifier: EUPL-1.2
"""``POST /api/observations``: plots and sightings posted by a sensor (machine token), validated
by the ingest stage (refused records named by index and kept as dead letters), stored, and
handed to the live pipeline."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from sqlalchemy import Engine

from straitwatch.api.deps import ActorDep
from straitwatch.errors import StoreUnavailable
from straitwatch.sensors.observation import Observation
from straitwatch.sensors.plots import PositionReportFeed
from straitwatch.sensors.posts import ingest_posted, posting_state
from straitwatch.sensors.state import StreamState

router = APIRouter(prefix="/api/observations", tags=["observations"])

_EXAMPLE = [
    {
        "type": "plot",
        "time": "2022-08-22T04:10:00Z",
        "sensor_id": "radar-dover",
        "lat": 51.05,
        "lon": 1.45,
        "sigma_m": 25,
    }
]


@router.post("")
def post_observations(
    request: Request,
    actor: ActorDep,
    records: Annotated[list[dict[str, Any]], Body(max_length=10_000, examples=[_EXAMPLE])],
    feed: str | None = None,
) -> dict[str, Any]:
    """Store the records (``observations.ingest`` permission: sensor machine tokens) and
    feed the accepted ones to the live tracker. Answers counts and each refusal by index.

    When the tracker cannot be reached (the bus is down) the answer is 503 with
    Retry-After and nothing is stored or remembered: the sender's retry counts as new."""
    engine: Engine = request.app.state.engine
    inbox = request.app.state.inbox
    ready = getattr(inbox, "ready", None)
    if ready is not None and not ready():
        raise StoreUnavailable("the tracker cannot be reached (bus down); nothing was stored")
    states: dict[str, StreamState] = request.app.state.posting_states
    name = feed or f"http:{actor.username}"
    request.app.state.operations.seen(name)
    state = states.setdefault(name, posting_state(sites=request.app.state.sensor_sites))
    result = ingest_posted(engine, records, actor, feed=name, state=state)
    refused = {int(r["index"]) for r in result.rejections}
    # The records were validated and stored above; decode the accepted ones once more
    # (with a fresh duplicate filter) to hand them to the pipeline.
    reader = PositionReportFeed(name, posting_state(sites=request.app.state.sensor_sites))
    accepted: list[Observation] = []
    for index, obj in enumerate(records):
        if index in refused:
            continue
        accepted += [i for i in reader.push_object(obj, index) if isinstance(i, Observation)]
    if inbox is not None and accepted:
        inbox(accepted)
    return result.as_dict()
