"""Words glued by a scraper that stripped links (``Joko Susilomengaku``, ``kataJoko``,
``AlasannyaKetua KPU``): the view reads them as two words without moving any offset, and
camel-case names and ordinary words that merely end like a cue stay whole.

Every sentence here is made up for the test.
"""

from __future__ import annotations

import pytest

from quotes.model import Extraction
from quotes.stages.glued import glue_cuts
from quotes.stages.tokens import View, build_view
from tests.fakes import RegexAnnotator
from tests.test_rules_direct import extract_checked


def parts(word: str, next_cap: bool = False) -> list[str]:
    bounds = [0, *(c.at for c in glue_cuts(word, next_cap)), len(word)]
    return [word[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def view_of(text: str) -> View:
    view = build_view(RegexAnnotator().tokenize([text])[0])
    assert_view_exact(view)
    return view


def assert_view_exact(view: View) -> None:
    """Every token slices the text exactly; indices, order and sentence ranges are intact."""
    text = view.text
    for n, tok in enumerate(view.toks):
        assert tok.i == n
        assert text[tok.start : tok.end] == tok.text, tok
        assert tok.words
    for a, b in zip(view.toks, view.toks[1:], strict=False):
        assert a.end <= b.start
    covered = [i for r in view.sent_ranges for i in r]
    assert covered == list(range(len(view.toks)))
    for s, r in enumerate(view.sent_ranges):
        assert all(view.toks[i].sentence == s for i in r)


def words(view: View) -> list[str]:
    return [t.text for t in view.toks if t.is_word]


# -- the cut rules on single tokens ---------------------------------------------------------

GLUED = [
    # a name part glued to an active (meN-/ber-) cue verb: the longest cue suffix
    ("Susilomengaku", False, ["Susilo", "mengaku"]),
    ("Wijayamengatakan", False, ["Wijaya", "mengatakan"]),
    ("Hartonomengatakannya", False, ["Hartono", "mengatakannya"]),
    ("Lestarimenyebutkan", False, ["Lestari", "menyebutkan"]),
    ("Asy'arimenegaskan", False, ["Asy'ari", "menegaskan"]),
    ("Santosoberkata", False, ["Santoso", "berkata"]),
    ("Aminahberharap", False, ["Aminah", "berharap"]),
    ("KAImengumumkan", False, ["KAI", "mengumumkan"]),
    ("Alimenjelaskan", False, ["Ali", "menjelaskan"]),
    # a cue written before its subject, glued to the name after it
    ("kataJoko", False, ["kata", "Joko"]),
    ("ujarnyaKepala", False, ["ujarnya", "Kepala"]),
    ("menurutKetua", False, ["menurut", "Ketua"]),
    ("ungkapDewi", True, ["ungkap", "Dewi"]),
    # a headline's tail glued to a titled subject that goes on with a capitalised word
    ("AlasannyaKetua", True, ["Alasannya", "Ketua"]),
    ("penjelasannyaBupati", True, ["penjelasannya", "Bupati"]),
    ("BeginiKapolres", True, ["Begini", "Kapolres"]),
    ("TanggapanPak", True, ["Tanggapan", "Pak"]),
]


@pytest.mark.parametrize("word, next_cap, expected", GLUED)
def test_glued_words_are_cut(word: str, next_cap: bool, expected: list[str]) -> None:
    assert parts(word, next_cap) == expected


WHOLE = [
    # camel-case names, brands and units
    "HarbourBay", "McDonald", "iPhone", "YouTube", "PlayStation", "DeepSeek", "BlackBerry",
    "WhatsApp", "KompasTekno", "eBay", "mmHg", "detikJabar", "MacKenzie",
    # names that end like a bare cue (kata, aku, tanya, ujar) or a clitic form
    "Pakata", "Dakata", "Prakata", "Sukaku", "Wiratanya", "Sudjarnya",
    # ordinary words that end in a cue form: derived words, not two words
    "Tersebut", "Disebut", "Katanya", "Selanjutnya", "Diakuinya", "Ditutup", "Berharap",
    "Berlanjut", "Terpercaya", "Dipercaya", "Mengakunya", "Memperjelas", "Dipertegas",
    "Terungkap", "Penilainya", "Mintanya", "Bertanya",
    # cue forms themselves, capitalised at the start of a sentence or in a headline
    "Mengatakan", "Mengungkap", "Mengakui", "Berkata", "Menyebutkan", "Menurutnya",
    # not plain words
    "@budimengatakan", "2024mengatakan", "KOMPAS.com", "Budi_mengatakan",
    # a lower-case word before a verb is not a name; an upper-case verb is not glued
    "bahwamengatakan", "SUSILOMENGAKU", "SusiloMengaku",
]


@pytest.mark.parametrize("word", WHOLE)
@pytest.mark.parametrize("next_cap", [False, True])
def test_real_words_stay_whole(word: str, next_cap: bool) -> None:
    assert glue_cuts(word, next_cap) == ()


@pytest.mark.parametrize("word, next_cap", [
    ("AlasannyaKetua", False),  # a title must be followed by what it titles
    ("AlasannyaKetuaKPU", True),  # the title must end the token
    ("SeKetua", True),  # the headline tail must be a word of three letters or more
    ("AlasannyaKetuanya", True),  # not a title as written
    ("AlasannyaDr", True),  # a two-letter title is too short to trust
    ("akuJoko", False),  # a three-letter cue is too short to trust
    ("BudiKata", False),  # a capitalised cue after a name is a camel-case name
])
def test_cut_conditions(word: str, next_cap: bool) -> None:
    assert glue_cuts(word, next_cap) == ()


# -- the view: split tokens keep exact offsets -----------------------------------------------

def test_view_splits_a_name_glued_to_a_verb() -> None:
    text = "Kepala Dinas Pertanian Andi Wijayamengatakan stok pupuk cukup."
    view = view_of(text)
    assert words(view)[:6] == ["Kepala", "Dinas", "Pertanian", "Andi", "Wijaya", "mengatakan"]
    wijaya, verb = view.toks[4], view.toks[5]
    assert (wijaya.start, wijaya.end) == (28, 34)
    assert (verb.start, verb.end) == (34, 44)
    assert wijaya.words == verb.words  # one word of the annotator, two tokens of the view
    assert wijaya.is_cap and not verb.is_cap


def test_view_marks_a_glued_headline_tail() -> None:
    text = "Ini AlasannyaKetua KPU Hasyim Asyari mengatakan tahapan tetap berjalan."
    view = view_of(text)
    assert words(view)[:4] == ["Ini", "Alasannya", "Ketua", "KPU"]
    tail, title = view.toks[1], view.toks[2]
    assert tail.heading and not tail.is_cap
    assert not title.heading and title.is_cap
    assert text[title.start : title.end] == "Ketua"


def test_view_keeps_tokens_and_sentences_when_nothing_is_glued() -> None:
    text = ("Pengelola HarbourBay menyebut kapal tiba pagi. Kanal YouTube itu tersebut "
            "disebut-sebut palsu. “Kami siap,” kata Pakata.")
    doc = RegexAnnotator().tokenize([text])[0]
    view = view_of(text)
    assert len(view.toks) == len(doc.words)
    assert [t.text for t in view.toks] == [w.text for w in doc.words]
    assert not any(t.heading for t in view.toks)


@pytest.mark.parametrize("text", [
    "Joko Susilomengaku belum menerima surat itu. “Kami siap,” kataJoko Susilo.",
    "Harga Cabai Naik, Ini AlasannyaKetua Asosiasi Petani Sutrisno Adi menyebut panen mundur.",
    "KAImengumumkan jadwal baru.\n\nCamat Tono Harsonomengatakannya kemarin, ujarnyaKepala Desa.",
    "Tidak ada kata yang dilekatkan di sini sama sekali.",
])
def test_every_token_slices_the_text(text: str) -> None:
    view = view_of(text)
    assert "".join(t.text for t in view.toks) == "".join(text.split())


# -- the engine: speakers and cues read from the split words ---------------------------------

def only_quote(r: Extraction) -> tuple[str, str, str | None, str | None]:
    assert len(r.quotes) == 1, r.quotes
    q = r.quotes[0]
    return (q.type, q.text, q.cue.text if q.cue else None, q.speaker.name if q.speaker else None)


def test_name_glued_to_mengaku() -> None:
    text = "Joko Susilomengaku belum menerima surat itu."
    r = extract_checked(text)
    assert only_quote(r) == ("indirect", "belum menerima surat itu", "mengaku", "Joko Susilo")
    q = r.quotes[0]
    assert q.cue is not None and (q.cue.start, q.cue.end) == (11, 18)
    assert q.speaker is not None and q.speaker.mention is not None
    assert (q.speaker.mention.start, q.speaker.mention.end) == (0, 11)
    assert (q.start, q.end) == (19, 43)


def test_titled_name_glued_to_mengatakan() -> None:
    text = "Kepala Dinas Pertanian Andi Wijayamengatakan stok pupuk cukup hingga akhir tahun."
    r = extract_checked(text)
    assert only_quote(r) == ("indirect", "stok pupuk cukup hingga akhir tahun", "mengatakan",
                             "Andi Wijaya")
    assert [(s.name, s.titles) for s in r.speakers] == [
        ("Andi Wijaya", ("Kepala Dinas Pertanian",))
    ]


def test_name_with_apostrophe_glued_to_menegaskan() -> None:
    text = ("Ketua Umum Partai Hasyim Asy'arimenegaskan partainya tidak akan mengusung calon "
            "sendiri.")
    r = extract_checked(text)
    assert only_quote(r) == ("indirect", "partainya tidak akan mengusung calon sendiri",
                             "menegaskan", "Hasyim Asy'ari")


def test_organisation_acronym_glued_to_a_verb() -> None:
    r = extract_checked("KAImengumumkan jadwal perjalanan kereta berubah mulai pekan depan.")
    assert only_quote(r) == ("indirect", "jadwal perjalanan kereta berubah mulai pekan depan",
                             "mengumumkan", "KAI")


def test_cue_glued_to_the_name_after_it() -> None:
    text = "“Stok pupuk cukup sampai panen,” kataJoko Susilo."
    r = extract_checked(text)
    assert only_quote(r) == ("direct", "Stok pupuk cukup sampai panen,", "kata", "Joko Susilo")
    q = r.quotes[0]
    assert q.cue is not None and (q.cue.start, q.cue.end) == (33, 37)
    assert q.speaker is not None and q.speaker.mention is not None
    assert text[q.speaker.mention.start : q.speaker.mention.end] == "Joko Susilo"


def test_headline_glued_to_a_titled_subject() -> None:
    text = ("Jalan Desa Rusak Parah, Ini AlasannyaBupati Sleman Rina Kartika mengatakan "
            "anggaran perbaikan baru cair bulan depan.")
    r = extract_checked(text)
    assert only_quote(r) == ("indirect", "anggaran perbaikan baru cair bulan depan",
                             "mengatakan", "Rina Kartika")
    assert [(s.name, s.titles) for s in r.speakers] == [("Rina Kartika", ("Bupati Sleman",))]
    m = r.quotes[0].speaker.mention if r.quotes[0].speaker else None
    assert m is not None and m.text == "Bupati Sleman Rina Kartika"


def test_headline_glued_to_a_title_only_subject() -> None:
    r = extract_checked("Ini AlasannyaKetua KPU mengatakan tahapan pemilu tetap berjalan.")
    assert only_quote(r) == ("indirect", "tahapan pemilu tetap berjalan", "mengatakan",
                             "Ketua KPU")


@pytest.mark.parametrize("text, speaker", [
    ("Pakata mengatakan bantuan untuk warga akan datang besok.", "Pakata"),
    ("“Bantuan datang besok,” kata Pakata.", "Pakata"),
    ("“Bantuan datang besok,” ujar Sudjarnya.", "Sudjarnya"),
])
def test_names_that_end_like_a_cue_stay_whole(text: str, speaker: str) -> None:
    r = extract_checked(text)
    assert [q.speaker.name if q.speaker else None for q in r.quotes] == [speaker]


@pytest.mark.parametrize("text, whole", [
    ("“Kapal terakhir berangkat pukul delapan,” kata Manajer HarbourBay Rudi Santoso.",
     "HarbourBay"),
    ("Kanal YouTube Warta Desa menyebut video itu sudah disunting.", "YouTube"),
    ("CEO DeepSeek Liang Wenfeng mengatakan model baru dirilis bulan depan.", "DeepSeek"),
])
def test_camel_case_names_stay_one_token(text: str, whole: str) -> None:
    view = view_of(text)
    assert whole in words(view)
    extract_checked(text)
