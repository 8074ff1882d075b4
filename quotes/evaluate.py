"""Measure the engine against hand-made gold annotations (the metric of ``shared/eval/README.md``).

Matching. A predicted quote matches a gold quote when the F1 of their word tokens (lower-cased
``\\w+`` runs, compared as multisets) is at least the overlap threshold. Matching is one-to-one
and greedy, best pairs first: all pairs at or above the threshold are sorted by descending F1,
ties broken by document order (gold index, then prediction index), and a pair is taken when
neither side is taken yet. Reported at thresholds 0.3, 0.5 and 0.8 (lenient / mid / strict).

On the matched pairs:

* speaker correct -- the predicted speaker name equals the gold speaker or one of its aliases
  after normalisation (lower-cased, punctuation dropped: the ``\\w+`` tokens joined by one space),
  or its tokens contain the gold speaker's last name token (the last ``\\w+`` token of the gold
  speaker, lower-cased, compared as a whole token: gold "Rajnath Singh" accepts "kantor Singh",
  not "Singhania"). A gold quote without a speaker is speaker-correct only when the prediction
  has no speaker either; a prediction without a speaker is wrong for a gold quote with one.
* name correct (strict) -- the same without the last-name leniency: the predicted name equals
  the gold speaker or one of its aliases after normalisation ("Besar Budi Santoso" is speaker
  correct for gold "Budi Santoso" but not name correct). A gold quote without a speaker is
  name-correct only when the prediction has none. This is the printed-name figure: what a reader
  of the answer sees.
* cue correct -- the predicted cue text equals the gold cue after the same normalisation. There
  is no stemming: ``-nya`` forms compare as written, so "ujarnya" matches "Ujarnya," but not
  "ujar". A gold quote without a cue is cue-correct only when the prediction has no cue.

End to end (the headline number) a hit is a matched quote with the right speaker:
precision = hits / predicted, recall = hits / gold. Every count is summed over all articles
before dividing (micro-average). A ratio whose denominator is zero is undefined (``None``).

Per outlet. Each article carries the outlet named for it in ``manifest.json`` (a JSON list of
``{"id", "outlet", ...}`` objects, by default next to the ``articles/`` directory), or
``"unknown"``; the same micro-averaged counts are also summed over each outlet's articles.

Calibration (reliability). At the headline threshold two sets of ``(probability, correct)``
pairs are put in ten bins of width 0.1 (``[0, 0.1)`` ... ``[0.9, 1.0]``; 1.0 goes in the last
bin): **whole attribution** -- every predicted quote's ``confidence`` against "matched AND
speaker right (lenient)", so a false positive counts as wrong; **speaker** -- each matched
quote whose prediction carries a ``speaker_probability`` (``Attribution.probability``) against
speaker right. Per bin: count, mean probability, accuracy; the expected calibration error
ECE = sum over bins of count/N * |accuracy - mean probability|; and, at the cut 0.9, the share
of answers at or above it and their accuracy (what a user who trusts only confident answers gets).

The pure functions (``tokens``, ``token_f1``, ``match``, ``speaker_correct``, ``name_correct``,
``cue_correct``, ``score_article``, ``reliability``) take plain data; ``evaluate`` does the I/O
and runs the pipeline.
"""

from __future__ import annotations

import bisect
import fnmatch
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotes.annotator import Annotator
from quotes.errors import InputError
from quotes.model import Extraction, Quote

#: lenient / mid / strict overlap thresholds
THRESHOLDS: tuple[float, ...] = (0.3, 0.5, 0.8)
#: the threshold of the headline number and of ``--min-f1``
HEADLINE_THRESHOLD = 0.5
QUOTE_TYPES: tuple[str, ...] = ("direct", "indirect", "mixed")
#: the outlet of an article the manifest does not name (or when there is no manifest)
UNKNOWN_OUTLET = "unknown"
#: the manifest's file name, looked up next to the articles directory
MANIFEST_NAME = "manifest.json"
#: the calibration tables: number of equal-width bins, and the cut of the "at or above" figure
CALIBRATION_BINS = 10
CALIBRATION_CUT = 0.9

_TOKEN = re.compile(r"\w+")


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class GoldQuote:
    text: str
    type: str
    speaker: str | None = None
    aliases: tuple[str, ...] = ()
    cue: str | None = None
    mention: str | None = None
    #: the gold claim types (``shared/eval/README.md``, "Claim types"); ``None`` when the gold
    #: file does not label claims
    claim: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class PredQuote:
    text: str
    type: str
    speaker: str | None = None
    rule: str | None = None
    cue: str | None = None
    start: int = 0
    end: int = 0
    #: ``Quote.confidence``: how sure the engine is of the whole attribution (quote + speaker)
    confidence: float = 1.0
    #: ``Attribution.probability``: the speaker decision's probability (``None`` without one)
    speaker_probability: float | None = None
    #: ``Quote.claim``: checkable, its score and types (``None`` without a claim)
    checkable: bool | None = None
    claim_score: float | None = None
    claim_types: tuple[str, ...] = ()

    @classmethod
    def from_quote(cls, quote: Quote) -> PredQuote:
        attribution = quote.speaker
        speaker = attribution.name if attribution is not None else None
        return cls(
            text=quote.text,
            type=quote.type,
            speaker=speaker or None,
            rule=attribution.rule if attribution is not None else None,
            cue=quote.cue.text if quote.cue is not None else None,
            start=quote.start,
            end=quote.end,
            confidence=quote.confidence,
            speaker_probability=attribution.probability if attribution is not None else None,
            checkable=quote.claim.checkable if quote.claim is not None else None,
            claim_score=quote.claim.score if quote.claim is not None else None,
            claim_types=tuple(quote.claim.types) if quote.claim is not None else (),
        )


@dataclass(frozen=True, slots=True)
class Match:
    gold: int
    pred: int
    f1: float
    speaker_ok: bool
    cue_ok: bool
    #: the strict speaker rule (``name_correct``): no last-name leniency
    name_ok: bool


