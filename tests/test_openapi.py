"""The OpenAPI document: valid OpenAPI 3, complete, and true of the running app (schemathesis)."""

from __future__ import annotations

import logging
from typing import Any

import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from quotes.app import DEFAULTS, create_app
from tests.conftest import MakeApp
from tests.fakes import RegexAnnotator

PATHS = {
    "/v1/extract": "post",
    "/v1/extract/batch": "post",
    "/healthz": "get",
    "/readyz": "get",
    "/openapi.json": "get",
    "/docs": "get",
}
V1_ERRORS = {"400", "401", "404", "405", "413", "415", "422", "500", "503"}


def _doc(client: FlaskClient) -> dict[str, Any]:
    resp = client.get("/openapi.json")
    assert resp.status_code == 200
    doc = resp.get_json()
    assert isinstance(doc, dict)
    return doc


def _resolve(doc: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        parts = node["$ref"].removeprefix("#/").split("/")
        target: Any = doc
        for part in parts:
            target = target[part]
        node = target
    return node


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_document_is_valid_openapi_3(api_client: FlaskClient) -> None:
    doc = _doc(api_client)
    assert doc["openapi"] == "3.0.3"
    assert doc["info"]["title"] == "quotes" and doc["info"]["version"] == "0.1.0"
    try:  # the official OpenAPI 3.0 meta-schema, as schemathesis ships it
        from schemathesis.specs.openapi.definitions import OPENAPI_30_VALIDATOR
    except ImportError:  # pragma: no cover - structural checks below still run
        pass
    else:
        errors = [str(e) for e in OPENAPI_30_VALIDATOR.iter_errors(doc)]
        assert errors == []
    for ref in _refs(doc):  # every reference resolves
        assert ref.startswith("#/")
        _resolve(doc, {"$ref": ref})


def test_document_lists_every_path_and_error_status(api_client: FlaskClient) -> None:
    doc = _doc(api_client)
    assert set(doc["paths"]) == set(PATHS)
    for path, method in PATHS.items():
        operation = doc["paths"][path][method]
        responses = operation["responses"]
        assert "200" in responses
        expected = V1_ERRORS if path.startswith("/v1/") else {"404", "405", "500"}
        if path == "/readyz":
            expected = expected | {"503"}
        assert expected <= set(responses), path
        for status in expected:
            response = _resolve(doc, responses[status])
            schema = response["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorEnvelope"}
            assert "X-Request-ID" in response["headers"]
    envelope = doc["components"]["schemas"]["Error"]
    assert set(envelope["required"]) == {"status", "code", "message", "details", "request_id"}


def test_request_bodies_follow_the_configured_limits(make_api_app: MakeApp) -> None:
    doc = _doc(make_api_app({"MAX_CHARS": 1234, "BATCH_MAX_DOCUMENTS": 7}).test_client())
    extract = doc["paths"]["/v1/extract"]["post"]["requestBody"]["content"]
    assert set(extract) == {"application/json", "text/plain"}
    assert extract["text/plain"]["schema"]["maxLength"] == 1234
    request = _resolve(doc, extract["application/json"]["schema"])
    assert request["required"] == ["text"]
    assert request["properties"]["text"]["maxLength"] == 1234
    assert request["properties"]["language"]["enum"] == ["id"]
    assert request["additionalProperties"] is False
    batch = doc["components"]["schemas"]["BatchRequest"]["properties"]["documents"]
    assert (batch["minItems"], batch["maxItems"]) == (1, 7)
    document = _resolve(doc, batch["items"])
    assert set(document["required"]) == {"id", "text"}
    assert document["properties"]["text"]["maxLength"] == 1234
    result = doc["components"]["schemas"]["BatchResponse"]["properties"]["results"]["items"]
    assert {r["$ref"].rsplit("/", 1)[1] for r in result["oneOf"]} == {"BatchSuccess",
                                                                      "BatchFailure"}
    quote = doc["components"]["schemas"]["Quote"]
    assert quote["properties"]["type"]["enum"] == ["direct", "indirect", "mixed"]


def test_security_is_documented_when_keys_are_set(make_api_app: MakeApp) -> None:
    open_doc = _doc(make_api_app().test_client())
    assert "security" not in open_doc["paths"]["/v1/extract"]["post"]
    assert "securitySchemes" not in open_doc["components"]
    doc = _doc(make_api_app({"API_KEYS": "k"}).test_client())
    schemes = doc["components"]["securitySchemes"]
    assert schemes["ApiKeyHeader"] == {"type": "apiKey", "in": "header", "name": "X-API-Key"}
    for path in ("/v1/extract", "/v1/extract/batch"):
        assert doc["paths"][path]["post"]["security"] == [{"ApiKeyHeader": []},
                                                          {"BearerKey": []}]
    assert "security" not in doc["paths"]["/healthz"]["get"]


def test_docs_page_works_offline(api_client: FlaskClient) -> None:
    with api_client.get("/docs") as resp:
        assert resp.status_code == 200 and resp.mimetype == "text/html"
        page = resp.get_data(as_text=True)
        assert "default-src 'self'" in resp.headers["Content-Security-Policy"]
    assert "http://" not in page and "https://" not in page  # no CDN
    assets = ["/docs/assets/swagger-ui.css", "/docs/assets/swagger-ui-bundle.js",
              "/docs/assets/docs-init.js"]
    for asset in assets:
        assert asset in page
    for asset, mimetype in zip(assets, ["text/css", "text/javascript", "text/javascript"],
                               strict=True):
        with api_client.get(asset) as resp:
            assert resp.status_code == 200, asset
            assert resp.mimetype == mimetype
            body = resp.get_data()
            assert len(body) > 100
    with api_client.get("/docs/assets/docs-init.js") as resp:
        init = resp.get_data(as_text=True)
    assert 'url: "/openapi.json"' in init and "validatorUrl: null" in init
    with api_client.get("/docs/assets/index.html") as resp:
        assert resp.status_code == 404
    with api_client.get("/docs/assets/..%2Fapp.py") as resp:
        assert resp.status_code == 404


# --- schemathesis against the app, in process ----------------------------------------------


def _conformance_app() -> Flask:
    """Built at import (schemathesis collects one test per operation from it).

    Every setting is explicit so no QUOTES_* variable changes it, and the ``quotes`` logger is
    left as it was so the log capture of other tests is unaffected.
    """
    logger = logging.getLogger("quotes")
    saved = (logger.level, list(logger.handlers))
    try:
        return create_app({**DEFAULTS, "TESTING": True, "MAX_CHARS": 2000,
                           "BATCH_MAX_DOCUMENTS": 5, "BATCH_MAX_CHARS": 6000},
                          annotator=RegexAnnotator())
    finally:
        logger.setLevel(saved[0])
        logger.handlers[:] = saved[1]


# schemathesis.pytest.from_fixture would avoid the import-time app, but its lazy loader fails
# on this pytest (``Function`` has no ``_nodeid``), so the schema is loaded eagerly
schema = schemathesis.openapi.from_wsgi("/openapi.json", _conformance_app())


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_app_conforms_to_its_openapi(case: Any) -> None:
    case.call_and_validate(checks=[
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
    ])
