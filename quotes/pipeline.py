"""The whole flow on one screen: clean -> annotate -> quotes -> cues -> speakers -> clusters.

Every stage is a plain function over immutable data (``quotes.model``); the file names under
``quotes/stages/`` are the pipeline. Tagging and parsing are spent only on the sentences where a
rule asks for them, so most of an article is only tokenized.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from quotes import __version__
from quotes.annotator import Annotator
from quotes.claims import claim_of
from quotes.language import check_language
from quotes.lexicon import Lexicon, lexicon
from quotes.model import (
    Alternative,
    Attribution,
    Cue,
    Document,
    Extraction,
    Ignored,
    Mention,
    Meta,
    Quote,
    Span,
    Speaker,
)
from quotes.stages.candidates import find_candidates
from quotes.stages.clean import Cleaned, clean
from quotes.stages.coreference import Resolved, resolve
from quotes.stages.decide import Decider, configured
from quotes.stages.direct import find_marked
from quotes.stages.tokens import build_view
from quotes.text import SpanIndex


def extract(text: str, annotator: Annotator, decider: Decider | None = None,
            published: date | None = None) -> Extraction:
    """Extract every attributed quote from one article; ``published`` is its date, when known
    (the claims read relative dates against it)."""
    # only what is given is passed on: tests replace extract_many with a two-argument fake
    if published is not None:
        return extract_many([text], annotator, decider, published=[published])[0]
    if decider is None:
        return extract_many([text], annotator)[0]
    return extract_many([text], annotator, decider)[0]


def extract_many(texts: Sequence[str], annotator: Annotator,
                 decider: Decider | None = None,
                 published: Sequence[date | None] | None = None) -> list[Extraction]:
    """Extract from several articles, annotating them together in one batch.

    The rules run on the tokenized articles first and note the sentences whose parse they need
    (an unclear subject, a clause that may be only a noun object) and those whose named entities
    they need (a speaker mention); just those are tagged, parsed and given to NER, in one batch
    per model, and the rules run again on them. ``decider`` chooses among the speakers the
    rules propose (default: ``QUOTES_SPEAKER_MODEL``, the shipped model). ``published`` is
    each article's date (``None`` where unknown; the whole argument ``None``: none known),
    given to :func:`quotes.claims.claim_of` for every quote of that article.
    """
    found, cleaned, _ = run(texts, annotator, decider, published)
    return [f.extraction for f in found if f.extraction is not None]


def run(texts: Sequence[str], annotator: Annotator, decider: Decider | None = None,
        published: Sequence[date | None] | None = None,
        ) -> tuple[list[Found], list[Cleaned], list[Document]]:
    """What ``extract_many`` does, with the rules' results and the annotated documents (the
    speaker model's training script reads the options the rules proposed)."""
    if published is None:
        dates: Sequence[date | None] = [None] * len(texts)
    elif len(published) != len(texts):
        raise ValueError(f"{len(published)} published dates for {len(texts)} texts")
    else:
        dates = published
    decider = configured() if decider is None else decider
    lex = lexicon()
    t0 = time.perf_counter()
    cleaned = [clean(text) for text in texts]
    t1 = time.perf_counter()
    docs = annotator.tokenize([c.text for c in cleaned])
    t2 = time.perf_counter()
    first = [find_quotes(text, doc, c, lex, decider) for text, doc, c in zip(texts, docs, cleaned,
                                                                     strict=True)]
    t3 = time.perf_counter()
    results, annotated = first, list(docs)
    parse_s = ner_s = 0.0
    rules_s = t3 - t2
    asked: list[frozenset[int]] = [frozenset() for _ in texts]
    asked_ner: list[frozenset[int]] = [frozenset() for _ in texts]
    for _ in range(MAX_ROUNDS):
        # only what was not asked before (a sentence too long to parse stays unparsed)
        wanted = [found.wanted - done for found, done in zip(results, asked, strict=True)]
        wanted_ner = [found.wanted_ner - done for found, done in zip(results, asked_ner,
                                                                     strict=True)]
        if not any(wanted) and not any(wanted_ner):
            break
        asked = [a | w for a, w in zip(asked, wanted, strict=True)]
        asked_ner = [a | w for a, w in zip(asked_ner, wanted_ner, strict=True)]
        a = time.perf_counter()
        annotated = annotator.parse(annotated, wanted) if any(wanted) else annotated
        b = time.perf_counter()
        annotated = annotator.recognize(annotated, wanted_ner) if any(wanted_ner) else annotated
        c_ = time.perf_counter()
        results = [
            find_quotes(text, doc, c, lex, decider) if want or want_ner else found
            for text, doc, c, want, want_ner, found in zip(texts, annotated, cleaned, wanted,
                                                           wanted_ner, results, strict=True)
        ]
        parse_s += b - a
        ner_s += c_ - b
        rules_s += time.perf_counter() - c_
    # the claim of every final quote, once (not in each round of the rules)
    c0 = time.perf_counter()
    for found, day in zip(results, dates, strict=True):
        found.quotes = tuple(replace(q, claim=claim_of(q.text, q.start, q.type, published=day))
                             for q in found.quotes)
    claims_s = time.perf_counter() - c0
    # whether each text looks Indonesian, on what the rules read: a signal in meta, never a
    # gate (~0.1 ms an article)
    checks = [check_language(c.text) for c in cleaned]
    t6 = time.perf_counter()
    timings = {"clean": t1 - t0, "tokenize": t2 - t1, "parse": parse_s, "ner": ner_s,
               "rules": rules_s, "claims": claims_s}
    share = (t6 - t0) * 1000 / max(1, len(texts))
    models = annotator.name + (" +speaker-model" if decider.trained else "")
    for text, c, found, check in zip(texts, cleaned, results, checks, strict=True):
        found.extraction = Extraction(
            found.quotes, found.speakers, c.ignored,
            Meta("id", __version__, models, len(text), round(share), check), timings)
    return results, cleaned, annotated


