"""``GET /openapi.json`` (generated from the marshmallow schemas by apispec) and ``GET /docs``.

The docs page is Swagger UI served from the installed ``swagger-ui-bundle`` package plus two
small files in ``quotes/static``: nothing is fetched from a CDN, so it works offline.

The examples (requests, the full responses, one or more error bodies per status and operation)
come from ``quotes/static/docs-examples.json``, written by ``scripts/docs_examples.py`` from the
service's own answers (the shipped models for the extractions) and checked by
``tests/test_docs_examples.py``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_instance
from apispec.ext.marshmallow.openapi import OpenAPIConverter
from flask import Blueprint, Response, abort, jsonify, send_from_directory
from marshmallow import EXCLUDE, INCLUDE, fields
from swagger_ui_bundle import swagger_ui_path

from quotes import __version__
from quotes.api import envelope, schemas
from quotes.api.state import ApiState, current_state

bp = Blueprint("quotes_docs", __name__)

STATIC = Path(__file__).resolve().parent.parent / "static"
#: the only files /docs/assets/ serves: ours from quotes/static, the rest from swagger-ui-bundle
_OWN_ASSETS = {"docs-init.js"}
_BUNDLE_ASSETS = {"swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png",
                  "favicon-16x16.png"}
_DOCS_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
             "script-src 'self'; connect-src 'self'; frame-ancestors 'none'")

#: every error the API can answer, by status (all in the error envelope); the examples of each
#: operation's error responses show the codes and messages
ERRORS: dict[int, str] = {
    400: "Malformed JSON, JSON nested too deeply, or a body that is not UTF-8.",
    401: "API keys are configured and the request has no valid key (`X-API-Key` header or "
         "`Authorization: Bearer`).",
    404: "No such path.",
    405: "The path exists but not with this method (see `Allow`).",
    413: "The text, the batch or the body is over the configured limit.",
    415: "The Content-Type is not accepted (or not UTF-8).",
    422: "The body does not match the request schema; `details` has the messages for each "
         "field.",
    500: "Unexpected failure; quote the `request_id` when reporting it.",
    503: "The NLP models are not loaded (`models_unavailable`), or the extraction took longer "
         "than the request timeout (`timeout`).",
}
_V1_ERRORS = (400, 401, 404, 405, 413, 415, 422, 500, 503)
_PLAIN_ERRORS = (404, 405, 500)

#: the examples, by scripts/docs_examples.py
EXAMPLES = STATIC / "docs-examples.json"

_REQUEST_ID_HEADER = {
    "description": "The request id (the client's `X-Request-ID` when it is a sane token, "
                   "else generated); also in every error body and log line.",
    "schema": {"type": "string"},
    "required": True,
}


_ERROR_HEADERS = {
    401: {"WWW-Authenticate": {"description": "`Bearer realm=\"quotes\"`.",
                               "schema": {"type": "string"}}},
    405: {"Allow": {"description": "The methods this path answers.",
                    "schema": {"type": "string"}}},
}


class _Converter(OpenAPIConverter):
    """Two fixes to apispec's schema output.

    A nullable nested object is ``{"allOf": [{"$ref": …}], "nullable": true}``: apispec writes
    ``anyOf: [{"type": "object", "nullable": true}, {"$ref": …}]`` for OpenAPI 3.0, where any
    object matches the first branch (the nested schema is never checked) and Swagger UI draws
    it, and its example, as an empty ``{}``. And a schema with a description keeps its
    ``additionalProperties: false`` (apispec drops it when ``Meta.description`` is set).
    """

    def schema2jsonschema(self, schema: Any) -> dict[str, Any]:
        out: dict[str, Any] = super().schema2jsonschema(schema)  # type: ignore[no-untyped-call]
        unknown = resolve_schema_instance(schema).unknown
        if unknown != EXCLUDE:
            out.setdefault("additionalProperties", unknown == INCLUDE)
        return out

    def field2nullable(self, field: fields.Field[Any], ret: dict[str, Any]) -> dict[str, Any]:
        if field.allow_none and "$ref" in ret:
            return {"allOf": [{"$ref": ret.pop("$ref")}], "nullable": True}
        if field.allow_none and "allOf" in ret:
            return {"nullable": True}
        result: dict[str, Any] = super().field2nullable(field, ret)
        return result


class _Plugin(MarshmallowPlugin):
    Converter = _Converter


@lru_cache(maxsize=1)
def load_examples() -> dict[str, Any]:
    examples = json.loads(EXAMPLES.read_text(encoding="utf-8"))
    assert isinstance(examples, dict)
    return examples


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json_response(description: str, schema: dict[str, Any],
                   examples: dict[str, Any] | None = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": schema}
    if examples:
        media["examples"] = examples
    return {"description": description, "headers": {"X-Request-ID": _REQUEST_ID_HEADER},
            "content": {"application/json": media}}


def _error_response(operation: str, status: int) -> dict[str, Any]:
    """The error response of one operation, with the examples recorded for it."""
    examples = {
        e["name"]: {"summary": e["summary"], "description": _with_headers(e), "value": e["value"]}
        for e in load_examples()["errors"]
        if e["status"] == status and operation in e["operations"]
    }
    response = _json_response(f"{status}: {ERRORS[status]}", _ref("ErrorEnvelope"),
                              examples)
    response["headers"].update(_ERROR_HEADERS.get(status, {}))
    return response


def _with_headers(example: dict[str, Any]) -> str:
    headers = "; ".join(f"`{k}: {v}`" for k, v in example.get("headers", {}).items())
    description = str(example["description"])
    return f"{description} Header {headers}." if headers else description


def _responses(operation: str, ok: dict[str, Any], errors: tuple[int, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {"200": ok}
    for status in errors:
        out[str(status)] = _error_response(operation, status)
    return out


def _example(summary: str, value: Any, description: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"summary": summary, "value": value}
    if description:
        out["description"] = description
    return out


_INFO = """\
Reads an Indonesian news article and returns every quote (direct, indirect, mixed) with its
cue, its speaker (how sure the speaker decision was, and who else it could be) and a
confidence, and the speakers with their aliases and titles.

