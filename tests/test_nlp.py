"""The shipped Stanza models, loaded for real (issue: offline Indonesian pipeline)."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from quotes import nlp
from quotes.errors import ModelError
from quotes.model import Document
from quotes.nlp import SHIPPED_DIR, StanzaAnnotator, quiet_unknown_language_warning, verify_models

pytestmark = pytest.mark.models

PARAGRAPH = (
    "Gubernur Sulawesi Tengah meresmikan jembatan baru di Palu pada Senin pagi. "
    "Jembatan itu menghubungkan dua kecamatan yang terpisah sejak banjir tahun lalu. "
    "Warga menyambut peresmian tersebut dengan gembira."
)


def test_manifest_lists_every_processor_with_a_matching_hash() -> None:
    manifest = verify_models(SHIPPED_DIR)
    assert set(manifest["files"]) == {"tokenize", "mwt", "pos", "lemma", "depparse", "ner"}
    total = sum(f["bytes"] for f in manifest["files"].values())
    assert total <= 60 * 1024 * 1024
    assert "UD_Indonesian-GSD/id_gsd-ud-test.conllu" == manifest["treebanks"]["test"]


def test_sentence_split_of_a_paragraph(stanza_annotator: StanzaAnnotator) -> None:
    doc = stanza_annotator.tokenize([PARAGRAPH])[0]
    sents = [PARAGRAPH[s.start : s.end] for s in doc.sentences]
    assert sents == [
        "Gubernur Sulawesi Tengah meresmikan jembatan baru di Palu pada Senin pagi.",
        "Jembatan itu menghubungkan dua kecamatan yang terpisah sejak banjir tahun lalu.",
        "Warga menyambut peresmian tersebut dengan gembira.",
    ]


def test_offsets_round_trip_into_the_original_text(stanza_annotator: StanzaAnnotator) -> None:
    text = "  Judul Berita\n\n“Kami siap,”  ujarnya.\nIa menambahkan:  \"Semua aman.\"  "
    doc = stanza_annotator.tokenize([text])[0]
    assert doc.text == text
    for w in doc.words:
        assert text[w.token_start : w.token_end].strip() == text[w.token_start : w.token_end]
        assert w.text == text[w.start : w.end]
    for s in doc.sentences:
        assert text[s.start : s.end] == text[s.start : s.end].strip()
    assert [text[p.start : p.end] for p in doc.paragraphs][0] == "Judul Berita"


@pytest.mark.parametrize("surface, stem", [
    ("tambahnya", "tambah"),
    ("katanya", "kata"),
    ("ujarnya", "ujar"),
])
def test_nya_clitic_is_split_from_its_token(stanza_annotator: StanzaAnnotator, surface: str,
                                            stem: str) -> None:
    text = f"“Kami akan datang besok pagi,” {surface}."
    doc = stanza_annotator.tokenize([text])[0]
    parts = [w for w in doc.words if w.token_start == text.index(surface)]
    assert [w.text for w in parts] == [stem, "nya"]
    assert all(w.is_clitic_part for w in parts)
    assert parts[0].start == text.index(surface)
    assert parts[1].end == text.index(surface) + len(surface)


def _parsed(annotator: StanzaAnnotator, text: str) -> Document:
    doc = annotator.tokenize([text])[0]
    return annotator.parse([doc], [set(range(len(doc.sentences)))])[0]


def test_lemma_of_mengatakan_is_kata(stanza_annotator: StanzaAnnotator) -> None:
    doc = _parsed(stanza_annotator, "Juru bicara itu mengatakan bahwa rapat ditunda.")
    word = next(w for w in doc.words if w.text == "mengatakan")
    assert word.lemma == "kata"
    assert all(s.parsed for s in doc.sentences)


def test_nsubj_of_kata_is_the_minister(stanza_annotator: StanzaAnnotator) -> None:
    text = "“Kami mendukung perundingan damai,” kata Menteri Luar Negeri Retno Marsudi."
    doc = _parsed(stanza_annotator, text)
    kata = next(w for w in doc.words if w.text == "kata")
    subjects = [w for w in doc.words if w.head == kata.index and w.deprel.startswith("nsubj")]
    assert subjects, [(w.text, w.head, w.deprel) for w in doc.words]
    speaker = text.index("Menteri")
    assert all(speaker <= w.start < len(text) - 1 for w in subjects)


def test_unparsed_sentences_stay_untagged(stanza_annotator: StanzaAnnotator) -> None:
    doc = stanza_annotator.tokenize(["Satu kalimat. Dua kalimat lagi."])[0]
    doc = stanza_annotator.parse([doc], [{1}])[0]
    assert [s.parsed for s in doc.sentences] == [False, True]
    assert all(w.upos == "" for w in doc.sentence_words(doc.sentences[0]))
    assert all(w.upos for w in doc.sentence_words(doc.sentences[1]))


def test_missing_models_give_one_actionable_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="make models"):
        StanzaAnnotator(models_dir=tmp_path)


def test_corrupt_model_is_detected_by_its_hash(tmp_path: Path) -> None:
    for f in SHIPPED_DIR.iterdir():
        if f.suffix in (".json",):
            shutil.copy(f, tmp_path / f.name)
        else:
            (tmp_path / f.name).write_bytes(b"version https://git-lfs.github.com/spec/v1\n")
    with pytest.raises(ModelError, match="sha256"):
        verify_models(tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["files"]


UNSUPPORTED = "Trying to create pipeline for unsupported language: %s"


def test_loading_prints_no_unsupported_language_warning(
        caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Stanza warns "unsupported language: id" for models loaded by path; newcomers read it as
    "Indonesian is not supported". It is dropped at its source, and only it."""
    dropped: list[str] = []
    real = nlp._DropUnknownLanguageWarning.filter

    def spy(self: nlp._DropUnknownLanguageWarning, record: logging.LogRecord) -> bool:
        keep = real(self, record)
        if not keep:
            dropped.append(record.getMessage())
        return keep

    monkeypatch.setattr(nlp._DropUnknownLanguageWarning, "filter", spy)
    caplog.set_level(logging.DEBUG, logger="stanza")
    StanzaAnnotator()
    assert dropped == ["Trying to create pipeline for unsupported language: id"]  # Stanza said it
    assert not [r for r in caplog.records if "unsupported language" in r.getMessage()]
    assert "unsupported language" not in capfd.readouterr().err
    assert not logging.getLogger("stanza").filters  # the filter was only there while loading


