"""The Stanza adapter: the only module that imports stanza.

It builds ``stanza.Pipeline("id", processors="tokenize,pos,lemma,depparse,ner",
download_method=None)`` from the model files shipped in ``quotes/models/id/`` (verified against
their manifest), fully offline, and converts Stanza's documents into the project's immutable
``Document`` with offsets into the original text. The tokens the tokenizer marks multi-word
(``ujarnya``) are split by the clitic rule of ``quotes.clitics`` instead of Stanza's seq2seq
MWT expander (same words on 1,356 of 1,357 gold multi-word tokens, at a fraction of the cost;
``scripts/tokenizer_scores.py``); ``mwt="model"`` (or QUOTES_MWT=model) loads the expander.

Settings (environment):
  QUOTES_MODELS_DIR      another directory holding the shipped layout (manifest.json + *.pt)
  QUOTES_STANZA_DIR      a Stanza resources directory (e.g. the official models) used instead
  QUOTES_TORCH_THREADS   torch intra-op threads (default 1)
  QUOTES_MWT             "model": expand multi-word tokens with Stanza's MWT model (the path
                         before the clitic rule; the benchmark compares both); default "rule"
  QUOTES_TOKENIZER       "rules": words and sentences by rule (spaCy's Indonesian tokenizer and
                         the sentence rule of ``quotes.segment``, the clitic rule on every
                         token); "stanza": Stanza's neural tokenizer (the path before; the
                         benchmark compares both); default "rules"
  QUOTES_NER             0 turns named-entity recognition off (the rules then fall back to
                         capitalisation and the word lists); default on
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
import time
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from quotes.clitics import clitic_spans
from quotes.errors import ModelError
from quotes.model import Document, Sentence, Span, Word
from quotes.segment import segment
from quotes.segment import tokenizer as segment_tokenizer
from quotes.text import break_long_runs, paragraphs

PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")
#: how multi-word tokens are expanded: the clitic rule, or Stanza's MWT model
MWT_MODES = ("rule", "model")
#: who splits words and sentences: rules (spaCy + quotes.segment) or Stanza's tokenizer
TOKENIZERS = ("rules", "stanza")
SHIPPED_DIR = Path(__file__).parent / "models" / "id"
#: Sentences longer than this (in words) are not parsed: the biaffine parser is quadratic in
#: sentence length and the quote rules fall back to word order for them.
MAX_PARSE_WORDS = 160
#: Words longer than this are shortened before tagging (character models are linear in length;
#: a 100k-character "word" of scraped garbage must not cost seconds).
MAX_WORD_CHARS = 40
#: Sentences longer than this (in tokens) are not given to NER (scraped run-ons; linear, but
#: a bound keeps one request's cost predictable).
MAX_NER_TOKENS = 250

log = logging.getLogger(__name__)

#: what Stanza logs at every start for the shipped models: they are loaded by path with an empty
#: resources.json (``allow_unknown_language=True``), so Stanza's catalogue has no entry for
#: ``id`` and it warns, although these are Indonesian models; newcomers read it as "Indonesian
#: is not supported". Only this exact message is dropped, only while the pipeline is built.
UNKNOWN_LANGUAGE_WARNING = ("Trying to create pipeline for unsupported language: %s", ("id",))


class _DropUnknownLanguageWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # the format string and its arguments, not the formatted text: a filter must not raise
        return (record.msg, record.args) != UNKNOWN_LANGUAGE_WARNING


@contextmanager
def quiet_unknown_language_warning() -> Iterator[None]:
    """Drop Stanza's spurious "unsupported language: id" warning; every other message passes."""
    stanza_logger = logging.getLogger("stanza")
    dropper = _DropUnknownLanguageWarning()
    stanza_logger.addFilter(dropper)
    try:
        yield
    finally:
        stanza_logger.removeFilter(dropper)


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def verify_models(models_dir: Path) -> dict[str, Any]:
    """Check the manifest and the sha256 of every model file; return the manifest."""
    manifest_path = models_dir / "manifest.json"
    hint = (
        "Build them with `make models` (python scripts/train_models.py), or set "
        "QUOTES_STANZA_DIR to a Stanza resources directory that has Indonesian models."
    )
    if not manifest_path.is_file():
        raise ModelError(f"No Stanza models at {models_dir} (manifest.json missing). {hint}")
    try:
        manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
        files = manifest["files"]
    except (ValueError, KeyError) as exc:
        raise ModelError(f"Unreadable model manifest {manifest_path}: {exc}. {hint}") from exc
    for proc in PROCESSORS:
        entry = files.get(proc)
        path = models_dir / entry["file"] if entry else None
        if path is None or not path.is_file():
            raise ModelError(f"The {proc} model is missing from {models_dir}. {hint}")
        if sha256_file(path) != entry["sha256"]:
            raise ModelError(
                f"The {proc} model {path} does not match its sha256 in manifest.json "
                f"(corrupt or replaced; a Git LFS pointer?). {hint}"
            )
    return manifest


