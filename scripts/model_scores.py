"""Measure the shipped Stanza models: accuracy on GSD test and speed on real articles.

Prints, for the full pipeline on raw UD_Indonesian-GSD test text: token F1, sentence F1, word
F1, UPOS, lemma accuracy, UAS and LAS (CoNLL 2018 scorer, as Stanza's trainers use); and, on the
articles in ``../shared/eval/dev/articles``, milliseconds per article and tokens/s for each
processor stage on one thread, the model load time and the process RSS; for the NER model,
entity precision / recall / F1 per type (exact spans) on the test split of each NER set in
``../shared/data/ner`` it was trained with. ``--write-manifest`` stores the scores in
``quotes/models/id/manifest.json``.

Usage: python scripts/model_scores.py [--ud DIR] [--ner DIR] [--articles DIR] [--write-manifest]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STAGES = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")
NER_SETS = ("indolem-nerui", "indolem-nerugm", "indonlu-nergrit", "ialfina-goldstandard")


def bio_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Exact entity spans of a BIO or BIOES tag sequence: (start, end, type)."""
    spans: set[tuple[int, int, str]] = set()
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, label = tag[:1], tag[2:]
        continues = prefix in ("I", "E") and start >= 0 and label == kind
        if not continues and start >= 0:
            spans.add((start, i, kind))
            start, kind = -1, ""
        if prefix in ("B", "S") or (prefix in ("I", "E") and not continues):
            start, kind = i, label
        if prefix in ("E", "S") and start >= 0:
            spans.add((start, i + 1, kind))
            start, kind = -1, ""
    return spans


