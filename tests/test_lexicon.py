"""The reporting-cue lexicon (``quotes/data/cues.toml``) and the speaker word lists
(``quotes/data/names.toml``): every cue family expands to the expected surface forms, the data
is well-formed, and a few families work end to end on the regex fake annotator.

Adding a cue root to cues.toml means adding its row to ENTRIES (test_every_root_has_a_case).
"""

from __future__ import annotations

import tomllib

import pytest

from quotes.lexicon import DATA, CueForm, lexicon, parse_cues
from tests.test_rules_direct import QuoteRow, extract_checked, rows

# (root, kind, bare forms, their -nya clitic forms, verb forms, phrases), one row per root
Entry = tuple[str, str, list[str], list[str], list[str], list[str]]

ENTRIES: list[Entry] = [
    # kata: the commonest cue, with the -nya form katanya and mengatakannya
    ("kata", "say", ["kata"], ["katanya"], ["mengatakan", "berkata", "mengatakannya"], []),
    # ujar / ujarnya / berujar
    ("ujar", "say", ["ujar"], ["ujarnya"], ["berujar", "mengujarkan"], []),
    # ucap / ucapnya / mengucapkan
    ("ucap", "say", ["ucap"], ["ucapnya"], ["mengucapkan", "berucap"], []),
    # tutur / tuturnya / menuturkan
    ("tutur", "say", ["tutur"], ["tuturnya"], ["menuturkan", "bertutur"], []),
    # tambah / tambahnya / menambahkan
    ("tambah", "say", ["tambah"], ["tambahnya"], ["menambahkan"], []),
    # imbuh / imbuhnya / mengimbuhkan
    ("imbuh", "say", ["imbuh"], ["imbuhnya"], ["mengimbuhkan"], []),
    # jelas / jelasnya / menjelaskan
    ("jelas", "say", ["jelas"], ["jelasnya"], ["menjelaskan"], []),
    # ungkap / ungkapnya, meN- with and without -kan
    ("ungkap", "say", ["ungkap"], ["ungkapnya"], ["mengungkapkan", "mengungkap"], []),
    # tegas / tegasnya / menegaskan
    ("tegas", "say", ["tegas"], ["tegasnya"], ["menegaskan"], []),
    # papar / paparnya / memaparkan
    ("papar", "say", ["papar"], ["paparnya"], ["memaparkan"], []),
    # sebut / sebutnya / menyebut(kan)
    ("sebut", "say", ["sebut"], ["sebutnya"], ["menyebut", "menyebutkan"], []),
    # terang / terangnya / menerangkan
    ("terang", "say", ["terang"], ["terangnya"], ["menerangkan"], []),
    # klaim: both spellings of the meN- form
    ("klaim", "say", ["klaim"], ["klaimnya"], ["mengklaim", "mengeklaim"], []),
    # aku and akui are both bare forms of one root
    ("aku", "say", ["aku", "akui"], ["akunya", "akuinya"], ["mengaku", "mengakui"], []),
    # cuit: social-media posting
    ("cuit", "say", ["cuit"], ["cuitnya"], ["mencuit", "mencuitkan"], []),
    # tulis: written statements
    ("tulis", "say", ["tulis"], ["tulisnya"], ["menulis", "menuliskan"], []),
    # lanjut / lanjutnya (melanjutkan before an object is "to continue": not a cue)
    ("lanjut", "say", ["lanjut"], ["lanjutnya"], [], []),
    # pungkas: the article's closing quote
    ("pungkas", "say", ["pungkas"], ["pungkasnya"], ["memungkasi"], []),
    # tutup / tutupnya (menutup is "to close")
    ("tutup", "say", ["tutup"], ["tutupnya"], [], []),
    # beber / bebernya / membeberkan
    ("beber", "say", ["beber"], ["bebernya"], ["membeberkan"], []),
    # sambung / sambungnya (menyambung is "to connect")
    ("sambung", "say", ["sambung"], ["sambungnya"], [], []),
    # kenang / kenangnya (mengenang is "to remember")
    ("kenang", "say", ["kenang"], ["kenangnya"], [], []),
    # tanya: questions, ber- and meN-...-kan
    ("tanya", "say", ["tanya"], ["tanyanya"], ["bertanya", "menanyakan"], []),
    # jawab / jawabnya / menjawab
    ("jawab", "say", ["jawab"], ["jawabnya"], ["menjawab"], []),
    # seru / serunya / menyerukan, berseru
    ("seru", "say", ["seru"], ["serunya"], ["menyerukan", "berseru"], []),
    # verb only: menyampaikan (no bare 'sampai', a preposition)
    ("sampai", "say", [], [], ["menyampaikan"], []),
    # verb only: menyatakan
    ("nyata", "say", [], [], ["menyatakan"], []),
    # verb only: mengumumkan
    ("umum", "say", [], [], ["mengumumkan"], []),
    # verb only: memastikan
    ("pasti", "say", [], [], ["memastikan"], []),
    # verb only: menekankan
    ("tekan", "say", [], [], ["menekankan"], []),
    # cerita / ceritanya / bercerita, menceritakan
    ("cerita", "say", ["cerita"], ["ceritanya"], ["bercerita", "menceritakan"], []),
    # bilang / bilangnya (colloquial)
    ("bilang", "say", ["bilang"], ["bilangnya"], [], []),
    # verb only: two spellings
    ("info", "say", [], [], ["menginformasikan", "menginfokan"], []),
    # verb only: melaporkan
    ("lapor", "say", [], [], ["melaporkan"], []),
    # verb only: menyarankan
    ("sarankan", "say", [], [], ["menyarankan"], []),
    # verb only: mengisyaratkan
    ("isyarat", "say", [], [], ["mengisyaratkan"], []),
    # verb only: menyinggung
    ("singgung", "say", [], [], ["menyinggung"], []),
    # minta and pinta are bare forms of one root
    ("minta", "say", ["minta", "pinta"], ["mintanya", "pintanya"], ["meminta"], []),
    # desak / desaknya / mendesak
    ("desak", "say", ["desak"], ["desaknya"], ["mendesak"], []),
    # tuding / tudingnya / menuding
    ("tuding", "say", ["tuding"], ["tudingnya"], ["menuding"], []),
    # bantah / bantahnya / membantah
    ("bantah", "say", ["bantah"], ["bantahnya"], ["membantah"], []),
    # verb only: menampik
    ("tampik", "say", [], [], ["menampik"], []),
    # verb only: menyesalkan
    ("sesal", "say", [], [], ["menyesalkan"], []),
    # verb only: mengkritik
    ("kritik", "say", [], [], ["mengkritik"], []),
    # verb only: mengingatkan, memperingatkan
    ("ingat", "say", [], [], ["mengingatkan", "memperingatkan"], []),
    # verb only: mencatat (an organisation reporting figures)
    ("catat", "say", [], [], ["mencatat"], []),
    # verb only: mengimbau
    ("imbau", "say", [], [], ["mengimbau"], []),
    # verb only: mengajak
    ("ajak", "say", [], [], ["mengajak"], []),
    # attitude: harap / berharap / mengharapkan
    ("harap", "attitude", ["harap"], ["harapnya"], ["berharap", "mengharapkan"], []),
    # attitude adjectives standing as verbs: yakin, optimistis ...
    ("yakin", "attitude", [], [],
     ["yakin", "meyakini", "optimistis", "optimis", "pesimistis", "pesimis"], []),
    # attitude: nilai / menilai
    ("nilai", "attitude", ["nilai"], ["nilainya"], ["menilai"], []),
    # attitude: menganggap
    ("anggap", "attitude", [], [], ["menganggap"], []),
    # attitude: memperkirakan, mengira
    ("kira", "attitude", [], [], ["memperkirakan", "mengira"], []),
    # attitude: menduga
    ("duga", "attitude", [], [], ["menduga"], []),
    # attitude: khawatir, mengkhawatirkan
    ("khawatir", "attitude", [], [], ["khawatir", "mengkhawatirkan"], []),
    # attitude: percaya, mempercayai
    ("percaya", "attitude", [], [], ["percaya", "mempercayai"], []),
    # attitude: menyadari
    ("sadar", "attitude", [], [], ["menyadari"], []),
    # negated denials are phrases; the lemma drops the _tak suffix
    ("tampik_tak", "say", [], [], [],
     ["tak menampik", "tidak menampik", "tak membantah", "tidak membantah", "tak memungkiri",
      "tidak memungkiri"]),
    # source: menurut / menurutnya
    ("menurut", "source", ["menurut"], ["menurutnya"], [], []),
    # source: a passive cue opening the sentence ("Dikatakan X, …", "Dikatakannya, …")
    ("dikatakan", "source",
     ["dikatakan", "disampaikan", "dijelaskan", "ditegaskan", "diungkapkan", "dituturkan",
      "diakui"],
     ["dikatakannya", "disampaikannya", "dijelaskannya", "ditegaskannya", "diungkapkannya",
      "dituturkannya", "diakuinya"], [], []),
    # source phrases: dalam keterangan tertulis ...
    ("keterangan", "source", [], [], [],
     ["berdasarkan keterangan", "dalam keterangan tertulis", "dalam keterangan resmi",
      "dalam keterangannya", "dalam pernyataan tertulis", "dalam pernyataannya",
      "dalam laporan"]),
    # closing phrases, including the one-word phrase 'bunyi'
    ("pernyataan", "say", [], [], [],
     ["demikian pernyataan", "demikian keterangan", "bunyi", "demikian bunyi", "begitu kata",
      "demikian kata"]),
]


