"""Plain-text helpers shared by the annotators and the stages (no NLP models here)."""

from __future__ import annotations

import re

from quotes.model import Span

# A paragraph is a run of text between line breaks: scraped news puts one paragraph a line
# (or flattens the whole body into one line, which the sentence splitter then handles).
_LINE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]+")


def paragraphs(text: str) -> list[Span]:
    """Spans of the non-blank lines of ``text``, trimmed of surrounding whitespace."""
    spans = []
    for m in _LINE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append(Span(start, end))
    return spans