class StanzaAnnotator:
    """Annotator backed by a Stanza pipeline; thread-safe (one lock around the models)."""

    def __init__(self, models_dir: Path | None = None, stanza_dir: Path | None = None,
                 mwt: str | None = None, tokenizer: str | None = None) -> None:
        mwt = (mwt or os.environ.get("QUOTES_MWT") or "rule").strip().lower()
        if mwt not in MWT_MODES:
            raise ModelError(f"QUOTES_MWT must be one of {', '.join(MWT_MODES)}, not {mwt!r}")
        tokenizer = (tokenizer or os.environ.get("QUOTES_TOKENIZER") or "rules").strip().lower()
        if tokenizer not in TOKENIZERS:
            raise ModelError(
                f"QUOTES_TOKENIZER must be one of {', '.join(TOKENIZERS)}, not {tokenizer!r}")
        #: "rules" or "stanza" (the benchmark switches between the two on one annotator)
        self.tokenizer = tokenizer
        #: "rule" or "model"; "model" only when the MWT processor is loaded (the benchmark
        #: switches between the two on one annotator)
        self.mwt = mwt
        processors = PROCESSORS if mwt == "model" else tuple(p for p in PROCESSORS if p != "mwt")
        try:
            import stanza
            import torch
        except ImportError as exc:  # pragma: no cover - install problem
            raise ModelError(f"Stanza is not installed ({exc}); run `make install`.") from exc

        # one intra-op thread unless configured: predictable on shared CPUs, and gunicorn runs
        # one worker per core
        torch.set_num_threads(max(1, int(os.environ.get("QUOTES_TORCH_THREADS") or 1)))
        common: dict[str, Any] = {
            "lang": "id",
            "processors": ",".join(processors),
            "download_method": None,
            "use_gpu": False,
            "logging_level": "WARN",
            # measured on one CPU thread (see README, Benchmark): small batches are faster
            # than Stanza's GPU-sized defaults; pos counts sentences, depparse words
            "tokenize_batch_size": 32,
            "pos_batch_size": 32,
            "depparse_batch_size": 1000,
            "ner_batch_size": 32,
        }
        try:
            with quiet_unknown_language_warning():
                if stanza_dir is not None:
                    try:
                        self.pipeline = stanza.Pipeline(dir=str(stanza_dir), **common)
                    except Exception:  # noqa: BLE001 - a resources dir without an NER model
                        common["processors"] = ",".join(p for p in processors if p != "ner")
                        self.pipeline = stanza.Pipeline(dir=str(stanza_dir), **common)
                    self.name = f"stanza-{stanza.__version__} resources:{stanza_dir}"
                else:
                    models_dir = models_dir or SHIPPED_DIR
                    manifest = verify_models(models_dir)
                    paths = {
                        f"{proc}_model_path": str(models_dir / manifest["files"][proc]["file"])
                        for proc in processors
                    }
                    self.pipeline = stanza.Pipeline(
                        dir=str(models_dir),
                        resources_filepath=str(models_dir / "resources.json"),
                        allow_unknown_language=True,
                        **common,
                        **paths,
                    )
                    self.name = (
                        f"stanza-{stanza.__version__} quotes-id "
                        f"({'+'.join(manifest.get('treebanks', {}).get('train', []))})"
                    )
        except ModelError:
            raise
        except Exception as exc:
            raise ModelError(f"Could not load the Stanza models: {exc}") from exc
        self._document_cls = stanza.Document
        self._lock = threading.Lock()
        #: whether ``recognize`` tags entities (a model is loaded and QUOTES_NER is not 0)
        self.ner_enabled = "ner" in self.pipeline.processors and (
            os.environ.get("QUOTES_NER", "1").strip().lower() not in ("0", "off", "false", "no")
        )
        if self.ner_enabled:
            self.name += " +ner"
        #: seconds spent in each Stanza processor since load (read by the benchmark)
        self.timings: dict[str, float] = {}
        if tokenizer == "rules":
            # built here, with the models, not on the first request (about 5 s: spaCy's
            # 16,000 Indonesian exceptions)
            segment_tokenizer()

    # -- tokenize ---------------------------------------------------------------------------
    def tokenize(self, texts: Sequence[str]) -> list[Document]:
        # one Stanza call per article (its paragraphs together): on a CPU, combining several
        # articles in one tokenizer call measured slower, not faster
        return [self._tokenize_one(text) for text in texts]

    def _tokenize_one(self, text: str) -> Document:
        if self.tokenizer == "rules":
            return self._tokenize_by_rule(text)
        paras = paragraphs(text)
        safe = break_long_runs(text)
        processed: list[Any] = [self._document_cls([], text=safe[p.start : p.end]) for p in paras]
        with self._lock:
            # the processors are called one by one (Pipeline would add mwt to tokenize) so
            # that each gets its own timing
            stages = ("tokenize", "mwt") if self.mwt == "model" else ("tokenize",)
            for stage in stages:
                processor = self.pipeline.processors.get(stage)
                if processed and processor is not None:
                    t0 = time.perf_counter()
                    processed = processor.bulk_process(processed)
                    self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - t0
        t0 = time.perf_counter()
        doc = self._to_document(text, paras, processed, rule=self.mwt == "rule")
        # Stanza's tokens to the project's words; with the clitic rule, the rule is in here
        self.timings["convert"] = self.timings.get("convert", 0.0) + time.perf_counter() - t0
        return doc

    def _tokenize_by_rule(self, text: str) -> Document:
        """Words and sentences by rule (``quotes.segment``), each paragraph alone; every token
        goes through the clitic rule."""
        t0 = time.perf_counter()
        paras = paragraphs(text)
        words: list[Word] = []
        sentences: list[Sentence] = []
        with self._lock:  # spaCy's tokenizer keeps a cache: one thread at a time
            chunks = [segment(text[para.start : para.end]) for para in paras]
        for p_index, (para, para_sents) in enumerate(zip(paras, chunks, strict=True)):
            for sent in para_sents:
                first = len(words)
                s_index = len(sentences)
                for a, b in sent:
                    t_start, t_end = para.start + a, para.start + b
                    for start, end in clitic_spans(t_start, text[t_start:t_end]):
                        words.append(Word(len(words), text[start:end], start, end, s_index,
                                          t_start, t_end))
                if len(words) > first:
                    sentences.append(Sentence(s_index, words[first].token_start,
                                              words[-1].token_end, p_index, first, len(words)))
        self.timings["tokenize"] = self.timings.get("tokenize", 0.0) + time.perf_counter() - t0
        return Document(text, tuple(paras), tuple(sentences), tuple(words))

    @staticmethod
    def _to_document(
        text: str, paras: list[Span], chunks: Sequence[Any], rule: bool = False
    ) -> Document:
        """The project's Document; with ``rule``, the tokens Stanza's tokenizer marks
        multi-word (``MWT=Yes``) are split by the clitic rule."""
        words: list[Word] = []
        sentences: list[Sentence] = []
        for p_index, (para, sdoc) in enumerate(zip(paras, chunks, strict=True)):
            for ssent in sdoc.sentences:
                first = len(words)
                s_index = len(sentences)
                for token in ssent.tokens:
                    t_start = para.start + token.start_char
                    t_end = para.start + token.end_char
                    if rule and token.misc and _MWT_MISC.search(token.misc):
                        for start, end in clitic_spans(t_start, text[t_start:t_end]):
                            words.append(Word(len(words), text[start:end], start, end, s_index,
                                              t_start, t_end))
                        continue
                    for start, end, wtext in _word_spans(text, t_start, t_end, token.words):
                        words.append(Word(len(words), wtext, start, end, s_index, t_start, t_end))
                if len(words) == first:
                    continue
                sentences.append(
                    Sentence(s_index, words[first].token_start, words[-1].token_end, p_index,
                             first, len(words))
                )
        return Document(text, tuple(paras), tuple(sentences), tuple(words))

    # -- parse ------------------------------------------------------------------------------
    def parse(
        self, docs: Sequence[Document], sentences: Sequence[Collection[int]]
    ) -> list[Document]:
        jobs: list[tuple[int, Sentence]] = []
        for d_index, (doc, chosen) in enumerate(zip(docs, sentences, strict=True)):
            for s_index in sorted(chosen):
                sent = doc.sentences[s_index]
                if 0 < sent.end_word - sent.first_word <= MAX_PARSE_WORDS:
                    jobs.append((d_index, sent))
        if not jobs:
            return list(docs)
        conll = [
            [
                {"id": i + 1, "text": _shorten(w.text)}
                for i, w in enumerate(docs[d].sentence_words(sent))
            ]
            for d, sent in jobs
        ]
        parsed = self._document_cls(conll)
        with self._lock:
            for stage in ("pos", "lemma", "depparse"):
                t0 = time.perf_counter()
                parsed = self.pipeline(parsed, processors=stage)
                self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - t0
        new_words = [list(doc.words) for doc in docs]
        new_sents = [list(doc.sentences) for doc in docs]
        for (d, sent), ssent in zip(jobs, parsed.sentences, strict=True):
            for i, sword in enumerate(ssent.words):
                w = new_words[d][sent.first_word + i]
                head = None if not sword.head else sent.first_word + sword.head - 1
                new_words[d][w.index] = replace(
                    w, lemma=sword.lemma or w.text.lower(), upos=sword.upos or "",
                    head=head, deprel=sword.deprel or "",
                )
            new_sents[d][sent.index] = replace(sent, parsed=True)
        return [
            replace(doc, words=tuple(ws), sentences=tuple(ss))
            for doc, ws, ss in zip(docs, new_words, new_sents, strict=True)
        ]


    # -- named entities -----------------------------------------------------------------------
    def recognize(
        self, docs: Sequence[Document], sentences: Sequence[Collection[int]]
    ) -> list[Document]:
        """Tag PER/ORG/LOC entities (BIOES, per surface token) in the chosen sentences."""
        if not self.ner_enabled:
            return list(docs)
        jobs: list[tuple[int, Sentence, list[tuple[int, int]]]] = []
        for d_index, (doc, chosen) in enumerate(zip(docs, sentences, strict=True)):
            for s_index in sorted(chosen):
                sent = doc.sentences[s_index]
                if sent.ner:
                    continue
                spans = _token_spans(doc.sentence_words(sent))
                if 0 < len(spans) <= MAX_NER_TOKENS:
                    jobs.append((d_index, sent, spans))
        if not jobs:
            return list(docs)
        conll = [
            [{"id": i + 1, "text": _shorten(docs[d].text[a:b])} for i, (a, b) in enumerate(spans)]
            for d, _, spans in jobs
        ]
        tagged = self._document_cls(conll)
        with self._lock:
            t0 = time.perf_counter()
            tagged = self.pipeline(tagged, processors="ner")
            self.timings["ner"] = self.timings.get("ner", 0.0) + time.perf_counter() - t0
        new_words = [list(doc.words) for doc in docs]
        new_sents = [list(doc.sentences) for doc in docs]
        for (d, sent, spans), ssent in zip(jobs, tagged.sentences, strict=True):
            tags = {span: (stok.ner or "O") for span, stok in zip(spans, ssent.tokens,
                                                                   strict=True)}
            for w_index in sent.word_range:
                w = new_words[d][w_index]
                new_words[d][w_index] = replace(w, ner=tags.get((w.token_start, w.token_end), "O"))
            new_sents[d][sent.index] = replace(sent, ner=True)
        return [
            replace(doc, words=tuple(ws), sentences=tuple(ss))
            for doc, ws, ss in zip(docs, new_words, new_sents, strict=True)
        ]


