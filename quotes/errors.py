"""Exceptions raised by the engine, each carrying the HTTP status it maps to.

    QuotesError (500)
    +-- ModelError (503)        the Stanza models are missing, corrupt or cannot load
    +-- InputError (422)        the text cannot be processed as given
        +-- TextTooLong (413)   the text is over the configured limit

The API turns every one of them into the error envelope; messages say what to do.
"""

from __future__ import annotations

from typing import Any


class QuotesError(Exception):
    status_code = 500
    code = "internal_error"

    def __init__(self, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}


class ModelError(QuotesError):
    status_code = 503
    code = "models_unavailable"


class InputError(QuotesError):
    status_code = 422
    code = "validation_error"


class TextTooLong(InputError):
    status_code = 413
    code = "payload_too_large"