- **Offsets** are Python string indices (Unicode code points) into the submitted text,
  half-open: `text[start:end]` is the returned string (a `-nya` mention covers `nya`).
- **`paragraph` and `sentence`** are 0-based.
- **Claims**: every quote carries `claim`: whether it asserts something checkable, the
  calibrated `score` of that, its types and the signals read (numbers with `value` and
  `unit`). A request may give the article's `published` date (ISO 8601; the claims read
  relative dates against it) and `checkable_only: true` to get only the checkable quotes.
- **Errors**, including 404 and 405 on any path, are the `ErrorEnvelope`
  `{"error": {"status", "code", "message", "details", "request_id"}}`.

Every example below is the service's own answer to the example request (the extractions are
the shipped models' output); only the examples of the `Attribution` schema (an answer the
decision was unsure of) and of the `Claim` and `Signal` schemas are written by hand."""

#: added to a component schema: the handwritten example of an unsure attribution
_COMPONENT_EXTRAS: dict[str, dict[str, Any]] = {
    "Attribution": {"example": schemas.ATTRIBUTION_EXAMPLE},
    "Claim": {"example": schemas.CLAIM_EXAMPLE},
    "Signal": {"example": schemas.CLAIM_SIGNALS_EXAMPLE[0]},
}

_ARTICLE_SUMMARY = "An article: 3 paragraphs and a 'Baca juga' line"
_ANSWER_DESCRIPTION = (
    "`q1` is a direct quote with `kata` and a named speaker, `q2` an indirect one (`Rina "
    "mengatakan bahwa …`), `q3` a direct quote whose speaker is the `-nya` of `ujarnya`, `q4` "
    "an indirect one with `Menurut`; the dateline and the `Baca juga` line are in `ignored`."
)


def build_openapi(state: ApiState) -> dict[str, Any]:
    spec = APISpec(
        title="quotes",
        version=__version__,
        openapi_version="3.0.3",
        plugins=[_Plugin()],
        info={"description": _INFO},
    )
    examples = load_examples()
    article = examples["extract"]["request"]["text"]
    batch_request = examples["batch"]["request"]
    request_schemas = state.schemas
    documents = request_schemas.batch.fields["documents"]
    assert isinstance(documents, fields.List)
    document_field = documents.inner
    assert isinstance(document_field, fields.Nested)
    components = [
        ("Error", envelope.ErrorSchema()),
        ("ErrorEnvelope", envelope.ERROR_ENVELOPE),
        ("ExtractRequest", request_schemas.extract),
        ("BatchDocument", document_field.schema),
        ("BatchRequest", request_schemas.batch),
        ("Cue", schemas.CueSchema()),
        ("Mention", schemas.MentionSchema()),
        ("Alternative", schemas.AlternativeSchema()),
        ("Attribution", schemas.AttributionSchema()),
        ("Signal", schemas.SignalSchema()),
        ("Claim", schemas.ClaimSchema()),
        ("Quote", schemas.QuoteSchema()),
        ("Speaker", schemas.SpeakerSchema()),
        ("Ignored", schemas.IgnoredSchema()),
        ("Meta", schemas.MetaSchema()),
        ("Extraction", schemas.EXTRACTION),
        ("BatchSuccess", schemas.BATCH_SUCCESS),
        ("BatchFailure", schemas.BATCH_FAILURE),
        ("BatchResponse", schemas.BATCH_RESPONSE),
        ("Status", schemas.STATUS),
    ]
    for name, schema in components:
        spec.components.schema(name, _COMPONENT_EXTRAS.get(name), schema=schema)
    secured: dict[str, Any] = {}
    if state.api_keys:  # documented only when the service asks for a key
        spec.components.security_scheme(
            "ApiKeyHeader", {"type": "apiKey", "in": "header", "name": "X-API-Key"})
        spec.components.security_scheme("BearerKey", {"type": "http", "scheme": "bearer"})
        secured = {"security": [{"ApiKeyHeader": []}, {"BearerKey": []}]}
    text_plain = {
        "schema": {"type": "string", "minLength": 1, "maxLength": state.max_chars,
                   "pattern": schemas.NOT_BLANK_PATTERN},
        "examples": {"article": _example(_ARTICLE_SUMMARY, article)},
    }
    json_article = {"article": _example(_ARTICLE_SUMMARY, examples["extract"]["request"])}

    spec.path(path="/v1/extract", operations={"post": {
        "summary": "Extract every quote and its speaker from one article",
        "operationId": "extract",
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": _ref("ExtractRequest"), "examples": json_article},
            "text/plain": text_plain,
        }},
        "responses": _responses("extract", _json_response(
            "The quotes, speakers and ignored spans.", _ref("Extraction"),
            {"article": _example("The answer for the example article",
                                 examples["extract"]["response"], _ANSWER_DESCRIPTION)},
        ), _V1_ERRORS),
        **secured,
    }})
    spec.path(path="/v1/extract/batch", operations={"post": {
        "summary": "Extract from several articles in one call",
        "description": (
            f"At most {state.batch_max_documents} documents and {state.batch_max_chars} "
            "characters of text in all (413 beyond). Each document is validated and "
            "extracted on its own: a bad one gets an error entry, the others their result, "
            "in input order."
        ),
        "operationId": "extractBatch",
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": _ref("BatchRequest"), "examples": {
                "two_documents": _example(
                    "Two documents, the second invalid", batch_request,
                    "`a2` asks for English: it gets an error entry, `a1` is still "
                    "extracted."),
            }}}},
        "responses": _responses("extractBatch", _json_response(
            "One result or error per document.", _ref("BatchResponse"),
            {"two_documents": _example("The answer for the two documents",
                                       examples["batch"]["response"])},
        ), _V1_ERRORS),
        **secured,
    }})
    spec.path(path="/healthz", operations={"get": {
        "summary": "Liveness: the process answers",
        "operationId": "healthz",
        "responses": _responses("healthz", _json_response(
            "Alive.", _ref("Status"),
            {"alive": _example("Alive", examples["healthz"]["response"])}), _PLAIN_ERRORS),
    }})
    spec.path(path="/readyz", operations={"get": {
        "summary": "Readiness: the NLP models are loaded",
        "operationId": "readyz",
        "responses": _responses("readyz", _json_response(
            "Ready.", _ref("Status"),
            {"ready": _example("Ready", examples["readyz"]["response"])}),
            (*_PLAIN_ERRORS, 503)),
    }})
    spec.path(path="/openapi.json", operations={"get": {
        "summary": "This document",
        "operationId": "openapi",
        "responses": _responses("openapi", _json_response("OpenAPI 3 document.",
                                                          {"type": "object"}), _PLAIN_ERRORS),
    }})
    spec.path(path="/docs", operations={"get": {
        "summary": "Human-readable API documentation (Swagger UI, works offline)",
        "operationId": "docs",
        "responses": _responses("docs", {
            "description": "HTML page.",
            "headers": {"X-Request-ID": _REQUEST_ID_HEADER},
            "content": {"text/html": {"schema": {"type": "string"}}},
        }, _PLAIN_ERRORS),
    }})
    return spec.to_dict()


@bp.get("/openapi.json")
def openapi_json() -> Response:
    state = current_state()
    if state.openapi is None:
        state.openapi = build_openapi(state)
    return jsonify(state.openapi)


@bp.get("/docs")
def docs() -> Response:
    page = (STATIC / "docs.html").read_bytes()
    return Response(page, mimetype="text/html", headers={"Content-Security-Policy": _DOCS_CSP})


@bp.get("/docs/assets/<name>")
def docs_asset(name: str) -> Response:
    if name in _OWN_ASSETS:
        return send_from_directory(STATIC, name)
    if name in _BUNDLE_ASSETS:
        return send_from_directory(Path(str(swagger_ui_path)), name)
    abort(404)
