# SPDX-License-Identifier: EUPL-1.2
"""``/api/replay``: the replay clock when the server replays a recording (the demo):
read it, change the speed, jump to a position. 404 when the server runs live."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import Field

from straitwatch.access.actions import Action
from straitwatch.access.policy import Resource, enforce
from straitwatch.api.deps import ActorDep, SessionDep
from straitwatch.api.inputs import RequestBody
from straitwatch.errors import NotFound
from straitwatch.picture.replay import Replay

router = APIRouter(prefix="/api/replay", tags=["replay"])


class ReplayControl(RequestBody):
    speed: float | None = Field(default=None, ge=0.1, le=1000)
    position_s: float | None = Field(default=None, ge=0)


def _replay(request: Request) -> Replay:
    replay: Replay | None = request.app.state.replay
    if replay is None:
        raise NotFound("this server is live, not replaying a recording")
    return replay


@router.get("")
def get_replay(request: Request, actor: ActorDep) -> dict[str, Any]:
    """The replay clock: start, duration, position, speed."""
    del actor
    return _replay(request).info()


@router.post("")
async def control(
    body: ReplayControl, request: Request, session: SessionDep, actor: ActorDep
) -> dict[str, Any]:
    """Change speed and/or jump to ``position_s`` (seconds into the recording)."""
    enforce(session, actor, Action.REPLAY_CONTROL, Resource("replay"))
    replay = _replay(request)
    if body.speed is not None:
        replay.set_speed(body.speed)
    if body.position_s is not None:
        await replay.seek(body.position_s)
    return replay.info()
