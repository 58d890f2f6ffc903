# SPDX-License-Identifier: EUPL-1.2
"""Sea state and wind, the optional weather input of the distress score.

A :class:`Weather` is a time series of area-wide conditions (the Strait is small enough
for one value at a time); :meth:`Weather.at` gives the latest at or before a time.
``weather.json`` (written by ``straitwatch simulate``, or by hand) holds
``{"observations": [{"time": "...Z", "wave_height_m": 1.1, "wind_kn": 14}, ...]}``.

>>> from datetime import UTC, datetime
>>> w = Weather.from_json({"observations": [{"time": "2022-08-22T00:00:00Z",
...                                           "wave_height_m": 0.4, "wind_kn": 8}]})
>>> w.at(datetime(2022, 8, 22, 3, tzinfo=UTC)).wave_height_m
0.4
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from straitwatch.errors import InvalidInput

__all__ = ["SeaState", "Weather"]


@dataclass(frozen=True, slots=True)
class SeaState:
    time: datetime
    wave_height_m: float
    wind_kn: float


@dataclass(frozen=True, slots=True)
class Weather:
    observations: tuple[SeaState, ...]

    def at(self, when: datetime) -> SeaState | None:
        """The latest conditions at or before ``when`` (``None`` before the first)."""
        times = [o.time for o in self.observations]
        k = bisect.bisect_right(times, when)
        return self.observations[k - 1] if k else None

    @classmethod
    def from_json(cls, doc: Any, *, source: str = "weather") -> Weather:
        """Read ``{"observations": [...]}``; a bad entry is refused naming its index."""
        if not isinstance(doc, dict) or not isinstance(doc.get("observations"), list):
            raise InvalidInput(f"{source}: expected an object with an 'observations' list")
        out = []
        for i, item in enumerate(doc["observations"]):
            try:
                time = datetime.fromisoformat(str(item["time"]).replace("Z", "+00:00"))
                time = time.replace(tzinfo=UTC) if time.tzinfo is None else time.astimezone(UTC)
                wave, wind = float(item["wave_height_m"]), float(item["wind_kn"])
            except (KeyError, TypeError, ValueError) as exc:
                raise InvalidInput(f"{source}: observation {i}: {exc!r}") from exc
            if wave < 0 or wind < 0:
                raise InvalidInput(f"{source}: observation {i}: negative wave height or wind")
            out.append(SeaState(time, wave, wind))
        return cls(tuple(sorted(out, key=lambda o: o.time)))

    def to_json(self) -> dict[str, Any]:
        return {
            "observations": [
                {
                    "time": o.time.isoformat().replace("+00:00", "Z"),
                    "wave_height_m": o.wave_height_m,
                    "wind_kn": o.wind_kn,
                }
                for o in self.observations
            ]
        }
