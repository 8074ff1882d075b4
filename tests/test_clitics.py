"""The clitic rule that replaces Stanza's MWT expander (issue 17)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quotes import clitics
from quotes.clitics import clitic_spans, exceptions, split_clitics


@pytest.mark.parametrize("token, words", [
    ("ujarnya", ("ujar", "nya")),
    ("Menurutnya", ("Menurut", "nya")),
    ("apakah", ("apa", "kah")),
    ("Bukankah", ("Bukan", "kah")),
    ("tidaklah", ("tidak", "lah")),
    ("diapun", ("dia", "pun")),
    ("apatah", ("apa", "tah")),
    ("rumahku", ("rumah", "ku")),
    ("bukumu", ("buku", "mu")),
    ("kuambil", ("ku", "ambil")),
    ("kaulihat", ("kau", "lihat")),
    ("UJARNYA", ("UJAR", "NYA")),
    ("satu-satunya", ("satu-satu", "nya")),  # gold: satu + nya, not a substring split
])
def test_a_clitic_is_split_off(token: str, words: tuple[str, ...]) -> None:
    assert split_clitics(token) == words


@pytest.mark.parametrize("token", [
    "adalah", "Hanya", "pemerintah", "telah", "setelah", "sekolah", "masalah", "buku",
    "kuat", "kurang", "maupun", "sebenarnya",  # the exception list (UD training data)
    "nya", "ku", "mu", "lah", "kmu", "xnya",  # nothing or too little left
    "2nya", "--lah",  # no letter left
    "makan", "",  # no clitic
])
def test_a_token_stays_whole(token: str) -> None:
    assert split_clitics(token) == (token,)


def test_exception_list_is_lower_case_and_comes_from_the_training_data() -> None:
    words = exceptions()
    assert {"adalah", "hanya", "pemerintah", "telah"} <= words
    assert all(w == w.lower() and " " not in w for w in words)
    text = clitics.EXCEPTIONS_FILE.read_text(encoding="utf-8")
    assert "id_gsd-ud-dev" in text and "id_csui-ud-train" in text
    assert "test.conllu" not in text  # the test sets stay held out


def test_the_rule_splits_only_known_clitics() -> None:
    for token in ("ujarnya", "apakah", "kuambil"):
        pieces = split_clitics(token)
        assert pieces[-1].lower() in clitics.ENCLITICS or pieces[0].lower() in clitics.PROCLITICS


def test_spans_follow_the_pieces() -> None:
    assert clitic_spans(10, "ujarnya") == [(10, 14), (14, 17)]
    assert clitic_spans(0, "adalah") == [(0, 6)]


_TOKEN = st.text(alphabet=st.sampled_from("abcdeiklmnoprstuyKNY-İK"), max_size=12)


@given(_TOKEN)
def test_pieces_spell_the_token_and_spans_tile_it(token: str) -> None:
    pieces = split_clitics(token)
    assert "".join(pieces) == token
    assert 1 <= len(pieces) <= 2
    assert all(pieces) or token == ""
    spans = clitic_spans(5, token)
    assert [token[a - 5 : b - 5] for a, b in spans] == list(pieces)
    assert spans[0][0] == 5 and spans[-1][1] == 5 + len(token)


@pytest.mark.parametrize("token, words", [
    ("lainnya", ("lain", "nya")),  # whole in GSD, split in CSUI: the tokenizer decides
    ("meskipun", ("meski", "pun")),
])
def test_words_the_treebanks_write_both_ways_are_split_when_marked(
        token: str, words: tuple[str, ...]) -> None:
    assert split_clitics(token) == words


def test_the_shipped_exception_list_is_what_the_script_builds() -> None:
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    ud = root.parent / "shared" / "data" / "ud"
    if not (ud / "UD_Indonesian-CSUI" / "id_csui-ud-train.conllu").is_file():
        pytest.skip(f"{ud} not found")
    spec = importlib.util.spec_from_file_location("clitic_exceptions",
                                                  root / "scripts" / "clitic_exceptions.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    text = script.render(script.build(ud, 2), 2)
    assert clitics.EXCEPTIONS_FILE.read_text(encoding="utf-8") == text
