"""A surface-token view of a Document: the units the rules read.

Stanza splits clitics into words (``ujarnya`` -> ``ujar`` + ``nya``); the rules match surface
forms ("ujarnya" is a cue with a -nya mention), so words of one token are joined back here.
A handle split by the tokenizer (``@`` + ``rajnathsingh``) is joined too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from quotes.model import Document, Sentence
from quotes.stages.glued import glue_cuts

#: punctuation after which a capital letter says nothing (a new clause or quote starts)
OPENERS = frozenset("“\"‘'«(:[—–-")


@dataclass(frozen=True, slots=True)
class Tok:
    i: int
    text: str
    start: int
    end: int
    sentence: int
    words: tuple[int, ...]
    #: the tail of a headline the scraper glued to the next sentence's subject
    #: (``Alasannya`` of ``AlasannyaKetua KPU``, see ``quotes.stages.glued``): not a name part
    heading: bool = False

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return any(ch.isalnum() for ch in self.text)

    @property
    def is_cap(self) -> bool:
        """Starts with an upper-case letter, or is a handle/number-led name part; a glued
        headline tail is neither."""
        if self.heading:
            return False
        c = self.text[0]
        return c.isupper() or (c == "@" and len(self.text) > 1)


@dataclass(frozen=True)
class View:
    doc: Document
    toks: tuple[Tok, ...]
    sent_ranges: tuple[range, ...]  # token index range of each sentence
    #: sentences whose parse a rule asked for but did not have (see ``parsed``)
    wanted: set[int] = field(default_factory=set)
    #: sentences whose named entities a rule asked for but did not have (see ``entity``)
    wanted_ner: set[int] = field(default_factory=set)
    #: what a stage computed once over the whole article (``mentions.place_words``)
    memo: dict[str, object] = field(default_factory=dict)

    def entity(self, tok: Tok) -> str | None:
        """The entity type of a token (``PER``, ``ORG``, ``LOC``, or "" outside an entity);
        ``None`` when its sentence was not given to NER: then a rule wanted it, and the
        pipeline tags exactly these sentences and runs the rules again."""
        if not self.doc.sentences[tok.sentence].ner:
            self.wanted_ner.add(tok.sentence)
            return None
        tag = self.doc.words[tok.words[0]].ner
        return tag[2:] if len(tag) > 2 else ""

    def entity_spans(self, s: int) -> tuple[tuple[int, int, str], ...] | None:
        """The entities of sentence ``s`` as (first tok, end tok, type), from the BIOES tags;
        ``None`` when the sentence was not given to NER (the want is remembered)."""
        if not self.doc.sentences[s].ner:
            self.wanted_ner.add(s)
            return None
        return self._entity_spans(s)

    def _entity_spans(self, s: int) -> tuple[tuple[int, int, str], ...]:
        out: list[tuple[int, int, str]] = []
        start: int | None = None
        kind = ""
        for t in self.sentence_toks(s):
            tag = self.doc.words[t.words[0]].ner
            prefix, label = tag[:1], tag[2:]
            if prefix in ("B", "S") or (prefix in ("I", "E") and (start is None or
                                                                 label != kind)):
                if start is not None:
                    out.append((start, t.i, kind))
                start, kind = t.i, label
            elif prefix == "O" or not prefix:
                if start is not None:
                    out.append((start, t.i, kind))
                start, kind = None, ""
                continue
            if prefix in ("E", "S"):
                out.append((start, t.i + 1, kind))  # type: ignore[arg-type]
                start, kind = None, ""
        if start is not None:
            out.append((start, self.sent_ranges[s].stop, kind))
        return tuple(out)

    @cached_property
    def _casing(self) -> tuple[frozenset[str], frozenset[str]]:
        """Words seen capitalised inside a sentence, and words seen in lower case."""
        inside: set[str] = set()
        lower: set[str] = set()
        for rng in self.sent_ranges:
            initial = True
            for t in self.toks[rng.start : rng.stop]:
                if not t.is_word:
                    initial = initial or t.text in OPENERS
                    continue
                if t.text[0].islower():
                    lower.add(t.lower)
                elif not initial:
                    inside.add(t.lower)
                initial = False
        return frozenset(inside), frozenset(lower)

    def proper_by_case(self, tok: Tok) -> bool:
        """Truecasing by the article itself: a word capitalised somewhere inside a sentence and
        never written in lower case is a name ("Chika", "Putu"); a sentence opener that is
        written in lower case elsewhere ("Junta", "Warung") or only ever opens sentences
        ("Dikatakan", "Parahnya") is not."""
        inside, lower = self._casing
        return tok.lower in inside and tok.lower not in lower

    def never_lower(self, tok: Tok) -> bool:
        """The article never writes this word in lower case."""
        return tok.lower not in self._casing[1]

    def written_lower(self, word: str) -> bool:
        """The article writes ``word`` (lower-cased) in lower case somewhere."""
        return word.lower() in self._casing[1]

    def parsed(self, s: int) -> bool:
        """Whether sentence ``s`` is tagged and parsed; when not, remember that a rule wanted
        it, so the pipeline parses exactly these sentences and runs the rules again."""
        if self.doc.sentences[s].parsed:
            return True
        self.wanted.add(s)
        return False

    @property
    def text(self) -> str:
        return self.doc.text

    def sentence_toks(self, s: int) -> tuple[Tok, ...]:
        r = self.sent_ranges[s]
        return self.toks[r.start : r.stop]

    @cached_property
    def _starts(self) -> list[int]:
        return [t.start for t in self.toks]

    def tok_at(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        import bisect

        return bisect.bisect_left(self._starts, offset)

    def sentence_of(self, offset: int) -> Sentence | None:
        for s in self.doc.sentences:
            if s.start <= offset < s.end:
                return s
        return None


def build_view(doc: Document) -> View:
    toks: list[Tok] = []
    ranges: list[range] = []
    text = doc.text
    for sent in doc.sentences:
        first = len(toks)
        for w in doc.sentence_words(sent):
            if toks and toks[-1].sentence == sent.index and (
                (w.token_start, w.token_end) == (toks[-1].start, toks[-1].end)
            ):
                last = toks[-1]
                toks[-1] = Tok(last.i, last.text, last.start, last.end, last.sentence,
                               (*last.words, w.index))
                continue
            if (
                toks
                and toks[-1].text == "@"
                and toks[-1].end == w.token_start
                and toks[-1].sentence == sent.index
            ):
                last = toks[-1]
                toks[-1] = Tok(last.i, text[last.start : w.token_end], last.start, w.token_end,
                               sent.index, (*last.words, w.index))
                continue
            toks.append(Tok(len(toks), text[w.token_start : w.token_end], w.token_start,
                            w.token_end, sent.index, (w.index,)))
        ranges.append(range(first, len(toks)))
    return split_glued(doc, toks, ranges)


def split_glued(doc: Document, toks: list[Tok], ranges: list[range]) -> View:
    """The view with every glued token (``Susilomengaku``, ``AlasannyaKetua``) read as its
    words: each part is a Tok with exact offsets into the text, and the words of the token
    that overlap it (all of them when none does). Where to cut is decided by
    :func:`quotes.stages.glued.glue_cuts` from the cue lexicon and the titles."""
    out: list[Tok] = []
    new_ranges: list[range] = []
    for r in ranges:
        first = len(out)
        for n in r:
            tok = toks[n]
            nxt = toks[n + 1] if n + 1 < r.stop else None
            cuts = glue_cuts(tok.text, nxt is not None and nxt.is_cap)
            if not cuts and tok.i == len(out):
                out.append(tok)
                continue
            bounds = [tok.start, *(tok.start + c.at for c in cuts), tok.end]
            heading = [c.kind == "heading" for c in cuts] + [False]
            for a, b, head in zip(bounds, bounds[1:], heading, strict=False):
                words = tuple(w for w in tok.words
                              if doc.words[w].start < b and a < doc.words[w].end) or tok.words
                out.append(Tok(len(out), doc.text[a:b], a, b, tok.sentence, words, head))
        new_ranges.append(range(first, len(out)))
    return View(doc, tuple(out), tuple(new_ranges))
