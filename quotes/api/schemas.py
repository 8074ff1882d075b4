"""Every request and response of the HTTP API, as marshmallow schemas.

Requests are *loaded* here (all validation lives in these schemas), responses are *dumped*
here from the frozen dataclasses of :mod:`quotes.model`: domain objects have no ``to_json``.
The same classes feed the OpenAPI document (:mod:`quotes.api.openapi`).

Request schemas depend on the configured limits, so the app builds one :class:`RequestSchemas`
per app; response schemas are module-level singletons.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    post_load,
    pre_dump,
    validate,
)

from quotes.api.errors import ErrorBody, PayloadTooLarge, ValidationFailed
from quotes.errors import QuotesError, TextTooLong
from quotes.model import Extraction

LANGUAGES = ("id",)
DEFAULT_MAX_CHARS = 200_000
DEFAULT_BATCH_MAX_DOCUMENTS = 100
DEFAULT_BATCH_MAX_CHARS = 2_000_000
MAX_ID_CHARS = 256

_SURROGATE = re.compile("[\ud800-\udfff]")
#: "contains a non-whitespace character"; anchored with ``match`` by marshmallow, unanchored
#: (search) in JSON Schema, which means the same thing here
NOT_BLANK_PATTERN = r"\s*\S"


# --------------------------------------------------------------------------------------------
# validators


class TextLength(validate.Length):
    """``Length(min, max)`` whose upper bound is a 413 (:class:`TextTooLong`), not a 422.

    Being a ``Length``, apispec documents it as ``minLength``/``maxLength``.
    """

    def __call__(self, value: Any) -> Any:
        if self.max is not None and len(value) > self.max:
            raise TextTooLong(
                f"The text has {len(value)} characters; the limit is {self.max}.",
                {"chars": len(value), "max_chars": self.max},
            )
        return super().__call__(value)


def no_surrogates(value: str) -> str:
    """Reject lone surrogates (JSON ``"\\ud800"``): they are not Unicode text."""
    hit = _SURROGATE.search(value)
    if hit:
        raise ValidationError(
            f"Contains an unpaired surrogate code point at offset {hit.start()}; "
            "send valid Unicode (UTF-8)."
        )
    return value


def _text_validators(max_chars: int) -> list[Any]:
    return [
        TextLength(min=1, max=max_chars),
        validate.Regexp(NOT_BLANK_PATTERN, error="Text must not be empty or whitespace only."),
        no_surrogates,
    ]


def _text_field() -> fields.String:
    """The ``text`` field; each schema instance sets its validators from the configured limit."""
    return fields.String(
        required=True,
        validate=_text_validators(DEFAULT_MAX_CHARS),
        metadata={"description": "The article: plain text, UTF-8. Offsets in the response "
                                 "are code points into exactly this string."},
    )


def _language_field() -> fields.String:
    return fields.String(
        load_default="id",
        validate=validate.OneOf(LANGUAGES),
        metadata={"description": "Language of the article; only Indonesian (`id`)."},
    )


# --------------------------------------------------------------------------------------------
# requests


@dataclass(frozen=True, slots=True)
class ExtractRequest:
    text: str
    language: str = "id"


@dataclass(frozen=True, slots=True)
class BatchDocument:
    id: str
    text: str
    language: str = "id"


@dataclass(frozen=True, slots=True)
class RejectedDocument:
    """A batch document that failed validation; it gets an error entry, the others go on."""

    id: str | None
    error: QuotesError
    chars: int = 0


@dataclass(frozen=True, slots=True)
class BatchRequest:
    documents: tuple[BatchDocument | RejectedDocument, ...]


class ExtractRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    def __init__(self, max_chars: int = DEFAULT_MAX_CHARS, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fields["text"].validators = _text_validators(max_chars)

    text = _text_field()
    language = _language_field()

    @post_load
    def _make(self, data: dict[str, Any], **_: Any) -> ExtractRequest:
        return ExtractRequest(**data)


class BatchDocumentSchema(Schema):
    class Meta:
        unknown = RAISE

    def __init__(self, max_chars: int = DEFAULT_MAX_CHARS, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fields["text"].validators = _text_validators(max_chars)

    id = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=MAX_ID_CHARS), no_surrogates],
        metadata={"description": "Your id for the document, unique within the batch; "
                                 "echoed in its result."},
    )
    text = _text_field()
    language = _language_field()

    @post_load
    def _make(self, data: dict[str, Any], **_: Any) -> BatchDocument:
        return BatchDocument(**data)


def _echo_id(value: Any) -> str | None:
    """The id to echo for a rejected document: only a well-formed one."""
    if isinstance(value, Mapping):
        raw = value.get("id")
        if isinstance(raw, str) and 0 < len(raw) <= MAX_ID_CHARS and not _SURROGATE.search(raw):
            return raw
    return None


class _Document(fields.Nested):
    """One batch document, loaded on its own: a bad one becomes a :class:`RejectedDocument`."""

    def deserialize(self, value: Any, attr: str | None = None,
                    data: Mapping[str, Any] | None = None, **kwargs: Any) -> Any:
        chars = 0
        if isinstance(value, Mapping) and isinstance(value.get("text"), str):
            chars = len(value["text"])
        try:
            return super().deserialize(value, attr, data, **kwargs)
        except ValidationError as exc:
            return RejectedDocument(_echo_id(value), ValidationFailed(exc.messages), chars)
        except QuotesError as exc:  # TextTooLong
            return RejectedDocument(_echo_id(value), exc, chars)


class _Documents(fields.List[Any]):
    """Checks the document count before loading any of them (413 over the cap)."""

    def __init__(self) -> None:
        super().__init__(
            _Document(BatchDocumentSchema()),
            required=True,
            validate=validate.Length(min=1, max=DEFAULT_BATCH_MAX_DOCUMENTS),
            metadata={"description": "The articles; each is validated on its own, so one bad "
                                     "document only gets an error entry in the results."},
        )
        self.max_documents = DEFAULT_BATCH_MAX_DOCUMENTS

    def configure(self, max_documents: int, max_chars: int) -> None:
        self.max_documents = max_documents
        self.validators = [validate.Length(min=1, max=max_documents)]
        inner = _Document(BatchDocumentSchema(max_chars))
        inner._bind_to_schema(self.name or "documents", self)
        self.inner = inner

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None,
                     **kwargs: Any) -> Any:
        if isinstance(value, Sequence) and len(value) > self.max_documents:
            raise PayloadTooLarge(
                f"The batch has {len(value)} documents; the limit is {self.max_documents}.",
                {"documents": len(value), "max_documents": self.max_documents},
            )
        return super()._deserialize(value, attr, data, **kwargs)


class BatchRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    def __init__(self, max_chars: int = DEFAULT_MAX_CHARS,
                 max_documents: int = DEFAULT_BATCH_MAX_DOCUMENTS,
                 max_total_chars: int = DEFAULT_BATCH_MAX_CHARS, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_total_chars = max_total_chars
        documents = self.fields["documents"]
        assert isinstance(documents, _Documents)
        documents.configure(max_documents, max_chars)

    documents = _Documents()

    @post_load
    def _make(self, data: dict[str, Any], **_: Any) -> BatchRequest:
        docs: list[BatchDocument | RejectedDocument] = list(data["documents"])
        total = sum(len(d.text) if isinstance(d, BatchDocument) else d.chars for d in docs)
        if total > self.max_total_chars:
            raise PayloadTooLarge(
                f"The batch has {total} characters of text; the limit is "
                f"{self.max_total_chars}.",
                {"chars": total, "max_chars": self.max_total_chars},
            )
        seen: dict[str, int] = {}
        for index, doc in enumerate(docs):
            if not isinstance(doc, BatchDocument):
                continue
            if doc.id in seen:
                docs[index] = RejectedDocument(doc.id, ValidationFailed(
                    {"id": [f"Duplicate id; document {seen[doc.id]} already uses it."]}),
                    len(doc.text))
            else:
                seen[doc.id] = index
        return BatchRequest(tuple(docs))


@dataclass(frozen=True)
class RequestSchemas:
    """The request schemas of one app, built with its configured limits."""

    extract: ExtractRequestSchema
    batch: BatchRequestSchema

    @classmethod
    def build(cls, max_chars: int, max_documents: int, max_total_chars: int) -> RequestSchemas:
        return cls(ExtractRequestSchema(max_chars),
                   BatchRequestSchema(max_chars, max_documents, max_total_chars))


# --------------------------------------------------------------------------------------------
# responses


class CueSchema(Schema):
    text = fields.String(required=True)
    lemma = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)


class MentionSchema(Schema):
    text = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)


class AttributionSchema(Schema):
    name = fields.String(required=True)
    entity = fields.String(required=True, metadata={"description": "Id of the speaker entity."})
    mention = fields.Nested(MentionSchema, required=True, allow_none=True)
    rule = fields.String(required=True, metadata={"description": "The rule that attributed it."})


class QuoteSchema(Schema):
    id = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(["direct", "indirect", "mixed"]))
    text = fields.String(required=True)
    start = fields.Integer(required=True, metadata={"description": "Code-point offset."})
    end = fields.Integer(required=True, metadata={"description": "Code-point offset, exclusive."})
    cue = fields.Nested(CueSchema, required=True, allow_none=True)
    speaker = fields.Nested(AttributionSchema, required=True, allow_none=True)
    confidence = fields.Float(required=True)
    paragraph = fields.Integer(required=True)
    sentence = fields.Integer(required=True)
    duplicate_of = fields.String(required=True, allow_none=True)


class SpeakerSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True,
                         validate=validate.OneOf(["person", "organization", "group"]))
    aliases = fields.List(fields.String(), required=True)
    titles = fields.List(fields.String(), required=True)
    quotes = fields.List(fields.String(), required=True)


class IgnoredSchema(Schema):
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    reason = fields.String(required=True, validate=validate.OneOf(
        ["boilerplate", "spam", "related-links"]))


class MetaSchema(Schema):
    language = fields.String(required=True)
    version = fields.String(required=True)
    models = fields.String(required=True)
    chars = fields.Integer(required=True)
    elapsed_ms = fields.Integer(required=True)


class ExtractionSchema(Schema):
    quotes = fields.List(fields.Nested(QuoteSchema), required=True)
    speakers = fields.List(fields.Nested(SpeakerSchema), required=True)
    ignored = fields.List(fields.Nested(IgnoredSchema), required=True)
    meta = fields.Nested(MetaSchema, required=True)


class ErrorSchema(Schema):
    status = fields.Integer(required=True)
    code = fields.String(required=True)
    message = fields.String(required=True)
    details = fields.Dict(required=True)
    request_id = fields.String(required=True)


class ErrorEnvelopeSchema(Schema):
    error = fields.Nested(ErrorSchema, required=True)


class StatusSchema(Schema):
    status = fields.String(required=True)
    models = fields.String(metadata={"description": "The loaded models (readyz only)."})


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """One entry of a batch response: an extraction or an error, never both."""

    id: str | None
    extraction: Extraction | None = None
    error: ErrorBody | None = None


class _DocumentIdSchema(Schema):
    id = fields.String(required=True, allow_none=True)


class BatchSuccessSchema(ExtractionSchema, _DocumentIdSchema):
    """``{"id": ..., **the single-document response}`` (bases in this order put ``id`` first)."""

    id = fields.String(required=True)

    @pre_dump
    def _flatten(self, item: DocumentResult, **_: Any) -> dict[str, Any]:
        assert item.extraction is not None
        ex = item.extraction
        return {"id": item.id, "quotes": ex.quotes, "speakers": ex.speakers,
                "ignored": ex.ignored, "meta": ex.meta}


class BatchFailureSchema(_DocumentIdSchema):
    error = fields.Nested(ErrorSchema, required=True)


class _DocumentResultField(fields.Field[Any]):
    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value.extraction is not None:
            return BATCH_SUCCESS.dump(value)
        return BATCH_FAILURE.dump(value)


class BatchResponseSchema(Schema):
    results = fields.List(
        _DocumentResultField(metadata={"oneOf": [
            {"$ref": "#/components/schemas/BatchSuccess"},
            {"$ref": "#/components/schemas/BatchFailure"},
        ]}),
        required=True,
        metadata={"description": "One entry per document, in input order."},
    )


EXTRACTION = ExtractionSchema()
ERROR_ENVELOPE = ErrorEnvelopeSchema()
STATUS = StatusSchema()
BATCH_SUCCESS = BatchSuccessSchema()
BATCH_FAILURE = BatchFailureSchema()
BATCH_RESPONSE = BatchResponseSchema()
