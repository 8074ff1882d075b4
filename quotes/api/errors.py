"""HTTP errors: every failure leaves the service as one envelope.

    {"error": {"status": 422, "code": "validation_error", "message": "...", "details": {...},
               "request_id": "..."}}

The envelope itself (its body and schema) is :mod:`quotes.api.envelope`. The API's own errors
subclass :class:`quotes.errors.QuotesError`, so a single handler turns
them and the engine's errors into the envelope through ``status_code`` / ``code``. werkzeug's
HTTP exceptions (routing 404/405, the 413 of the body size cap) and anything unexpected (500,
no internals) get the same shape. Messages never carry the submitted text.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, g, has_request_context, jsonify, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from quotes.api.envelope import ErrorBody, envelope
from quotes.errors import InputError, QuotesError

log = logging.getLogger("quotes.api")

#: unknown field names are client input: clip them before echoing them in ``details``
_MAX_KEY_CHARS = 64
_MAX_KEYS = 50


class ApiError(QuotesError):
    """An error of the HTTP layer; ``headers`` are added to the error response."""

    status_code = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        details: dict[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message, details)
        self.headers = dict(headers or {})


class InvalidJson(ApiError):
    status_code = 400
    code = "invalid_json"


class InvalidEncoding(ApiError):
    status_code = 400
    code = "invalid_encoding"


class Unauthorized(ApiError):
    status_code = 401
    code = "unauthorized"


class PayloadTooLarge(ApiError):
    status_code = 413
    code = "payload_too_large"


class UnsupportedMediaType(ApiError):
    status_code = 415
    code = "unsupported_media_type"


class ValidationFailed(InputError):
    """The body parsed but does not match the request schema (marshmallow messages per field)."""

    def __init__(self, messages: Mapping[str, Any] | list[Any] | str) -> None:
        super().__init__("The request body is invalid; see details for each field.",
                         clip_messages(messages))


#: werkzeug HTTP exceptions -> envelope codes
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    408: "request_timeout",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
    500: "internal_error",
    501: "not_implemented",
    503: "service_unavailable",
}


def clip_messages(messages: Mapping[str, Any] | list[Any] | str) -> dict[str, Any]:
    """marshmallow messages as a details object, with over-long (client-chosen) keys clipped."""
    if not isinstance(messages, Mapping):
        return {"_schema": messages if isinstance(messages, list) else [messages]}
    out: dict[str, Any] = {}
    for index, (key, value) in enumerate(messages.items()):
        if index == _MAX_KEYS:
            out["..."] = [f"{len(messages) - _MAX_KEYS} more fields have errors."]
            break
        name = str(key)
        if len(name) > _MAX_KEY_CHARS:
            name = name[:_MAX_KEY_CHARS] + "..."
        out[name] = clip_messages(value) if isinstance(value, Mapping) else value
    return out


def error_body(exc: BaseException) -> ErrorBody:
    """The envelope body for any exception, with the current request id."""
    request_id = str(g.get("request_id", ""))
    if isinstance(exc, QuotesError):
        return ErrorBody(exc.status_code, exc.code, exc.message, dict(exc.details), request_id)
    if isinstance(exc, ValidationError):
        failed = ValidationFailed(exc.messages)
        return ErrorBody(failed.status_code, failed.code, failed.message, failed.details,
                         request_id)
    if isinstance(exc, HTTPException) and exc.code == 413 and has_request_context():
        limit = request.max_content_length
        return ErrorBody(413, "payload_too_large",
                         f"The request body is over the limit of {limit} bytes.",
                         {"max_bytes": limit}, request_id)
    if isinstance(exc, HTTPException) and exc.code is not None:
        name = exc.name or "Error"
        message = f"{name}: {exc.description}" if exc.description else name
        return ErrorBody(exc.code, _HTTP_CODES.get(exc.code, "http_error"), message, {},
                         request_id)
    return ErrorBody(500, "internal_error",
                     "Internal server error; quote the request_id when reporting it.", {},
                     request_id)


def error_response(body: ErrorBody, headers: Mapping[str, str] | None = None) -> Response:
    response = jsonify(envelope(body))
    response.status_code = body.status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def safe_traceback(exc: BaseException) -> str:
    """The stack of ``exc`` without its message (which may quote the article)."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    return f"{frames}{type(exc).__module__}.{type(exc).__qualname__} (message withheld)"


def _handle_quotes_error(exc: QuotesError) -> Response:
    if exc.status_code >= 500:
        # 503 (models not loaded) is expected while a worker starts: a warning, not an error
        level = logging.WARNING if exc.status_code == 503 else logging.ERROR
        log.log(level, "request failed", extra={"error_code": exc.code,
                                                "status": exc.status_code,
                                                "request_id": g.get("request_id")})
    headers = exc.headers if isinstance(exc, ApiError) else None
    return error_response(error_body(exc), headers)


def _handle_validation_error(exc: ValidationError) -> Response:
    return error_response(error_body(exc))


def _handle_http_exception(exc: HTTPException) -> Response:
    headers = {name: value for name, value in exc.get_headers() if name.lower() == "allow"}
    return error_response(error_body(exc), headers)


def _handle_unexpected(exc: Exception) -> Response:
    log.error("unhandled exception", extra={"request_id": g.get("request_id"),
                                            "error_type": type(exc).__qualname__,
                                            "stack": safe_traceback(exc)})
    return error_response(error_body(exc))


def register_error_handlers(app: Flask) -> None:
    """On the app, not a blueprint: blueprint handlers never see routing 404/405."""
    app.register_error_handler(QuotesError, _handle_quotes_error)
    app.register_error_handler(ValidationError, _handle_validation_error)
    app.register_error_handler(HTTPException, _handle_http_exception)
    app.register_error_handler(Exception, _handle_unexpected)
