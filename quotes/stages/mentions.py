"""Read a speaker mention off the tokens around a cue: a name with its titles, a pronoun, a
title alone ("Menlu Rusia itu"), an organisation ("Kemenkes", "kantor Singh") or a group
("Para pejabat").

Indonesian writes the title before the name ("Menteri Luar Negeri Rusia Sergei Lavrov"); the
name is the trailing run of capitalised words that are not title, organisation, place or
honorific words (``quotes/data/names.toml``); the rest is the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from quotes.lexicon import Lexicon
from quotes.model import SpeakerKind
from quotes.stages.tokens import Tok, View

MentionKind = Literal["name", "pronoun", "title", "org", "group", "agency", "anaphor"]

ADVERBS = frozenset(
    "juga pun lalu kemudian sempat telah sudah akan tak tidak belum pernah kembali turut hanya "
    "bahkan sendiri secara langsung masih kerap sering justru pula lantas sebelumnya pun kini "
    "terus tetap sekaligus bahkan cuma memang sebenarnya".split()
)
DEMONSTRATIVES = frozenset("itu tersebut ini".split())
CONNECTORS = frozenset("bin binti al el van von de der da dos del la le ibn abu".split())
_ABBREVIATED_TITLES = {
    "menlu": "menteri luar negeri", "menhan": "menteri pertahanan",
    "mendagri": "menteri dalam negeri", "menkeu": "menteri keuangan", "menag": "menteri agama",
    "menkes": "menteri kesehatan", "wapres": "wakil presiden", "jubir": "juru bicara",
    "pm": "perdana menteri", "dubes": "duta besar", "kapolri": "kepala kepolisian",
    "sekjen": "sekretaris jenderal", "dirut": "direktur utama", "ketum": "ketua umum",
}
MAX_RUN = 14
_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z])")
ORG_HEADS = frozenset(
    "kantor kementerian kemenkes kemenlu pemerintah badan dinas lembaga komisi partai "
    "kepolisian kejaksaan pengadilan mahkamah perusahaan pihak surat laporan akun "
    "polres polda polsek polresta polrestabes pemkab pemkot pemprov balai pt".split()
)
DOC_NOUNS = frozenset(
    "pernyataan laporan surat keterangan rilis unggahan cuitan tulisan dokumen siaran".split()
)
DETERMINERS = frozenset("seorang sejumlah beberapa para sang salah satu".split())
REGIONAL_TITLES = frozenset(
    "bupati gubernur walikota wali kota camat lurah kapolda kapolres kapolsek kajati kajari "
    "pangdam dandim danrem kadis wabup wagub uskup".split()
)


@dataclass(frozen=True, slots=True)
class MentionInfo:
    kind: MentionKind
    start: int
    end: int
    text: str
    name: str  # the name without titles/honorifics; the title or phrase when there is no name
    titles: tuple[str, ...]
    entity_kind: SpeakerKind
    plural: bool = False
    #: a definite description ("Perempuan berhijab itu", "Bupati asal Desa X ini"): it points
    #: back to the person the article has just been talking about
    demonstrative: bool = False
    #: the NER type that decided this mention ("PER", "ORG", "LOC"), "" when the rules did
    entity: str = ""


def expand_title(title: str) -> str:
    words = [_ABBREVIATED_TITLES.get(w, w) for w in title.lower().split()]
    return " ".join(words)


_DEGREE = re.compile(r"[A-Z][A-Za-z]{0,3}(?:\.[A-Z(][A-Za-z()]{0,4})+\.?")


def is_degree(tok: Tok) -> bool:
    """An academic degree or a specialist suffix written with dots: S.H., M.Si, Sp.A, Ph.D,
    S.Kom (the shape, not a list: the written forms are too many)."""
    return _DEGREE.fullmatch(tok.text) is not None


def _acronym(tok: Tok) -> bool:
    """BPBD, KPK, DPRD: an organisation, not part of a person's name."""
    letters = [c for c in tok.text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _nameish(tok: Tok, lex: Lexicon) -> bool:
    low = tok.lower.rstrip(".")
    if not tok.is_cap or _acronym(tok) or is_degree(tok):
        return False
    return low not in lex.titles and low not in lex.org_words and low not in lex.honorifics \
        and low not in lex.function_words and low not in lex.forms  # "Dikatakan Alexander"


def _is_common_noun(view: View, tok: Tok) -> bool:
    doc = view.doc
    if not doc.sentences[tok.sentence].parsed:
        return False
    return all(doc.words[w].upos == "NOUN" for w in tok.words)


def proper_noun(view: View, tok: Tok) -> bool:
    """A name, not a capitalised common word: by the tagger where the sentence is parsed
    anyway, else by how the article itself writes the word (no parse is asked for)."""
    if len(tok.text) == 1 and tok.is_cap:
        return True
    if view.doc.sentences[tok.sentence].parsed:
        return all(view.doc.words[w].upos in ("PROPN", "X") for w in tok.words)
    return view.proper_by_case(tok)


def _titleish(tok: Tok, lex: Lexicon) -> bool:
    low = tok.lower.rstrip(".")
    return low in lex.titles or low in lex.org_words or low in lex.honorifics


def build(view: View, run: list[Tok], lex: Lexicon, demonstrative: bool = False
          ) -> MentionInfo | None:
    """Turn a run of tokens into a mention (name + titles, or title/org/group alone)."""
    while run and (not run[-1].is_word or is_degree(run[-1])):
        run = run[:-1]  # a degree closes a name, it is not part of it ("Budi Santoso S.H")
    while run and not run[0].is_word:
        run = run[1:]
    if not run:
        return None
    text = view.text[run[0].start : run[-1].end]
    start, end = run[0].start, run[-1].end
    comma = max((k for k, t in enumerate(run) if t.text == ","), default=-1)
    words = [t for t in run if t.is_word]
    after_comma = sum(1 for t in run[comma + 1 :] if t.is_word) if comma >= 0 else len(words)
    lows = [t.lower.rstrip(".") for t in words]
    if len(words) == 1 and lows[0] in lex.singular_pronouns | lex.plural_pronouns:
        plural = lows[0] in lex.plural_pronouns
        return MentionInfo("pronoun", start, end, text, lows[0], (),
                           "group" if plural else "person", plural)
    # the name: trailing name-like words (initials and connectors included)
    k = len(words)
    floor_k = len(words) - after_comma
    while k > floor_k:
        t = words[k - 1]
        low = lows[k - 1]
        if _nameish(t, lex) or (low in CONNECTORS and k < len(words)) or (
            len(low) == 1 and t.is_cap and k < len(words)
        ):
            k -= 1
            continue
        break
    # a connector cannot start a name on its own, unless it is capitalised and a name word
    # follows ("Al Muzzammil Yusuf", "Abu Bakar"; not "bin Salman")
    while k < len(words) and lows[k] in CONNECTORS and not (
        words[k].is_cap and k + 1 < len(words) and _nameish(words[k + 1], lex)
    ):
        k += 1
    # a regional office is followed by its region: "Bupati Sumenep Achmad Fauzi", "Kapolres
    # Bogor AKBP Rio Wahyu": the region belongs to the title when a name of two words follows
    if k < len(words) - 2 and k > 0 and lows[k - 1] in REGIONAL_TITLES:
        k += 1
    # a capitalised common noun before the name ("Sutradara Budi Hartono") is a title when
    # the parse tags it NOUN and the name goes on after it
    while len(words) - k >= 2 and _is_common_noun(view, words[k]):
        k += 1
    name_toks = words[k:]
    title_toks = [t for t in words[:k] if t.lower.rstrip(".") not in lex.honorifics]
    glued_title = ""
    if name_toks:
        # a scraper glued the title to the name: "Menteri AgamaNasaruddin Umar"
        head, sep, rest = _GLUED.sub("|", name_toks[0].text).partition("|")
        if sep and head.lower() in lex.org_words | lex.titles:
            glued_title = head
    title = view.text[title_toks[0].start : title_toks[-1].end] if title_toks else ""
    title = title.rstrip(" ,.")
    if all(w in lex.agencies for w in lows):
        return MentionInfo("agency", start, end, text, text, (), "organization")
    first = lows[0]
    if demonstrative and first in DOC_NOUNS:
        # "lanjut pernyataan tersebut": the statement quoted just before speaks again
        return MentionInfo("anaphor", start, end, text, text, (), "organization")
    handles = [t for t in words if t.text.startswith("@") and len(t.text) > 1]
    if handles:
        # "akun Instagram @rinawati": the account speaks for its owner, named by the handle
        # (the clusters join it to the person whose name it spells)
        h = handles[-1]
        return MentionInfo("name", h.start, h.end, h.text, h.text, (), "person")
    spans = view.entity_spans(run[0].sentence)
    if spans is not None:
        decided = _by_entities(view, words, lows, k, spans, lex, demonstrative)
        if decided is not UNDECIDED:
            return decided  # type: ignore[return-value]
    if first in ("seorang", "salah") and len(words) >= 2:
        # "seorang warga", "salah satu sumber": an unnamed person, named by the phrase
        return MentionInfo("name", start, end, text, text, (), "person")
    if first in ORG_HEADS:
        # "kantor Perdana Menteri India", "Kementerian Luar Negeri": the office speaks
        return MentionInfo("org", start, end, text, text, (), "organization")
    if len(words) == 1 and first in lex.group_words:
        # "Polisi menyebut …", "Warga khawatir …": an unnamed group, never a personal name
        return MentionInfo("group", start, end, text, text, (), "group", True)
    if name_toks:
        name = " ".join(t.text for t in name_toks)
        kind: SpeakerKind = "person"
        if first in lex.org_words and first not in lex.titles:
            kind = "organization"
        if first in lex.group_words and first not in lex.titles and first in ("para",):
            kind = "group"
        if kind == "person":
            title, name = title_and_name(view, lex, title_toks, name_toks)
        elif glued_title:
            name = name[len(glued_title):]
            title = f"{title} {glued_title}".strip()
        return MentionInfo("name", start, end, text, name, (title,) if title else (), kind)
    if first in ("para", "sejumlah", "beberapa", "banyak") or (
        first in lex.group_words and first not in lex.titles and not words[0].is_cap
    ):
        return MentionInfo("group", start, end, text, text, (), "group", True)
    has_title = any(w in lex.titles for w in lows)
    if has_title and (demonstrative or not words[0].is_cap or len(words) <= 4):
        return MentionInfo("title", start, end, text, title or text, (title or text,), "person")
    if any(w in lex.org_words for w in lows) or words[0].is_cap:
        return MentionInfo("org", start, end, text, text, (), "organization")
    if first in lex.group_words:
        return MentionInfo("group", start, end, text, text, (), "group", True)
    return None


#: nouns whose complement is the name of a place ("Desa Ciwaru", "Kabupaten Sukabumi"); with
#: the prepositions of place, a word the article writes after one of them is a place's name
PLACE_NOUNS = frozenset(
    "desa kabupaten kab kota kecamatan kelurahan provinsi dusun kampung nagari gampong "
    "kawasan wilayah daerah pulau".split())
PLACE_MARKS = PLACE_NOUNS | frozenset("di asal".split())
#: letters of a word glued before a name that make it a word of its own ("AgamaNasaruddin";
#: "DiCaprio", "MacArthur", "LeBron" are names)
GLUED_HEAD = 4


@dataclass(frozen=True, slots=True)
class WordUse:
    """How the article writes its capitalised words, for telling a place from a name."""

    #: word -> the words that follow it where the article writes it as (part of) the name of
    #: a place or organisation: after a place noun or preposition ("Desa Ciwaru", "di
    #: Lampung"), as the short form of an organisation ("Universitas Pamulang (Unpam)"), right
    #: after such a short form ("Kantor Imigrasi (Kanim) Kotamobagu") or tagged LOC by NER,
    #: or inside (not at the start of) an ORG
    place: dict[str, frozenset[str]]
    #: word -> the tokens where NER tags it PER
    person: dict[str, frozenset[int]]


def word_use(view: View, lex: Lexicon) -> WordUse:
    """The article's :class:`WordUse`, computed once per view (NER is read where it ran; no
    sentence is given to NER for it)."""
    memo = view.memo.get("word_use")
    if isinstance(memo, WordUse):
        return memo
    place: dict[str, set[str]] = {}
    person: dict[str, set[int]] = {}
    toks = view.toks
    orgish = lex.org_words | ORG_HEADS
    for s, rng in enumerate(view.sent_ranges):
        spans = view._entity_spans(s) if view.doc.sentences[s].ner else ()
        kind_at = {i: (kind, i == a) for a, b, kind in spans for i in range(a, b)}
        short_forms: set[int] = set()
        for i in rng:
            t = toks[i]
            if not t.is_word or not t.is_cap:
                continue
            prev = toks[i - 1] if i > rng.start else None
            nxt = toks[i + 1] if i + 1 < rng.stop else None
            kind, first = kind_at.get(i, ("", False))
            if kind == "PER":
                person.setdefault(t.lower, set()).add(i)
            evidence = kind == "LOC" or kind == "ORG" and not first
            if prev is not None and prev.lower.rstrip(".") in PLACE_MARKS:
                evidence = True
            if prev is not None and prev.text == "(" and nxt is not None and nxt.text == ")" \
                    and any(toks[m].lower in orgish and toks[m].is_cap
                            for m in range(max(rng.start, i - 6), i - 1)):
                evidence = True
                short_forms.add(i)
            if prev is not None and prev.text == ")" and i - 2 in short_forms:
                evidence = True
            if evidence:
                place.setdefault(t.lower, set()).add(nxt.lower if nxt is not None else "")
    out = WordUse({w: frozenset(v) for w, v in place.items()},
                  {w: frozenset(v) for w, v in person.items()})
    view.memo["word_use"] = out
    return out


def _place_elsewhere(use: WordUse, tok: Tok, nxt: Tok) -> bool:
    """The article writes ``tok`` elsewhere as a place's or organisation's name, where it is
    not followed by ``nxt`` (the occurrences of the same name do not count)."""
    return any(f != nxt.lower for f in use.place.get(tok.lower, ()))


def _person_elsewhere(use: WordUse, tok: Tok) -> bool:
    """NER tags ``tok``'s word as a person somewhere else in the article."""
    return any(i != tok.i for i in use.person.get(tok.lower, ()))


def title_and_name(view: View, lex: Lexicon, title_toks: list[Tok], name_toks: list[Tok],
                   person: bool = False, ner_start: int = 0) -> tuple[str, str]:
    """The title and the name of a person's mention, as written, from the tokens the rules
    (or NER, ``person``) gave each; where the boundary between them is wrong it moves:

    - a word a scraper glued to the name's first word goes to the title ("Menteri
      AgamaNasaruddin Umar"): at a lower- to upper-case change, when the part before is a
      title or organisation word, or (NER says the whole is a person) any word of at least
      ``GLUED_HEAD`` letters ("JakartaRina"; "DiCaprio", "McDonald" stay whole);
    - the name starts after a parenthesised short form inside it ("Menteri Lingkungan Hidup
      (LH) Hanif Faisol Nurofiq": a name has no short form in its middle) and after its
      leading words that the article writes elsewhere as the name of a place or organisation
      ("Kades Ciwaru Taopik Guntur Rohmi" with "di Desa Ciwaru" elsewhere, see
      :func:`word_use`), after a place noun and the word that names it ("Kepala Dusun
      Cikaret Ahmad bin Yusuf"), and the words after those up to where NER's person starts
      (``ner_start``, the index in ``name_toks``); those words go to the title. Without a
      title, only when two words are left ("Bandung Mawardi" with "di Bandung" elsewhere
      stays whole); the last word always stays (a surname may be a place's name), and so
      does an initial ("I Putu Agus").
    """
    name_toks = list(name_toks)
    title_toks = list(title_toks)
    if len(name_toks) >= 2:
        use = word_use(view, lex)
        cut = 0
        for n in range(len(name_toks) - 1):
            a, b = name_toks[n], name_toks[n + 1]
            between = view.text[a.end : b.start]
            if "(" in between or ")" in between or len(a.text) > 1 and (
                _place_elsewhere(use, a, b)
            ):
                cut = n + 1
            if a.lower in PLACE_NOUNS and a.is_cap and n + 2 < len(name_toks):
                cut = max(cut, n + 2)  # "Dusun Cikaret Ahmad": a place noun and the place
        if 0 < cut < ner_start:
            cut = ner_start  # "Desa Buyat Satu Chandra Modeong": the place goes on to NER's person
        if cut and (title_toks or len(name_toks) - cut >= 2):
            title_toks += name_toks[:cut]
            name_toks = name_toks[cut:]
    title = view.text[title_toks[0].start : title_toks[-1].end].rstrip(" ,.") if title_toks \
        else ""
    if not name_toks:
        return title, ""
    name = " ".join(t.text for t in name_toks)
    head, sep, _ = _GLUED.sub("|", name_toks[0].text).partition("|")
    if sep and head.isalpha() and (head.lower() in lex.org_words | lex.titles or (
        person and len(head) >= GLUED_HEAD
    )):
        name = name[len(head):]
        title = f"{title} {head}".strip()
    return title, name


def _takes_complement(tok: Tok, lex: Lexicon) -> bool:
    """An organisation word, an acronym or a place noun: a word the capitalised words after it
    name ("Desa Buyat Satu", "KNPI Lampung", "Kementerian Agama")."""
    low = tok.lower.rstrip(".")
    if low in lex.honorifics:
        return False  # "AKBP Rio Wahyu": a rank before the name
    return low in lex.org_words or low in ORG_HEADS or low in PLACE_NOUNS or _acronym(tok)


UNDECIDED = object()


def _by_entities(view: View, words: list[Tok], lows: list[str], k: int,
                 spans: tuple[tuple[int, int, str], ...], lex: Lexicon, demonstrative: bool
                 ) -> MentionInfo | None | object:
    """Read a mention with the entities NER found in its sentence.

    - a person (PER) in the run is the name; the NER span is cut to the words the title
      rules leave for a name (``Bupati Sleman Kustini Sri Purnomo``: NER swallows the region,
      the rules give it to the title) and never keeps an opener (``Dikatakan Alexander``);
    - with no person, an organisation (ORG) is the speaker with its fullest designation
      (``Balai Besar Taman Nasional Gunung Gede Pangrango``), unless the run opens with a role
      (``Kepala BPBD Samosir``: a person known by title);
    - with no person and no organisation, a description closed by ``itu``/``ini``/``tersebut``
      points back to the person just talked about; a place (LOC) is never a speaker by
      itself: with a role word it is that role's title (``Bupati Sleman``), else no speaker;
    - no entity at all: UNDECIDED, the capitalisation and word-list rules decide.
    """
    if not words:
        return UNDECIDED
    first_i, last_i = words[0].i, words[-1].i
    inside = [(a, b, kind) for a, b, kind in spans if a <= last_i and b > first_i]
    text = view.text
    persons = [sp for sp in inside if sp[2] == "PER"]
    typed = {t.i for t in words for a, b, _ in inside if a <= t.i < b}  # inside any entity
    if lows[0] in ORG_HEADS and (not persons or persons[0][0] <= words[min(1, len(words) - 1)].i):
        # "Polres Bantul dalam keterangannya", "PT Sinar Abadi": an office and its place or
        # name (NER may call the place a person); a person after it is its spokesperson
        return UNDECIDED
    if persons and k < len(words) and persons[-1][1] <= words[k].i and all(
        t.i not in typed for t in words[k:]
    ):
        # NER's person lies in the title and the rules find a name after it ("Kasubdit
        # Jatanras Polda Sumut Kompol Jama" with "Kasubdit Jatanras" tagged PER): the name
        # after the rank is the person
        persons = []
    if persons:
        a, b, _ = persons[-1]
        name_pos = [n for n in range(len(words)) if a <= words[n].i < b]
        chosen = [n for n in name_pos if n >= k]
        if not chosen:
            # the rules found no name (it ends in a word they read as a title: "Lubna Al
            # Sultan"): NER's span without the titles it starts with
            chosen = list(name_pos)
            while chosen and (lows[chosen[0]] in lex.titles or lows[chosen[0]] in lex.honorifics
                              or lows[chosen[0]] in lex.org_words):
                chosen.pop(0)
        elif chosen[0] > name_pos[0] and chosen[0] - 1 in name_pos and (
            lows[chosen[0] - 1] in lex.titles and _nameish(words[name_pos[0]], lex)
            and all(_nameish(words[n], lex) for n in name_pos if n < chosen[0] - 1)
        ):
            # a word of the title lexicon inside NER's person after a name word is a name
            # word ("Ketua Umum X, Tommy Perdana Putra", "Raja Juli Antoni")
            chosen = [n for n in name_pos if n >= name_pos[0]]
        if not chosen:
            return UNDECIDED
        lo, hi = chosen[0], chosen[-1]
        # NER often leaves out the first words of a long name ("I Putu Agus Hendra"): the
        # name-like words before the span are kept when they are proper nouns (by the tagger
        # where parsed, else by how the article writes them; an opener like "Dikatakan" is not)
        span_lo = lo
        while lo > k and (
            words[lo - 1].i not in typed and lows[lo - 1] not in lex.group_words
            and lows[lo - 1] not in lex.titles and proper_noun(view, words[lo - 1])
            or len(words[lo - 1].text) == 1 and words[lo - 1].is_cap  # an initial: "I Made"
        ):
            lo -= 1
        if lo < span_lo and lo > 0 and _takes_complement(words[lo - 1], lex) and not any(
            _person_elsewhere(word_use(view, lex), words[n]) for n in range(lo, span_lo)
        ):
            # "Kepala Desa Buyat Satu Chandra Modeong", "Ketua DPD KNPI Lampung Iqbal
            # Ardiansyah": the words between an organisation or place noun and NER's person
            # name the organisation or place, unless NER calls them a person elsewhere
            lo = span_lo
        name_toks = words[lo : hi + 1]
        t0 = lo
        first_word = view.sent_ranges[words[0].sentence].start
        while t0 > 0 and (_titleish(words[t0 - 1], lex) or words[t0 - 1].i in typed
                          or lows[t0 - 1] in CONNECTORS or lows[t0 - 1] in TITLE_CONNECTORS
                          or _is_common_noun(view, words[t0 - 1])
                          # "Direktur Utama PT X": capitalised words inside the sentence
                          # belong to the title; a sentence opener ("Dikatakan") does not
                          or words[t0 - 1].is_cap and words[t0 - 1].i > first_word):
            t0 -= 1
        title_toks = [t for t in words[t0:lo] if t.lower.rstrip(".") not in lex.honorifics]
        title, name = title_and_name(view, lex, title_toks, name_toks, person=True,
                                     ner_start=span_lo - lo)
        start = words[t0].start
        end = name_toks[-1].end
        return MentionInfo("name", start, end, text[start:end], name,
                           (title,) if title else (), "person", entity="PER")
    if lows[0] in ("seorang", "salah"):
        return UNDECIDED  # "seorang ABK kapal X": an unnamed person, named by the phrase
    start, end = words[0].start, words[-1].end
    whole = text[start:end]
    untyped_name = [t for t in words[k:] if t.i not in typed]
    if untyped_name and len(untyped_name) == len(words) - k and k > 0 and (
        _titleish(words[k - 1], lex) or words[k - 1].i in typed
    ) or k >= 2 and len(words) - k >= 2 and (
        lows[k - 1] in lex.org_words or lows[k - 2] in REGIONAL_TITLES
    ):
        # a name NER missed after a title it did tag ("Kasubdit Jatanras Polda Sumut Kompol
        # Jama Kita Purba"), or swallowed into the region of the title ("Gubernur Sulawesi
        # Tengah Rusdi Mastura" as one place): the capitalised words the title rules leave
        # after a region word are the name ("Bupati Kulon Progo" stays a title)
        untyped_name = list(words[k:])
        title_toks = [t for t in words[:k] if t.lower.rstrip(".") not in lex.honorifics]
        title, name = title_and_name(view, lex, title_toks, untyped_name)
        return MentionInfo("name", start, end, whole, name, (title,) if title else (), "person")
    orgs = [sp for sp in inside if sp[2] == "ORG"]
    if orgs:
        if lows[0] in lex.titles and lows[0] not in lex.org_words:
            return MentionInfo("title", start, end, whole, whole, (whole,), "person",
                               demonstrative=demonstrative)
        o_start = next(t.start for t in words if t.i >= orgs[0][0])
        designation = text[o_start:end]
        return MentionInfo("org", o_start, end, designation, designation, (), "organization",
                           entity="ORG")
    if demonstrative and not any(lw in lex.group_words and lw not in lex.titles for lw in lows):
        return MentionInfo("title", start, end, whole, whole, (whole,), "person",
                           demonstrative=True)
    if any(sp[2] == "LOC" for sp in inside):
        if any(lw in lex.titles for lw in lows):
            return MentionInfo("title", start, end, whole, whole, (whole,), "person")
        if lows[0] in ORG_HEADS:
            return UNDECIDED  # "pemerintah Iran": the office speaks
        if any(lw in lex.group_words for lw in lows):
            return MentionInfo("group", start, end, whole, whole, (), "group", True)
        prev = view.toks[words[0].i - 1] if words[0].i > 0 else None
        if (prev is None or prev.sentence != words[0].sentence or not prev.is_word
                or prev.lower not in PLACE_PREPOSITIONS) and all(t.i in typed for t in words):
            # a state named by its country or capital is the subject of the verb ("Teheran
            # membantah …"): the government speaks, not the place
            return MentionInfo("org", start, end, whole, whole, (), "organization")
        return None
    return UNDECIDED


def _allowed(tok: Tok, lex: Lexicon, have_cap: bool) -> bool:
    low = tok.lower.rstrip(".")
    if low in DETERMINERS:
        return True
    if tok.is_cap:
        return low not in lex.function_words or low in lex.titles or low in lex.group_words
    if low in lex.function_words:
        return False
    if low in lex.titles or low in lex.org_words or low in lex.group_words:
        return True
    return low in CONNECTORS and have_cap


def forward(view: View, i: int, lex: Lexicon, limit: int | None = None) -> MentionInfo | None:
    """The mention starting at token ``i`` (after a closing cue: "..., kata Menteri X pada ...")."""
    toks = view.toks
    if i >= len(toks):
        return None
    sent = toks[i].sentence
    end = min(len(toks), limit if limit is not None else len(toks))
    first = toks[i]
    if first.lower in lex.singular_pronouns or first.lower in lex.plural_pronouns:
        return build(view, [first], lex)
    run: list[Tok] = []
    j = i
    have_cap = False
    while j < end and len(run) < MAX_RUN and (toks[j].sentence == sent or (
        # the tokenizer ends a sentence after an abbreviated honorific ("dr. Dewi", "Prof.
        # Dr. Bambang"): the name goes on in the next one
        run and toks[j - 1].text == "." and run[-1].lower.rstrip(".") in lex.honorifics
        and toks[j].is_cap
    )):
        t = toks[j]
        sent = t.sentence
        if t.is_word and _allowed(t, lex, have_cap):
            run.append(t)
            have_cap = have_cap or t.is_cap
            j += 1
            continue
        if t.text == "." and run and (len(run[-1].text) == 1 or run[-1].lower in lex.honorifics):
            j += 1  # "S. Jaishankar", "Jenderal. Sergey Shoigu"
            continue
        if t.text == "(" and run:
            close = _skip_parens(toks, j, end)
            if close is not None and close + 1 < end and _allowed(toks[close + 1], lex, True):
                j = close + 1
                continue
            break
        if t.text == "," and run and j + 1 < end and toks[j + 1].is_cap and (
            _title_only(run, lex) or _titled(run, lex) or _person_after(view, run, toks[j + 1])
        ) and _appositive_name(toks, j + 1, end, lex):
            run.append(t)
            j += 1  # "Ketua Komisi I DPR, Utut Adianto" / "CEO BPKH Limited, Sidiq Haryono"
            continue
        if t.lower in TITLE_CONNECTORS and run and _titled(run, lex) and j + 1 < end and (
            toks[j + 1].is_cap
        ):
            run.append(t)
            j += 1  # "Pengamat Ekonomi Politik dari Center of Budget Analysis"
            continue
        break
    demonstrative = j < end and toks[j].lower in DEMONSTRATIVES
    if run and j < end and toks[j].lower == "yang":
        # "menurut keterangan warga yang ikut dalam pencarian, …": the relative clause is
        # part of an unnamed speaker's description, up to the comma
        head = build(view, run, lex)
        k = j + 1
        while k < end and k - j <= RELATIVE_WINDOW and toks[k].is_word and (
            toks[k].sentence == toks[j].sentence
        ):
            k += 1
        if head is not None and head.kind in ("title", "group") and k < end and (
            toks[k].text in (",", ".") and k - j <= RELATIVE_WINDOW
        ) and not any(t.lower in lex.forms for t in toks[j + 1 : k]):
            return _described(view, head, toks[k - 1].end, lex)
    if run and not demonstrative and _title_only(run, lex) and any(
        t.lower.rstrip(".") in lex.titles for t in run
    ):
        # "kata kuasa hukum terdakwa, Andi Pratama": a role, a few lower-case words, then the
        # name set off by a comma
        k = j
        while k < end and k - j < APPOSITIVE_GAP and toks[k].is_word and not toks[k].is_cap \
                and toks[k].lower not in DEMONSTRATIVES:  # "artis 31 tahun itu, …": no name
            k += 1
        if k + 1 < end and toks[k].text == "," and toks[k + 1].is_cap and (
            _appositive_name(toks, k + 1, end, lex)
        ):
            named_after = forward(view, k + 1, lex, limit)
            if named_after is not None and named_after.kind == "name" and (
                named_after.entity_kind == "person"
            ):
                role = view.text[run[0].start : toks[k - 1].end]
                return replace(named_after, start=run[0].start,
                               text=view.text[run[0].start : named_after.end],
                               titles=(role, *named_after.titles))
    return build(view, run, lex, demonstrative)


APPOSITIVE_GAP = 4  # lower-case words between a role and the comma before its name


TITLE_CONNECTORS = frozenset("dari of the for and dan & untuk bidang".split())
LOCATION_LINKS = frozenset("asal dari di warga kelahiran".split())
#: a place after one of these is where something is, never who speaks
PLACE_PREPOSITIONS = LOCATION_LINKS | frozenset(
    "ke pada dekat menuju sekitar kawasan wilayah daerah jalan kota kabupaten desa kecamatan "
    "provinsi negara".split())
NAMING = frozenset("bernama berinisial bernama lengkap".split())
NAMING_WINDOW = 30  # "… bernama Richo (26) asal Banyuwangi bercerita": the name is near the verb


def _titled(run: list[Tok], lex: Lexicon) -> bool:
    first = run[0].lower.rstrip(".")
    return first in lex.titles


def _appositive_name(toks: tuple[Tok, ...], j: int, end: int, lex: Lexicon) -> bool:
    """Tokens from ``j`` are a short capitalised name closed by a comma, a verb or the end."""
    n = 0
    while j < end and toks[j].is_cap and n < 8:
        if toks[j].lower in lex.function_words:
            break
        n += 1
        j += 1
    return 0 < n < 8


def _person_after(view: View, run: list[Tok], nxt: Tok) -> bool:
    """NER: no person in the run, and a person starts after its comma ("Kasat Reskrim Polres
    Samosir, AKP Edward Sidauruk")."""
    if view.entity(nxt) is None:
        return False
    return all(view.entity(t) != "PER" for t in run) and any(
        view.entity(t) == "PER" for t in view.toks[nxt.i : nxt.i + 5]
        if t.sentence == nxt.sentence)


def _title_only(run: list[Tok], lex: Lexicon) -> bool:
    return all(not _nameish(t, lex) for t in run if t.is_word)


def _skip_parens(toks: tuple[Tok, ...], j: int, end: int) -> int | None:
    for k in range(j + 1, min(end, j + 8)):
        if toks[k].text == ")":
            return k
    return None


def named(view: View, floor: int, stop: int, lex: Lexicon) -> MentionInfo | None:
    """"Seorang ABK bernama Richo (26) ..." -> Richo."""
    for k in range(max(floor, stop - NAMING_WINDOW), stop - 1):
        if view.toks[k].lower in NAMING and view.toks[k + 1].is_cap:
            return forward(view, k + 1, lex, limit=stop)
    return None


def backward(view: View, i: int, lex: Lexicon, floor: int) -> MentionInfo | None:
    """The subject mention ending just before token ``i`` (before "mengatakan", "berharap")."""
    toks = view.toks
    j = i - 1
    while j >= floor and toks[j].lower in ADVERBS:
        j -= 1
    # degrees and specialist suffixes after the name: "dr. Dewi Anggraini, Sp.A mengatakan",
    # "Budi Santoso S.H., M.H., menyebut"
    degrees: list[str] = []
    while j > floor and (is_degree(toks[j]) or toks[j].text in (",", ".") and (
        is_degree(toks[j - 1]) or j + 1 < i and is_degree(toks[j + 1])
    )):
        if is_degree(toks[j]):
            degrees.insert(0, toks[j].text)
        j -= 1
    if j < floor:
        return None
    if degrees:
        found = backward(view, j + 1, lex, floor)
        if found is not None and found.kind == "name":
            return replace(found, titles=(*found.titles, *degrees))
        return found
    relative = _relative_subject(view, j, i, lex, floor)
    if relative is not None:
        return relative
    common = _common_noun_subject(view, j, lex, floor)
    if common is not None:
        return common
    demonstrative = False
    if toks[j].lower in DEMONSTRATIVES:
        demonstrative = True
        j -= 1
        while j >= floor and toks[j].is_word and not toks[j].is_cap and (
            toks[j].lower not in lex.titles
        ) and i - j < 8:
            j -= 1  # "pengacara 29 tahun tersebut", "pembalap berusia 36 tahun ini"
    if j < floor:
        return None
    if toks[j].lower in lex.singular_pronouns or toks[j].lower in lex.plural_pronouns:
        return build(view, [toks[j]], lex)
    short: Tok | None = None
    if toks[j].text == ")":
        # a short form right before the verb: "Zulkifli Hasan (Zulhas) optimistis"
        k = j - 1
        while k >= floor and k > j - 6 and toks[k].text != "(":
            k -= 1
        if k > floor and toks[k].text == "(":
            if k + 2 == j:
                short = toks[k + 1]
            j = k - 1
    if toks[j].text == "," and j - 1 >= floor:
        # an appositive name set off by commas: "juru bicara militer, Jenderal Zaw Min Tun,
        # mengaku" / "CEO BPKH Limited, Sidiq Haryono, mengatakan"
        inner = backward(view, j, lex, floor)
        if inner is not None and inner.kind in ("name", "org"):
            before = view.tok_at(inner.start) - 1
            if inner.titles:
                return inner
            if before >= floor and toks[before].text == ",":
                # "Camat Penebel, I Putu Agus, menilai": the role before the commas is the title
                role = backward(view, before, lex, floor)
                if role is not None and role.kind in ("title", "org", "name") and (
                    role.kind != "name" or role.titles
                ):
                    return replace(inner, titles=(role.text,))
                return inner
        return None
    run: list[Tok] = []
    have_cap = False
    while j >= floor and len(run) < MAX_RUN:
        t = toks[j]
        if t.is_word and _allowed(t, lex, True):
            run.insert(0, t)
            have_cap = have_cap or t.is_cap
            j -= 1
            continue
        if t.text == ")" and run:
            k = j - 1
            while k >= floor and k > j - 8 and toks[k].text != "(":
                k -= 1
            if k >= floor and toks[k].text == "(":
                j = k - 1
                continue
            break
        if t.text == "." and j - 1 >= floor and run and (
            len(toks[j - 1].text) == 1 or toks[j - 1].lower in lex.honorifics
        ):
            j -= 1
            continue
        if t.text == "," and run and j - 1 >= floor and not _title_only(run, lex) and (
            _title_only([toks[j - 1]], lex) and toks[j - 1].is_cap
        ):
            j -= 1  # "Ketua Komisi I DPR, Utut Adianto memperkirakan"
            continue
        break
    if run and j >= floor and toks[j].lower in LOCATION_LINKS and j - 1 >= floor and not (
        any(view.entity(t) == "PER" for t in run)
    ):
        # "Richo asal Banyuwangi mengaku": the person before the place (unless NER finds the
        # person after "dari": "Manajer dari Yayasan X I Made Sugiarta mengatakan")
        k = j - 1
        if toks[k].text == ")":
            while k >= floor and toks[k].text != "(":
                k -= 1
            k -= 1
        if k >= floor and toks[k].is_cap:
            inner = backward(view, k + 1, lex, floor)
            if inner is not None and inner.kind == "name":
                return inner
            if inner is not None and inner.kind == "title":
                # "Penyanyi asal Nusa Tenggara Timur (NTT) itu menyebut": the singer speaks,
                # not the province
                whole = view.text[inner.start : run[-1].end]
                return MentionInfo("title", inner.start, run[-1].end, whole, inner.name,
                                   inner.titles, "person", demonstrative=demonstrative)
    # a sentence-initial connective is capitalised but is not part of the subject
    while run and run[0].lower in lex.function_words and run[0].lower not in lex.group_words:
        run.pop(0)
    if short is not None and run and not _abbreviates(short, run):
        # "Badan Meteorologi Klimatologi dan Geofisika (BMKG)": the run stopped at "dan"; the
        # acronym says how far back the name goes
        k = run[0].i - 1
        longer = list(run)
        while k >= floor and len(longer) < 2 * len(short.text) and (
            toks[k].is_cap or toks[k].lower in CONNECTORS_ORG
        ):
            longer.insert(0, toks[k])
            if toks[k].is_cap and _abbreviates(short, longer):
                if k - 1 >= floor and toks[k - 1].is_cap and toks[k - 1].lower in ORG_HEADS:
                    # "Kementerian Energi dan Sumber Daya Mineral (ESDM)": the head noun of
                    # an organisation's name is often left out of its acronym
                    longer.insert(0, toks[k - 1])
                run = longer
                break
            k -= 1
    if short is not None and run and _abbreviates(short, run):
        # "Balai Besar Taman Nasional Gunung Merbabu (BBTNGM) memastikan": an organisation
        # with its acronym, whatever NER makes of the words
        whole = view.text[run[0].start : run[-1].end]
        return MentionInfo("org", run[0].start, run[-1].end, whole, whole, (), "organization")
    return build(view, run, lex, demonstrative)


RELATIVE_WINDOW = 10  # words of a relative clause in a speaker's description
MODALS = ADVERBS | frozenset("mau ingin bisa dapat harus hendak sedang boleh perlu".split())
#: words that end a relative clause before a verb: it is no longer the subject's description
_CLAUSE_BREAKS = frozenset("dan atau bahwa tetapi namun serta sedangkan lalu kemudian".split())


def _relative_subject(view: View, j: int, i: int, lex: Lexicon, floor: int
                      ) -> MentionInfo | None:
    """A subject described by a relative clause right before the verb: "Salah satu saksi mata
    yang juga ikut dalam pencarian mengatakan", "Beberapa pihak yang mengenal dia mengatakan",
    "Budi yang juga ketua RT mengatakan" (``j`` is the token before the verb at ``i``)."""
    toks = view.toks
    k = j
    while k > floor and i - k <= RELATIVE_WINDOW and toks[k].is_word and (
        toks[k].lower not in _CLAUSE_BREAKS and toks[k].lower != "yang"
    ):
        k -= 1
    if k <= floor or k == j or toks[k].lower != "yang" or toks[j].lower in DEMONSTRATIVES or (
        j - k == 1 and toks[j].lower in MODALS
    ):
        # "banyak orangtua yang mau melaporkan": after a modal the verb is the clause's own;
        # "Pria yang akrab disapa Toni ini": a description pointing back
        return None
    # the head: from the start of the clause to "yang"
    h = k - 1
    while h > floor and k - h < MAX_HEAD and toks[h - 1].is_word and (
        toks[h - 1].lower not in lex.function_words or toks[h - 1].lower in lex.group_words
    ):
        h -= 1
    head_toks = [t for t in toks[h:k] if t.is_word]
    if not head_toks or toks[h].lower in lex.function_words and toks[h].lower not in (
        lex.group_words
    ):
        return None
    head = build(view, head_toks, lex)
    if head is None or head.kind not in ("title", "group", "name", "org"):
        return None
    if head.kind == "name" and head.entity_kind == "person" and not head.text.lower().startswith(
        ("seorang", "salah")
    ):
        # "Budi yang juga ketua RT mengatakan": the name is the name
        return replace(head, end=toks[j].end, text=view.text[head.start : toks[j].end])
    return _described(view, head, toks[j].end, lex)


MAX_HEAD = 6  # words of the noun phrase a relative clause describes
MAX_MODIFIERS = 2  # lower-case words after the head of an unnamed subject ("Media lokal")


def _common_noun_subject(view: View, j: int, lex: Lexicon, floor: int) -> MentionInfo | None:
    """An unnamed subject that opens its clause with a capitalised noun or a quantifier and
    goes on in lower case: "Beberapa ulama menyebut", "Media lokal melaporkan" (``j`` is the
    word before the verb)."""
    toks = view.toks
    k = j
    while k >= floor and j - k < MAX_MODIFIERS and toks[k].is_word and not toks[k].is_cap and (
        toks[k].lower not in lex.function_words and toks[k].lower not in ADVERBS
        and toks[k].lower not in DEMONSTRATIVES and _plain_word(toks[k], lex)
    ):
        k -= 1
    if k == j or k < floor:
        return None
    head = toks[k]
    opens = k == floor or not toks[k - 1].is_word and toks[k - 1].text in (",", "“", "\"")
    if not opens or not head.is_word or not (head.is_cap or head.lower in DETERMINERS):
        return None
    if head.lower in lex.function_words and head.lower not in lex.group_words:
        return None
    if view.entity(head) == "PER" or view.proper_by_case(head):
        return None  # "Chika pura-pura berniat melaporkan": a name and its verbs
    return build(view, list(toks[k : j + 1]), lex)


def _plain_word(tok: Tok, lex: Lexicon) -> bool:
    """A lower-case word the subject run does not take by itself (not a title, organisation or
    group word, which the run reads on its own)."""
    low = tok.lower
    return low not in lex.titles and low not in lex.org_words and low not in lex.group_words


def _described(view: View, head: MentionInfo, end: int, lex: Lexicon) -> MentionInfo:
    """An unnamed speaker named by its whole description, relative clause included (a
    leading "keterangan"/"data" of a source phrase is not part of it)."""
    start = head.start
    words = view.text[start:end].split()
    while len(words) > 2 and words[0].lower() in DOC_NOUNS | {"keterangan", "data"} and (
        words[1].lower() != "yang"  # "Laporan yang diterima menyebutkan": the report speaks
    ):
        start = view.text.index(words[1], start + len(words[0]))
        words = words[1:]
    text = view.text[start:end]
    kind: SpeakerKind = "group" if head.kind == "group" else head.entity_kind
    return MentionInfo("name" if kind != "group" else "group", start, end, text, text,
                       head.titles, kind, plural=kind == "group")


CONNECTORS_ORG = frozenset("dan & untuk of and for the".split())


def _abbreviates(short: Tok, run: list[Tok]) -> bool:
    """An all-capital short form spelled by the initials of the capitalised words before it
    (KPK = Komisi Pemberantasan Korupsi; connectors such as "dan" may be skipped)."""
    letters = short.text
    if not (2 <= len(letters) <= 12 and letters.isalpha() and letters.isupper()):
        return False
    caps = "".join(t.text[0] for t in run if t.is_word and t.text[0].isupper())
    return len(caps) >= 2 and caps.upper().endswith(letters) and len(caps) == len(letters)
