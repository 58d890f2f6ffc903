# SPDX-License-Identifier: EUPL-1.2
"""API errors in the user's language: the ``sw_lang`` cookie, else ``Accept-Language``;
the machine-readable ``code`` stays the same in every language."""

from __future__ import annotations

from .conftest import Server


def test_error_message_follows_accept_language(server: Server) -> None:
    r = server.client.get("/api/alerts", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert r.status_code == 401
    body = r.json()["error"]
    assert body["code"] == "not_authenticated"
    assert body["message"].startswith("connectez-vous")
    assert r.headers["content-language"] == "fr"


def test_refusal_is_a_sentence_and_the_cookie_wins(server: Server) -> None:
    client = server.as_user("dpo")
    client.cookies.set("sw_lang", "fr")
    r = client.get("/api/sensors", headers={"Accept-Language": "en"})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "not_allowed"
    assert r.json()["error"]["message"].startswith("Votre rôle (délégué à la protection")
    client.cookies.set("sw_lang", "en")
    r = client.get("/api/sensors")
    assert r.json()["error"]["message"].startswith("Your role (data protection officer)")


def test_validation_message_in_french_names_the_field(server: Server) -> None:
    client = server.as_user("uk.watch")
    r = client.post("/api/alerts/AL-x/assign", json={}, headers={"Accept-Language": "fr"})
    assert r.status_code == 422
    assert r.json()["error"]["where"] == "body.unit"
    assert r.json()["error"]["message"] == "le champ « unit » est obligatoire"