@dataclass(frozen=True, slots=True)
class ArticleResult:
    id: str
    gold: tuple[GoldQuote, ...]
    pred: tuple[PredQuote, ...]
    #: threshold -> the one-to-one matches at that threshold
    matches: Mapping[float, tuple[Match, ...]]
    outlet: str = UNKNOWN_OUTLET


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass(slots=True)
class Counts:
    """Micro-averaged counts at one threshold, and the metrics computed from them."""

    gold: int = 0
    pred: int = 0
    matched: int = 0
    speaker_ok: int = 0
    cue_ok: int = 0
    name_ok: int = 0
    gold_by_type: Counter[str] = field(default_factory=Counter)
    matched_by_type: Counter[str] = field(default_factory=Counter)

    @property
    def e2e_hits(self) -> int:
        return self.speaker_ok

    @property
    def precision(self) -> float | None:
        return _ratio(self.matched, self.pred)

    @property
    def recall(self) -> float | None:
        return _ratio(self.matched, self.gold)

    @property
    def f1(self) -> float | None:
        return _ratio(2 * self.matched, self.pred + self.gold)

    def recall_of(self, kind: str) -> float | None:
        return _ratio(self.matched_by_type[kind], self.gold_by_type[kind])

    @property
    def speaker_accuracy(self) -> float | None:
        return _ratio(self.speaker_ok, self.matched)

    @property
    def name_accuracy(self) -> float | None:
        """Strict speaker accuracy: the printed name is the gold speaker or an alias."""
        return _ratio(self.name_ok, self.matched)

    @property
    def cue_accuracy(self) -> float | None:
        return _ratio(self.cue_ok, self.matched)

    @property
    def e2e_precision(self) -> float | None:
        return _ratio(self.e2e_hits, self.pred)

    @property
    def e2e_recall(self) -> float | None:
        return _ratio(self.e2e_hits, self.gold)

    @property
    def e2e_f1(self) -> float | None:
        return _ratio(2 * self.e2e_hits, self.pred + self.gold)

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "recall_by_type": {kind: self.recall_of(kind) for kind in QUOTE_TYPES},
            "speaker_accuracy": self.speaker_accuracy,
            "name_accuracy": self.name_accuracy,
            "cue_accuracy": self.cue_accuracy,
            "e2e_precision": self.e2e_precision,
            "e2e_recall": self.e2e_recall,
            "e2e_f1": self.e2e_f1,
            "counts": {
                "gold": self.gold,
                "predicted": self.pred,
                "matched": self.matched,
                "speaker_correct": self.speaker_ok,
                "name_correct": self.name_ok,
                "cue_correct": self.cue_ok,
                "e2e_hits": self.e2e_hits,
                "gold_by_type": {kind: self.gold_by_type[kind] for kind in QUOTE_TYPES},
                "matched_by_type": {kind: self.matched_by_type[kind] for kind in QUOTE_TYPES},
            },
        }


@dataclass(frozen=True, slots=True)
class ReliabilityBin:
    """One bin of a reliability table: ``[lower, upper)`` (the last bin includes ``upper``)."""

    lower: float
    upper: float
    count: int
    #: the mean probability of the bin's answers (``None`` when the bin is empty)
    mean_confidence: float | None
    #: the share of the bin's answers that are correct (``None`` when the bin is empty)
    accuracy: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "lower": self.lower,
            "upper": self.upper,
            "count": self.count,
            "mean_confidence": self.mean_confidence,
            "accuracy": self.accuracy,
        }


@dataclass(frozen=True, slots=True)
class Reliability:
    """A reliability table (``reliability``): bins, ECE, and the answers at or above ``cut``."""

    bins: tuple[ReliabilityBin, ...]
    count: int
    #: expected calibration error (``None`` without answers)
    ece: float | None
    mean_confidence: float | None
    accuracy: float | None
    cut: float
    #: answers with a probability >= ``cut``
    above_count: int
    #: ``above_count / count`` (``None`` without answers)
    above_share: float | None
    #: the accuracy of those answers (``None`` when there are none)
    above_accuracy: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "ece": self.ece,
            "mean_confidence": self.mean_confidence,
            "accuracy": self.accuracy,
            "cut": self.cut,
            "above_cut": {
                "count": self.above_count,
                "share": self.above_share,
                "accuracy": self.above_accuracy,
            },
            "bins": [b.to_dict() for b in self.bins],
        }


@dataclass(slots=True)
class ErrorSummary:
    """What went wrong at one threshold, by kind."""

    missed: Counter[str] = field(default_factory=Counter)  # by gold type
    false_positives: Counter[str] = field(default_factory=Counter)  # by predicted type
    wrong_speaker: Counter[str] = field(default_factory=Counter)  # by predicted rule
    missing_speaker: int = 0  # matched, gold has a speaker, prediction has none
    #: matched, speaker right by the lenient rule but the printed name is not the gold one
    wrong_name: int = 0
    wrong_cue: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "missed": {kind: self.missed[kind] for kind in QUOTE_TYPES},
            "false_positives": dict(sorted(self.false_positives.items())),
            "wrong_speaker_by_rule": dict(sorted(self.wrong_speaker.items())),
            "missing_speaker": self.missing_speaker,
            "wrong_name": self.wrong_name,
            "wrong_cue": self.wrong_cue,
        }


