"""The OpenAPI document: valid OpenAPI 3, complete, and true of the running app (schemathesis)."""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path
from typing import Any

import pytest
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

from quotes import pipeline
from quotes.api.schemas import EXTRACTION, AttributionSchema
from quotes.app import DEFAULTS, create_app
from tests.conftest import MakeApp
from tests.fakes import RegexAnnotator
from tests.test_api import ARTICLE as API_ARTICLE
from tests.test_api import decided_extraction
from tests.test_docs_examples import _valid

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


def test_every_field_of_every_schema_is_described(api_client: FlaskClient) -> None:
    doc = _doc(api_client)
    schemas = doc["components"]["schemas"]
    undescribed = [f"{name}.{prop}" for name, schema in schemas.items()
                   for prop, node in schema.get("properties", {}).items()
                   if len(node.get("description", "")) < 10]
    assert undescribed == []
    assert sum(len(s.get("properties", {})) for s in schemas.values()) >= 62
    assert [name for name, schema in schemas.items() if not schema.get("description")] == []
    quote = schemas["Quote"]["properties"]
    assert "0-based" in quote["paragraph"]["description"]
    assert "0-based" in quote["sentence"]["description"]
    assert "calibrated" in quote["confidence"]["description"]
    rule = schemas["Attribution"]["properties"]["rule"]
    assert "proposed the chosen speaker" in rule["description"]
    assert "factor" not in rule["description"]  # no per-rule constants any more
    for name in rule["enum"]:  # every rule value is explained
        assert f"`{name}`" in rule["description"], name
    assert "language_check" in schemas["Meta"]["required"]
    assert schemas["Meta"]["properties"]["language_check"]["allOf"] == [
        {"$ref": "#/components/schemas/LanguageCheck"}]
    check = schemas["LanguageCheck"]
    assert set(check["required"]) == {"looks_like", "confidence", "words"}
    looks_like = check["properties"]["looks_like"]
    assert looks_like["enum"] == ["id", "ms", "other", "unknown"]
    for name in looks_like["enum"]:  # every value is explained
        assert f"`{name}`" in looks_like["description"], name
    confidence = check["properties"]["confidence"]
    assert (confidence["minimum"], confidence["maximum"]) == (0, 1)


def test_the_speaker_decision_is_documented(api_client: FlaskClient) -> None:
    schemas = _doc(api_client)["components"]["schemas"]
    attribution = schemas["Attribution"]
    assert set(attribution["required"]) == {"name", "entity", "mention", "rule", "probability",
                                            "alternatives"}
    probability = attribution["properties"]["probability"]
    assert (probability["type"], probability["nullable"]) == ("number", True)
    assert (probability["minimum"], probability["maximum"]) == (0, 1)
    alternatives = attribution["properties"]["alternatives"]
    assert alternatives["type"] == "array" and "nullable" not in alternatives
    assert alternatives["items"] == {"$ref": "#/components/schemas/Alternative"}
    alternative = schemas["Alternative"]
    assert set(alternative["required"]) == {"name", "entity", "probability"}
    assert alternative["properties"]["name"]["nullable"] is True
    assert alternative["properties"]["entity"]["nullable"] is True
    assert "nullable" not in alternative["properties"]["probability"]
    assert (alternative["properties"]["probability"]["minimum"],
            alternative["properties"]["probability"]["maximum"]) == (0, 1)
    # the handwritten example shows an unsure decision, and is valid
    example = attribution["example"]
    assert example["probability"] < 0.9 and len(example["alternatives"]) == 2
    assert {"name": None, "entity": None} == {
        k: v for k, v in example["alternatives"][-1].items() if k != "probability"}
    _valid(_doc(api_client), "Attribution", example)
    assert AttributionSchema().load(example) == example


def test_a_response_with_alternatives_matches_the_schema(make_api_app: MakeApp,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         ) -> None:
    monkeypatch.setattr(pipeline, "extract_many",
                        lambda texts, annotator: [decided_extraction(t) for t in texts])
    client = make_api_app().test_client()
    doc = _doc(client)
    body = client.post("/v1/extract", json={"text": API_ARTICLE}).get_json()
    assert body["quotes"][1]["speaker"]["alternatives"]  # the case worth validating
    _valid(doc, "Extraction", body)
    assert EXTRACTION.dump(EXTRACTION.load(body)) == body
    batch = client.post("/v1/extract/batch",
                        json={"documents": [{"id": "a1", "text": API_ARTICLE}]}).get_json()
    _valid(doc, "BatchResponse", batch)
    # out of range or missing: the schema says no
    speaker = body["quotes"][1]["speaker"]
    for broken in ({**speaker, "probability": 1.5},
                   {**speaker, "alternatives": [{"name": "X", "entity": "e9"}]},
                   {k: v for k, v in speaker.items() if k != "alternatives"}):
        with pytest.raises(AssertionError):
            _valid(doc, "Attribution", broken)


