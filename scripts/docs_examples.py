"""Write the examples of the API documentation: ``quotes/static/docs-examples.json``.

The request examples are the handwritten Indonesian articles below. Every response in the file
is what the service itself answers to a real request, through the Flask app in process:

- the extraction examples (``POST /v1/extract``, ``POST /v1/extract/batch``, ``/readyz``) come
  from the shipped Stanza models (``quotes.nlp.default_annotator``, what ``quotes.extract``
  uses), so the nested quote, cue, speaker and mention objects are the engine's own output;
- the error examples (one or more per status) come from requests that trigger each error:
  malformed JSON, a wrong key, an over-long text, a wrong content type, …; the annotator is a
  stub there (no models needed), failing on purpose for the 500 and 503 examples.

``quotes/api/openapi.py`` puts them into ``/openapi.json``, which ``/docs`` (Swagger UI) shows.
``tests/test_docs_examples.py`` regenerates both parts and compares them with the stored file
(the engine part under the ``models`` marker), so the docs cannot drift from the engine.

    .venv/bin/python scripts/docs_examples.py           # rewrite the file
    .venv/bin/python scripts/docs_examples.py --check   # exit 1 when it is out of date
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from quotes.app import DEFAULTS, create_app  # noqa: E402
from quotes.model import Document  # noqa: E402

OUT = ROOT / "quotes" / "static" / "docs-examples.json"

# --------------------------------------------------------------------------------------------
# the articles (fictional people and events, written for these docs)

#: a direct quote with "kata X", an indirect "X mengatakan bahwa …", a "-nya" follow-up, a
#: source phrase ("Menurut …"), a dateline and a "Baca juga" line (reported in ``ignored``)
ARTICLE = (
    "BANDUNG - Pemerintah Kota Bandung menyiapkan 40 pompa air untuk menghadapi puncak musim "
    "hujan. “Kami tidak mau warga kembali terendam seperti tahun lalu,” kata Kepala Dinas "
    "Sumber Daya Air Kota Bandung, Rina Kartika, di Balai Kota, Kamis (13/3).\n"
    "Rina mengatakan bahwa pompa-pompa itu akan ditempatkan di tujuh titik rawan, antara lain "
    "di kawasan Gedebage dan Rancasari. “Petugas kami siaga 24 jam sampai akhir April,” "
    "ujarnya.\n"
    "Baca juga: Hujan Deras, Ratusan Rumah di Bandung Selatan Terendam\n"
    "Menurut warga Gedebage, Asep Saepudin, genangan di depan rumahnya biasanya baru surut "
    "setelah dua hari."
)

#: the valid document of the batch example: ends with a quote that has no cue (its speaker
#: comes from the previous quote, and its mention is null)
BATCH_ARTICLE = (
    "JAKARTA - Hujan lebat diperkirakan masih akan turun di Jakarta hingga akhir pekan. "
    "Prakirawan cuaca Dimas Prasetyo mengatakan bahwa curah hujan tertinggi terjadi pada sore "
    "hari.\n"
    "“Masyarakat sebaiknya menghindari bepergian saat hujan disertai petir,” katanya, Jumat "
    "(14/3).\n"
    "“Saluran air di permukiman juga perlu dibersihkan sebelum hujan turun.”"
)

EXTRACT_REQUEST: dict[str, Any] = {"text": ARTICLE}
BATCH_REQUEST: dict[str, Any] = {"documents": [
    {"id": "a1", "text": BATCH_ARTICLE},
    # invalid on purpose: a per-document error entry, the other document is still extracted
    {"id": "a2", "text": "Heavy rain is expected in Jakarta until the weekend.",
     "language": "en"},
]}

#: a short article for the error requests (the text itself never matters there)
SHORT = "“Petugas kami siaga 24 jam sampai akhir April,” kata Rina Kartika."

# --------------------------------------------------------------------------------------------
# the app, in process


def request_id(name: str) -> str:
    """A fixed, realistic request id per example (sent as X-Request-ID, echoed in errors)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"quotes-docs/{name}").hex


