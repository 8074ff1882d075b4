"""Plain-text helpers shared by the annotators and the stages (no NLP models here)."""

from __future__ import annotations

import re

from quotes.model import Span

# A paragraph is a line: scraped news puts one paragraph a line (or flattens the whole body into
# one line, which the sentence splitter then handles).
_LINE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]+")
_WORDS = re.compile(r"\w+")
#: a word of letters (hyphenated words one word, ``anak-anak``; no digits or underscores)
LETTER_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_TERMINAL = frozenset(".!?…\"”’»:;)]")
#: Runs without whitespace are cut for the tokenizers every this many characters.
MAX_RUN_CHARS = 200
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")


def break_long_runs(text: str) -> str:
    """Put a space every MAX_RUN_CHARS characters into runs without spaces (same length, so
    offsets hold). Such a run is scraped garbage, never a word, and both tokenizers are
    quadratic on it: Stanza's regex for URLs and e-mails on a 100,000-character run of
    letters, spaCy's affix splitting on a run of quote marks (50,000 took minutes)."""
    if _LONG_RUN.search(text) is None:
        return text
    chars = list(text)
    for m in _LONG_RUN.finditer(text):
        for i in range(m.start() + MAX_RUN_CHARS, m.end(), MAX_RUN_CHARS):
            chars[i] = " "
    return "".join(chars)


def lines(text: str) -> list[Span]:
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


def paragraphs(text: str) -> list[Span]:
    """Spans of the paragraphs of ``text``: its non-blank lines, trimmed.

    A line broken in mid-sentence (where a scraper stripped a link: "... pengaduan ke\\n
    Kejagung\\nterkait ...") is joined to the next: the line has no closing punctuation and
    the next one starts in lower case, or is a fragment of at most three words.
    """
    all_lines = lines(text)
    out: list[Span] = []
    for i, line in enumerate(all_lines):
        nxt = all_lines[i + 1] if i + 1 < len(all_lines) else None
        if out and _continues(text, out[-1], line, nxt):
            out[-1] = Span(out[-1].start, line.end)
        else:
            out.append(line)
    return out


def _continues(text: str, prev: Span, line: Span, nxt: Span | None) -> bool:
    if text[prev.end - 1] in _TERMINAL or text[prev.end - 1] == ",":
        return False
    first = text[line.start]
    if first.isalpha() and first.islower():
        return True
    n_words = len(_WORDS.findall(text, line.start, line.end))
    prev_words = len(_WORDS.findall(text, prev.start, prev.end))
    if n_words <= 3 and prev_words >= 8 and text[line.end - 1] not in _TERMINAL:
        return nxt is not None and text[nxt.start].isalpha() and text[nxt.start].islower()
    return False


class SpanIndex:
    """Sorted, non-overlapping spans with O(log n) containment and overlap queries (keeps the
    rules linear on adversarial input: 10,000 skipped lines, 50,000 quoted spans)."""

    __slots__ = ("_starts", "_spans")

    def __init__(self, spans: list[Span] | tuple[Span, ...]) -> None:
        self._spans = sorted(spans, key=lambda s: (s.start, s.end))
        self._starts = [s.start for s in self._spans]

    def __bool__(self) -> bool:
        return bool(self._spans)

    def _at_or_before(self, pos: int) -> int:
        import bisect

        return bisect.bisect_right(self._starts, pos) - 1

    def containing(self, pos: int) -> Span | None:
        """The span holding offset ``pos``, if any."""
        k = self._at_or_before(pos)
        if k >= 0 and self._spans[k].start <= pos < self._spans[k].end:
            return self._spans[k]
        return None

    def covers(self, span: Span) -> bool:
        """A single indexed span contains all of ``span``."""
        k = self._at_or_before(span.start)
        return k >= 0 and self._spans[k].contains(span)

    def overlapping(self, span: Span) -> list[Span]:
        """Indexed spans that overlap ``span``, in order."""
        import bisect

        k = max(0, self._at_or_before(span.start))
        out = []
        end = bisect.bisect_left(self._starts, span.end)
        for s in self._spans[k:end]:
            if s.overlaps(span):
                out.append(s)
        return out
