"""``quotes bench`` on the fake annotator: every block runs and prints (seconds, no models)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from quotes import bench
from quotes.model import Document
from tests.fakes import RegexAnnotator

ARTICLE = (
    "Presiden Joko Widodo meresmikan bendungan di Jawa Tengah.\n\n"
    "\u201cBendungan ini akan mengairi lima ribu hektare sawah,\u201d kata Jokowi, Senin.\n\n"
    "Menurut dia, proyek itu selesai tahun depan. Ia menambahkan bahwa biaya sudah tersedia.\n"
)


class NerFake(RegexAnnotator):
    """The regex annotator with an NER switch: ``recognize`` marks the asked sentences."""

    def __init__(self) -> None:
        super().__init__()
        self.ner_enabled = True
        self.timings: dict[str, float] = {}

    def recognize(
        self, docs: Sequence[Document], sentences: Sequence[Collection[int]]
    ) -> list[Document]:
        super().recognize(docs, sentences)
        if not self.ner_enabled:
            return list(docs)
        self.timings["ner"] = self.timings.get("ner", 0.0) + 0.001
        return [
            replace(d, sentences=tuple(replace(s, ner=True) if s.index in chosen else s
                                       for s in d.sentences))
            for d, chosen in zip(docs, sentences, strict=True)
        ]


def test_bench_prints_ner_block(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for i in range(3):
        (articles / f"a{i}.txt").write_text(ARTICLE, encoding="utf-8")
    fake = NerFake()
    assert bench.main(["--articles", str(articles), "--no-server", "--batch", "2"], fake) == 0
    out = capsys.readouterr().out
    assert "  ner " in out
    assert "sentences given to the parser" in out and "to NER" in out
    assert "NER on demand" in out and "NER on every sentence" in out
    assert "ratio with NER / without:" in out and "(target >= 0.75)" in out
    assert "speaker decision, ms per article" in out and "the model adds" in out
    assert fake.ner_enabled is True  # restored after the NER-off runs
    # "NER on every sentence" asked for all the sentences of an article
    total = len(fake.tokenize([ARTICLE])[0].sentences)
    assert any(len(chosen) == total for chosen in fake.recognized)


def test_bench_no_ner_compare(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert bench.main(["--articles", str(articles), "--no-server", "--no-ner-compare"],
                      NerFake()) == 0
    assert "NER on demand" not in capsys.readouterr().out


def test_bench_decision_block_restores_the_engine(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from quotes.stages import coreference

    real = coreference._decide
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert bench.main(["--articles", str(articles), "--no-server", "--no-ner-compare",
                       "--no-quality"], NerFake()) == 0
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines()
            if line.startswith(("  rules alone", "  shipped model"))]
    assert len(rows) == 2 and all(float(r[-1]) > 0 for r in rows)  # time inside the decision
    assert coreference._decide is real


class _Pipeline:
    processors = {"tokenize": 0, "mwt": 0}

    def __call__(self, text: str) -> None:
        return None

    def bulk_process(self, texts: Sequence[str]) -> None:
        return None


class PathFake(NerFake):
    """The NER fake with the word-and-sentence switches of StanzaAnnotator (switches only)."""

    def __init__(self) -> None:
        super().__init__()
        self.tokenizer = "rules"
        self.mwt = "rule"
        self.pipeline = _Pipeline()
        self.modes: list[tuple[str, str]] = []

    def tokenize(self, texts: Sequence[str]) -> list[Document]:
        self.modes.append((self.tokenizer, self.mwt))
        self.timings["tokenize"] = self.timings.get("tokenize", 0.0) + 0.001
        return super().tokenize(texts)


def test_bench_prints_every_word_and_sentence_path(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for i in range(2):
        (articles / f"a{i}.txt").write_text(ARTICLE, encoding="utf-8")
    fake = PathFake()
    argv = ["--articles", str(articles), "--no-server", "--no-ner-compare", "--no-quality",
            "--repeat", "1"]
    assert bench.main(argv, fake) == 0
    out = capsys.readouterr().out
    assert "words and sentences: stanza+expander, stanza+rule, rules (shipped: rules)" in out
    assert "articles/s one by one" in out and "articles/s batch" in out
    assert "shipped / stanza+rule" in out
    assert set(fake.modes) == {("stanza", "model"), ("stanza", "rule"), ("rules", "rule")}
    assert (fake.tokenizer, fake.mwt) == ("rules", "rule")  # restored


def test_bench_without_the_mwt_model_compares_two_paths(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(ARTICLE, encoding="utf-8")
    fake = PathFake()
    fake.pipeline.processors = {"tokenize": 0}
    argv = ["--articles", str(articles), "--no-server", "--no-ner-compare", "--no-quality",
            "--repeat", "1"]
    assert bench.main(argv, fake) == 0
    assert "words and sentences: stanza+rule, rules" in capsys.readouterr().out
    assert ("stanza", "model") not in fake.modes


def test_bench_with_one_path_says_so(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(ARTICLE, encoding="utf-8")
    argv = ["--articles", str(articles), "--no-server", "--no-ner-compare", "--no-quality"]
    assert bench.main(argv, NerFake()) == 0
    assert "only one word-and-sentence path" in capsys.readouterr().out
