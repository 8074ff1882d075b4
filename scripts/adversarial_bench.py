"""Times the adversarial input families at 25k, 50k and 100k characters; audits the regexes.

    python scripts/adversarial_bench.py                 # the fake RegexAnnotator
    python scripts/adversarial_bench.py --real          # the shipped Stanza models
    python scripts/adversarial_bench.py --regex-audit   # every module-level pattern in quotes/

The families are those of ``tests/test_adversarial.py`` (the brief's inputs, then the ones that
expose a super-linear rule) plus ``punct_run`` (a run of ``!``: with the fake annotator it times
the fake's own quadratic sentence regex, not the engine) and ``letter_run`` (one "word" of n
letters: with the real models it times Stanza's quadratic e-mail/URL regex). Each cell is the
engine's wall time for one ``quotes.pipeline.extract`` call. With ``--real`` pass ``--threads
1`` (what gunicorn gives each worker) on a shared machine: torch's spinning intra-op threads
make the times erratic when other processes hold the cores.

Everything is bounded: each case has a timeout (SIGALRM; a watchdog ends the process if a case
cannot be interrupted), a family that times out is not run at the larger sizes, and the whole
run stops at ``--budget`` seconds. Prints numbers only; no pass/fail.

``--regex-audit`` finds every compiled pattern held by a module under ``quotes/`` (and, marked
as test-only, in ``tests/fakes.py``), derives worst-case strings from it (long runs of each
character its repeats accept, alone, before a character that makes the match fail, in pairs,
after each literal word of the pattern) and times ``finditer`` and ``fullmatch`` on them at two
sizes, in a child process that is killed at ``--regex-timeout``. Catastrophic or quadratic
backtracking shows as a time that grows far faster than the string, or as a timeout.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import multiprocessing
import os
import pkgutil
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_SIZES = (25_000, 50_000, 100_000)
GRACE_SECONDS = 30.0  # the watchdog's margin over a case timeout before it ends the process


# ------------------------------------------------------------------------------------------
# timeouts


class CaseTimeout(BaseException):
    """Raised in the running case by SIGALRM (a BaseException: nothing in the engine eats it)."""


def time_limit(seconds: float) -> AbstractContextManager[None]:
    from quotes.deadline import deadline

    return deadline(seconds, CaseTimeout)


class Watchdog:
    """Ends the process when a case overruns its timeout by GRACE_SECONDS (stuck in C code)."""

    def __init__(self) -> None:
        self._deadline: float | None = None
        self._label = ""
        self._lock = threading.Lock()
        threading.Thread(target=self._run, daemon=True).start()

    def arm(self, seconds: float, label: str) -> None:
        with self._lock:
            self._deadline = time.monotonic() + seconds + GRACE_SECONDS
            self._label = label

    def disarm(self) -> None:
        with self._lock:
            self._deadline = None

    def _run(self) -> None:
        while True:
            time.sleep(1.0)
            with self._lock:
                late = self._deadline is not None and time.monotonic() > self._deadline
                label = self._label
            if late:
                print(f"\nwatchdog: {label} could not be interrupted; stopping.", flush=True)
                os._exit(3)


# ------------------------------------------------------------------------------------------
# the timing table


def families(real: bool) -> dict[str, tuple[Callable[[int], str], str]]:
    """name -> (make(n chars), note)."""
    from tests.test_adversarial import FAMILIES, SLOW_FAMILIES, fill

    out: dict[str, tuple[Callable[[int], str], str]] = {}
    for name, make in FAMILIES.items():
        out[name] = (make, "")
    for name, make in SLOW_FAMILIES.items():
        out[name] = (make, "was quadratic")
    out["punct_run"] = (lambda n: fill("!", n), "stanza*" if real else "fake*")
    out["letter_run"] = (lambda n: fill("a", n), "stanza*" if real else "")
    return out


def load_annotator(real: bool, threads: int | None) -> Any:
    if not real:
        from tests.fakes import RegexAnnotator

        return RegexAnnotator()
    if threads:
        os.environ["QUOTES_TORCH_THREADS"] = str(threads)
    from quotes.errors import ModelError
    from quotes.nlp import SHIPPED_DIR, StanzaAnnotator

    stanza_dir = os.environ.get("QUOTES_STANZA_DIR")
    models_dir = os.environ.get("QUOTES_MODELS_DIR")
    if not stanza_dir and not models_dir and not (SHIPPED_DIR / "manifest.json").is_file():
        print(f"--real: no models at {SHIPPED_DIR} (manifest.json missing); build them with "
              "`make models` or set QUOTES_MODELS_DIR / QUOTES_STANZA_DIR.", file=sys.stderr)
        raise SystemExit(2)
    t0 = time.perf_counter()
    try:
        annotator = StanzaAnnotator(
            models_dir=Path(models_dir) if models_dir else None,
            stanza_dir=Path(stanza_dir) if stanza_dir else None,
        )
    except ModelError as exc:
        print(f"--real: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    print(f"loaded {annotator.name} in {time.perf_counter() - t0:.1f} s")
    return annotator


def _fmt(cell: Any, timeout: float) -> str:
    if isinstance(cell, float):
        return f"{cell:8.3f}"
    return {"timeout": f">{timeout:.0f}s".rjust(8), "skip": "skip".rjust(8),
            "budget": "-".rjust(8), "error": "ERROR".rjust(8)}.get(cell, str(cell).rjust(8))


def run_table(args: argparse.Namespace) -> int:
    from quotes.pipeline import extract

    annotator = load_annotator(args.real, args.threads)
    chosen = families(args.real)
    if args.families:
        wanted = args.families.split(",")
        unknown = [w for w in wanted if w not in chosen]
        if unknown:
            print(f"unknown families: {', '.join(unknown)}; known: {', '.join(chosen)}",
                  file=sys.stderr)
            return 2
        chosen = {k: v for k, v in chosen.items() if k in wanted}
    sizes = tuple(int(s) for s in args.sizes.split(","))
    timeout = args.timeout or (120.0 if args.real else 30.0)
    watchdog = Watchdog()
    deadline = time.monotonic() + args.budget

    # warm up (first-call costs of the models, the lexicon, imports)
    extract("“Kami siap bekerja sama,” kata Menteri Luar Negeri Retno Marsudi di Jakarta.\n"
            "Ia mengatakan bahwa kerja sama itu penting.", annotator)

    label = "real Stanza" if args.real else "fake RegexAnnotator"
    print(f"\nadversarial families, engine wall time in seconds ({label}; case timeout "
          f"{timeout:.0f} s; budget {args.budget:.0f} s)")
    head = f"{'family':34s}" + "".join(f"{f'{n // 1000}k':>9s}" for n in sizes)
    head += f"{'growth':>9s}  split at the largest size (clean/tokenize/parse/rules)"
    print(head)
    print("-" * len(head))
    for name, (make, note) in chosen.items():
        cells: list[Any] = []
        split = ""
        stop: str | None = None
        for n in sizes:
            if stop is not None:
                cells.append(stop)
                continue
            if time.monotonic() > deadline:
                cells.append("budget")
                stop = "budget"
                continue
            text = make(n)
            watchdog.arm(timeout, f"{name} at {n}")
            t0 = time.perf_counter()
            try:
                with time_limit(timeout):
                    result = extract(text, annotator)
            except CaseTimeout:
                cells.append("timeout")
                stop = "skip"
                continue
            except Exception as exc:  # a crash is a finding: show it, go on
                cells.append("error")
                split = f"{type(exc).__name__}: {str(exc)[:60]}"
                stop = "skip"
                continue
            finally:
                watchdog.disarm()
            cells.append(time.perf_counter() - t0)
            t = result.timings
            split = "/".join(f"{t.get(k, 0.0):.2f}" for k in ("clean", "tokenize", "parse",
                                                              "rules"))
        times = [c for c in cells if isinstance(c, float)]
        growth = ""
        if len(times) == len(sizes) and len(sizes) > 1 and times[0] > 0:
            growth = f"{times[-1] / times[0]:7.1f}x"
        elif "timeout" in cells:
            growth = "  >>"
        row = f"{(name + (f' ({note})' if note else '')):26s}"
        row += "".join(f" {_fmt(c, timeout)}" for c in cells)
        print(f"{row}{growth:>9s}  {split}", flush=True)
    linear = sizes[-1] / sizes[0] if len(sizes) > 1 else 1
    print(f"\ngrowth: time at {sizes[-1]:,} over time at {sizes[0]:,} characters (linear is about "
          f"{linear:.0f}x; quadratic {linear ** 2:.0f}x). '>{timeout:.0f}s': the case was stopped "
          "at its timeout and the larger sizes skipped.")
    print("(was quadratic): a rule fixed since; tests/test_adversarial.py SLOW_REASONS says which.")
    if args.real:
        print("stanza*: Stanza's tokenizer e-mail/URL regex (MASK_RE) is quadratic on a long run "
              "without spaces; quotes.nlp breaks such runs every 200 characters before it.")
    else:
        print("fake*: a run of '!' times tests/fakes.py's own sentence regex (quadratic), not "
              "the engine.")
    return 0


# ------------------------------------------------------------------------------------------
# the regex audit

try:  # Python 3.11+
    from re import _constants as sre_c
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as sre_c  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

POOL = ["a", "A", "z", "1", "_", " ", "\t", "\n", "\r", ".", ",", "!", "?", ":", ";", "-", "—",
        "'", '"', "“", "”", "(", ")", "[", "]", "@", "/", "é", "\xa0", "\u2028", "\x00", "©"]
_CATEGORY = {
    sre_c.CATEGORY_DIGIT: str.isdecimal,
    sre_c.CATEGORY_NOT_DIGIT: lambda c: not c.isdecimal(),
    sre_c.CATEGORY_SPACE: str.isspace,
    sre_c.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
    sre_c.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
    sre_c.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
}
_REPEATS = {sre_c.MAX_REPEAT, sre_c.MIN_REPEAT} | (
    {sre_c.POSSESSIVE_REPEAT} if hasattr(sre_c, "POSSESSIVE_REPEAT") else set())


def _in_class(ch: str, items: list[tuple[Any, Any]]) -> bool:
    negate, hit = False, False
    for op, av in items:
        if op is sre_c.NEGATE:
            negate = True
        elif op is sre_c.LITERAL:
            hit |= ord(ch) == av
        elif op is sre_c.RANGE:
            hit |= av[0] <= ord(ch) <= av[1]
        elif op is sre_c.CATEGORY:
            hit |= _CATEGORY.get(av, lambda c: False)(ch)
    return hit != negate


def _class_chars(items: list[tuple[Any, Any]]) -> list[str]:
    own = [chr(av) for op, av in items if op is sre_c.LITERAL]
    own += [chr(av[0]) for op, av in items if op is sre_c.RANGE]
    return [c for c in dict.fromkeys(own + POOL) if _in_class(c, items)][:6]


def analyse(pattern: re.Pattern[str]) -> tuple[list[str], list[str]]:
    """(characters accepted inside repeats, literal words of the pattern)."""
    chars: dict[str, None] = {}
    words: dict[str, None] = {}

    def walk(sub: Any, repeated: bool) -> None:
        run: list[str] = []

        def flush() -> None:
            if len(run) >= 2:
                words["".join(run)] = None
            run.clear()

        for op, av in sub:
            if op is sre_c.LITERAL:
                run.append(chr(av))
                if repeated:
                    chars[chr(av)] = None
                continue
            flush()
            if op in _REPEATS:
                lo, hi, body = av
                walk(body, repeated or hi is sre_c.MAXREPEAT or hi > 1)
            elif op is sre_c.SUBPATTERN:
                walk(av[-1], repeated)
            elif op is sre_c.BRANCH:
                for branch in av[1]:
                    walk(branch, repeated)
            elif op in (sre_c.ASSERT, sre_c.ASSERT_NOT):
                walk(av[1], repeated)
            elif hasattr(sre_c, "ATOMIC_GROUP") and op is sre_c.ATOMIC_GROUP:
                walk(av, repeated)
            elif repeated and op is sre_c.IN:
                chars.update(dict.fromkeys(_class_chars(av)))
            elif repeated and op is sre_c.NOT_LITERAL:
                chars.update(dict.fromkeys(c for c in POOL[:8] if ord(c) != av))
            elif repeated and op is sre_c.ANY:
                chars.update(dict.fromkeys(["a", " "]))
            elif repeated and op is sre_c.CATEGORY:
                chars.update(dict.fromkeys(c for c in POOL if _CATEGORY[av](c)))
        flush()

    walk(sre_parse.parse(pattern.pattern, pattern.flags), False)
    return list(chars)[:12], list(words)[:12]


def worst_cases(pattern: re.Pattern[str], n: int) -> Iterator[tuple[str, str]]:
    """(label, string of about n characters) built from what the pattern repeats."""
    chars, words = analyse(pattern)
    chars = chars or ["a", " "]
    killers = [k for k in ("\x00", "!", "a", "\n") if k not in chars][:2] or ["\x00"]
    for c in chars:
        yield f"{c!r}*n", c * n
        for k in killers:
            yield f"{c!r}*n+{k!r}", c * n + k
            yield f"({c!r}+{k!r})*n/2", (c + k) * (n // 2)
    for c1, c2 in itertools.combinations(chars[:6], 2):
        yield f"({c1!r}+{c2!r})*n/2", (c1 + c2) * (n // 2)
    for w in words:
        yield f"{w!r}*k", w * max(1, n // len(w))
        yield f"({w!r}+' ')*k", (w + " ") * max(1, n // (len(w) + 1))
        for c in chars[:4]:
            yield f"{w!r}+{c!r}*n", w + c * n


def _time_pattern(pattern: re.Pattern[str], sizes: tuple[int, int], conn: Any) -> None:
    """In the child: time every worst case at both sizes; send each result as it is done."""
    for (label, small), (_, big) in zip(worst_cases(pattern, sizes[0]),
                                        worst_cases(pattern, sizes[1]), strict=True):
        times = []
        for text in (small, big):
            conn.send(("start", label, len(text)))
            t0 = time.perf_counter()
            for _ in pattern.finditer(text):
                pass
            pattern.fullmatch(text)
            times.append(time.perf_counter() - t0)
        conn.send(("done", label, times[0], times[1]))
    conn.send(("end",))


def module_patterns(include_fakes: bool) -> list[tuple[str, re.Pattern[str], bool]]:
    """(module.NAME, pattern, test_only) for every compiled pattern held at module level."""
    import quotes

    names = sorted(m.name for m in pkgutil.walk_packages(quotes.__path__, "quotes.")
                   if not m.name.endswith("__main__"))
    out: list[tuple[str, re.Pattern[str], bool]] = []
    seen: set[int] = set()
    modules = [("quotes", False)] + [(n, False) for n in names]
    if include_fakes:
        modules.append(("tests.fakes", True))
    for modname, test_only in modules:
        try:
            module = importlib.import_module(modname)
        except Exception as exc:  # report, go on with the others
            print(f"  (cannot import {modname}: {type(exc).__name__}: {exc})")
            continue
        for attr, value in sorted(vars(module).items()):
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str) and (
                id(value) not in seen
            ):
                seen.add(id(value))
                out.append((f"{modname}.{attr}", value, test_only))
    return out


def run_regex_audit(args: argparse.Namespace) -> int:
    sizes = (args.regex_size, args.regex_size * 4)
    patterns = module_patterns(include_fakes=not args.no_fakes)
    ctx = multiprocessing.get_context("fork")
    print(f"\nregex audit: {len(patterns)} module-level patterns; finditer + fullmatch on "
          f"worst-case strings of {sizes[0]:,} and {sizes[1]:,} characters; "
          f"{args.regex_timeout:.0f} s per pattern")
    head = f"{'pattern':40s} {'cases':>5s} {'worst@4n':>9s} {'growth':>7s}  verdict / worst case"
    print(head)
    print("-" * len(head))
    flagged = 0
    for name, pattern, test_only in patterns:
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_time_pattern, args=(pattern, sizes, child), daemon=True)
        proc.start()
        child.close()
        deadline = time.monotonic() + args.regex_timeout
        results: list[tuple[str, float, float]] = []
        running: tuple[str, int] | None = None
        finished = False
        while time.monotonic() < deadline:
            if not parent.poll(max(0.0, min(0.5, deadline - time.monotonic()))):
                if not proc.is_alive() and not parent.poll():
                    break
                continue
            try:
                msg = parent.recv()
            except EOFError:
                break
            if msg[0] == "start":
                running = (msg[1], msg[2])
            elif msg[0] == "done":
                results.append((msg[1], msg[2], msg[3]))
                running = None
            else:
                finished = True
                break
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        label = name + (" (test)" if test_only else "")
        if results:
            worst = max(results, key=lambda r: r[2])
            ratio = worst[2] / max(worst[1], 1e-6)
        else:
            worst, ratio = ("-", 0.0, 0.0), 0.0
        if not finished and running is not None:
            verdict = f"TIMEOUT on {running[0]} at {running[1]:,} chars"
            flagged += 1
        elif not finished:
            verdict = "child died"
            flagged += 1
        elif worst[2] > 0.05 and ratio > 8:
            verdict = f"SUPER-LINEAR ({worst[0]})"
            flagged += 1
        else:
            verdict = f"linear ({worst[0]})"
        print(f"{label:40s} {len(results):5d} {worst[2]:9.4f} {ratio:6.1f}x  {verdict}",
              flush=True)
    print(f"\ngrowth: time at {sizes[1]:,} over time at {sizes[0]:,} characters for the slowest "
          "case (linear about 4x, quadratic 16x). SUPER-LINEAR: over 8x and over 50 ms; "
          f"TIMEOUT: killed at {args.regex_timeout:.0f} s. {flagged} flagged.")
    return 0


# ------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--real", action="store_true",
                    help="use quotes.nlp.StanzaAnnotator (the shipped models) instead of the fake")
    ap.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                    help="comma-separated sizes in characters (default 25000,50000,100000)")
    ap.add_argument("--families", default="", help="comma-separated subset of the families")
    ap.add_argument("--timeout", type=float, default=0.0,
                    help="seconds per case (default 30 with the fake, 120 with --real)")
    ap.add_argument("--budget", type=float, default=1200.0,
                    help="seconds for the whole table; later cases are not run (default 1200)")
    ap.add_argument("--threads", type=int, default=0,
                    help="torch threads for --real (QUOTES_TORCH_THREADS)")
    ap.add_argument("--regex-audit", action="store_true",
                    help="audit the module-level regexes of quotes/ instead of the table")
    ap.add_argument("--regex-size", type=int, default=10_000,
                    help="worst-case string size for the audit (also timed at 4x)")
    ap.add_argument("--regex-timeout", type=float, default=20.0,
                    help="seconds per pattern in the audit (default 20)")
    ap.add_argument("--no-fakes", action="store_true",
                    help="audit only quotes/, not the test fake's patterns")
    args = ap.parse_args(argv)
    if args.regex_audit:
        return run_regex_audit(args)
    return run_table(args)


if __name__ == "__main__":
    sys.exit(main())
