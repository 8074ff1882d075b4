"""``python -m quotes bench``: speed and memory figures, printed (no pass/fail).

0. words and sentences: milliseconds per article for each stage and articles/s (one by one and
   batch) with the rules tokenizer (shipped: spaCy + the sentence rule + the clitic rule)
   beside Stanza's tokenizer with the clitic rule and with Stanza's seq2seq MWT expander (the
   paths before it), measured in the same run, each article (and batch) through every path in
   turn (best of ``--repeat`` passes), with the end-to-end and quote F1 of each
   (``--no-path-compare`` skips it, ``--no-mwt-compare`` leaves the expander out);
1. milliseconds per article for each stage (each Stanza processor including NER, the rule
   stages) and the share of sentences given to the parser and to NER;
2. articles/s one by one and through the batch path, beside a baseline that tags and parses
   every sentence (Stanza's full pipeline), with the ratio and the end-to-end F1 of both;
   The speaker decision's cost: ms per article inside the decision (propose, features,
   score) and the rule stages with the shipped model beside the rules alone;
3. NER on demand: articles/s with NER as shipped, with NER off and with NER on every sentence
   (shipped and off measured interleaved, best of ``--repeat`` runs), the ratio with / without
   and the end-to-end F1 of both (``--no-ner-compare`` skips it);
4. latency p50/p95 at concurrency 1 and 4 against gunicorn (2 workers) on loopback;
5. start-up time and RSS per worker;
6. the time for one article repeated 1x, 4x, 16x (cost must grow linearly).

Every loop is bounded; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from quotes.model import Document

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLES = ROOT.parent / "shared" / "eval" / "dev" / "articles"


def rss_mb(pid: int | str = "self") -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


class FullParse:
    """Baseline annotator: the same models, but every sentence is tagged and parsed."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.name = getattr(inner, "name", "baseline")

    def tokenize(self, texts: Sequence[str]) -> list[Document]:
        return self.inner.tokenize(texts)  # type: ignore[attr-defined, no-any-return]

    def parse(self, docs: Sequence[Document], sentences: Sequence[Collection[int]]
              ) -> list[Document]:
        everything = [set(range(len(d.sentences))) for d in docs]
        return self.inner.parse(docs, everything)  # type: ignore[attr-defined, no-any-return]

    def recognize(self, docs: Sequence[Document], sentences: Sequence[Collection[int]]
                  ) -> list[Document]:
        return self.inner.recognize(docs, sentences)  # type: ignore[attr-defined, no-any-return]


class FullNer(FullParse):
    """Baseline annotator: parse on demand, but every sentence is given to NER."""

    def parse(self, docs: Sequence[Document], sentences: Sequence[Collection[int]]
              ) -> list[Document]:
        return self.inner.parse(docs, sentences)  # type: ignore[attr-defined, no-any-return]

    def recognize(self, docs: Sequence[Document], sentences: Sequence[Collection[int]]
                  ) -> list[Document]:
        everything = [set(range(len(d.sentences))) for d in docs]
        return self.inner.recognize(docs, everything)  # type: ignore[attr-defined, no-any-return]


class Counting(FullParse):
    """Passes every call through and counts the sentences: all of them (tokenize), and those
    the parser and NER actually annotated (newly set ``Sentence.parsed`` / ``Sentence.ner``)."""

    def __init__(self, inner: object) -> None:
        super().__init__(inner)
        self.sentences = self.parsed = self.tagged = 0

    def tokenize(self, texts: Sequence[str]) -> list[Document]:
        docs = super().tokenize(texts)
        self.sentences += sum(len(d.sentences) for d in docs)
        return docs

    def parse(self, docs: Sequence[Document], sentences: Sequence[Collection[int]]
              ) -> list[Document]:
        out: list[Document] = self.inner.parse(docs, sentences)  # type: ignore[attr-defined]
        self.parsed += _flagged(out, "parsed") - _flagged(docs, "parsed")
        return out

    def recognize(self, docs: Sequence[Document], sentences: Sequence[Collection[int]]
                  ) -> list[Document]:
        out: list[Document] = self.inner.recognize(docs, sentences)  # type: ignore[attr-defined]
        self.tagged += _flagged(out, "ner") - _flagged(docs, "ner")
        return out


