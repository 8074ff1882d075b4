"""Cleaning: page furniture, related links and spam are blanked with spaces (never deleted) and
reported in ``ignored``; headlines are skipped; real paragraphs are left alone.

``clean`` cases list every ignored span as (reason, original text of the span); every case
also checks that cleaning preserves length and leaves the text outside ignored spans unchanged.
"""

from __future__ import annotations

import pytest

from quotes.stages.clean import Cleaned, clean, is_title_like
from tests.test_rules_direct import QuoteRow, extract_checked, rows

IgnoredRow = tuple[str, str]


def check_cleaned(text: str, c: Cleaned) -> None:
    """Length-preserving; ignored spans are blanked; everything else is untouched."""
    assert len(c.text) == len(text)
    inside = [False] * len(text)
    last = -1
    for ig in c.ignored:
        assert ig.start >= last, "ignored spans overlap or are out of order"
        last = ig.end
        for i in range(ig.start, ig.end):
            inside[i] = True
    for i, (before, after) in enumerate(zip(text, c.text, strict=True)):
        if inside[i]:
            assert after == (before if before in "\n\r" else " "), (i, before, after)
        else:
            assert after == before, (i, before, after)


CLEAN = [
    # a "Baca juga:" line with its headline is a related link, like the inline form
    (
        "Harga beras naik di Pasar Kranggan.\n"
        "Baca juga: Harga Cabai Rawit Tembus Rp 100 Ribu\n"
        "Pedagang mengeluhkan sepinya pembeli.",
        [("related-links", "Baca juga: Harga Cabai Rawit Tembus Rp 100 Ribu")],
    ),
    # inline "Baca juga: Judul Berita" in a flattened paragraph: only the link is blanked,
    # the next sentence's capitalised first word stays
    (
        "Harga beras naik di Pasar Kranggan. Baca juga: Harga Cabai Rawit Tembus Rp 100 Ribu "
        "Pedagang mengeluhkan sepinya pembeli.",
        [("related-links", "Baca juga: Harga Cabai Rawit Tembus Rp 100 Ribu")],
    ),
    # inline "BACA JUGA:" in capitals before a quote
    (
        "Harga beras naik di Pasar Kranggan. BACA JUGA: Stok Bulog Aman Jelang Lebaran "
        "“Kami sudah menambah stok di gudang,” kata Sutanto.",
        [("related-links", "BACA JUGA: Stok Bulog Aman Jelang Lebaran")],
    ),
    # ADVERTISEMENT and SCROLL TO CONTINUE WITH CONTENT inline
    (
        "Harga beras naik di Pasar Kranggan. ADVERTISEMENT SCROLL TO CONTINUE WITH CONTENT "
        "Pedagang mengeluhkan sepinya pembeli.",
        [("boilerplate", "ADVERTISEMENT"), ("boilerplate", "SCROLL TO CONTINUE WITH CONTENT")],
    ),
    # the same furniture on lines of their own
    (
        "Harga beras naik di Pasar Kranggan.\nADVERTISEMENT\nSCROLL TO CONTINUE WITH CONTENT\n"
        "Pedagang mengeluhkan sepinya pembeli.",
        [("boilerplate", "ADVERTISEMENT"), ("boilerplate", "SCROLL TO CONTINUE WITH CONTENT")],
    ),
    # an embedded video marker
    (
        "Harga beras naik di Pasar Kranggan. [Gambas:Video CNN] Pedagang mengeluhkan sepinya "
        "pembeli.",
        [("boilerplate", "[Gambas:Video CNN]")],
    ),
    # "Simak Video '…'" inline
    (
        "Harga beras naik di Pasar Kranggan. Simak Video 'Pedagang Beras Menjerit Harga Naik' "
        "Pedagang mengeluhkan sepinya pembeli.",
        [("boilerplate", "Simak Video 'Pedagang Beras Menjerit Harga Naik' ")],
    ),
    # share and login lines
    (
        "Harga beras naik di Pasar Kranggan.\nBagikan artikel ini\nLogin untuk berkomentar\n"
        "Pedagang mengeluhkan sepinya pembeli.",
        [("boilerplate", "Bagikan artikel ini"), ("boilerplate", "Login untuk berkomentar")],
    ),
    # editor/source credit lines
    (
        "Pedagang mengeluhkan sepinya pembeli.\nEditor: Rina Marlina\nSumber: Kompas TV",
        [("boilerplate", "Editor: Rina Marlina"), ("boilerplate", "Sumber: Kompas TV")],
    ),
    # a "Baca Juga" header then a list of related headlines
    (
        "Harga beras naik di Pasar Kranggan.\nBaca Juga\n"
        "Harga Cabai Rawit Tembus Rp 100 Ribu\nPetani Bawang Merah Brebes Gagal Panen\n"
        "Pedagang mengeluhkan sepinya pembeli.",
        [
            ("boilerplate", "Baca Juga"),
            ("related-links", "Harga Cabai Rawit Tembus Rp 100 Ribu"),
            ("related-links", "Petani Bawang Merah Brebes Gagal Panen"),
        ],
    ),
    # the related list ends at the first real paragraph
    (
        "Berita Terkait:\nSutanto: Harga Beras Akan Turun Bulan Depan\n"
        "Pedagang mengeluhkan sepinya pembeli, kata Suharti.",
        [
            ("boilerplate", "Berita Terkait:"),
            ("related-links", "Sutanto: Harga Beras Akan Turun Bulan Depan"),
        ],
    ),
    # gambling spam lines
    (
        "Harga beras naik di Pasar Kranggan.\n"
        "Daftar slot gacor hari ini, deposit pulsa tanpa potongan\n"
        "Pedagang mengeluhkan sepinya pembeli.\nBandar togel terpercaya link alternatif",
        [
            ("spam", "Daftar slot gacor hari ini, deposit pulsa tanpa potongan"),
            ("spam", "Bandar togel terpercaya link alternatif"),
        ],
    ),
    # a dateline opening the body
    (
        "SURABAYA, KOMPAS.com - Banjir sudah surut di sebagian besar wilayah.",
        [("boilerplate", "SURABAYA, KOMPAS.com -")],
    ),
    # the CNN Indonesia dateline
    (
        "Jakarta, CNN Indonesia -- Panen raya dimulai bulan depan.",
        [("boilerplate", "Jakarta, CNN Indonesia --")],
    ),
    # the Antara dateline
    (
        "Jakarta (ANTARA) - Panen raya dimulai bulan depan.",
        [("boilerplate", "Jakarta (ANTARA) -")],
    ),
    # a plain article: nothing is ignored
    (
        "Harga beras naik di Pasar Kranggan.\nPedagang mengeluhkan sepinya pembeli.",
        [],
    ),
    # a paragraph that merely starts like a boilerplate word ("Gabungan" ~ "gabung")
    pytest.param(
        "Gabungan tim SAR dan relawan menyisir sungai sejak pagi, kata Kepala Basarnas Hendro "
        "Utomo.",
        [],
    ),
    # a real paragraph opening with the word "Komentar"
    pytest.param(
        "Komentar menteri itu memicu kritik dari banyak anggota DPR, kata Hendro Utomo.",
        [],
    ),
    # a real paragraph opening with the word "Iklan"
    pytest.param(
        "Iklan rokok dilarang tayang di televisi sebelum pukul 21.30, kata Hendro Utomo.",
        [],
    ),
    # a news paragraph ABOUT online gambling is not spam
    pytest.param(
        "Polisi membongkar jaringan judi online di Medan pekan lalu, kata Kapolda Sumatera "
        "Utara Hendro Utomo.",
        [],
    ),
]


