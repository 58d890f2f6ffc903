# SPDX-License-Identifier: EUPL-1.2
"""One JSON shape for every error the API returns, in one place.

``{"error": {"code": "not_found", "message": "no live track 'T9'", "where": null}}`` —
for our own :class:`~straitwatch.errors.StraitwatchError` (status from its class), for
FastAPI's own 404/405/422 (``where`` names the field, e.g. ``body.username``), and for
anything unexpected (500, logged with its stack trace, never shown to the client).

``message`` is in the request's language (the ``sw_lang`` cookie, else ``Accept-Language``,
from the gettext catalogues of :mod:`straitwatch.i18n`); ``code`` stays the same in every
language, for programs.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException

from straitwatch.errors import StraitwatchError, TooManyAttempts
from straitwatch.i18n import LANG_COOKIE, Catalogue, catalogue, choose_language

__all__ = ["error_body", "install_error_handlers", "request_catalogue"]

log = logging.getLogger("straitwatch.api")

_HTTP_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "not_allowed",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "too_many_requests",
}


def error_body(code: str, message: str, where: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "where": where}}


def request_catalogue(request: Request) -> Catalogue:
    """The message catalogue of the language ``request`` is answered in."""
    return catalogue(
        choose_language(
            cookie=request.cookies.get(LANG_COOKIE),
            accept_language=request.headers.get("accept-language"),
        )
    )


def _reply(
    request: Request,
    code: str,
    message: str,
    where: str | None = None,
    *,
    status: int,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    cat = request_catalogue(request)
    return JSONResponse(
        error_body(code, cat.translate(message), where),
        status_code=status,
        headers={**(headers or {}), "Content-Language": cat.language},
    )


def _ours(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StraitwatchError)
    if exc.status == 503:
        log.warning("request refused for now: %s", exc)
    elif exc.status >= 500:
        log.error("request failed: %s", exc, exc_info=exc)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    if exc.status == 503:  # the store or the bus is down: the client may send again
        headers = {"Retry-After": "1"}
    if isinstance(exc, TooManyAttempts):
        headers = {"Retry-After": str(exc.retry_after_s)}
    return _reply(request, exc.code, exc.message, exc.where, status=exc.status, headers=headers)


def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, "error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    return _reply(request, code, message, status=exc.status_code, headers=exc.headers)


def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    loc = tuple(first.get("loc", ()))
    where = ".".join(str(p) for p in loc) or None
    cat = request_catalogue(request)
    message = str(first.get("msg", "invalid request"))
    if first.get("type") == "missing" and loc:  # say which field, in the words of both
        message = f"field {loc[-1]} is required"
    message = cat.translate(message)
    if len(errors) > 1:
        message += " " + cat.translate(f"(and {len(errors) - 1} more)")
    return _reply(request, "invalid_input", message, where, status=422)


def _store_busy(request: Request, exc: Exception) -> JSONResponse:
    """The database refused or timed out (pool exhausted, server gone, file locked): a
    503 the client may retry, not an internal error."""
    log.warning("store unavailable: %s", str(exc).splitlines()[0])
    return _reply(
        request,
        "store_unavailable",
        "the store is busy or unreachable; try again shortly",
        status=503,
        headers={"Retry-After": "1"},
    )


def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected error", exc_info=exc)
    return _reply(request, "internal_error", "internal error; it has been logged", status=500)


def install_error_handlers(app: FastAPI) -> None:
    """Route every error to the one shape."""
    app.add_exception_handler(StraitwatchError, _ours)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(PoolTimeout, _store_busy)
    app.add_exception_handler(OperationalError, _store_busy)
    app.add_exception_handler(Exception, _unexpected)