@dataclass(frozen=True, slots=True)
class Report:
    thresholds: tuple[float, ...]
    articles: tuple[ArticleResult, ...]

    def counts(self, threshold: float) -> Counts:
        c = Counts()
        for art in self.articles:
            c.gold += len(art.gold)
            c.pred += len(art.pred)
            c.gold_by_type.update(q.type for q in art.gold)
            for m in art.matches[threshold]:
                c.matched += 1
                c.matched_by_type[art.gold[m.gold].type] += 1
                c.speaker_ok += m.speaker_ok
                c.cue_ok += m.cue_ok
                c.name_ok += m.name_ok
        return c

    def by_outlet(self) -> dict[str, Report]:
        """One report per outlet (its articles in this report's order), sorted by outlet name."""
        groups: dict[str, list[ArticleResult]] = {}
        for art in self.articles:
            groups.setdefault(art.outlet, []).append(art)
        return {
            outlet: Report(self.thresholds, tuple(groups[outlet]))
            for outlet in sorted(groups, key=_outlet_key)
        }

    def errors(self, threshold: float) -> ErrorSummary:
        e = ErrorSummary()
        for art in self.articles:
            matches = art.matches[threshold]
            matched_gold = {m.gold for m in matches}
            matched_pred = {m.pred for m in matches}
            e.missed.update(q.type for i, q in enumerate(art.gold) if i not in matched_gold)
            e.false_positives.update(
                q.type for i, q in enumerate(art.pred) if i not in matched_pred
            )
            for m in matches:
                pred = art.pred[m.pred]
                if not m.speaker_ok:
                    if pred.speaker is None:
                        e.missing_speaker += 1
                    else:
                        e.wrong_speaker[pred.rule or "?"] += 1
                elif not m.name_ok:
                    e.wrong_name += 1
                if not m.cue_ok:
                    e.wrong_cue += 1
        return e

    def attribution_pairs(self, threshold: float) -> list[tuple[float, bool]]:
        """``(confidence, matched AND speaker right)`` for every predicted quote."""
        out: list[tuple[float, bool]] = []
        for art in self.articles:
            right = {m.pred: m.speaker_ok for m in art.matches[threshold]}
            out.extend((p.confidence, right.get(i, False)) for i, p in enumerate(art.pred))
        return out

    def speaker_pairs(self, threshold: float) -> list[tuple[float, bool]]:
        """``(speaker_probability, speaker right)`` for the matched quotes that have one."""
        out = []
        for art in self.articles:
            for m in art.matches[threshold]:
                prob = art.pred[m.pred].speaker_probability
                if prob is not None:
                    out.append((prob, m.speaker_ok))
        return out

    def calibration(
        self,
        threshold: float = HEADLINE_THRESHOLD,
        bins: int = CALIBRATION_BINS,
        cut: float = CALIBRATION_CUT,
    ) -> dict[str, Reliability]:
        """The two reliability tables at ``threshold``: ``attribution`` and ``speaker``."""
        return {
            "attribution": reliability(self.attribution_pairs(threshold), bins, cut),
            "speaker": reliability(self.speaker_pairs(threshold), bins, cut),
        }

    def _calibration_dict(self) -> dict[str, Any] | None:
        if HEADLINE_THRESHOLD not in self.thresholds:
            return None
        tables = self.calibration(HEADLINE_THRESHOLD)
        return {
            "threshold": HEADLINE_THRESHOLD,
            "bins": CALIBRATION_BINS,
            "cut": CALIBRATION_CUT,
            "attribution": tables["attribution"].to_dict(),
            "speaker": tables["speaker"].to_dict(),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": "token-F1 overlap, one-to-one greedy matching, micro-averaged",
            "headline": {
                "threshold": HEADLINE_THRESHOLD,
                "e2e_f1": self.counts(HEADLINE_THRESHOLD).e2e_f1
                if HEADLINE_THRESHOLD in self.thresholds
                else None,
            },
            "articles_count": len(self.articles),
            "thresholds": list(self.thresholds),
            "summary": {str(t): self.counts(t).to_dict() for t in self.thresholds},
            "errors": {str(t): self.errors(t).to_dict() for t in self.thresholds},
            "per_outlet": {
                outlet: {
                    "articles": len(sub.articles),
                    "gold": sum(len(a.gold) for a in sub.articles),
                    "predicted": sum(len(a.pred) for a in sub.articles),
                    "thresholds": {str(t): sub.counts(t).to_dict() for t in self.thresholds},
                }
                for outlet, sub in self.by_outlet().items()
            },
            "calibration": self._calibration_dict(),
            "articles": [_article_dict(art, self.thresholds) for art in self.articles],
        }


def _outlet_key(outlet: str) -> tuple[str, str]:
    return (outlet.casefold(), outlet)


def _article_dict(art: ArticleResult, thresholds: Sequence[float]) -> dict[str, Any]:
    return {
        "id": art.id,
        "outlet": art.outlet,
        "gold": [
            {
                "text": q.text,
                "type": q.type,
                "speaker": q.speaker,
                "speaker_aliases": list(q.aliases),
                "cue": q.cue,
                "speaker_mention": q.mention,
            }
            for q in art.gold
        ],
        "predicted": [
            {
                "text": q.text,
                "type": q.type,
                "speaker": q.speaker,
                "rule": q.rule,
                "cue": q.cue,
                "start": q.start,
                "end": q.end,
                "confidence": q.confidence,
                "speaker_probability": q.speaker_probability,
            }
            for q in art.pred
        ],
        "matches": {
            str(t): [
                {
                    "gold": m.gold,
                    "predicted": m.pred,
                    "f1": round(m.f1, 4),
                    "speaker_correct": m.speaker_ok,
                    "name_correct": m.name_ok,
                    "cue_correct": m.cue_ok,
                }
                for m in art.matches[t]
            ]
            for t in thresholds
        },
    }


# --------------------------------------------------------------------------- pure functions


def tokens(text: str) -> Counter[str]:
    """The multiset of lower-cased ``\\w+`` tokens."""
    return Counter(_TOKEN.findall(text.lower()))


def token_f1(a: str | Counter[str], b: str | Counter[str]) -> float:
    """F1 of two token multisets (0.0 when either is empty)."""
    ta = tokens(a) if isinstance(a, str) else a
    tb = tokens(b) if isinstance(b, str) else b
    size = sum(ta.values()) + sum(tb.values())
    common = sum((ta & tb).values())
    # one division, so that e.g. 3 common of 10 + 10 tokens is exactly 0.3 (>= the threshold)
    return 2 * common / size if size else 0.0


