"""Find spans enclosed in quotation marks, paragraph by paragraph, in one linear pass.

Which marks open and which close is read from their context first (a mark after a space and
before a letter opens, a mark after a letter and before a space or punctuation closes) and from
the glyph only when the context cannot tell, so scraped text with mismatched marks (``"...”``,
``”...”``) or glued marks (``Sportsmole."Justin``) pairs correctly. An opening mark with no
closing mark recovers at the paragraph end, at the next opening mark, or, in a long flattened
paragraph, at the end of its sentence, so it never swallows the article. Single marks (‘...’)
are paired separately and only outside double-quoted spans; they are mostly scare quotes and the
quote stage accepts them only with a reporting cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from quotes.model import Span
from quotes.text import SpanIndex

DOUBLE_OPEN = frozenset("“„«‹〝")
DOUBLE_CLOSE = frozenset("”»›〞")
DOUBLE_AMBIG = frozenset('"＂')
SINGLE_OPEN = frozenset("‘‚")
SINGLE_CLOSE = frozenset("’")
SINGLE_AMBIG = frozenset("'")
DOUBLE = DOUBLE_OPEN | DOUBLE_CLOSE | DOUBLE_AMBIG
SINGLE = SINGLE_OPEN | SINGLE_CLOSE | SINGLE_AMBIG
_BEFORE_OPEN = frozenset("([{—–-/")
_AFTER_CLOSE = frozenset(".,;:!?)]}…—–-/")

Role = Literal["open", "close", "ambig"]


@dataclass(frozen=True, slots=True)
class Marked:
    """A span between quotation marks; ``content`` excludes the marks and outer spaces."""

    content: Span
    open_mark: int | None  # offset of the opening mark, None when it is missing
    close_mark: int | None  # offset of the closing mark, None when unclosed
    paragraph: int
    single: bool

    @property
    def outer(self) -> Span:
        start = self.open_mark if self.open_mark is not None else self.content.start
        end = self.close_mark + 1 if self.close_mark is not None else self.content.end
        return Span(start, end)


def _role(text: str, i: int, lo: int, hi: int, opens: frozenset[str],
          closes: frozenset[str]) -> Role:
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    left = prev.isspace() or prev in _BEFORE_OPEN
    right = nxt.isspace() or nxt in _AFTER_CLOSE
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    if not left and not right and prev in ".,;:!?" and nxt.isalnum():
        return "open"  # glued after a sentence: Sportsmole."Justin
    ch = text[i]
    if ch in opens:
        return "open"
    if ch in closes:
        return "close"
    return "ambig"


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def find_marked(text: str, paragraphs: tuple[Span, ...], sentence_ends: list[int],
                skip: tuple[Span, ...] = (), closing_cue: re.Pattern[str] | None = None
                ) -> list[Marked]:
    """Every quoted span of every paragraph, in document order.

    ``closing_cue`` finds an inverted cue (", kata", ", ujarnya"): an unclosed quote ends there.
    """
    out: list[Marked] = []
    skipped = SpanIndex(skip)
    for p_index, para in enumerate(paragraphs):
        if skipped.covers(para):
            continue
        doubles = _pair(text, para, p_index, DOUBLE, DOUBLE_OPEN, DOUBLE_CLOSE, sentence_ends,
                        False, SpanIndex([]), closing_cue)
        singles = _pair(text, para, p_index, SINGLE, SINGLE_OPEN, SINGLE_CLOSE, sentence_ends,
                        True, SpanIndex([d.outer for d in doubles]), None)
        out.extend(sorted(doubles + singles, key=lambda m: m.outer.start))
    return out


def _pair(text: str, para: Span, p_index: int, glyphs: frozenset[str], opens: frozenset[str],
          closes: frozenset[str], sentence_ends: list[int], single: bool,
          inside: SpanIndex, closing_cue: re.Pattern[str] | None) -> list[Marked]:
    marks: list[tuple[int, Role]] = []
    lo, hi = para.start, para.end
    for i in range(lo, hi):
        ch = text[i]
        if ch not in glyphs:
            continue
        if single:
            prev = text[i - 1] if i > lo else " "
            nxt = text[i + 1] if i + 1 < hi else " "
            if prev.isalnum() and nxt.isalnum():
                continue  # an apostrophe: Jum'at, Qur’an
            if inside.containing(i) is not None:
                continue
        marks.append((i, _role(text, i, lo, hi, opens, closes)))

    out: list[Marked] = []
    k = 0
    last_end = lo
    while k < len(marks):
        pos, role = marks[k]
        if role == "close":
            # a closing mark with no opening one: the quote runs from its sentence start
            start = max(last_end, _sentence_start(sentence_ends, pos, lo))
            if not single:
                content = _trim(text, start, pos)
                if content.end > content.start:
                    out.append(Marked(content, None, pos, p_index, single))
            last_end = pos + 1
            k += 1
            continue
        # role is open or ambiguous: look for the closing mark
        j = k + 1
        if j < len(marks) and marks[j][1] in ("close", "ambig"):
            close = marks[j][0]
            content = _trim(text, pos + 1, close)
            if content.end > content.start:
                out.append(Marked(content, pos, close, p_index, single))
            last_end = close + 1
            k = j + 1
            continue
        # unclosed
        if single:
            k += 1
            continue
        stop = marks[j][0] if j < len(marks) else hi
        cue = closing_cue.search(text, pos + 1, stop) if closing_cue is not None else None
        end = cue.start() if cue else _unclosed_end(sentence_ends, pos, stop)
        content = _trim(text, pos + 1, end)
        if content.end > content.start:
            out.append(Marked(content, pos, None, p_index, single))
        last_end = end
        k = j
    return out


def _sentence_start(sentence_ends: list[int], pos: int, lo: int) -> int:
    import bisect

    k = bisect.bisect_right(sentence_ends, pos) - 1
    # the quote may span several sentences; a missing opening mark is assumed at the start of
    # the sentence holding the mark, or of the paragraph when that comes later
    start = sentence_ends[k] if k >= 0 else lo
    return max(start, lo)


def _unclosed_end(sentence_ends: list[int], pos: int, stop: int) -> int:
    """Where an unclosed quote ends: the paragraph end (or the next opening mark), or, when
    that is more than three sentences away, the end of the third sentence."""
    import bisect

    k = bisect.bisect_right(sentence_ends, pos)
    ends = [e for e in sentence_ends[k : k + 4] if e <= stop]
    if len(ends) >= 4:
        return ends[2]
    return stop
