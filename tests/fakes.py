"""A small regex annotator so rule and API tests run without the Stanza models.

It splits paragraphs at line breaks, sentences at . ! ? before a capital or a quote mark,
words at \\w+ runs and single punctuation marks, and splits the clitic ``-nya`` like Stanza's
MWT step does. ``parse`` leaves the words untagged: the engine must work on word order alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from typing import Any

from quotes.model import Document, Sentence, Word
from quotes.text import paragraphs

_WORD = re.compile(r"@?\w+(?:[-']\w+)*|[^\w\s]")
_SENT_END = re.compile(r"[.!?]+[\"'”’»]*(?=\s+[\"“‘«(\[A-Z0-9])")
_NYA = re.compile(r"^(\w{3,}?)(nya)$", re.IGNORECASE)


class RegexAnnotator:
    name = "regex-test-annotator"

    def __init__(self) -> None:
        self.parsed: list[set[int]] = []
        self.recognized: list[set[int]] = []

    def tokenize(self, texts: Sequence[str]) -> list[Document]:
        return [self._tokenize(text) for text in texts]

    def parse(
        self, docs: Sequence[Document], sentences: Sequence[Collection[int]]
    ) -> list[Document]:
        # no tagger here: record what was asked, leave the sentences unparsed
        for chosen in sentences:
            self.parsed.append(set(chosen))
        return list(docs)

    def recognize(
        self, docs: Sequence[Document], sentences: Sequence[Collection[int]]
    ) -> list[Document]:
        # no NER model here: record what was asked; the rules fall back to capitals and lists
        for chosen in sentences:
            self.recognized.append(set(chosen))
        return list(docs)

    def _tokenize(self, text: str) -> Document:
        words: list[Word] = []
        sentences: list[Sentence] = []
        paras = paragraphs(text)
        for p_index, para in enumerate(paras):
            cut = para.start
            bounds = []
            for m in _SENT_END.finditer(text, para.start, para.end):
                bounds.append((cut, m.end()))
                cut = m.end()
            bounds.append((cut, para.end))
            for start, end in bounds:
                while start < end and text[start].isspace():
                    start += 1
                if start >= end:
                    continue
                first = len(words)
                s_index = len(sentences)
                for m in _WORD.finditer(text, start, end):
                    nya = _NYA.match(m.group())
                    if nya and len(m.group()) > 5:
                        cut_at = m.start() + len(nya.group(1))
                        for w_start, w_end in ((m.start(), cut_at), (cut_at, m.end())):
                            words.append(Word(len(words), text[w_start:w_end], w_start, w_end,
                                              s_index, m.start(), m.end()))
                    else:
                        words.append(Word(len(words), m.group(), m.start(), m.end(), s_index,
                                          m.start(), m.end()))
                sentences.append(Sentence(s_index, start, end, p_index, first, len(words)))
        return Document(text, tuple(paras), tuple(sentences), tuple(words))


def patch_default_annotator(monkeypatch: Any, factory: Callable[[], object]) -> None:
    """Make ``quotes.nlp.default_annotator`` (used by the CLI and evaluate) return ``factory()``."""
    monkeypatch.setattr("quotes.nlp.default_annotator", factory)
