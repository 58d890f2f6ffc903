# SPDX-License-Identifier: EUPL-1.2
"""Sign-in rate limits that slow an attacker down without handing him a lock on anyone.

Three sliding windows, counted in the server process:

- **per client** (address): every attempt counts; past ``client_attempts`` in
  ``client_window_s`` the client waits, whatever account it tries (password spraying);
- **per client and account**: failures count; past ``pair_failures`` in ``pair_window_s``
  that client waits before trying that account again (guessing one password);
- **per account**: failures from everywhere count; past ``account_failures`` in
  ``account_window_s`` the account is slowed down for clients it does not know, but a
  browser that signed in to it before (it carries the device mark set at a successful
  sign-in) is never held back: a stranger cannot lock an officer out.

Accounts are counted by the name typed, known or not, so the answers do not tell which
names exist. A refusal is :class:`~straitwatch.errors.TooManyAttempts` with the seconds to
wait (the API sends them as ``Retry-After``).

>>> t = LoginThrottle(client_attempts=2, clock=lambda: 0.0)
>>> t.check("10.0.0.9", "uk.watch", trusted=False); t.check("10.0.0.9", "fr.watch", trusted=False)
>>> t.check("10.0.0.9", "dpo", trusted=False)
Traceback (most recent call last):
...
straitwatch.errors.TooManyAttempts: too many sign-in attempts; try again in 60 s
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from straitwatch.errors import TooManyAttempts

__all__ = ["LoginThrottle"]

_MAX_KEYS = 100_000  # bound the memory an attacker can make us spend


@dataclass
class _Window:
    limit: int
    span_s: float
    hits: dict[str, deque[float]] = field(default_factory=dict)

    def wait_s(self, key: str, now: float) -> float:
        """Seconds until ``key`` may go on (0 when under the limit)."""
        q = self.hits.get(key)
        if q is None:
            return 0.0
        while q and q[0] <= now - self.span_s:
            q.popleft()
        if not q:
            del self.hits[key]
            return 0.0
        return q[0] + self.span_s - now if len(q) >= self.limit else 0.0

    def add(self, key: str, now: float) -> None:
        if key not in self.hits and len(self.hits) >= _MAX_KEYS:
            self._prune(now)
        q = self.hits.setdefault(key, deque())
        q.append(now)
        while len(q) > self.limit:
            q.popleft()

    def clear(self, key: str) -> None:
        self.hits.pop(key, None)

    def _prune(self, now: float) -> None:
        for key in [k for k, q in self.hits.items() if not q or q[-1] <= now - self.span_s]:
            del self.hits[key]
        while len(self.hits) >= _MAX_KEYS:  # still full: forget the oldest
            self.hits.pop(next(iter(self.hits)))


class LoginThrottle:
    """The sign-in limits of one server process (see the module's docstring)."""

    def __init__(
        self,
        *,
        client_attempts: int = 20,
        client_window_s: float = 60.0,
        pair_failures: int = 5,
        pair_window_s: float = 900.0,
        account_failures: int = 50,
        account_window_s: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = _Window(client_attempts, client_window_s)
        self._pair = _Window(pair_failures, pair_window_s)
        self._account = _Window(account_failures, account_window_s)
        self._clock = clock
        self._lock = threading.Lock()  # sign-ins run in worker threads

    @staticmethod
    def _account_key(username: str) -> str:
        return username.strip().lower()

    def check(self, client: str, username: str, *, trusted: bool) -> None:
        """Count an attempt; raise :class:`TooManyAttempts` when it must wait.

        ``trusted``: the client carries this account's device mark (signed in before).
        """
        with self._lock:
            self._check(client, self._account_key(username), trusted)

    def _check(self, client: str, account: str, trusted: bool) -> None:
        now = self._clock()
        wait = max(
            self._client.wait_s(client, now),
            self._pair.wait_s(f"{client}\n{account}", now),
            0.0 if trusted else self._account.wait_s(account, now),
        )
        if wait > 0:
            raise TooManyAttempts(
                f"too many sign-in attempts; try again in {math.ceil(wait)} s",
                retry_after_s=math.ceil(wait),
            )
        self._client.add(client, now)

    def failed(self, client: str, username: str) -> None:
        """A wrong user name or password from ``client``."""
        account = self._account_key(username)
        with self._lock:
            now = self._clock()
            self._pair.add(f"{client}\n{account}", now)
            self._account.add(account, now)

    def succeeded(self, client: str, username: str) -> None:
        """A good sign-in: that client's failures at that account are forgiven."""
        with self._lock:
            self._pair.clear(f"{client}\n{self._account_key(username)}")