def f1_matrix(gold: Sequence[str], pred: Sequence[str]) -> list[list[float]]:
    """``m[g][p]`` = token F1 of gold text ``g`` and predicted text ``p``."""
    pred_tokens = [tokens(p) for p in pred]
    return [[token_f1(tokens(g), tp) for tp in pred_tokens] for g in gold]


def match(
    gold: Sequence[str],
    pred: Sequence[str],
    threshold: float,
    f1s: Sequence[Sequence[float]] | None = None,
) -> list[tuple[int, int, float]]:
    """One-to-one greedy matching, best pairs first; returns ``(gold, pred, f1)`` sorted by gold.

    Both lists are in document order; among equal F1 the earlier gold quote, then the earlier
    prediction, wins.
    """
    m = f1s if f1s is not None else f1_matrix(gold, pred)
    pairs = [
        (m[g][p], g, p)
        for g in range(len(gold))
        for p in range(len(pred))
        if m[g][p] > 0 and m[g][p] >= threshold
    ]
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    out = []
    for f1, g, p in pairs:
        if g in used_gold or p in used_pred:
            continue
        used_gold.add(g)
        used_pred.add(p)
        out.append((g, p, f1))
    out.sort()
    return out


def normalize(text: str) -> str:
    """Lower-case, drop punctuation: the ``\\w+`` tokens joined by single spaces."""
    return " ".join(_TOKEN.findall(text.lower()))


def speaker_correct(
    predicted: str | None, gold: str | None, aliases: Iterable[str] = ()
) -> bool:
    """The speaker rule of the metric (see the module docstring)."""
    pred = normalize(predicted) if predicted else ""
    if gold is None or not normalize(gold):
        return not pred
    if not pred:
        return False
    gold_norm = normalize(gold)
    if pred == gold_norm or any(pred == normalize(a) for a in aliases if normalize(a)):
        return True
    last = gold_norm.split()[-1]
    return last in pred.split()


def name_correct(
    predicted: str | None, gold: str | None, aliases: Iterable[str] = ()
) -> bool:
    """The strict speaker rule: the normalised name is the gold speaker or an alias, exactly."""
    pred = normalize(predicted) if predicted else ""
    gold_norm = normalize(gold) if gold else ""
    if not gold_norm:
        return not pred
    if not pred:
        return False
    return pred == gold_norm or any(pred == normalize(a) for a in aliases if normalize(a))


def cue_correct(predicted: str | None, gold: str | None) -> bool:
    """Exact after normalisation; no stemming (``ujarnya`` != ``ujar``)."""
    pred = normalize(predicted) if predicted else ""
    want = normalize(gold) if gold else ""
    return pred == want


def reliability(
    pairs: Iterable[tuple[float, bool]],
    bins: int = CALIBRATION_BINS,
    cut: float = CALIBRATION_CUT,
) -> Reliability:
    """Bin ``(probability, correct)`` pairs into ``bins`` equal-width bins of [0, 1].

    Bin ``i`` is ``[i/bins, (i+1)/bins)``; the last one also holds 1.0. ECE = sum over the
    bins of count/N * |accuracy - mean probability| (``None`` without pairs). The answers at or
    above ``cut`` are counted apart: their share of all answers and their accuracy. A
    probability outside [0, 1] (or NaN) is a ``ValueError``.
    """
    if bins < 1:
        raise ValueError(f"bins must be at least 1, not {bins}")
    lowers = [i / bins for i in range(bins)]
    counts = [0] * bins
    prob_sums = [0.0] * bins
    right = [0] * bins
    n = above = above_right = 0
    for prob, correct in pairs:
        if math.isnan(prob) or not 0.0 <= prob <= 1.0:
            raise ValueError(f"a probability must be in [0, 1], not {prob!r}")
        k = min(bisect.bisect_right(lowers, prob) - 1, bins - 1)
        counts[k] += 1
        prob_sums[k] += prob
        right[k] += bool(correct)
        n += 1
        if prob >= cut:
            above += 1
            above_right += bool(correct)
    rows = tuple(
        ReliabilityBin(
            lower=lowers[k],
            upper=(k + 1) / bins,
            count=counts[k],
            mean_confidence=prob_sums[k] / counts[k] if counts[k] else None,
            accuracy=right[k] / counts[k] if counts[k] else None,
        )
        for k in range(bins)
    )
    ece = (
        sum(abs(right[k] - prob_sums[k]) for k in range(bins)) / n  # = sum count/N * |acc - conf|
        if n
        else None
    )
    return Reliability(
        bins=rows,
        count=n,
        ece=ece,
        mean_confidence=sum(prob_sums) / n if n else None,
        accuracy=sum(right) / n if n else None,
        cut=cut,
        above_count=above,
        above_share=above / n if n else None,
        above_accuracy=above_right / above if above else None,
    )


def score_article(
    article_id: str,
    gold: Sequence[GoldQuote],
    pred: Sequence[PredQuote],
    thresholds: Sequence[float] = THRESHOLDS,
    outlet: str = UNKNOWN_OUTLET,
) -> ArticleResult:
    """Match one article's predictions against its gold quotes at every threshold."""
    f1s = f1_matrix([q.text for q in gold], [q.text for q in pred])
    gold_texts = [q.text for q in gold]
    pred_texts = [q.text for q in pred]
    matches: dict[float, tuple[Match, ...]] = {}
    for t in thresholds:
        found = []
        for g, p, f1 in match(gold_texts, pred_texts, t, f1s):
            gq, pq = gold[g], pred[p]
            found.append(
                Match(
                    gold=g,
                    pred=p,
                    f1=f1,
                    speaker_ok=speaker_correct(pq.speaker, gq.speaker, gq.aliases),
                    cue_ok=cue_correct(pq.cue, gq.cue),
                    name_ok=name_correct(pq.speaker, gq.speaker, gq.aliases),
                )
            )
        matches[t] = tuple(found)
    return ArticleResult(article_id, tuple(gold), tuple(pred), matches, outlet)


