"""Words and sentences by rule: spaCy's Indonesian tokenizer and a sentence rule.

The fast path in place of Stanza's neural tokenizer (``QUOTES_TOKENIZER=rules``). Stanza's
tokenizer is a character BiLSTM: on a CPU it is half of the time an article costs, and no
setting makes it cheaper (README, Benchmark). This module gives the same thing by rule:

- **tokens**: spaCy's rule-based tokenizer for Indonesian (``spacy.blank("id")``: prefixes,
  suffixes, infixes, URLs and about 16,000 exceptions), adjusted to how the UD treebanks and
  the rules read news text. Hyphenated words (``oknum-oknum``, ``Pro-Palestina``, ``ke-22``),
  decades (``1970-an``) and slashed numbers (``2/7/2025``, ``120/80``) stay one token; a
  sentence end glued to the next one (``katanya.Lebih``, ``(2/7).Menurut``,
  ``tersebut.“Yang``), a dash or a bracket glued to a word (``Jo—sapaan``, ``ujarnya(5/7)``)
  are split; the abbreviations of ``quotes/data/abbreviations.txt`` (``Jl.``, ``Kab.``,
  ``Tbk.``, ``Tn.``, ``A.S.``) and single capital initials (``M. Nasir``) keep their period;
  degrees written with inner periods stay whole (``Sp.A``, ``S.H.``, ``M.Kes``).
- **sentences** (``sentence_spans``): a sentence ends at ``.``, ``!``, ``?`` or an ellipsis,
  together with the closing quote marks and brackets that follow it; a straight quote mark
  written against the preceding word closes, one written against the following word opens the
  next sentence. It does not end when the next word starts in lower case (``"Mengapa?" tanya
  dia``, ``"... aman." kata dia``): the cue stays with its quotation. Sentences never cross a
  paragraph (each paragraph is segmented alone).

Offsets are into the paragraph text given; every token is a slice of it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from quotes.text import break_long_runs

ABBREVIATIONS_FILE = Path(__file__).parent / "data" / "abbreviations.txt"

#: characters a sentence-final token is made of
_FINAL = frozenset(".!?…")
#: tokens that close what a sentence end leaves open: quotes and brackets
_CLOSERS = frozenset("”’»)]}")
#: straight marks: closing when written against the preceding token, else opening
_STRAIGHT = frozenset("\"'")
#: words that stay one token in the UD treebanks and that spaCy's infixes would split
_KEEP_WHOLE = ("oknum-oknum", "Pro-Palestina", "ke-22", "F-16", "1970-an", "2/7/2025", "120/80")
#: academic degrees and titles written with inner periods stay one token: ``Sp.A``, ``S.H.``,
#: ``M.Kes``, ``Sp.PD``, ``Ph.D``, ``A.Md.Keb.``
_DEGREE = re.compile(r"[A-Z][a-z]?(?:\.[A-Z][A-Za-z]{0,3})+\.?")
#: infixes added to spaCy's: a sentence end glued to what follows; curly quotes, en and em
#: dashes and brackets glued to a word
_EXTRA_INFIXES = (
    r"(?<=[^\s.!?…]{2})[.!?…]+(?=[A-Z][a-z]|[\u201c\u2018\"(\[])"
    r"(?!(?i:com|co|id|net|org|go|ac|or|tv)\b)",
    r"[\u201c\u201d]",
    r"[\u2013\u2014]",
    r"(?<=[.,!?;:])\"",
    r"\"(?=[.,!?;:])",
    r"(?<=[^\s(\[])[(\[](?=\w)",
    r"(?<=\w)[)\]](?=[\w.,;:!?])",
)


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """The abbreviations written with a period that never end a sentence (one a line)."""
    words = set()
    for line in ABBREVIATIONS_FILE.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(word)
    return frozenset(words)


@lru_cache(maxsize=1)
def tokenizer() -> Any:
    """spaCy's Indonesian tokenizer with the adjustments above (built once per process, in
    about 2 s, plus about 2 s to import spaCy)."""
    try:
        from spacy.lang.id import Indonesian
        from spacy.symbols import ORTH
        from spacy.tokenizer import Tokenizer
        from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex
        from spacy.vocab import Vocab
    except ImportError as exc:  # pragma: no cover - install problem
        from quotes.errors import ModelError

        raise ModelError(f"spaCy is not installed ({exc}); run `make install`.") from exc
    defaults = Indonesian.Defaults
    # spaCy's list has a few entries with a comma glued on ("M.Kes,"): the comma is a token
    rules = {k: v for k, v in (defaults.tokenizer_exceptions or {}).items()
             if not k.endswith(",")}
    for abbr in set(abbreviations()) | {f"{c}." for c in string.ascii_uppercase}:
        for form in {abbr, abbr.upper(), abbr[:1].upper() + abbr[1:]}:
            rules[form] = [{ORTH: form}]
    infixes = [p for p in defaults.infixes or ()
               if not any(re.search(p, w) for w in _KEEP_WHOLE)]
    return Tokenizer(
        Vocab(),
        rules=rules,
        prefix_search=compile_prefix_regex(defaults.prefixes or ()).search,
        suffix_search=compile_suffix_regex(defaults.suffixes or ()).search,
        infix_finditer=compile_infix_regex([*_EXTRA_INFIXES, *infixes]).finditer,
        token_match=_DEGREE.fullmatch,
        url_match=defaults.url_match,
    )


def tokens(text: str) -> list[tuple[int, int]]:
    """Character spans of the tokens of ``text`` (whitespace is never a token). A run of more
    than ``MAX_RUN_CHARS`` characters without a space is cut into pieces of that length (see
    ``quotes.text.break_long_runs``)."""
    safe = break_long_runs(text)
    return [(t.idx, t.idx + len(t)) for t in tokenizer()(safe) if not t.text.isspace()]


def _is_final(tok: str) -> bool:
    return all(c in _FINAL for c in tok)


def _closes(toks: list[tuple[int, int]], j: int) -> bool:
    """Whether the straight quote mark ``toks[j]`` closes: written against the token before
    it and not against the one after (``aman." kata`` closes, ``dia."Kami`` opens)."""
    attached_before = toks[j][0] == toks[j - 1][1]
    attached_after = j + 1 < len(toks) and toks[j + 1][0] == toks[j][1]
    return attached_before and not attached_after


def sentence_spans(text: str, spans: Iterable[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """The tokens grouped into sentences (see the module docstring for the rule)."""
    toks = list(spans)
    sentences: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    i, n = 0, len(toks)
    while i < n:
        current.append(toks[i])
        if not _is_final(text[toks[i][0]:toks[i][1]]):
            i += 1
            continue
        # the end goes on over more final marks and the closers written after it
        j = i + 1
        while j < n:
            s, e = toks[j]
            t = text[s:e]
            if _is_final(t) or t in _CLOSERS or (t in _STRAIGHT and _closes(toks, j)):
                current.append(toks[j])
                j += 1
                continue
            break
        if j < n:
            first = text[toks[j][0]]
            if not (first.isalpha() and first.islower()):
                sentences.append(current)
                current = []
        i = j
    if current:
        sentences.append(current)
    return sentences


def segment(text: str) -> list[list[tuple[int, int]]]:
    """Sentences of token spans of one paragraph."""
    return sentence_spans(text, tokens(text))
