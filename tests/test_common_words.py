"""The common-word list (``quotes/data/common_words.txt``) the speaker decision reads: learned
from the UD and NER training corpora, it knows sentence openers from names."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from quotes.lexicon import lexicon

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"


@pytest.mark.parametrize("word", ["Akibatnya", "Kedatangan", "Begitupun", "pemerintah",
                                  "warga", "Ketiga", "yang", "Namun"])
def test_openers_and_ordinary_words_are_common(word: str) -> None:
    assert lexicon().is_common(word)


@pytest.mark.parametrize("word", ["Budi", "Santoso", "Dewi", "Putra", "Jakarta", "Sleman",
                                  "Hartono", "DPRD", "Prabowo"])
def test_names_and_places_are_not_common(word: str) -> None:
    assert not lexicon().is_common(word)


def test_the_list_is_sorted_lower_case_words() -> None:
    lines = (ROOT / "quotes" / "data" / "common_words.txt").read_text(encoding="utf-8")
    words = [w for w in lines.splitlines() if w and not w.startswith("#")]
    assert len(words) > 3000
    assert words == sorted(set(words))
    assert all(w == w.lower() and w[0].isalpha() for w in words)
    assert frozenset(words) == lexicon().common_words


@pytest.mark.skipif(not (SHARED / "ud").is_dir(), reason="needs ../shared/data")
def test_the_list_is_rebuilt_from_the_corpora(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_common_words",
                                                  ROOT / "scripts" / "build_common_words.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "common.txt"
    assert module.main(["--ud", str(SHARED / "ud"), "--ner", str(SHARED / "ner"),
                        "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (
        ROOT / "quotes" / "data" / "common_words.txt").read_text(encoding="utf-8")