@pytest.mark.parametrize("root, kind, bare, clitic, verb, phrase", ENTRIES)
def test_cue_family(root: str, kind: str, bare: list[str], clitic: list[str], verb: list[str],
                    phrase: list[str]) -> None:
    lex = lexicon()
    lemma = root.split("_")[0]
    for form in bare:
        assert lex.forms[form] == CueForm(form, lemma, kind, "bare")
    for form in clitic:
        assert lex.forms[form] == CueForm(form, lemma, kind, "clitic")
    for form in verb:
        assert lex.forms[form] == CueForm(form, lemma, kind, "verb")
    for form in phrase:
        assert lex.phrases[tuple(form.split())] == CueForm(form, lemma, kind, "phrase")
    # nothing else carries this lemma (tampik and tampik_tak share one)
    mine = {f for f, c in lex.forms.items() if c.root == lemma}
    mine |= {" ".join(p) for p, c in lex.phrases.items() if c.root == lemma}
    same = [e for e in ENTRIES if e[0].split("_")[0] == lemma]
    assert mine == {f for _, _, b, c, v, p in same for f in (*b, *c, *v, *p)}


def test_every_root_has_a_case() -> None:
    roots = set(tomllib.loads((DATA / "cues.toml").read_text(encoding="utf-8")))
    assert roots == {root for root, *_ in ENTRIES}
    lex = lexicon()
    listed = {f for _, _, b, c, v, p in ENTRIES for f in (*b, *c, *v, *p)}
    assert set(lex.forms) | {" ".join(p) for p in lex.phrases} == listed


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k != "kind" for s in _strings(v)]
    return []


