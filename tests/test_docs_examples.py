"""The examples of /openapi.json and /docs are the service's own answers, and stay so.

``quotes/static/docs-examples.json`` is written by ``scripts/docs_examples.py``; these tests
regenerate it (the extractions on the shipped models, under the ``models`` marker; the errors
on a stub, fast) and check that every stored example is valid against the schemas it documents.
Regenerate it with ``.venv/bin/python scripts/docs_examples.py`` after an engine change.
"""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
from flask.testing import FlaskClient

from quotes.api.schemas import (
    BATCH_FAILURE,
    BATCH_SUCCESS,
    EXTRACTION,
    STATUS,
    SURE,
    BatchDocument,
    RejectedDocument,
    RequestSchemas,
)
from scripts import docs_examples

STORED = docs_examples.load()
REGENERATE = "out of date: run .venv/bin/python scripts/docs_examples.py"


@pytest.mark.models
def test_extraction_examples_are_what_the_shipped_models_answer(stanza_annotator: Any) -> None:
    generated = docs_examples.engine_examples(stanza_annotator)
    stored = {key: STORED[key] for key in generated}
    assert docs_examples.without_elapsed(generated) == docs_examples.without_elapsed(stored), (
        REGENERATE)


def test_error_examples_are_what_the_app_answers() -> None:
    assert docs_examples.error_examples() == STORED["errors"], REGENERATE


def test_the_stored_file_is_the_scripts_output() -> None:
    path = docs_examples.OUT
    assert path.read_text(encoding="utf-8") == docs_examples.dumps(STORED)
    assert STORED["extract"]["request"] == docs_examples.EXTRACT_REQUEST
    assert STORED["batch"]["request"] == docs_examples.BATCH_REQUEST


# --- the examples are valid against the schemas they illustrate ------------------------------


def _json_schema(doc: dict[str, Any], name: str) -> jsonschema_rs.Draft4Validator:
    """A validator for ``#/components/schemas/<name>`` (OpenAPI 3.0 ``nullable`` as a union
    with null, as schemathesis reads it)."""

    def convert(node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: convert(v) for k, v in node.items() if k != "nullable"}
            return {"anyOf": [out, {"type": "null"}]} if node.get("nullable") else out
        if isinstance(node, list):
            return [convert(v) for v in node]
        return node

    return jsonschema_rs.Draft4Validator({
        "allOf": [{"$ref": f"#/components/schemas/{name}"}],
        "components": convert(doc["components"]),
    })


def _valid(doc: dict[str, Any], name: str, value: Any) -> None:
    errors = [f"{e.instance_path}: {e.message}"
              for e in _json_schema(doc, name).iter_errors(value)]
    assert errors == [], name


def test_response_examples_match_the_response_schemas(api_client: FlaskClient) -> None:
    doc = api_client.get("/openapi.json").get_json()
    extraction = STORED["extract"]["response"]
    _valid(doc, "Extraction", extraction)
    # marshmallow: load (unknown fields and enum values are errors) and dump back unchanged
    assert EXTRACTION.dump(EXTRACTION.load(extraction)) == extraction
    batch = STORED["batch"]["response"]
    _valid(doc, "BatchResponse", batch)
    done, failed = batch["results"]
    _valid(doc, "BatchSuccess", done)
    _valid(doc, "BatchFailure", failed)
    BATCH_SUCCESS.load(done)
    BATCH_FAILURE.load(failed)
    rest = {k: v for k, v in done.items() if k != "id"}
    assert EXTRACTION.dump(EXTRACTION.load(rest)) == rest
    for key in ("healthz", "readyz"):
        _valid(doc, "Status", STORED[key]["response"])
        assert STATUS.dump(STATUS.load(STORED[key]["response"])) == STORED[key]["response"]
    for example in STORED["errors"]:
        _valid(doc, "ErrorEnvelope", example["value"])


