"""Direct-quote rules on the regex fake annotator: quotation marks, cues before/after, floating
paragraphs, and the scare quotes / titles / apostrophes that must not become quotes.

Every case lists ALL the quotes the engine must return as (type, text, cue, speaker name);
``extract_checked`` also asserts the offset and ordering invariants on every result.
"""

from __future__ import annotations

import pytest

from quotes.model import Extraction
from quotes.pipeline import extract
from tests.fakes import RegexAnnotator

QuoteRow = tuple[str, str, str | None, str | None]


def extract_checked(text: str) -> Extraction:
    """Run the engine on the fake annotator and assert the invariants every result must hold."""
    r = extract(text, RegexAnnotator())
    speakers = {s.id: s for s in r.speakers}
    for q in r.quotes:
        assert text[q.start : q.end] == q.text, q
        assert q.text == q.text.strip() and q.text, q
        if q.cue is not None:
            assert text[q.cue.start : q.cue.end] == q.cue.text, q.cue
        if q.speaker is not None:
            assert q.speaker.entity in speakers, q.speaker
            assert q.id in speakers[q.speaker.entity].quotes
            assert speakers[q.speaker.entity].name == q.speaker.name
            m = q.speaker.mention
            if m is not None:
                sliced = text[m.start : m.end]
                assert sliced == m.text or (m.text == "-nya" and sliced.lower() == "nya"), m
    starts = [q.start for q in r.quotes]
    assert starts == sorted(starts), "quotes are not in document order"
    direct = [q for q in r.quotes if q.type == "direct"]
    for a, b in zip(direct, direct[1:], strict=False):
        assert a.end <= b.start, f"direct quotes overlap: {a.text!r} / {b.text!r}"
    for ig in r.ignored:
        assert 0 <= ig.start < ig.end <= len(text)
    return r


def rows(r: Extraction) -> list[QuoteRow]:
    return [
        (q.type, q.text, q.cue.text if q.cue else None, q.speaker.name if q.speaker else None)
        for q in r.quotes
    ]


# -- quotation mark shapes -----------------------------------------------------------------

MARKS = [
    # curly marks, comma inside, inverted cue + titled speaker after the quote
    (
        "“Jembatan gantung itu akan kami perbaiki tahun depan,” kata Menteri Perhubungan "
        "Rahmat Wibisono.",
        [("direct", "Jembatan gantung itu akan kami perbaiki tahun depan,", "kata",
          "Rahmat Wibisono")],
    ),
    # straight ASCII marks pair like curly ones
    (
        '"Anggaran jalan desa sudah kami tambah," kata Gubernur Jawa Barat Dedi Kurniawan.',
        [("direct", "Anggaran jalan desa sudah kami tambah,", "kata", "Dedi Kurniawan")],
    ),
    # guillemets «…» with the comma inside
    (
        "«Kami tidak akan menaikkan tarif listrik tahun ini,» kata Menteri Keuangan Ratna Dewi.",
        [("direct", "Kami tidak akan menaikkan tarif listrik tahun ini,", "kata", "Ratna Dewi")],
    ),
    # mismatched pair: straight opening, curly closing
    (
        '"Stok beras aman sampai akhir tahun,” tambah Menteri Perdagangan Hendra Kusuma.',
        [("direct", "Stok beras aman sampai akhir tahun,", "tambah", "Hendra Kusuma")],
    ),
    # two closing-shaped marks: the first one opens by its context
    (
        "”Stok beras aman sampai akhir tahun,” tambah Menteri Perdagangan Hendra Kusuma.",
        [("direct", "Stok beras aman sampai akhir tahun,", "tambah", "Hendra Kusuma")],
    ),
    # opening mark glued to the previous sentence: wartawan."Vaksin
    (
        'Menteri Kesehatan Budi Hartono menemui wartawan."Vaksin tambahan tiba pekan depan," '
        "katanya.",
        [("direct", "Vaksin tambahan tiba pekan depan,", "katanya", "Budi Hartono")],
    ),
    # single curly marks are a quote when a reporting cue follows
    (
        "‘Kami siap berunding kapan saja,’ kata Lavrov.",
        [("direct", "Kami siap berunding kapan saja,", "kata", "Lavrov")],
    ),
    # an apostrophe inside a quote (Jum'at) neither opens nor closes anything
    (
        "“Kami salat Jum'at di masjid itu,” kata Ahmad Fauzi.",
        [("direct", "Kami salat Jum'at di masjid itu,", "kata", "Ahmad Fauzi")],
    ),
    # the comma written after the closing guillemet: still a direct quote with its cue
    pytest.param(
        "«Kami tidak akan menaikkan tarif listrik tahun ini», kata Menteri Keuangan Ratna Dewi.",
        [("direct", "Kami tidak akan menaikkan tarif listrik tahun ini", "kata", "Ratna Dewi")],
    ),
    # same with curly marks: “…”, kata X
    pytest.param(
        "“Kami tidak akan menaikkan tarif listrik tahun ini”, kata Menteri Keuangan Ratna Dewi.",
        [("direct", "Kami tidak akan menaikkan tarif listrik tahun ini", "kata", "Ratna Dewi")],
    ),
]


