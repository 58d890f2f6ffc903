# SPDX-License-Identifier: EUPL-1.2
"""The alert lifecycle service on SQLite and PostgreSQL: states, access, audit, escalation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select

from straitwatch.access.actor import Actor, Role
from straitwatch.access.audit import verify
from straitwatch.assessment import Alert, AlertState, AlertType, Outcome, Severity
from straitwatch.assessment.lifecycle import (
    acknowledge,
    assign,
    escalate_overdue,
    get_alert,
    list_alerts,
    record_alerts,
    resolve,
)
from straitwatch.errors import Conflict, InvalidInput, NotAllowed, NotFound
from straitwatch.store.access import AuditEventRow
from straitwatch.store.alerts import AlertRow
from straitwatch.store.db import transaction

T = datetime(2022, 8, 22, 3, 10, tzinfo=UTC)
FR_WATCH = Actor("fr.watch", "CROSSGN", Role.WATCH_OFFICER, "FR")
UK_WATCH = Actor("uk.watch", "HMCG", Role.WATCH_OFFICER, "GB")
BE_WATCH = Actor("be.watch", "BEFP", Role.WATCH_OFFICER, "BE")
EU_ANALYST = Actor("eu.analyst", "FRONTEX", Role.ANALYST, "EU")


def departure(track: str = "T1", t: datetime = T) -> Alert:
    return Alert.new(
        AlertType.DEPARTURE,
        t,
        50.77,
        1.59,
        track,
        Severity.WARNING,
        ("PREMAR", "CROSSGN", "UKBF"),
        "Small boat leaving Wimereux",
    )


def distress(track: str = "T2", t: datetime = T) -> Alert:
    return Alert.new(
        AlertType.DISTRESS,
        t,
        50.80,
        1.45,
        track,
        Severity.CRITICAL,
        ("CROSSGN",),
        "Persons at risk",
        {"risk_score": 0.7},
    )


def audit_changes(engine: Engine) -> list[str]:
    with transaction(engine) as s:
        rows = s.execute(select(AuditEventRow).order_by(AuditEventRow.seq)).scalars()
        return [r.detail["change"] for r in rows if r.resource_kind == "alert"]


def test_an_alert_goes_new_acknowledged_assigned_resolved_and_every_step_is_audited(
    any_engine: Engine,
) -> None:
    with transaction(any_engine) as s:
        [rec] = record_alerts(s, [departure()])
        assert rec.state is AlertState.NEW
    with transaction(any_engine) as s:
        assert acknowledge(s, FR_WATCH, rec.alert.alert_id).acknowledged_by == "fr.watch"
    with transaction(any_engine) as s:
        assigned = assign(s, FR_WATCH, rec.alert.alert_id, "Vedette Gendarmerie P611")
        assert assigned.assigned_unit == "Vedette Gendarmerie P611"
    with transaction(any_engine) as s:
        done = resolve(s, UK_WATCH, rec.alert.alert_id, "prevented", note="turned back")
        assert done.state is AlertState.RESOLVED
        assert done.outcome is Outcome.PREVENTED
        assert done.to_json()["resolved_by"] == "uk.watch"
    assert audit_changes(any_engine) == ["raised", "acknowledged", "assigned", "resolved"]
    with transaction(any_engine) as s:
        assert verify(s) >= 4


def test_impossible_changes_are_conflicts_and_bad_outcomes_are_refused(
    any_engine: Engine,
) -> None:
    with transaction(any_engine) as s:
        [rec] = record_alerts(s, [departure()])
    aid = rec.alert.alert_id
    with transaction(any_engine) as s, pytest.raises(Conflict, match="is new"):
        assign(s, FR_WATCH, aid, "P611")
    with transaction(any_engine) as s, pytest.raises(InvalidInput, match="false_alarm"):
        resolve(s, FR_WATCH, aid, "sunk")
    with transaction(any_engine) as s:
        resolve(s, FR_WATCH, aid, Outcome.FALSE_ALARM)
    with transaction(any_engine) as s, pytest.raises(Conflict, match="is resolved"):
        acknowledge(s, FR_WATCH, aid)


def test_recording_is_idempotent_and_keeps_one_open_alert_per_track_and_type(
    any_engine: Engine,
) -> None:
    with transaction(any_engine) as s:
        record_alerts(s, [departure()])
        record_alerts(s, [departure()])  # the same alert again (a replay restarted)
        [again] = record_alerts(s, [departure(t=T + timedelta(minutes=1))])  # same track
    with transaction(any_engine) as s:
        assert s.execute(select(func.count()).select_from(AlertRow)).scalar_one() == 1
        assert again.alert.time == T
        resolve(s, FR_WATCH, again.alert.alert_id, "prevented")
    with transaction(any_engine) as s:
        # Once resolved, the same track may raise a new departure.
        [new] = record_alerts(s, [departure(t=T + timedelta(hours=1))])
        assert new.alert.alert_id != again.alert.alert_id


def test_updates_widen_routing_and_never_lower_severity(any_engine: Engine) -> None:
    alert = distress()
    with transaction(any_engine) as s:
        record_alerts(s, [alert])
        wider = alert.updated(
            routed_to=("HMCG",), severity=Severity.HIGH, detail={"risk_score": 1.6}
        )
        [rec] = record_alerts(s, updated=[wider])
    assert rec.alert.routed_to == ("CROSSGN", "HMCG")
    assert rec.alert.severity is Severity.CRITICAL
    assert rec.alert.detail["risk_score"] == 1.6


def test_agencies_see_and_act_on_what_is_routed_to_them_but_distress_reaches_everyone(
    any_engine: Engine,
) -> None:
    with transaction(any_engine) as s:
        dep, dis = record_alerts(s, [departure(), distress()])
    with transaction(any_engine) as s:
        seen = {r.alert.type for r in list_alerts(s, BE_WATCH)}
        assert seen == {AlertType.DISTRESS}
        with pytest.raises(NotFound):
            get_alert(s, BE_WATCH, dep.alert.alert_id)
        # Safety of life: a Belgian watch officer may act on a distress alert.
        acknowledge(s, BE_WATCH, dis.alert.alert_id)
    with transaction(any_engine) as s:
        # Frontex sees the joint picture, but an analyst does not handle alerts.
        assert get_alert(s, EU_ANALYST, dep.alert.alert_id).state is AlertState.NEW
    with pytest.raises(NotAllowed), transaction(any_engine) as s:
        acknowledge(s, EU_ANALYST, dep.alert.alert_id)
    with transaction(any_engine) as s:
        denied = (
            s.execute(select(AuditEventRow).where(AuditEventRow.action == "access_denied"))
            .scalars()
            .all()
        )
        assert [d.actor for d in denied] == ["eu.analyst"]


def test_unacknowledged_distress_is_escalated_to_both_coastguards_once(
    any_engine: Engine,
) -> None:
    with transaction(any_engine) as s:
        late, seen = record_alerts(s, [distress("T2"), distress("T3")])
        record_alerts(s, [departure("T4")])
        acknowledge(s, FR_WATCH, seen.alert.alert_id)
    created = late.alert.time
    with transaction(any_engine) as s:
        # Not yet: the escalation time has not passed since the alert was stored.
        assert escalate_overdue(s, now=datetime.now(UTC), after_s=3600) == []
    with transaction(any_engine) as s:
        [up] = escalate_overdue(s, now=datetime.now(UTC) + timedelta(seconds=121), after_s=120)
        assert up.alert.alert_id == late.alert.alert_id
        assert {"HMCG", "CROSSGN", "UKBF", "PREMAR"} <= set(up.alert.routed_to)
        assert up.escalated_at is not None
    with transaction(any_engine) as s:
        later = datetime.now(UTC) + timedelta(seconds=600)
        assert escalate_overdue(s, now=later, after_s=120) == []
    assert created == T
    assert audit_changes(any_engine).count("escalated") == 1


def test_a_distress_raised_again_on_an_open_one_is_not_held_back(any_engine: Engine) -> None:
    first = distress()
    with transaction(any_engine) as s:
        record_alerts(s, [first])
        acknowledge(s, FR_WATCH, first.alert_id)
    # The boat made way again, then stopped a few miles on: the rule raises anew.
    again = Alert.new(
        AlertType.DISTRESS,
        T + timedelta(minutes=40),
        50.83,
        1.40,
        "T2",
        Severity.CRITICAL,
        ("CROSSGN", "HMCG"),
        "Persons at risk: stopped",
        {"risk_score": 0.7},
    )
    with transaction(any_engine) as s:
        [rec] = record_alerts(s, [again])
    with transaction(any_engine) as s:
        assert s.execute(select(func.count()).select_from(AlertRow)).scalar_one() == 1
    assert rec.alert.alert_id == first.alert_id
    assert rec.state is AlertState.NEW  # for the watch to acknowledge again
    assert (rec.alert.time, rec.alert.lat, rec.alert.lon) == (again.time, 50.83, 1.40)
    assert rec.alert.routed_to == ("CROSSGN", "HMCG")
    assert rec.alert.detail["previous"]["time"] == T.isoformat()
    assert audit_changes(any_engine) == ["raised", "acknowledged", "raised_again"]
