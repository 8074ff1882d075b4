"""Does the text look Indonesian? A signal in the answer's ``meta``, never a gate.

The rules read Indonesian: an English article gets no quotes, and without a signal that reads
as "there are no quotes in it". This check looks at the text the rules read (the cleaned
article: boilerplate blanked) with word lists only: no model, no dependency, about 0.1 ms for
a news article (2,500 characters).

1. **How much of it is common Indonesian words**: the share of its words that are in
   :data:`COMMON_ID` (the closed-class words of the project's Indonesian treebanks: ``yang``,
   ``dan``, ``di``, ``itu``, ``tidak``, ``akan`` …) or are one-word reporting cues of
   ``quotes/data/cues.toml`` (``kata``, ``ujarnya``, ``mengatakan`` …). In the 50 dev
   articles that share is 0.23–0.36 (median 0.31); in the English, French, Tagalog and
   Javanese texts of ``tests/test_language.py`` under 0.03, and in an English article that
   quotes one Indonesian sentence 0.06.
   A share above :data:`ID_SHARE` (0.12: about 40 % of a typical article's) reads as
   Indonesian, below it as something else. So a mixed text reads as Indonesian when at least
   about 40 % of it is Indonesian: an Indonesian article with a long English quote does, with
   less confidence; an English article with an Indonesian quote does not.
2. **Malay or Indonesian?** Most common words are Malay too, so a Malay text passes step 1.
   Words that the two standards spell or say differently decide: Malay ``kerana``, ``sahaja``,
   ``iaitu``, ``baharu``, ``selepas``, ``pemberita`` … (:data:`MS_MARKERS`) against Indonesian
   ``karena``, ``saja``, ``yaitu``, ``uang``, ``pemerintah``, ``Rp``, ``WIB`` …
   (:data:`ID_MARKERS`). The text is called Malay (``ms``) only when it has at least
   :data:`MS_MIN_MARKERS` Malay markers and :data:`MS_RATIO` times as many as Indonesian ones;
   a Malay text without such words reads as Indonesian, and an Indonesian article that quotes
   a Malaysian in Malay stays Indonesian (its own ``karena``, ``pemerintah`` … outweigh the
   quote's). None of the Malay markers occurs in the Indonesian treebanks or in the dev
   articles; Brunei and Singapore Malay are Malay here too.

``confidence`` is how sure the check is of ``looks_like``: it grows with the distance of the
share from the threshold (a logistic of slope :data:`SLOPE`) and with the number of words
(at most 0.78 for 20 words, 0.93 for 50). Texts of fewer than :data:`MIN_WORDS` words
answer ``unknown`` with confidence 0: too little to tell.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from quotes.lexicon import lexicon
from quotes.model import LanguageCheck

#: fewer words than this: ``unknown``
MIN_WORDS = 20
#: the share of common Indonesian words at which the two readings are equally likely
ID_SHARE = 0.12
#: how fast the confidence leaves 0.5 around ID_SHARE (per unit of share)
SLOPE = 30.0
#: words of evidence at which the confidence has come 63 % of the way from 0.5 to its value
EVIDENCE_WORDS = 25.0
#: Malay needs at least this many Malay markers ...
MS_MIN_MARKERS = 2
#: ... and this many times the Indonesian markers
MS_RATIO = 2.0

#: the scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, kana, CJK
_NO_SPACES = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff"
)
#: a word: a run of letters; in those scripts each character counts as one, so that a Chinese
#: or Thai article is long enough to be told apart
_WORD = re.compile(rf"[{_NO_SPACES}]|[^\W\d_{_NO_SPACES}]+")

#: the closed-class words (UPOS ADP, ADV, AUX, CCONJ, DET, PART, PRON, SCONJ) seen at least 20
#: times in the Indonesian UD treebanks the project trains on (GSD, CSUI, PUD: 59k words), by
#: frequency, less the clitics ``nya``/``kah``/``lah`` (not words in the text) and ``per``
#: (English too); 32 % of the treebanks' words. Most are Malay words too.
COMMON_ID = frozenset("""
yang dan di pada dari dengan ini untuk dalam itu akan adalah tidak oleh sebagai ke ia atau
telah juga tersebut mereka lebih bahwa karena sebuah dia namun kepada seperti setelah dapat
banyak bisa secara selama antara sangat apa menurut masih hingga seorang terhadap para sekitar
atas kita beberapa kembali saya sudah tentang sementara hanya kemudian bagi sebelumnya tapi
sampai tetap semua sedangkan pun sejak sehingga serta kami meski sendiri belum yaitu ketika
harus lagi mungkin mana melalui jika saja tanpa sebelum demikian tetapi selain bagaimana pernah
diri berbagai akhirnya seluruh tak maka setiap paling akibat bukan semakin maupun cukup terus
suatu pula siapa terutama sedang langsung bersama jadi sering mengenai agar anda
""".split())

#: Malay spellings and words that Indonesian does not use: none occurs in the Indonesian
#: treebanks or in the 50 dev articles
MS_MARKERS = frozenset("""
kerana sahaja iaitu baharu selepas pemberita polis teksi kenderaan kempen projek kualiti
aktiviti komuniti universiti parlimen majlis manakala seramai sebarang pelancongan kakitangan
memandangkan tempatan mahupun jenayah bagaimanapun
""".split())

#: the Indonesian counterparts of the Malay markers, Indonesian institutions and time zones, and
#: Jakarta colloquial words. Not ``baru`` or ``setelah``: Malay writes them too (``baru-baru
#: ini``); not ``polisi``: Malay for "policy"
ID_MARKERS = frozenset("""
karena saja yaitu uang taksi kendaraan kampanye proyek kualitas aktivitas komunitas universitas
parlemen majelis pemerintah kantor mobil bisa rp wib wita dpr dprd tni polri kpk tersangka
nggak enggak gak banget kok sih dong
""".split())


def check_language(text: str) -> LanguageCheck:
    """Tell whether ``text`` looks Indonesian (see the module doc for how)."""
    words = _WORD.findall(text.lower())
    n = len(words)
    if n < MIN_WORDS:
        return LanguageCheck("unknown", 0.0, n)
    common_words = _common_words()
    common = ms = idm = 0
    for w in words:
        if w in common_words:
            common += 1
        if w in MS_MARKERS:
            ms += 1
        elif w in ID_MARKERS:
            idm += 1
    share = common / n
    p_id = 1.0 / (1.0 + math.exp(-SLOPE * (share - ID_SHARE)))
    weight = 1.0 - math.exp(-n / EVIDENCE_WORDS)
    p_id = 0.5 + (p_id - 0.5) * weight
    if p_id < 0.5:
        return LanguageCheck("other", round(1.0 - p_id, 2), n)
    if ms >= MS_MIN_MARKERS and ms >= MS_RATIO * idm:
        # how sure of Malay over Indonesian: the markers' balance, shrunk by their number
        p_ms = (ms + 1) / (ms + idm + 2)
        return LanguageCheck("ms", round(p_id * p_ms, 2), n)
    return LanguageCheck("id", round(p_id, 2), n)


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """COMMON_ID and the one-word reporting cues of ``quotes/data/cues.toml`` (``kata``,
    ``ujarnya``, ``mengatakan`` …): the words the rules read."""
    return COMMON_ID | frozenset(lexicon().forms)
