"""``GET /openapi.json`` (generated from the marshmallow schemas by apispec) and ``GET /docs``.

The docs page is Swagger UI served from the installed ``swagger-ui-bundle`` package plus two
small files in ``quotes/static``: nothing is fetched from a CDN, so it works offline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, Response, abort, jsonify, send_from_directory
from marshmallow import fields
from swagger_ui_bundle import swagger_ui_path

from quotes import __version__
from quotes.api import schemas
from quotes.api.state import ApiState, current_state

bp = Blueprint("quotes_docs", __name__)

STATIC = Path(__file__).resolve().parent.parent / "static"
#: the only files /docs/assets/ serves: ours from quotes/static, the rest from swagger-ui-bundle
_OWN_ASSETS = {"docs-init.js"}
_BUNDLE_ASSETS = {"swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png",
                  "favicon-16x16.png"}
_DOCS_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
             "script-src 'self'; connect-src 'self'; frame-ancestors 'none'")

#: every error the API can answer, by status (all in the error envelope)
ERRORS: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "Malformed JSON, JSON nested too deeply, or a body that is not UTF-8."),
    401: ("Unauthorized", "API keys are configured and the request has no valid key "
                          "(`X-API-Key` header or `Authorization: Bearer`)."),
    404: ("NotFound", "No such path."),
    405: ("MethodNotAllowed", "The path exists but not with this method (see `Allow`)."),
    413: ("PayloadTooLarge", "The text, the batch or the body is over the configured limit."),
    415: ("UnsupportedMediaType", "The Content-Type is not accepted (or not UTF-8)."),
    422: ("ValidationError", "The body does not match the request schema; `details` has the "
                             "messages for each field."),
    500: ("InternalError", "Unexpected failure; quote the `request_id` when reporting it."),
    503: ("ModelsUnavailable", "The NLP models are not loaded (yet)."),
}
_V1_ERRORS = (400, 401, 404, 405, 413, 415, 422, 500, 503)
_PLAIN_ERRORS = (404, 405, 500)

_REQUEST_ID_HEADER = {
    "description": "The request id (the client's `X-Request-ID` when it is a sane token, "
                   "else generated); also in every error body and log line.",
    "schema": {"type": "string"},
    "required": True,
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json_response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "headers": {"X-Request-ID": _REQUEST_ID_HEADER},
            "content": {"application/json": {"schema": schema}}}


def _responses(ok: dict[str, Any], errors: tuple[int, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {"200": ok}
    for status in errors:
        out[str(status)] = {"$ref": f"#/components/responses/{ERRORS[status][0]}"}
    return out


def build_openapi(state: ApiState) -> dict[str, Any]:
    spec = APISpec(
        title="quotes",
        version=__version__,
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={"description": (
            "Reads an Indonesian news article and returns every quote with its speaker. "
            "All offsets are half-open code-point offsets into the submitted text. "
            "Every error, including 404 and 405 on any path, is the `ErrorEnvelope`."
        )},
    )
    request_schemas = state.schemas
    documents = request_schemas.batch.fields["documents"]
    assert isinstance(documents, fields.List)
    document_field = documents.inner
    assert isinstance(document_field, fields.Nested)
    components = [
        ("Error", schemas.ErrorSchema()),
        ("ErrorEnvelope", schemas.ERROR_ENVELOPE),
        ("ExtractRequest", request_schemas.extract),
        ("BatchDocument", document_field.schema),
        ("BatchRequest", request_schemas.batch),
        ("Cue", schemas.CueSchema()),
        ("Mention", schemas.MentionSchema()),
        ("Attribution", schemas.AttributionSchema()),
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
        spec.components.schema(name, schema=schema)
    for status, (name, description) in ERRORS.items():
        spec.components.response(name, _json_response(f"{status}: {description}",
                                                      _ref("ErrorEnvelope")))
    secured: dict[str, Any] = {}
    if state.api_keys:  # documented only when the service asks for a key
        spec.components.security_scheme(
            "ApiKeyHeader", {"type": "apiKey", "in": "header", "name": "X-API-Key"})
        spec.components.security_scheme("BearerKey", {"type": "http", "scheme": "bearer"})
        secured = {"security": [{"ApiKeyHeader": []}, {"BearerKey": []}]}
    text_plain = {"schema": {"type": "string", "minLength": 1, "maxLength": state.max_chars,
                             "pattern": schemas.NOT_BLANK_PATTERN}}

    spec.path(path="/v1/extract", operations={"post": {
        "summary": "Extract every quote and its speaker from one article",
        "operationId": "extract",
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": _ref("ExtractRequest")},
            "text/plain": text_plain,
        }},
        "responses": _responses(_json_response("The quotes, speakers and ignored spans.",
                                               _ref("Extraction")), _V1_ERRORS),
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
            "application/json": {"schema": _ref("BatchRequest")}}},
        "responses": _responses(_json_response("One result or error per document.",
                                               _ref("BatchResponse")), _V1_ERRORS),
        **secured,
    }})
    spec.path(path="/healthz", operations={"get": {
        "summary": "Liveness: the process answers",
        "operationId": "healthz",
        "responses": _responses(_json_response("Alive.", _ref("Status")), _PLAIN_ERRORS),
    }})
    spec.path(path="/readyz", operations={"get": {
        "summary": "Readiness: the NLP models are loaded",
        "operationId": "readyz",
        "responses": _responses(_json_response("Ready.", _ref("Status")),
                                (*_PLAIN_ERRORS, 503)),
    }})
    spec.path(path="/openapi.json", operations={"get": {
        "summary": "This document",
        "operationId": "openapi",
        "responses": _responses(_json_response("OpenAPI 3 document.", {"type": "object"}),
                                _PLAIN_ERRORS),
    }})
    spec.path(path="/docs", operations={"get": {
        "summary": "Human-readable API documentation (Swagger UI, works offline)",
        "operationId": "docs",
        "responses": _responses({
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
