"""``GET /api/health``: public liveness check (no data, no credentials)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from straitwatch.api.deps import PictureDep

router = APIRouter(prefix="/api", tags=["health"])


@router.get("/health")
async def health(picture: PictureDep) -> dict[str, Any]:
    """``{"status": "ok"}`` while the server runs, with the picture's clock. Served on the
    event loop (no worker thread, no database): quick even when every thread is busy."""
    clock = picture.clock.isoformat().replace("+00:00", "Z") if picture.clock else None
    return {"status": "ok", "picture_clock": clock}
