"""Speakers on the regex fake annotator: title/name split, pronouns and -nya, clustering of
mentions into one Speaker, honorifics, organisations, groups, and the news agency that is
never a speaker.

Each case gives (the speaker name of every quote in order, the Speaker records as
(name, kind, titles, aliases)).
"""

from __future__ import annotations

import pytest

from quotes.model import Extraction
from tests.test_rules_direct import extract_checked

SpeakerRow = tuple[str, str, tuple[str, ...], tuple[str, ...]]
Expected = tuple[list[str | None], list[SpeakerRow]]

LAVROV = ("Sergei Lavrov", "person", ("Menteri Luar Negeri Rusia",), ())


def summary(r: Extraction) -> Expected:
    names = [q.speaker.name if q.speaker else None for q in r.quotes]
    speakers = [(s.name, s.kind, s.titles, s.aliases) for s in r.speakers]
    return names, speakers


SPEAKERS = [
    # title + name: the trailing capitalised non-title words are the name, the rest its title
    (
        "Menteri Luar Negeri Rusia Sergei Lavrov mengatakan Moskow siap berunding dengan Kyiv.",
        (["Sergei Lavrov"], [LAVROV]),
    ),
    # "Dia mengatakan" resolves to the person of the previous sentence
    (
        "Menteri Luar Negeri Rusia Sergei Lavrov tiba di Ankara pada Senin. Dia mengatakan "
        "Moskow siap berunding dengan Kyiv.",
        (["Sergei Lavrov"], [LAVROV]),
    ),
    # "Ia mengatakan" likewise
    (
        "Menteri Luar Negeri Rusia Sergei Lavrov tiba di Ankara pada Senin. Ia mengatakan "
        "Moskow siap berunding dengan Kyiv.",
        (["Sergei Lavrov"], [LAVROV]),
    ),
    # "Beliau mengatakan" likewise
    (
        "Menteri Luar Negeri Rusia Sergei Lavrov tiba di Ankara pada Senin. Beliau mengatakan "
        "Moskow siap berunding dengan Kyiv.",
        (["Sergei Lavrov"], [LAVROV]),
    ),
    # ujarnya / tambahnya / katanya / menurutnya all point back to the salient person
    (
        "Menteri Luar Negeri Rusia Sergei Lavrov tiba di Ankara pada Senin.\n"
        "“Kami siap berunding kapan saja,” ujarnya.\n"
        "“Tetapi syaratnya harus jelas,” tambahnya.\n"
        "Moskow juga menolak campur tangan pihak asing, katanya.\n"
        "Menurutnya, perundingan bisa dimulai bulan depan.",
        (["Sergei Lavrov"] * 4, [LAVROV]),
    ),
    # two speakers keep their own quotes; the surname-only mention joins the first one
    (
        "“Kami siap berunding kapan saja,” kata Menteri Luar Negeri Rusia Sergei Lavrov.\n"
        "“Kami menolak semua syarat itu,” kata Menteri Luar Negeri Ukraina Dmytro Kuleba.\n"
        "“Syarat itu tidak masuk akal,” kata Lavrov.",
        (
            ["Sergei Lavrov", "Dmytro Kuleba", "Sergei Lavrov"],
            [
                ("Sergei Lavrov", "person", ("Menteri Luar Negeri Rusia",), ("Lavrov",)),
                ("Dmytro Kuleba", "person", ("Menteri Luar Negeri Ukraina",), ()),
            ],
        ),
    ),
    # -nya after two speakers is the most recent one
    (
        "“Harga cabai turun,” kata Menteri Perdagangan Hasan Rahim.\n"
        "“Pasokan dari Brebes lancar,” kata Kepala Dinas Pertanian Sutanto Wiryo.\n"
        "“Stok bawang juga cukup,” tambahnya.",
        (
            ["Hasan Rahim", "Sutanto Wiryo", "Sutanto Wiryo"],
            [
                ("Hasan Rahim", "person", ("Menteri Perdagangan",), ()),
                ("Sutanto Wiryo", "person", ("Kepala Dinas Pertanian",), ()),
            ],
        ),
    ),
    # surname only after the full name: one Speaker, the surname as alias
    (
        "Menteri Luar Negeri Rusia Sergei Lavrov mengatakan Moskow siap berunding dengan Kyiv.\n"
        "“Kami tidak akan mundur,” kata Lavrov.",
        (
            ["Sergei Lavrov", "Sergei Lavrov"],
            [("Sergei Lavrov", "person", ("Menteri Luar Negeri Rusia",), ("Lavrov",))],
        ),
    ),
    # transliteration variants Sergei/Sergey, Shoigu/Shoygu: one cluster
    (
        "Menteri Pertahanan Rusia Sergei Shoigu mengatakan pasukan sudah ditarik dari "
        "perbatasan.\n“Penarikan selesai pekan ini,” kata Sergey Shoygu.",
        (
            ["Sergei Shoigu", "Sergei Shoigu"],
            [("Sergei Shoigu", "person", ("Menteri Pertahanan Rusia",), ("Sergey Shoygu",))],
        ),
    ),
    # the short transliterated form joins too (Shoygu = Sergei Shoigu)
    (
        "Menteri Pertahanan Rusia Sergei Shoigu mengatakan pasukan sudah ditarik dari "
        "perbatasan.\n“Penarikan selesai pekan ini,” kata Shoygu.",
        (
            ["Sergei Shoigu", "Sergei Shoigu"],
            [("Sergei Shoigu", "person", ("Menteri Pertahanan Rusia",), ("Shoygu",))],
        ),
    ),
    # a title-only mention ("Menlu Rusia itu") is the person introduced with that title
    (
        "Menteri Luar Negeri Rusia Sergei Lavrov tiba di Ankara pada Senin.\n"
        "Menlu Rusia itu mengatakan Moskow siap berunding dengan Kyiv.",
        (["Sergei Lavrov"], [LAVROV]),
    ),
    # an appositive name between commas after the title
    (
        "Ketua Komisi I DPR, Budi Santoso, mengatakan anggaran pertahanan tahun depan akan "
        "naik.",
        (["Budi Santoso"], [("Budi Santoso", "person", ("Ketua Komisi I DPR",), ())]),
    ),
    # a title naming a regency: the regency belongs to the title, not to the name
    (
        "“Jembatan gantung itu selesai tahun depan,” kata Bupati Sleman Rahmat Wibisono.",
        (["Rahmat Wibisono"], [("Rahmat Wibisono", "person", ("Bupati Sleman",), ())]),
    ),
    # the two-word title "Wali Kota" followed by its city
    (
        "Wali Kota Surabaya Eri Wibowo mengatakan banjir sudah surut di sebagian besar "
        "wilayah.",
        (["Eri Wibowo"], [("Eri Wibowo", "person", ("Wali Kota Surabaya",), ())]),
    ),
    # a regional title before a one-word name keeps the name
    (
        "“Jembatan gantung itu selesai tahun depan,” kata Bupati Wibisono.",
        (["Wibisono"], [("Wibisono", "person", ("Bupati",), ())]),
    ),
    # an all-caps agency acronym in the title is not part of the name
    pytest.param(
        "Kepala BPBD Sutanto Wiryo mengatakan air mulai surut sejak Selasa malam.",
        (["Sutanto Wiryo"], [("Sutanto Wiryo", "person", ("Kepala BPBD",), ())]),
    ),
    # a subject introduced with both names in a coordination is registered whole
    pytest.param(
        "Sutanto Wiryo dan Hasan Rahim mengunjungi Pasar Legi. “Harga cabai turun,” ujar Hasan.",
        (["Hasan Rahim"], [("Hasan Rahim", "person", (), ("Hasan",))]),
    ),
    # an apostrophe day name (Jum'at) in a leading adjunct must not hide the subject
    pytest.param(
        "Pada Jum'at pagi, Sutanto Wiryo berkunjung ke Pasar Legi. “Harga cabai turun,” "
        "ujarnya.",
        (["Sutanto Wiryo"], [("Sutanto Wiryo", "person", (), ())]),
    ),
]


