"""The speaker decision: the options the rules propose, the model file, its probabilities."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from quotes.stages import decide
from quotes.stages.decide import (
    RULES,
    ConfidenceModel,
    Decider,
    ModelFileError,
    Option,
    SpeakerModel,
    from_json,
    load,
    softmax,
)


def _option(features: dict[str, float], rule_choice: bool = False) -> Option:
    return Option(None, None, None, None, "x", features, rule_choice)


def test_softmax_sums_to_one_and_keeps_the_order() -> None:
    p = softmax([2.0, 0.0, -1.0])
    assert sum(p) == pytest.approx(1.0)
    assert p[0] > p[1] > p[2]
    assert softmax([1000.0, 0.0])[0] == pytest.approx(1.0)  # no overflow


def test_speaker_model_scores_options_by_their_features() -> None:
    model = SpeakerModel({"rule": 2.0, "first_written_lower": -3.0})
    probs = model.probabilities([_option({"rule": 1.0, "first_written_lower": 1.0}),
                                 _option({"rank0": 1.0}), _option({"none": 1.0})])
    # "Akibatnya banyak guru" proposed by the rule loses to a plain candidate: 2 - 3 < 0
    assert probs[1] > probs[0]
    assert probs[1] == pytest.approx(probs[2])


def test_confidence_model_is_a_logistic_regression() -> None:
    m = ConfidenceModel({"logit_p": 1.0}, 0.0)
    assert m.probability({"logit_p": 0.0}) == pytest.approx(0.5)
    assert m.probability({"logit_p": 3.0}) > 0.95
    assert m.probability({"logit_p": -100.0}) == 0.0


def _model_json() -> dict[str, object]:
    return {"name": "t", "speaker": {"features": ["rule"], "weights": [1.5]},
            "confidence": {"features": ["logit_p"], "weights": [1.0], "bias": 0.2}}


def test_model_file_is_json_and_its_sha256_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "speaker.json"
    raw = json.dumps(_model_json()).encode()
    path.write_bytes(raw)
    d = load(path, hashlib.sha256(raw).hexdigest())
    assert d.trained and d.speaker is not None and d.speaker.weights == {"rule": 1.5}
    assert d.confidence is not None and d.confidence.bias == pytest.approx(0.2)
    with pytest.raises(ModelFileError, match="sha256"):
        load(path, "0" * 64)
    path.write_bytes(b"\x80\x04pickle?")
    with pytest.raises(ModelFileError, match="not a valid model"):
        load(path)
    with pytest.raises(ModelFileError, match="cannot read"):
        load(tmp_path / "missing.json")


def test_rules_setting_turns_the_model_off() -> None:
    assert decide.configured("rules") is RULES
    assert not RULES.trained
    assert from_json({"speaker": None, "confidence": None}) == Decider(None, None,
                                                                        "speaker model")


def test_shipped_model_matches_its_manifest() -> None:
    manifest = json.loads(decide.MANIFEST_FILE.read_text(encoding="utf-8"))
    entry = manifest.get("speaker_model")
    if entry is None:
        pytest.skip("no speaker model shipped")
    raw = (decide.MANIFEST_FILE.parent / entry["file"]).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == entry["sha256"]
    d = decide.configured("")
    assert d.trained
    figures = entry["cross_validated"]["leave_one_outlet_out"]
    assert 0 <= figures["ece"] <= 1


def test_pipeline_fills_probability_and_alternatives(tmp_path: Path) -> None:
    """A hand-built article through the fake annotator: with a model that is unsure between
    the two persons, the quote carries the other one as an alternative."""
    from quotes import pipeline
    from tests.fakes import RegexAnnotator

    text = ("Menteri Budi Santoso tiba di Jakarta. Rina Kartika juga hadir di sana.\n"
            "“Kami ingin kerja sama yang lebih erat,” ujarnya.")
    unsure = Decider(SpeakerModel({"rank0": 0.3, "rank1": 0.2, "none": -3.0}),
                     ConfidenceModel({"logit_p": 1.0}, 0.0))
    result = pipeline.extract(text, RegexAnnotator(), unsure)
    quotes = [q for q in result.quotes if q.speaker is not None]
    assert quotes, result
    s = quotes[0].speaker
    assert s is not None and s.probability is not None and s.probability < 0.9
    assert s.alternatives and s.alternatives[0].probability <= s.probability
    assert all(a.name != s.name for a in s.alternatives)
    assert 0.0 <= quotes[0].confidence <= 1.0
    sure = pipeline.extract(text, RegexAnnotator(), RULES)
    assert all(q.speaker is None or q.speaker.alternatives == () for q in sure.quotes)


def _train_speaker_module():  # type: ignore[no-untyped-def]
    import importlib.util
    import sys

    if "train_speaker" in sys.modules:
        return sys.modules["train_speaker"]
    path = Path(__file__).resolve().parent.parent / "scripts" / "train_speaker.py"
    spec = importlib.util.spec_from_file_location("train_speaker", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_speaker"] = module  # (its dataclasses look their module up)
    spec.loader.exec_module(module)
    return module


def test_training_is_deterministic_and_learns_the_preference() -> None:
    """The conditional logit, fitted twice on the same quotes, gives the same weights; it
    learns that the option with ``good`` wins, and its probabilities sum to one."""
    ts = _train_speaker_module()
    groups = []
    for k in range(40):
        # the right option carries "good"; "noise" is on either side
        right = {"good": 1.0, "noise": float(k % 2)}
        wrong = {"bad": 1.0, "noise": float((k + 1) % 2)}
        groups.append(ts.Group([wrong, right] if k % 3 else [right, wrong],
                               [False, True] if k % 3 else [True, False]))
    first = ts.fit_speaker(groups, l2=1.0)
    second = ts.fit_speaker(groups, l2=1.0)
    assert first == second
    assert first.weights["good"] > first.weights["bad"]
    assert abs(first.weights.get("noise", 0.0)) < 0.1
    options = [Option(None, None, None, None, "x", {"bad": 1.0}, False),
               Option(None, None, None, None, "y", {"good": 1.0}, False)]
    probs = first.probabilities(options)
    assert probs[1] > 0.9 and abs(sum(probs) - 1) < 1e-9


def test_cross_validated_gate() -> None:
    import argparse

    ts = _train_speaker_module()
    cv = {"e2e_f1": 0.91, "speaker_accuracy": 0.95, "name_accuracy": 0.93, "ece": 0.03}
    ok = argparse.Namespace(min_e2e_f1=0.89, min_speaker_acc=0.93, min_name_acc=0.91,
                            max_ece=0.05)
    assert ts.gate(cv, ok) == []
    strict = argparse.Namespace(min_e2e_f1=0.92, min_speaker_acc=None, min_name_acc=None,
                                max_ece=0.02)
    failed = ts.gate(cv, strict)
    assert len(failed) == 2 and "end-to-end F1 0.910 < 0.92" in failed[0]


def _quote_features(text: str) -> list[dict[str, float]]:
    from quotes import pipeline
    from tests.fakes import RegexAnnotator

    decider = Decider(SpeakerModel({"rank0": 0.3, "none": -3.0}), ConfidenceModel({}, 0.0))
    found, _, _ = pipeline.run([text], RegexAnnotator(), decider)
    return [r.quote_features for r in found[0].origins if r.quote_features is not None]


@pytest.mark.parametrize(("sentence", "verbless"), [
    ("Kepala Dinas Budi Santoso mengatakan pemerintah akan membangun jalan baru tahun depan.",
     False),
    ("Ketua RT Rina Kartika menjelaskan warga sudah diberi bantuan sejak pekan lalu.", False),
    ("Kepala Sekolah Dewi Lestari membantah adanya pengurangan kualitas bangunan sekolah.",
     True),
    ("Warga Agus Salim menyampaikan pandangannya soal jalan rusak yang menghubungkan dua "
     "desa itu.", True),
])
def test_confidence_reads_whether_an_indirect_quote_is_a_clause(sentence: str,
                                                                 verbless: bool) -> None:
    """'membantah adanya pengurangan …' reports a noun, not a clause: the confidence model
    reads the verb shape of the content (a verb only inside 'yang …' does not count)."""
    rows = _quote_features(sentence)
    assert rows, sentence
    assert ("clause_no_verb" in rows[0]) is verbless, rows[0]
    assert rows[0]["kind:indirect*logit_p"] == rows[0]["logit_p"]


def test_confidence_reads_a_newer_rival_of_the_previous_speaker() -> None:
    """A '-nya' quote after a new person was introduced: the previous speaker has a rival
    introduced since, which the confidence model reads."""
    text = ("“Kami siap membantu warga,” kata Bupati Budi Santoso.\n"
            "Sementara itu, Camat Rina Kartika meninjau lokasi banjir di desa itu.\n"
            "“Bantuan sudah kami salurkan,” ujarnya.")
    rows = _quote_features(text)
    assert len(rows) == 2, rows
    assert "rival_newer" not in rows[0]
    assert rows[1]["rivals_log"] > 0
    assert "rival_newer" in rows[1] or "chosen_place:newer" in rows[1], rows[1]