def build_report(
    articles: Iterable[tuple[str, Sequence[GoldQuote], Sequence[PredQuote]]],
    thresholds: Sequence[float] = THRESHOLDS,
    outlets: Mapping[str, str] | None = None,
) -> Report:
    """Score every ``(id, gold, predicted)``; ``outlets`` maps ids to outlets (else unknown)."""
    ts = tuple(sorted(set(thresholds)))
    named = outlets or {}
    return Report(
        ts,
        tuple(
            score_article(i, g, p, ts, named.get(i, UNKNOWN_OUTLET)) for i, g, p in articles
        ),
    )


def split_ids(value: str | None) -> list[str]:
    """``"a, b*,,c"`` -> ``["a", "b*", "c"]`` (the syntax of ``--ids`` and ``--exclude``)."""
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _is_glob(pattern: str) -> bool:
    return any(ch in pattern for ch in "*?[")


def select_ids(
    available: Sequence[str],
    include: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
) -> list[str]:
    """The article ids chosen by ``include`` minus those matched by ``exclude``.

    Both are lists of ids and/or glob patterns (``fnmatch``, case-sensitive: ``d1*``,
    ``seed-00?``). ``include`` defaults to every available id (sorted); a glob in it adds the
    available ids it matches (sorted) and must match at least one; a plain id is kept as given
    (a missing one is reported when its gold file is read). The result is in ``include`` order,
    without repeats, and must not be empty.
    """
    ordered = sorted(available)
    chosen: list[str] = []
    for pattern in ordered if include is None else include:
        if _is_glob(pattern):
            found = [i for i in ordered if fnmatch.fnmatchcase(i, pattern)]
            if not found:
                raise InputError(f"no article id matches {pattern!r}")
            chosen.extend(found)
        else:
            chosen.append(pattern)
    chosen = list(dict.fromkeys(chosen))
    kept = [i for i in chosen if not any(fnmatch.fnmatchcase(i, x) for x in exclude)]
    if not kept:
        raise InputError("no articles left to evaluate after the id selection")
    return kept


def predictions(extraction: Extraction) -> list[PredQuote]:
    """An extraction's quotes in document order."""
    quotes = sorted(extraction.quotes, key=lambda q: (q.start, q.end))
    return [PredQuote.from_quote(q) for q in quotes]


# --------------------------------------------------------------------------- I/O


def _opt_str(value: Any, what: str, path: Path) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise InputError(f"{path}: {what} must be a string or null, not {type(value).__name__}")


def load_gold(path: Path) -> list[GoldQuote]:
    """Read one ``gold/ID.json`` file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read gold file {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("quotes"), list):
        raise InputError(f"{path}: expected an object with a 'quotes' list")
    out = []
    for n, q in enumerate(data["quotes"]):
        if not isinstance(q, dict) or not isinstance(q.get("text"), str):
            raise InputError(f"{path}: quote {n} has no 'text'")
        kind = q.get("type")
        if kind not in QUOTE_TYPES:
            raise InputError(f"{path}: quote {n} has type {kind!r}, not one of {QUOTE_TYPES}")
        claim = q.get("claim")
        if claim is not None and (not isinstance(claim, list)
                                  or not all(isinstance(t, str) for t in claim)):
            raise InputError(f"{path}: quote {n}: claim must be a list of strings")
        aliases = q.get("speaker_aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise InputError(f"{path}: quote {n}: speaker_aliases must be a list of strings")
        out.append(
            GoldQuote(
                text=q["text"],
                type=kind,
                speaker=_opt_str(q.get("speaker"), "speaker", path),
                aliases=tuple(aliases),
                cue=_opt_str(q.get("cue"), "cue", path),
                mention=_opt_str(q.get("speaker_mention"), "speaker_mention", path),
                claim=tuple(claim) if claim is not None else None,
            )
        )
    return out


def list_ids(gold_dir: Path) -> list[str]:
    return sorted(p.stem for p in gold_dir.glob("*.json"))


def load_manifest(path: Path) -> dict[str, str]:
    """Article id -> outlet from a ``manifest.json`` list; entries without an outlet are skipped."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read manifest {path}: {exc}") from exc
    if not isinstance(data, list):
        raise InputError(f"{path}: expected a list of {{\"id\", \"outlet\"}} objects")
    outlets: dict[str, str] = {}
    for n, entry in enumerate(data):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise InputError(f"{path}: entry {n} has no string 'id'")
        outlet = _opt_str(entry.get("outlet"), f"entry {n}: outlet", path)
        if outlet and outlet.strip():
            outlets[entry["id"]] = outlet.strip()
    return outlets


def find_manifest(articles_dir: Path) -> Path | None:
    """``<articles>/../manifest.json`` when it exists."""
    path = articles_dir.parent / MANIFEST_NAME
    return path if path.is_file() else None


