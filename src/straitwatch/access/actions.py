# SPDX-License-Identifier: EUPL-1.2
"""Every action the access policy decides on, by name (``resource.verb``)."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Action"]


class Action(StrEnum):
    AGENCIES_READ = "agencies.read"
    USERS_READ = "users.read"
    USERS_MANAGE = "users.manage"
    TOKENS_MANAGE = "tokens.manage"
    AUDIT_READ = "audit.read"
    AUDIT_VERIFY = "audit.verify"
    AUDIT_EXPORT = "audit.export"
    AUDIT_SUBJECT = "audit.subject"
    OBSERVATIONS_INGEST = "observations.ingest"
    DEADLETTER_READ = "deadletter.read"
    DEADLETTER_REPLAY = "deadletter.replay"
    TRACKS_READ = "tracks.read"
    ALERTS_READ = "alerts.read"
    ALERTS_UPDATE = "alerts.update"
    ZONES_READ = "zones.read"
    SENSORS_READ = "sensors.read"
    REPORTS_READ = "reports.read"
    REPORTS_CREATE = "reports.create"
    REPORTS_EDIT = "reports.edit"
    REPORTS_DISSEMINATE = "reports.disseminate"
    REPORTS_HANDLING_CHANGE = "reports.handling_change"
    REPORTS_RECALL = "reports.recall"
    REPORTS_ERASE = "reports.erase"
    REPLAY_CONTROL = "replay.control"
    PERMISSION_REQUESTS_DECIDE = "permission_requests.decide"
    ENTITIES_READ = "entities.read"
    ENTITIES_WRITE = "entities.write"
    SEARCH = "search"
    RETENTION_RUN = "retention.run"
    RETENTION_EXTEND = "retention.extend"
    DOCUMENTS_CHECK = "documents.check"
    FLOWS_READ = "flows.read"
    FLOWS_LOAD = "flows.load"
