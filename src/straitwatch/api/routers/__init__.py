# SPDX-License-Identifier: EUPL-1.2
"""The API's routers, one per resource; :func:`straitwatch.api.app.create_app` includes
every router listed in :data:`ROUTERS` (modules named here, imported when the app is
built). Add a line for a new resource."""

from __future__ import annotations

import importlib

from fastapi import APIRouter

__all__ = ["ROUTERS", "routers"]

ROUTERS: list[str] = [
    "straitwatch.api.routers.health",
    "straitwatch.api.routers.auth",
    "straitwatch.api.routers.agencies",
    "straitwatch.api.routers.tracks",
    "straitwatch.api.routers.alerts",
    "straitwatch.api.routers.zones",
    "straitwatch.api.routers.sensors",
    "straitwatch.api.routers.observations",
    "straitwatch.api.routers.stream",
    "straitwatch.api.routers.replay",
    "straitwatch.api.routers.reports",
    "straitwatch.api.routers.entities",
    "straitwatch.api.routers.network",
    "straitwatch.api.routers.match",
    "straitwatch.api.routers.linkage",
    "straitwatch.api.routers.search",
    "straitwatch.api.routers.permission_requests",
    "straitwatch.api.routers.notices",
    "straitwatch.api.routers.documents",
    "straitwatch.api.routers.flows",
    "straitwatch.api.routers.dpo",
]


def routers() -> list[APIRouter]:
    """Every router, imported now (not at import time of this package)."""
    out = []
    for name in ROUTERS:
        module = importlib.import_module(name)
        out.append(module.router)
    return out
