# SPDX-License-Identifier: EUPL-1.2
"""Sign-in rate limits (issue #13, item 13): 429 + Retry-After per client and per
account, one answer for every failure, and no stranger can lock an officer out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from straitwatch.access.throttle import LoginThrottle
from straitwatch.api import create_app
from straitwatch.config import Settings
from straitwatch.errors import TooManyAttempts
from straitwatch.picture.live import Picture

from .conftest import PASSWORD, Server

WRONG = "not-the-password-at-all"


@dataclass
class Clients:
    app: object

    def at(self, address: str) -> TestClient:
        return TestClient(self.app, client=(address, 50000))  # type: ignore[arg-type]


@pytest.fixture
def tight(server: Server) -> Iterator[Clients]:
    """The seeded store behind a server with small limits (so the test stays fast)."""
    settings = Settings(
        env="test",
        secret_key="t" * 40,
        database_url=str(server.engine.url),
        login_client_attempts_per_min=8,
        login_failures_per_client_account=3,
        login_failures_per_account_hour=4,
    )
    app = create_app(settings, engine=server.engine, picture=Picture())
    with TestClient(app):
        yield Clients(app)


def _login(client: TestClient, user: str, pw: str) -> int:
    return client.post("/api/auth/login", json={"username": user, "password": pw}).status_code


def test_one_client_is_slowed_down_whatever_account_it_tries(tight: Clients) -> None:
    sprayer = tight.at("203.0.113.5")
    users = ["uk.watch", "fr.watch", "uk.analyst", "fr.analyst", "dpo", "admin", "x1", "x2"]
    assert [_login(sprayer, u, WRONG) for u in users] == [401] * 8
    r = sprayer.post("/api/auth/login", json={"username": "uk.watch", "password": PASSWORD})
    assert r.status_code == 429
    assert 0 < int(r.headers["Retry-After"]) <= 60
    assert r.json()["error"]["code"] == "too_many_requests"
    # Another client is not affected.
    assert _login(tight.at("198.51.100.7"), "uk.watch", PASSWORD) == 200


def test_a_stranger_cannot_lock_an_officer_out(tight: Clients) -> None:
    officer = tight.at("10.1.1.1")
    assert _login(officer, "fr.watch", PASSWORD) == 200  # her browser signed in before
    # Strangers from several addresses guess at her account until it is slowed down.
    for address in ("203.0.113.1", "203.0.113.2"):
        stranger = tight.at(address)
        assert [_login(stranger, "fr.watch", WRONG) for _ in range(2)] == [401, 401]
    assert _login(tight.at("203.0.113.3"), "fr.watch", PASSWORD) == 429  # unknown client
    # The officer's browser (it carries the device mark) still gets in.
    assert _login(officer, "fr.watch", PASSWORD) == 200


def test_unknown_names_are_counted_like_real_ones(tight: Clients) -> None:
    """The answers (401, then 429) are the same whether the account exists or not."""
    a, b = tight.at("203.0.113.8"), tight.at("203.0.113.9")
    real = [_login(a, "uk.watch", WRONG) for _ in range(4)]
    ghost = [_login(b, "no.such.user", WRONG) for _ in range(4)]
    assert real == ghost == [401, 401, 401, 429]
    r1 = a.post("/api/auth/login", json={"username": "uk.analyst", "password": WRONG})
    r2 = b.post("/api/auth/login", json={"username": "nobody.at.all", "password": WRONG})
    assert r1.json() == r2.json()
    assert r1.json()["error"]["message"] == "wrong user name or password"


def test_the_throttle_forgets_after_its_window() -> None:
    now = [0.0]
    t = LoginThrottle(pair_failures=2, pair_window_s=60, clock=lambda: now[0])
    for _ in range(2):
        t.check("c", "u", trusted=False)
        t.failed("c", "u")
    with pytest.raises(TooManyAttempts) as refused:
        t.check("c", "u", trusted=False)
    assert refused.value.retry_after_s == 60
    now[0] = 61.0
    t.check("c", "u", trusted=False)
