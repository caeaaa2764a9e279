"""The one table from errors to problem+json (RFC 9457) responses.

Every error a client sees has a stable `code`, a title, the status, the request id, and
for validation failures per-field messages. Unknown errors become a generic 500 whose
request id is in the server log next to the stack trace; the client never sees one.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, g, json, request
from werkzeug.exceptions import HTTPException

from kyc_service.core import errors as e

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"

STATUS: dict[type[e.KycError], int] = {
    e.ValidationFailed: 422,
    e.NotFound: 404,
    e.Conflict: 409,
    e.Unauthenticated: 401,
    e.PermissionDenied: 403,
    e.PayloadTooLarge: 413,
    e.UnsupportedMediaType: 415,
    e.IntegrityFailure: 500,
    e.ConfigurationError: 503,
}

HTTP_CODES = {
    400: ("bad_request", "The request is malformed."),
    401: ("unauthenticated", "A valid access token is required."),
    403: ("forbidden", "Your role does not allow this."),
    404: ("not_found", "The resource does not exist."),
    405: ("method_not_allowed", "This method is not allowed here."),
    409: ("conflict", "The request conflicts with the current state."),
    413: ("payload_too_large", "The request body is too large."),
    415: ("unsupported_media_type", "This content type is not accepted."),
    422: ("validation_failed", "The input is not valid."),
    429: ("too_many_requests", "Too many requests."),
    500: ("internal_error", "Something went wrong on our side."),
}


def status_for(error: e.KycError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def problem(status: int, code: str, title: str, detail: str | None = None,
            fields: Mapping[str, Any] | None = None, extra: Mapping[str, Any] | None = None,
            ) -> Response:
    body: dict[str, Any] = {
        "type": f"urn:kyc:problem:{code}",
        "title": title,
        "status": status,
        "code": code,
        "instance": request.path,
        "request_id": g.get("request_id"),
    }
    if detail:
        body["detail"] = detail
    if fields:
        body["errors"] = dict(fields)
    # Extra members never overwrite the standard ones.
    body.update({k: v for k, v in (extra or {}).items() if k not in body and k != "errors"})
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
    if g.get("request_id"):
        response.headers["X-Request-Id"] = g.request_id
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="kyc"'
    return response


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """webargs/marshmallow nest messages by location and field; clients want flat paths."""
    if isinstance(messages, list | tuple):
        return {prefix or "_body": [str(m) for m in messages]}
    flat: dict[str, list[str]] = {}
    for key, value in dict(messages).items():
        name = str(key) if not prefix else f"{prefix}.{key}"
        flat.update(flatten_messages(value, name))
    return flat


def _strip_location(messages: Mapping[str, Any]) -> Mapping[str, Any]:
    if len(messages) == 1:
        location, inner = next(iter(messages.items()))
        if location in {"json", "query", "form", "files", "headers"} and isinstance(inner, dict):
            return inner
    return messages


def handle_kyc_error(error: e.KycError) -> Response:
    status = status_for(error)
    if status >= 500:
        log.error("%s: %s", error.code, error.detail, extra={"request_id": g.get("request_id")})
    return problem(status, error.code, error.title, error.detail if error.detail != error.title
                   else None, error.fields, error.extra)


def handle_http_error(error: HTTPException) -> Response:
    status = error.code or 500
    code, title = HTTP_CODES.get(status, ("http_error", error.name))
    data = getattr(error, "data", None) or {}
    messages = data.get("messages") if isinstance(data, dict) else None
    if status == 400 and messages and "json" in messages:
        return problem(400, "malformed_json", "The body is not valid JSON.",
                       "Send a JSON object with Content-Type: application/json.")
    if status == 422 and messages:
        return problem(422, "validation_failed", title,
                       fields=flatten_messages(_strip_location(messages)))
    if status >= 500:
        log.error("HTTP %s", status, extra={"request_id": g.get("request_id")},
                  exc_info=getattr(error, "original_exception", None))
        return problem(status, code, title)
    detail = error.description if status in {404, 405, 413} else None
    return problem(status, code, title, detail)


def handle_unexpected(error: Exception) -> Response:
    log.exception("unhandled error", extra={"request_id": g.get("request_id")})
    code, title = HTTP_CODES[500]
    return problem(500, code, title, "Quote the request id when you report this.")


def init_app(app: Flask) -> None:
    app.register_error_handler(e.KycError, handle_kyc_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
