"""Train the speaker decision from the gold articles and measure it leave-one-outlet-out.

    python scripts/train_speaker.py                    # cross-validate, train, write the model
    python scripts/train_speaker.py --no-write         # only the cross-validated figures

The rules propose every speaker they can reach for each quote (``quotes.stages.decide``); two
small models decide:

1. the **speaker model**, a conditional logit over the options of one quote (softmax of
   ``w · f(option)``, L2-regularised, fitted by L-BFGS on the marginal likelihood of the
   options the gold accepts), trained on the quotes that match a gold quote;
2. the **confidence model**, a logistic regression that reads the winner's probability and
   the kind of quote and says whether the whole attribution is right (the quote is real and
   its speaker right), fitted on *out-of-fold* predictions: the speaker model that scored an
   article never saw its outlet.

Every figure printed is leave-one-outlet-out: for each outlet, both models are trained on the
other outlets only (the confidence model's out-of-fold inputs come from a nested
leave-one-outlet-out inside those), then that outlet's articles are run through the whole
pipeline with them. The shipped model is trained on everything, deterministically (no random
state anywhere: L-BFGS from zeros, features in sorted order), and written as JSON with its
sha256 in ``quotes/models/id/manifest.json``: loading it runs no code.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quotes import evaluate as ev  # noqa: E402
from quotes import pipeline  # noqa: E402
from quotes.lexicon import lexicon  # noqa: E402
from quotes.model import Document  # noqa: E402
from quotes.stages.clean import Cleaned  # noqa: E402
from quotes.stages.decide import (  # noqa: E402
    MANIFEST_FILE,
    MODEL_FILE,
    RULES,
    ConfidenceModel,
    Decider,
    SpeakerModel,
)

EVAL = ROOT.parent / "shared" / "eval" / "dev"
#: L2 strengths (per example: the penalty is divided by the number of training quotes)
SPEAKER_L2 = 10.0
CONFIDENCE_C = 1.0
#: a feature seen in fewer training options than this gets no weight
MIN_COUNT = 3
THRESHOLD = ev.HEADLINE_THRESHOLD


@dataclass
class Article:
    id: str
    outlet: str
    text: str
    doc: Document
    cleaned: Cleaned
    gold: list[ev.GoldQuote]


# --------------------------------------------------------------------------- data


def load_articles(eval_dir: Path) -> list[Article]:
    from quotes import nlp

    ids = ev.list_ids(eval_dir / "gold")
    outlets = ev.load_manifest(eval_dir / "manifest.json")
    texts = [(eval_dir / "articles" / f"{i}.txt").read_text(encoding="utf-8") for i in ids]
    annotator = nlp.default_annotator()
    out: list[Article] = []
    for k in range(0, len(ids), 8):
        _, cleaned, docs = pipeline.run(texts[k : k + 8], annotator, RULES)
        for j, (c, d) in enumerate(zip(cleaned, docs, strict=True)):
            i = ids[k + j]
            out.append(Article(i, outlets.get(i, ev.UNKNOWN_OUTLET), texts[k + j], d, c,
                               ev.load_gold(eval_dir / "gold" / f"{i}.json")))
    return out


def run(art: Article, decider: Decider) -> pipeline.Found:
    return pipeline.find_quotes(art.text, art.doc, art.cleaned, lexicon(), decider)


def matched(art: Article, found: pipeline.Found) -> dict[int, int]:
    """Predicted quote index -> gold index, matched at the headline threshold."""
    preds = [q.text for q in found.quotes]
    return {p: g for g, p, _ in ev.match([q.text for q in art.gold], preds, THRESHOLD)}


@dataclass
class Group:
    """The options of one matched quote and which of them the gold accepts."""

    features: list[dict[str, float]]
    correct: list[bool]


def groups_of(art: Article, found: pipeline.Found) -> list[Group]:
    out = []
    for p, g in matched(art, found).items():
        r = found.origins[p]
        gold = art.gold[g]
        labels = [ev.speaker_correct(o.entity.name if o.entity is not None else None,
                                     gold.speaker, gold.aliases) for o in r.options]
        if r.options and any(labels):
            out.append(Group([o.features for o in r.options], labels))
    return out


def calibration_rows(art: Article, found: pipeline.Found
                     ) -> list[tuple[dict[str, float], bool]]:
    """(what the confidence model reads, whether the attribution is right) per quote."""
    m = matched(art, found)
    out = []
    for p, (q, r) in enumerate(zip(found.quotes, found.origins, strict=True)):
        if r.quote_features is None:
            continue
        g = m.get(p)
        ok = g is not None and ev.speaker_correct(
            q.speaker.name if q.speaker is not None else None, art.gold[g].speaker,
            art.gold[g].aliases)
        out.append((r.quote_features, ok))
    return out


# --------------------------------------------------------------------------- models


def fit_speaker(groups: Sequence[Group], l2: float = SPEAKER_L2) -> SpeakerModel:
    """Conditional logit: maximise the summed log-probability of the accepted options."""
    counts: Counter[str] = Counter(k for g in groups for f in g.features for k in f)
    names = sorted(k for k, n in counts.items() if n >= MIN_COUNT)
    index = {k: j for j, k in enumerate(names)}
    rows, cols, vals, good, starts = [], [], [], [], []
    n = 0
    for g in groups:
        starts.append(n)
        for f, ok in zip(g.features, g.correct, strict=True):
            for k, v in f.items():
                j = index.get(k)
                if j is not None:
                    rows.append(n)
                    cols.append(j)
                    vals.append(v)
            good.append(ok)
            n += 1
    x = np.zeros((n, len(names)))
    x[rows, cols] = vals
    good_mask = np.array(good, dtype=bool)
    starts_arr = np.array(starts)
    group_of = np.repeat(np.arange(len(starts)), np.diff(np.append(starts_arr, n)))
    lam = l2 / max(1, len(groups))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = x @ w
        top = np.maximum.reduceat(s, starts_arr)[group_of]
        e = np.exp(s - top)
        z_all = np.add.reduceat(e, starts_arr)
        z_good = np.add.reduceat(np.where(good_mask, e, 0.0), starts_arr)
        nll = float(np.sum(np.log(z_all) - np.log(z_good)))
        p = e / z_all[group_of]
        q = np.where(good_mask, e, 0.0) / z_good[group_of]
        grad = x.T @ (p - q)
        m = len(starts)
        return nll / m + lam * float(w @ w), grad / m + 2 * lam * w

    res = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B",
                   options={"maxiter": 500})
    return SpeakerModel({k: float(round(v, 6)) for k, v in zip(names, res.x, strict=True)
                         if abs(v) > 1e-9})


def fit_confidence(rows: Sequence[tuple[dict[str, float], bool]],
                   c: float = CONFIDENCE_C) -> ConfidenceModel:
    names = sorted({k for f, _ in rows for k in f})
    index = {k: j for j, k in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for i, (f, _) in enumerate(rows):
        for k, v in f.items():
            x[i, index[k]] = v
    y = np.array([ok for _, ok in rows], dtype=int)
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(x, y)
    return ConfidenceModel({k: float(round(v, 6)) for k, v in zip(names, model.coef_[0],
                                                                   strict=True)},
                           float(round(model.intercept_[0], 6)))


# --------------------------------------------------------------------------- cross-validation


def by_outlet(articles: Sequence[Article]) -> dict[str, list[Article]]:
    out: dict[str, list[Article]] = {}
    for a in articles:
        out.setdefault(a.outlet, []).append(a)
    return dict(sorted(out.items()))


def train_groups(articles: Sequence[Article], rule_runs: dict[str, pipeline.Found],
                 ) -> list[Group]:
    return [g for a in articles for g in groups_of(a, rule_runs[a.id])]


def oof_rows(articles: Sequence[Article], rule_runs: dict[str, pipeline.Found],
             ) -> list[tuple[dict[str, float], bool]]:
    """Out-of-fold confidence inputs over ``articles``: each outlet scored by a speaker model
    trained on the others among them."""
    rows = []
    folds = by_outlet(articles)
    for outlet, held in folds.items():
        rest = [a for a in articles if a.outlet != outlet]
        model = fit_speaker(train_groups(rest, rule_runs))
        for a in held:
            rows += calibration_rows(a, run(a, Decider(model)))
    return rows


def predictions(found: pipeline.Found) -> list[ev.PredQuote]:
    return [ev.PredQuote.from_quote(q) for q in found.quotes]


def report(articles: Sequence[Article], founds: dict[str, pipeline.Found]) -> ev.Report:
    return ev.build_report([(a.id, a.gold, predictions(founds[a.id])) for a in articles],
                           ev.THRESHOLDS, {a.id: a.outlet for a in articles})


def name_accuracy(rep: ev.Report) -> tuple[int, int]:
    ok = n = 0
    for art in rep.articles:
        for m in art.matches[THRESHOLD]:
            g, p = art.gold[m.gold], art.pred[m.pred]
            n += 1
            names = [ev.normalize(x) for x in (g.speaker, *g.aliases) if x]
            pred = ev.normalize(p.speaker) if p.speaker else ""
            ok += (pred in names) if names else not pred
    return ok, n


def reliability(pairs: Sequence[tuple[float, bool]], bins: int = 10
                ) -> tuple[list[tuple[float, int, float, float]], float]:
    rows = []
    ece = 0.0
    total = len(pairs)
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(p, ok) for p, ok in pairs if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if not inside:
            continue
        conf = sum(p for p, _ in inside) / len(inside)
        acc = sum(ok for _, ok in inside) / len(inside)
        rows.append((lo, len(inside), conf, acc))
        ece += len(inside) / total * abs(acc - conf)
    return rows, ece


def attribution_pairs(rep: ev.Report, founds: dict[str, pipeline.Found]
                      ) -> list[tuple[float, bool]]:
    pairs = []
    for art in rep.articles:
        hits = {m.pred for m in art.matches[THRESHOLD] if m.speaker_ok}
        for k, q in enumerate(founds[art.id].quotes):
            pairs.append((q.confidence, k in hits))
    return pairs


def speaker_pairs(rep: ev.Report, founds: dict[str, pipeline.Found]
                  ) -> list[tuple[float, bool]]:
    pairs = []
    for art in rep.articles:
        quotes = founds[art.id].quotes
        for m in art.matches[THRESHOLD]:
            s = quotes[m.pred].speaker
            prob = s.probability if s is not None else None
            if prob is None:
                r = founds[art.id].origins[m.pred]
                prob = r.probability
            if prob is not None:
                pairs.append((prob, m.speaker_ok))
    return pairs


def fmt_reliability(title: str, pairs: Sequence[tuple[float, bool]]) -> str:
    rows, ece = reliability(pairs)
    lines = [f"{title}: {len(pairs)} answers, ECE {ece:.3f}",
             "  bin        count   mean conf   accuracy"]
    for lo, n, conf, acc in rows:
        lines.append(f"  {lo:.1f}-{lo + 0.1:.1f}  {n:>7}   {conf:9.3f}   {acc:8.3f}")
    sure = [ok for p, ok in pairs if p >= 0.9]
    if pairs:
        acc = f"{sum(sure) / len(sure):.3f}" if sure else "-"
        lines.append(f"  at >= 0.9: {len(sure) / len(pairs):.1%} of the answers, {acc} right")
    return "\n".join(lines)


def outlet_table(rules: ev.Report, learned: ev.Report) -> str:
    head = (f"{'outlet':<48}{'gold':>6}  {'E2E rules':>9} {'E2E model':>9}  "
            f"{'spk rules':>9} {'spk model':>9}  {'name rules':>10} {'name model':>10}")
    lines = [head]
    subs_r, subs_l = rules.by_outlet(), learned.by_outlet()
    for outlet in [*subs_r, "all"]:
        r = rules if outlet == "all" else subs_r[outlet]
        m = learned if outlet == "all" else subs_l[outlet]
        cr, cm = r.counts(THRESHOLD), m.counts(THRESHOLD)
        nr, nn = name_accuracy(r)
        mr, mn = name_accuracy(m)
        lines.append(
            f"{outlet[:47]:<48}{cr.gold:>6}  {ev._fmt(cr.e2e_f1):>9} {ev._fmt(cm.e2e_f1):>9}  "
            f"{ev._fmt(cr.speaker_accuracy):>9} {ev._fmt(cm.speaker_accuracy):>9}  "
            f"{nr / max(1, nn):>10.3f} {mr / max(1, mn):>10.3f}")
    return "\n".join(lines)


def cross_validate(articles: Sequence[Article], rule_runs: dict[str, pipeline.Found],
                   nested: bool = True) -> tuple[dict[str, pipeline.Found],
                                                 list[tuple[dict[str, float], bool]]]:
    """Leave-one-outlet-out runs of the whole decision; also the first-level out-of-fold
    confidence inputs (what the shipped confidence model is fitted on)."""
    founds: dict[str, pipeline.Found] = {}
    first_level: list[tuple[dict[str, float], bool]] = []
    folds = by_outlet(articles)
    for k, (outlet, held) in enumerate(folds.items()):
        rest = [a for a in articles if a.outlet != outlet]
        speaker = fit_speaker(train_groups(rest, rule_runs))
        for a in held:
            first_level += calibration_rows(a, run(a, Decider(speaker)))
        if nested:
            confidence = fit_confidence(oof_rows(rest, rule_runs))
        else:
            confidence = None
        for a in held:
            founds[a.id] = run(a, Decider(speaker, confidence))
        print(f"  fold {k + 1}/{len(folds)} {outlet}", file=sys.stderr)
    return founds, first_level


# --------------------------------------------------------------------------- main


def write_model(speaker: SpeakerModel, confidence: ConfidenceModel, figures: dict[str, Any],
                path: Path = MODEL_FILE) -> str:
    data = {
        "name": "speaker-model",
        "kind": "conditional logit over the rules' candidate speakers + logistic confidence",
        "trained_on": figures.pop("trained_on"),
        "speaker": {"features": sorted(speaker.weights),
                    "weights": [speaker.weights[k] for k in sorted(speaker.weights)],
                    "l2": SPEAKER_L2, "min_count": MIN_COUNT},
        "confidence": {"features": sorted(confidence.weights),
                       "weights": [confidence.weights[k] for k in sorted(confidence.weights)],
                       "bias": confidence.bias, "C": CONFIDENCE_C},
    }
    raw = (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()
    path.write_bytes(raw)
    digest = hashlib.sha256(raw).hexdigest()
    manifest = json.loads(MANIFEST_FILE.read_text(encoding="utf-8"))
    manifest["speaker_model"] = {"file": path.name, "sha256": digest, "bytes": len(raw),
                                 "cross_validated": figures}
    MANIFEST_FILE.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    return digest


def summary(rep: ev.Report, pairs: list[tuple[float, bool]]) -> dict[str, Any]:
    c = rep.counts(THRESHOLD)
    ok, n = name_accuracy(rep)
    _, ece = reliability(pairs)
    sure = [k for p, k in pairs if p >= 0.9]
    return {"e2e_f1": round(c.e2e_f1 or 0, 4),
            "speaker_accuracy": round(c.speaker_accuracy or 0, 4),
            "name_accuracy": round(ok / max(1, n), 4), "quote_f1": round(c.f1 or 0, 4),
            "ece": round(ece, 4), "share_at_0.9": round(len(sure) / max(1, len(pairs)), 4),
            "accuracy_at_0.9": round(sum(sure) / max(1, len(sure)), 4)}


def gate(cv: dict[str, Any], args: argparse.Namespace) -> list[str]:
    """The bounds the cross-validated figures failed (empty when none was given or all hold)."""
    out = []
    for key, bound, name in (("e2e_f1", args.min_e2e_f1, "end-to-end F1"),
                             ("speaker_accuracy", args.min_speaker_acc, "speaker accuracy"),
                             ("name_accuracy", args.min_name_acc, "name accuracy")):
        if bound is not None and cv[key] < bound:
            out.append(f"leave-one-outlet-out {name} {cv[key]:.3f} < {bound}")
    if args.max_ece is not None and cv["ece"] > args.max_ece:
        out.append(f"out-of-fold ECE {cv['ece']:.3f} > {args.max_ece}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval", type=Path, default=EVAL, help="the gold directory (articles/, "
                    "gold/, manifest.json)")
    ap.add_argument("--no-write", action="store_true", help="only print the figures")
    ap.add_argument("--no-nested", action="store_true",
                    help="cross-validate the speaker model only (the confidence stays the rules')")
    ap.add_argument("--json", type=Path, help="write the cross-validated figures here")
    ap.add_argument("--min-e2e-f1", type=float, default=None, metavar="X",
                    help="exit 1 when the leave-one-outlet-out end-to-end F1 is below X")
    ap.add_argument("--min-speaker-acc", type=float, default=None, metavar="X",
                    help="exit 1 when the leave-one-outlet-out speaker accuracy is below X")
    ap.add_argument("--min-name-acc", type=float, default=None, metavar="X",
                    help="exit 1 when the leave-one-outlet-out name accuracy is below X")
    ap.add_argument("--max-ece", type=float, default=None, metavar="X",
                    help="exit 1 when the out-of-fold ECE of the confidence is above X")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    articles = load_articles(args.eval)
    t1 = time.perf_counter()
    print(f"annotated {len(articles)} articles in {t1 - t0:.0f} s", file=sys.stderr)
    rule_runs = {a.id: run(a, RULES) for a in articles}
    rules_rep = report(articles, rule_runs)
    founds, first_level = cross_validate(articles, rule_runs, nested=not args.no_nested)
    learned_rep = report(articles, founds)
    t2 = time.perf_counter()
    print(f"\nLeave-one-outlet-out at overlap {THRESHOLD:g} ({len(articles)} articles, "
          f"{len(by_outlet(articles))} outlets; {t2 - t1:.0f} s)")
    print(outlet_table(rules_rep, learned_rep))
    print()
    print(ev.format_table(learned_rep))
    print()
    att_rules = attribution_pairs(rules_rep, rule_runs)
    att = attribution_pairs(learned_rep, founds)
    print(fmt_reliability("Whole attribution, rules' constant confidence", att_rules))
    print(fmt_reliability("Whole attribution, cross-validated confidence", att))
    print(fmt_reliability("Speaker, cross-validated probability", speaker_pairs(learned_rep,
                                                                                  founds)))
    figures = {"rules": summary(rules_rep, att_rules), "leave_one_outlet_out": summary(
        learned_rep, att)}
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    failed = gate(figures["leave_one_outlet_out"], args)
    if failed:
        for line in failed:
            print(f"GATE FAILED: {line}", file=sys.stderr)
        return 1
    if args.no_write:
        return 0
    speaker = fit_speaker(train_groups(articles, rule_runs))
    confidence = fit_confidence(first_level)
    figures["trained_on"] = {"articles": len(articles), "outlets": len(by_outlet(articles)),
                             "gold_quotes": sum(len(a.gold) for a in articles)}
    digest = write_model(speaker, confidence, figures)
    print(f"\nwrote {MODEL_FILE.relative_to(ROOT)} ({len(speaker.weights)} speaker weights, "
          f"{len(confidence.weights)} confidence weights), sha256 {digest[:12]}…; "
          f"{time.perf_counter() - t0:.0f} s in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
