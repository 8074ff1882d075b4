"""The rules tokenizer (quotes.segment): tokens and sentences of handwritten news sentences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.segment import abbreviations, segment, sentence_spans, tokens


def words(text: str) -> list[list[str]]:
    return [[text[a:b] for a, b in sent] for sent in segment(text)]


def flat(text: str) -> list[str]:
    return [w for sent in words(text) for w in sent]


@pytest.mark.parametrize("text", [
    "Kantornya di Jl. Sudirman No. 5, Kab. Bogor, Jawa Barat.",
    "Saham PT Bank Rakyat Indonesia Tbk. naik 2 persen pada Senin.",
    "Warga Kec. Cibinong dan Kel. Pakansari datang ke Jln. Raya Bogor.",
    "Kapolres Kab. Sleman AKBP Yuswanto Ardi mengatakan hal itu.",
    "Rektor Prof. Dr. Ir. H. Ahmad Fauzi membuka acara.",
    "Ketua panitia M. Nasir dan A. Rahman hadir di Gg. Mawar.",
    "Perusahaan Maju Jaya Co. Ltd. dan Sinar Pte. Ltd. menandatangani kontrak.",
])
def test_an_abbreviation_does_not_end_the_sentence(text: str) -> None:
    assert len(words(text)) == 1


@pytest.mark.parametrize("abbr", ["Jl.", "Kab.", "Tbk.", "Ir.", "M.", "KAB.", "Kec."])
def test_an_abbreviation_keeps_its_period(abbr: str) -> None:
    assert abbr in flat(f"Dia tinggal di {abbr} Mawar sejak lama.")


def test_the_list_is_read_from_the_data_file() -> None:
    assert {"Jl.", "Kab.", "Tbk."} <= abbreviations()
    assert all(a.endswith(".") for a in abbreviations())


def test_sentences_split_at_final_marks() -> None:
    assert words("Harga naik. Warga resah! Apa sebabnya? Belum jelas…") == [
        ["Harga", "naik", "."], ["Warga", "resah", "!"], ["Apa", "sebabnya", "?"],
        ["Belum", "jelas", "…"]]


def test_a_sentence_end_glued_to_the_next_is_split() -> None:
    assert words("Hal itu disampaikannya.Lebih lanjut, dia datang.") == [
        ["Hal", "itu", "disampaikannya", "."], ["Lebih", "lanjut", ",", "dia", "datang", "."]]
    assert words("Jakarta, Rabu (2/7).Menurut dia, aman.")[1][0] == "Menurut"
    assert words("Kata dia tersebut.“Yang kita cabut izinnya.”")[1][:2] == ["“", "Yang"]


def test_a_web_address_is_not_a_sentence_end() -> None:
    for text in ("Dikutip dari Kompas.com, Senin.", "Laporan POS-KUPANG.COM, Kupang.",
                 "Kunjungi www.detik.com/berita hari ini."):
        assert len(words(text)) == 1, text


def test_closing_quotes_stay_with_their_sentence() -> None:
    assert words("“Kami siap.” Polisi berjaga.") == [
        ["“", "Kami", "siap", ".", "”"], ["Polisi", "berjaga", "."]]
    assert words("\"Kami siap.\" Polisi berjaga.")[0][-1] == "\""


def test_a_straight_quote_after_a_sentence_end_opens_the_next() -> None:
    for text in ("Dia menjelaskan. \"Kami siap,\" katanya.",
                 "Dia menjelaskan.\"Kami siap,\" katanya."):
        first, second = words(text)
        assert first[-1] == "."
        assert second[0] == "\""


def test_a_lower_case_word_goes_on_with_the_sentence() -> None:
    assert len(words("\"Mengapa harus begini?\" tanya dia.")) == 1
    assert len(words("\"Semua sudah aman.\" kata Budi.")) == 1


def test_hyphenated_and_slashed_words_stay_whole() -> None:
    toks = flat("Ada oknum-oknum Pro-Palestina di ke-22 kota, Rabu (2/7/2025), tensi 120/80.")
    for w in ("oknum-oknum", "Pro-Palestina", "ke-22", "2/7/2025", "120/80"):
        assert w in toks


def test_brackets_and_dashes_glued_to_words_are_split() -> None:
    assert flat("kata dia(5/7).")[:5] == ["kata", "dia", "(", "5/7", ")"]
    assert flat("menurut Jo—sapaan akrabnya")[:4] == ["menurut", "Jo", "—", "sapaan"]


def test_numbers_keep_their_separators() -> None:
    toks = flat("Harganya Rp 10.000 atau 2,5 persen pukul 10.30 WIB.")
    assert {"10.000", "2,5", "10.30"} <= set(toks)


def test_sentence_spans_takes_any_token_spans() -> None:
    text = "Ya. Tidak"
    assert sentence_spans(text, [(0, 2), (2, 3), (4, 9)]) == [[(0, 2), (2, 3)], [(4, 9)]]
    assert sentence_spans("", []) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"aB .,!?\"'“”()-/\n—1", "Jl.", "nya", "Kab", "www.x.com"]),
                max_size=40).map("".join))
def test_tokens_are_exact_ordered_slices(text: str) -> None:
    spans = tokens(text)
    last = 0
    for a, b in spans:
        assert last <= a < b <= len(text)
        assert not text[a:b].isspace() and text[a:b].strip() == text[a:b]
        last = b
    assert [s for sent in sentence_spans(text, spans) for s in sent] == spans
    # nothing but whitespace is left out
    covered = set()
    for a, b in spans:
        covered.update(range(a, b))
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


@pytest.mark.parametrize("degree", ["Sp.A", "Sp.PD", "S.H.", "M.Kes", "Ph.D", "A.Md.Keb."])
def test_a_degree_with_inner_periods_is_one_token(degree: str) -> None:
    assert degree in flat(f"Kata dr. Dewi Anggraini, {degree}, di Jakarta.")


def test_a_glued_sentence_end_is_not_a_degree() -> None:
    assert words("Dia tiba pukul 10.00 WIB.Baca juga berita lain.") == [
        ["Dia", "tiba", "pukul", "10.00", "WIB", "."], ["Baca", "juga", "berita", "lain", "."]]