def test_nested_objects_are_drawn_as_their_schemas(api_client: FlaskClient) -> None:
    """A nullable nested object is ``allOf: [$ref]`` + ``nullable``, never an ``anyOf`` whose
    first branch is an empty object (Swagger UI then drew ``"cue": {}``)."""
    doc = _doc(api_client)
    schemas = doc["components"]["schemas"]
    for name, prop, target in [("Quote", "cue", "Cue"), ("Quote", "speaker", "Attribution"),
                               ("Attribution", "mention", "Mention")]:
        node = schemas[name]["properties"][prop]
        assert node["allOf"] == [{"$ref": f"#/components/schemas/{target}"}]
        assert node["nullable"] is True and "anyOf" not in node
    assert "anyOf" not in str(doc["components"])
    for schema in schemas.values():  # descriptions must not loosen the response schemas
        assert schema["additionalProperties"] is False


def _examples(media: dict[str, Any]) -> list[Any]:
    return [example["value"] for example in media.get("examples", {}).values()]


def test_every_operation_and_error_status_has_examples(api_client: FlaskClient) -> None:
    doc = _doc(api_client)
    extract = doc["paths"]["/v1/extract"]["post"]["requestBody"]["content"]
    (json_request,) = _examples(extract["application/json"])
    (text_request,) = _examples(extract["text/plain"])
    assert json_request == {"text": text_request}
    assert "kata" in text_request and "mengatakan bahwa" in text_request
    assert "ujarnya" in text_request
    batch = doc["paths"]["/v1/extract/batch"]["post"]["requestBody"]["content"]
    (batch_request,) = _examples(batch["application/json"])
    assert len(batch_request["documents"]) == 2
    for path, method in PATHS.items():
        operation = doc["paths"][path][method]
        for status, response in operation["responses"].items():
            response = _resolve(doc, response)
            if status == "200" and path in ("/openapi.json", "/docs"):
                continue  # the document itself, the HTML page
            values = _examples(response["content"]["application/json"])
            assert values, (path, status)
            if status != "200":
                for value in values:
                    assert set(value) == {"error"}
                    assert value["error"]["status"] == int(status)
                    assert value["error"]["request_id"]


def test_response_examples_show_nested_objects(api_client: FlaskClient) -> None:
    doc = _doc(api_client)
    ok = doc["paths"]["/v1/extract"]["post"]["responses"]["200"]["content"]["application/json"]
    (answer,) = _examples(ok)
    assert answer["quotes"] and answer["speakers"] and answer["ignored"]
    for quote in answer["quotes"]:
        assert quote["cue"] and quote["cue"]["text"] and quote["cue"]["lemma"]
        assert quote["speaker"] and quote["speaker"]["name"] and quote["speaker"]["rule"]
        assert quote["speaker"]["mention"] and quote["speaker"]["mention"]["text"]
    assert {q["type"] for q in answer["quotes"]} == {"direct", "indirect"}
    assert "clitic-previous-speaker" in {q["speaker"]["rule"] for q in answer["quotes"]}
    batch = doc["paths"]["/v1/extract/batch"]["post"]["responses"]["200"]["content"]
    (results,) = _examples(batch["application/json"])
    done, failed = results["results"]
    assert done["quotes"] and done["quotes"][0]["speaker"]["mention"]
    assert failed["error"]["code"] == "validation_error"


