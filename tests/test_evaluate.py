"""The evaluation metric (quotes.evaluate) and the ``quotes evaluate`` command."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from quotes import evaluate as ev
from quotes.cli import main
from quotes.errors import InputError, ModelError
from quotes.evaluate import GoldQuote, PredQuote
from quotes.model import Attribution, Cue, Extraction, Meta, Quote
from tests.fakes import RegexAnnotator, patch_default_annotator

# --------------------------------------------------------------------------- token F1


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Kami siap menghadapi tantangan", "Kami siap menghadapi tantangan", 1.0),
        ("Kami, SIAP!", "kami siap", 1.0),  # case and punctuation are not tokens
        ("a b c d", "a b", 2 * 2 / 6),
        ("harga beras naik", "cuaca cerah", 0.0),
        ("ya ya ya", "ya", 2 * 1 / 4),  # multisets: one "ya" in common
        ("ya ya", "ya ya", 1.0),
        ("", "kami siap", 0.0),
        ("", "", 0.0),
        ("COVID-19 menyebar", "covid 19", 2 * 2 / 5),
    ],
)
def test_token_f1(a: str, b: str, expected: float) -> None:
    assert ev.token_f1(a, b) == pytest.approx(expected)
    assert ev.token_f1(b, a) == pytest.approx(expected)


def test_tokens_are_lowercased_word_runs() -> None:
    assert ev.tokens("Jokowi: \"Kami   siap,\" kata-nya") == {
        "jokowi": 1, "kami": 1, "siap": 1, "kata": 1, "nya": 1,
    }


def test_f1_exactly_at_threshold_matches() -> None:
    gold = " ".join(f"g{i}" for i in range(7)) + " x y z"  # 10 tokens
    pred = " ".join(f"p{i}" for i in range(7)) + " x y z"  # 10 tokens, 3 shared
    assert ev.token_f1(gold, pred) == 0.3
    assert ev.match([gold], [pred], 0.3) == [(0, 0, 0.3)]
    assert ev.match([gold], [pred], 0.31) == []


# --------------------------------------------------------------------------- matching

A = "pemerintah akan menaikkan anggaran pendidikan tahun depan"
B = "kami tidak akan mundur dari pencalonan ini"


def test_prediction_matches_at_most_one_gold() -> None:
    # one long prediction overlapping both gold quotes: it takes the better one only
    pred = A + " " + B
    pairs = ev.match([A, B], [pred], 0.3)
    assert len(pairs) == 1
    assert ev.match([A, B], [pred, B], 0.3) == [(0, 0, pytest.approx(ev.token_f1(A, pred))),
                                               (1, 1, 1.0)]


def test_gold_matches_at_most_one_prediction() -> None:
    pairs = ev.match([A], [A, A + " katanya"], 0.3)
    assert pairs == [(0, 0, 1.0)]  # the exact copy; the other one stays a false positive


def test_best_pairs_first_not_first_come() -> None:
    p1 = B + " tegasnya"  # F1(B, p1) high, F1(A, p1) = 0
    p2 = "pemerintah akan menaikkan anggaran"  # partial A
    p3 = A  # exact A, after p2 in document order
    pairs = ev.match([A, B], [p2, p1, p3], 0.3)
    assert pairs == [(0, 2, 1.0), (1, 1, pytest.approx(ev.token_f1(B, p1)))]


def test_greedy_prefers_highest_pair_even_if_it_blocks_another() -> None:
    # pred 0 is g1 exactly (1.0) and 12/13 with g0; pred 1 is 0.67 with g0 and 0.6 with g1.
    # Gold-order first-come would pair g0-p0 and g1-p1; best-first pairs g1-p0, then g0-p1.
    g0 = "satu dua tiga empat lima enam"
    g1 = "satu dua tiga empat lima enam tujuh"
    p0 = "satu dua tiga empat lima enam tujuh"
    p1 = "satu dua tiga"
    pairs = ev.match([g0, g1], [p0, p1], 0.5)
    assert [(g, p) for g, p, _ in pairs] == [(0, 1), (1, 0)]


def test_ties_are_broken_by_document_order() -> None:
    # a duplicated paragraph: two identical gold quotes, one prediction -> the first gold
    assert ev.match([A, A], [A], 0.5) == [(0, 0, 1.0)]
    # two identical predictions, one gold -> the first prediction
    assert ev.match([A], [A, A], 0.5) == [(0, 0, 1.0)]


def test_thresholds() -> None:
    gold = "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh"
    pred = "satu dua tiga empat lima enam"  # F1 = 12/16 = 0.75
    assert ev.token_f1(gold, pred) == 0.75
    assert len(ev.match([gold], [pred], 0.3)) == 1
    assert len(ev.match([gold], [pred], 0.5)) == 1
    assert ev.match([gold], [pred], 0.8) == []


# --------------------------------------------------------------------------- speaker and cue

JOKOWI = GoldQuote("x", "direct", "Presiden Joko Widodo", ("Jokowi", "Presiden"), "kata")


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        ("Presiden Joko Widodo", True),
        ("presiden joko widodo", True),  # case
        ("Presiden Joko Widodo,", True),  # punctuation
        ("Presiden  Joko-Widodo", True),  # punctuation between tokens
        ("Jokowi", True),  # alias
        ("JOKOWI.", True),  # alias, normalised
        ("Widodo", True),  # contains the last name token
        ("Bapak Joko Widodo", True),
        ("Widodonya", False),  # the last name is a whole token, not a substring
        ("Joko", False),  # only the first name
        ("Prabowo Subianto", False),  # a wrong speaker
        (None, False),  # no speaker
        ("", False),
    ],
)
def test_speaker_correct(predicted: str | None, expected: bool) -> None:
    assert ev.speaker_correct(predicted, JOKOWI.speaker, JOKOWI.aliases) is expected


def test_speaker_last_name_of_handle_and_group() -> None:
    assert ev.speaker_correct("kantor Singh", "Rajnath Singh", ())
    assert ev.speaker_correct("Rajnath Singh", "@rajnathsingh", ()) is False
    assert ev.speaker_correct("rajnathsingh", "@rajnathsingh", ())
    assert ev.speaker_correct("pejabat", "Para pejabat", ())


def test_gold_without_speaker_wants_no_speaker() -> None:
    assert ev.speaker_correct(None, None, ())
    assert ev.speaker_correct("", None, ())
    assert ev.speaker_correct("Jokowi", None, ()) is False


BUDI = GoldQuote("x", "indirect", "Budi Santoso", ("Kapolres Budi", "AKBP Budi Santoso"), "kata")


@pytest.mark.parametrize(
    ("predicted", "lenient", "strict"),
    [
        ("Budi Santoso", True, True),
        ("budi  SANTOSO.", True, True),  # case and punctuation ignored
        ("Budi-Santoso", True, True),
        ("Kapolres Budi", True, True),  # an alias without the last name: both accept it
        ("akbp budi santoso,", True, True),  # an alias, normalised
        ("Besar Budi Santoso", True, False),  # a title word glued on: lenient only
        ("Santoso", True, False),  # the last name alone
        ("Agus Santoso", True, False),  # another Santoso: lenient accepts it, strict does not
        ("Budi", False, False),
        ("Budi Santosoo", False, False),
        (None, False, False),
        ("", False, False),
    ],
)
def test_name_correct_is_strict_where_speaker_correct_is_lenient(
    predicted: str | None, lenient: bool, strict: bool
) -> None:
    assert ev.speaker_correct(predicted, BUDI.speaker, BUDI.aliases) is lenient
    assert ev.name_correct(predicted, BUDI.speaker, BUDI.aliases) is strict


def test_name_of_a_gold_quote_without_speaker() -> None:
    assert ev.name_correct(None, None)
    assert ev.name_correct("", None)
    assert ev.name_correct(" , ", None)  # nothing left after normalisation: no name
    assert ev.name_correct("Budi Santoso", None) is False
    assert ev.name_correct(None, "Budi Santoso") is False
    # the alias is what makes "Kapolres Budi" right: without it, neither rule accepts it
    assert ev.name_correct("Kapolres Budi", "Budi Santoso") is False
    assert ev.speaker_correct("Kapolres Budi", "Budi Santoso") is False


def name_report() -> ev.Report:
    gold = [
        GoldQuote(Q1, "direct", "Budi Santoso", ("Kapolres Budi",), "kata"),
        GoldQuote(Q2, "indirect", "Budi Santoso", ("Kapolres Budi",), "mengatakan"),
        GoldQuote(Q3, "direct", "Budi Santoso", ("Kapolres Budi",), "ujarnya"),
        GoldQuote(Q4, "indirect", None, (), "menegaskan"),
    ]
    pred = [
        PredQuote(Q1, "direct", "Besar Budi Santoso", "name", "kata"),  # lenient only
        PredQuote(Q2, "indirect", "KAPOLRES BUDI", "title", "mengatakan"),  # alias: both
        PredQuote(Q3, "direct", "Joko", "nearest", "ujarnya"),  # neither
        PredQuote(Q4, "indirect", None, None, "menegaskan"),  # no speaker wanted: both
    ]
    return ev.build_report([("n1", gold, pred)], outlets={"n1": "Kompas"})


def test_name_accuracy_in_counts_table_outlets_json_and_misses() -> None:
    report = name_report()
    c = report.counts(0.5)
    assert (c.matched, c.speaker_ok, c.name_ok) == (4, 3, 2)
    assert c.speaker_accuracy == pytest.approx(3 / 4)
    assert c.name_accuracy == pytest.approx(2 / 4)
    assert [m.name_ok for m in report.articles[0].matches[0.5]] == [False, True, False, True]
    assert ev.Counts().name_accuracy is None  # nothing matched: undefined

    lines = ev.format_table(report).splitlines()
    labels = [line[:24].strip() for line in lines]
    assert labels.index("name accuracy") == labels.index("speaker accuracy") + 1
    assert lines[labels.index("name accuracy")].split()[2:] == ["0.500", "0.500", "0.500"]
    assert lines[labels.index("speaker accuracy")].split()[2:] == ["0.750", "0.750", "0.750"]

    outlets = ev.format_outlets(report).splitlines()
    assert "name acc" in outlets[1]
    assert outlets[2].split() == ["Kompas", "1", "4", "1.000", "0.750", "0.500", "0.750"]

    data = json.loads(json.dumps(report.to_dict()))
    assert data["summary"]["0.5"]["name_accuracy"] == 0.5
    assert data["summary"]["0.5"]["counts"]["name_correct"] == 2
    assert data["per_outlet"]["Kompas"]["thresholds"]["0.5"]["name_accuracy"] == 0.5
    assert [m["name_correct"] for m in data["articles"][0]["matches"]["0.5"]] == [
        False, True, False, True,
    ]
    assert data["errors"]["0.5"]["wrong_name"] == 1

    misses = ev.format_misses(report, 0.5).splitlines()
    name_lines = [line for line in misses if line.startswith("  name      ")]
    assert name_lines == [
        f'  name      direct   "{Q1}"  predicted: Besar Budi Santoso [name]  gold: Budi Santoso'
    ]
    speaker_lines = [line for line in misses if line.startswith("  speaker   ")]
    assert len(speaker_lines) == 1 and "predicted: Joko [nearest]" in speaker_lines[0]
    assert "KAPOLRES BUDI" not in "\n".join(misses)  # strictly right: not listed
    errors = ev.format_errors(report, 0.5)
    assert any(
        line.split()[-1] == "1" for line in errors.splitlines() if "wrong name (speaker ok)" in line
    )


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        ("kata", "kata", True),
        ("Kata", "kata", True),
        ("ujarnya,", "ujarnya", True),
        ("ujarnya", "ujarnya", True),
        ("ujar", "ujarnya", False),  # no stemming of -nya
        ("Menurutnya", "Menurut", False),
        ("tak  menampik", "tak menampik", True),
        ("mengatakan", "kata", False),
        (None, "kata", False),
        (None, None, True),
        ("kata", None, False),
    ],
)
def test_cue_correct(predicted: str | None, gold: str | None, expected: bool) -> None:
    assert ev.cue_correct(predicted, gold) is expected


# --------------------------------------------------------------------------- a hand-made report

Q1 = "Kami akan membangun seribu sekolah baru tahun ini"
Q2 = "anggaran pendidikan akan dinaikkan secara bertahap"
Q3 = "Tidak ada rencana untuk menaikkan harga bahan bakar"
Q4 = "situasi keamanan di perbatasan sudah kembali normal"


def hand_made_report() -> ev.Report:
    art1_gold = [
        GoldQuote(Q1, "direct", "Nadiem Makarim", ("Nadiem", "Mendikbud"), "kata"),
        GoldQuote(Q2, "indirect", "Nadiem Makarim", ("Nadiem",), "mengatakan"),
        GoldQuote(Q3, "direct", "Bahlil Lahadalia", ("Bahlil",), "ujarnya"),
    ]
    art1_pred = [
        PredQuote(Q1, "direct", "Nadiem", "name", "kata"),  # right speaker (alias), right cue
        PredQuote(Q2 + " kepada wartawan", "indirect", "Bahlil", "nearest", "mengatakan"),
        PredQuote("Pertandingan berakhir imbang tanpa gol", "direct", "wasit", "name", "ujar"),
    ]
    art2_gold = [
        GoldQuote(Q4, "mixed", "Panglima TNI", (), "menegaskan"),
        GoldQuote(Q1, "direct", None, (), None),
    ]
    art2_pred = [
        PredQuote(Q4, "indirect", None, None, "menegaskan"),  # no speaker
        PredQuote(Q1, "direct", None, None, None),  # gold has no speaker: correct
    ]
    return ev.build_report([("a1", art1_gold, art1_pred), ("a2", art2_gold, art2_pred)])


def test_counts_of_a_hand_made_report() -> None:
    report = hand_made_report()
    assert report.thresholds == (0.3, 0.5, 0.8)
    c = report.counts(0.5)
    assert (c.gold, c.pred, c.matched) == (5, 5, 4)
    assert c.precision == pytest.approx(4 / 5)
    assert c.recall == pytest.approx(4 / 5)
    assert c.f1 == pytest.approx(4 / 5)
    assert c.recall_of("direct") == pytest.approx(2 / 3)  # Q3 missed
    assert c.recall_of("indirect") == 1.0
    assert c.recall_of("mixed") == 1.0
    assert c.speaker_ok == 2  # Q1 (alias) in a1, Q1 (no speaker) in a2
    assert c.speaker_accuracy == pytest.approx(2 / 4)
    assert c.cue_ok == 4
    assert c.e2e_hits == 2
    assert c.e2e_precision == pytest.approx(2 / 5)
    assert c.e2e_recall == pytest.approx(2 / 5)
    assert c.e2e_f1 == pytest.approx(2 / 5)
    # F1(Q2, Q2 + " kepada wartawan") = 12/14 ~ 0.857: still matched at 0.8
    assert report.counts(0.8).matched == 4


def test_error_summary() -> None:
    e = hand_made_report().errors(0.5)
    assert dict(e.missed) == {"direct": 1}
    assert dict(e.false_positives) == {"direct": 1}
    assert dict(e.wrong_speaker) == {"nearest": 1}
    assert e.missing_speaker == 1
    assert e.wrong_cue == 0


def test_undefined_ratios_are_none() -> None:
    report = ev.build_report([("empty", [GoldQuote(Q1, "direct", "X")], [])])
    c = report.counts(0.5)
    assert c.precision is None and c.speaker_accuracy is None
    assert c.recall == 0.0 and c.e2e_f1 == 0.0
    assert c.recall_of("mixed") is None


def test_table_misses_and_json() -> None:
    report = hand_made_report()
    table = ev.format_table(report)
    lines = table.splitlines()
    assert lines[1].split() == ["threshold", "0.3", "0.5", "0.8"]
    e2e = next(line for line in lines if line.startswith("E2E F1"))
    assert e2e.split()[2:] == ["0.400", "0.400", "0.400"]
    assert any(line.startswith("recall direct (3)") for line in lines)
    misses = ev.format_misses(report, 0.5)
    assert "== a1" in misses and "== a2" in misses
    assert "missed    direct" in misses and Q3 in misses
    assert "false pos direct" in misses and "wasit [name]" in misses
    assert "predicted: Bahlil [nearest]  gold: Nadiem Makarim" in misses
    assert "predicted: (none)  gold: Panglima TNI" in misses
    errors = ev.format_errors(report, 0.5)
    assert "wrong speaker [nearest]" in errors
    data = json.loads(json.dumps(report.to_dict()))
    assert data["headline"] == {"threshold": 0.5, "e2e_f1": pytest.approx(0.4)}
    assert data["summary"]["0.5"]["counts"]["matched"] == 4
    assert data["articles"][0]["matches"]["0.5"][0]["speaker_correct"] is True


def test_long_texts_are_truncated_in_misses() -> None:
    long = "kata " * 80
    report = ev.build_report([("x", [GoldQuote(long, "direct", "X")], [])])
    line = next(ln for ln in ev.format_misses(report, 0.5).splitlines() if "missed" in ln)
    assert "…" in line and len(line) < 160


# --------------------------------------------------------------------------- calibration

# bins by hand (N = 11):
#   [0.0, 0.1): 0.0 wrong                      -> mean 0.00, acc 0.00, |gap| 0
#   [0.1, 0.2): 0.1 right, 0.1 wrong           -> mean 0.10, acc 0.50, |gap| 0.40, weight 2
#   [0.3, 0.4): 0.3 right                      -> mean 0.30, acc 1.00, |gap| 0.70, weight 1
#   [0.8, 0.9): 0.85 x 4, 3 right              -> mean 0.85, acc 0.75, |gap| 0.10, weight 4
#   [0.9, 1.0]: 0.9 right, 1.0 right, 0.95 wrong -> mean 0.95, acc 2/3, |gap| 0.2833, weight 3
# ECE = (0 + 2 * 0.4 + 0.7 + 4 * 0.1 + 3 * 0.28333) / 11 = 2.75 / 11 = 0.25
PAIRS = [
    (0.0, False), (0.1, True), (0.1, False), (0.3, True),
    (0.85, True), (0.85, True), (0.85, False), (0.85, True),
    (0.9, True), (1.0, True), (0.95, False),
]


def test_reliability_bins_and_ece_by_hand() -> None:
    r = ev.reliability(PAIRS)
    assert r.count == 11
    assert [(b.lower, b.upper) for b in r.bins] == [
        (pytest.approx(i / 10), pytest.approx((i + 1) / 10)) for i in range(10)
    ]
    assert [b.count for b in r.bins] == [1, 2, 0, 1, 0, 0, 0, 0, 4, 3]
    assert [b.mean_confidence for b in r.bins] == [
        0.0, pytest.approx(0.1), None, pytest.approx(0.3), None, None, None, None,
        pytest.approx(0.85), pytest.approx(0.95),
    ]
    assert [b.accuracy for b in r.bins] == [
        0.0, 0.5, None, 1.0, None, None, None, None, 0.75, pytest.approx(2 / 3),
    ]
    assert r.ece == pytest.approx(0.25)
    assert r.accuracy == pytest.approx(7 / 11)
    assert r.mean_confidence == pytest.approx(sum(p for p, _ in PAIRS) / 11)


def test_reliability_share_at_or_above_the_cut() -> None:
    r = ev.reliability(PAIRS)
    assert r.cut == 0.9
    assert r.above_count == 3  # 0.9 (at the cut), 0.95, 1.0; not 0.85
    assert r.above_share == pytest.approx(3 / 11)
    assert r.above_accuracy == pytest.approx(2 / 3)
    low = ev.reliability(PAIRS, cut=0.85)
    assert (low.above_count, low.above_accuracy) == (7, pytest.approx(5 / 7))
    none_above = ev.reliability([(0.2, True)])
    assert (none_above.above_count, none_above.above_share) == (0, 0.0)
    assert none_above.above_accuracy is None


def test_reliability_edges_empty_and_bad_input() -> None:
    # an edge opens its bin; 1.0 closes the last one
    r = ev.reliability([(0.2, True), (0.7, True), (1.0, False), (0.0999, True)])
    assert [b.count for b in r.bins] == [1, 0, 1, 0, 0, 0, 0, 1, 0, 1]
    perfect = ev.reliability([(1.0, True), (0.0, False), (0.5, True), (0.5, False)])
    assert perfect.ece == 0.0
    assert ev.reliability([(0.9, False)]).ece == pytest.approx(0.9)  # confident and wrong
    empty = ev.reliability([])
    assert (empty.count, empty.ece, empty.above_share, empty.accuracy) == (0, None, None, None)
    assert all(b.count == 0 and b.accuracy is None for b in empty.bins)
    assert [b.count for b in ev.reliability(PAIRS, bins=2).bins] == [4, 7]
    for bad in (1.2, -0.1, float("nan")):
        with pytest.raises(ValueError, match="probability"):
            ev.reliability([(bad, True)])
    with pytest.raises(ValueError, match="bins"):
        ev.reliability(PAIRS, bins=0)


def calibration_report() -> ev.Report:
    gold = [
        GoldQuote(Q1, "direct", "Nadiem Makarim", (), "kata"),
        GoldQuote(Q2, "indirect", "Nadiem Makarim", (), "mengatakan"),
        GoldQuote(Q4, "indirect", "Panglima TNI", (), "menegaskan"),
    ]
    pred = [
        PredQuote(Q1, "direct", "Mendikbud Nadiem Makarim", "name", "kata", confidence=0.95,
                  speaker_probability=0.9),  # matched, speaker right
        PredQuote(Q2, "indirect", "Bahlil", "nearest", "mengatakan", confidence=0.95,
                  speaker_probability=0.6),  # matched, speaker wrong
        PredQuote("Pertandingan berakhir imbang tanpa gol", "direct", "wasit", "name", "ujar",
                  confidence=0.4, speaker_probability=0.99),  # false positive
        PredQuote(Q4, "indirect", "Panglima TNI", "name", "menegaskan", confidence=0.55),
    ]
    return ev.build_report([("c1", gold, pred)])


def test_calibration_tables_of_a_report() -> None:
    report = calibration_report()
    # whole attribution over ALL predictions: the false positive is a wrong answer
    assert report.attribution_pairs(0.5) == [(0.95, True), (0.95, False), (0.4, False),
                                             (0.55, True)]
    # speaker: matched quotes with a probability only (not the false positive, not Q4)
    assert report.speaker_pairs(0.5) == [(0.9, True), (0.6, False)]
    tables = report.calibration()
    whole, speaker = tables["attribution"], tables["speaker"]
    assert [b.count for b in whole.bins] == [0, 0, 0, 0, 1, 1, 0, 0, 0, 2]
    assert whole.ece == pytest.approx((2 * 0.45 + 0.4 + 0.45) / 4)
    assert (whole.above_count, whole.above_share, whole.above_accuracy) == (2, 0.5, 0.5)
    assert speaker.ece == pytest.approx((0.1 + 0.6) / 2)
    assert (speaker.above_count, speaker.above_accuracy) == (1, 1.0)

    data = json.loads(json.dumps(report.to_dict()))
    cal = data["calibration"]
    assert (cal["threshold"], cal["bins"], cal["cut"]) == (0.5, 10, 0.9)
    assert cal["attribution"]["ece"] == pytest.approx(0.4375)
    assert cal["attribution"]["above_cut"] == {"count": 2, "share": 0.5, "accuracy": 0.5}
    assert cal["attribution"]["bins"][9] == {
        "lower": 0.9, "upper": 1.0, "count": 2, "mean_confidence": pytest.approx(0.95),
        "accuracy": 0.5,
    }
    assert cal["speaker"]["count"] == 2
    assert data["articles"][0]["predicted"][0]["confidence"] == 0.95
    assert data["articles"][0]["predicted"][3]["speaker_probability"] is None

    lines = ev.format_calibration(report).splitlines()
    assert lines[0].startswith("Calibration at threshold 0.5 (bins of 0.1;")
    assert "over all 4 predicted quotes" in lines[1]
    split = next(i for i, line in enumerate(lines) if line.startswith("Speaker:"))
    whole_lines, speaker_lines = lines[:split], lines[split:]

    def rows(section: list[str]) -> dict[str, list[str]]:
        return {ln[2:16].strip(): ln[16:].split() for ln in section if ln.startswith("  [")}

    assert len(rows(whole_lines)) == 10
    assert rows(whole_lines)["[0.9, 1.0]"] == ["2", "0.950", "0.500"]
    assert rows(whole_lines)["[0.4, 0.5)"] == ["1", "0.400", "0.000"]
    assert rows(whole_lines)["[0.0, 0.1)"] == ["0", "-", "-"]
    assert "  ECE 0.438" in whole_lines  # 0.4375
    assert "  at >= 0.9: 2 of 4 answers (50.0%), accuracy 0.500" in whole_lines
    assert rows(speaker_lines)["[0.9, 1.0]"] == ["1", "0.900", "1.000"]
    assert rows(speaker_lines)["[0.6, 0.7)"] == ["1", "0.600", "0.000"]
    assert "  ECE 0.350" in speaker_lines
    assert "  at >= 0.9: 1 of 2 answers (50.0%), accuracy 1.000" in speaker_lines


def test_calibration_without_speaker_probabilities() -> None:
    report = hand_made_report()  # PredQuote defaults: confidence 1.0, no speaker probability
    assert report.speaker_pairs(0.5) == []
    speaker = report.calibration()["speaker"]
    assert (speaker.count, speaker.ece) == (0, None)
    text = ev.format_calibration(report)
    assert "over 0 matched quotes with a speaker probability" in text
    assert "no matched prediction has a speaker probability" in text
    assert report.to_dict()["calibration"]["speaker"]["ece"] is None
    only_08 = ev.build_report([(a.id, a.gold, a.pred) for a in report.articles], [0.8])
    assert only_08.to_dict()["calibration"] is None
    assert "not scored" in ev.format_calibration(only_08)


def test_pred_quote_from_quote_carries_confidence_and_probability() -> None:
    attribution = Attribution("Budi Santoso", "e1", None, "cue-after-quote", 0.83)
    quote = Quote("q1", "direct", Q1, 0, len(Q1), None, attribution, 0.7, 0, 0)
    pred = PredQuote.from_quote(quote)
    assert (pred.confidence, pred.speaker_probability) == (0.7, 0.83)
    bare = PredQuote.from_quote(Quote("q2", "direct", Q1, 0, len(Q1), None, None, 0.35, 0, 0))
    assert (bare.confidence, bare.speaker_probability, bare.speaker) == (0.35, None, None)


# --------------------------------------------------------------------------- the command

ARTICLES = {
    "satu": (
        "Menteri Keuangan Sri Mulyani Indrawati menyampaikan bahwa defisit anggaran tetap "
        "terkendali.\n\n"
        "\"Kami akan menjaga belanja negara tetap sehat,\" kata Sri Mulyani di Jakarta.\n"
    ),
    "dua": (
        "Gubernur Jawa Barat Ridwan Kamil meninjau lokasi banjir.\n\n"
        "\"Bantuan logistik sudah dikirim sejak pagi,\" ujarnya.\n"
    ),
}
GOLD: dict[str, list[dict[str, Any]]] = {
    "satu": [
        {"text": "defisit anggaran tetap terkendali", "type": "indirect",
         "speaker": "Sri Mulyani Indrawati", "speaker_aliases": ["Sri Mulyani"],
         "cue": "menyampaikan", "speaker_mention": "Menteri Keuangan Sri Mulyani Indrawati"},
        {"text": "Kami akan menjaga belanja negara tetap sehat,", "type": "direct",
         "speaker": "Sri Mulyani Indrawati", "speaker_aliases": ["Sri Mulyani"],
         "cue": "kata", "speaker_mention": "Sri Mulyani"},
    ],
    "dua": [
        {"text": "Bantuan logistik sudah dikirim sejak pagi,", "type": "direct",
         "speaker": "Ridwan Kamil", "speaker_aliases": ["Gubernur Jawa Barat"],
         "cue": "ujarnya", "speaker_mention": "-nya"},
    ],
}


@pytest.fixture
def eval_dir(tmp_path: Path) -> Path:
    (tmp_path / "articles").mkdir()
    (tmp_path / "gold").mkdir()
    for art_id, text in ARTICLES.items():
        (tmp_path / "articles" / f"{art_id}.txt").write_text(text, encoding="utf-8")
        gold = {"id": art_id, "quotes": GOLD[art_id]}
        (tmp_path / "gold" / f"{art_id}.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path


def fake_engine(
    speakers: dict[str, str | None],
    golds: Mapping[str, list[dict[str, Any]]] = GOLD,
    probability: float | None = None,
    confidence: float = 1.0,
) -> Callable[..., list[Extraction]]:
    """An extract_many that finds each gold quote's text and names ``speakers[text]``."""
    calls: list[int] = []

    def extract_many(texts: Sequence[str], annotator: object) -> list[Extraction]:
        calls.append(len(texts))
        out = []
        for text in texts:
            quotes: list[Quote] = []
            for gold in (q for g in golds.values() for q in g):
                start = text.find(gold["text"])
                if start < 0:
                    continue
                name = speakers.get(gold["text"])
                quotes.append(Quote(
                    id=f"q{len(quotes)}", type=gold["type"], text=gold["text"], start=start,
                    end=start + len(gold["text"]),
                    cue=Cue(gold["cue"], gold["cue"], 0, 0),
                    speaker=Attribution(name, "s1", None, "fake", probability) if name else None,
                    confidence=confidence, paragraph=0, sentence=0,
                ))
            out.append(Extraction(tuple(quotes), (), (), Meta("id", "t", "fake", len(text), 0)))
        return out

    extract_many.calls = calls  # type: ignore[attr-defined]
    return extract_many


