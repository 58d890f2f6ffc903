"""``/api/tracks``: the live tracks (filter by bbox and class) and one track with its
recent trail and the alerts about it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from straitwatch.access.actions import Action
from straitwatch.access.policy import Resource, enforce
from straitwatch.api.deps import ActorDep, PictureDep, SessionDep
from straitwatch.api.filtering import filter_alerts, filter_tracks
from straitwatch.errors import InvalidInput
from straitwatch.picture.wire import track_json
from straitwatch.tracking.track import TrackClass

router = APIRouter(prefix="/api/tracks", tags=["tracks"])

Bbox = Annotated[
    str | None,
    Query(
        max_length=100,
        description="min_lon,min_lat,max_lon,max_lat (WGS84 degrees)",
        examples=["0.9,50.6,2.2,51.3"],
    ),
]


def _bbox(text: str | None) -> tuple[float, float, float, float] | None:
    if text is None:
        return None
    try:
        w, s, e, n = (float(v) for v in text.split(","))
    except ValueError:
        raise InvalidInput(
            "bbox must be four numbers min_lon,min_lat,max_lon,max_lat", where="query.bbox"
        ) from None
    if not (-180 <= w <= e <= 180 and -90 <= s <= n <= 90):
        raise InvalidInput("bbox corners out of range or in the wrong order", where="query.bbox")
    return w, s, e, n


@router.get("")
def list_tracks(
    session: SessionDep,
    actor: ActorDep,
    picture: PictureDep,
    bbox: Bbox = None,
    track_class: Annotated[TrackClass | None, Query(alias="class")] = None,
) -> dict[str, Any]:
    """The current tracks the user may see."""
    enforce(session, actor, Action.TRACKS_READ, Resource("tracks"))
    box = _bbox(bbox)
    out = []
    for u in picture.tracks():
        if track_class is not None and u.classification is not track_class:
            continue
        if box is not None and not (box[0] <= u.lon <= box[2] and box[1] <= u.lat <= box[3]):
            continue
        out.append(track_json(u))
    tracks = filter_tracks(actor, out)
    clock = picture.clock.isoformat().replace("+00:00", "Z") if picture.clock else None
    return {"clock": clock, "count": len(tracks), "tracks": tracks}


@router.get("/{track_id}")
def get_track(
    track_id: str,
    session: SessionDep,
    actor: ActorDep,
    picture: PictureDep,
) -> dict[str, Any]:
    """One live track with its recent history (oldest first) and the alerts about it."""
    enforce(session, actor, Action.TRACKS_READ, Resource("track", track_id))
    track = track_json(picture.track(track_id))
    trail = [
        {"time": t["time"], "lat": t["lat"], "lon": t["lon"], "speed_kn": t["speed_kn"]}
        for t in map(track_json, picture.history.trail(track_id))
    ]
    alerts = filter_alerts(actor, [a for a in picture.alerts() if a["track_id"] == track_id])
    return {**track, "history": trail, "alerts": alerts}
