"""Every request and response of the HTTP API, as marshmallow schemas.

Requests are *loaded* here (all validation lives in these schemas), responses are *dumped*
here from the frozen dataclasses of :mod:`quotes.model`: domain objects have no ``to_json``.
The same classes feed the OpenAPI document (:mod:`quotes.api.openapi`); the error envelope's
schemas are in :mod:`quotes.api.envelope`.

Request schemas depend on the configured limits, so the app builds one :class:`RequestSchemas`
per app; response schemas are module-level singletons.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
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

from quotes.api.envelope import ErrorBody, ErrorSchema
from quotes.api.errors import PayloadTooLarge, ValidationFailed
from quotes.batch import (
    ID_RULE,
    PUBLISHED_RULE,
    DuplicateId,
    duplicate_message,
    id_key,
    parse_published,
    valid_id,
)
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
        metadata={"description": "The article as scraped: plain text, paragraphs one a line "
                                 "(boilerplate such as `Baca juga: …` may stay: it is reported "
                                 "in `ignored`). Every offset in the response is a code-point "
                                 "index into exactly this string."},
    )


class DocumentId(fields.Field[Any]):
    """A batch document's id, as ``quotes batch`` takes it: a non-empty string (at most
    ``MAX_ID_CHARS`` characters, valid Unicode) or an integer, kept as given."""

    default_error_messages = {"invalid": f"Must be {ID_RULE}."}

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None,
                     **kwargs: Any) -> Any:
        if not valid_id(value):
            raise self.make_error("invalid")
        if isinstance(value, str):
            validate.Length(max=MAX_ID_CHARS)(value)
            no_surrogates(value)
        return value

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return value


#: the JSON Schema of :class:`DocumentId`
ID_ONE_OF = [{"type": "string", "minLength": 1, "maxLength": MAX_ID_CHARS},
             {"type": "integer"}]


class Published(fields.String):
    """A document's ``published``: an ISO 8601 date or date-time, loaded as its
    :class:`datetime.date` (:func:`quotes.batch.parse_published`, the rule of ``quotes batch``
    and the corpus); documented as a string."""

    default_error_messages = {"invalid_date": f"Must be {PUBLISHED_RULE}."}

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None,
                     **kwargs: Any) -> Any:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return parse_published(text)
        except ValueError:
            raise self.make_error("invalid_date") from None


def _published_field() -> Published:
    return Published(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "The article's publication date: an ISO 8601 date (`2025-03-04`) "
                           "or date-time (`2025-03-04T10:30:00+07:00`, `…Z`; a space may "
                           "stand for the `T`). Optional; null or absent: unknown. The claims "
                           "read relative dates against it (`kemarin`, `tahun depan`), from "
                           "the date as written, in the article's own zone. Anything else is "
                           "a 422 `validation_error` naming `published`.",
            "example": "2025-03-13T10:30:00+07:00",
        },
    )


class StrictBoolean(fields.Boolean):
    """A JSON boolean and nothing else (marshmallow's ``Boolean`` also takes ``"yes"``, ``1``
    ...): ``"true"`` or ``1`` is a 422."""

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None,
                     **kwargs: Any) -> Any:
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


CHECKABLE_ONLY_DESCRIPTION = (
    "`true`: answer only the quotes whose `claim.checkable` is true, and only the speakers "
    "who still have one of them (each with only those in `quotes`). Ids stay those of the "
    "full answer (`q1`, `q4`, …: gaps show what was left out; an `alternatives[].entity` may "
    "name a speaker not listed), and `ignored` and `meta` are the same as without the filter "
    "(they describe the article). Default `false`: every quote. A JSON boolean; anything "
    "else is a 422.")


def _checkable_only_field(description: str = CHECKABLE_ONLY_DESCRIPTION) -> StrictBoolean:
    return StrictBoolean(load_default=False,
                         metadata={"description": description, "example": True})


def _language_field() -> fields.String:
    return fields.String(
        load_default="id",
        validate=validate.OneOf(LANGUAGES),
        metadata={"description": "Language of the article; only Indonesian (`id`), the "
                                 "default."},
    )


# --------------------------------------------------------------------------------------------
# requests


@dataclass(frozen=True, slots=True)
class ExtractRequest:
    text: str
    language: str = "id"
    published: date | None = None
    checkable_only: bool = False


@dataclass(frozen=True, slots=True)
class BatchDocument:
    id: str | int
    text: str
    language: str = "id"
    published: date | None = None


@dataclass(frozen=True, slots=True)
class RejectedDocument:
    """A batch document that failed validation; it gets an error entry, the others go on."""

    id: str | int | None
    error: QuotesError
    chars: int = 0


@dataclass(frozen=True, slots=True)
class BatchRequest:
    documents: tuple[BatchDocument | RejectedDocument, ...]
    checkable_only: bool = False


class ExtractRequestSchema(Schema):
    class Meta:
        unknown = RAISE
        description = ("One article. The same text can be sent as the whole body with "
                       "`Content-Type: text/plain; charset=utf-8`.")

    def __init__(self, max_chars: int = DEFAULT_MAX_CHARS, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fields["text"].validators = _text_validators(max_chars)

    text = _text_field()
    language = _language_field()
    published = _published_field()
    checkable_only = _checkable_only_field()

    @post_load
    def _make(self, data: dict[str, Any], **_: Any) -> ExtractRequest:
        return ExtractRequest(**data)


class BatchDocumentSchema(Schema):
    class Meta:
        unknown = RAISE
        description = ("One article of a batch, validated on its own: an invalid one gets an "
                       "error entry in `results`, the others are still extracted.")

    def __init__(self, max_chars: int = DEFAULT_MAX_CHARS, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fields["text"].validators = _text_validators(max_chars)

    id = DocumentId(
        required=True,
        metadata={"description": "Your id for the document: a non-empty string (at most "
                                 f"{MAX_ID_CHARS} characters) or an integer, unique within the "
                                 "batch (`\"1\"` and `1` are two ids); echoed as given in "
                                 "its result. A repeated id: the first document with it is "
                                 "extracted, each later one gets a 409 `duplicate_id` error.",
                  "oneOf": ID_ONE_OF},
    )
    text = _text_field()
    language = _language_field()
    published = _published_field()

    @post_load
    def _make(self, data: dict[str, Any], **_: Any) -> BatchDocument:
        return BatchDocument(**data)


def _echo_id(value: Any) -> str | int | None:
    """The id to echo for a rejected document: only a well-formed one."""
    if isinstance(value, Mapping):
        raw = value.get("id")
        if isinstance(raw, int) and valid_id(raw):
            return raw
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
        description = "Several articles, annotated together in one pass."

    def __init__(self, max_chars: int = DEFAULT_MAX_CHARS,
                 max_documents: int = DEFAULT_BATCH_MAX_DOCUMENTS,
                 max_total_chars: int = DEFAULT_BATCH_MAX_CHARS, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_total_chars = max_total_chars
        documents = self.fields["documents"]
        assert isinstance(documents, _Documents)
        documents.configure(max_documents, max_chars)

    documents = _Documents()
    checkable_only = _checkable_only_field(
        "The filter of `POST /v1/extract`, for every document of the batch: `true` answers "
        "each with only the quotes whose `claim.checkable` is true and the speakers who still "
        "have one (ids as in the full answer; `ignored` and `meta` unchanged). Default "
        "`false`. A JSON boolean; anything else is a 422 for the whole request.")

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
        seen: dict[str, int] = {}  # id_key -> 1-based position of its first document
        for position, doc in enumerate(docs, 1):
            if not isinstance(doc, BatchDocument):
                continue
            first = seen.setdefault(id_key(doc.id), position)
            if first != position:
                docs[position - 1] = RejectedDocument(doc.id, DuplicateId(
                    duplicate_message(f"in document {first}"),
                    {"document": position, "first_document": first}), len(doc.text))
        return BatchRequest(tuple(docs), data["checkable_only"])


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
#
# Every field carries a description (tests/test_openapi.py checks it): what it holds, where it
# comes from in the engine, and how to read it. Swagger UI renders these as Markdown.

OFFSETS = ("Offsets are Python string indices (Unicode code points, not bytes or UTF-16 units) "
           "into the submitted text, half-open: `text[start:end]`.")

#: every ``rule`` an attribution can carry, with what decided it (quotes/stages/candidates.py
#: and coreference.py, and those only the speaker decision chooses, in decide.py);
#: tests/test_openapi.py checks that the engine's source names no other
RULES: dict[str, str] = {
    "cue-after-quote": "the speaker named right after the cue that follows the quote "
                       "(`“…,” kata Rina Kartika.`, `…, ujar Kepala BPBD.`)",
    "speaker-cue-after-quote": "speaker then reporting verb after the quote "
                               "(`“…,” Rina menambahkan.`)",
    "passive-agent-after-quote": "the agent of a passive cue after the quote "
                                 "(`“…” Hal itu disampaikan Menteri X.`, `Demikian dikatakan X.`)",
    "cue-before-quote": "a cue then the speaker before the quote or clause "
                        "(`kata Rina: “…”`, `Menurut X, “…”`, `Kata Rina, …`)",
    "speaker-cue-before-quote": "speaker then reporting verb before the quote "
                                "(`Rina mengatakan, “…”`)",
    "subject-of-cue": "the subject of a reporting verb, from word order or, when adjuncts "
                      "stand between, the dependency parse (`Rina mengatakan bahwa …`, "
                      "`BMKG mengimbau …`)",
    "source-before": "a source phrase opening the sentence (`Menurut Rina, …`)",
    "source-after": "a source phrase after the clause (`…, menurut Rina.`)",
    "clitic-previous-speaker": "the cue carries `-nya` (`ujarnya`, `tambahnya`, "
                               "`menurutnya`): the most recent speaker or salient person; "
                               "an answer (`jawabnya`) goes to the other party of the exchange",
    "pronoun-previous-speaker": "a pronoun (`dia`, `ia`, `beliau`): the most recent person "
                                "among earlier speakers and sentence subjects, preferring one "
                                "at most 6 sentences back; `mereka`: the most recent group "
                                "within 6 sentences",
    "anaphor-previous-speaker": "a document that points back (`lanjut pernyataan tersebut`): "
                                "the previous speaker",
    "title-of-entity": "a title without a name (`kata Menteri`) matched to the speaker the "
                       "article already introduced with that title",
    "title-salient-person": "a description with `ini`/`itu` (`ujar perempuan itu`), or a bare "
                            "role no named speaker holds (`kata Menteri`): the person the "
                            "article is talking about",
    "title": "a role no one in the article holds yet: a new speaker known only by the role "
             "(`menurut sumber BBC Burma`, `kata Kepala BPBD Samosir`)",
    "floating-previous-speaker": "a quote with no cue (it opens its paragraph or sentence, or "
                                 "is long): the previous speaker, at most 3 paragraphs back",
    "floating-salient-person": "a quote with no cue after a person was introduced as a "
                               "sentence subject since the last quote (or, with no earlier "
                               "speaker, at most 2 sentences before): that person",
    "clitic-salient-person": "a `-nya` cue the speaker model gave to a person the article "
                             "introduced, not the previous speaker the rules chose",
    "pronoun-salient-person": "a pronoun the speaker model gave to a person the article "
                              "introduced, not the one the rules chose",
    "anaphor-salient-person": "a pointing-back phrase the speaker model gave to a person the "
                              "article introduced, not the previous speaker",
    "title-previous-speaker": "a bare title the speaker model gave to the previous speaker "
                              "(the rules chose another person or none)",
    "mention-previous-speaker": "a quote whose named speaker the speaker model judged wrong "
                                "(a place, an event, a sentence opener): the previous speaker",
    "mention-salient-person": "a quote whose named speaker the speaker model judged wrong: "
                              "another person the article introduced",
    "nocue-previous-speaker": "a quote with no cue or mention the speaker model gave to the "
                              "previous speaker",
    "nocue-salient-person": "a quote with no cue or mention the speaker model gave to a person "
                            "the article introduced",
    "continued-quote-speaker": "a quote continued over paragraphs (opening mark repeated, "
                               "closing mark and cue only at the end): the speaker of the "
                               "paragraph where it closes",
}
#: rule names the candidate stage uses inside the engine that never reach a response: a
#: ``-nya`` cue always resolves as ``clitic-previous-speaker``, a floating quote as one of the
#: ``floating-*`` rules, and an unattributed quote (``no-speaker``: the speaker model
#: turned down every candidate) has ``speaker: null``
INTERNAL_RULES = frozenset({"cue-clitic", "floating", "unattributed", "no-speaker"})

_RULE_DESCRIPTION = (
    "The rule that proposed the chosen speaker (the speaker decision weighs every rule's "
    "candidate; `probability` says how sure it was):\n\n"
    + "\n".join(f"- `{name}`: {text}" for name, text in RULES.items())
)

_CONFIDENCE_DESCRIPTION = """\
The probability, from 0 to 1, that this attribution is right: the quote is real and its
speaker right. It is calibrated: on the evaluation articles, answers at 0.9 or more were right
about that often. Rounded to 2 decimals; use it to rank, filter or send answers for review.

