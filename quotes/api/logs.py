"""Structured JSON logs: one line per request, never the article text.

The app installs one JSON handler (python-json-logger) on the ``quotes`` logger; records
still propagate, so a root handler configured by the host (or pytest's caplog) sees them too.
Views add what they know with :func:`note` (numbers) and :func:`note_label` (a label from a
fixed set: whether the text looks Indonesian); the request line is written in
``after_request``.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from flask import g
from pythonjsonlogger.json import JsonFormatter

LOGGER = "quotes"
access_log = logging.getLogger("quotes.api.access")

#: the only per-request fields that views may add (numbers, never text)
NOTE_FIELDS = ("chars", "quotes", "documents", "failed_documents", "not_indonesian")
#: the only per-request labels that views may add, each from a fixed set (never text)
NOTE_LABELS: dict[str, tuple[str, ...]] = {"language": ("id", "ms", "other", "unknown")}


class _QuotesJsonHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Marker class so repeated create_app calls install the handler once."""


def json_formatter() -> logging.Formatter:
    return JsonFormatter(
        "{asctime}{levelname}{name}{message}",
        style="{",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
    )


def configure_logging(level: str | int) -> None:
    logger = logging.getLogger(LOGGER)
    logger.setLevel(level.upper() if isinstance(level, str) else level)
    if not any(isinstance(h, _QuotesJsonHandler) for h in logger.handlers):
        handler = _QuotesJsonHandler(sys.stderr)
        handler.setFormatter(json_formatter())
        logger.addHandler(handler)


def note(**values: int) -> None:
    """Record numbers about the current request for its log line."""
    for key, value in values.items():
        if key not in NOTE_FIELDS:
            raise ValueError(f"not a loggable request field: {key}")
        g.setdefault("log_fields", {})[key] = int(value)


def note_label(**values: str) -> None:
    """Record a label about the current request (one of :data:`NOTE_LABELS`) for its log line."""
    for key, value in values.items():
        if value not in NOTE_LABELS.get(key, ()):
            raise ValueError(f"not a loggable request label: {key}={value!r}")
        g.setdefault("log_fields", {})[key] = value


def log_request(fields: dict[str, Any]) -> None:
    extra = dict(fields)
    extra.update(g.get("log_fields", {}))
    access_log.info("request", extra=extra)