def test_cue_forms_are_lower_case() -> None:
    data = tomllib.loads((DATA / "cues.toml").read_text(encoding="utf-8"))
    forms = _strings(data)
    assert len(forms) > 100
    assert [f for f in forms if f != f.lower() or f != f.strip() or "  " in f] == []
    assert all(root == root.lower() for root in data)


def test_name_lists_are_lower_case() -> None:
    names = tomllib.loads((DATA / "names.toml").read_text(encoding="utf-8"))
    words = _strings(names)
    assert [w for w in words if w != w.lower()] == []


def test_name_lists_hold_single_tokens() -> None:
    names = tomllib.loads((DATA / "names.toml").read_text(encoding="utf-8"))
    assert [w for w in _strings(names) if " " in w] == []


PARSE_ERRORS = [
    # an unknown kind is rejected, naming the root and the kind
    ({"kata": {"kind": "speech", "bare": ["kata"]}}, "cue 'kata': unknown kind 'speech'"),
    # forms must be a list, not one string
    ({"kata": {"kind": "say", "bare": "kata"}}, "cue 'kata': forms must be a list of strings"),
    # forms must be strings
    ({"kata": {"kind": "say", "verb": ["berkata", 3]}},
     "cue 'kata': forms must be a list of strings"),
    # a missing kind is reported like an unknown one, naming the root
    pytest.param(
        {"kata": {"bare": ["kata"]}}, "cue 'kata': unknown kind None",
    ),
]


@pytest.mark.parametrize("data, message", PARSE_ERRORS)
def test_parse_cues_rejects_bad_entries(data: dict[str, dict[str, object]], message: str
                                        ) -> None:
    with pytest.raises(ValueError) as err:
        parse_cues(data)
    assert str(err.value) == message


def test_parse_cues_expands_and_lower_cases() -> None:
    forms, phrases = parse_cues({
        "ujar": {"kind": "say", "bare": ["Ujar"], "verb": ["Berujar"]},
        "papar_x": {"kind": "say", "phrase": ["Dalam Paparan", "paparan"]},
    })
    assert forms == {
        "ujar": CueForm("ujar", "ujar", "say", "bare"),
        "ujarnya": CueForm("ujarnya", "ujar", "say", "clitic"),
        "berujar": CueForm("berujar", "ujar", "say", "verb"),
    }
    # a one-word phrase stays a phrase; the root's _suffix is dropped from the lemma
    assert phrases == {
        ("dalam", "paparan"): CueForm("dalam paparan", "papar", "say", "phrase"),
        ("paparan",): CueForm("paparan", "papar", "say", "phrase"),
    }


