"""Score tokenizers / multi-word-token expanders with one scorer on the UD test sets.

For each of UD_Indonesian-GSD test, CSUI test and PUD test, the raw text of the treebank is
given to every system and its output is scored with the CoNLL 2018 shared-task scorer (the one
Stanza's trainers use, ``stanza.models.common.utils.ud_scores``): token, word and sentence F1.
Systems:

  stanza       the shipped Stanza tokenizer + the shipped seq2seq MWT expander (today's path)
  stanza+rule  the same tokenizer; the tokens it marks multi-word are split by quotes.clitics
               (the path before the rules tokenizer, ``QUOTES_TOKENIZER=stanza``)
  rules        the shipped path: ``quotes.segment`` (spaCy's tokenizer adjusted, the sentence
               rule), each paragraph alone, the clitic rule on every token
  spacy+rule   spaCy ``blank("id")`` tokens, the rule on every token, spaCy sentences
               (only when spaCy is installed; ``--spacy``)
  spacy+sentencex+rule  spaCy tokens, sentencex sentences (``--spacy``, needs sentencex)

Besides, on the gold multi-word tokens of each test set (the gold tokenization given), how often
the rule and the shipped expander produce exactly the gold words; and, with ``--articles``, on
the tokens the Stanza tokenizer marks multi-word in the evaluation articles, how often the rule
and the shipped expander agree (the differences are listed).

NB: the shipped Stanza models were trained on GSD dev, CSUI train+test and PUD test
(``quotes/models/id/manifest.json``): only GSD test is held out for them. The rule's exception
list comes from GSD dev + CSUI train only, so all three test sets are held out for the rule.

With ``--e2e`` (and ``--spacy``), the end-to-end F1 and quote F1 @0.5 on the evaluation
articles with the Stanza tokenizer + rule, with the rules path (shipped), and with spaCy's
plain tokens and sentences (the
rule on every token; sentencizer or sentencex sentences), each paragraph tokenized alone as the
annotator does; POS, lemma, parse and NER stay Stanza's.

Usage: python scripts/tokenizer_scores.py [--ud DIR] [--articles DIR] [--spacy] [--e2e]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quotes.clitics import split_clitics  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from model_scores import raw_text  # noqa: E402  (one reader of a treebank's text)

TEST_SETS = {
    "GSD": "UD_Indonesian-GSD/id_gsd-ud-test.conllu",
    "CSUI": "UD_Indonesian-CSUI/id_csui-ud-test.conllu",
    "PUD": "UD_Indonesian-PUD/id_pud-ud-test.conllu",
}
#: a system's output: sentences of tokens, each token its surface text and its words
Tokenized = list[list[tuple[str, tuple[str, ...]]]]
_RANGE = re.compile(r"^(\d+)-(\d+)$")


def gold_mwts(conllu: Path) -> list[tuple[str, tuple[str, ...]]]:
    """The gold multi-word tokens of a treebank with their words."""
    out: list[tuple[str, tuple[str, ...]]] = []
    lines = conllu.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        cols = line.split("\t")
        m = _RANGE.match(cols[0]) if len(cols) > 1 else None
        if m:
            n = int(m.group(2)) - int(m.group(1)) + 1
            out.append((cols[1], tuple(lines[i + 1 + k].split("\t")[1] for k in range(n))))
    return out


def to_conllu(sentences: Tokenized) -> str:
    rows: list[str] = []
    for sent in sentences:
        if not sent:
            continue
        n = 0
        for text, words in sent:
            if len(words) > 1:
                rows.append(f"{n + 1}-{n + len(words)}\t{text}" + "\t_" * 8)
            for w in words:
                n += 1
                rows.append(f"{n}\t{w}\t_\t_\t_\t_\t{0 if n == 1 else 1}\t"
                            f"{'root' if n == 1 else 'dep'}\t_\t_")
        rows.append("")
    return "\n".join(rows) + "\n"


def score(gold: Path, system: Tokenized) -> dict[str, float]:
    from stanza.models.common.utils import ud_scores

    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.conllu"
        pred.write_text(to_conllu(system), encoding="utf-8")
        ev = ud_scores(str(gold), str(pred))
    return {k: 100 * ev[k].f1 for k in ("Tokens", "Words", "Sentences")}


class StanzaSystems:
    """The shipped tokenizer, once per text, expanded by the shipped MWT model and the rule."""

    def __init__(self) -> None:
        from quotes.nlp import StanzaAnnotator

        self.ann = StanzaAnnotator(mwt="model", tokenizer="stanza")
        self.pipeline = self.ann.pipeline

    def run(self, text: str) -> tuple[Tokenized, Tokenized, dict[str, float]]:
        import stanza

        secs: dict[str, float] = {}
        t0 = time.perf_counter()
        doc = self.pipeline.processors["tokenize"].process(stanza.Document([], text=text))
        secs["tokenize"] = time.perf_counter() - t0
        flagged = [[(t.text, bool(t.misc and "MWT=Yes" in t.misc)) for t in s.tokens]
                   for s in doc.sentences]
        t0 = time.perf_counter()
        ruled = [[(t, split_clitics(t) if f else (t,)) for t, f in s] for s in flagged]
        secs["rule"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        doc = self.pipeline.processors["mwt"].process(doc)
        secs["mwt"] = time.perf_counter() - t0
        model = [[(t.text, tuple(w.text for w in t.words)) for t in s.tokens]
                 for s in doc.sentences]
        return model, ruled, secs

    def expand(self, tokens: Sequence[str]) -> list[tuple[str, ...]]:
        """The shipped expander on the given tokens, each marked multi-word."""
        import stanza

        doc = stanza.Document([[{"id": i + 1, "text": t, "misc": "MWT=Yes"}
                                for i, t in enumerate(tokens)]])
        doc = self.pipeline.processors["mwt"].process(doc)
        return [tuple(w.text for w in t.words) for t in doc.sentences[0].tokens]


def rules_system(text: str) -> Tokenized:
    """The shipped rules path: ``quotes.segment`` per paragraph, the clitic rule on every
    token."""
    from quotes.segment import segment
    from quotes.text import paragraphs

    out: Tokenized = []
    for p in paragraphs(text):
        ptext = text[p.start:p.end]
        for sent in segment(ptext):
            out.append([(ptext[a:b], split_clitics(ptext[a:b])) for a, b in sent])
    return out


def spacy_systems() -> dict[str, Callable[[str], Tokenized]]:
    """spaCy ``blank("id")`` tokens with the rule on every token; spaCy's or sentencex's
    sentences. Empty when spaCy is not installed."""
    try:
        import spacy  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        print("spaCy is not installed: its rows are skipped")
        return {}
    nlp = spacy.blank("id")
    nlp.add_pipe("sentencizer")

    def tokens(doc: Any, lo: int, hi: int) -> list[tuple[str, tuple[str, ...]]]:
        return [(t.text, split_clitics(t.text)) for t in doc
                if not t.is_space and lo <= t.idx < hi]

    def with_spacy(text: str) -> Tokenized:
        doc = nlp(text)
        return [tokens(s, s.start_char, s.end_char) for s in doc.sents]

    out: dict[str, Callable[[str], Tokenized]] = {"spacy+rule": with_spacy}
    try:
        from sentencex import segment  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        print("sentencex is not installed: its row is skipped")
        return out

    def with_sentencex(text: str) -> Tokenized:
        doc = nlp.make_doc(text)
        sents, at = [], 0
        for s in segment("id", text):
            lo = text.index(s, at) if s else at
            at = lo + len(s)
            sents.append(tokens(doc, lo, at))
        return sents

    out["spacy+sentencex+rule"] = with_sentencex
    return out


class _Tok:
    """A stand-in for a Stanza token: what ``StanzaAnnotator._to_document`` reads."""

    misc = "MWT=Yes"  # the rule decides for every token

    def __init__(self, start: int, end: int) -> None:
        self.start_char, self.end_char, self.words = start, end, ()


def spacy_annotators(use_sentencex: bool) -> Any:
    """A StanzaAnnotator whose tokenize is spaCy's tokens + sentencizer or sentencex sentences,
    per paragraph, and the clitic rule on every token."""
    from types import SimpleNamespace

    import spacy

    from quotes.nlp import StanzaAnnotator
    from quotes.text import break_long_runs, paragraphs

    nlp = spacy.blank("id")
    nlp.add_pipe("sentencizer")
    if use_sentencex:
        from sentencex import segment  # type: ignore[import-not-found, unused-ignore]

    class SpacyAnnotator(StanzaAnnotator):
        def _tokenize_one(self, text: str) -> Any:
            paras = paragraphs(text)
            safe = break_long_runs(text)
            chunks = []
            t0 = time.perf_counter()
            for p in paras:
                ptext = safe[p.start : p.end]
                doc = nlp.make_doc(ptext) if use_sentencex else nlp(ptext)
                if use_sentencex:
                    bounds, at = [], 0
                    for seg in segment("id", ptext):
                        lo = ptext.index(seg, at) if seg else at
                        at = lo + len(seg)
                        bounds.append((lo, at))
                else:
                    bounds = [(x.start_char, x.end_char) for x in doc.sents]
                sents = [SimpleNamespace(tokens=[_Tok(t.idx, t.idx + len(t.text)) for t in doc
                                                 if not t.is_space and lo <= t.idx < hi])
                         for lo, hi in bounds]
                chunks.append(SimpleNamespace(sentences=sents))
            self.timings["tokenize"] = self.timings.get("tokenize", 0.0) + time.perf_counter() - t0
            return self._to_document(text, paras, chunks, rule=True)

    return SpacyAnnotator()


def end_to_end(articles: Path, spacy_too: bool) -> None:
    from quotes.evaluate import evaluate
    from quotes.nlp import StanzaAnnotator

    gold = articles.parent / "gold"
    print(f"\nend to end on {articles} (@0.5): E2E F1, quote F1, tokenize ms per article")
    annotators: list[tuple[str, Any]] = [
        ("stanza+rule", StanzaAnnotator(tokenizer="stanza")),
        ("rules (shipped)", StanzaAnnotator(tokenizer="rules")),
    ]
    if spacy_too:
        annotators.append(("spacy+sentencizer+rule", spacy_annotators(False)))
        try:
            import sentencex  # type: ignore[import-not-found, unused-ignore]  # noqa: F401
        except ImportError:
            print("  sentencex is not installed: its row is skipped")
        else:
            annotators.append(("spacy+sentencex+rule", spacy_annotators(True)))
    n = len(list(articles.glob("*.txt")))
    for label, ann in annotators:
        ann.timings.clear()
        c = evaluate(articles, gold, ann).counts(0.5)
        tok = 1000 * ann.timings.get("tokenize", 0.0) / max(1, n)
        print(f"  {label:24s} E2E F1 {c.e2e_f1:.3f}  quote F1 {c.f1:.3f}  tokenize {tok:.1f} ms")


#: news sentences with abbreviations a splitter must not break at (each is one sentence but the
#: last, which is two: the quotation's own sentence break)
ABBREVIATIONS = (
    ("Kantornya di Jl. Sudirman No. 5, Kab. Bogor, Jawa Barat.", 1),
    ("Saham PT Bank Rakyat Indonesia Tbk. naik 2 persen pada Senin.", 1),
    ("Kapolres Kab. Sleman AKBP Yuswanto Ardi mengatakan hal itu.", 1),
    ("Dokter dr. Siti Nadia Tarmizi menjelaskan kondisi pasien.", 1),
    ("Warga Kec. Cibinong dan Kel. Pakansari datang ke Jl. Raya Bogor.", 1),
    ("\"Kami siap. Semua aman,\" kata Prof. Dr. Ir. H. Ahmad di Kab. Bandung.", 2),
)


def abbreviation_check(systems: StanzaSystems,
                       others: dict[str, Callable[[str], Tokenized]]) -> None:
    fns: dict[str, Callable[[str], Tokenized]] = {
        "stanza": lambda t: systems.run(t)[1], **others}
    print(f"\nsentences found in {len(ABBREVIATIONS)} news sentences with abbreviations "
          "(Jl. Kab. Tbk. dr. Kec. Kel. Prof. Dr. Ir. H.)")
    want = sum(n for _, n in ABBREVIATIONS)
    for label, fn in fns.items():
        got = [len([s for s in fn(t) if s]) for t, _ in ABBREVIATIONS]
        wrong = sum(g != n for g, (_, n) in zip(got, ABBREVIATIONS, strict=True))
        print(f"  {label:22s} {sum(got):3d} sentences (want {want}); {wrong} texts split wrong")


def article_agreement(systems: StanzaSystems, articles: Path) -> None:
    import stanza

    from quotes.text import paragraphs

    same = total = 0
    diffs: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
    for path in sorted(articles.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        docs = [stanza.Document([], text=text[p.start:p.end]) for p in paragraphs(text)]
        docs = systems.pipeline.processors["tokenize"].bulk_process(docs)
        tokens = [t.text for d in docs for s in d.sentences for t in s.tokens
                  if t.misc and "MWT=Yes" in t.misc]
        if not tokens:
            continue
        model = systems.expand(tokens)
        for tok, m in zip(tokens, model, strict=True):
            rule = split_clitics(tok)
            total += 1
            if tuple(x.lower() for x in m) == tuple(x.lower() for x in rule):
                same += 1
            else:
                diffs.append((tok, m, rule))
    print(f"\n{articles}: tokens the Stanza tokenizer marks multi-word: {total}; rule = shipped "
          f"expander on {same} ({100 * same / max(1, total):.2f}%)")
    for tok, m, rule in diffs:
        print(f"  {tok!r}: expander {'|'.join(m)}  rule {'|'.join(rule)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ud", type=Path, default=ROOT.parent / "shared" / "data" / "ud")
    parser.add_argument("--articles", type=Path, default=None,
                        help="also compare rule and expander on these articles' MWTs")
    parser.add_argument("--spacy", action="store_true", help="also score spaCy (+ sentencex)")
    parser.add_argument("--e2e", action="store_true",
                        help="end-to-end F1 on the evaluation articles (with --spacy: spaCy too)")
    parser.add_argument("--skip-ud", action="store_true", help="skip the UD test sets")
    args = parser.parse_args()

    import torch

    torch.set_num_threads(1)
    systems = StanzaSystems()
    others: dict[str, Callable[[str], Tokenized]] = {"rules": rules_system}
    rules_system("Ya.")  # spaCy's tokenizer is built once (a few seconds), not while timed
    if args.spacy:
        others.update(spacy_systems())
    print("CoNLL 2018 scorer, F1 x 100 on raw text; ms per 1k characters, one thread")
    print(f"{'test set':8s} {'system':22s} {'Tokens':>7s} {'Words':>7s} {'Sentences':>9s}"
          f"   ms/1k chars")
    for name, rel in ({} if args.skip_ud else TEST_SETS).items():
        gold = args.ud / rel
        if not gold.is_file():
            print(f"{name}: {gold} missing")
            continue
        text = raw_text(gold)
        k = len(text) / 1000
        model, ruled, secs = systems.run(text)
        rows: list[tuple[str, Tokenized, str]] = [
            ("stanza", model, f"{1000 * (secs['tokenize'] + secs['mwt']) / k:.1f} "
                              f"(mwt {1000 * secs['mwt'] / k:.1f})"),
            ("stanza+rule", ruled, f"{1000 * (secs['tokenize'] + secs['rule']) / k:.1f} "
                                   f"(rule {1000 * secs['rule'] / k:.2f})"),
        ]
        for label, fn in others.items():
            t0 = time.perf_counter()
            out = fn(text)
            rows.append((label, out, f"{1000 * (time.perf_counter() - t0) / k:.1f}"))
        for label, out, took in rows:
            s = score(gold, out)
            print(f"{name:8s} {label:22s} {s['Tokens']:7.2f} {s['Words']:7.2f} "
                  f"{s['Sentences']:9.2f}   {took}")
        mwts = gold_mwts(gold)
        expanded = systems.expand([t for t, _ in mwts])

        def exact(pred: Sequence[str], words: Sequence[str]) -> bool:
            return [x.lower() for x in pred] == [x.lower() for x in words]

        rule_ok = sum(exact(split_clitics(t), w) for t, w in mwts)
        model_ok = sum(exact(m, w) for (_, w), m in zip(mwts, expanded, strict=True))
        misses = [t for t, w in mwts if not exact(split_clitics(t), w)]
        print(f"{'':8s} gold MWTs {len(mwts)}: rule exact {rule_ok}, shipped expander exact "
              f"{model_ok}; rule misses: {', '.join(misses) or '-'}")
    abbreviation_check(systems, others)
    if args.articles is not None:
        article_agreement(systems, args.articles)
    if args.e2e:
        end_to_end(args.articles or ROOT.parent / "shared" / "eval" / "dev" / "articles",
                   args.spacy)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
