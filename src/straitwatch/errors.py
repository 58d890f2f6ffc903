# SPDX-License-Identifier: EUPL-1.2
"""The exception hierarchy of straitwatch.

Every error we raise on purpose is a :class:`StraitwatchError`; third-party errors are
converted where they cross into our code (``raise InvalidInput(...) from exc``). The CLI
prints ``error: <message>`` and exits 2; the API turns each class into one JSON shape
with the status code given here.

::

    StraitwatchError                 (500)
    ├── InvalidInput                 (422)  bad value, record, file or argument
    │   └── RejectedRecord           (422)  one input record refused, with a reason code
    ├── NotAllowed                   (403)  the access policy said no
    ├── NotAuthenticated             (401)  no, wrong, expired or revoked credentials
    ├── NotFound                     (404)  no such thing (or not visible to the actor)
    ├── TooManyAttempts              (429)  slow down: retry after ``retry_after_s``
    ├── Conflict                     (409)  duplicate, or a state change that cannot happen
    ├── StoreUnavailable             (503)  the database cannot be reached
    ├── AuditChainBroken             (500)  the hash-chained audit log fails verification
    └── ConfigurationError           (500)  settings that must not be used (e.g. default secret)
"""

from __future__ import annotations

__all__ = [
    "AuditChainBroken",
    "ConfigurationError",
    "Conflict",
    "InvalidInput",
    "NotAllowed",
    "NotAuthenticated",
    "NotFound",
    "RejectedRecord",
    "StoreUnavailable",
    "StraitwatchError",
    "TooManyAttempts",
]


class StraitwatchError(Exception):
    """Base of every error straitwatch raises on purpose.

    ``code`` is a stable machine-readable name; ``status`` is the HTTP status the API uses.
    """

    code = "error"
    status = 500

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class InvalidInput(StraitwatchError):
    """A value, record, file or argument is not acceptable; ``where`` names the place."""

    code = "invalid_input"
    status = 422


class RejectedRecord(InvalidInput):
    """One input record refused; ``reason`` is a short stable code for the dead-letter store.

    >>> RejectedRecord("checksum", "bad NMEA checksum", where="feed.nmea:12").reason
    'checksum'
    """

    code = "rejected_record"

    def __init__(self, reason: str, message: str, *, where: str | None = None) -> None:
        super().__init__(message, where=where)
        self.reason = reason


class NotAllowed(StraitwatchError):
    """The access policy refused the action; the message carries the policy's reason."""

    code = "not_allowed"
    status = 403


class NotAuthenticated(StraitwatchError):
    """Missing, wrong, expired or revoked credentials."""

    code = "not_authenticated"
    status = 401


class NotFound(StraitwatchError):
    """No such thing, or nothing the actor may know exists."""

    code = "not_found"
    status = 404


class TooManyAttempts(StraitwatchError):
    """Too many attempts (sign-in) from one client or at one account; retry later.

    >>> TooManyAttempts("too many sign-in attempts", retry_after_s=30).retry_after_s
    30
    """

    code = "too_many_requests"
    status = 429

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class Conflict(StraitwatchError):
    """A duplicate, or a state change that cannot happen from the current state."""

    code = "conflict"
    status = 409


class StoreUnavailable(StraitwatchError):
    """The database cannot be reached or opened."""

    code = "store_unavailable"
    status = 503


class AuditChainBroken(StraitwatchError):
    """The audit log fails verification; the message names the first broken link."""

    code = "audit_chain_broken"
    status = 500


class ConfigurationError(StraitwatchError):
    """Settings that must not be used, such as a default secret in production."""

    code = "configuration_error"
    status = 500