#: rounds of "annotate what the rules asked for, run the rules again": the parse a rule reads
#: on an entity (or the reverse) is asked for only in the second round
MAX_ROUNDS = 3


@dataclass(slots=True)
class Found:
    quotes: tuple[Quote, ...]
    speakers: tuple[Speaker, ...]
    wanted: frozenset[int]  # sentences whose parse the rules asked for
    wanted_ner: frozenset[int]  # sentences whose named entities the rules asked for
    #: the resolution behind each quote, in the order of ``quotes``
    origins: tuple[Resolved, ...] = ()
    extraction: Extraction | None = None


def find_quotes(text: str, doc: Document, cleaned: Cleaned, lex: Lexicon,
                decider: Decider | None = None) -> Found:
    """Rules over one annotated document: marks -> candidates -> speakers -> clusters."""
    decider = configured() if decider is None else decider
    view = build_view(doc)
    sentence_ends = [s.end for s in doc.sentences]
    marked = find_marked(doc.text, doc.paragraphs, sentence_ends, cleaned.skip,
                         lex.closing_cue)
    candidates = find_candidates(view, lex, marked, cleaned.skip)
    resolved, _ = resolve(view, lex, candidates, cleaned.skip, decider)
    quotes, speakers, origins = assemble(text, resolved, cleaned.ignored)
    return Found(quotes, speakers, frozenset(view.wanted), frozenset(view.wanted_ner), origins)


def _pieces(span: Span, ignored: SpanIndex, text: str) -> list[Span]:
    """The parts of a quote outside ignored spans (an ad glued inside a quote splits it)."""
    out, start = [], span.start
    for ig in ignored.overlapping(span):
        out.append(Span(start, max(start, ig.start)))
        start = max(start, ig.end)
    out.append(Span(start, span.end))
    pieces = []
    for p in out:
        a, b = p.start, min(p.end, span.end)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if any(ch.isalnum() for ch in text[a:b]):
            pieces.append(Span(a, b))
    return pieces


def assemble(text: str, resolved: list[Resolved], ignored: tuple[Ignored, ...]
             ) -> tuple[tuple[Quote, ...], tuple[Speaker, ...], tuple[Resolved, ...]]:
    entity_ids: dict[str, str] = {}
    entity_quotes: dict[str, list[str]] = {}
    entities = {}
    quotes: list[Quote] = []
    origins: list[Resolved] = []
    first_by_text: dict[tuple[str, str], str] = {}
    last_end = -1
    ignored_index = SpanIndex([Span(ig.start, ig.end) for ig in ignored])
    pieces = [(r, span) for r in resolved for span in _pieces(r.candidate.content,
                                                                ignored_index, text)]
    kept = []
    for r, span in pieces:
        if span.start < last_end:
            continue
        last_end = span.end
        kept.append((r, span))
        if r.entity is not None:
            eid = entity_ids.setdefault(r.entity.id, f"e{len(entity_ids) + 1}")
            entities[eid] = r.entity
    for r, span in kept:
        c = r.candidate
        qid = f"q{len(quotes) + 1}"
        cue = None
        if c.cue is not None:
            cue = Cue(text[c.cue.start : c.cue.end], c.cue.form.root, c.cue.start, c.cue.end)
        speaker = None
        if r.entity is not None:
            e = r.entity
            eid = entity_ids[e.id]
            entity_quotes.setdefault(eid, []).append(qid)
            mention = None
            if r.mention_start is not None and r.mention_end is not None:
                # from the submitted text (the rules read the cleaned one); a clitic is "-nya"
                said = text[r.mention_start : r.mention_end]
                mention = Mention("-nya" if r.mention_text == "-nya" else said,
                                  r.mention_start, r.mention_end)
            # another candidate is named by its speaker id when it is a speaker of the article
            alternatives = tuple(
                Alternative(a.name if a is not None else None,
                            entity_ids.get(a.id) if a is not None else None, round(p, 3))
                for a, p in r.alternatives)
            probability = round(r.probability, 3) if r.probability is not None else None
            speaker = Attribution(e.name, eid, mention, r.rule, probability, alternatives)
        qtext = text[span.start : span.end]
        key = (c.kind, " ".join(qtext.split()).lower())
        dup = first_by_text.get(key)
        if dup is None:
            first_by_text[key] = qid
        quotes.append(Quote(qid, c.kind, qtext, span.start, span.end, cue, speaker,
                            round(min(1.0, r.confidence), 2), c.paragraph, c.sentence, dup))
        origins.append(r)
    speakers = tuple(
        Speaker(eid, e.name, e.kind, tuple(a for a in e.aliases if a != e.name),
                tuple(e.titles), tuple(entity_quotes[eid]))
        for eid, e in entities.items()
    )
    return tuple(quotes), speakers, tuple(origins)
