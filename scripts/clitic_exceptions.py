"""Build ``quotes/data/clitic_exceptions.txt``: words the clitic rule must leave whole.

A word is an exception when the rule (``quotes.clitics``, without exceptions) would split it
and the UD training data always write it as one word, at least ``--min-count`` times
(``adalah``, ``hanya``, ``pemerintah``, ``sekolah``). Words the treebanks write both ways
(``lainnya``: whole in GSD, split in CSUI) are left to the tokenizer, which marks multi-word
tokens in context; the rule only splits the tokens it marks. The training data are
UD_Indonesian-GSD dev and UD_Indonesian-CSUI train (the GSD train file is not in
``../shared/data/ud``; the GSD, CSUI and PUD test files stay held out for
``scripts/tokenizer_scores.py``); never the evaluation articles.

Usage: python scripts/clitic_exceptions.py [--ud DIR] [--min-count N] [--check]
(``--check`` exits 1 when the shipped file differs from what would be written).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quotes import clitics  # noqa: E402

TRAINING = ("UD_Indonesian-GSD/id_gsd-ud-dev.conllu", "UD_Indonesian-CSUI/id_csui-ud-train.conllu")
_RANGE = re.compile(r"^(\d+)-(\d+)$")


def surface_tokens(path: Path) -> list[tuple[str, bool]]:
    """Every surface token of a CoNLL-U file, with whether it is a multi-word token."""
    out: list[tuple[str, bool]] = []
    skip = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        m = _RANGE.match(cols[0])
        if m:
            out.append((cols[1], True))
            skip = int(m.group(2)) - int(m.group(1)) + 1
        elif "." in cols[0]:
            continue  # empty nodes
        elif skip:
            skip -= 1
        else:
            out.append((cols[1], False))
    return out


def build(ud: Path, min_count: int) -> list[tuple[str, int, int]]:
    whole: Counter[str] = Counter()
    split: Counter[str] = Counter()
    for name in TRAINING:
        for form, multi in surface_tokens(ud / name):
            (split if multi else whole)[form.lower()] += 1
    with mock.patch.object(clitics, "exceptions", lambda: frozenset()):
        would_split = {w for w in whole if len(clitics.split_clitics(w)) > 1}
    return sorted((w, whole[w], split[w]) for w in would_split
                  if whole[w] >= min_count and not split[w])


def render(rows: list[tuple[str, int, int]], min_count: int) -> str:
    head = [
        "# Words that end (or begin) like a clitic but are written as one word: the clitic rule",
        "# (quotes/clitics.py) leaves them whole. Built by scripts/clitic_exceptions.py from",
        "# " + " + ".join(TRAINING) + ":",
        f"# written whole >= {min_count} times, never split. Do not edit by hand.",
        "# word  # times whole / split",
    ]
    return "\n".join(head + [f"{w}  # {a}/{b}" for w, a, b in rows]) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ud", type=Path, default=ROOT.parent / "shared" / "data" / "ud")
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = render(build(args.ud, args.min_count), args.min_count)
    if args.check:
        same = clitics.EXCEPTIONS_FILE.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{clitics.EXCEPTIONS_FILE} is out of date")
        return 0 if same else 1
    clitics.EXCEPTIONS_FILE.write_text(text, encoding="utf-8")
    print(f"{text.count(chr(10)) - 5} words written to {clitics.EXCEPTIONS_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