@pytest.mark.parametrize("text, expected", MARKS)
def test_quote_marks(text: str, expected: list[QuoteRow]) -> None:
    assert rows(extract_checked(text)) == expected


# -- spans: several sentences, paragraphs, unclosed marks ----------------------------------

SPANS = [
    # three sentences inside one pair of marks are ONE quote
    (
        "“Jalan desa rusak parah. Warga sudah lama mengeluh. Kami segera memperbaikinya,” "
        "ujar Menteri Pekerjaan Umum Surya Atmaja.",
        [("direct", "Jalan desa rusak parah. Warga sudah lama mengeluh. Kami segera "
          "memperbaikinya,", "ujar", "Surya Atmaja")],
    ),
    # a quote continued over three paragraphs (opening mark repeated, closing only at the
    # end): one quote per paragraph, all by the speaker introduced just before
    (
        "Kepala Dinas Pertanian Wulan Puspitasari mengatakan pupuk subsidi sudah tersedia.\n"
        "“Pupuk sudah kami kirim ke semua kecamatan sejak pekan lalu.\n"
        "“Kalau masih ada yang kekurangan, silakan lapor ke kantor dinas.\n"
        "“Kami juga menyiapkan benih unggul untuk musim tanam berikutnya,” katanya.",
        [
            ("indirect", "pupuk subsidi sudah tersedia", "mengatakan", "Wulan Puspitasari"),
            ("direct", "Pupuk sudah kami kirim ke semua kecamatan sejak pekan lalu.", None,
             "Wulan Puspitasari"),
            ("direct", "Kalau masih ada yang kekurangan, silakan lapor ke kantor dinas.", None,
             "Wulan Puspitasari"),
            ("direct", "Kami juga menyiapkan benih unggul untuk musim tanam berikutnya,",
             "katanya", "Wulan Puspitasari"),
        ],
    ),
    # the continued paragraphs belong to the speaker named where the quote closes, even when
    # the sentence before the quote is not a quote
    pytest.param(
        "Kepala Dinas Pertanian Wulan Puspitasari meninjau sawah di Bantul pada Selasa.\n"
        "“Pupuk sudah kami kirim ke semua kecamatan sejak pekan lalu.\n"
        "“Kami juga menyiapkan benih unggul untuk musim tanam berikutnya,” katanya.",
        [
            ("direct", "Pupuk sudah kami kirim ke semua kecamatan sejak pekan lalu.", None,
             "Wulan Puspitasari"),
            ("direct", "Kami juga menyiapkan benih unggul untuk musim tanam berikutnya,",
             "katanya", "Wulan Puspitasari"),
        ],
    ),
    # an unclosed mark recovers at its paragraph end: the next paragraphs are not swallowed
    (
        "“Jembatan ini sudah terlalu tua,” kata Menteri Perhubungan Rahmat Wibisono.\n"
        "“Perbaikan akan dimulai pekan depan dan selesai dalam dua bulan\n"
        "Warga sementara menyeberang dengan perahu.\n"
        "Sekolah di desa itu diliburkan.",
        [
            ("direct", "Jembatan ini sudah terlalu tua,", "kata", "Rahmat Wibisono"),
            ("direct", "Perbaikan akan dimulai pekan depan dan selesai dalam dua bulan", None,
             "Rahmat Wibisono"),
        ],
    ),
    # a forgotten closing mark before ", kata X": the cue still closes the quote
    pytest.param(
        "“Pupuk subsidi sudah kami kirim ke semua kecamatan sejak pekan lalu, kata Wulan "
        "Puspitasari.\nPetani di Gunungkidul masih menunggu kiriman pupuk.",
        [("direct", "Pupuk subsidi sudah kami kirim ke semua kecamatan sejak pekan lalu",
          "kata", "Wulan Puspitasari")],
    ),
]