@pytest.mark.parametrize("text, expected", SPEAKERS)
def test_speakers(text: str, expected: Expected) -> None:
    assert summary(extract_checked(text)) == expected


HONORIFICS = [
    # "Pak" is dropped: one speaker for "Pak Darmawan Wijaya" and "Darmawan Wijaya"
    (
        "“Harga cabai sudah turun,” kata Pak Darmawan Wijaya.\n"
        "“Pasokan dari Brebes lancar,” kata Darmawan Wijaya.",
        (["Darmawan Wijaya", "Darmawan Wijaya"], [("Darmawan Wijaya", "person", (), ())]),
    ),
    # "Bu" is dropped from the name
    (
        "“Pupuk subsidi sudah tiba,” kata Bu Wulan Puspitasari.\n"
        "“Petani bisa mengambilnya mulai besok,” kata Wulan.",
        (["Wulan Puspitasari", "Wulan Puspitasari"],
         [("Wulan Puspitasari", "person", (), ("Wulan",))]),
    ),
    # "Jenderal" is dropped from the name and is not a title
    (
        "“Pasukan tetap siaga di perbatasan,” kata Jenderal Agus Pranoto.",
        (["Agus Pranoto"], [("Agus Pranoto", "person", (), ())]),
    ),
    # "Bu" is dropped, but "Sri" is a given name here, not the honorific Sri
    pytest.param(
        "“Harga cabai sudah turun,” kata Bu Sri Rahayu.",
        (["Sri Rahayu"], [("Sri Rahayu", "person", (), ())]),
    ),
    # "Jenderal." written with a full stop before the name
    pytest.param(
        "“Pasukan tetap siaga di perbatasan,” kata Jenderal. Agus Pranoto.",
        (["Agus Pranoto"], [("Agus Pranoto", "person", (), ())]),
    ),
]