END_TO_END = [
    # "…, cuit X." without marks
    (
        "Harga beras akan turun bulan depan, cuit Sutanto Wiryo.",
        [("indirect", "Harga beras akan turun bulan depan", "cuit", "Sutanto Wiryo")],
    ),
    # "X membantah …"
    (
        "Sutanto Wiryo membantah gudang Bulog kosong menjelang Lebaran.",
        [("indirect", "gudang Bulog kosong menjelang Lebaran", "membantah", "Sutanto Wiryo")],
    ),
    # "…,” pungkasnya." closing the article
    (
        "Sutanto Wiryo berpidato di depan petani.\n"
        "“Kita harus menanam lebih banyak padi tahun ini,” pungkasnya.",
        [("direct", "Kita harus menanam lebih banyak padi tahun ini,", "pungkasnya",
          "Sutanto Wiryo")],
    ),
    # "…, imbuhnya."
    (
        "Sutanto Wiryo meninjau pasar. Stok beras cukup sampai Lebaran, imbuhnya.",
        [("indirect", "Stok beras cukup sampai Lebaran", "imbuhnya", "Sutanto Wiryo")],
    ),
    # "…, beber X."
    (
        "Gudang itu sudah kosong sejak Maret, beber Sutanto Wiryo.",
        [("indirect", "Gudang itu sudah kosong sejak Maret", "beber", "Sutanto Wiryo")],
    ),
    # "…,” tulis X di akun …"
    (
        "“Harga terus naik,” tulis Sutanto Wiryo di akun X miliknya.",
        [("direct", "Harga terus naik,", "tulis", "Sutanto Wiryo")],
    ),
    # "…,” tanya X." for a question
    (
        "“Kapan harga turun?” tanya Marni.",
        [("direct", "Kapan harga turun?", "tanya", "Marni")],
    ),
    # "tidak membantah" is a phrase cue, not a negated one
    (
        "Sutanto Wiryo tidak membantah gudang itu sempat kosong.",
        [("indirect", "gudang itu sempat kosong", "tidak membantah", "Sutanto Wiryo")],
    ),
    # attitude verb memperkirakan + clause
    (
        "Sutanto Wiryo memperkirakan harga beras turun bulan depan.",
        [("indirect", "harga beras turun bulan depan", "memperkirakan", "Sutanto Wiryo")],
    ),
    # "…, begitu kata X."
    (
        "Harga cabai turun sejak pekan lalu, begitu kata Sutanto Wiryo.",
        [("indirect", "Harga cabai turun sejak pekan lalu", "begitu kata", "Sutanto Wiryo")],
    ),
    # "…, bunyi X." with a document as the speaker
    (
        "Semua warga wajib memakai masker di dalam ruangan, bunyi Surat Edaran Kemenkes.",
        [("indirect", "Semua warga wajib memakai masker di dalam ruangan", "bunyi",
          "Surat Edaran Kemenkes")],
    ),
    # "Berdasarkan keterangan X, …"
    (
        "Berdasarkan keterangan polisi, pelaku sudah ditangkap di Semarang.",
        [("indirect", "pelaku sudah ditangkap di Semarang", "Berdasarkan keterangan",
          "polisi")],
    ),
    # a bare attitude form never closes a clause ("…, harap warga …" is a request to readers)
    ("Kami menunggu hasil rapat itu, harap warga bersabar sampai besok.", []),
    # "tambah" after a comma followed by no speaker is not a cue
    ("Harga terus naik, tambah lagi hujan deras setiap hari.", []),
    # mengatakannya: the object is the -nya, no clause follows
    ("Sutanto Wiryo mengatakannya kepada wartawan.", []),
    # "menutup" before a noun phrase is closing a road, not speaking
    pytest.param(
        "Polisi menutup jalan itu selama dua hari karena ada perbaikan.", [],
    ),
    # "melanjutkan" before a noun phrase is continuing a search
    pytest.param(
        "Tim SAR melanjutkan pencarian korban yang hanyut di sungai.", [],
    ),
    # "membilang" means to count, not to say
    pytest.param(
        "Petugas membilang surat suara satu per satu sebelum rekapitulasi dimulai.", [],
    ),
]


@pytest.mark.parametrize("text, expected", END_TO_END)
def test_cue_families_end_to_end(text: str, expected: list[QuoteRow]) -> None:
    assert rows(extract_checked(text)) == expected