@pytest.mark.parametrize("text, expected", SPANS)
def test_quote_spans(text: str, expected: list[QuoteRow]) -> None:
    r = extract_checked(text)
    assert rows(r) == expected
    # one paragraph per direct quote: none crosses a line break
    assert all("\n" not in q.text for q in r.quotes)


# -- cues after and before the quote --------------------------------------------------------

CUES = [
    # ", kata X" after the quote
    (
        "“Harga cabai mulai turun di banyak daerah,” kata Menteri Perdagangan Hendra Kusuma.",
        [("direct", "Harga cabai mulai turun di banyak daerah,", "kata", "Hendra Kusuma")],
    ),
    # ", ujarnya": the -nya is the person of the previous sentence
    (
        "Menteri Perdagangan Hendra Kusuma meninjau Pasar Kramat pada Senin.\n"
        "“Stok beras aman sampai akhir tahun,” ujarnya.",
        [("direct", "Stok beras aman sampai akhir tahun,", "ujarnya", "Hendra Kusuma")],
    ),
    # ", tambah Menteri X": title split off the name
    (
        "“Stok beras aman sampai akhir tahun,” tambah Menteri Perdagangan Hendra Kusuma.",
        [("direct", "Stok beras aman sampai akhir tahun,", "tambah", "Hendra Kusuma")],
    ),
    # ', Katanya.' capitalised after the closing mark
    (
        "Menteri Perdagangan Hendra Kusuma meninjau Pasar Kramat pada Senin.\n"
        "Stok beras di pasar itu cukup sampai Lebaran.\n"
        '"Stok beras aman sampai akhir tahun," Katanya.',
        [("direct", "Stok beras aman sampai akhir tahun,", "Katanya", "Hendra Kusuma")],
    ),
    # ", pungkasnya" closes the article's last quote
    (
        "Wali Kota Rina Marlina menutup acara itu.\n"
        "“Kita harus menjaga kebersihan sungai bersama-sama,” pungkasnya.",
        [("direct", "Kita harus menjaga kebersihan sungai bersama-sama,", "pungkasnya",
          "Rina Marlina")],
    ),
    # speaker then verb after the quote: ', Sutanto menjelaskan.'
    (
        "“Kami siap membeli gabah petani dengan harga wajar,” Sutanto menjelaskan.",
        [("direct", "Kami siap membeli gabah petani dengan harga wajar,", "menjelaskan",
          "Sutanto")],
    ),
    # pronoun then verb after the quote: ', ia menambahkan.'
    (
        "Sutanto Wiryo tiba di Pasar Legi. “Harga cabai mulai turun,” ia menambahkan.",
        [("direct", "Harga cabai mulai turun,", "menambahkan", "Sutanto Wiryo")],
    ),
    # cue before: 'X mengatakan, “…”'
    (
        "Hendra Kusuma mengatakan, “Stok beras aman sampai akhir tahun.”",
        [("direct", "Stok beras aman sampai akhir tahun.", "mengatakan", "Hendra Kusuma")],
    ),
    # cue before with a colon and a pronoun subject: 'Ia menambahkan: "…"'
    (
        "Menteri Perdagangan Hendra Kusuma tiba di Pasar Beringharjo pada Senin. "
        'Ia menambahkan: "Stok beras aman sampai akhir tahun."',
        [("direct", "Stok beras aman sampai akhir tahun.", "menambahkan", "Hendra Kusuma")],
    ),
    # cue before with "bahwa" and a lower-case quoted clause
    (
        "Ratna Dewi mengatakan bahwa “defisit anggaran masih terkendali dan tidak perlu "
        "dikhawatirkan siapa pun.”",
        [("direct", "defisit anggaran masih terkendali dan tidak perlu dikhawatirkan siapa "
          "pun.", "mengatakan", "Ratna Dewi")],
    ),
    # "Menurut X, “…”": the whole clause is the quoted sentence, so it is a direct quote
    pytest.param(
        "Menurut Ratna Dewi, “Defisit anggaran masih terkendali.”",
        [("direct", "Defisit anggaran masih terkendali.", "Menurut", "Ratna Dewi")],
    ),
    # "Kata X: “…”" at the start of the sentence
    pytest.param(
        "Kata Ratna Dewi: “Defisit anggaran masih terkendali.”",
        [("direct", "Defisit anggaran masih terkendali.", "Kata", "Ratna Dewi")],
    ),
    # a floating paragraph (no cue) continues the previous speaker
    (
        "“Stok beras aman sampai akhir tahun,” kata Menteri Perdagangan Hendra Kusuma.\n"
        "“Harga cabai juga mulai turun di banyak daerah.”",
        [
            ("direct", "Stok beras aman sampai akhir tahun,", "kata", "Hendra Kusuma"),
            ("direct", "Harga cabai juga mulai turun di banyak daerah.", None, "Hendra Kusuma"),
        ],
    ),
    # a floating paragraph right after the person is introduced (no earlier quote)
    pytest.param(
        "Menteri Perhubungan Rahmat Wibisono meninjau jembatan yang ambruk.\n"
        "“Perbaikan akan dimulai pekan depan dan selesai dalam dua bulan.”",
        [("direct", "Perbaikan akan dimulai pekan depan dan selesai dalam dua bulan.", None,
          "Rahmat Wibisono")],
    ),
]

