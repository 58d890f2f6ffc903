# SPDX-License-Identifier: EUPL-1.2
"""``GET /api/health``: which components are up, for a monitoring system; ``GET /metrics``:
Prometheus metrics of the live server. Both public (counts only, no data), served on the
event loop and outside admission control, so they answer even when every worker is busy."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from straitwatch.api.deps import PictureDep
from straitwatch.api.operations import LiveCollector, health

router = APIRouter(tags=["health"])


@router.get("/api/health")
async def get_health(request: Request, picture: PictureDep) -> Any:
    """``{"status": "ok"|"degraded", "components": {"store": {"up"}, "bus": {"up"},
    "pipeline": {...}}, "feeds": {name: {"last_message_age_s"}}, "picture_clock"}``:
    200 when every component is up, 503 (same body) when one is not."""
    status, body = await health(request.app.state.engine, picture, request.app.state.operations)
    return JSONResponse(body, status_code=status)


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request, picture: PictureDep) -> Response:
    """The Prometheus text format, read from the live state now."""
    from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

    registry = CollectorRegistry(auto_describe=False)
    state = request.app.state
    registry.register(LiveCollector(state.engine, picture, state.operations))
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
