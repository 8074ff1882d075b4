"""The HTTP API on the fake RegexAnnotator: statuses, the error envelope, batch, headers, logs."""

from __future__ import annotations

import json
import logging
import sys
import types
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from quotes import pipeline
from quotes.api.logs import json_formatter
from quotes.claims import claim_of
from quotes.errors import ModelError
from quotes.model import (
    Alternative,
    Attribution,
    Claim,
    Cue,
    Extraction,
    Ignored,
    Mention,
    Meta,
    Quote,
    Speaker,
)
from tests.conftest import MakeApp
from tests.fakes import RegexAnnotator

ARTICLE = (
    "Jakarta - Menteri Luar Negeri India S Jaishankar tiba di Jakarta pada Senin.\n"
    "\u201cKami ingin kerja sama yang lebih erat,\u201d kata Jaishankar kepada wartawan.\n"
    "Ia menyebut kunjungan itu penting. \u201cIni awal yang baik,\u201d tambahnya."
)
SECRET = "Rahasia-Zq7v artikel ini tidak boleh muncul di log"


def envelope(resp: TestResponse, status: int, code: str) -> dict[str, Any]:
    """Assert the error envelope shape and return its body."""
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert resp.mimetype == "application/json"
    body = resp.get_json()
    assert set(body) == {"error"}
    err: dict[str, Any] = body["error"]
    assert set(err) == {"status", "code", "message", "details", "request_id"}
    assert err["status"] == status
    assert err["code"] == code
    assert isinstance(err["message"], str) and err["message"]
    assert isinstance(err["details"], dict)
    assert err["request_id"] and err["request_id"] == resp.headers["X-Request-ID"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    return err


def assert_offsets(text: str, result: dict[str, Any]) -> None:
    """Every span in a response points at exactly the text it claims."""
    for quote in result["quotes"]:
        assert text[quote["start"]:quote["end"]] == quote["text"]
        if quote["cue"] is not None:
            cue = quote["cue"]
            assert text[cue["start"]:cue["end"]] == cue["text"]
        if quote["speaker"] is not None and quote["speaker"]["mention"] is not None:
            mention = quote["speaker"]["mention"]
            sliced = text[mention["start"]:mention["end"]]
            # a clitic speaker is written "-nya" over the span of "nya" in "tambahnya"
            assert sliced == mention["text"] or (
                mention["text"].startswith("-") and sliced.lower() == mention["text"][1:].lower())
    for span in result["ignored"]:
        assert 0 <= span["start"] < span["end"] <= len(text)
    assert result["meta"]["chars"] == len(text)


def post_json(client: FlaskClient, path: str, payload: Any, **kw: Any) -> TestResponse:
    return client.post(path, data=json.dumps(payload), content_type="application/json", **kw)


def span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def fake_extraction(text: str) -> Extraction:
    """What the engine will return for ARTICLE, built by hand (the skeleton returns no quotes)."""
    q1 = span(text, "Kami ingin kerja sama yang lebih erat,")
    c1 = span(text, "kata")
    m1 = span(text, "Jaishankar", c1[0])
    q2 = span(text, "Ini awal yang baik,")
    c2 = span(text, "tambahnya")
    m2 = (c2[1] - 3, c2[1])
    quotes = (
        Quote("q1", "direct", text[q1[0]:q1[1]], *q1, Cue("kata", "kata", *c1),
              Attribution("S Jaishankar", "e1", Mention("Jaishankar", *m1), "cue-after-quote"),
              0.91, 1, 1),
        Quote("q2", "direct", text[q2[0]:q2[1]], *q2, Cue("tambahnya", "tambah", *c2),
              Attribution("S Jaishankar", "e1", Mention(text[m2[0]:m2[1]], *m2),
                          "clitic-previous-speaker"), 0.87, 2, 3, duplicate_of=None,
              claim=claim_of(text[q2[0]:q2[1]], q2[0], "direct")),
    )
    speakers = (Speaker("e1", "S Jaishankar", "person", ("Jaishankar",),
                        ("Menteri Luar Negeri India",), ("q1", "q2")),)
    ignored = (Ignored(0, 9, "boilerplate"),)
    return Extraction(quotes, speakers, ignored, Meta("id", "0.1.0", "fake", len(text), 3))


class ExplodingAnnotator(RegexAnnotator):
    """Fails inside the engine with a message that quotes the article (it must not leak)."""

    def tokenize(self, texts: Sequence[str]) -> list[Any]:
        raise RuntimeError(f"internal detail /srv/secret.py: {texts[0]}")


class PoisonAnnotator(RegexAnnotator):
    """Fails for any batch that holds a text with RACUN in it."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[int] = []

    def tokenize(self, texts: Sequence[str]) -> list[Any]:
        self.calls.append(len(texts))
        if any("RACUN" in t for t in texts):
            raise RuntimeError("poisoned")
        return super().tokenize(texts)


# --- success paths ----------------------------------------------------------------------------


def test_extract_json(api_client: FlaskClient) -> None:
    resp = post_json(api_client, "/v1/extract", {"text": ARTICLE, "language": "id"})
    assert resp.status_code == 200
    body = resp.get_json()
    assert list(body) == ["quotes", "speakers", "ignored", "meta"]
    assert list(body["meta"]) == ["language", "language_check", "version", "models", "chars",
                                  "elapsed_ms"]
    assert body["meta"]["language"] == "id"
    check = body["meta"]["language_check"]
    assert list(check) == ["looks_like", "confidence", "words"]
    assert check["looks_like"] == "id" and 0.5 < check["confidence"] <= 1
    # the annotator, and the speaker model the shipped manifest names
    assert body["meta"]["models"] == "regex-test-annotator +speaker-model"
    assert body["meta"]["version"] == "0.1.0"
    assert isinstance(body["meta"]["elapsed_ms"], int)
    assert_offsets(ARTICLE, body)


def test_extract_text_plain_keeps_code_point_offsets(api_client: FlaskClient) -> None:
    text = "\ufeff" + ARTICLE.replace("\n", "\r\n") + " \U0001f600"
    resp = api_client.post("/v1/extract", data=text.encode("utf-8"),
                           content_type="text/plain; charset=utf-8")
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["meta"]["chars"] == len(text)  # BOM, CRs and the astral char all count once
    assert_offsets(text, body)


def test_text_plain_without_charset_is_utf8(api_client: FlaskClient) -> None:
    resp = api_client.post("/v1/extract", data="Kata dia: “siap”.".encode(),
                           content_type="text/plain")
    assert resp.status_code == 200
    assert resp.get_json()["meta"]["chars"] == len("Kata dia: “siap”.")


def test_response_serializes_engine_output(api_client: FlaskClient,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "extract_many",
                        lambda texts, annotator: [fake_extraction(t) for t in texts])
    resp = post_json(api_client, "/v1/extract", {"text": ARTICLE})
    assert resp.status_code == 200
    body = resp.get_json()
    assert_offsets(ARTICLE, body)
    q2 = body["quotes"][1]
    assert list(q2) == ["id", "type", "text", "start", "end", "cue", "speaker", "confidence",
                        "paragraph", "sentence", "duplicate_of", "claim"]
    assert list(q2["claim"]) == ["checkable", "score", "types", "signals"]
    assert 0 <= q2["claim"]["score"] <= 1
    # a quote built outside the pipeline carries no claim
    assert body["quotes"][0]["claim"] is None
    assert q2["cue"] == {"text": "tambahnya", "lemma": "tambah",
                         "start": ARTICLE.index("tambahnya"),
                         "end": ARTICLE.index("tambahnya") + 9}
    assert q2["speaker"]["rule"] == "clitic-previous-speaker"
    assert q2["speaker"]["mention"]["text"] == "nya"
    # an Attribution built without a trained decision: its defaults, always present
    assert list(q2["speaker"]) == ["name", "entity", "mention", "rule", "probability",
                                   "alternatives"]
    assert (q2["speaker"]["probability"], q2["speaker"]["alternatives"]) == (None, [])
    assert q2["duplicate_of"] is None
    assert body["speakers"] == [{"id": "e1", "name": "S Jaishankar", "kind": "person",
                                 "aliases": ["Jaishankar"],
                                 "titles": ["Menteri Luar Negeri India"],
                                 "quotes": ["q1", "q2"]}]
    assert body["ignored"] == [{"start": 0, "end": 9, "reason": "boilerplate"}]
    assert "timings" not in body


def decided_extraction(text: str) -> Extraction:
    """ARTICLE as a trained speaker decision answers it: sure of q1, unsure of q2 (``tambahnya``
    after two persons), with a named candidate and "no speaker" as the alternatives."""
    base = fake_extraction(text)
    q1, q2 = base.quotes
    assert q1.speaker is not None and q2.speaker is not None
    sure = replace(q1.speaker, probability=0.97)
    unsure = replace(q2.speaker, probability=0.6149, alternatives=(
        Alternative("Retno Marsudi", "e2", 0.3312), Alternative(None, None, 0.0539)))
    return replace(base, quotes=(replace(q1, speaker=sure, confidence=0.93),
                                 replace(q2, speaker=unsure, confidence=0.58)))


UNSURE_SPEAKER = {
    "name": "S Jaishankar", "entity": "e1",
    "mention": {"text": "nya", "start": ARTICLE.index("tambahnya") + 6,
                "end": ARTICLE.index("tambahnya") + 9},
    "rule": "clitic-previous-speaker",
    "probability": 0.615,  # dumped to 3 decimals
    "alternatives": [{"name": "Retno Marsudi", "entity": "e2", "probability": 0.331},
                     {"name": None, "entity": None, "probability": 0.054}],
}


def test_speaker_probability_and_alternatives(make_api_app: MakeApp,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "extract_many",
                        lambda texts, annotator: [decided_extraction(t) for t in texts])
    client = make_api_app().test_client()
    body = post_json(client, "/v1/extract", {"text": ARTICLE}).get_json()
    q1, q2 = body["quotes"]
    assert q1["speaker"]["probability"] == 0.97 and q1["speaker"]["alternatives"] == []
    assert q1["confidence"] == 0.93
    assert q2["speaker"] == UNSURE_SPEAKER
    assert list(q2["speaker"]) == list(UNSURE_SPEAKER)
    assert [list(a) for a in q2["speaker"]["alternatives"]] == [
        ["name", "entity", "probability"]] * 2
    assert q2["confidence"] == 0.58
    # the batch answers each document with the same schema
    batch = post_json(client, "/v1/extract/batch",
                      {"documents": [{"id": "a1", "text": ARTICLE}]}).get_json()
    assert batch["results"][0]["quotes"] == body["quotes"]


def test_null_cue_and_speaker_serialize_as_null(api_client: FlaskClient,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def engine(texts: Sequence[str], annotator: Any) -> list[Extraction]:
        text = texts[0]
        a, b = span(text, "Ini awal yang baik,")
        quote = Quote("q1", "direct", text[a:b], a, b, None, None, 0.4, 2, 3, "q0")
        return [Extraction((quote,), (), (), Meta("id", "0.1.0", "fake", len(text), 1))]

    monkeypatch.setattr(pipeline, "extract_many", engine)
    body = post_json(api_client, "/v1/extract", {"text": ARTICLE}).get_json()
    assert body["quotes"][0]["cue"] is None
    assert body["quotes"][0]["speaker"] is None
    assert body["quotes"][0]["duplicate_of"] == "q0"
    assert_offsets(ARTICLE, body)


def test_surrogate_pair_escape_is_a_valid_character(api_client: FlaskClient) -> None:
    resp = api_client.post("/v1/extract", data='{"text": "Halo \\ud83d\\ude00 dunia."}',
                           content_type="application/json")
    assert resp.status_code == 200
    assert resp.get_json()["meta"]["chars"] == len("Halo \U0001f600 dunia.")


# --- 400 / 413 / 415 on the body ---------------------------------------------------------------


def test_malformed_json_is_400(api_client: FlaskClient) -> None:
    resp = api_client.post("/v1/extract", data='{"text": "abc",', content_type="application/json")
    err = envelope(resp, 400, "invalid_json")
    assert err["details"]["line"] == 1


@pytest.mark.parametrize("content_type", ["application/json", "text/plain"])
def test_undecodable_utf8_is_400(api_client: FlaskClient, content_type: str) -> None:
    resp = api_client.post("/v1/extract", data=b'{"text": "caf\xe9 \xff"}',
                           content_type=content_type)
    err = envelope(resp, 400, "invalid_encoding")
    assert err["details"] == {"offset": len(b'{"text": "caf')}


@pytest.mark.parametrize("body", [
    "[" * 50_000 + "]" * 50_000,
    '{"text": ' + "[" * 50_000 + "]" * 50_000 + "}",
    '{"text": "a", "x": ' + '{"a":' * 20_000 + "1" + "}" * 20_000 + "}",
])
def test_deeply_nested_json_is_a_clean_4xx(api_client: FlaskClient, body: str) -> None:
    resp = api_client.post("/v1/extract", data=body, content_type="application/json")
    assert resp.status_code in (400, 413)
    envelope(resp, resp.status_code, "invalid_json" if resp.status_code == 400
             else "payload_too_large")


def test_lone_surrogate_is_422(api_client: FlaskClient) -> None:
    resp = api_client.post("/v1/extract", data='{"text": "Halo \\ud800 dunia"}',
                           content_type="application/json")
    err = envelope(resp, 422, "validation_error")
    assert "surrogate" in err["details"]["text"][0]
    resp = api_client.post("/v1/extract/batch",
                           data='{"documents": [{"id": "a\\udc00", "text": "Halo."}]}',
                           content_type="application/json")
    assert resp.status_code == 200
    (result,) = resp.get_json()["results"]
    assert result["id"] is None and "surrogate" in result["error"]["details"]["id"][0]


@pytest.mark.parametrize("content_type", ["text/html", "application/x-www-form-urlencoded",
                                          "application/xml", None])
def test_unsupported_content_type_is_415(api_client: FlaskClient,
                                         content_type: str | None) -> None:
    resp = api_client.post("/v1/extract", data=b"text=abc", content_type=content_type)
    err = envelope(resp, 415, "unsupported_media_type")
    assert err["details"]["accepted"] == ["application/json", "text/plain"]


def test_non_utf8_charset_is_415(api_client: FlaskClient) -> None:
    resp = api_client.post("/v1/extract", data="caf\xe9".encode("latin-1"),
                           content_type="text/plain; charset=iso-8859-1")
    envelope(resp, 415, "unsupported_media_type")


def test_batch_rejects_text_plain(api_client: FlaskClient) -> None:
    resp = api_client.post("/v1/extract/batch", data="abc", content_type="text/plain")
    err = envelope(resp, 415, "unsupported_media_type")
    assert err["details"]["accepted"] == ["application/json"]


@pytest.mark.parametrize("as_json", [True, False])
def test_text_over_max_chars_is_413(make_api_app: MakeApp, as_json: bool) -> None:
    client = make_api_app({"MAX_CHARS": 50}).test_client()
    text = "Kata dia. " * 6  # 60 characters
    if as_json:
        resp = post_json(client, "/v1/extract", {"text": text})
    else:
        resp = client.post("/v1/extract", data=text, content_type="text/plain")
    err = envelope(resp, 413, "payload_too_large")
    assert err["details"] == {"chars": 60, "max_chars": 50}
    assert text not in resp.get_data(as_text=True)
    ok = post_json(client, "/v1/extract", {"text": text[:50]})
    assert ok.status_code == 200


def test_body_over_byte_cap_is_413(make_api_app: MakeApp) -> None:
    app = make_api_app({"MAX_CHARS": 50})
    cap = app.config["MAX_CONTENT_LENGTH"]
    assert cap < 50_000  # sized from MAX_CHARS, not the 200,000 default
    resp = app.test_client().post("/v1/extract", data=b"a" * (cap + 1),
                                  content_type="text/plain")
    err = envelope(resp, 413, "payload_too_large")
    assert err["details"] == {"max_bytes": cap}


def test_byte_cap_default_is_sized_from_max_chars(make_api_app: MakeApp) -> None:
    small = make_api_app({"MAX_CHARS": 1000}).config["MAX_CONTENT_LENGTH"]
    large = make_api_app({"MAX_CHARS": 100_000}).config["MAX_CONTENT_LENGTH"]
    assert large - small == 99_000 * 6
    assert make_api_app({"MAX_CONTENT_LENGTH": 12345}).config["MAX_CONTENT_LENGTH"] == 12345


# --- 422 validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(("payload", "field", "message"), [
    ({}, "text", "Missing data for required field."),
    ({"text": ""}, "text", "Text must not be empty or whitespace only."),
    ({"text": " \n\t\u3000 "}, "text", "Text must not be empty or whitespace only."),
    ({"text": 42}, "text", "Not a valid string."),
    ({"text": ["a"]}, "text", "Not a valid string."),
    ({"text": None}, "text", "Field may not be null."),
    ({"text": "Halo.", "title": "x"}, "title", "Unknown field."),
    ({"text": "Halo.", "language": "en"}, "language", "Must be one of: id."),
    ({"text": "Halo.", "language": 1}, "language", "Not a valid string."),
    (["Halo."], "_schema", "Invalid input type."),
    ("Halo.", "_schema", "Invalid input type."),
])
def test_validation_errors_are_422_per_field(api_client: FlaskClient, payload: Any, field: str,
                                             message: str) -> None:
    err = envelope(post_json(api_client, "/v1/extract", payload), 422, "validation_error")
    assert message in err["details"][field]


def test_422_reports_every_bad_field(api_client: FlaskClient) -> None:
    err = envelope(post_json(api_client, "/v1/extract", {"text": " ", "language": "en",
                                                         "extra": True}),
                   422, "validation_error")
    assert set(err["details"]) == {"text", "language", "extra"}


def test_empty_text_plain_body_is_422(api_client: FlaskClient) -> None:
    resp = api_client.post("/v1/extract", data=b"", content_type="text/plain")
    err = envelope(resp, 422, "validation_error")
    assert "text" in err["details"]


def test_unknown_field_names_are_clipped(api_client: FlaskClient) -> None:
    name = "k" * 5000
    err = envelope(post_json(api_client, "/v1/extract", {"text": "Halo.", name: 1}),
                   422, "validation_error")
    (key,) = err["details"]
    assert len(key) < 100
    many = {"text": "Halo.", **{f"f{i}": i for i in range(500)}}
    err = envelope(post_json(api_client, "/v1/extract", many), 422, "validation_error")
    assert len(err["details"]) == 51
    assert err["details"]["..."] == ["450 more fields have errors."]


# --- routing, auth, server errors ----------------------------------------------------------------


def test_unknown_path_is_404(api_client: FlaskClient) -> None:
    envelope(api_client.get("/v2/extract"), 404, "not_found")


def test_wrong_method_is_405_with_allow(api_client: FlaskClient) -> None:
    resp = api_client.get("/v1/extract")
    envelope(resp, 405, "method_not_allowed")
    assert "POST" in resp.headers["Allow"]
    envelope(api_client.delete("/healthz"), 405, "method_not_allowed")


def test_api_keys(make_api_app: MakeApp) -> None:
    client = make_api_app({"API_KEYS": "k-one, k-two"}).test_client()
    payload = {"text": "Halo."}
    err = envelope(post_json(client, "/v1/extract", payload), 401, "unauthorized")
    assert "X-API-Key" in err["message"]
    envelope(post_json(client, "/v1/extract", payload, headers={"X-API-Key": "k-three"}),
             401, "unauthorized")
    envelope(post_json(client, "/v1/extract/batch", {"documents": []}), 401, "unauthorized")
    envelope(post_json(client, "/v1/extract", payload,
                       headers={"Authorization": "Basic k-one"}), 401, "unauthorized")
    assert post_json(client, "/v1/extract", payload,
                     headers={"X-API-Key": "k-two"}).status_code == 200
    assert post_json(client, "/v1/extract", payload,
                     headers={"Authorization": "Bearer k-one"}).status_code == 200
    # probes and docs stay open
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/openapi.json").status_code == 200


def test_api_keys_from_environment(make_api_app: MakeApp, monkeypatch: pytest.MonkeyPatch,
                                   ) -> None:
    app = make_api_app()  # cleans QUOTES_* first
    monkeypatch.setenv("QUOTES_API_KEYS", "12345")  # JSON-parsed to an int by Flask
    monkeypatch.setenv("QUOTES_MAX_CHARS", "20")
    app = make_api_app()
    client = app.test_client()
    resp = post_json(client, "/v1/extract", {"text": "x" * 21}, headers={"X-API-Key": "12345"})
    envelope(resp, 413, "payload_too_large")
    envelope(post_json(client, "/v1/extract", {"text": "x"}), 401, "unauthorized")
    # explicit config beats the environment
    app = make_api_app({"MAX_CHARS": 30, "API_KEYS": ""})
    assert post_json(app.test_client(), "/v1/extract", {"text": "x" * 21}).status_code == 200


def test_unexpected_error_is_500_without_internals(make_api_app: MakeApp,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    client = make_api_app(annotator=ExplodingAnnotator()).test_client()
    caplog.set_level(logging.INFO, logger="quotes")
    resp = post_json(client, "/v1/extract", {"text": SECRET},
                     headers={"X-Request-ID": "req-500"})
    err = envelope(resp, 500, "internal_error")
    assert err["request_id"] == "req-500"
    raw = resp.get_data(as_text=True)
    for leak in ("RuntimeError", "secret.py", "Traceback", SECRET, "tokenize"):
        assert leak not in raw
    # the server log has the stack for the operator, but not the message quoting the article
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors and errors[0].__dict__["request_id"] == "req-500"
    assert "tokenize" in errors[0].__dict__["stack"]
    assert SECRET not in caplog.text
    assert all(SECRET not in json_formatter().format(r) for r in caplog.records)


# --- health -----------------------------------------------------------------------------------


def test_healthz_and_readyz(api_client: FlaskClient) -> None:
    assert api_client.get("/healthz").get_json() == {"status": "ok"}
    assert api_client.get("/readyz").get_json() == {"status": "ready",
                                                    "models": "regex-test-annotator"}


def test_readyz_503_when_models_not_loaded(make_api_app: MakeApp) -> None:
    client = make_api_app({"LOAD_MODELS": False}, annotator=None).test_client()
    assert client.get("/healthz").status_code == 200
    err = envelope(client.get("/readyz"), 503, "models_unavailable")
    assert "QUOTES_LOAD_MODELS" in err["message"]
    envelope(post_json(client, "/v1/extract", {"text": "Halo."}), 503, "models_unavailable")
    envelope(post_json(client, "/v1/extract/batch", {"documents": [{"id": "a", "text": "b"}]}),
             503, "models_unavailable")
    assert client.get("/openapi.json").status_code == 200


def test_create_app_fails_fast_with_the_model_error(make_api_app: MakeApp,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = types.ModuleType("quotes.nlp")

    def default_annotator() -> Any:
        raise ModelError("Stanza models missing in quotes/models/id: run scripts/train_models.py")

    nlp.default_annotator = default_annotator  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "quotes.nlp", nlp)
    with pytest.raises(ModelError, match="run scripts/train_models.py"):
        make_api_app(annotator=None)


def test_create_app_loads_the_default_annotator_once(make_api_app: MakeApp,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[int] = []
    nlp = types.ModuleType("quotes.nlp")

    def default_annotator() -> Any:
        loads.append(1)
        return RegexAnnotator()

    nlp.default_annotator = default_annotator  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "quotes.nlp", nlp)
    client = make_api_app(annotator=None).test_client()
    assert client.get("/readyz").status_code == 200
    assert post_json(client, "/v1/extract", {"text": "Halo."}).status_code == 200
    assert loads == [1]


def test_invalid_config_fails_at_startup(make_api_app: MakeApp) -> None:
    with pytest.raises(ValueError, match="QUOTES_MAX_CHARS"):
        make_api_app({"MAX_CHARS": 0})


# --- headers and logs -------------------------------------------------------------------------


def test_request_id_is_echoed_or_generated(api_client: FlaskClient) -> None:
    resp = api_client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert resp.headers["X-Request-ID"] == "abc-123"
    generated = api_client.get("/healthz").headers["X-Request-ID"]
    assert len(generated) == 32
    junk = api_client.get("/healthz", headers={"X-Request-ID": "a b<script>" + "x" * 300})
    assert junk.headers["X-Request-ID"] != "a b<script>" + "x" * 300
    assert len(junk.headers["X-Request-ID"]) == 32


@pytest.mark.parametrize("path", ["/healthz", "/v1/extract", "/nope", "/docs"])
def test_nosniff_everywhere(api_client: FlaskClient, path: str) -> None:
    with api_client.get(path) as resp:
        assert resp.headers["X-Content-Type-Options"] == "nosniff"


def test_request_log_line_has_numbers_not_text(api_client: FlaskClient,
                                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="quotes")
    text = f"{SECRET}. \u201cKami siap,\u201d kata Budi."
    post_json(api_client, "/v1/extract", {"text": text}, headers={"X-Request-ID": "log-1"})
    post_json(api_client, "/v1/extract", {"text": text, "language": "xx"})
    api_client.post("/v1/extract", data=text.encode() + b"\xff", content_type="text/plain")
    api_client.post("/v1/extract", data='{"text": "' + SECRET + '"',
                    content_type="application/json")
    post_json(api_client, "/v1/extract/batch",
              {"documents": [{"id": "a", "text": text}, {"id": "b", "text": 1}]})
    lines = [r for r in caplog.records if r.name == "quotes.api.access"]
    assert len(lines) == 5
    first = lines[0].__dict__
    assert first["request_id"] == "log-1"
    assert (first["method"], first["path"], first["status"]) == ("POST", "/v1/extract", 200)
    expected_quotes = len(post_json(api_client, "/v1/extract", {"text": text}).get_json()["quotes"])
    assert first["chars"] == len(text) and first["quotes"] == expected_quotes
    assert isinstance(first["latency_ms"], float)
    assert [r.__dict__["status"] for r in lines] == [200, 422, 400, 400, 200]
    assert lines[4].__dict__["documents"] == 2 and lines[4].__dict__["failed_documents"] == 1
    formatted = [json_formatter().format(r) for r in caplog.records]
    assert json.loads(formatted[0])["request_id"] == "log-1"
    assert all(SECRET not in line for line in formatted)
    assert SECRET not in caplog.text


# --- batch ------------------------------------------------------------------------------------


def test_batch_keeps_order_and_isolates_bad_documents(make_api_app: MakeApp,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    client = make_api_app({"MAX_CHARS": 300}).test_client()
    calls: list[int] = []
    real = pipeline.extract_many

    def spy(texts: Sequence[str], annotator: Any) -> list[Extraction]:
        calls.append(len(texts))
        return real(texts, annotator)

    monkeypatch.setattr(pipeline, "extract_many", spy)
    docs: list[Any] = [
        {"id": "a1", "text": ARTICLE},
        {"id": "b2", "text": "   "},
        {"id": "c3", "text": "x" * 301},
        {"id": "d4", "text": 7},
        {"text": "no id"},
        {"id": "a1", "text": "duplicate id"},
        "not an object",
        {"id": "e5", "text": "Dia berkata, \u201cBaik.\u201d"},
        {"id": "f6", "text": "Halo.", "title": "unknown field"},
    ]
    resp = post_json(client, "/v1/extract/batch", {"documents": docs})
    assert resp.status_code == 200
    results = resp.get_json()["results"]
    assert [r["id"] for r in results] == ["a1", "b2", "c3", "d4", None, "a1", None, "e5", "f6"]
    statuses = [r["error"]["status"] if "error" in r else 200 for r in results]
    assert statuses == [200, 422, 413, 422, 422, 409, 422, 200, 422]
    assert calls == [2]  # both valid documents annotated in one extract_many call
    assert_offsets(ARTICLE, results[0])
    assert_offsets(docs[7]["text"], results[7])
    assert results[5]["error"]["code"] == "duplicate_id"
    assert results[5]["error"]["message"] == "duplicate id: already in document 1"
    assert results[3]["error"]["details"] == {"text": ["Not a valid string."]}
    assert "title" in results[8]["error"]["details"]
    for r in results:
        if "error" in r:
            assert set(r) == {"id", "error"}
            assert r["error"]["request_id"] == resp.headers["X-Request-ID"]
        else:
            assert list(r) == ["id", "quotes", "speakers", "ignored", "meta"]


def test_batch_falls_back_to_one_by_one(make_api_app: MakeApp) -> None:
    annotator = PoisonAnnotator()
    client = make_api_app(annotator=annotator).test_client()
    docs = [{"id": "a", "text": "Halo."}, {"id": "b", "text": "RACUN " + SECRET},
            {"id": "c", "text": "Dunia."}]
    resp = post_json(client, "/v1/extract/batch", {"documents": docs})
    assert resp.status_code == 200
    results = resp.get_json()["results"]
    assert [r["id"] for r in results] == ["a", "b", "c"]
    assert "error" not in results[0] and "error" not in results[2]
    assert results[1]["error"]["status"] == 500
    assert results[1]["error"]["code"] == "internal_error"
    assert SECRET not in resp.get_data(as_text=True)
    assert annotator.calls == [3, 1, 1, 1]  # the batch, then each document alone


def test_batch_envelope_errors(make_api_app: MakeApp) -> None:
    client = make_api_app({"BATCH_MAX_DOCUMENTS": 3, "BATCH_MAX_CHARS": 100}).test_client()
    doc = {"id": "a", "text": "Halo."}
    err = envelope(post_json(client, "/v1/extract/batch", {"documents": [doc] * 4}),
                   413, "payload_too_large")
    assert err["details"] == {"documents": 4, "max_documents": 3}
    many = [{"id": str(i), "text": "x" * 40} for i in range(3)]
    err = envelope(post_json(client, "/v1/extract/batch", {"documents": many}),
                   413, "payload_too_large")
    assert err["details"] == {"chars": 120, "max_chars": 100}
    for payload, field in [({}, "documents"), ({"documents": []}, "documents"),
                           ({"documents": "abc"}, "documents"),
                           ({"documents": [doc], "extra": 1}, "extra"),
                           ([doc], "_schema")]:
        err = envelope(post_json(client, "/v1/extract/batch", payload), 422, "validation_error")
        assert field in err["details"], payload
    envelope(client.post("/v1/extract/batch", data=b"{", content_type="application/json"),
             400, "invalid_json")


def test_batch_byte_cap_is_larger_than_single(make_api_app: MakeApp) -> None:
    app = make_api_app({"MAX_CHARS": 100, "BATCH_MAX_CHARS": 1000})
    client = app.test_client()
    single_cap = app.config["MAX_CONTENT_LENGTH"]
    docs = [{"id": str(i), "text": "Halo dunia. " * 8} for i in range(10)]
    body = json.dumps({"documents": docs}, ensure_ascii=True)
    padded = body[:-1] + " " * (single_cap + 10 - len(body)) + "}"
    assert len(padded) > single_cap
    resp = client.post("/v1/extract/batch", data=padded, content_type="application/json")
    assert resp.status_code == 200
    assert len(resp.get_json()["results"]) == 10
    over = app.config["BATCH_MAX_CONTENT_LENGTH"] + 1
    resp = client.post("/v1/extract/batch", data=b" " * over, content_type="application/json")
    envelope(resp, 413, "payload_too_large")


# --- CORS ---------------------------------------------------------------------------------------


def test_cors_off_by_default(api_client: FlaskClient) -> None:
    resp = post_json(api_client, "/v1/extract", {"text": "Halo."},
                     headers={"Origin": "https://example.org"})
    assert "Access-Control-Allow-Origin" not in resp.headers


def test_cors_allow_list(make_api_app: MakeApp) -> None:
    client = make_api_app({"CORS_ORIGINS": "https://news.example",
                           "API_KEYS": "k"}).test_client()
    ok = post_json(client, "/v1/extract", {"text": "Halo."},
                   headers={"Origin": "https://news.example", "X-API-Key": "k"})
    assert ok.headers["Access-Control-Allow-Origin"] == "https://news.example"
    assert "X-Request-ID" in ok.headers["Access-Control-Expose-Headers"]
    other = post_json(client, "/v1/extract", {"text": "Halo."},
                      headers={"Origin": "https://evil.example", "X-API-Key": "k"})
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = client.options("/v1/extract", headers={
        "Origin": "https://news.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, x-api-key"})
    assert preflight.status_code == 200  # no key needed for the preflight
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://news.example"
    assert "x-api-key" in preflight.headers["Access-Control-Allow-Headers"].lower()


def test_a_request_past_the_deadline_gets_a_clean_503(make_api_app: Any) -> None:
    """A text slower than QUOTES_REQUEST_TIMEOUT gets the envelope, not a killed worker."""
    import time

    class Slow(RegexAnnotator):
        def tokenize(self, texts: Any) -> Any:
            time.sleep(3)
            return super().tokenize(texts)

    app = make_api_app({"REQUEST_TIMEOUT": 0.5}, annotator=Slow())
    started = time.monotonic()
    response = app.test_client().post("/v1/extract", json={"text": "Kami siap, kata dia."})
    assert time.monotonic() - started < 2.5
    assert response.status_code == 503
    body = response.get_json()
    assert body["error"]["code"] == "timeout"
    assert body["error"]["status"] == 503
    # the next request is served normally once the slow one is gone
    fast = make_api_app({"REQUEST_TIMEOUT": 5}, annotator=RegexAnnotator())
    assert fast.test_client().post("/v1/extract", json={"text": "Halo."}).status_code == 200


def test_batch_follows_the_cli_contract(api_client: FlaskClient) -> None:
    """One batch contract (issue 18, item 2): ids are strings or integers, echoed as given
    (``"1"`` and ``1`` are two ids, as in ``quotes batch``); a repeated id is a 409
    ``duplicate_id`` naming the 1-based position of the first document with it."""
    docs: list[Any] = [
        {"id": 1, "text": "Halo."},
        {"id": "1", "text": "Dunia."},
        {"id": 1, "text": "Lagi."},
        {"id": True, "text": "Halo."},
        {"id": 1.5, "text": "Halo."},
        {"id": "", "text": "Halo."},
        {"id": 7, "text": "   "},
        {"id": "1", "text": "Lagi."},
    ]
    resp = post_json(api_client, "/v1/extract/batch", {"documents": docs})
    assert resp.status_code == 200
    results = resp.get_json()["results"]
    assert [r["id"] for r in results] == [1, "1", 1, None, None, None, 7, "1"]
    assert [r["error"]["status"] if "error" in r else 200 for r in results] == [
        200, 200, 409, 422, 422, 422, 422, 409]
    dup = results[2]["error"]
    assert dup["code"] == "duplicate_id"
    assert dup["message"] == "duplicate id: already in document 1"
    assert dup["details"] == {"document": 3, "first_document": 1}
    assert results[7]["error"]["details"] == {"document": 8, "first_document": 2}
    for bad in results[3:6]:
        assert bad["error"]["code"] == "validation_error"
        assert bad["error"]["details"] == {"id": ["Must be a non-empty string or an integer."]}


# --- claims: published and checkable_only (issue 16) ------------------------------------------

CLAIMS_ARTICLE = (
    "Jakarta - Menteri Keuangan Sri Mulyani tiba di Jakarta pada Senin.\n"
    "\u201cInflasi Juli 2,5 persen, naik dari 2,1 persen bulan lalu,\u201d kata Sri Mulyani "
    "kepada wartawan.\n"
    "Ia menyebut kunjungan itu penting. \u201cIni awal yang baik,\u201d tambahnya.\n"
    "\u201cKami berharap warga tetap tenang,\u201d kata Budi Santoso, warga Menteng."
)
#: an article none of whose quotes is one of CLAIMS_ARTICLE's (and none checkable)
OTHER_ARTICLE = ("Rapat berlangsung hingga malam.\n"
                 "\u201cKami siap bekerja keras sampai akhir,\u201d kata Rina Kartika kepada "
                 "wartawan.")


class ClaimSpy:
    """Stands in for ``quotes.pipeline.claim_of``: records the ``published`` of every call and
    answers a fixed claim (checkable exactly when the quote says ``persen``), so the tests do
    not depend on the shipped claims model."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, date | None]] = []

    def __call__(self, text: str, start: int, kind: str, model: Any = None,
                 published: date | None = None) -> Claim:
        self.calls.append((text, published))
        if "persen" in text:
            return Claim(True, 0.95, ("quantity",), ())
        return Claim(False, 0.1, (), ())

    def dates(self) -> dict[str, date | None]:
        return dict(self.calls)


@pytest.fixture
def claim_spy(monkeypatch: pytest.MonkeyPatch) -> ClaimSpy:
    spy = ClaimSpy()
    monkeypatch.setattr(pipeline, "claim_of", spy)
    return spy


def test_pipeline_gives_each_text_its_published_date(claim_spy: ClaimSpy) -> None:
    """``published`` reaches ``claim_of`` for every quote of its own text; the default (no
    dates) and a ``None`` date reach it as ``None``."""
    day = date(2025, 3, 4)
    found = pipeline.extract_many([CLAIMS_ARTICLE, OTHER_ARTICLE], RegexAnnotator(),
                                  published=[day, None])
    assert found[0].quotes and found[1].quotes
    dates = claim_spy.dates()
    assert {dates[q.text] for q in found[0].quotes} == {day}
    assert {dates[q.text] for q in found[1].quotes} == {None}
    claim_spy.calls.clear()
    one = pipeline.extract(CLAIMS_ARTICLE, RegexAnnotator(), published=day)
    assert len(claim_spy.calls) == len(one.quotes) and set(claim_spy.dates().values()) == {day}
    claim_spy.calls.clear()
    pipeline.extract_many([CLAIMS_ARTICLE], RegexAnnotator())  # every existing call works
    assert set(claim_spy.dates().values()) == {None}
    with pytest.raises(ValueError, match="1 published dates for 2 texts"):
        pipeline.extract_many([CLAIMS_ARTICLE, OTHER_ARTICLE], RegexAnnotator(),
                              published=[day])


@pytest.mark.parametrize(("published", "day"), [
    ("2025-03-04", date(2025, 3, 4)),
    ("2025-03-04T10:30:00", date(2025, 3, 4)),
    ("2025-03-04 10:30", date(2025, 3, 4)),
    ("2025-03-03T23:30:00Z", date(2025, 3, 3)),
    # the date as written, in the article's zone (17:00 UTC on the 3rd)
    ("2025-03-04T00:00:00+07:00", date(2025, 3, 4)),
    (None, None),
])
def test_extract_passes_published_to_the_claims(api_client: FlaskClient, claim_spy: ClaimSpy,
                                                published: str | None, day: date | None
                                                ) -> None:
    resp = post_json(api_client, "/v1/extract", {"text": CLAIMS_ARTICLE, "published": published})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert len(claim_spy.calls) == len(resp.get_json()["quotes"]) > 0
    assert set(claim_spy.dates().values()) == {day}


@pytest.mark.parametrize("published", [
    "4 Maret 2025", "2025-13-01", "2025-03-04T25:00", "", "2025-03", "03/04/2025",
    "2025-03-04" + " " * 40,
])
def test_a_bad_published_is_422_naming_the_field(api_client: FlaskClient, claim_spy: ClaimSpy,
                                                 published: str) -> None:
    err = envelope(post_json(api_client, "/v1/extract",
                             {"text": CLAIMS_ARTICLE, "published": published}),
                   422, "validation_error")
    assert set(err["details"]) == {"published"}
    message = err["details"]["published"][0]
    assert "ISO 8601 date or date-time" in message and "2025-03-04" in message
    assert claim_spy.calls == []  # nothing was extracted


@pytest.mark.parametrize("published", [20250304, ["2025-03-04"], {"date": "2025-03-04"}, True])
def test_a_published_that_is_not_a_string_is_422(api_client: FlaskClient,
                                                  published: Any) -> None:
    err = envelope(post_json(api_client, "/v1/extract",
                             {"text": CLAIMS_ARTICLE, "published": published}),
                   422, "validation_error")
    assert err["details"] == {"published": ["Not a valid string."]}


def test_batch_documents_carry_their_own_published(api_client: FlaskClient,
                                                   claim_spy: ClaimSpy) -> None:
    """Each document's date reaches the claims of its own quotes; a bad one is that document's
    422 (the message names ``published``), and the others are still extracted."""
    docs: list[Any] = [
        {"id": "a", "text": CLAIMS_ARTICLE, "published": "2025-03-04T09:00:00+07:00"},
        {"id": "b", "text": OTHER_ARTICLE},
        {"id": "c", "text": "Halo.", "published": "kemarin"},
        {"id": "d", "text": "Halo.", "published": 5},
    ]
    resp = post_json(api_client, "/v1/extract/batch", {"documents": docs})
    assert resp.status_code == 200
    results = resp.get_json()["results"]
    assert [r["id"] for r in results] == ["a", "b", "c", "d"]
    assert "error" not in results[0] and "error" not in results[1]
    dates = claim_spy.dates()
    assert {dates[q["text"]] for q in results[0]["quotes"]} == {date(2025, 3, 4)}
    assert {dates[q["text"]] for q in results[1]["quotes"]} == {None}
    for bad in results[2:]:
        assert bad["error"]["status"] == 422 and bad["error"]["code"] == "validation_error"
        assert set(bad["error"]["details"]) == {"published"}
    assert "ISO 8601" in results[2]["error"]["details"]["published"][0]


def test_checkable_only_keeps_the_checkable_quotes_and_their_speakers(
        api_client: FlaskClient, claim_spy: ClaimSpy) -> None:
    full = post_json(api_client, "/v1/extract", {"text": CLAIMS_ARTICLE}).get_json()
    off = post_json(api_client, "/v1/extract",
                    {"text": CLAIMS_ARTICLE, "checkable_only": False}).get_json()
    on = post_json(api_client, "/v1/extract",
                   {"text": CLAIMS_ARTICLE, "checkable_only": True}).get_json()
    assert off["quotes"] == full["quotes"] and off["speakers"] == full["speakers"]
    # the fixture: q1 (a quantity) and two other quotes of e1, and one quote of e2
    assert [(q["id"], q["claim"]["checkable"]) for q in full["quotes"]] == [
        ("q1", True), ("q2", False), ("q3", False), ("q4", False)]
    assert [(s["id"], s["quotes"]) for s in full["speakers"]] == [
        ("e1", ["q1", "q2", "q3"]), ("e2", ["q4"])]
    # only the checkable quote, with its id; only its speaker, with only that quote
    assert on["quotes"] == [full["quotes"][0]]
    assert on["speakers"] == [{**full["speakers"][0], "quotes": ["q1"]}]
    # ignored and meta describe the article: the same either way
    assert on["ignored"] == full["ignored"]
    assert {k: v for k, v in on["meta"].items() if k != "elapsed_ms"} == {
        k: v for k, v in full["meta"].items() if k != "elapsed_ms"}
    assert_offsets(CLAIMS_ARTICLE, on)


def test_checkable_only_with_no_checkable_quote_is_empty(api_client: FlaskClient,
                                                         claim_spy: ClaimSpy) -> None:
    body = post_json(api_client, "/v1/extract",
                     {"text": OTHER_ARTICLE, "checkable_only": True}).get_json()
    assert body["quotes"] == [] and body["speakers"] == []
    assert body["meta"]["chars"] == len(OTHER_ARTICLE)


def test_checkable_only_in_a_batch_applies_to_every_document(api_client: FlaskClient,
                                                            claim_spy: ClaimSpy) -> None:
    docs = [{"id": "a", "text": CLAIMS_ARTICLE}, {"id": "b", "text": OTHER_ARTICLE},
            {"id": "c", "text": " "}]
    full = post_json(api_client, "/v1/extract/batch", {"documents": docs}).get_json()
    on = post_json(api_client, "/v1/extract/batch",
                   {"documents": docs, "checkable_only": True}).get_json()
    off = post_json(api_client, "/v1/extract/batch",
                    {"documents": docs, "checkable_only": False}).get_json()
    assert off == {"results": [
        {**r, "meta": {**r["meta"], "elapsed_ms": o["meta"]["elapsed_ms"]}} if "meta" in r
        else {**r, "error": {**r["error"], "request_id": o["error"]["request_id"]}}
        for r, o in zip(full["results"], off["results"], strict=True)]}
    a, b, c = on["results"]
    assert [q["id"] for q in a["quotes"]] == ["q1"]
    assert [(s["id"], s["quotes"]) for s in a["speakers"]] == [("e1", ["q1"])]
    assert (b["quotes"], b["speakers"]) == ([], [])
    assert c["error"]["code"] == "validation_error"  # errors are untouched
    assert len(full["results"][0]["quotes"]) == 4


@pytest.mark.parametrize("value", ["true", 1, 0, "yes", None, [], {}])
def test_checkable_only_must_be_a_boolean(api_client: FlaskClient, value: Any) -> None:
    err = envelope(post_json(api_client, "/v1/extract",
                             {"text": "Halo.", "checkable_only": value}),
                   422, "validation_error")
    assert set(err["details"]) == {"checkable_only"}
    assert err["details"]["checkable_only"][0] in ("Not a valid boolean.",
                                                   "Field may not be null.")
    batch = envelope(post_json(api_client, "/v1/extract/batch",
                               {"documents": [{"id": 1, "text": "Halo."}],
                                "checkable_only": value}),
                     422, "validation_error")
    assert set(batch["details"]) == {"checkable_only"}


def test_checkable_only_is_a_request_option_not_a_document_field(api_client: FlaskClient
                                                                 ) -> None:
    body = post_json(api_client, "/v1/extract/batch", {"documents": [
        {"id": 1, "text": "Halo.", "checkable_only": True}]}).get_json()
    assert body["results"][0]["error"]["details"] == {"checkable_only": ["Unknown field."]}
