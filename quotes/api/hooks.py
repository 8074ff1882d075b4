"""Per-request plumbing: request id, API keys, security headers, the request log line."""

from __future__ import annotations

import hmac
import re
import time
import uuid

from flask import Flask, Response, g, request

from quotes.api.errors import Unauthorized
from quotes.api.logs import log_request
from quotes.api.state import current_state

REQUEST_ID = "X-Request-ID"
API_KEY = "X-API-Key"
#: a client's X-Request-ID is honoured only when it is a sane token (no log or header injection)
_REQUEST_ID_OK = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")


def _start() -> None:
    g.t0 = time.perf_counter()
    given = request.headers.get(REQUEST_ID, "")
    g.request_id = given if _REQUEST_ID_OK.fullmatch(given) else uuid.uuid4().hex


def _presented_key() -> str | None:
    key = request.headers.get(API_KEY)
    if key:
        return key
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


def _authenticate() -> None:
    keys = current_state().api_keys
    if not keys or not request.path.startswith("/v1/") or request.method == "OPTIONS":
        return
    presented = _presented_key()
    if presented is not None:
        candidate = presented.encode("utf-8", "surrogateescape")
        matched = False
        for key in keys:  # no early exit: the time taken does not tell which key is closest
            matched |= hmac.compare_digest(candidate, key)
        if matched:
            return
    raise Unauthorized(
        "Missing or invalid API key: send it in the X-API-Key header "
        "or as 'Authorization: Bearer <key>'.",
        headers={"WWW-Authenticate": 'Bearer realm="quotes"'},
    )


def _finish(response: Response) -> Response:
    request_id = str(g.get("request_id", ""))
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers[REQUEST_ID] = request_id
    t0 = g.get("t0")
    latency = (time.perf_counter() - t0) * 1000 if t0 is not None else 0.0
    log_request({
        "request_id": request_id,
        "method": request.method,
        "path": request.path[:200],
        "status": response.status_code,
        "latency_ms": round(latency, 1),
    })
    return response


def register_hooks(app: Flask) -> None:
    app.before_request(_start)
    app.before_request(_authenticate)
    app.after_request(_finish)
