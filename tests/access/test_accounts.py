# SPDX-License-Identifier: EUPL-1.2
"""Users, passwords (NIST SP 800-63B), sign-in audit and machine tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from straitwatch.access.actor import Role, system_actor
from straitwatch.access.audit import verify
from straitwatch.access.passwords import check_strength
from straitwatch.access.tokens import authenticate_token, issue_token, revoke_token
from straitwatch.access.users import add_user, authenticate_password, seed_agencies
from straitwatch.errors import InvalidInput, NotAuthenticated
from straitwatch.store.access import AuditEventRow, UserRow
from straitwatch.store.db import transaction

PW = "Tide-Gris-Nez-2024"
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(engine: Engine) -> Engine:
    with transaction(engine) as s:
        seed_agencies(s, system_actor())
        add_user(s, system_actor(), "fr.watch", "CROSSGN", "watch_officer", PW)
        add_user(s, system_actor(), "radar.dover", "HMCG", "machine", None)
    return engine


@pytest.mark.parametrize(
    "weak",
    [
        "short",
        "Password1234",  # the review's example: 12 characters, and a breached one
        "Password1234567!",  # a breached password with digits and a symbol added
        "iloveyou-iloveyou",  # a breached password said twice
        "aaaaaaaaaaaaaaaa",
        "abcdefghijklmnop",
        "fr.watch-fr.watch",  # the user name
        "straitwatch2024!!",  # the service's name
    ],
)
def test_weak_passwords_are_refused(weak: str) -> None:
    with pytest.raises(InvalidInput, match="weak password"):
        check_strength(weak, context=("fr.watch", "fr", "watch"))


@pytest.mark.parametrize(
    "good", ["a quiet harbour at dawn", "alllowercaseletters", "Tide-Gris-Nez-2024"]
)
def test_no_composition_rules(good: str) -> None:
    """Length and the breached list decide, not "one upper case and one digit"."""
    check_strength(good, context=("fr.watch",))


def test_the_breached_list_comes_from_a_package() -> None:
    from straitwatch.access.passwords import _breached

    listed = _breached()
    assert len(listed) >= 10_000 and "password" in listed and "dragon" in listed


def test_passwords_are_stored_as_argon2(store: Engine) -> None:
    with transaction(store) as s:
        row = s.scalar(select(UserRow).where(UserRow.username == "fr.watch"))
        assert row is not None and row.password_hash is not None
        assert row.password_hash.startswith("$argon2id$")
        assert PW not in row.password_hash


def _login(engine: Engine, pw: str, now: datetime = NOW) -> None:
    with transaction(engine) as s:
        try:
            authenticate_password(s, "fr.watch", pw, now=now)
        finally:
            s.commit()  # failures are counted and logged even though the login fails


def test_login_success_and_failures_are_audited_and_never_lock_out(store: Engine) -> None:
    """No lock-out in the store (anyone could lock anyone out): the throttle slows
    attempts down instead; the owner still signs in after many failures."""
    _login(store, PW)
    for _ in range(6):
        with pytest.raises(NotAuthenticated, match="wrong user name or password"):
            _login(store, "Wrong-Password-99")
    _login(store, PW)
    with transaction(store) as s:
        logins = [
            (e.outcome)
            for e in s.scalars(select(AuditEventRow).where(AuditEventRow.action == "login"))
        ]
        assert logins == ["success", *["failure"] * 6, "success"]
        verify(s)


def test_every_failure_says_the_same(store: Engine) -> None:
    messages = set()
    with transaction(store) as s:
        row = s.scalar(select(UserRow).where(UserRow.username == "fr.watch"))
        assert row is not None
        row.active = False
    for user, pw in (("nobody.here", PW), ("radar.dover", PW), ("fr.watch", PW)):
        with transaction(store) as s:
            try:
                authenticate_password(s, user, pw, now=NOW)
            except NotAuthenticated as exc:
                messages.add(exc.message)
    assert messages == {"wrong user name or password"}


def test_machine_tokens_expire_and_revoke(store: Engine) -> None:
    with transaction(store) as s:
        issued = issue_token(s, system_actor(), "radar.dover", days=1, label="feed", now=NOW)
    with transaction(store) as s:
        who = authenticate_token(s, issued.token, now=NOW + timedelta(hours=1))
        assert (who.username, who.role, who.agency) == ("radar.dover", Role.MACHINE, "HMCG")
        with pytest.raises(NotAuthenticated, match="expired"):
            authenticate_token(s, issued.token, now=NOW + timedelta(days=2))
        with pytest.raises(NotAuthenticated, match="unknown"):
            authenticate_token(s, issued.token[:-2] + "xx", now=NOW)
        with pytest.raises(NotAuthenticated, match="malformed"):
            authenticate_token(s, "Bearer nonsense", now=NOW)
        revoke_token(s, system_actor(), issued.token_id, now=NOW)
    with transaction(store) as s, pytest.raises(NotAuthenticated, match="revoked"):
        authenticate_token(s, issued.token, now=NOW + timedelta(hours=2))


def test_tokens_are_stored_hashed(store: Engine) -> None:
    from straitwatch.store.access import ApiTokenRow

    with transaction(store) as s:
        issued = issue_token(s, system_actor(), "radar.dover", days=5, label="", now=NOW)
        stored = s.scalar(select(ApiTokenRow))
        assert stored is not None
        assert issued.token not in (stored.token_hash, stored.token_prefix)


def test_machines_have_no_password(store: Engine) -> None:
    with pytest.raises(InvalidInput, match="tokens"), transaction(store) as s:
        add_user(s, system_actor(), "radar.calais", "CROSSGN", "machine", PW)