def run_eval(eval_dir: Path, *extra: str) -> int:
    return main([
        "evaluate", "--articles", str(eval_dir / "articles"), "--gold", str(eval_dir / "gold"),
        "--no-progress", *extra,
    ])


def test_min_f1_passes_with_the_right_speakers(
    eval_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    patch_default_annotator(monkeypatch, RegexAnnotator)
    engine = fake_engine({
        "defisit anggaran tetap terkendali": "Sri Mulyani",
        "Kami akan menjaga belanja negara tetap sehat,": "Menteri Keuangan Sri Mulyani Indrawati",
        "Bantuan logistik sudah dikirim sejak pagi,": "Ridwan Kamil",
    })
    monkeypatch.setattr("quotes.pipeline.extract_many", engine)
    report = eval_dir / "report.json"
    assert run_eval(eval_dir, "--min-f1", "0.80", "--json", str(report)) == 0
    out = capsys.readouterr().out
    assert "3 gold quotes, 3 predicted" in out
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["headline"]["e2e_f1"] == 1.0
    assert [a["id"] for a in data["articles"]] == ["dua", "satu"]


def test_min_f1_fails_with_wrong_speakers(
    eval_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    patch_default_annotator(monkeypatch, RegexAnnotator)
    engine = fake_engine({
        "defisit anggaran tetap terkendali": "Sri Mulyani",
        "Kami akan menjaga belanja negara tetap sehat,": "Ridwan Kamil",  # wrong
        "Bantuan logistik sudah dikirim sejak pagi,": None,  # missing
    })
    monkeypatch.setattr("quotes.pipeline.extract_many", engine)
    assert run_eval(eval_dir, "--min-f1", "0.80", "--misses") == 1
    captured = capsys.readouterr()
    assert "FAIL" in captured.err and "0.333" in captured.err
    assert "predicted: Ridwan Kamil [fake]  gold: Sri Mulyani Indrawati" in captured.out
    assert "missing speaker" in captured.out
    # the same run passes a lower bar
    assert run_eval(eval_dir, "--min-f1", "0.3") == 0


def test_ids_and_batching(eval_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    patch_default_annotator(monkeypatch, RegexAnnotator)
    engine = fake_engine({})
    monkeypatch.setattr("quotes.pipeline.extract_many", engine)
    report = ev.evaluate(eval_dir / "articles", eval_dir / "gold", RegexAnnotator(), batch_size=1)
    assert engine.calls == [1, 1]  # type: ignore[attr-defined]
    assert report.counts(0.5).matched == 3
    assert run_eval(eval_dir, "--ids", "satu") == 0
    assert engine.calls[-1] == 1  # type: ignore[attr-defined]


def test_usage_errors_exit_2(
    eval_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    patch_default_annotator(monkeypatch, RegexAnnotator)
    assert run_eval(eval_dir, "--ids", "tidak-ada") == 2
    assert "tidak-ada" in capsys.readouterr().err
    assert main(["evaluate", "--gold", str(eval_dir / "nope"), "--no-progress"]) == 2
    (eval_dir / "gold" / "satu.json").write_text("{bukan json", encoding="utf-8")
    assert run_eval(eval_dir) == 2
    with pytest.raises(SystemExit) as exc:
        run_eval(eval_dir, "--threshold", "1.5")
    assert exc.value.code == 2


def test_model_error_exits_3_without_traceback(
    eval_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def missing() -> object:
        raise ModelError("No Stanza models at /x. Build them with `make models`.")

    patch_default_annotator(monkeypatch, missing)
    assert run_eval(eval_dir) == 3
    err = capsys.readouterr().err
    assert "make models" in err and "Traceback" not in err


# --------------------------------------------------------------------------- per outlet


def test_per_outlet_counts_are_summed_over_the_outlets_articles() -> None:
    base = hand_made_report()  # a1 + a2: gold 5, predicted 5, matched 4, e2e hits 2
    a1, a2 = base.articles
    q3 = GoldQuote(Q3, "direct", "Bahlil Lahadalia", ("Bahlil",), "ujarnya")
    report = ev.build_report(
        [
            ("a1", a1.gold, a1.pred),
            ("a3", [q3], [PredQuote(Q3, "direct", "Bahlil", "name", "ujarnya")]),
            ("a2", a2.gold, a2.pred),
            ("a4", [], []),
        ],
        outlets={"a1": "Kompas", "a2": "Kompas", "a3": "Antara", "a4": "Viva"},
    )
    assert [a.outlet for a in report.articles] == ["Kompas", "Antara", "Kompas", "Viva"]
    outlets = report.by_outlet()
    assert list(outlets) == ["Antara", "Kompas", "Viva"]  # sorted by name
    assert [a.id for a in outlets["Kompas"].articles] == ["a1", "a2"]
    kompas = outlets["Kompas"].counts(0.5)
    one, two = (ev.build_report([(a.id, a.gold, a.pred)]).counts(0.5) for a in (a1, a2))
    assert (kompas.gold, kompas.pred, kompas.matched, kompas.speaker_ok) == (
        one.gold + two.gold, one.pred + two.pred, one.matched + two.matched,
        one.speaker_ok + two.speaker_ok,
    ) == (5, 5, 4, 2)
    assert kompas.e2e_f1 == pytest.approx(0.4)
    lines = ev.format_outlets(report).splitlines()
    assert lines[0] == "Per outlet at threshold 0.5"
    assert lines[1].split() == [
        "outlet", "articles", "gold", "quotes", "quote", "F1", "speaker", "acc", "name", "acc",
        "E2E", "F1",
    ]
    assert [line.split() for line in lines[2:]] == [
        ["Antara", "1", "1", "1.000", "1.000", "1.000", "1.000"],
        ["Kompas", "2", "5", "0.800", "0.500", "0.500", "0.400"],
        ["Viva", "1", "0", "-", "-", "-", "-"],  # nothing to score: undefined
        ["all", "4", "6", "0.833", "0.600", "0.600", "0.500"],
    ]
    # at 0.8 the same pairs match in this report; the header names the threshold
    assert ev.format_outlets(report, 0.8).splitlines()[0] == "Per outlet at threshold 0.8"


def test_outlet_defaults_to_unknown() -> None:
    report = hand_made_report()
    assert {a.outlet for a in report.articles} == {"unknown"}
    data = report.to_dict()
    assert list(data["per_outlet"]) == ["unknown"]
    assert data["per_outlet"]["unknown"]["gold"] == 5


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        (None, [], ["001", "002", "d101", "d102", "d110", "seed-000"]),
        (["d1*"], [], ["d101", "d102", "d110"]),
        (["d10?"], [], ["d101", "d102"]),
        (["0*", "seed-*"], [], ["001", "002", "seed-000"]),
        (["seed-000", "d1*", "d101"], [], ["seed-000", "d101", "d102", "d110"]),  # no repeats
        (None, ["d1*"], ["001", "002", "seed-000"]),
        (["d1*"], ["d102", "d11*"], ["d101"]),
        (["nope"], [], ["nope"]),  # a plain id is kept: its missing gold file is reported later
    ],
)
def test_select_ids(
    include: list[str] | None, exclude: list[str], expected: list[str]
) -> None:
    available = ["d110", "001", "seed-000", "d101", "002", "d102"]
    assert ev.select_ids(available, include, exclude) == expected


def test_select_ids_errors() -> None:
    with pytest.raises(ev.InputError, match="'x\\*'"):
        ev.select_ids(["a", "b"], ["a", "x*"])
    with pytest.raises(ev.InputError, match="no articles left"):
        ev.select_ids(["a", "b"], None, ["*"])
    assert ev.split_ids(" d1*, ,seed-000,") == ["d1*", "seed-000"]


MORE_ARTICLES = {
    "d101": "\"Arus mudik tahun ini jauh lebih lancar,\" kata Kapolri Listyo Sigit Prabowo.\n",
    "d102": (
        "Ketua KPU Hasyim Asy'ari menyatakan bahwa logistik pemilu sudah siap didistribusikan.\n"
    ),
}
MORE_GOLD: dict[str, list[dict[str, Any]]] = {
    "d101": [
        {"text": "Arus mudik tahun ini jauh lebih lancar,", "type": "direct",
         "speaker": "Listyo Sigit Prabowo", "speaker_aliases": ["Kapolri"], "cue": "kata",
         "speaker_mention": "Kapolri Listyo Sigit Prabowo"},
    ],
    "d102": [
        {"text": "logistik pemilu sudah siap didistribusikan", "type": "indirect",
         "speaker": "Hasyim Asy'ari", "speaker_aliases": ["Ketua KPU"], "cue": "menyatakan",
         "speaker_mention": "Ketua KPU Hasyim Asy'ari"},
    ],
}
ALL_GOLD = GOLD | MORE_GOLD
# satu and dua are Kompas, d101 Tempo; d102 is not in the manifest, "lain" has no gold file
MANIFEST = [
    {"id": "satu", "outlet": "Kompas", "topic": "economy"},
    {"id": "dua", "outlet": "Kompas", "topic": "disaster"},
    {"id": "d101", "outlet": "Tempo", "topic": "transport"},
    {"id": "lain", "outlet": "Viva"},
]
# Kompas: satu right twice, dua wrong -> 2 of 3; Tempo right; unknown (d102) no speaker
SPEAKERS: dict[str, str | None] = {
    "defisit anggaran tetap terkendali": "Sri Mulyani",
    "Kami akan menjaga belanja negara tetap sehat,": "Sri Mulyani Indrawati",
    "Bantuan logistik sudah dikirim sejak pagi,": "Sri Mulyani",
    "Arus mudik tahun ini jauh lebih lancar,": "Listyo Sigit Prabowo",
    "logistik pemilu sudah siap didistribusikan": None,
}


@pytest.fixture
def outlet_dir(eval_dir: Path) -> Path:
    for art_id, text in MORE_ARTICLES.items():
        (eval_dir / "articles" / f"{art_id}.txt").write_text(text, encoding="utf-8")
        gold = {"id": art_id, "quotes": MORE_GOLD[art_id]}
        (eval_dir / "gold" / f"{art_id}.json").write_text(json.dumps(gold), encoding="utf-8")
    (eval_dir / "manifest.json").write_text(json.dumps(MANIFEST), encoding="utf-8")
    return eval_dir


def outlet_rows(out: str) -> list[list[str]]:
    lines = out.splitlines()
    start = lines.index("Per outlet at threshold 0.5")
    rows = []
    for line in lines[start + 2:]:
        if not line.strip():
            break
        rows.append(line.split())
    return rows


def test_outlet_is_read_from_the_manifest_next_to_the_articles(
    outlet_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    patch_default_annotator(monkeypatch, RegexAnnotator)
    monkeypatch.setattr("quotes.pipeline.extract_many", fake_engine(SPEAKERS, ALL_GOLD))
    report = ev.evaluate(outlet_dir / "articles", outlet_dir / "gold", RegexAnnotator())
    assert {a.id: a.outlet for a in report.articles} == {
        "d101": "Tempo", "d102": "unknown", "dua": "Kompas", "satu": "Kompas",
    }
    json_path = outlet_dir / "report.json"
    assert run_eval(outlet_dir, "--json", str(json_path)) == 0
    assert outlet_rows(capsys.readouterr().out) == [
        ["Kompas", "2", "3", "1.000", "0.667", "0.667", "0.667"],
        ["Tempo", "1", "1", "1.000", "1.000", "1.000", "1.000"],
        ["unknown", "1", "1", "1.000", "0.000", "0.000", "0.000"],
        ["all", "4", "5", "1.000", "0.600", "0.600", "0.600"],
    ]
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert {a["id"]: a["outlet"] for a in data["articles"]} == {
        "d101": "Tempo", "d102": "unknown", "dua": "Kompas", "satu": "Kompas",
    }
    per_outlet = data["per_outlet"]
    assert list(per_outlet) == ["Kompas", "Tempo", "unknown"]
    kompas = per_outlet["Kompas"]
    assert set(kompas) == {"articles", "gold", "predicted", "thresholds"}
    assert (kompas["articles"], kompas["gold"], kompas["predicted"]) == (2, 3, 3)
    assert list(kompas["thresholds"]) == ["0.3", "0.5", "0.8"]
    at_half = kompas["thresholds"]["0.5"]
    assert set(at_half) == set(data["summary"]["0.5"])  # the shape of Counts.to_dict
    assert at_half["counts"]["gold"] == 3 and at_half["counts"]["e2e_hits"] == 2
    assert at_half["e2e_f1"] == pytest.approx(2 / 3)
    assert per_outlet["unknown"]["thresholds"]["0.5"]["speaker_accuracy"] == 0.0


def test_explicit_manifest_option(
    outlet_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    patch_default_annotator(monkeypatch, RegexAnnotator)
    monkeypatch.setattr("quotes.pipeline.extract_many", fake_engine(SPEAKERS, ALL_GOLD))
    other = outlet_dir / "elsewhere.json"
    other.write_text(json.dumps([{"id": "d102", "outlet": "Antara"}]), encoding="utf-8")
    assert run_eval(outlet_dir, "--manifest", str(other)) == 0
    rows = outlet_rows(capsys.readouterr().out)
    assert [(r[0], r[1]) for r in rows] == [("Antara", "1"), ("unknown", "3"), ("all", "4")]
    assert run_eval(outlet_dir, "--manifest", str(outlet_dir / "nope.json")) == 2
    assert "nope.json" in capsys.readouterr().err
    other.write_text("{broken", encoding="utf-8")
    assert run_eval(outlet_dir, "--manifest", str(other)) == 2
    assert "cannot read manifest" in capsys.readouterr().err


def test_missing_manifest_means_unknown_outlet(
    eval_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    patch_default_annotator(monkeypatch, RegexAnnotator)
    monkeypatch.setattr("quotes.pipeline.extract_many", fake_engine(SPEAKERS))
    assert not (eval_dir / "manifest.json").exists()
    report = ev.evaluate(eval_dir / "articles", eval_dir / "gold", RegexAnnotator())
    assert [a.outlet for a in report.articles] == ["unknown", "unknown"]
    assert run_eval(eval_dir) == 0
    assert outlet_rows(capsys.readouterr().out) == [
        ["unknown", "2", "3", "1.000", "0.667", "0.667", "0.667"],
        ["all", "2", "3", "1.000", "0.667", "0.667", "0.667"],
    ]


def test_no_outlets_and_outlet_threshold(
    outlet_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    patch_default_annotator(monkeypatch, RegexAnnotator)
    monkeypatch.setattr("quotes.pipeline.extract_many", fake_engine(SPEAKERS, ALL_GOLD))
    assert run_eval(outlet_dir, "--no-outlets") == 0
    out = capsys.readouterr().out
    assert "E2E F1" in out and "Per outlet" not in out
    assert run_eval(outlet_dir, "--outlet-threshold", "0.9") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split() == ["threshold", "0.3", "0.5", "0.8", "0.9"]
    assert "Per outlet at threshold 0.9" in lines


def test_ids_globs_and_exclude(
    outlet_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    patch_default_annotator(monkeypatch, RegexAnnotator)
    engine = fake_engine(SPEAKERS, ALL_GOLD)
    monkeypatch.setattr("quotes.pipeline.extract_many", engine)
    json_path = outlet_dir / "report.json"

    def chosen(*extra: str) -> list[str]:
        assert run_eval(outlet_dir, "--json", str(json_path), *extra) == 0
        data = json.loads(json_path.read_text(encoding="utf-8"))
        return [a["id"] for a in data["articles"]]

    assert chosen("--ids", "d1*") == ["d101", "d102"]
    assert engine.calls[-1] == 2  # type: ignore[attr-defined]  # only those two were run
    out = capsys.readouterr().out
    assert "2 articles, 2 gold quotes" in out
    assert [r[0] for r in outlet_rows(out)] == ["Tempo", "unknown", "all"]
    assert chosen("--ids", "satu, d1*") == ["satu", "d101", "d102"]
    assert chosen("--exclude", "d1*") == ["dua", "satu"]
    assert chosen("--ids", "d*", "--exclude", "dua,d102") == ["d101"]
    assert run_eval(outlet_dir, "--ids", "x*") == 2
    assert "no article id matches 'x*'" in capsys.readouterr().err
    assert run_eval(outlet_dir, "--exclude", "*") == 2


def test_min_outlet_f1(
    outlet_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    patch_default_annotator(monkeypatch, RegexAnnotator)
    monkeypatch.setattr("quotes.pipeline.extract_many", fake_engine(SPEAKERS, ALL_GOLD))
    # every outlet gated (>= 1 gold quote): overall 0.600 passes --min-f1 0.5, but Kompas
    # (0.667) and unknown (0.000) fail 0.7
    gate_all = ("--outlet-min-gold", "1")
    assert run_eval(outlet_dir, "--min-f1", "0.5", "--min-outlet-f1", "0.7", *gate_all) == 1
    err = capsys.readouterr().err
    assert "ok: end-to-end F1 at 0.5 is 0.600 >= --min-f1 0.500" in err
    assert "gates 3 of 3 outlets, those with >= 1 gold quotes" in err
    assert "Kompas (3), Tempo (1), unknown (1)" in err
    fails = [line for line in err.splitlines() if line.startswith("FAIL")]
    assert fails == [
        "FAIL: end-to-end F1 at 0.5 of outlet Kompas (3 gold quotes) is 0.667 "
        "< --min-outlet-f1 0.700",
        "FAIL: end-to-end F1 at 0.5 of outlet unknown (1 gold quotes) is 0.000 "
        "< --min-outlet-f1 0.700",
    ]
    # without the unknown article only Kompas fails
    assert run_eval(outlet_dir, "--exclude", "d102", "--min-outlet-f1", "0.7", *gate_all) == 1
    err = capsys.readouterr().err
    assert "outlet Kompas (3 gold quotes) is 0.667" in err and "unknown" not in err
    assert run_eval(outlet_dir, "--exclude", "d102", "--min-outlet-f1", "0.6", *gate_all) == 0
    assert "ok: end-to-end F1 at 0.5 >= --min-outlet-f1 0.600 for all 2 gated outlets" in (
        capsys.readouterr().err
    )


def test_outlet_gate_only_counts_outlets_with_enough_gold(
    outlet_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    patch_default_annotator(monkeypatch, RegexAnnotator)
    monkeypatch.setattr("quotes.pipeline.extract_many", fake_engine(SPEAKERS, ALL_GOLD))
    # Kompas: 3 gold, 0.667; Tempo: 1 gold, 1.000; unknown: 1 gold, 0.000
    # N = 2: unknown is below 0.5 but too small to be gated; Kompas passes 0.5
    assert run_eval(outlet_dir, "--min-outlet-f1", "0.5", "--outlet-min-gold", "2") == 0
    err = capsys.readouterr().err
    gated = "gates 1 of 3 outlets, those with >= 2 gold quotes (--outlet-min-gold): Kompas (3)"
    assert err.splitlines()[0].endswith(gated)
    assert "FAIL" not in err and "for all 1 gated outlets" in err
    # ... and Kompas (>= 2 gold) fails 0.7, alone
    assert run_eval(outlet_dir, "--min-outlet-f1", "0.7", "--outlet-min-gold", "2") == 1
    fails = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("FAIL")]
    assert len(fails) == 1 and "outlet Kompas (3 gold quotes) is 0.667" in fails[0]
    # exactly N gold quotes is gated
    assert run_eval(outlet_dir, "--min-outlet-f1", "0.7", "--outlet-min-gold", "3") == 1
    # the default N is 20: none of these outlets is gated, and the command says so
    assert run_eval(outlet_dir, "--min-outlet-f1", "0.99") == 0
    err = capsys.readouterr().err
    assert "gates 0 of 3 outlets, those with >= 20 gold quotes (--outlet-min-gold): none" in err
    assert "note: no outlet has >= 20 gold quotes, --min-outlet-f1 checked none" in err
    # a bad N is a usage error
    for bad in ("-1", "2.5", "viele"):
        with pytest.raises(SystemExit) as exc:
            run_eval(outlet_dir, "--min-outlet-f1", "0.7", "--outlet-min-gold", bad)
        assert exc.value.code == 2


# satu's indirect quote: lenient right ("Indrawati" is the last name), not the printed name
LENIENT_ONLY: dict[str, str | None] = {
    "defisit anggaran tetap terkendali": "Menteri Sri Mulyani Indrawati",
    "Kami akan menjaga belanja negara tetap sehat,": "Sri Mulyani",  # alias: both right
    "Bantuan logistik sudah dikirim sejak pagi,": "Ridwan Kamil",  # both right
}


def test_min_name_acc_and_min_speaker_acc(
    eval_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    patch_default_annotator(monkeypatch, RegexAnnotator)
    monkeypatch.setattr("quotes.pipeline.extract_many", fake_engine(LENIENT_ONLY))
    # speaker accuracy 3/3, name accuracy 2/3
    assert run_eval(eval_dir, "--min-speaker-acc", "0.9") == 0
    assert "ok: speaker accuracy at 0.5 is 1.000 >= --min-speaker-acc 0.900" in (
        capsys.readouterr().err
    )
    assert run_eval(eval_dir, "--min-speaker-acc", "0.9", "--min-name-acc", "0.9") == 1
    err = capsys.readouterr().err
    assert "ok: speaker accuracy at 0.5 is 1.000" in err
    assert [ln for ln in err.splitlines() if ln.startswith("FAIL")] == [
        "FAIL: name accuracy at 0.5 is 0.667 < --min-name-acc 0.900",
    ]
    assert run_eval(eval_dir, "--min-name-acc", "0.6") == 0
    assert "ok: name accuracy at 0.5 is 0.667 >= --min-name-acc 0.600" in capsys.readouterr().err
    # the name line of --misses shows the printed-name error
    assert run_eval(eval_dir, "--misses") == 0
    assert (
        '  name      indirect "defisit anggaran tetap terkendali"  predicted: Menteri Sri '
        "Mulyani Indrawati [fake]  gold: Sri Mulyani Indrawati"
    ) in capsys.readouterr().out

    wrong = LENIENT_ONLY | {"Bantuan logistik sudah dikirim sejak pagi,": "Sri Mulyani"}
    monkeypatch.setattr("quotes.pipeline.extract_many", fake_engine(wrong))
    # speaker 2/3, name 1/3, end-to-end F1 2/3: each failing gate has its own line
    assert run_eval(
        eval_dir, "--min-f1", "0.9", "--min-speaker-acc", "0.7", "--min-name-acc", "0.5"
    ) == 1
    fails = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("FAIL")]
    assert fails == [
        "FAIL: end-to-end F1 at 0.5 is 0.667 < --min-f1 0.900",
        "FAIL: speaker accuracy at 0.5 is 0.667 < --min-speaker-acc 0.700",
        "FAIL: name accuracy at 0.5 is 0.333 < --min-name-acc 0.500",
    ]
    # one gate failing is enough for exit 1; all passing gives 0
    assert run_eval(eval_dir, "--min-f1", "0.6", "--min-speaker-acc", "0.7") == 1
    assert run_eval(
        eval_dir, "--min-f1", "0.6", "--min-speaker-acc", "0.6", "--min-name-acc", "0.3"
    ) == 0


def test_an_undefined_gate_figure_fails(
    eval_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    patch_default_annotator(monkeypatch, RegexAnnotator)
    monkeypatch.setattr("quotes.pipeline.extract_many", fake_engine({}, {}))  # finds nothing
    assert run_eval(eval_dir, "--min-name-acc", "0.0") == 1
    assert "FAIL: name accuracy at 0.5 is undefined (no quotes to score)" in (
        capsys.readouterr().err
    )
    assert run_eval(eval_dir, "--min-f1", "0.0") == 0  # F1 is defined (0.0): 3 gold quotes


def test_calibration_option_and_json(
    eval_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    patch_default_annotator(monkeypatch, RegexAnnotator)
    engine = fake_engine({
        "defisit anggaran tetap terkendali": "Sri Mulyani",
        "Kami akan menjaga belanja negara tetap sehat,": "Ridwan Kamil",  # wrong
        "Bantuan logistik sudah dikirim sejak pagi,": "Ridwan Kamil",
    }, probability=0.8, confidence=0.92)
    monkeypatch.setattr("quotes.pipeline.extract_many", engine)
    assert run_eval(eval_dir) == 0
    assert "Calibration" not in capsys.readouterr().out
    json_path = eval_dir / "report.json"
    assert run_eval(eval_dir, "--calibration", "--json", str(json_path)) == 0
    out = capsys.readouterr().out
    assert "Whole attribution: quote confidence vs matched AND speaker right" in out
    assert "at >= 0.9: 3 of 3 answers (100.0%), accuracy 0.667" in out
    assert "over 3 matched quotes with a speaker probability" in out
    assert "  at >= 0.9: 0 of 3 answers (0.0%), accuracy -" in out
    cal = json.loads(json_path.read_text(encoding="utf-8"))["calibration"]
    assert cal["attribution"]["ece"] == pytest.approx(abs(2 / 3 - 0.92))
    assert cal["speaker"]["bins"][8]["count"] == 3
    assert cal["speaker"]["ece"] == pytest.approx(abs(2 / 3 - 0.8))


def test_claim_scores_count_checkable_kappa_and_types() -> None:
    rows = [
        (("quantity",), True, 0.9, ("quantity",)),
        (("event",), True, 0.8, ("event", "quantity")),
        ((), False, 0.2, ()),
        (("personal",), True, 0.6, ("event",)),
        (("cause",), False, 0.4, ()),
    ]
    s = ev.claim_scores(rows)
    c = s.checkable
    assert (c.tp, c.fp, c.fn, c.tn) == (2, 1, 1, 1)
    # po = 3/5, pe = (3*3 + 2*2)/25 = 13/25 -> kappa = (15/25 - 13/25) / (12/25) = 1/6
    assert c.kappa == pytest.approx(1 / 6)
    assert s.types["quantity"].tp == 1 and s.types["quantity"].fp == 1
    assert s.types["cause"].fn == 1
    # ranked 0.9 (pos), 0.8 (pos), 0.6 (neg), 0.4 (pos), 0.2 (neg): AP = (1 + 1 + 3/4) / 3
    assert s.pr_auc == pytest.approx((1 + 1 + 0.75) / 3)
    assert ev.binary([(True, True)]).kappa is None
    assert ev.is_checkable(("personal",)) is False and ev.is_checkable(("rule",)) is True


def test_gold_claim_labels_are_read(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"quotes": [
        {"text": "a", "type": "direct", "claim": ["quantity", "event"]},
        {"text": "b", "type": "direct"}]}), encoding="utf-8")
    gold = ev.load_gold(path)
    assert gold[0].claim == ("quantity", "event") and gold[1].claim is None
    path.write_text(json.dumps({"quotes": [{"text": "a", "type": "direct", "claim": "x"}]}),
                    encoding="utf-8")
    with pytest.raises(InputError):
        ev.load_gold(path)
