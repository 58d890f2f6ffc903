# SPDX-License-Identifier: EUPL-1.2
"""``/api/tracks``: the live tracks (filter by bbox and class) and one track with its
recent trail and the alerts about it."""

from __future__ import annotations

import gzip
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query, Request, Response

from straitwatch.access.actions import Action
from straitwatch.access.policy import Resource, enforce
from straitwatch.api.deps import ActorDep, PictureDep, SessionDep
from straitwatch.api.filtering import audience, filter_alerts, filter_tracks
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


_LIST_EXAMPLE = {
    "clock": "2022-08-22T04:10:00Z",
    "count": 1,
    "tracks": [
        {
            "track_id": "T12",
            "time": "2022-08-22T04:09:58Z",
            "lat": 50.93,
            "lon": 1.62,
            "speed_kn": 4.8,
            "course_deg": 312.0,
            "sigma_m": 35.0,
            "status": "confirmed",
            "class": "small_boat",
            "mmsi": None,
            "name": None,
            "sources": ["radar-gris-nez"],
            "flags": [],
            "persons_estimate": 45,
            "first_seen": "2022-08-22T03:51:10Z",
        }
    ],
}


@router.get(
    "",
    response_class=Response,
    responses={
        200: {
            "description": "The tracks, with the picture's clock and their count",
            "content": {"application/json": {"example": _LIST_EXAMPLE}},
        }
    },
)
def list_tracks(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    picture: PictureDep,
    bbox: Bbox = None,
    track_class: Annotated[TrackClass | None, Query(alias="class")] = None,
) -> Response:
    """The current tracks the user may see (filtered, encoded and compressed once per
    picture update for everyone who asks the same question with the same access)."""
    enforce(session, actor, Action.TRACKS_READ, Resource("tracks"))
    box = _bbox(bbox)

    def build() -> bytes:
        tracks = [
            t
            for t in filter_tracks(actor, picture.tracks_json())
            if (track_class is None or t["class"] == track_class.value)
            and (box is None or (box[0] <= t["lon"] <= box[2] and box[1] <= t["lat"] <= box[3]))
        ]
        clock = picture.clock.isoformat().replace("+00:00", "Z") if picture.clock else None
        return orjson.dumps({"clock": clock, "count": len(tracks), "tracks": tracks})

    key = ("tracks", audience(actor), track_class, box)
    body: bytes = picture.view(key, build)
    headers = {"Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", "") and len(body) > 1400:
        # 2,000 tracks are half a megabyte of JSON and a tenth of it compressed; a map
        # polling every second should not move the difference, nor should the server
        # compress it again for every poll.
        body = picture.view((*key, "gzip"), lambda: gzip.compress(body, 5, mtime=0))
        headers["Content-Encoding"] = "gzip"
    return Response(content=body, media_type="application/json", headers=headers)


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