def evaluate(
    articles_dir: str | Path,
    gold_dir: str | Path,
    annotator: Annotator,
    ids: Sequence[str] | None = None,
    *,
    thresholds: Sequence[float] = THRESHOLDS,
    batch_size: int = 8,
    progress: Callable[[int], object] | None = None,
    manifest: str | Path | None = None,
) -> Report:
    """Run ``quotes.pipeline.extract_many`` over the articles and score them against the gold.

    ``ids`` (exact ids; see ``select_ids`` for patterns) defaults to every ``gold/*.json``;
    ``progress`` is called with the number of articles finished after each batch. Outlets come
    from ``manifest`` (which must exist when given), else from ``<articles>/../manifest.json``
    when there is one, else every article's outlet is ``"unknown"``.
    """
    from quotes import pipeline  # looked up at call time so tests can replace extract_many

    articles_dir, gold_dir = Path(articles_dir), Path(gold_dir)
    for d, what in ((articles_dir, "articles"), (gold_dir, "gold")):
        if not d.is_dir():
            raise InputError(f"the {what} directory {d} does not exist")
    chosen = list(ids) if ids is not None else list_ids(gold_dir)
    if not chosen:
        raise InputError(f"no gold files (*.json) in {gold_dir}")
    if manifest is not None:
        if not Path(manifest).is_file():
            raise InputError(f"no manifest file {manifest}")
        manifest_path: Path | None = Path(manifest)
    else:
        manifest_path = find_manifest(articles_dir)
    outlets = load_manifest(manifest_path) if manifest_path is not None else {}
    golds: list[list[GoldQuote]] = []
    texts: list[str] = []
    for article_id in chosen:
        gold_path = gold_dir / f"{article_id}.json"
        text_path = articles_dir / f"{article_id}.txt"
        if not gold_path.is_file():
            raise InputError(f"no gold file {gold_path}")
        if not text_path.is_file():
            raise InputError(f"no article {text_path} for gold file {gold_path}")
        golds.append(load_gold(gold_path))
        try:
            texts.append(text_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read article {text_path}: {exc}") from exc

    preds: list[list[PredQuote]] = []
    size = max(1, batch_size)
    for i in range(0, len(texts), size):
        batch = texts[i : i + size]
        results = pipeline.extract_many(batch, annotator)
        if len(results) != len(batch):
            raise RuntimeError(
                f"extract_many returned {len(results)} results for {len(batch)} texts"
            )
        preds.extend(predictions(r) for r in results)
        if progress is not None:
            progress(len(batch))
    return build_report(zip(chosen, golds, preds, strict=True), thresholds, outlets)


# --------------------------------------------------------------------------- formatting


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_table(report: Report) -> str:
    """A compact table, one column per threshold."""
    ts = report.thresholds
    counts = [report.counts(t) for t in ts]
    first = counts[0] if counts else Counts()
    label_w, col_w = 24, 9
    rows: list[tuple[str, Callable[[Counts], str]]] = [
        ("quote precision", lambda c: _fmt(c.precision)),
        ("quote recall", lambda c: _fmt(c.recall)),
        ("quote F1", lambda c: _fmt(c.f1)),
    ]

    def recall_of(kind: str) -> Callable[[Counts], str]:
        return lambda c: _fmt(c.recall_of(kind))

    for kind in QUOTE_TYPES:
        rows.append((f"recall {kind} ({first.gold_by_type[kind]})", recall_of(kind)))
    rows += [
        ("speaker accuracy", lambda c: _fmt(c.speaker_accuracy)),
        ("name accuracy", lambda c: _fmt(c.name_accuracy)),
        ("cue accuracy", lambda c: _fmt(c.cue_accuracy)),
        ("E2E precision", lambda c: _fmt(c.e2e_precision)),
        ("E2E recall", lambda c: _fmt(c.e2e_recall)),
        ("E2E F1", lambda c: _fmt(c.e2e_f1)),
        ("matched", lambda c: str(c.matched)),
        ("E2E hits (speaker ok)", lambda c: str(c.speaker_ok)),
        ("name correct", lambda c: str(c.name_ok)),
        ("cue correct", lambda c: str(c.cue_ok)),
    ]
    lines = [
        f"{len(report.articles)} articles, {first.gold} gold quotes, {first.pred} predicted; "
        "columns: token-F1 overlap threshold",
        "threshold".ljust(label_w) + "".join(f"{t:>{col_w}g}" for t in ts),
    ]
    for label, cell in rows:
        lines.append(label.ljust(label_w) + "".join(cell(c).rjust(col_w) for c in counts))
    return "\n".join(lines)


def format_outlets(report: Report, threshold: float = HEADLINE_THRESHOLD) -> str:
    """One row per outlet (sorted by name) and a final "all" row, at ``threshold``."""
    headers = ("articles", "gold quotes", "quote F1", "speaker acc", "name acc", "E2E F1")
    rows: list[tuple[str, Report]] = list(report.by_outlet().items())
    rows.append(("all", report))
    name_w = max(len("outlet"), *(len(name) for name, _ in rows)) + 2
    widths = [len(h) + 2 for h in headers]

    def cells(sub: Report) -> tuple[str, ...]:
        c = sub.counts(threshold)
        return (
            str(len(sub.articles)),
            str(c.gold),
            _fmt(c.f1),
            _fmt(c.speaker_accuracy),
            _fmt(c.name_accuracy),
            _fmt(c.e2e_f1),
        )

    def line(name: str, values: Sequence[str]) -> str:
        return name.ljust(name_w) + "".join(v.rjust(w) for v, w in zip(values, widths, strict=True))

    lines = [f"Per outlet at threshold {threshold:g}", line("outlet", headers)]
    lines += [line(name, cells(sub)) for name, sub in rows]
    return "\n".join(lines)


def _edge(x: float) -> str:
    """A bin edge with as few decimals as it needs (at least one): 0.0, 0.1, 0.25."""
    for decimals in (1, 2, 3):
        if round(x, decimals) == x:
            return f"{x:.{decimals}f}"
    return f"{x:.4f}"


def _format_reliability(table: Reliability, title: str, empty: str) -> list[str]:
    lines = [title]
    if not table.count:
        lines.append(f"  {empty}")
        return lines
    widths = (14, 8, 11, 10)
    head = ("bin", "count", "mean conf", "accuracy")
    lines.append("  " + head[0].ljust(widths[0]) + "".join(
        h.rjust(w) for h, w in zip(head[1:], widths[1:], strict=True)
    ))
    last = len(table.bins) - 1
    rows = [
        (
            f"[{_edge(b.lower)}, {_edge(b.upper)}{']' if k == last else ')'}",
            str(b.count), _fmt(b.mean_confidence), _fmt(b.accuracy),
        )
        for k, b in enumerate(table.bins)
    ]
    rows.append(("all", str(table.count), _fmt(table.mean_confidence), _fmt(table.accuracy)))
    for row in rows:
        lines.append("  " + row[0].ljust(widths[0]) + "".join(
            v.rjust(w) for v, w in zip(row[1:], widths[1:], strict=True)
        ))
    lines.append(f"  ECE {_fmt(table.ece)}")
    share = "-" if table.above_share is None else f"{100 * table.above_share:.1f}%"
    lines.append(
        f"  at >= {table.cut:g}: {table.above_count} of {table.count} answers ({share}), "
        f"accuracy {_fmt(table.above_accuracy)}"
    )
    return lines


def format_calibration(report: Report, threshold: float = HEADLINE_THRESHOLD) -> str:
    """The two reliability tables (whole attribution, speaker) at ``threshold``."""
    if threshold not in report.thresholds:
        return f"Calibration: threshold {threshold:g} was not scored"
    tables = report.calibration(threshold)
    attribution, speaker = tables["attribution"], tables["speaker"]
    width = attribution.bins[0].upper - attribution.bins[0].lower
    lines = [
        f"Calibration at threshold {threshold:g} (bins of {width:g}; "
        "ECE = sum over bins of count/N * |accuracy - mean confidence|)",
    ]
    lines += _format_reliability(
        attribution,
        "Whole attribution: quote confidence vs matched AND speaker right, "
        f"over all {attribution.count} predicted quotes",
        "no predicted quotes",
    )
    lines.append("")
    lines += _format_reliability(
        speaker,
        "Speaker: speaker probability vs speaker right, "
        f"over {speaker.count} matched quotes with a speaker probability",
        "no matched prediction has a speaker probability (no trained speaker decision ran)",
    )
    return "\n".join(lines)


def _short(text: str, limit: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _who(name: str | None, rule: str | None = None) -> str:
    shown = name if name is not None else "(none)"
    return f"{shown} [{rule}]" if rule else shown


def format_misses(report: Report, threshold: float) -> str:
    """Per article: missed gold quotes, false positives and wrong speakers at ``threshold``.

    A matched quote whose speaker is right by the lenient rule but whose printed name is not
    (strict ``name_correct``) is listed on a ``name`` line with both names.
    """
    out = [f"Misses at threshold {threshold:g}"]
    for art in report.articles:
        matches = art.matches[threshold]
        matched_gold = {m.gold for m in matches}
        matched_pred = {m.pred for m in matches}
        lines = []
        for i, g in enumerate(art.gold):
            if i not in matched_gold:
                lines.append(
                    f"  missed    {g.type:<8} \"{_short(g.text)}\"  gold: {_who(g.speaker)}"
                )
        for i, p in enumerate(art.pred):
            if i not in matched_pred:
                lines.append(
                    f"  false pos {p.type:<8} \"{_short(p.text)}\"  "
                    f"predicted: {_who(p.speaker, p.rule)}"
                )
        for m in matches:
            if not m.speaker_ok or not m.name_ok:
                g, p = art.gold[m.gold], art.pred[m.pred]
                kind = "speaker" if not m.speaker_ok else "name"
                lines.append(
                    f"  {kind:<9} {g.type:<8} \"{_short(g.text)}\"  "
                    f"predicted: {_who(p.speaker, p.rule)}  gold: {_who(g.speaker)}"
                )
        if lines:
            out.append(
                f"== {art.id}  (gold {len(art.gold)}, predicted {len(art.pred)}, "
                f"matched {len(matches)})"
            )
            out.extend(lines)
    if len(out) == 1:
        out.append("  none")
    return "\n".join(out)


def format_errors(report: Report, threshold: float) -> str:
    """Counts of each kind of error at ``threshold``."""
    e = report.errors(threshold)
    rows: list[tuple[str, int]] = [(f"missed {kind}", e.missed[kind]) for kind in QUOTE_TYPES]
    rows += [(f"false positive {kind}", n) for kind, n in sorted(e.false_positives.items())]
    rows += [(f"wrong speaker [{rule}]", n) for rule, n in sorted(e.wrong_speaker.items())]
    rows += [
        ("missing speaker", e.missing_speaker),
        ("wrong name (speaker ok)", e.wrong_name),
        ("wrong cue", e.wrong_cue),
    ]
    width = max(len(label) for label, _ in rows) + 2
    lines = [f"Errors at threshold {threshold:g}"]
    lines += [f"  {label.ljust(width)}{n:>5}" for label, n in rows]
    return "\n".join(lines)


# --------------------------------------------------------------------------- claims
#
# On matched quotes whose gold labels claims: a quote is checkable when its gold list holds
# any type but ``personal``. Checkable precision / recall / F1, Cohen's kappa of checkable
# against the gold (chance agreement from both sides' marginals), the PR-AUC (average
# precision) of the claim score, per-type precision / recall / F1 (a type counts for a quote
# when it is in the list), the mean F1 over the five checkable types, and the reliability of
# the score against checkable.

CLAIM_TYPES: tuple[str, ...] = ("quantity", "cause", "rule", "prediction", "event", "personal")
CHECKABLE_TYPES: tuple[str, ...] = CLAIM_TYPES[:5]


def is_checkable(types: Iterable[str]) -> bool:
    """A claim list is checkable when it holds any type other than ``personal``."""
    return any(t != "personal" for t in types)


@dataclass(frozen=True, slots=True)
class Binary:
    """Counts of one yes/no decision against the gold."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    @property
    def kappa(self) -> float | None:
        n = self.tp + self.fp + self.fn + self.tn
        if not n:
            return None
        po = (self.tp + self.tn) / n
        pe = ((self.tp + self.fp) * (self.tp + self.fn)
              + (self.fn + self.tn) * (self.fp + self.tn)) / (n * n)
        return None if pe == 1 else (po - pe) / (1 - pe)

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
                "precision": self.precision, "recall": self.recall, "f1": self.f1,
                "kappa": self.kappa}


def binary(pairs: Iterable[tuple[bool, bool]]) -> Binary:
    """Counts of ``(gold, predicted)`` pairs."""
    tp = fp = fn = tn = 0
    for gold, pred in pairs:
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
        tn += not gold and not pred
    return Binary(tp, fp, fn, tn)


def average_precision(pairs: Iterable[tuple[float, bool]]) -> float | None:
    """The PR-AUC of scores against labels: the mean precision at each positive, highest
    score first (ties in the given order). ``None`` without a positive."""
    ranked = sorted(pairs, key=lambda p: -p[0])
    positives = sum(ok for _, ok in ranked)
    if not positives:
        return None
    hits = 0
    total = 0.0
    for k, (_, ok) in enumerate(ranked, 1):
        if ok:
            hits += 1
            total += hits / k
    return total / positives


@dataclass(frozen=True, slots=True)
class ClaimScores:
    """The claim metrics over matched quotes (see the section's comment)."""

    count: int
    checkable: Binary
    pr_auc: float | None
    types: Mapping[str, Binary]
    calibration: Reliability

    @property
    def mean_type_f1(self) -> float | None:
        values = [self.types[t].f1 for t in CHECKABLE_TYPES if t in self.types]
        if not values or any(v is None for v in values):
            return None
        return sum(v for v in values if v is not None) / len(values)

    def to_dict(self) -> dict[str, Any]:
        return {"count": self.count, "checkable": self.checkable.to_dict(),
                "pr_auc": self.pr_auc, "mean_type_f1": self.mean_type_f1,
                "types": {t: b.to_dict() for t, b in self.types.items()},
                "calibration": self.calibration.to_dict()}


def claim_scores(rows: Iterable[tuple[Sequence[str], bool, float, Sequence[str]]]
                 ) -> ClaimScores:
    """Score ``(gold types, predicted checkable, score, predicted types)`` rows."""
    data = list(rows)
    return ClaimScores(
        count=len(data),
        checkable=binary((is_checkable(g), bool(c)) for g, c, _, _ in data),
        pr_auc=average_precision((s, is_checkable(g)) for g, _, s, _ in data),
        types={t: binary((t in g, t in p) for g, _, _, p in data) for t in CLAIM_TYPES},
        calibration=reliability((s, is_checkable(g)) for g, _, s, _ in data),
    )


def claim_rows(report: Report, threshold: float = HEADLINE_THRESHOLD
               ) -> list[tuple[Sequence[str], bool, float, Sequence[str]]]:
    """The rows of ``claim_scores`` from a report: matched quotes whose gold labels claims
    and whose prediction carries one."""
    rows: list[tuple[Sequence[str], bool, float, Sequence[str]]] = []
    for art in report.articles:
        for m in art.matches.get(threshold, ()):
            g, p = art.gold[m.gold], art.pred[m.pred]
            if g.claim is None or p.checkable is None or p.claim_score is None:
                continue
            rows.append((g.claim, p.checkable, p.claim_score, p.claim_types))
    return rows


def shipped_claims_figures() -> Mapping[str, Any] | None:
    """The shipped claims model's cross-validated figures (``cross_validated`` in
    ``quotes/models/id/claims.json``, written by ``scripts/train_claims.py``): what its
    recipe measures leave-one-outlet-out on the gold it was trained on. ``None`` when no model
    or no figures are shipped."""
    from quotes import claims

    try:
        data = json.loads(claims.MODEL_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    figures = data.get("cross_validated") if isinstance(data, dict) else None
    if not isinstance(figures, dict):
        return None
    return {**figures, "trained_on": data.get("trained_on")}


def format_claims(scores: ClaimScores, title: str = "Claims", in_sample: bool = True,
                  reference: Mapping[str, Any] | None = None) -> str:
    """A short table of the claim metrics. ``in_sample`` (the default, for ``quotes
    evaluate``): the shipped model may have been trained on these very quotes, so its
    leave-one-outlet-out figures (``reference``, by default :func:`shipped_claims_figures`)
    are printed beside each one and the table says which to read."""
    c = scores.checkable
    kappa = "-" if c.kappa is None else f"{c.kappa:.3f}"
    auc = _fmt(scores.pr_auc)
    if in_sample and reference is None:
        reference = shipped_claims_figures()
    looo: Mapping[str, Any] = (reference or {}).get("leave_one_outlet_out") or {}

    def ref(key: str) -> str:
        v = looo.get(key)
        return _fmt(v) if isinstance(v, float | int) else "-"

    lines = [f"{title} ({scores.count} matched quotes with claim labels)"]
    if in_sample:
        trained = (reference or {}).get("trained_on") or {}
        lines.append(
            "  IN-SAMPLE when these are the articles the shipped claims model was trained on "
            f"(the dev gold: {trained.get('articles', '?')} articles, "
            f"{trained.get('matched_quotes', '?')} matched quotes);\n  read the "
            "leave-one-outlet-out (LOOO) figures beside them: the model's quality on outlets "
            "it has not seen")
    lines.append(f"  checkable   P {_fmt(c.precision)}  R {_fmt(c.recall)}  F1 {_fmt(c.f1)}  "
                 f"kappa {kappa}  PR-AUC {auc}")
    if in_sample:
        lines.append(f"  LOOO        P {ref('checkable_p')}  R {ref('checkable_r')}  "
                     f"F1 {ref('checkable_f1')}  kappa {ref('kappa')}  PR-AUC {ref('pr_auc')}"
                     f"  ECE {ref('ece')}")
    type_f1 = looo.get("type_f1") or {}
    lines.append(f"  {'type':<11} {'gold':>5} {'pred':>5}  {'P':>6} {'R':>6} {'F1':>6}"
                 + (f" {'LOOO F1':>8}" if in_sample else ""))
    for t, b in scores.types.items():
        extra = ""
        if in_sample:
            v = type_f1.get(t)
            extra = f" {_fmt(v) if isinstance(v, float | int) else '-':>8}"
        lines.append(f"  {t:<11} {b.tp + b.fn:>5} {b.tp + b.fp:>5}  {_fmt(b.precision):>6} "
                     f"{_fmt(b.recall):>6} {_fmt(b.f1):>6}{extra}")
    lines.append(f"  mean F1 over {'/'.join(CHECKABLE_TYPES)}: {_fmt(scores.mean_type_f1)}"
                 + (f" (LOOO {ref('mean_type_f1')})" if in_sample else ""))
    lines += _format_reliability(scores.calibration, "claim score against checkable",
                                 "no scores")
    return "\n".join(lines)
