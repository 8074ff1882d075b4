"""The error envelope: its body (:class:`ErrorBody`) and its marshmallow schemas.

    {"error": {"status": 422, "code": "validation_error", "message": "...", "details": {...},
               "request_id": "..."}}

Its own module so that :mod:`quotes.api.errors` (which answers errors) and
:mod:`quotes.api.schemas` (whose batch results hold errors) both import it and not each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema, fields


@dataclass(frozen=True, slots=True)
class ErrorBody:
    """The inside of the envelope; dumped by :class:`ErrorSchema`."""

    status: int
    code: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)
    request_id: str = ""


ERROR_CODES = """\
`400` `invalid_json` (details `line`, `column`), `invalid_encoding` (`offset` of the first \
bad byte); `401` `unauthorized`; `404` `not_found`; `405` `method_not_allowed`; `413` \
`payload_too_large` (`chars`/`max_chars`, `documents`/`max_documents` or `max_bytes`); `415` \
`unsupported_media_type` (`accepted` or `charset`); `422` `validation_error` (the messages for \
each field); `500` `internal_error`; `503` `models_unavailable`, `timeout`. In a batch result \
only: `409` `duplicate_id` (an earlier document of the batch has the same id; details \
`document` and `first_document`, positions in `documents` counted from 1)."""


class ErrorSchema(Schema):
    class Meta:
        description = "What went wrong; the same shape for every status and path."

    status = fields.Integer(required=True, metadata={
        "description": "The HTTP status code, repeated."})
    code = fields.String(required=True, metadata={
        "description": f"A stable, machine-readable code: {ERROR_CODES}"})
    message = fields.String(required=True, metadata={
        "description": "What went wrong and what to do, in English. It never quotes the "
                       "submitted text."})
    details = fields.Dict(required=True, metadata={
        "description": "Data for programs, per `code` (see there); `{}` when there is none. "
                       "For `validation_error`: field name → list of messages."})
    request_id = fields.String(required=True, metadata={
        "description": "The request id (also the `X-Request-ID` response header); quote it "
                       "when reporting a problem."})


class ErrorEnvelopeSchema(Schema):
    class Meta:
        description = "Every error response, on every path: one `error` object."

    error = fields.Nested(ErrorSchema, required=True, metadata={
        "description": "The error."})


ERROR_ENVELOPE = ErrorEnvelopeSchema()


def envelope(body: ErrorBody) -> dict[str, Any]:
    """The envelope of ``body``, as JSON-ready data."""
    data: dict[str, Any] = ERROR_ENVELOPE.dump({"error": body})
    return data
