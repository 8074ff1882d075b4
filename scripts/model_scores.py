"""Measure the shipped Stanza models: accuracy on GSD test and speed on real articles.

Prints, for the full pipeline on raw UD_Indonesian-GSD test text: token F1, sentence F1, word
F1, UPOS, lemma accuracy, UAS and LAS (CoNLL 2018 scorer, as Stanza's trainers use); and, on the
articles in ``../shared/eval/dev/articles``, milliseconds per article and tokens/s for each
processor stage on one thread, the model load time and the process RSS. ``--write-manifest``
stores the GSD scores in ``quotes/models/id/manifest.json``.

Usage: python scripts/model_scores.py [--ud DIR] [--articles DIR] [--write-manifest]
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

STAGES = ("tokenize", "mwt", "pos", "lemma", "depparse")


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
    parser.add_argument("--articles", type=Path,
                        default=ROOT.parent / "shared" / "eval" / "dev" / "articles")
    parser.add_argument("--models", type=Path, default=ROOT / "quotes" / "models" / "id")
    parser.add_argument("--write-manifest", action="store_true")
    parser.add_argument("--skip-gsd", action="store_true")
    args = parser.parse_args()

    import torch

    torch.set_num_threads(1)
    from stanza.models.common.utils import ud_scores
    from stanza.utils.conll import CoNLL

    from quotes.nlp import StanzaAnnotator

    rss0 = rss_mb()
    t0 = time.perf_counter()
    ann = StanzaAnnotator(models_dir=args.models)
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

    files = sorted(args.articles.glob("*.txt"))
    if files:
        texts = [f.read_text(encoding="utf-8") for f in files]
        per_stage: dict[str, list[float]] = {s: [] for s in STAGES}
        n_tokens = 0
        import stanza

        for text in texts:
            doc = stanza.Document([], text=text)
            for stage in STAGES:
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

    if args.write_manifest and scores:
        path = args.models / "manifest.json"
        manifest = json.loads(path.read_text(encoding="utf-8"))
        manifest["scores"] = {"gsd_test_raw_text": scores}
        path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        print(f"\nscores written to {path}")


if __name__ == "__main__":
    main()
