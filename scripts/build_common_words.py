"""Build ``quotes/data/common_words.txt``: Indonesian words that are common words, not names.

    python scripts/build_common_words.py [--ud ../shared/data/ud] [--ner ../shared/data/ner]

A capitalised run that opens a sentence ("Akibatnya banyak guru", "Kedatangan guru ASN") looks
like a name to capitalisation; the speaker decision needs to know that "akibatnya" and
"kedatangan" are ordinary words. This list is learned from the project's training corpora,
never from the evaluation articles: the cased UD treebanks' training and dev splits and the
NER training sets. A word is kept when, away from the start of a sentence, the cased texts
write it capitalised at most ``MAX_UPPER`` of the time and in lower case at least ``MIN_COUNT``
times (or never capitalised, and ``MIN_COUNT`` times outside any entity in the lower-cased
``indonlu-nerp`` news set: sentence openers such as "akibatnya" are rarely written mid-sentence);
it is a person or place (PER, LOC) in at most ``MAX_NAMED`` of its NER occurrences ("dewi",
"putra" are names there) and not a proper noun (PROPN) in most of its UD occurrences.
Deterministic: sorted output.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "quotes" / "data" / "common_words.txt"
MIN_COUNT = 2
MAX_UPPER = 0.2
MAX_NAMED = 0.05
#: the NER set that is lower-cased throughout (its words count as evidence, not their case)
LOWERCASED = "indonlu-nerp"
#: after these a capital says nothing (a quote, a list item, a new sentence)
OPENERS = frozenset({'"', "\u201c", ":", "(", ".", "-", "\u2013", "\u2014"})


def _sentences(path: Path, row: Callable[[list[str]], tuple[str, str] | None]
               ) -> list[list[tuple[str, str]]]:
    """The sentences of a one-token-per-line file (blank line between sentences, ``#``
    comments), each token as ``row`` reads its tab-separated columns (``None``: skip it)."""
    out: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                out.append(cur)
            cur = []
            continue
        if line.startswith("#"):
            continue
        got = row(line.split("\t"))
        if got is not None:
            cur.append(got)
    if cur:
        out.append(cur)
    return out


def conllu_sentences(path: Path) -> list[list[tuple[str, str]]]:
    """(form, UPOS) of the syntactic words and single tokens of each sentence (multi-word
    token ranges and empty nodes skipped)."""
    return _sentences(path, lambda c: None if "-" in c[0] or "." in c[0] else (c[1], c[3]))


def bio_sentences(path: Path) -> list[list[tuple[str, str]]]:
    """(token, BIO tag) of each sentence."""
    return _sentences(path, lambda c: (c[0], c[1].strip() if len(c) > 1 else "O"))


def build(ud: Path, ner: Path) -> list[str]:
    lower: Counter[str] = Counter()  # cased text, away from the sentence start: lower case
    upper: Counter[str] = Counter()  # ... capitalised
    total: Counter[str] = Counter()
    other: Counter[str] = Counter()  # the lower-cased NER set, tagged O
    named: Counter[str] = Counter()  # tagged PER or LOC in any NER set
    propn: Counter[str] = Counter()
    upos_total: Counter[str] = Counter()

    def count(sentences: list[list[tuple[str, str]]], cased: bool, ner_tags: bool) -> None:
        for sent in sentences:
            for k, (form, tag) in enumerate(sent):
                if not form[:1].isalpha() or not all(ch.isalpha() or ch in "-'" for ch in form):
                    continue
                low = form.lower()
                total[low] += 1
                if ner_tags and tag.endswith(("PER", "LOC")):
                    named[low] += 1
                elif ner_tags and not cased:
                    other[low] += 1
                if not ner_tags:
                    upos_total[low] += 1
                    propn[low] += tag == "PROPN"
                if cased and k > 0 and sent[k - 1][0] not in OPENERS:
                    if form[:1].islower():
                        lower[low] += 1
                    else:
                        upper[low] += 1

    for path in sorted(ud.glob("*/*-ud-train.conllu")) + sorted(ud.glob("*/*-ud-dev.conllu")):
        count(conllu_sentences(path), cased=True, ner_tags=False)
    for path in sorted(ner.glob("*/train.bio")):
        count(bio_sentences(path), cased=path.parent.name != LOWERCASED, ner_tags=True)
    words = []
    for w, n in total.items():
        cased = lower[w] + upper[w]
        if upper[w] > MAX_UPPER * cased or named[w] > MAX_NAMED * n:
            continue
        if upos_total[w] and propn[w] * 2 > upos_total[w]:
            continue
        if lower[w] >= MIN_COUNT or (upper[w] == 0 and other[w] >= MIN_COUNT):
            words.append(w)
    return sorted(words)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ud", type=Path, default=ROOT.parent / "shared" / "data" / "ud")
    ap.add_argument("--ner", type=Path, default=ROOT.parent / "shared" / "data" / "ner")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    words = build(args.ud, args.ner)
    header = ("# Common Indonesian words (not names), learned from the UD train/dev splits and "
              "the NER training sets\n# by scripts/build_common_words.py; do not edit by hand\n")
    args.out.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"wrote {len(words)} words to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