def test_request_examples_match_the_request_schemas(api_client: FlaskClient) -> None:
    doc = api_client.get("/openapi.json").get_json()
    _valid(doc, "ExtractRequest", STORED["extract"]["request"])
    schemas = RequestSchemas.build(200_000, 100, 2_000_000)
    assert schemas.extract.load(STORED["extract"]["request"]).text == docs_examples.ARTICLE
    good, bad = STORED["batch"]["request"]["documents"]
    _valid(doc, "BatchDocument", good)  # the second one is invalid on purpose
    loaded = schemas.batch.load(STORED["batch"]["request"]).documents
    assert isinstance(loaded[0], BatchDocument) and isinstance(loaded[1], RejectedDocument)
    assert loaded[1].id == bad["id"]


def test_example_offsets_are_exact() -> None:
    for text, answer in [(docs_examples.ARTICLE, STORED["extract"]["response"]),
                         (docs_examples.BATCH_ARTICLE, STORED["batch"]["response"]["results"][0])]:
        assert answer["meta"]["chars"] == len(text)
        for quote in answer["quotes"]:
            assert text[quote["start"] : quote["end"]] == quote["text"]
            cue = quote["cue"]
            assert cue is None or text[cue["start"] : cue["end"]] == cue["text"]
            mention = (quote["speaker"] or {}).get("mention")
            if mention is not None:
                said = text[mention["start"] : mention["end"]]
                assert said == mention["text"] or (mention["text"], said) == ("-nya", "nya")
        for ignored in answer["ignored"]:
            assert text[ignored["start"] : ignored["end"]].strip()


def _stored_answers() -> list[dict[str, Any]]:
    return [STORED["extract"]["response"], STORED["batch"]["response"]["results"][0]]


def test_example_speaker_decisions_are_consistent() -> None:
    """Whatever the engine: alternatives only under 0.9, at most two, best first, none of them
    the chosen speaker, and no more probability in all than there is."""
    for answer in _stored_answers():
        for quote in answer["quotes"]:
            speaker = quote["speaker"]
            if speaker is None:
                continue
            p, others = speaker["probability"], speaker["alternatives"]
            if p is None or p > SURE:  # (0.9 itself may be a rounded 0.8996)
                assert others == [], quote["id"]
                continue
            assert len(others) <= 2, quote["id"]
            chances = [o["probability"] for o in others]
            assert chances == sorted(chances, reverse=True) and all(c <= p for c in chances)
            assert speaker["entity"] not in {o["entity"] for o in others}
            assert p + sum(chances) <= 1 + 0.001 * (1 + len(others))  # 3-decimal rounding
            for other in others:
                assert (other["name"] is None) == (other["entity"] is None)


def test_the_examples_were_made_with_the_engines_speaker_decision(
        api_client: FlaskClient) -> None:
    """Fast, without the Stanza models (those are the ``models`` test above): the example
    article through the engine on the fake annotator says whether a trained speaker decision
    runs (probabilities) or not (null); the stored answers must say the same, so examples left
    over from before the decision model (or from a model since removed) fail here too."""
    answers = [api_client.post("/v1/extract", json=STORED["extract"]["request"]).get_json(),
               api_client.post("/v1/extract/batch",
                               json=STORED["batch"]["request"]).get_json()["results"][0]]

    def decided(answers: list[dict[str, Any]]) -> bool:
        speakers = [q["speaker"] for a in answers for q in a["quotes"] if q["speaker"]]
        assert speakers, "no speaker in the example answers"
        return any(s["probability"] is not None for s in speakers)

    assert decided(_stored_answers()) == decided(answers), REGENERATE


def test_request_examples_are_accepted_by_the_app(api_client: FlaskClient) -> None:
    """The example requests, sent as the docs show them (the fake annotator answers)."""
    resp = api_client.post("/v1/extract", json=STORED["extract"]["request"])
    assert resp.status_code == 200
    resp = api_client.post("/v1/extract", data=docs_examples.ARTICLE.encode(),
                           content_type="text/plain; charset=utf-8")
    assert resp.status_code == 200
    resp = api_client.post("/v1/extract/batch", json=STORED["batch"]["request"])
    assert resp.status_code == 200
    done, failed = resp.get_json()["results"]
    assert done["id"] == "a1" and "quotes" in done
    assert failed["id"] == "a2" and failed["error"] == {
        **STORED["batch"]["response"]["results"][1]["error"],
        "request_id": resp.headers["X-Request-ID"]}
