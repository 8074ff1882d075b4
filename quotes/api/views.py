"""The routes: load -> extract -> dump. Validation belongs to the schemas."""

from __future__ import annotations

import logging
from datetime import date
from functools import partial
from typing import Any

from flask import Blueprint, Response, jsonify, request

from quotes.annotator import Annotator
from quotes.api.body import read_body
from quotes.api.envelope import ErrorBody
from quotes.api.errors import error_body, safe_traceback
from quotes.api.logs import note, note_label
from quotes.api.schemas import (
    BATCH_RESPONSE,
    EXTRACTION,
    STATUS,
    BatchDocument,
    BatchRequest,
    DocumentResult,
    ExtractRequest,
)
from quotes.api.state import current_state
from quotes.batch import extract_document, extract_documents, extract_each, only_checkable
from quotes.model import Extraction

log = logging.getLogger("quotes.api")

bp = Blueprint("quotes_api", __name__)


def _json(payload: Any, status: int = 200) -> Response:
    response = jsonify(payload)
    response.status_code = status
    return response


@bp.get("/healthz")
def healthz() -> Response:
    """The process is alive (no model check: that is /readyz)."""
    return _json(STATUS.dump({"status": "ok"}))


@bp.get("/readyz")
def readyz() -> Response:
    """200 once the annotator is loaded, else 503 in the error envelope."""
    annotator = current_state().require_annotator()
    return _json(STATUS.dump({"status": "ready", "models": annotator.name}))


@bp.post("/v1/extract")
def extract() -> Response:
    state = current_state()
    state.require_annotator()  # 503 before reading a body we could not process
    doc: ExtractRequest = state.schemas.extract.load(read_body(allow_text=True))
    note(chars=len(doc.text))
    extraction = state.run(partial(_extract_one, doc.text, published=doc.published))
    note(quotes=len(extraction.quotes))  # found, before any filter
    note_label(language=extraction.meta.language_check.looks_like)
    if doc.checkable_only:
        extraction = only_checkable(extraction)
    return _json(EXTRACTION.dump(extraction))


@bp.post("/v1/extract/batch")
def extract_batch() -> Response:
    state = current_state()
    state.require_annotator()
    request.max_content_length = state.batch_max_bytes
    batch: BatchRequest = state.schemas.batch.load(read_body(allow_text=False))

    valid = [d for d in batch.documents if isinstance(d, BatchDocument)]
    extractions = _extract_all([(d.text, d.published) for d in valid])
    results: list[DocumentResult] = []
    done = iter(extractions)
    for doc in batch.documents:
        if isinstance(doc, BatchDocument):
            outcome = next(done)
            if isinstance(outcome, ErrorBody):
                results.append(DocumentResult(doc.id, error=outcome))
            else:
                results.append(DocumentResult(doc.id, extraction=outcome))
        else:
            results.append(DocumentResult(doc.id, error=error_body(doc.error)))

    note(documents=len(results),
         failed_documents=sum(r.error is not None for r in results),
         chars=sum(len(d.text) for d in valid),
         quotes=sum(len(r.extraction.quotes) for r in results if r.extraction),
         not_indonesian=sum(r.extraction.meta.language_check.looks_indonesian is False
                            for r in results if r.extraction))
    if batch.checkable_only:
        results = [DocumentResult(r.id, extraction=only_checkable(r.extraction))
                   if r.extraction is not None else r for r in results]
    return _json(BATCH_RESPONSE.dump({"results": results}))


def _extract_one(text: str, annotator: Annotator, published: date | None = None
                 ) -> Extraction:
    return extract_document(text, published, annotator)


def _extract_all(texts: list[tuple[str, date | None]]) -> list[Extraction | ErrorBody]:
    """All ``(text, published)`` documents in one ``extract_many`` call; if it fails, one by one
    so only the bad one fails (``quotes.batch.extract_each``, as ``quotes batch`` and the corpus
    do)."""
    state = current_state()

    def batched_failed(exc: Exception) -> None:
        log.warning("batched extraction failed; retrying documents one by one",
                    extra={"error_type": type(exc).__qualname__, "documents": len(texts)})

    def document_failed(exc: Exception, index: int) -> None:
        log.error("document extraction failed",
                  extra={"error_type": type(exc).__qualname__, "document_index": index,
                         "stack": safe_traceback(exc)})

    answers = extract_each(
        texts,
        lambda batch: state.run(partial(_extract_many, batch)),
        lambda doc: state.run(partial(_extract_one, doc[0], published=doc[1])),
        propagate=(),  # a document that times out or finds no model gets its own error
        on_batch_failure=batched_failed,
        on_failure=document_failed,
    )
    return [error_body(a) if isinstance(a, Exception) else a for a in answers]


def _extract_many(docs: list[tuple[str, date | None]], annotator: Annotator
                  ) -> list[Extraction]:
    return extract_documents(docs, annotator)