def _flagged(docs: Sequence[Document], flag: str) -> int:
    return sum(1 for d in docs for s in d.sentences if getattr(s, flag))


def _root(annotator: object) -> object:
    """The annotator under any benchmark wrappers (the one holding models and timings)."""
    while hasattr(annotator, "inner"):
        annotator = annotator.inner
    return annotator


@contextmanager
def _ner(annotator: object, enabled: bool) -> Iterator[None]:
    """Turn NER on or off for the block (``ner_enabled`` of the root annotator), then restore."""
    root = _root(annotator)
    before = getattr(root, "ner_enabled", None)
    if before is None:
        yield
        return
    root.ner_enabled = enabled  # type: ignore[attr-defined]
    try:
        yield
    finally:
        root.ner_enabled = before  # type: ignore[attr-defined]


#: the word-and-sentence paths the first block compares: label -> (tokenizer, mwt), oldest first
PATHS = {
    "stanza+expander": ("stanza", "model"),
    "stanza+rule": ("stanza", "rule"),
    "rules": ("rules", "rule"),
}
SHIPPED_PATH = "rules"


@contextmanager
def _path(annotator: object, label: str) -> Iterator[None]:
    """Split words and sentences the way of ``PATHS[label]`` for the block, then restore."""
    root = _root(annotator)
    tokenizer, mwt = PATHS[label]
    before = getattr(root, "tokenizer", None), getattr(root, "mwt", None)
    if None in before:
        yield
        return
    root.tokenizer, root.mwt = tokenizer, mwt  # type: ignore[attr-defined]
    try:
        yield
    finally:
        root.tokenizer, root.mwt = before  # type: ignore[attr-defined]


def _paths(annotator: object, with_expander: bool) -> tuple[str, ...]:
    """The paths this annotator can run (the expander only when the MWT model is loaded)."""
    root = _root(annotator)
    if getattr(root, "tokenizer", None) is None:
        return ()
    pipeline = getattr(root, "pipeline", None)
    expander = with_expander and "mwt" in getattr(pipeline, "processors", {})
    return tuple(p for p in PATHS if expander or PATHS[p][1] != "model")


STAGES = ("tokenize", "mwt", "convert", "pos", "lemma", "depparse", "ner")


def _stage_ms(texts: list[str], annotator: object) -> dict[str, float]:
    """ms per article of each annotator stage, the rule stages and the total, one by one."""
    from quotes.pipeline import extract

    stanza_t: dict[str, float] = getattr(_root(annotator), "timings", {})
    stanza_t.clear()
    rules = {"clean": 0.0, "rules": 0.0}
    t0 = time.perf_counter()
    for text in texts:
        res = extract(text, annotator)  # type: ignore[arg-type]
        rules["clean"] += res.timings.get("clean", 0.0)
        rules["rules"] += res.timings.get("rules", 0.0)
    total = time.perf_counter() - t0
    n = len(texts)
    out = {stage: 1000 * stanza_t.get(stage, 0.0) / n for stage in STAGES}
    out.update({stage: 1000 * secs / n for stage, secs in rules.items()})
    out["total"] = 1000 * total / n
    return out


