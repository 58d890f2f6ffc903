# SPDX-License-Identifier: EUPL-1.2
"""Table-driven access: agency × role × handling code × action, through `allowed` only."""

from __future__ import annotations

import itertools

import pytest

from straitwatch.access.actions import Action
from straitwatch.access.actor import Role
from straitwatch.access.policy import Resource, allowed
from straitwatch.access.visibility import Sight
from straitwatch.intel.grading import Effect, handling_code
from straitwatch.intel.handling import dissemination_verdict
from tests.intel.conftest import person

PROVIDER = "UKBF"
ROLES = [
    Role.WATCH_OFFICER,
    Role.ANALYST,
    Role.INVESTIGATOR,
    Role.SUPERVISOR,
    Role.DPO,
    Role.ADMINISTRATOR,
]
CODES = [
    ("uk_3x5x2", "P"),
    ("uk_3x5x2", "C"),
    ("uk_5x5x5", "4"),
    ("uk_5x5x5", "5"),
    ("europol_4x4", "H1"),
    ("europol_4x4", "H2"),
]
READERS = {Role.WATCH_OFFICER, Role.ANALYST, Role.INVESTIGATOR, Role.SUPERVISOR}
EDITORS = {Role.ANALYST, Role.INVESTIGATOR, Role.SUPERVISOR}


def expected(agency: str, role: Role, action: Action, recipients: tuple[str, ...]) -> bool:
    """The policy written out independently as a table."""
    may_role = {
        Action.REPORTS_READ: role in READERS,
        Action.REPORTS_EDIT: role in EDITORS,
        Action.REPORTS_DISSEMINATE: role in EDITORS,
        Action.REPORTS_HANDLING_CHANGE: role is Role.SUPERVISOR,
    }[action]
    if not may_role:
        return False
    if agency == PROVIDER:
        return True
    if action in (Action.REPORTS_READ, Action.REPORTS_DISSEMINATE):
        return agency in recipients
    return False


def recipients_after(code: tuple[str, str], to: str, approved: bool) -> tuple[str, ...]:
    """Who a report reaches after disseminating it to ``to`` under ``code``."""
    verdict = dissemination_verdict(handling_code(*code), PROVIDER, to)
    if verdict.needs in (Effect.PERMIT, Effect.CONDITIONS):
        return (to,)
    if verdict.needs is Effect.PERMISSION and approved:
        return (to,)
    return ()


CASES = list(
    itertools.product(
        ["UKBF", "PREMAR", "BEFP", "EUROPOL"],
        ROLES,
        CODES,
        [
            Action.REPORTS_READ,
            Action.REPORTS_EDIT,
            Action.REPORTS_DISSEMINATE,
            Action.REPORTS_HANDLING_CHANGE,
        ],
        [False, True],
    )
)


@pytest.mark.parametrize(("agency", "role", "code", "action", "approved"), CASES)
def test_report_access_table(
    agency: str, role: Role, code: tuple[str, str], action: Action, approved: bool
) -> None:
    recipients = recipients_after(code, "PREMAR", approved)
    # How much the agency sees is decided by access.visibility (tested on a real store in
    # test_visibility.py); here: a recipient that acknowledged, or nothing.
    sight = Sight.READ if agency in recipients else Sight.NONE
    resource = Resource("report", "1", PROVIDER, attrs={"sight": sight})
    decision = allowed(person(agency, role), action, resource)
    assert decision.allowed is expected(agency, role, action, recipients), decision.reason
    assert decision.reason


def test_h2_needs_approval_code4_never_leaves() -> None:
    assert recipients_after(("europol_4x4", "H2"), "PREMAR", approved=False) == ()
    assert recipients_after(("europol_4x4", "H2"), "PREMAR", approved=True) == ("PREMAR",)
    assert recipients_after(("uk_5x5x5", "4"), "PREMAR", approved=True) == ()


@pytest.mark.parametrize("agency", ["UKBF", "PREMAR"])
def test_permission_request_decided_by_provider_not_requester(agency: str) -> None:
    res = Resource(
        "permission_request", "1", "UKBF", attrs={"requester": "UKBF", "requested_by": "uk.analyst"}
    )
    other = person(agency, Role.SUPERVISOR, name=f"{agency.lower()}.sup")
    assert allowed(other, Action.PERMISSION_REQUESTS_DECIDE, res).allowed is (agency == "UKBF")
    asker = person("UKBF", Role.ANALYST, name="uk.analyst")
    assert not allowed(asker, Action.PERMISSION_REQUESTS_DECIDE, res).allowed


@pytest.mark.parametrize(
    ("agency", "visible", "action", "ok"),
    [
        ("PREMAR", True, Action.ENTITIES_READ, True),
        ("BEFP", False, Action.ENTITIES_READ, False),
        # Adding values discloses nothing: they are shown only with their source.
        ("PREMAR", False, Action.ENTITIES_WRITE, True),
        ("UKBF", True, Action.ENTITIES_WRITE, True),
    ],
)
def test_entity_access(agency: str, visible: bool, action: Action, ok: bool) -> None:
    res = Resource("entity", "e", "UKBF", attrs={"visible": visible})
    assert allowed(person(agency, Role.ANALYST), action, res).allowed is ok