def test_other_stanza_warnings_still_pass(caplog: pytest.LogCaptureFixture) -> None:
    stanza_logger = logging.getLogger("stanza")
    caplog.set_level(logging.WARNING, logger="stanza")
    with quiet_unknown_language_warning():
        stanza_logger.warning("GPU requested, but is not available!")
        stanza_logger.warning(UNSUPPORTED, "id")
        stanza_logger.warning(UNSUPPORTED, "xx")
        stanza_logger.warning("Unsupported language: %s", "id")
    stanza_logger.warning(UNSUPPORTED, "id")  # outside the block: not filtered
    assert [r.getMessage() for r in caplog.records if r.name == "stanza"] == [
        "GPU requested, but is not available!",
        "Trying to create pipeline for unsupported language: xx",
        "Unsupported language: id",
        "Trying to create pipeline for unsupported language: id",
    ]


# -- the clitic rule in place of Stanza's MWT expander (issue 17) ------------------------------
CLITICS_TEXT = (
    "“Apakah kami salah?” tanyanya kepada wartawan. Menurutnya, pemerintah tidaklah diam; "
    "ia pun menyerahkan bukunya. “Rumahku hancur,” ujarnya, dan katanya bantuan belum datang. "
    "Bukankah itu tugasmu? Inilah rumahku."
)


@pytest.fixture(scope="module")
def expander_annotator() -> StanzaAnnotator:
    return StanzaAnnotator(mwt="model")


def test_the_rule_replaces_the_mwt_processor(stanza_annotator: StanzaAnnotator) -> None:
    assert stanza_annotator.mwt == "rule"
    assert "mwt" not in stanza_annotator.pipeline.processors


def test_rule_and_shipped_expander_give_the_same_words(
        stanza_annotator: StanzaAnnotator, expander_annotator: StanzaAnnotator) -> None:
    rule = stanza_annotator.tokenize([CLITICS_TEXT])[0]
    model = expander_annotator.tokenize([CLITICS_TEXT])[0]
    assert rule == model
    split = {w.text for w in rule.words if w.is_clitic_part}
    # the tokenizer marks these multi-word (not tidaklah or Rumahku here), the rule splits them
    assert {"Apa", "kah", "tanya", "nya", "Menurut", "buku", "ujar", "kata", "Bukan", "Ini",
            "lah"} <= split
    for w in rule.words:
        assert w.text == CLITICS_TEXT[w.start : w.end]
        assert w.token_start <= w.start < w.end <= w.token_end


def test_an_unknown_mwt_mode_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTES_MWT", "seq2seq")
    with pytest.raises(ModelError, match="QUOTES_MWT"):
        StanzaAnnotator()