@contextmanager
def app_client(config: dict[str, Any] | None = None, annotator: Any = None,
               ) -> Iterator[FlaskClient]:
    """A test client on an app with the default limits (no QUOTES_* from the environment);
    the ``quotes`` logger is left as it was (create_app configures it)."""
    logger = logging.getLogger("quotes")
    saved = (logger.level, list(logger.handlers), logger.propagate)
    try:
        settings = {**DEFAULTS, "TESTING": True, "LOG_LEVEL": "CRITICAL", **(config or {})}
        if annotator is None:
            settings["LOAD_MODELS"] = False
        yield create_app(settings, annotator=annotator).test_client()
    finally:
        logger.setLevel(saved[0])
        logger.handlers[:] = saved[1]
        logger.propagate = saved[2]


def _json(response: Any, status: int) -> dict[str, Any]:
    body = response.get_json()
    if response.status_code != status or not isinstance(body, dict):
        raise RuntimeError(f"expected {status}, got {response.status_code}: {body!r}")
    return body


# --------------------------------------------------------------------------------------------
# engine examples (the shipped models)


def engine_examples(annotator: Any) -> dict[str, Any]:
    """The success examples, from the engine running on ``annotator``."""
    with app_client(annotator=annotator) as client:
        extract = _json(client.post("/v1/extract", json=EXTRACT_REQUEST,
                                    headers={"X-Request-ID": request_id("extract")}), 200)
        plain = _json(client.post("/v1/extract", data=ARTICLE.encode(),
                                  content_type="text/plain; charset=utf-8"), 200)
        if without_elapsed(plain) != without_elapsed(extract):
            raise RuntimeError("text/plain and JSON bodies gave different answers")
        batch = _json(client.post("/v1/extract/batch", json=BATCH_REQUEST,
                                  headers={"X-Request-ID": request_id("batch")}), 200)
        healthz = _json(client.get("/healthz"), 200)
        readyz = _json(client.get("/readyz"), 200)
    return {
        "extract": {"request": EXTRACT_REQUEST, "response": extract},
        "batch": {"request": BATCH_REQUEST, "response": batch},
        "healthz": {"response": healthz},
        "readyz": {"response": readyz},
    }


def without_elapsed(node: Any) -> Any:
    """``node`` without ``meta.elapsed_ms`` (the only field that changes between runs)."""
    if isinstance(node, dict):
        return {k: without_elapsed(v) for k, v in node.items() if k != "elapsed_ms"}
    if isinstance(node, list):
        return [without_elapsed(v) for v in node]
    return node


# --------------------------------------------------------------------------------------------
# error examples (no models: the requests fail before the engine, or a stub fails on purpose)

EXTRACT, BATCH = "extract", "extractBatch"
OPERATIONS = {  # operationId -> (method, path) as in quotes/api/openapi.py
    EXTRACT: ("POST", "/v1/extract"),
    BATCH: ("POST", "/v1/extract/batch"),
    "healthz": ("GET", "/healthz"),
    "readyz": ("GET", "/readyz"),
    "openapi": ("GET", "/openapi.json"),
    "docs": ("GET", "/docs"),
}


class StubAnnotator:
    """Never annotates: ``tokenize`` fails (500), or sleeps past the request deadline (503)."""

    name = "stub"

    def __init__(self, *, hang: bool = False) -> None:
        self.hang = hang

    def tokenize(self, texts: Sequence[str]) -> list[Document]:
        if self.hang:
            # fast-forward the deadline's alarm instead of waiting QUOTES_REQUEST_TIMEOUT s
            signal.setitimer(signal.ITIMER_REAL, 0.01)
            time.sleep(5)
        raise RuntimeError("stub annotator: failing on purpose")

    def parse(self, docs: Sequence[Document], sentences: Sequence[Any]) -> list[Document]:
        raise NotImplementedError

    def recognize(self, docs: Sequence[Document], sentences: Sequence[Any]) -> list[Document]:
        raise NotImplementedError


