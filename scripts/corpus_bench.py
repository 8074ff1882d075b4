"""Articles/s of ``python -m quotes batch`` against the Spark job at ``local[1]`` and ``local[2]``.

    python scripts/corpus_bench.py                     # 2,000 articles (+ a few bad rows)
    python scripts/corpus_bench.py --articles 500 --masters 'local[1]'
    python scripts/corpus_bench.py --repeat 3          # each run three times, interleaved

The corpus is the dev articles (``../shared/eval/dev/articles/*.txt``) repeated under new ids
(``dev-<name>-<copy>``, with a date and an outlet), mixed with bad rows (invalid JSON, a missing
text, an empty text), written to a temporary directory that is removed at the end. Each run is a
separate process timed end to end (model loading and, for Spark, the session start included);
the rate is input rows / wall seconds. With ``--repeat N`` the whole sequence runs N times
(interleaved, so a slow spell of a shared machine hits every configuration) and the ratios use
the median rates. Prints numbers only; no pass/fail. Needs ``requirements-spark.txt`` and Java.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEV = (REPO / ".." / "shared" / "eval" / "dev" / "articles").resolve()
BAD_ROWS = ["{not json", json.dumps({"id": "bad-no-text"}), json.dumps({"id": "bad-empty",
                                                                       "text": "   "})]


def build(path: Path, n: int, src: Path) -> int:
    texts = sorted(src.glob("*.txt"))
    if not texts:
        raise SystemExit(f"no articles under {src}")
    lines = []
    for i in range(n):
        f = texts[i % len(texts)]
        lines.append(json.dumps({
            "id": f"dev-{f.stem}-{i // len(texts)}", "text": f.read_text(encoding="utf-8"),
            "published": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", "outlet": f"outlet{i % 5}",
        }, ensure_ascii=False))
        if i % (n // len(BAD_ROWS) + 1) == 0:
            lines.append(BAD_ROWS[(i // (n // len(BAD_ROWS) + 1)) % len(BAD_ROWS)])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def timed(cmd: list[str], fresh: Path) -> tuple[float, str]:
    """Wall seconds of ``cmd`` (``fresh`` removed first: a batch run resumes from its output)
    and the Spark job's phase timings."""
    fresh.unlink(missing_ok=True)
    env = dict(os.environ, QUOTES_TORCH_THREADS="1")
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-3000:])
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    phases = [ln for ln in proc.stderr.splitlines() if ln.startswith("corpus: ")]
    return elapsed, phases[-1][len("corpus: "):] if phases else ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000, help="articles (default %(default)s)")
    ap.add_argument("--source", type=Path, default=DEV, help="directory of *.txt articles")
    ap.add_argument("--masters", default="local[1],local[2]",
                    help="Spark masters, comma-separated (default %(default)s)")
    ap.add_argument("--no-batch", action="store_true", help="skip the batch baseline")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each (default %(default)s)")
    args = ap.parse_args()
    py = sys.executable
    runs_of: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="quotes-corpus-bench-") as tmp:
        src = Path(tmp) / "corpus.jsonl"
        rows = build(src, args.articles, args.source)
        print(f"corpus: {rows} rows ({args.articles} articles + {rows - args.articles} bad), "
              f"{os.cpu_count()} cores", flush=True)
        runs: list[tuple[str, list[str]]] = []
        if not args.no_batch:
            runs.append(("batch", [py, "-m", "quotes", "batch", str(src),
                                   str(Path(tmp) / "batch.jsonl"), "--no-progress"]))
        for master in filter(None, args.masters.split(",")):
            runs.append((master, [py, "-m", "quotes", "corpus", str(src),
                                  str(Path(tmp) / "out"), "--master", master]))
        for i in range(args.repeat):
            for name, cmd in runs:
                s, phases = timed(cmd, Path(tmp) / "batch.jsonl")
                runs_of.setdefault(name, []).append(rows / s)
                print(f"{name:>10}: {s:7.1f} s  {rows / s:6.2f} articles/s"
                      + (f"  (run {i + 1})" if args.repeat > 1 else "")
                      + (f"  [{phases}]" if phases else ""), flush=True)
    rates = {name: statistics.median(r) for name, r in runs_of.items()}
    if args.repeat > 1:
        for name, rate in rates.items():
            print(f"{name:>10}: median {rate:6.2f} articles/s")
    if "batch" in rates and "local[1]" in rates:
        print(f"local[1] / batch    = {rates['local[1]'] / rates['batch']:.2f} (goal >= 0.8)")
    if "local[1]" in rates and "local[2]" in rates:
        print(f"local[2] / local[1] = {rates['local[2]'] / rates['local[1]']:.2f} (goal >= 1.7)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
