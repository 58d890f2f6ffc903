# SPDX-License-Identifier: EUPL-1.2
"""Agencies, users, roles, the access policy and the audit log.

The public surface: :func:`allowed` / :func:`enforce` decide access; :func:`record`
writes the audit log; :func:`verify` checks it.
"""

# Resource rules declared in their own modules register with the policy on import.
from straitwatch.access import intel_rules as _intel_rules  # noqa: F401
from straitwatch.access import sensor_rules as _sensor_rules  # noqa: F401
from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor, Role, system_actor
from straitwatch.access.audit import AuditAction, AuditEvent, AuditOutcome, record, verify
from straitwatch.access.policy import Decision, Resource, allowed, enforce

__all__ = [
    "Action",
    "Actor",
    "AuditAction",
    "AuditEvent",
    "AuditOutcome",
    "Decision",
    "Resource",
    "Role",
    "allowed",
    "enforce",
    "record",
    "system_actor",
    "verify",
]
