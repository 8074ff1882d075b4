"""A surface-token view of a Document: the units the rules read.

Stanza splits clitics into words (``ujarnya`` -> ``ujar`` + ``nya``); the rules match surface
forms ("ujarnya" is a cue with a -nya mention), so words of one token are joined back here.
A handle split by the tokenizer (``@`` + ``rajnathsingh``) is joined too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from quotes.model import Document, Sentence


@dataclass(frozen=True, slots=True)
class Tok:
    i: int
    text: str
    start: int
    end: int
    sentence: int
    words: tuple[int, ...]

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return any(ch.isalnum() for ch in self.text)

    @property
    def is_cap(self) -> bool:
        """Starts with an upper-case letter, or is a handle/number-led name part."""
        c = self.text[0]
        return c.isupper() or (c == "@" and len(self.text) > 1)


@dataclass(frozen=True)
class View:
    doc: Document
    toks: tuple[Tok, ...]
    sent_ranges: tuple[range, ...]  # token index range of each sentence
    #: sentences whose parse a rule asked for but did not have (see ``parsed``)
    wanted: set[int] = field(default_factory=set)

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
    return View(doc, tuple(toks), tuple(ranges))
