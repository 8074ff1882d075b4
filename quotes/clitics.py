"""Indonesian clitic splitting: the multi-word-token expansion, as a rule.

In the Indonesian UD treebanks every multi-word token is a word plus one clitic written
together: ``ujarnya`` = ``ujar`` + ``nya``, ``apakah`` = ``apa`` + ``kah``, ``tidaklah`` =
``tidak`` + ``lah``. Stanza's tokenizer marks which tokens are multi-word (its BiLSTM sees the
context); the shipped seq2seq expander then only has to find the clitic, which this rule does
(measured against the expander and the gold treebanks in ``scripts/tokenizer_scores.py``).

``split_clitics`` returns pieces that spell the token exactly (same characters, same case), so
every word keeps exact character offsets. A token is left whole when:

- it is in ``quotes/data/clitic_exceptions.txt`` (words that end like a clitic but are written
  as one word in the UD training data: ``adalah``, ``hanya``, ``pemerintah``; built by
  ``scripts/clitic_exceptions.py`` from GSD dev and CSUI train, never from the evaluation
  articles);
- what is left after the clitic is shorter than two characters or has no letter.

The enclitics are ``-nya -lah -kah -pun -tah -ku -mu`` (one per token, as in the treebanks);
without one, a token marked multi-word that starts with the proclitic ``kau-`` or ``ku-``
(``kuambil``) is split after it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

#: enclitics, longest first (none is a suffix of another)
ENCLITICS = ("nya", "lah", "kah", "pun", "tah", "ku", "mu")
#: proclitics, longest first (``kau`` before ``ku``; neither is a prefix of the other)
PROCLITICS = ("kau", "ku")
#: the shortest host a clitic may leave (``iapun`` = ``ia`` + ``pun``; ``xnya`` stays whole)
MIN_HOST = 2
EXCEPTIONS_FILE = Path(__file__).parent / "data" / "clitic_exceptions.txt"


@lru_cache(maxsize=1)
def exceptions() -> frozenset[str]:
    """The lower-cased words never split (one a line in the data file; ``#`` starts a comment)."""
    words = set()
    for line in EXCEPTIONS_FILE.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip().lower()
        if word:
            words.add(word)
    return frozenset(words)


def _host_ok(host: str) -> bool:
    return len(host) >= MIN_HOST and any(c.isalpha() for c in host)


def split_clitics(token: str) -> tuple[str, ...]:
    """The words of one multi-word token: ``("ujar", "nya")`` for ``ujarnya``.

    The pieces concatenate to ``token``; ``(token,)`` when there is nothing to split."""
    lower = token.lower()
    if lower in exceptions():
        return (token,)
    for clitic in ENCLITICS:
        cut = len(token) - len(clitic)
        if token[cut:].lower() == clitic and _host_ok(token[:cut]):
            return (token[:cut], token[cut:])
    for clitic in PROCLITICS:
        cut = len(clitic)
        if token[:cut].lower() == clitic and _host_ok(token[cut:]):
            return (token[:cut], token[cut:])
    return (token,)


def clitic_spans(start: int, token: str) -> list[tuple[int, int]]:
    """Character spans of the words of ``token`` when it begins at offset ``start``."""
    spans = []
    for piece in split_clitics(token):
        spans.append((start, start + len(piece)))
        start += len(piece)
    return spans