def _path_compare(texts: list[str], ann: object, paths: tuple[str, ...], batch: int,
                  repeat: int, quality: Callable[[], tuple[float, float] | None] | None) -> None:
    """The word-and-sentence paths side by side, interleaved, best of ``repeat``."""
    if len(paths) < 2:
        print("\npaths: only one word-and-sentence path in this configuration; nothing to "
              "compare")
        return
    n = len(texts)
    best: dict[str, dict[str, float]] = {}
    batch_best = {p: 0.0 for p in paths}
    for rep in range(max(1, repeat)):
        # paired: each article (and each batch) through every path in turn, the order
        # rotating, so that a burst of load on a shared machine hits all alike
        sums: dict[str, dict[str, float]] = {p: {} for p in paths}
        for i, text in enumerate(texts):
            k = (i + rep) % len(paths)
            for path in paths[k:] + paths[:k]:
                with _path(ann, path):
                    for stage, ms in _stage_ms([text], ann).items():
                        sums[path][stage] = sums[path].get(stage, 0.0) + ms
        secs = {p: 0.0 for p in paths}
        for i in range(0, n, batch):
            chunk = texts[i : i + batch]
            k = (i // batch + rep) % len(paths)
            for path in paths[k:] + paths[:k]:
                with _path(ann, path):
                    secs[path] += len(chunk) / _batch_rate(chunk, ann, batch)
        for path in paths:
            ms_avg = {k: v / n for k, v in sums[path].items()}
            prev = best.get(path)
            best[path] = ms_avg if prev is None else {k: min(v, prev[k])
                                                       for k, v in ms_avg.items()}
            batch_best[path] = max(batch_best[path], n / secs[path])
    print(f"\nwords and sentences: {', '.join(paths)} (shipped: {SHIPPED_PATH}); ms per "
          f"article, {n} articles one by one, each article through every path in turn, best "
          f"of {max(1, repeat)} passes (each stage's best)")
    print(f"  {'stage':22s}" + "".join(f"{p:>16s}" for p in paths))
    for stage in (*STAGES, "clean", "rules", "total"):
        print(f"  {stage:22s}" + "".join(f"{best[p][stage]:16.1f}" for p in paths))
    one = {p: 1000 / best[p]["total"] for p in paths}
    base = paths[-2] if paths[-1] == SHIPPED_PATH else paths[0]
    print(f"  {'articles/s one by one':22s}" + "".join(f"{one[p]:16.2f}" for p in paths))
    print(f"  {'articles/s batch ' + str(batch):22s}"
          + "".join(f"{batch_best[p]:16.2f}" for p in paths))
    if SHIPPED_PATH in paths:
        print(f"  shipped / {base}: x{one[SHIPPED_PATH] / one[base]:.2f} one by one, "
              f"x{batch_best[SHIPPED_PATH] / batch_best[base]:.2f} in batches")
    print("  (tokenize: Stanza's tokenizer, or spaCy + the sentence rule; convert: Stanza's "
          "tokens to words, with the clitic rule inside)")
    if quality is not None:
        for path in paths:
            with _path(ann, path):
                got = quality()
            if got is not None:
                print(f"  {path:22s} end-to-end F1 @0.5 {got[0]:.3f}, quote F1 {got[1]:.3f}")


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else f"{part}/0"


def _shares(counter: Counting) -> str:
    whole = max(1, counter.sentences)
    return (f"parser {100 * counter.parsed / whole:.1f}%, "
            f"NER {100 * counter.tagged / whole:.1f}%")


def _stage_table(texts: list[str], annotator: object, label: str) -> float:
    from quotes.pipeline import extract

    stanza_t: dict[str, float] = getattr(_root(annotator), "timings", {})
    stanza_t.clear()
    counter = Counting(annotator)
    rules = {"clean": 0.0, "rules": 0.0, "claims": 0.0}
    t0 = time.perf_counter()
    for text in texts:
        res = extract(text, counter)
        for stage in rules:
            rules[stage] += res.timings.get(stage, 0.0)
    total = time.perf_counter() - t0
    n = len(texts)
    print(f"\n[{label}] ms per article by stage ({n} articles, one by one)")
    annotation = sum(stanza_t.values())
    for stage in STAGES:
        print(f"  {stage:10s} {1000 * stanza_t.get(stage, 0.0) / n:8.1f}")
    for stage, secs in rules.items():
        print(f"  {stage:10s} {1000 * secs / n:8.1f}")
    annotation -= stanza_t.get("convert", 0.0)
    rule_share = 100 * sum(rules.values()) / annotation if annotation else float("nan")
    print(f"  {'total':10s} {1000 * total / n:8.1f}   rule stages = {rule_share:.1f}% of "
          f"annotation time; {n / total:.2f} articles/s")
    print(f"  sentences given to the parser {_pct(counter.parsed, counter.sentences)}, "
          f"to NER {_pct(counter.tagged, counter.sentences)}")
    return n / total


def _batch_rate(texts: list[str], annotator: object, batch: int) -> float:
    from quotes.pipeline import extract_many

    t0 = time.perf_counter()
    for i in range(0, len(texts), batch):
        extract_many(texts[i : i + batch], annotator)  # type: ignore[arg-type]
    return len(texts) / (time.perf_counter() - t0)


def _one_rate(texts: list[str], annotator: object) -> float:
    from quotes.pipeline import extract

    t0 = time.perf_counter()
    for text in texts:
        extract(text, annotator)  # type: ignore[arg-type]
    return len(texts) / (time.perf_counter() - t0)


def _ner_compare(texts: list[str], ann: object, batch: int, repeat: int,
                 f1_on: float | None, quality: Callable[[], float | None] | None) -> None:
    """Throughput with NER as shipped, off, and on every sentence, in one run.

    Shipped and off are measured interleaved ``repeat`` times and the best rate of each is
    kept, so that a burst of load on a shared machine does not decide the ratio."""
    root = _root(ann)
    if not getattr(root, "ner_enabled", False):
        print("\nNER on demand: NER is off in this configuration (no NER model, or QUOTES_NER=0);"
              " nothing to compare")
        return
    best: dict[str, list[float]] = {"on": [0.0, 0.0], "off": [0.0, 0.0]}
    shares: dict[str, str] = {}
    for _ in range(max(1, repeat)):
        for key, enabled in (("on", True), ("off", False)):
            counter = Counting(ann)
            with _ner(ann, enabled):
                rates = (_one_rate(texts, counter), _batch_rate(texts, ann, batch))
            best[key] = [max(b, r) for b, r in zip(best[key], rates, strict=True)]
            shares[key] = _shares(counter)
    counter = Counting(FullNer(ann))
    every_rates = (_one_rate(texts, counter), _batch_rate(texts, counter.inner, batch))
    shares["every"] = _shares(counter)
    on, off = best["on"], best["off"]
    print(f"\nNER on demand ({len(texts)} articles; shipped and off interleaved, best of "
          f"{max(1, repeat)})")
    print("articles/s                              one-by-one   batch   sentences to")
    print(f"  shipped (NER on demand)              {on[0]:10.2f} {on[1]:7.2f}   {shares['on']}")
    print(f"  NER off                              {off[0]:10.2f} {off[1]:7.2f}   "
          f"{shares['off']}")
    print(f"  NER on every sentence                {every_rates[0]:10.2f} {every_rates[1]:7.2f}   "
          f"{shares['every']}")
    print(f"  ratio with NER / without: {on[0] / off[0]:.2f} one-by-one, "
          f"{on[1] / off[1]:.2f} batch (target >= 0.75)")
    print(f"  ratio on demand / every sentence: {on[0] / every_rates[0]:.2f} one-by-one, "
          f"{on[1] / every_rates[1]:.2f} batch")
    if quality is not None:
        with _ner(ann, False):
            f1_off = quality()
        if f1_on is not None and f1_off is not None:
            print(f"  end-to-end F1 @0.5: with NER {f1_on:.3f}, without {f1_off:.3f}, "
                  f"difference {f1_on - f1_off:+.3f}")


def _plain_pipeline(ann: object, texts: list[str], batch: int) -> tuple[float, float]:
    """articles/s of Stanza's own Pipeline (tokenize..depparse on every sentence, no rules),
    one article a call and ``batch`` articles a call."""
    pipeline = ann.pipeline  # type: ignore[attr-defined]
    t0 = time.perf_counter()
    for text in texts:
        pipeline(text)
    one = len(texts) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for i in range(0, len(texts), batch):
        pipeline.bulk_process(texts[i : i + batch])
    return one, len(texts) / (time.perf_counter() - t0)


def _f1s(annotator: object, articles: Path) -> tuple[float, float] | None:
    """End-to-end F1 and quote F1 at overlap 0.5 on the articles (None without gold)."""
    gold = articles.parent / "gold"
    if not gold.is_dir():
        return None
    from quotes.evaluate import evaluate

    counts = evaluate(articles, gold, annotator).counts(0.5)  # type: ignore[arg-type]
    if counts.e2e_f1 is None or counts.f1 is None:
        return None
    return counts.e2e_f1, counts.f1


def _f1(annotator: object, articles: Path) -> float | None:
    got = _f1s(annotator, articles)
    return None if got is None else got[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _post(url: str, text: str, timeout: float = 120.0) -> float:
    body = json.dumps({"text": text}).encode()
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    t0 = time.perf_counter()
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        resp.read()
    return time.perf_counter() - t0


def _server(texts: list[str], requests: int) -> None:
    port = _free_port()
    env = dict(os.environ, QUOTES_BIND=f"127.0.0.1:{port}", QUOTES_WORKERS="2",
               QUOTES_LOG_LEVEL="WARNING")
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        ready = False
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(base + "/readyz", timeout=2) as r:
                    ready = r.status == 200
            except OSError:
                pass
            if ready:
                break
            time.sleep(0.2)
        if not ready:
            print("\n[server] gunicorn did not become ready within 120 s")
            return
        startup = time.perf_counter() - t0
        # both workers load their own models after fork; wait until each has answered
        for _ in range(4):
            _post(base + "/v1/extract", texts[0])
        workers = _children(proc.pid)
        print(f"\n[server] gunicorn 2 workers: ready in {startup:.1f} s; RSS per worker: "
              + ", ".join(f"{rss_mb(w):.0f} MB" for w in workers)
              + f"; master {rss_mb(proc.pid):.0f} MB")
        for conc in (1, 4):
            lat: list[float] = []
            jobs = [texts[i % len(texts)] for i in range(requests)]
            t1 = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(conc) as pool:
                lat = list(pool.map(lambda t: _post(base + "/v1/extract", t), jobs))
            wall = time.perf_counter() - t1
            q = statistics.quantiles(lat, n=20)
            p50 = 1000 * statistics.median(lat)
            print(f"  concurrency {conc}: {requests} requests, p50 {p50:.0f} ms, "
                  f"p95 {1000 * q[18]:.0f} ms, {requests / wall:.2f} req/s")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _children(pid: int) -> list[int]:
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True,
                             check=False).stdout
    except OSError:
        return []
    return [int(x) for x in out.split()]


def _decision_cost(texts: list[str], annotator: object) -> None:
    """What the speaker decision costs: the time inside ``coreference._decide`` (propose every
    candidate, build the features, score them), and the rule stages with the shipped model
    beside the rules deciding alone, one by one, on the same documents."""
    from quotes.pipeline import extract_many
    from quotes.stages import coreference, decide

    ann: Any = annotator
    real = coreference._decide
    spent = [0.0]

    def timed(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - t

    rules_ms: dict[str, float] = {}
    decide_ms: dict[str, float] = {}
    model = decide.configured()
    for label, decider in (("rules alone", decide.RULES), ("shipped model", model)):
        spent[0], rules_s = 0.0, 0.0
        coreference._decide = timed
        try:
            for text in texts:
                rules_s += extract_many([text], ann, decider)[0].timings.get("rules", 0.0)
        finally:
            coreference._decide = real
        rules_ms[label] = 1000 * rules_s / len(texts)
        decide_ms[label] = 1000 * spent[0] / len(texts)
    print(f"\nspeaker decision, ms per article ({len(texts)} articles, one by one; "
          f"model: {'trained' if model.trained else 'none shipped: the rules decide'})")
    print("                       rule stages   of which the decision")
    for label in rules_ms:
        print(f"  {label:18s} {rules_ms[label]:12.2f} {decide_ms[label]:12.2f}")
    print(f"  the model adds {rules_ms['shipped model'] - rules_ms['rules alone']:+.2f} ms per "
          "article to the rule stages (budget: 5 ms)")


def main(argv: Sequence[str] | None = None, annotator: object | None = None) -> int:
    """Run the benchmark; ``annotator`` replaces the Stanza models (tests)."""
    parser = argparse.ArgumentParser(prog="quotes bench", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--batch", type=int, default=8, help="documents per batch call")
    parser.add_argument("--requests", type=int, default=40, help="requests per concurrency")
    parser.add_argument("--no-server", action="store_true", help="skip the gunicorn part")
    parser.add_argument("--no-quality", action="store_true", help="skip the F1 comparison")
    parser.add_argument("--no-ner-compare", action="store_true",
                        help="skip the throughput with / without NER block")
    parser.add_argument("--no-path-compare", action="store_true",
                        help="skip the words-and-sentences block (rules vs Stanza's tokenizer)")
    parser.add_argument("--no-mwt-compare", action="store_true",
                        help="leave Stanza's MWT expander out of that block (and unloaded)")
    parser.add_argument("--repeat", type=int, default=2,
                        help="interleaved runs of NER on / off and of the word-and-sentence "
                             "paths (the best of each is kept)")
    args = parser.parse_args(argv)

    os.environ.setdefault("QUOTES_TORCH_THREADS", "1")
    files = sorted(args.articles.glob("*.txt"))
    if not files:
        print(f"no articles in {args.articles}", file=sys.stderr)
        return 2
    texts = [f.read_text(encoding="utf-8") for f in files]

    rss0 = rss_mb()
    t0 = time.perf_counter()
    if annotator is None:
        from quotes.nlp import StanzaAnnotator

        # the MWT model is loaded too (a few MB), only to measure the paths before the rules
        expander = not (args.no_mwt_compare or args.no_path_compare)
        annotator = StanzaAnnotator(mwt="model" if expander else "rule", tokenizer="rules")
        annotator.mwt = "rule"
    ann: Any = annotator
    print(f"models: {ann.name}")
    print(f"load: {time.perf_counter() - t0:.2f} s, RSS {rss0:.0f} -> {rss_mb():.0f} MB")
    from quotes.pipeline import extract

    extract(texts[0], ann)  # warm-up
    if not args.no_path_compare:
        paths = _paths(ann, with_expander=not args.no_mwt_compare)
        for path in paths:
            with _path(ann, path):
                extract(texts[0], ann)
        quality_fn = None if args.no_quality else (lambda: _f1s(ann, args.articles))
        _path_compare(texts, ann, paths, args.batch, args.repeat, quality_fn)

    base = FullParse(ann)
    plain = _plain_pipeline(ann, texts, args.batch) if hasattr(ann, "pipeline") else None
    one = _stage_table(texts, ann, "selective parse (shipped)")
    one_base = _stage_table(texts, base, "baseline: every sentence parsed")
    _decision_cost(texts, ann)
    batch = _batch_rate(texts, ann, args.batch)
    batch_base = _batch_rate(texts, base, args.batch)
    print("\narticles/s                              one-by-one   batch")
    print(f"  shipped (parse on demand)            {one:10.2f} {batch:7.2f}")
    print(f"  every sentence parsed, same rules    {one_base:10.2f} {batch_base:7.2f}")
    if plain is not None:
        print(f"  Stanza pipeline alone, every sentence {plain[0]:9.2f} {plain[1]:7.2f}")
    print(f"  ratio shipped / every-sentence        {one / one_base:9.2f} "
          f"{batch / batch_base:7.2f}")
    if plain is not None:
        print(f"  ratio shipped / Stanza pipeline       {one / plain[0]:9.2f} "
              f"{batch / plain[1]:7.2f}")
    f1: float | None = None
    if not args.no_quality:
        f1 = _f1(ann, args.articles)
        f1_base = _f1(base, args.articles)
        if f1 is not None and f1_base is not None:
            print(f"  end-to-end F1 @0.5: selective {f1:.3f}, baseline {f1_base:.3f}, "
                  f"difference {f1 - f1_base:+.3f}")

    if not args.no_ner_compare:
        quality = None if args.no_quality else (lambda: _f1(ann, args.articles))
        _ner_compare(texts, ann, args.batch, args.repeat, f1, quality)

    longest = max(texts, key=len)
    print(f"\nlinearity: one article ({len(longest)} chars) repeated")
    for k in (1, 4, 16):
        text = "\n\n".join([longest] * k)
        t1 = time.perf_counter()
        extract(text, ann)
        dt = time.perf_counter() - t1
        print(f"  {k:2d}x  {len(text):7d} chars  {1000 * dt:8.0f} ms  "
              f"{1000 * dt / k:6.0f} ms per copy")
    print(f"RSS after the run: {rss_mb():.0f} MB")

    if not args.no_server:
        _server(texts, args.requests)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
