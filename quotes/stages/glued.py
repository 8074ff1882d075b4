"""Words glued together by a scraper that stripped links: where one surface token is two words.

A link's anchor text loses the space on one side when the scraper drops the ``<a>`` tag, so
``Joko Susilo mengaku`` arrives as ``Joko Susilomengaku`` and a headline runs into the next
sentence's subject (``... Ungkap AlasannyaKetua KPU Hasyim ...``). The token then joins a
speaker name. :func:`glue_cuts` finds the cut points inside a token; the view splits the token
there. Only positions inside the token are returned: the text and every offset stay as they are.

A token is cut only at a boundary the cue lexicon vouches for, in three shapes:

1. **A name glued to an active cue verb** (``Susilomengaku``, ``KPUmenegaskan``): the token
   ends in a single-word cue form of kind ``verb`` that begins with the active prefix ``meN-``
   or ``ber-`` (mengatakan, mengaku, menyebut, berkata...), the cut falls between two letters
   and what stands before it is a capitalised word of at least two letters. Indonesian stacks
   no affix in front of ``meN-``/``ber-``, so no real word is "capitalised stem + active
   verb"; the longest such cue suffix is taken (``mengatakannya``, not ``-nya``). Bare and
   clitic forms (kata, sebut, katanya) and unprefixed attitude verbs (percaya, yakin) are
   *not* used: they are the tails of ordinary words (``Disebut``, ``Tersebut``, ``Katanya``,
   ``Selanjutnya``, ``Terpercaya``, ``Mengakunya``), and they are written after the quote,
   before their subject, so a name never runs into them.

2. **A cue glued to the name after it** (``kataJoko``, ``menurutKepala``): at a lower- to
   upper-case boundary, the part from the token's start up to it is, as written, a lower-case
   single-word cue form (any kind, at least four letters) and the part after is a capitalised
   word of at least two letters.

3. **A heading glued to a titled subject** (``AlasannyaKetua KPU``): at a lower- to upper-case
   boundary, the part after it is a whole title or honorific from the lexicon of at least
   three letters (Ketua, Menteri, Kapolres, Bupati, Pak...), it ends the token, and the next
   token of the sentence is capitalised (the title is followed by what it titles); the part
   before is a plain word of at least three letters. That part is the headline's tail: the
   view marks it (``Tok.heading``) so it does not join the subject's name or title.
   Camel-case names (HarbourBay, McDonald, iPhone, YouTube, PlayStation, DeepSeek, BlackBerry)
   do not end in a title, so they stay whole. A heading glued to an untitled name
   (``AlasannyaHasyim Asy'ari mengatakan``) is left alone on purpose: "lower-case letter,
   capital, capitalised run, cue verb" is also ``DeepSeek mengatakan`` / ``BlackBerry
   menyebut``, and nothing in the token tells the two apart without a dictionary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, NamedTuple

from quotes.lexicon import lexicon

#: the active verbal prefixes meN- (me-, mem-, men-, meng-, meny-) and ber-
ACTIVE_PREFIXES = ("me", "ber")

# letters, with an inner apostrophe or hyphen (Asy'ari, Al-Amin); no digits, dots, handles
_PLAIN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


CutKind = Literal["name-verb", "cue-name", "heading"]


class Cut(NamedTuple):
    """A cut at ``at`` characters into the token; ``kind`` is the rule that made it."""

    at: int
    kind: CutKind


@dataclass(frozen=True)
class _Cues:
    after_name: frozenset[str]  # active cue verbs a name can run into
    before_name: frozenset[str]  # cue forms written before their subject
    subject_heads: frozenset[str]  # titles and honorifics that open a subject


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    lex = lexicon()
    forms = {f: c for f, c in lex.forms.items() if c.form_kind in ("verb", "bare", "clitic")}
    return _Cues(
        after_name=frozenset(f for f, c in forms.items()
                             if c.form_kind == "verb" and f.startswith(ACTIVE_PREFIXES)
                             and len(f) >= 4),
        before_name=frozenset(f for f in forms if len(f) >= 4),
        subject_heads=frozenset(w for w in lex.titles | lex.honorifics
                                if len(w) >= 3 and w.isalpha()),
    )


def glue_cuts(word: str, next_cap: bool = False) -> tuple[Cut, ...]:
    """The cuts inside ``word`` (0 < at < len(word)) where it is two glued words, in order.

    ``next_cap`` says whether the next token of the sentence is capitalised (rule 3 needs it).
    See the module docstring for the rules; a word they do not vouch for gives ``()``.
    """
    if len(word) < 4 or not _PLAIN.fullmatch(word):
        return ()
    cues = _cues()
    cuts: list[Cut] = []
    bounds = [k for k in range(1, len(word)) if word[k - 1].islower() and word[k].isupper()]
    seg = 0
    for n, k in enumerate(bounds):
        end = bounds[n + 1] if n + 1 < len(bounds) else len(word)
        left, right = word[seg:k], word[k:end]
        if _cue_then_name(left, right, cues):
            cuts.append(Cut(k, "cue-name"))
            seg = k
        elif end == len(word) and next_cap and _heading_then_title(left, right, cues):
            cuts.append(Cut(k, "heading"))
            seg = k
    k = _name_then_verb(word[seg:], cues)
    if k:
        cuts.append(Cut(seg + k, "name-verb"))
    return tuple(cuts)


def _letters(s: str) -> int:
    return sum(ch.isalpha() for ch in s)


def _is_capitalised(s: str) -> bool:
    return s[:1].isupper() and _letters(s) >= 2


def _cue_then_name(left: str, right: str, cues: _Cues) -> bool:
    return left.islower() and left in cues.before_name and _is_capitalised(right)


def _heading_then_title(left: str, right: str, cues: _Cues) -> bool:
    if right.lower() not in cues.subject_heads:
        return False
    if not (right.isupper() or right[1:].islower()):
        return False  # a camel-case tail is not a title as written
    return _letters(left) >= 3 and (left.islower() or left[1:].islower())


def _name_then_verb(seg: str, cues: _Cues) -> int:
    """Where a capitalised name part ends and an active cue verb begins, or 0."""
    if not seg[:1].isupper():
        return 0
    for k in range(2, len(seg) - 3):  # longest cue suffix first
        tail = seg[k:]
        if tail in cues.after_name and seg[k - 1].isalpha() and _is_capitalised(seg[:k]):
            return k
    return 0
