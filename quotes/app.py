"""The app factory: ``create_app(config=None, annotator=None) -> Flask``.

Configuration comes from :data:`DEFAULTS`, then ``QUOTES_*`` environment variables
(``app.config.from_prefixed_env("QUOTES")``: values are parsed as JSON when they can be), then
the ``config`` argument. With no ``annotator`` the shipped Stanza models are loaded here, once
per process -- under gunicorn that is once per worker, *after* the fork (``preload_app`` is off:
PyTorch state must not be shared across a fork) -- and a missing model fails fast with the
actionable :class:`quotes.errors.ModelError` message.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Mapping
from typing import Any, cast

from flask import Flask
from flask_cors import CORS

from quotes.annotator import Annotator
from quotes.api import ApiState, init_api
from quotes.api.logs import configure_logging
from quotes.api.page import bp as page_bp
from quotes.api.schemas import (
    DEFAULT_BATCH_MAX_CHARS,
    DEFAULT_BATCH_MAX_DOCUMENTS,
    DEFAULT_MAX_CHARS,
    MAX_ID_CHARS,
    RequestSchemas,
)
from quotes.errors import ModelError

DEFAULTS: dict[str, Any] = {
    # characters of text in one article (413 over it)
    "MAX_CHARS": DEFAULT_MAX_CHARS,
    # documents in one batch, and characters of text in all of them (413 over either)
    "BATCH_MAX_DOCUMENTS": DEFAULT_BATCH_MAX_DOCUMENTS,
    "BATCH_MAX_CHARS": DEFAULT_BATCH_MAX_CHARS,
    # comma-separated keys; when set, /v1/* needs X-API-Key or Authorization: Bearer
    "API_KEYS": "",
    # comma-separated allowed origins ("*" for any); empty = CORS off
    "CORS_ORIGINS": "",
    "LOG_LEVEL": "INFO",
    # seconds one request may annotate before a clean 503; None = 5 s below gunicorn's
    # worker timeout (QUOTES_TIMEOUT, 120 by default); 0 = no limit
    "REQUEST_TIMEOUT": None,
    # false: start without models (readyz and /v1 answer 503); for docs-only or smoke runs
    "LOAD_MODELS": True,
    # byte caps on the request body; None = sized from MAX_CHARS / BATCH_MAX_CHARS
    "MAX_CONTENT_LENGTH": None,
    "BATCH_MAX_CONTENT_LENGTH": None,
}

#: JSON may spell every character as a 6-byte \uXXXX escape; plus room for the envelope
_BYTES_PER_CHAR = 6
_ENVELOPE_BYTES = 16 * 1024


def _positive_int(config: Mapping[str, Any], key: str) -> int:
    value = config[key]
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"QUOTES_{key} must be a positive integer, got {value!r}")
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"QUOTES_{key} must be a positive integer, got {value!r}") from None
    if number <= 0:
        raise ValueError(f"QUOTES_{key} must be a positive integer, got {value!r}")
    return number


def _str_list(value: Any) -> list[str]:
    """``"a, b"`` / ``["a", "b"]`` / ``None`` -> ``["a", "b"]`` (blanks dropped)."""
    if value is None or value is False:
        return []
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list | tuple | set | frozenset):
        items = list(value)
    else:  # QUOTES_API_KEYS=12345 arrives JSON-parsed as an int
        items = [value]
    return [str(item).strip() for item in items if str(item).strip()]


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in {"", "0", "false", "no", "off"}
    return bool(value)


def _load_default_annotator() -> Annotator:
    try:
        nlp = importlib.import_module("quotes.nlp")
    except ImportError as exc:
        raise ModelError(
            f"Cannot import the NLP adapter quotes.nlp ({exc}); install the runtime "
            "requirements with 'pip install -r requirements.txt'."
        ) from exc
    loader = cast(Callable[[], Annotator], nlp.default_annotator)
    return loader()


def create_app(config: Mapping[str, Any] | None = None,
               annotator: Annotator | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config.from_prefixed_env("QUOTES")
    if config:
        app.config.update(config)
    cfg = app.config

    max_chars = _positive_int(cfg, "MAX_CHARS")
    max_documents = _positive_int(cfg, "BATCH_MAX_DOCUMENTS")
    batch_chars = _positive_int(cfg, "BATCH_MAX_CHARS")
    if cfg["MAX_CONTENT_LENGTH"] is None:
        cfg["MAX_CONTENT_LENGTH"] = max_chars * _BYTES_PER_CHAR + _ENVELOPE_BYTES
    if cfg["BATCH_MAX_CONTENT_LENGTH"] is None:
        per_document = (MAX_ID_CHARS * _BYTES_PER_CHAR) + 64
        cfg["BATCH_MAX_CONTENT_LENGTH"] = (batch_chars * _BYTES_PER_CHAR
                                           + max_documents * per_document + _ENVELOPE_BYTES)
    cfg["MAX_CONTENT_LENGTH"] = _positive_int(cfg, "MAX_CONTENT_LENGTH")
    batch_bytes = _positive_int(cfg, "BATCH_MAX_CONTENT_LENGTH")
    api_keys = tuple(key.encode("utf-8") for key in _str_list(cfg["API_KEYS"]))
    origins = _str_list(cfg["CORS_ORIGINS"])

    configure_logging(cfg["LOG_LEVEL"])
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep the documented field order

    reason = "The NLP models are not loaded."
    if annotator is None:
        if _flag(cfg["LOAD_MODELS"]):
            annotator = _load_default_annotator()
        else:
            reason = ("The NLP models are not loaded: the service was started with "
                      "QUOTES_LOAD_MODELS=false.")

    state = ApiState(
        annotator=annotator,
        schemas=RequestSchemas.build(max_chars, max_documents, batch_chars),
        max_chars=max_chars,
        batch_max_documents=max_documents,
        batch_max_chars=batch_chars,
        batch_max_bytes=batch_bytes,
        api_keys=api_keys,
        not_ready_reason=reason,
        request_timeout=_request_timeout(cfg),
    )
    init_api(app, state)
    app.register_blueprint(page_bp)  # GET /: the page (quotes/static/page)

    if origins:
        CORS(
            app,
            resources={r"/v1/*": {"origins": origins}},
            allow_headers=["Content-Type", "X-API-Key", "Authorization", "X-Request-ID"],
            expose_headers=["X-Request-ID"],
            methods=["POST", "OPTIONS"],
            max_age=600,
        )
    return app


def _request_timeout(cfg: Any) -> float:
    value = cfg["REQUEST_TIMEOUT"]
    if value is None:
        worker_timeout = float(os.environ.get("QUOTES_TIMEOUT") or 120)
        return max(1.0, worker_timeout - 5)
    seconds = float(value)
    if seconds < 0:
        raise ValueError("QUOTES_REQUEST_TIMEOUT must be >= 0")
    return seconds