FAR_FLOATING = (
    "“Stok beras aman sampai akhir tahun,” kata Menteri Perdagangan Hendra Kusuma.\n"
    "Pasar Kramat ramai pengunjung sejak pagi.\n"
    "Pedagang sayur menggelar dagangan sampai ke jalan.\n"
    "Petugas parkir kewalahan mengatur kendaraan.\n"
    "Antrean kendaraan mengular hingga siang.\n"
    "“Harga cabai juga mulai turun di banyak daerah.”"
)


def test_far_floating_quote_is_unattributed_or_hedged() -> None:
    """A floating paragraph more than three paragraphs after the last speaker: the rules leave
    it unattributed; the speaker model may still name the only person in the article, but
    then unsure, with "no speaker" among the alternatives and a low confidence."""
    from quotes.stages.decide import RULES

    rules = extract(FAR_FLOATING, RegexAnnotator(), RULES)
    assert rows(rules) == [
        ("direct", "Stok beras aman sampai akhir tahun,", "kata", "Hendra Kusuma"),
        ("direct", "Harga cabai juga mulai turun di banyak daerah.", None, None),
    ]
    first, far = extract_checked(FAR_FLOATING).quotes
    assert first.speaker is not None and first.speaker.name == "Hendra Kusuma"
    assert first.confidence >= 0.9
    if far.speaker is not None:
        assert far.speaker.probability is not None and far.speaker.probability < 0.6
        assert None in {a.name for a in far.speaker.alternatives}
        assert far.confidence < 0.5


@pytest.mark.parametrize("text, expected", CUES)
def test_cues_around_quotes(text: str, expected: list[QuoteRow]) -> None:
    assert rows(extract_checked(text)) == expected


# -- negatives: scare quotes, titles, apostrophes ------------------------------------------

NOT_QUOTES = [
    # a term after "istilah" is a scare quote
    ("Warga Desa Sukamaju menamai tradisi itu dengan istilah \"blusukan\" sejak lama.", []),
    # a film title
    ("Sutradara muda itu menggarap film \"Laskar Senja\" di Flores.", []),
    # a song title with curly marks
    ("Penyanyi asal Medan itu merilis lagu “Hujan Bulan Juni” pekan lalu.", []),
    # a formula in single marks
    ("Guru itu menggambar ‘2+2’ di papan tulis.", []),
    # a two-word quoted term in mid-sentence, no cue anywhere
    ("Pemerintah daerah menyiapkan \"dana darurat\" untuk korban banjir.", []),
    # a nickname in single marks
    ("Wisatawan menjuluki pantai itu ‘surga tersembunyi’.", []),
    # a short quoted title opening the sentence
    ("\"Laskar Senja\" tayang di bioskop mulai Kamis.", []),
    # apostrophes are not quote marks
    ("Pengajian digelar setiap Jum'at di masjid desa, sementara pasar buka sampai Ma'rib.", []),
    # a four-word programme name opening the sentence is a name, not a floating quote
    pytest.param(
        "\"Gerakan Menanam Sejuta Pohon\" dimulai di Bogor pada Minggu.",
        [],
    ),
]


@pytest.mark.parametrize("text, expected", NOT_QUOTES)
def test_scare_quotes_and_titles_are_not_quotes(text: str, expected: list[QuoteRow]) -> None:
    assert rows(extract_checked(text)) == expected