When the service runs without the trained speaker decision (`speaker.probability` is then
null), it is the rules' heuristic score instead, not a calibrated probability."""

#: under this speaker probability an attribution carries its other candidates (quotes/model.py)
SURE = 0.9
#: decimals of the probabilities the API answers (more are noise, and may differ by platform)
PROBABILITY_DECIMALS = 3


class Probability(fields.Float):
    """A probability from 0 to 1, dumped rounded to :data:`PROBABILITY_DECIMALS`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validate=validate.Range(0, 1), **kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is None:
            return None
        return round(float(value), PROBABILITY_DECIMALS)


class CueSchema(Schema):
    class Meta:
        description = ("The reporting word or phrase of a quote: a verb (`mengatakan`, "
                       "`menambahkan`), a bare cue (`kata`, `ujar`), a cue with `-nya` "
                       "(`ujarnya`, `tambahnya`), a source marker (`Menurut`) or a phrase "
                       "(`tak menampik`).")

    text = fields.String(required=True, metadata={
        "description": "The cue as written: `text[start:end]` of the submitted text."})
    lemma = fields.String(required=True, metadata={
        "description": "The cue's root in the cue lexicon (`quotes/data/cues.toml`), the same "
                       "for every form of it: `mengatakan`, `dikatakan`, `katanya` → `kata`; "
                       "`ujarnya` → `ujar`; `Menurut` → `menurut`."})
    start = fields.Integer(required=True, metadata={
        "description": f"Where the cue starts. {OFFSETS}"})
    end = fields.Integer(required=True, metadata={
        "description": "Where the cue ends (exclusive)."})


class MentionSchema(Schema):
    class Meta:
        description = ("The words that point to the speaker for one quote: a name, a title "
                       "with or without a name, a pronoun, or the `-nya` of the cue.")

    text = fields.String(required=True, metadata={
        "description": "The mention as written (`Rina`, `Kepala Dinas Sumber Daya Air Kota "
                       "Bandung, Rina Kartika`, `ia`, `beliau`), equal to `text[start:end]`; "
                       "except a clitic, written `-nya` while `start`/`end` cover the three "
                       "letters `nya` at the end of the cue (`ujarnya`)."})
    start = fields.Integer(required=True, metadata={
        "description": f"Where the mention starts. {OFFSETS}"})
    end = fields.Integer(required=True, metadata={
        "description": "Where the mention ends (exclusive)."})


class AlternativeSchema(Schema):
    class Meta:
        description = ("Another speaker the decision weighed for a quote, with the "
                       "probability it gave them; `name` and `entity` null: \"no speaker\".")

    name = fields.String(required=True, allow_none=True, metadata={
        "description": "The candidate's canonical name; null for \"no speaker\" (the quote "
                       "has no speaker the article names)."})
    entity = fields.String(required=True, allow_none=True, metadata={
        "description": "The candidate's speaker id (`e1`, `e2`, …, the ids of `speakers`); "
                       "null for \"no speaker\"."})
    probability = Probability(required=True, metadata={
        "description": "The probability the decision gave this candidate, from 0 to 1 "
                       f"(rounded to {PROBABILITY_DECIMALS} decimals)."})


class AttributionSchema(Schema):
    class Meta:
        description = ("Who said a quote: the speaker entity (see `speakers`), the mention in "
                       "the text that points to it, the rule that proposed it, how sure the "
                       "speaker decision was, and who else it could be.")

    name = fields.String(required=True, metadata={
        "description": "The speaker's canonical name, as in `speakers[].name` (for example "
                       "`Rina Kartika` when this quote's mention is only `Rina` or `-nya`)."})
    entity = fields.String(required=True, metadata={
        "description": "Id of the speaker in `speakers` (`e1`, `e2`, …)."})
    mention = fields.Nested(MentionSchema, required=True, allow_none=True, metadata={
        "description": "The words of this quote that point to the speaker; null when nothing "
                       "in the text names them for this quote (rules `floating-*` and "
                       "`continued-quote-speaker`)."})
    rule = fields.String(required=True, validate=validate.OneOf(list(RULES)),
                         metadata={"description": _RULE_DESCRIPTION})
    probability = Probability(required=True, allow_none=True, metadata={
        "description": "The probability the speaker decision gave this speaker among the "
                       "candidates it weighed for this quote (the rules' candidates and \"no "
                       f"speaker\"), from 0 to 1, rounded to {PROBABILITY_DECIMALS} decimals; "
                       "null when the service runs without the trained decision. It is about "
                       "the choice of speaker; the quote's `confidence` is the probability "
                       "that the whole answer is right."})
    alternatives = fields.List(fields.Nested(AlternativeSchema), required=True, metadata={
        "description": f"When `probability` is under {SURE}: up to two other candidates, "
                       "most probable first, so a reviewer sees who else it could be "
                       "(`{\"name\": null, \"entity\": null, …}` is \"no speaker\"). `[]` "
                       "when the decision was sure or did not run."})


#: the example of the ``Attribution`` schema in /openapi.json, written by hand (the engine's
#: answers to the docs articles are sure of their speakers): a pronoun between two persons
ATTRIBUTION_EXAMPLE: dict[str, Any] = {
    "name": "Budi Santoso", "entity": "e2", "mention": {"text": "ia", "start": 311, "end": 313},
    "rule": "pronoun-previous-speaker", "probability": 0.62,
    "alternatives": [{"name": "Rina Kartika", "entity": "e1", "probability": 0.31},
                     {"name": None, "entity": None, "probability": 0.05}],
}


#: the signals of the ``Claim`` example in /openapi.json, written by hand
CLAIM_SIGNALS_EXAMPLE: list[dict[str, Any]] = [
    {"type": "quantity", "text": "2,5 persen", "start": 120, "end": 130, "value": 2.5,
     "max": None, "unit": "percent", "iso": None},
    {"type": "comparison", "text": "naik", "start": 132, "end": 136, "value": None,
     "max": None, "unit": None, "iso": None},
    {"type": "cause", "text": "karena", "start": 160, "end": 166, "value": None,
     "max": None, "unit": None, "iso": None},
]


class SignalSchema(Schema):
    class Meta:
        description = ("A span of a quote that makes it checkable: a number and its unit, a "
                       "comparative, a causal connective, a law or rule, a future marker, a "
                       "date, or (for a `personal` quote) a first-person marker.")

    type = fields.String(required=True, validate=validate.OneOf(
        ["quantity", "comparison", "cause", "rule", "future", "date", "personal"]), metadata={
        "description": "`quantity`: a number or amount (`2,5 persen`, `Rp 150 ribu`, `tiga "
                       "orang`, `puluhan rumah`); `comparison`: a comparative, superlative or "
                       "change (`terbesar`, `lebih tinggi`, `naik`); `cause`: a causal "
                       "connective (`karena`, `akibat`, `sehingga`); `rule`: a law, regulation "
                       "or obligation (`UU Nomor 5 Tahun 2024`, `Pasal 27`, `wajib`, "
                       "`dilarang`); `future`: a future marker (`akan`, `tahun depan`, "
                       "`target`); `date`: a date or year (`17 Agustus 2025`, `2024`); "
                       "`personal`: a first-person or feeling word (`saya`, `senang`).",
        "example": "quantity"})
    text = fields.String(required=True, metadata={
        "description": "The span as written: `text[start:end]` of the submitted text.",
        "example": "2,5 persen"})
    start = fields.Integer(required=True, metadata={
        "description": f"Where the signal starts. {OFFSETS}", "example": 120})
    end = fields.Integer(required=True, metadata={
        "description": "Where the signal ends (exclusive).", "example": 130})
    value = fields.Float(required=True, allow_none=True, metadata={
        "description": "For a `quantity`: the number read (Indonesian decimal comma and "
                       "thousands dot, number words and `ribu`/`juta`/`miliar`/`triliun` "
                       "applied: `2,5 persen` → 2.5, `20.000` → 20000, `1,2 juta ton` → "
                       "1200000, `dua kali lipat` → 2); the lower end of a range (`4–10 "
                       "persen` → 4); null for a vague amount (`puluhan`) and other signals.",
        "example": 2.5})
    max = fields.Float(required=True, allow_none=True, metadata={
        "description": "For a `quantity` range, its upper end (`4–10 persen` → 10, with "
                       "`value` 4); null otherwise.",
        "example": 10})
    unit = fields.String(required=True, allow_none=True, metadata={
        "description": "For a `quantity`, the unit the text names: `percent`, `IDR`, `USD`, "
                       "`tonne`, `kg`, `km`, `ha`, `people`, `households`, `year`, `month`, "
                       "`day`, `factor` (`kali lipat`), `times` (`kali`), `unit`, …; null when "
                       "it names none (`empat IUP`).",
        "example": "percent"})
    iso = fields.String(required=True, allow_none=True, metadata={
        "description": "For a `date`: the ISO 8601 date it names (`2025`, `2025-07`, "
                       "`2025-08-17`) when the text writes the year, or when the request "
                       "gives the article's `published` date to read it against (`kemarin`, "
                       "`bulan depan`, `17 Agustus`); null otherwise, and for other signals.",
        "example": "2025-08-17"})


class ClaimSchema(Schema):
    class Meta:
        description = ("What a quote claims, for a fact-checker: whether it asserts something "
                       "that could be checked against data, records or law, how probable that "
                       "is, of which types, and the spans that show it.")

    checkable = fields.Boolean(required=True, metadata={
        "description": "True when the quote makes a checkable claim: any type but "
                       "`personal` (`score` at or above the model's cut, 0.5). "
                       "`checkable_only` in the request keeps only these quotes.",
        "example": True})
    score = Probability(required=True, metadata={
        "description": "The probability that the quote is checkable, from 0 to 1, calibrated "
                       "on the gold leave-one-outlet-out (a reliability table in "
                       "`scripts/train_claims.py` and `python -m quotes evaluate`); rounded "
                       f"to {PROBABILITY_DECIMALS} decimals.",
        "example": 0.93})
    types = fields.List(fields.String(validate=validate.OneOf(
        ["quantity", "cause", "rule", "prediction", "event", "personal"])), required=True,
        metadata={"description": (
            "The types of checkable claim the quote makes (after Full Fact's schema): "
            "`quantity` (a number, amount, statistic, ranking or comparison), `cause` (one "
            "thing causes another), `rule` (what a law, regulation or procedure says), "
            "`prediction` (a specific, checkable claim about the future), `event` (any other "
            "checkable assertion that something happened or is the case), or `personal` "
            "alone (the speaker's own experience or feeling). `[]`: an opinion, hope, appeal, "
            "thanks or question."), "example": ["quantity", "cause"]})
    signals = fields.List(fields.Nested(SignalSchema), required=True, metadata={
        "description": "The spans that speak for the types, in text order (`[]` for a quote "
                       "that is not checkable, except the first-person markers of a "
                       "`personal` one).",
        "example": CLAIM_SIGNALS_EXAMPLE})


#: the example of the ``Claim`` schema in /openapi.json, written by hand
CLAIM_EXAMPLE: dict[str, Any] = {
    "checkable": True, "score": 0.93, "types": ["quantity", "cause"],
    "signals": CLAIM_SIGNALS_EXAMPLE,
}


class QuoteSchema(Schema):
    class Meta:
        description = ("One passage of reported speech, with its cue and speaker. Quotes come "
                       "in document order and never overlap.")

    id = fields.String(required=True, metadata={
        "description": "`q1`, `q2`, … in document order; unique within one response and "
                       "used by `duplicate_of` and `speakers[].quotes`."})
    type = fields.String(required=True, validate=validate.OneOf(["direct", "indirect", "mixed"]),
                         metadata={"description": (
                             "`direct`: words in quotation marks; `indirect`: a reported "
                             "clause (`Rina mengatakan bahwa …`, `Menurut X, …`, `…, kata X.`); "
                             "`mixed`: an indirect clause that holds a short direct quote.")})
    text = fields.String(required=True, metadata={
        "description": "The quote, exactly `text[start:end]` of the submitted text: for a "
                       "direct quote what stands inside the marks (trailing comma included), "
                       "for an indirect one the reported clause without cue and speaker. A "
                       "quote interrupted by an `ignored` span (an ad) is returned as one "
                       "quote per piece."})
    start = fields.Integer(required=True, metadata={
        "description": f"Where the quote starts. {OFFSETS}"})
    end = fields.Integer(required=True, metadata={
        "description": "Where the quote ends (exclusive): `text[start:end]` is `text`."})
    cue = fields.Nested(CueSchema, required=True, allow_none=True, metadata={
        "description": "The reporting word or phrase; null for a direct quote with no cue "
                       "next to it (its speaker then comes from context: rules `floating-*`, "
                       "`continued-quote-speaker`)."})
    speaker = fields.Nested(AttributionSchema, required=True, allow_none=True, metadata={
        "description": "Who said it; null when no rule found a speaker."})
    confidence = fields.Float(required=True, metadata={"description": _CONFIDENCE_DESCRIPTION})
    paragraph = fields.Integer(required=True, metadata={
        "description": "0-based index of the paragraph that holds the quote. A paragraph is a "
                       "non-blank line of the text (a line broken mid-sentence joins the next "
                       "one); lines wholly in `ignored` (`Baca juga: …`) are not counted."})
    sentence = fields.Integer(required=True, metadata={
        "description": "0-based index of the sentence where the quote starts, counted over "
                       "the whole text (not within its paragraph), by the same rules as "
                       "`paragraph`."})
    duplicate_of = fields.String(required=True, allow_none=True, metadata={
        "description": "The id of an earlier quote of the same type with the same text "
                       "(case and spacing ignored: a pull quote, a quote repeated in a "
                       "caption); null for a first occurrence."})
    claim = fields.Nested(ClaimSchema, required=True, allow_none=True, metadata={
        "description": "What the quote claims: checkable or not, the probability, the claim "
                       "types and the signals read (numbers with value and unit). Always "
                       "present in the service's answers (and in `quotes batch` output)."})


class SpeakerSchema(Schema):
    class Meta:
        description = ("One speaker entity: every mention of the same person or body in the "
                       "article (`Sergei Lavrov` = `Lavrov` = `Menteri Luar Negeri Rusia` = "
                       "`-nya`) is clustered into one.")

    id = fields.String(required=True, metadata={
        "description": "`e1`, `e2`, … in the order of their first quote; `quotes[].speaker"
                       ".entity` refers to it."})
    name = fields.String(required=True, metadata={
        "description": "The canonical name: the fullest personal name in the article body, "
                       "an organisation's fullest designation, or the role or phrase of a "
                       "speaker known only by it (`Kepala BPBD Samosir`, `Salah satu saksi "
                       "mata`). Headlines, captions and datelines never name anyone."})
    kind = fields.String(required=True,
                         validate=validate.OneOf(["person", "organization", "group"]),
                         metadata={"description": (
                             "`person`; `organization` (a ministry, agency, company or "
                             "office: `Kementerian Luar Negeri`, `BMKG`); `group` (unnamed "
                             "people in the plural: `warga`, `para petani`, `mereka`).")})
    aliases = fields.List(fields.String(), required=True, metadata={
        "description": "The other names the article uses for this speaker (short names, "
                       "spelling variants, acronyms, handles), without `name` itself."})
    titles = fields.List(fields.String(), required=True, metadata={
        "description": "Roles, ranks and descriptions written with the speaker's name "
                       "(`Kepala Dinas Sumber Daya Air Kota Bandung`, `warga Gedebage`)."})
    quotes = fields.List(fields.String(), required=True, metadata={
        "description": "Ids of the quotes attributed to this speaker, in document order."})


class IgnoredSchema(Schema):
    class Meta:
        description = ("A span of page furniture or spam that the engine read past. It is "
                       "blanked (never deleted) before the rules run, so offsets stay valid; "
                       "no quote comes from it.")

    start = fields.Integer(required=True, metadata={
        "description": f"Where the span starts. {OFFSETS}"})
    end = fields.Integer(required=True, metadata={
        "description": "Where the span ends (exclusive)."})
    reason = fields.String(required=True, validate=validate.OneOf(
        ["boilerplate", "spam", "related-links"]), metadata={"description": (
            "`boilerplate`: site furniture (`ADVERTISEMENT`, `SCROLL TO CONTINUE WITH "
            "CONTENT`, `[Gambas:Video CNN]`, share/login/editor lines, the dateline "
            "`BANDUNG -`, the header of a related-links list); `related-links`: pointers to "
            "other articles (`Baca juga: …` lines and inline, lists of related headlines); "
            "`spam`: gambling promotion lines.")})


class LanguageCheckSchema(Schema):
    class Meta:
        description = (
            "Whether the text looks Indonesian: a signal, never a gate (the text is read as "
            "Indonesian whatever it says). Measured on the text the rules read (boilerplate "
            "left out): the share of its words that are common Indonesian words (function "
            "words and reporting verbs: `yang`, `di`, `tidak`, `kata`, `mengatakan` …), then, "
            "for Malay, the words the two standards spell differently (`kerana`/`karena`, "
            "`iaitu`/`yaitu`, `selepas`, `baharu` …). A text that is at least about 40 % "
            "Indonesian (an article with a long English quote) looks Indonesian; an English "
            "article that quotes one Indonesian sentence does not.")

    looks_like = fields.String(required=True, validate=validate.OneOf(
        ["id", "ms", "other", "unknown"]), metadata={"description": (
            "`id`: looks Indonesian. `ms`: looks Malay (Malay spellings outnumber Indonesian "
            "ones; a Malay text without them reads as `id`): the rules are written for "
            "Indonesian, expect fewer quotes. `other`: does not look Indonesian (English, "
            "Javanese, Chinese …; few or no quotes will be found). `unknown`: fewer than 20 "
            "words, too short to tell.")})
    confidence = fields.Float(required=True, validate=validate.Range(0, 1), metadata={
        "description": "How sure the check is of `looks_like`, from 0 to 1 (0 for "
                       "`unknown`): it grows with the text's length and with how clearly it "
                       "reads one way. A news article in Indonesian: 0.95 or more; an "
                       "Indonesian article with a long English quote: about 0.7."})
    words = fields.Integer(required=True, metadata={
        "description": "Words the check read (in Chinese, Japanese or Thai script, "
                       "characters)."})


class MetaSchema(Schema):
    class Meta:
        description = "How the answer was made."

    language = fields.String(required=True, metadata={
        "description": "Language the article was read as (`id`); whether it looks like it "
                       "is in `language_check`."})
    language_check = fields.Nested(LanguageCheckSchema, required=True, metadata={
        "description": "Whether the text looks Indonesian (`looks_like`, `confidence`, "
                       "`words`). Also in the request log line as `language` (for a batch: "
                       "`not_indonesian`, the number of documents that look `ms` or "
                       "`other`)."})
    version = fields.String(required=True, metadata={
        "description": "Version of the `quotes` package that answered."})
    models = fields.String(required=True, metadata={
        "description": "The NLP models: Stanza version, the treebanks the shipped models were "
                       "trained on, and ` +ner` when named-entity recognition is on."})
    chars = fields.Integer(required=True, metadata={
        "description": "Length of the submitted text in code points."})
    elapsed_ms = fields.Integer(required=True, metadata={
        "description": "Wall time of the extraction in milliseconds; in a batch, the batch's "
                       "time divided by its number of documents."})


class ExtractionSchema(Schema):
    class Meta:
        description = "Everything found in one article."

    quotes = fields.List(fields.Nested(QuoteSchema), required=True, metadata={
        "description": "Every quote, in document order."})
    speakers = fields.List(fields.Nested(SpeakerSchema), required=True, metadata={
        "description": "Every speaker that has at least one quote, in order of first quote."})
    ignored = fields.List(fields.Nested(IgnoredSchema), required=True, metadata={
        "description": "Spans read past as boilerplate, related links or spam, in text "
                       "order."})
    meta = fields.Nested(MetaSchema, required=True, metadata={
        "description": "Language (and whether the text looks like it), versions, size and "
                       "time of this answer."})


class StatusSchema(Schema):
    class Meta:
        description = "Liveness or readiness."

    status = fields.String(required=True, metadata={
        "description": "`ok` (`/healthz`: the process answers) or `ready` (`/readyz`: the "
                       "models are loaded)."})
    models = fields.String(metadata={"description": "The loaded models, as in `meta.models` "
                                                    "(`/readyz` only)."})


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """One entry of a batch response: an extraction or an error, never both."""

    id: str | int | None
    extraction: Extraction | None = None
    error: ErrorBody | None = None


class _DocumentIdSchema(Schema):
    id = DocumentId(required=True, allow_none=True, metadata={
        "description": "The document's `id` as sent (a string or an integer); null when it "
                       "had no usable id (missing, neither a string nor an integer, empty or "
                       f"over {MAX_ID_CHARS} characters).",
        "oneOf": ID_ONE_OF})


class BatchSuccessSchema(ExtractionSchema, _DocumentIdSchema):
    """``{"id": ..., **the single-document response}`` (bases in this order put ``id`` first)."""

    class Meta:
        description = ("The result for one document: its `id` and the same fields as the "
                       "answer of `POST /v1/extract`.")

    id = DocumentId(required=True, metadata={"description": "The document's `id` as sent.",
                                              "oneOf": ID_ONE_OF})

    @pre_dump
    def _flatten(self, item: DocumentResult, **_: Any) -> dict[str, Any]:
        assert item.extraction is not None
        ex = item.extraction
        return {"id": item.id, "quotes": ex.quotes, "speakers": ex.speakers,
                "ignored": ex.ignored, "meta": ex.meta}


class BatchFailureSchema(_DocumentIdSchema):
    class Meta:
        description = ("A document that could not be extracted: its `id` and the error it "
                       "would have had on its own: 422 `validation_error`, 413 "
                       "`payload_too_large` (its text is over the limit), 409 `duplicate_id` "
                       "(an earlier document has its id), or the error its extraction raised "
                       "(500 `internal_error`).")

    error = fields.Nested(ErrorSchema, required=True, metadata={
        "description": "Why this document failed; `request_id` is the batch request's."})


class _DocumentResultField(fields.Field[Any]):
    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value.extraction is not None:
            return BATCH_SUCCESS.dump(value)
        return BATCH_FAILURE.dump(value)


class BatchResponseSchema(Schema):
    class Meta:
        description = "One entry per document, in input order."

    results = fields.List(
        _DocumentResultField(metadata={"oneOf": [
            {"$ref": "#/components/schemas/BatchSuccess"},
            {"$ref": "#/components/schemas/BatchFailure"},
        ]}),
        required=True,
        metadata={"description": "One entry per document, in input order."},
    )


EXTRACTION = ExtractionSchema()
STATUS = StatusSchema()
BATCH_SUCCESS = BatchSuccessSchema()
BATCH_FAILURE = BatchFailureSchema()
BATCH_RESPONSE = BatchResponseSchema()