@pytest.mark.parametrize("text, expected", HONORIFICS)
def test_honorifics(text: str, expected: Expected) -> None:
    assert summary(extract_checked(text)) == expected


ORGS_AND_GROUPS = [
    # an organisation posting on social media
    (
        "\"Vaksinasi booster kini bisa dilakukan di puskesmas terdekat,\" tulis Kemenkes di "
        "akun Instagram-nya.",
        (["Kemenkes"], [("Kemenkes", "organization")]),
    ),
    # an organisation as the subject of an indirect quote
    (
        "Dalam keterangan tertulis, Kemenkes menyebut kasus demam berdarah meningkat tajam.",
        (["Kemenkes"], [("Kemenkes", "organization")]),
    ),
    # "cuit kantor X": the office tweets, an organisation
    (
        "\"Perdana menteri akan bertemu para petani pekan depan,\" cuit kantor Modi.",
        (["kantor Modi"], [("kantor Modi", "organization")]),
    ),
    # "cuit kantor Perdana Menteri India": the office is an organisation, not a person
    pytest.param(
        "\"Perdana menteri akan bertemu para petani pekan depan,\" cuit kantor Perdana "
        "Menteri India.",
        (["kantor Perdana Menteri India"], [("kantor Perdana Menteri India", "organization")]),
    ),
    # an unnamed group: "Para pejabat"
    (
        "Para pejabat mengatakan stok vaksin cukup untuk tiga bulan ke depan.",
        (["Para pejabat"], [("Para pejabat", "group")]),
    ),
    # "Warga" opening the sentence is an unnamed group, not a person called Warga
    pytest.param(
        "Warga khawatir banjir susulan datang malam ini.",
        (["Warga"], [("Warga", "group")]),
    ),
    # "Polisi" opening the sentence is the police, not a person named Polisi
    pytest.param(
        "Polisi menyebut pelaku sudah ditangkap di Semarang.",
        (["Polisi"], [("Polisi", "group")]),
    ),
    # an unnamed individual: "kata seorang warga"
    pytest.param(
        "“Kapan harga beras turun?” kata seorang warga.",
        (["seorang warga"], [("seorang warga", "person")]),
    ),
    # a document written in lower case after "demikian bunyi"
    pytest.param(
        "Semua warga wajib memakai masker di dalam ruangan, demikian bunyi surat edaran "
        "Kemenkes.",
        (["surat edaran Kemenkes"], [("surat edaran Kemenkes", "organization")]),
    ),
    # "Mereka" refers back to the plural group subject of the previous sentence
    pytest.param(
        "Para petani mengeluh harga pupuk naik. Mereka mengatakan pupuk subsidi sulit didapat.",
        (["Para petani"], [("Para petani", "group")]),
    ),
]