def _error(client: FlaskClient, name: str, status: int, operations: list[str], summary: str,
           description: str, method: str, path: str, **request: Any) -> dict[str, Any]:
    headers = {"X-Request-ID": request_id(f"{name} {method} {path}"),
               **request.pop("headers", {})}
    response = client.open(path, method=method, headers=headers, **request)
    value = _json(response, status)
    example: dict[str, Any] = {"name": name, "status": status, "operations": operations,
                               "summary": summary, "description": description, "value": value}
    if "WWW-Authenticate" in response.headers:
        example["headers"] = {"WWW-Authenticate": response.headers["WWW-Authenticate"]}
    if "Allow" in response.headers:  # werkzeug lists the methods in set order: sort them
        allowed = sorted(m.strip() for m in response.headers["Allow"].split(","))
        example["headers"] = {"Allow": ", ".join(allowed)}
    return example


def error_examples() -> list[dict[str, Any]]:
    """One or more examples per error status, each from a request that triggers it."""
    out: list[dict[str, Any]] = []
    v1 = [EXTRACT, BATCH]
    every = list(OPERATIONS)
    big = "Rina mengatakan bahwa pompa air disiagakan. " * 6000  # 264,000 characters
    with app_client(annotator=StubAnnotator()) as client:
        out.append(_error(
            client, "invalid_json", 400, v1, "Malformed JSON",
            "The body is not JSON (here a trailing comma); `details` says where.",
            "POST", "/v1/extract", data=b'{"text": "' + SHORT.encode() + b'",}',
            content_type="application/json"))
        out.append(_error(
            client, "invalid_encoding", 400, v1, "Body not UTF-8",
            "A file saved as Windows-1252 sent as `text/plain`; `details.offset` is the first "
            "bad byte.", "POST", "/v1/extract", data=SHORT.encode("cp1252"),
            content_type="text/plain"))
        out.append(_error(
            client, "not_found", 404, every, "No such path",
            "`POST /v1/extrak` (a typo); every unknown path answers this, in the envelope.",
            "POST", "/v1/extrak", json=EXTRACT_REQUEST))
        for op, (method, path) in OPERATIONS.items():
            wrong = "GET" if method == "POST" else "POST"
            out.append(_error(
                client, "method_not_allowed", 405, [op], "Wrong method",
                f"`{wrong} {path}`; the `Allow` header lists the methods that work.",
                wrong, path))
        out.append(_error(
            client, "text_too_long", 413, [EXTRACT], "Text over the limit",
            "A 264,000-character text; the limit is `QUOTES_MAX_CHARS` (200,000 by default).",
            "POST", "/v1/extract", json={"text": big}))
        out.append(_error(
            client, "body_too_large", 413, [EXTRACT], "Body over the byte cap",
            "A body larger than the byte cap derived from `QUOTES_MAX_CHARS`; it is refused "
            "before it is read.", "POST", "/v1/extract",
            data=json.dumps({"text": big * 5}).encode(), content_type="application/json"))
        out.append(_error(
            client, "too_many_documents", 413, [BATCH], "Too many documents",
            "101 documents; the limit is `QUOTES_BATCH_MAX_DOCUMENTS` (100 by default).",
            "POST", "/v1/extract/batch",
            json={"documents": [{"id": f"a{i}", "text": SHORT} for i in range(101)]}))
        out.append(_error(
            client, "batch_too_long", 413, [BATCH], "Too much text in all",
            "11 documents of 190,000 characters; the limit is `QUOTES_BATCH_MAX_CHARS` "
            "(2,000,000 by default).", "POST", "/v1/extract/batch",
            json={"documents": [{"id": f"a{i}", "text": big[:190_000]} for i in range(11)]}))
        out.append(_error(
            client, "form_encoded", 415, [EXTRACT], "Form-encoded body",
            "What `curl -d` sends without `-H 'Content-Type: …'`.", "POST", "/v1/extract",
            data=f"text={SHORT}".encode(), content_type="application/x-www-form-urlencoded"))
        out.append(_error(
            client, "charset", 415, [EXTRACT], "Not UTF-8",
            "`Content-Type: text/plain; charset=iso-8859-1`: send UTF-8.", "POST",
            "/v1/extract", data=SHORT.encode("utf-8"),
            content_type="text/plain; charset=iso-8859-1"))
        out.append(_error(
            client, "batch_not_json", 415, [BATCH], "Batch as plain text",
            "A batch is JSON only.", "POST", "/v1/extract/batch", data=SHORT.encode(),
            content_type="text/plain; charset=utf-8"))
        out.append(_error(
            client, "invalid_fields", 422, [EXTRACT], "Invalid fields",
            "`{\"judul\": …, \"language\": \"en\"}`: `details` has the messages for each "
            "field.", "POST", "/v1/extract",
            json={"judul": "Pompa air disiagakan", "language": "en"}))
        out.append(_error(
            client, "blank_text", 422, [EXTRACT], "Blank text",
            "A text of spaces and line breaks only.", "POST", "/v1/extract",
            json={"text": " \n \n "}))
        out.append(_error(
            client, "invalid_batch", 422, [BATCH], "Invalid batch",
            "`{\"articles\": […]}` instead of `{\"documents\": […]}`. (An invalid document "
            "inside `documents` is not a 422: it gets an error entry in `results`.)",
            "POST", "/v1/extract/batch",
            json={"articles": [{"id": "a1", "text": SHORT}]}))
        out.append(_error(
            client, "internal_error", 500, every, "Unexpected failure",
            "Nothing internal is shown; the `request_id` finds the log line.",
            "POST", "/v1/extract", json={"text": SHORT}))
    with app_client({"API_KEYS": "rahasia"}, annotator=StubAnnotator()) as client:
        out.append(_error(
            client, "unauthorized", 401, v1, "No API key",
            "`QUOTES_API_KEYS` is set and the request has no `X-API-Key` or `Authorization: "
            "Bearer` key.", "POST", "/v1/extract", json={"text": SHORT}))
    with app_client() as client:
        out.append(_error(
            client, "models_unavailable", 503, [*v1, "readyz"], "Models not loaded",
            "The service was started with `QUOTES_LOAD_MODELS=false` (docs only).",
            "POST", "/v1/extract", json={"text": SHORT}))
    with app_client({"REQUEST_TIMEOUT": 115}, annotator=StubAnnotator(hang=True)) as client:
        out.append(_error(
            client, "timeout", 503, v1, "Took too long",
            "The extraction ran past `QUOTES_REQUEST_TIMEOUT` (5 s below the worker timeout, "
            "115 s by default).", "POST", "/v1/extract", json={"text": SHORT}))
    out.sort(key=lambda example: int(example["status"]))
    return out


# --------------------------------------------------------------------------------------------


def build(annotator: Any) -> dict[str, Any]:
    return {
        "about": "Generated by scripts/docs_examples.py: the responses are the service's own "
                 "answers (the shipped models for the extractions). Do not edit by hand.",
        **engine_examples(annotator),
        "errors": error_examples(),
    }


def dumps(examples: dict[str, Any]) -> str:
    return json.dumps(examples, ensure_ascii=False, indent=1) + "\n"


def load() -> dict[str, Any]:
    stored = json.loads(OUT.read_text(encoding="utf-8"))
    assert isinstance(stored, dict)
    return stored


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the stored file instead of writing it")
    args = parser.parse_args(argv)
    from quotes.nlp import default_annotator

    examples = build(default_annotator())
    if args.check:
        same = without_elapsed(examples) == without_elapsed(load())
        print(f"{OUT.relative_to(ROOT)}: {'up to date' if same else 'OUT OF DATE'}")
        return 0 if same else 1
    OUT.write_text(dumps(examples), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(examples['errors'])} error examples)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
