# SPDX-License-Identifier: EUPL-1.2
"""One access policy, tested as a table: agency × role × action, plus the resource rules."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor, Role
from straitwatch.access.directory import agencies, role_permissions
from straitwatch.access.policy import Resource, allowed, enforce
from straitwatch.errors import NotAllowed
from straitwatch.store.access import AuditEventRow
from straitwatch.store.db import transaction

COUNTRY = {a.code: a.country for a in agencies()}
HUMAN_ROLES = [r for r in Role if r not in (Role.MACHINE, Role.SYSTEM)]


def actor(agency: str, role: Role) -> Actor:
    return Actor(f"{agency.lower()}.{role}", agency, role, COUNTRY[agency])


# role × action on a kind declared role-only: exactly what roles.yaml grants, nothing more.
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_role_table_decides_plain_actions(role: Role, action: Action) -> None:
    decision = allowed(actor("UKBF", role), action, Resource("audit"))
    assert decision.allowed == (action in role_permissions()[role])
    assert decision.reason


# A kind with no rule of its own and not declared role-only is refused (fails closed).
@pytest.mark.parametrize("role", [r for r in Role if r is not Role.SYSTEM])
def test_undeclared_kind_fails_closed(role: Role) -> None:
    for action in role_permissions()[role]:
        decision = allowed(actor("UKBF", role), action, Resource("graph_view", "1", "UKBF"))
        assert not decision.allowed and "no access rule" in decision.reason


def test_replay_control_is_its_own_action() -> None:
    replay = Resource("replay")
    assert allowed(actor("HMCG", Role.WATCH_OFFICER), Action.REPLAY_CONTROL, replay).allowed
    assert not allowed(actor("UKBF", Role.ANALYST), Action.REPLAY_CONTROL, replay).allowed
    assert Action.REPLAY_CONTROL in role_permissions()[Role.SUPERVISOR]


EXPECTED_ROLE_GRANTS = [
    (Role.WATCH_OFFICER, Action.ALERTS_UPDATE, True),
    (Role.WATCH_OFFICER, Action.USERS_MANAGE, False),
    (Role.ANALYST, Action.REPORTS_CREATE, True),
    (Role.ANALYST, Action.ALERTS_UPDATE, False),
    (Role.DPO, Action.AUDIT_EXPORT, True),
    (Role.DPO, Action.REPORTS_READ, False),
    (Role.ADMINISTRATOR, Action.USERS_MANAGE, True),
    (Role.ADMINISTRATOR, Action.REPORTS_READ, False),
    (Role.MACHINE, Action.OBSERVATIONS_INGEST, True),
    (Role.MACHINE, Action.TRACKS_READ, False),
    (Role.SUPERVISOR, Action.RETENTION_EXTEND, True),
]


@pytest.mark.parametrize(("role", "action", "expected"), EXPECTED_ROLE_GRANTS)
def test_key_role_grants(role: Role, action: Action, expected: bool) -> None:
    assert allowed(actor("HMCG", role), action, Resource("audit")).allowed is expected


def alert(kind: str, *routed: str) -> Resource:
    return Resource("alert", "a1", attrs={"type": kind, "routed_to": routed})


# agency × role × alert type: who sees and who may act on an alert routed to HMCG.
@pytest.mark.parametrize("agency", [a.code for a in agencies()])
@pytest.mark.parametrize("role", HUMAN_ROLES)
def test_distress_alerts_reach_every_person_on_duty(agency: str, role: Role) -> None:
    decision = allowed(actor(agency, role), Action.ALERTS_READ, alert("distress", "HMCG"))
    assert decision.allowed, "safety of life: never held back by agency or role"


def test_machines_do_not_read_alerts() -> None:
    assert not allowed(actor("HMCG", Role.MACHINE), Action.ALERTS_READ, alert("distress", "HMCG"))


@pytest.mark.parametrize(
    ("agency", "action", "expected"),
    [
        ("HMCG", Action.ALERTS_READ, True),  # routed to it
        ("UKBF", Action.ALERTS_READ, True),  # national partner
        ("CROSSGN", Action.ALERTS_READ, False),  # other country
        ("BEFP", Action.ALERTS_READ, False),
        ("FRONTEX", Action.ALERTS_READ, True),  # EU agencies see the joint picture
        ("FRONTEX", Action.ALERTS_UPDATE, False),  # ...but act on nothing
        ("HMCG", Action.ALERTS_UPDATE, True),
        ("CROSSGN", Action.ALERTS_UPDATE, False),
    ],
)
def test_operational_alerts_follow_routing(agency: str, action: Action, expected: bool) -> None:
    who = actor(agency, Role.SUPERVISOR)
    assert allowed(who, action, alert("crossing", "HMCG")).allowed is expected


def test_any_watch_officer_may_act_on_a_distress_alert() -> None:
    fr = actor("CROSSGN", Role.WATCH_OFFICER)
    assert allowed(fr, Action.ALERTS_UPDATE, alert("distress", "HMCG"))
    analyst = actor("CROSSGN", Role.ANALYST)
    assert not allowed(analyst, Action.ALERTS_UPDATE, alert("distress", "HMCG"))


def test_refusal_is_logged_and_survives_the_callers_rollback(engine: Engine) -> None:
    who = actor("CROSSGN", Role.ANALYST)
    with pytest.raises(NotAllowed, match="may not users.manage"), transaction(engine) as s:
        enforce(s, who, Action.USERS_MANAGE, Resource("user", "uk.watch"), purpose="test")
    with transaction(engine) as s:
        events = s.scalars(select(AuditEventRow)).all()
    assert [(e.action, e.outcome, e.actor, e.resource_id) for e in events] == [
        ("access_denied", "denied", who.username, "uk.watch")
    ]
    assert events[0].detail["attempted"] == "users.manage"


# The stream and the track list filter once per audience (agency, role, country): the
# track and alert rules must not decide on who the user is beyond that.
@pytest.mark.parametrize("agency", sorted(COUNTRY))
@pytest.mark.parametrize("role", list(Role))
def test_track_and_alert_decisions_depend_on_the_audience_only(agency: str, role: Role) -> None:
    from straitwatch.api.filtering import alert_resource, audience, track_resource

    one = Actor("first.user", agency, role, COUNTRY[agency], user_id=1)
    other = Actor("second.user", agency, role, COUNTRY[agency], user_id=2)
    assert audience(one) == audience(other)
    items = [
        (Action.TRACKS_READ, track_resource({"track_id": "T1", "class": c}))
        for c in ("ais_vessel", "dark_contact", "small_boat", "unknown")
    ] + [
        (action, alert_resource({"alert_id": "7", "type": t, "routed_to": routed}))
        for action in (Action.ALERTS_READ, Action.ALERTS_UPDATE)
        for t in ("distress", "departure", "crossing", "dark_contact", "landing")
        for routed in ((), ("HMCG",), ("CROSSGN", "HMCG"), ("PREMAR",), ("FRONTEX",))
    ]
    for action, resource in items:
        assert allowed(one, action, resource).allowed == allowed(other, action, resource).allowed