@pytest.mark.parametrize("text, expected", CLEAN)
def test_clean(text: str, expected: list[IgnoredRow]) -> None:
    c = clean(text)
    check_cleaned(text, c)
    assert [(ig.reason, text[ig.start : ig.end]) for ig in c.ignored] == expected


SKIP = [
    # the headline and a photo caption are skipped (not reported), the body is kept
    (
        "Banjir Rendam Ratusan Rumah di Kudus\nBanjir merendam ratusan rumah sejak Rabu.\n"
        "Warga antre di depan gudang Bulog. (Foto: Dok. Bulog)\n"
        "“Stok kami cukup,” kata Sutanto.",
        (["Banjir Rendam Ratusan Rumah di Kudus",
          "Warga antre di depan gudang Bulog. (Foto: Dok. Bulog)"], []),
    ),
    # the headline repeated further down is a related link, blanked and reported
    (
        "Banjir Rendam Ratusan Rumah di Kudus\nBanjir merendam ratusan rumah sejak Rabu.\n"
        "Banjir Rendam Ratusan Rumah di Kudus\nWarga mengungsi ke balai desa.",
        (["Banjir Rendam Ratusan Rumah di Kudus"],
         [("related-links", "Banjir Rendam Ratusan Rumah di Kudus")]),
    ),
]


@pytest.mark.parametrize("text, expected", SKIP)
def test_clean_skips_titles_and_captions(
    text: str, expected: tuple[list[str], list[IgnoredRow]]
) -> None:
    c = clean(text)
    check_cleaned(text, c)
    skipped = [text[s.start : s.end] for s in c.skip]
    assert (skipped, [(ig.reason, text[ig.start : ig.end]) for ig in c.ignored]) == expected
    # the second copy is the one reported, the first stays skipped
    if c.ignored:
        assert c.skip[0].start < c.ignored[0].start


