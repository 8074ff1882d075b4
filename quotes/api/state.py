"""What one app shares between requests: ``app.extensions["quotes"]``."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import current_app

from quotes.annotator import Annotator
from quotes.api.schemas import RequestSchemas
from quotes.deadline import deadline
from quotes.errors import ModelError, QuotesError

T = TypeVar("T")


class RequestTimedOut(QuotesError):
    status_code = 503
    code = "timeout"

EXTENSION = "quotes"


@dataclass
class ApiState:
    annotator: Annotator | None
    schemas: RequestSchemas
    max_chars: int
    batch_max_documents: int
    batch_max_chars: int
    batch_max_bytes: int
    api_keys: tuple[bytes, ...] = ()
    #: why the annotator is missing (readyz / 503 message)
    not_ready_reason: str = "The NLP models are not loaded."
    #: the built OpenAPI document, cached on first use
    openapi: dict[str, Any] | None = None
    #: one annotation at a time per worker: the models are not shared across threads
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: seconds one request may annotate before a clean 503 (0 = no limit)
    request_timeout: float = 0.0

    def require_annotator(self) -> Annotator:
        if self.annotator is None:
            raise ModelError(self.not_ready_reason)
        return self.annotator

    def run(self, fn: Callable[[Annotator], T]) -> T:
        """Call ``fn(annotator)`` under the worker's annotation lock, within the deadline."""
        annotator = self.require_annotator()
        message = (f"The text took longer than {self.request_timeout:g} s to process; "
                   "send a shorter text.")
        # a little below gunicorn's worker timeout: a clean 503 instead of a killed worker
        with self.lock, deadline(self.request_timeout, lambda: RequestTimedOut(message)):
            return fn(annotator)


def current_state() -> ApiState:
    state = current_app.extensions[EXTENSION]
    assert isinstance(state, ApiState)
    return state