def ner_scores(nlp: object, path: Path) -> dict[str, dict[str, float]]:
    """Entity P/R/F1 per type and micro-averaged, exact spans, on one BIO test file."""
    import stanza
    from stanza.utils.datasets.ner.prepare_ner_file import load_conll03

    sentences = load_conll03(str(path))
    doc = stanza.Document([[{"id": i + 1, "text": w} for i, w in enumerate(words)]
                           for words, _ in sentences])
    doc = nlp(doc, processors="ner")  # type: ignore[operator]
    counts: dict[str, list[int]] = {}
    for (_, gold_tags), sent in zip(sentences, doc.sentences, strict=True):
        gold = bio_spans(gold_tags)
        pred = bio_spans([t.ner or "O" for t in sent.tokens])
        for kind in {k for *_, k in gold | pred}:
            c = counts.setdefault(kind, [0, 0, 0])
            g = {x for x in gold if x[2] == kind}
            p = {x for x in pred if x[2] == kind}
            c[0] += len(g & p)
            c[1] += len(p)
            c[2] += len(g)
    counts["micro"] = [sum(c[i] for c in counts.values()) for i in range(3)]
    out = {}
    for kind, (tp, n_pred, n_gold) in sorted(counts.items()):
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[kind] = {"p": round(100 * prec, 1), "r": round(100 * rec, 1),
                     "f1": round(100 * f1, 1), "gold": n_gold}
    return out


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def raw_text(conllu: Path) -> str:
    """The running text of a treebank: its sentences, paragraphs kept where marked."""
    paras: list[list[str]] = [[]]
    for line in conllu.read_text(encoding="utf-8").splitlines():
        if line.startswith(("# newdoc", "# newpar")) and paras[-1]:
            paras.append([])
        elif line.startswith("# text = "):
            paras[-1].append(line[len("# text = "):])
    return "\n\n".join(" ".join(p) for p in paras if p)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ud", type=Path, default=ROOT.parent / "shared" / "data" / "ud")
    parser.add_argument("--ner", type=Path, default=ROOT.parent / "shared" / "data" / "ner")
    parser.add_argument("--articles", type=Path,
                        default=ROOT.parent / "shared" / "eval" / "dev" / "articles")
    parser.add_argument("--models", type=Path, default=ROOT / "quotes" / "models" / "id")
    parser.add_argument("--write-manifest", action="store_true")
    parser.add_argument("--skip-gsd", action="store_true")
    parser.add_argument("--skip-ner", action="store_true")
    args = parser.parse_args()

    import torch

    torch.set_num_threads(1)
    from stanza.models.common.utils import ud_scores
    from stanza.utils.conll import CoNLL

    from quotes.nlp import StanzaAnnotator

    rss0 = rss_mb()
    t0 = time.perf_counter()
    # the MWT model too: these are the scores of the Stanza models as trained (the service splits
    # clitics by rule instead; scripts/tokenizer_scores.py compares the two)
    ann = StanzaAnnotator(models_dir=args.models, mwt="model")
    load_s = time.perf_counter() - t0
    nlp = ann.pipeline
    print(f"models: {ann.name}")
    print(f"load time: {load_s:.2f} s; RSS {rss0:.0f} MB before, {rss_mb():.0f} MB after load")

    scores: dict[str, float] = {}
    if not args.skip_gsd:
        gold = args.ud / "UD_Indonesian-GSD" / "id_gsd-ud-test.conllu"
        t0 = time.perf_counter()
        doc = nlp(raw_text(gold))
        gsd_s = time.perf_counter() - t0
        with tempfile.TemporaryDirectory() as tmp:
            pred = Path(tmp) / "pred.conllu"
            CoNLL.write_doc2conll(doc, str(pred))
            ev = ud_scores(str(gold), str(pred))
        for key in ("Tokens", "Sentences", "Words", "UPOS", "Lemmas", "UAS", "LAS"):
            scores[key] = round(100 * ev[key].f1, 2)
        print(f"\nGSD test, full pipeline on raw text ({gsd_s:.1f} s):")
        print("  " + "  ".join(f"{k} {v:.2f}" for k, v in scores.items()))

    ner: dict[str, dict[str, dict[str, float]]] = {}
    if not args.skip_ner and "ner" in nlp.processors:
        print("\nNER test splits, exact entity spans (P / R / F1, gold count):")
        for name in NER_SETS:
            path = args.ner / name / "test.bio"
            if not path.is_file():
                continue
            t0 = time.perf_counter()
            ner[name] = ner_scores(nlp, path)
            took = time.perf_counter() - t0
            row = "  ".join(f"{k} {v['p']:.1f}/{v['r']:.1f}/{v['f1']:.1f} ({v['gold']:.0f})"
                            for k, v in ner[name].items())
            print(f"  {name:22s} {row}  [{took:.1f} s]")

    files = sorted(args.articles.glob("*.txt"))
    if files:
        texts = [f.read_text(encoding="utf-8") for f in files]
        per_stage: dict[str, list[float]] = {s: [] for s in STAGES if s in nlp.processors}
        n_tokens = 0
        import stanza

        for text in texts:
            doc = stanza.Document([], text=text)
            for stage in STAGES:
                if stage not in nlp.processors:
                    continue
                # processors one by one (Pipeline would run mwt together with tokenize)
                t0 = time.perf_counter()
                doc = nlp.processors[stage].process(doc)
                per_stage[stage].append(time.perf_counter() - t0)
            n_tokens += doc.num_tokens
        total = sum(sum(v) for v in per_stage.values())
        print(f"\n{len(texts)} dev articles, {n_tokens} tokens, one thread, every sentence:")
        for stage, times in per_stage.items():
            ms = 1000 * statistics.mean(times)
            print(f"  {stage:9s} {ms:7.1f} ms/article  {n_tokens / sum(times):9.0f} tokens/s")
        print(f"  {'total':9s} {1000 * total / len(texts):7.1f} ms/article  "
              f"{n_tokens / total:9.0f} tokens/s")
        print(f"RSS after the run: {rss_mb():.0f} MB")

    if args.write_manifest and (scores or ner):
        path = args.models / "manifest.json"
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if scores:
            manifest["scores"] = {"gsd_test_raw_text": scores}
        if ner and "ner" in manifest:
            manifest["ner"]["scores"] = {"test_exact_spans": ner}
        path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        print(f"\nscores written to {path}")


if __name__ == "__main__":
    main()