def test_rule_values_are_the_engines() -> None:
    """Every hyphenated string literal of the rule stages is a documented rule (or one that
    never reaches a response), and every documented rule is still in the engine."""
    from quotes.api.schemas import INTERNAL_RULES, RULES

    stages = Path(__file__).resolve().parent.parent / "quotes" / "stages"
    found = set()
    for name in ("candidates.py", "coreference.py", "decide.py"):
        for node in ast.walk(ast.parse((stages / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(
                r"[a-z]+(?:-[a-z]+)+", node.value
            ):
                found.add(node.value)
    assert found - set(RULES) - INTERNAL_RULES == set()
    assert {r for r in RULES if "-" in r} - found == set()


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
    # the examples first, nested models opened (not "{...}")
    assert 'defaultModelRendering: "example"' in init
    depth = re.search(r"defaultModelExpandDepth: (\d+)", init)
    assert depth is not None and int(depth.group(1)) >= 6
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


def test_batch_ids_are_strings_or_integers(api_client: FlaskClient) -> None:
    """The spec says what the batch takes and answers (issue 18, item 2): an id is a string or
    an integer, echoed as given, and a repeated one is a documented 409 ``duplicate_id``."""
    doc = _doc(api_client)
    schemas = doc["components"]["schemas"]
    one_of = [{"type": "string", "minLength": 1, "maxLength": 256}, {"type": "integer"}]
    for name in ("BatchDocument", "BatchSuccess", "BatchFailure"):
        assert schemas[name]["properties"]["id"]["oneOf"] == one_of, name
    assert "`409` `duplicate_id`" in schemas["Error"]["properties"]["code"]["description"]
    body = api_client.post("/v1/extract/batch", json={"documents": [
        {"id": 7, "text": API_ARTICLE}, {"id": 7, "text": API_ARTICLE},
        {"id": None, "text": API_ARTICLE}]}).get_json()
    assert [r["id"] for r in body["results"]] == [7, 7, None]
    assert body["results"][1]["error"]["code"] == "duplicate_id"
    _valid(doc, "BatchResponse", body)


# --- claims (issue 16) ---------------------------------------------------------------------


def _property_validator(doc: dict[str, Any], schema: str, prop: str) -> Any:
    """A validator for one property of a component schema (``nullable`` read as in
    tests/test_docs_examples.py)."""
    import jsonschema_rs

    def convert(node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: convert(v) for k, v in node.items() if k != "nullable"}
            return {"anyOf": [out, {"type": "null"}]} if node.get("nullable") else out
        if isinstance(node, list):
            return [convert(v) for v in node]
        return node

    return jsonschema_rs.Draft4Validator({
        "allOf": [convert(doc["components"]["schemas"][schema]["properties"][prop])],
        "components": convert(doc["components"]),
    })


def test_every_claim_field_has_a_description_and_a_valid_example(api_client: FlaskClient
                                                                 ) -> None:
    doc = _doc(api_client)
    schemas = doc["components"]["schemas"]
    claim, signal = schemas["Claim"], schemas["Signal"]
    assert set(claim["properties"]) == {"checkable", "score", "types", "signals"}
    assert set(signal["properties"]) == {"type", "text", "start", "end", "value", "max", "unit",
                                         "iso"}
    for name, schema in (("Claim", claim), ("Signal", signal)):
        assert len(schema["description"]) > 40 and "example" in schema, name
        for prop, node in schema["properties"].items():
            assert len(node.get("description", "")) >= 30, f"{name}.{prop}"
            assert "example" in node, f"{name}.{prop}"
            errors = list(_property_validator(doc, name, prop).iter_errors(node["example"]))
            assert errors == [], f"{name}.{prop}"
        _valid(doc, name, schema["example"])
    # the quantity reading is spelled out where a reader looks for it
    assert "2,5 persen` → 2.5" in signal["properties"]["value"]["description"]
    assert "`percent`" in signal["properties"]["unit"]["description"]
    assert "published" in signal["properties"]["iso"]["description"]
    for prop in ("value", "max", "unit", "iso"):
        assert signal["properties"][prop]["nullable"] is True
    assert claim["properties"]["signals"]["items"] == {"$ref": "#/components/schemas/Signal"}
    assert "checkable_only" in claim["properties"]["checkable"]["description"]
    quote = schemas["Quote"]["properties"]["claim"]
    assert quote["allOf"] == [{"$ref": "#/components/schemas/Claim"}]


def test_requests_document_published_and_checkable_only(api_client: FlaskClient) -> None:
    doc = _doc(api_client)
    schemas = doc["components"]["schemas"]
    extract, document, batch = (schemas[n] for n in ("ExtractRequest", "BatchDocument",
                                                     "BatchRequest"))
    assert {"published", "checkable_only"} <= set(extract["properties"])
    assert "published" in document["properties"]
    assert "checkable_only" not in document["properties"]  # an option of the whole batch
    assert "checkable_only" in batch["properties"]
    for schema in (extract, document, batch):  # optional: the required fields are unchanged
        assert not {"published", "checkable_only"} & set(schema["required"])
    for name, schema in (("ExtractRequest", extract), ("BatchDocument", document)):
        published = schema["properties"]["published"]
        assert (published["type"], published["nullable"]) == ("string", True)
        assert "ISO 8601" in published["description"] and "422" in published["description"]
        assert published["example"] == "2025-03-13T10:30:00+07:00"
        assert list(_property_validator(doc, name, "published").iter_errors(
            published["example"])) == []
    for schema in (extract, batch):
        option = schema["properties"]["checkable_only"]
        assert (option["type"], option["default"], option["example"]) == ("boolean", False, True)
        assert "nullable" not in option
        assert "claim.checkable" in option["description"]
        assert "speakers" in option["description"]
    # the documented examples are accepted by the app
    body = {"text": API_ARTICLE, "published": extract["properties"]["published"]["example"],
            "checkable_only": extract["properties"]["checkable_only"]["example"]}
    resp = api_client.post("/v1/extract", json=body)
    assert resp.status_code == 200
    _valid(doc, "Extraction", resp.get_json())
    assert all(q["claim"]["checkable"] for q in resp.get_json()["quotes"])
