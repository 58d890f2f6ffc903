# SPDX-License-Identifier: EUPL-1.2
"""The flows dataset and its costly views kept in memory between requests, per store version.

Reading every flows table takes about a tenth of a second and a forecast as long again;
the figures only change when someone loads a file. :class:`FlowsCache` keeps the dataset
read at the latest load (:func:`~straitwatch.flows.repository.store_version`, one cheap
query per request) and a few computed views (forecasts, patrol plans) for that version;
a new load empties it. Thread-safe: the API's sync routes run in worker threads.

>>> cache = FlowsCache()
>>> with transaction(engine) as session:                                    # doctest: +SKIP
...     view = cache.view(session, ("forecast", 14), lambda ds: forecast_view(ds, 14))
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy.orm import Session

from straitwatch.flows.dataset import FlowsDataset
from straitwatch.flows.repository import read_dataset, store_version

__all__ = ["FlowsCache"]


class FlowsCache:
    """The dataset at the store's latest load, and up to ``max_views`` views computed from it."""

    def __init__(self, max_views: int = 32) -> None:
        self._lock = threading.Lock()
        self._version: int | None = None
        self._dataset: FlowsDataset | None = None
        self._views: OrderedDict[Hashable, Any] = OrderedDict()
        self._max_views = max_views
        self.reads = 0
        """How many times the dataset was read from the store (for tests and benchmarks)."""

    def _current(self, session: Session) -> tuple[int, FlowsDataset]:
        version = store_version(session)
        with self._lock:
            if version == self._version and self._dataset is not None:
                return version, self._dataset
        dataset = read_dataset(session)  # outside the lock: slow, and safe to do twice
        with self._lock:
            if self._version is None or version >= self._version:
                self._version, self._dataset = version, dataset
                self._views.clear()
            self.reads += 1
        return version, dataset

    def dataset(self, session: Session) -> FlowsDataset:
        """The flows tables as stored now (read again only after a new load)."""
        return self._current(session)[1]

    def view(self, session: Session, key: Hashable, compute: Callable[[FlowsDataset], Any]) -> Any:
        """``compute(dataset)`` for ``key`` at the store's current version, computed once.

        The result is shared between callers: treat it as read-only.
        """
        version, dataset = self._current(session)
        with self._lock:
            if (version, key) in self._views:
                self._views.move_to_end((version, key))
                return self._views[(version, key)]
        value = compute(dataset)
        with self._lock:
            if version == self._version:
                self._views[(version, key)] = value
                while len(self._views) > self._max_views:
                    self._views.popitem(last=False)
        return value