@pytest.mark.parametrize("text, expected", ORGS_AND_GROUPS)
def test_organisations_and_groups(
    text: str, expected: tuple[list[str | None], list[tuple[str, str]]]
) -> None:
    # name and kind only: an organisation or group has no person's title to split off
    names, speakers = summary(extract_checked(text))
    assert (names, [(name, kind) for name, kind, _, _ in speakers]) == expected


AGENCIES = [
    # "sebagaimana diberitakan TASS" names the outlet, not a speaker
    (
        "“Kami siap berunding kapan saja,” kata Menteri Luar Negeri Rusia Sergei Lavrov, "
        "sebagaimana diberitakan TASS.",
        (["Sergei Lavrov"], [LAVROV]),
    ),
    # "seperti dikutip TASS" after the speaker
    (
        "Moskow siap berunding dengan Kyiv, kata Lavrov seperti dikutip TASS.",
        (["Lavrov"], [("Lavrov", "person", (), ())]),
    ),
    # "kepada TASS": the interviewer is not the speaker
    (
        "“Kami siap berunding kapan saja,” kata Lavrov kepada TASS.",
        (["Lavrov"], [("Lavrov", "person", (), ())]),
    ),
    # the agency as the only name after the cue: the quote stays, unattributed
    (
        "“Moskow siap berunding dengan Kyiv kapan saja,” tulis TASS.",
        ([None], []),
    ),
]


@pytest.mark.parametrize("text, expected", AGENCIES)
def test_news_agency_is_never_a_speaker(text: str, expected: Expected) -> None:
    r = extract_checked(text)
    assert summary(r) == expected
    assert not any("TASS" in s.name or "TASS" in s.aliases for s in r.speakers)


# A statement quoted before speaks again through "pernyataan tersebut" / "laporan itu".
ANAPHORS = [
    (
        "“Kami berduka atas kepergian Budi,” demikian pernyataan keluarga Santoso. "
        "“Budi adalah ayah yang baik bagi kami semua,” lanjut pernyataan tersebut.",
        ["Santoso", "Santoso"],  # "keluarga" is the title, as for any role noun
    ),
    # without an earlier statement there is nobody to point back to: a new source
    (
        "“Jembatan itu retak di tiga titik,” tulis laporan itu.",
        ["laporan"],
    ),
]


@pytest.mark.parametrize("text, expected", ANAPHORS)
def test_statement_anaphors(text: str, expected: list[str]) -> None:
    names, _ = summary(extract_checked(text))
    assert names == expected


def test_title_glued_to_the_name_by_the_scraper() -> None:
    # "Menteri AgamaNasaruddin": a stripped link glued two words; one speaker, one name
    r = extract_checked(
        "Menteri AgamaRahmat Hidayat menyebut pemerintah akan menambah kuota haji tahun depan. "
        "“Kami sudah menyiapkan pemondokan,” kata Rahmat."
    )
    assert [q.speaker.name for q in r.quotes if q.speaker] == ["Rahmat Hidayat"] * 2
    assert [(s.name, s.titles) for s in r.speakers] == [("Rahmat Hidayat", ("Menteri Agama",))]