TITLE_LIKE = [
    # a headline: short, capitalised, no closing punctuation
    ("Harga Cabai Rawit Tembus Rp 100 Ribu", True),
    # a headline with a speaker prefix
    ("Sutanto: Harga Beras Akan Turun Bulan Depan", True),
    # small lower-case function words are allowed in a headline
    ("Banjir Rendam Ratusan Rumah di Kudus", True),
    # a sentence ends with a full stop
    ("Harga Cabai Rawit Tembus Rp 100 Ribu.", False),
    # a lower-case sentence without a full stop is not a headline either
    ("pedagang mengeluhkan sepinya pembeli di pasar", False),
    # a trailing comma means a broken line, not a headline
    ("Menurut Kepala Dinas Pertanian,", False),
    # empty line
    ("", False),
]


@pytest.mark.parametrize("text, expected", TITLE_LIKE)
def test_is_title_like(text: str, expected: bool) -> None:
    assert is_title_like(text) is expected


HEADLINES = [
    # a headline with a speaker prefix is not a quote; the body's quote is
    (
        "Sutanto: Harga Beras Akan Turun Bulan Depan\n"
        "Menteri Pertanian Sutanto Wiryo mengatakan panen raya dimulai bulan depan.",
        [("indirect", "panen raya dimulai bulan depan", "mengatakan", "Sutanto Wiryo")],
    ),
    # a related headline in the middle of the body
    (
        "“Air mulai masuk rumah sejak subuh,” kata Marni, warga Desa Jati.\n"
        "Sutanto: Harga Beras Akan Turun Bulan Depan\n"
        "Banjir juga merendam sawah di tiga kecamatan.",
        [("direct", "Air mulai masuk rumah sejak subuh,", "kata", "Marni")],
    ),
    # a headline with its quoted part in marks is still a headline
    pytest.param(
        "Sutanto: \"Harga Beras Akan Turun Bulan Depan\"\n"
        "Menteri Pertanian Sutanto Wiryo mengatakan panen raya dimulai bulan depan.",
        [("indirect", "panen raya dimulai bulan depan", "mengatakan", "Sutanto Wiryo")],
    ),
    # a dateline is not a speaker; the title+name after it is
    (
        "JAKARTA, KOMPAS.com - Menteri Pertanian Sutanto Wiryo mengatakan panen raya dimulai "
        "bulan depan.",
        [("indirect", "panen raya dimulai bulan depan", "mengatakan", "Sutanto Wiryo")],
    ),
    # an agency-style dateline before an inverted cue
    (
        "BANDUNG - Panen raya dimulai bulan depan, kata Sutanto Wiryo.",
        [("indirect", "Panen raya dimulai bulan depan", "kata", "Sutanto Wiryo")],
    ),
    # a quote broken by an ad keeps the words after the ad
    pytest.param(
        "“Kami sudah menambah stok di gudang. ADVERTISEMENT Stok itu cukup sampai Lebaran,” "
        "kata Sutanto.",
        [
            ("direct", "Kami sudah menambah stok di gudang.", "kata", "Sutanto"),
            ("direct", "Stok itu cukup sampai Lebaran,", "kata", "Sutanto"),
        ],
    ),
]


@pytest.mark.parametrize("text, expected", HEADLINES)
def test_headlines_and_datelines(text: str, expected: list[QuoteRow]) -> None:
    r = extract_checked(text)
    assert rows(r) == expected
    # neither the dateline nor the outlet is ever a speaker
    assert all("KOMPAS" not in s.name and not s.name.isupper() for s in r.speakers)


def test_duplicated_paragraph_points_to_the_first() -> None:
    text = (
        "“Kami siap berunding kapan saja,” kata Lavrov.\n"
        "Moskow menunggu jawaban Kyiv.\n"
        "“Kami siap berunding kapan saja,” kata Lavrov."
    )
    r = extract_checked(text)
    assert [(q.id, q.paragraph, q.duplicate_of) for q in r.quotes] == [
        ("q1", 0, None), ("q2", 2, "q1")]
    assert r.quotes[0].text == r.quotes[1].text
    assert [s.quotes for s in r.speakers] == [("q1", "q2")]


def test_ignored_text_yields_no_quote() -> None:
    text = (
        "Harga beras naik di Pasar Kranggan.\n"
        "Baca juga: Sutanto: \"Harga Beras Akan Turun Bulan Depan\"\n"
        "Daftar slot gacor hari ini, kata admin situs itu.\n"
        "“Stok kami cukup,” kata Sutanto."
    )
    r = extract_checked(text)
    assert rows(r) == [("direct", "Stok kami cukup,", "kata", "Sutanto")]
    assert [ig.reason for ig in r.ignored] == ["related-links", "spam"]