def _token_spans(words: Sequence[Word]) -> list[tuple[int, int]]:
    """The surface tokens of a sentence's words, in order (``ujarnya`` once, not ujar + nya):
    the NER model was trained on surface tokens."""
    spans: list[tuple[int, int]] = []
    for w in words:
        span = (w.token_start, w.token_end)
        if not spans or spans[-1] != span:
            spans.append(span)
    return spans


_MWT_MISC = re.compile(r"(?:^|\|)MWT=Yes(?:\||$)")
def _shorten(word: str) -> str:
    return word if len(word) <= MAX_WORD_CHARS else word[:MAX_WORD_CHARS]


def _word_spans(
    text: str, t_start: int, t_end: int, swords: Sequence[Any]
) -> list[tuple[int, int, str]]:
    """Offsets of the words of one token: a clitic split (ujar+nya) gets its own sub-span."""
    if len(swords) <= 1:
        return [(t_start, t_end, text[t_start:t_end])]
    surface = text[t_start:t_end].lower()
    spans, cursor = [], t_start
    for sw in swords:
        form = (sw.text or "").lower()
        at = surface.find(form, cursor - t_start) if form else -1
        if at != cursor - t_start:
            # the expansion does not spell the surface (e.g. a restored prefix): every word
            # keeps the whole token span
            return [(t_start, t_end, text[t_start:t_end]) for _ in swords]
        spans.append((cursor, cursor + len(form), text[cursor : cursor + len(form)]))
        cursor += len(form)
    if cursor != t_end:
        return [(t_start, t_end, text[t_start:t_end]) for _ in swords]
    return spans


@lru_cache(maxsize=1)
def default_annotator() -> StanzaAnnotator:
    """Load the configured models once per process (call it after fork, not before)."""
    stanza_dir = os.environ.get("QUOTES_STANZA_DIR")
    models_dir = os.environ.get("QUOTES_MODELS_DIR")
    return StanzaAnnotator(
        models_dir=Path(models_dir) if models_dir else None,
        stanza_dir=Path(stanza_dir) if stanza_dir else None,
    )
