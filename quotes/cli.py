"""Command line: ``quotes extract | batch | evaluate | bench`` (also ``python -m quotes``).

Exit codes: 0 ok, 1 a quality threshold failed (``evaluate --min-f1``, ``--min-outlet-f1``),
2 usage or input error, 3 the NLP models are unavailable (``ModelError``), 130 interrupted
(SIGINT, Ctrl-C), 143 terminated (SIGTERM; ``batch`` only, other commands die by the signal).

This module only parses arguments and maps outcomes to exit codes: the batch job (its
document parser, error records, durable writer, resume, signals and progress) is
``quotes.batch``, whose guarantees are ``BATCH_DESCRIPTION`` (``quotes batch --help``); corpus
mode is ``quotes.corpus``, the benchmark ``quotes.bench``, each imported only when its command
runs.
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import signal
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from quotes import __version__
from quotes import batch as batch_job
from quotes.batch import (
    BATCH_DESCRIPTION,
    BATCH_MAX_CHARS,
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_CHARS,
    PUBLISHED_RULE,
    UsageError,
    check_text,
    dumps,
    extract_document,
    extraction_to_dict,
    load_annotator,
    only_checkable,
    parse_published,
)
from quotes.errors import InputError, ModelError

if TYPE_CHECKING:
    from quotes.evaluate import Report

EXIT_OK, EXIT_QUALITY, EXIT_USAGE, EXIT_MODELS, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_TERMINATED = 143  # 128 + SIGTERM, like a shell reports it
_REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLES = (_REPO_ROOT / ".." / "shared" / "eval" / "dev" / "articles").resolve()
DEFAULT_GOLD = (_REPO_ROOT / ".." / "shared" / "eval" / "dev" / "gold").resolve()


# --------------------------------------------------------------------------- input and output


def _utf8_stdout() -> None:
    stream = sys.stdout
    if isinstance(stream, io.TextIOWrapper) and (stream.encoding or "").lower() not in (
        "utf-8",
        "utf8",
    ):
        try:
            stream.reconfigure(encoding="utf-8")
        except (ValueError, OSError):  # pragma: no cover - stream already in use
            pass


def _read_text(source: str) -> str:
    if source == "-":
        buffer = getattr(sys.stdin, "buffer", None)
        data = buffer.read() if buffer is not None else sys.stdin.read()
        if isinstance(data, bytes):
            try:
                return data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise UsageError(f"standard input is not UTF-8: {exc}") from exc
        return str(data)
    path = Path(source)
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as exc:
        raise UsageError(f"no such file: {source}") from exc
    except UnicodeDecodeError as exc:
        raise UsageError(f"{source} is not UTF-8: {exc}") from exc
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror or exc}") from exc


# --------------------------------------------------------------------------- extract


def _published(value: str) -> date | None:
    """``--published``: the article's date, as ``published`` in a batch line."""
    try:
        return parse_published(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def cmd_extract(args: argparse.Namespace) -> int:
    text = _read_text(args.file)
    problem = check_text(text, args.max_chars)
    if problem is not None:
        raise UsageError(problem["message"])
    result = extract_document(text, args.published, load_annotator())
    if args.checkable_only:
        result = only_checkable(result)
    _utf8_stdout()
    sys.stdout.write(dumps(extraction_to_dict(result), args.pretty) + "\n")
    sys.stdout.flush()
    return EXIT_OK


# --------------------------------------------------------------------------- batch


def cmd_batch(args: argparse.Namespace) -> int:
    stopped = batch_job.run(args.input, Path(args.output), batch_size=args.batch_size,
                            max_chars=args.max_chars, progress_bar=not args.no_progress,
                            summary=not args.no_progress or args.verbose,
                            checkable_only=args.checkable_only)
    if stopped is None:
        return EXIT_OK
    return EXIT_TERMINATED if stopped == signal.SIGTERM else EXIT_INTERRUPTED


# --------------------------------------------------------------------------- evaluate


def _unit_interval(value: str, *, zero_ok: bool) -> float:
    try:
        t = float(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from exc
    if not (0.0 <= t if zero_ok else 0.0 < t) or t > 1.0:
        raise argparse.ArgumentTypeError("must be in [0, 1]" if zero_ok else "must be in (0, 1]")
    return t


def _threshold(value: str) -> float:
    """An overlap threshold: (0, 1]."""
    return _unit_interval(value, zero_ok=False)


def _fraction(value: str) -> float:
    """A score bound such as --min-f1: [0, 1]."""
    return _unit_interval(value, zero_ok=True)


def _gold_count(value: str) -> int:
    """A number of gold quotes such as --outlet-min-gold: an integer >= 0."""
    try:
        n = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an integer: {value!r}") from exc
    if n < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return n


def cmd_evaluate(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from quotes import evaluate as ev

    articles, gold = Path(args.articles), Path(args.gold)
    for d, flag in ((articles, "--articles"), (gold, "--gold")):
        if not d.is_dir():
            raise UsageError(f"no directory {d} (pass {flag} DIR)")
    if args.manifest is not None and not Path(args.manifest).is_file():
        raise UsageError(f"no manifest file {args.manifest}")
    include = ev.split_ids(args.ids) or None  # no --ids (or an empty one): every article
    available = ev.list_ids(gold)
    if not available:
        raise UsageError(f"no gold files (*.json) in {gold}")
    ids = ev.select_ids(available, include, ev.split_ids(args.exclude))
    thresholds = sorted(set(ev.THRESHOLDS) | {args.threshold, args.outlet_threshold})
    annotator = load_annotator()
    with tqdm(total=len(ids), unit="article", file=sys.stderr, disable=args.no_progress) as bar:
        report = ev.evaluate(
            articles, gold, annotator, ids, thresholds=thresholds, progress=bar.update,
            manifest=args.manifest,
        )
    _utf8_stdout()
    print(ev.format_table(report))
    if not args.no_outlets:
        print()
        print(ev.format_outlets(report, args.outlet_threshold))
    if args.calibration:
        print()
        print(ev.format_calibration(report))
    claim_rows = ev.claim_rows(report)
    claim_scores = ev.claim_scores(claim_rows) if claim_rows else None
    if claim_scores is not None:  # the gold labels claims: their metrics on matched quotes
        print()
        print(ev.format_claims(claim_scores, f"Claims at threshold {ev.HEADLINE_THRESHOLD:g}"))
    if args.misses:
        print()
        print(ev.format_misses(report, args.threshold))
    if args.misses or args.errors:
        print()
        print(ev.format_errors(report, args.threshold))
    if args.json:
        data = report.to_dict()
        data["claims"] = claim_scores.to_dict() if claim_scores is not None else None
        try:
            Path(args.json).write_text(dumps(data, pretty=True) + "\n", encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {args.json}: {exc.strerror or exc}") from exc
    code = EXIT_OK
    t = ev.HEADLINE_THRESHOLD
    overall = report.counts(t)
    gates = (
        ("end-to-end F1", overall.e2e_f1, "--min-f1", args.min_f1),
        ("speaker accuracy", overall.speaker_accuracy, "--min-speaker-acc", args.min_speaker_acc),
        ("name accuracy", overall.name_accuracy, "--min-name-acc", args.min_name_acc),
    )
    for figure, value, flag, bound in gates:
        if bound is not None and not _gate_pass(f"{figure} at {t:g}", value, flag, bound):
            code = EXIT_QUALITY
    if args.min_outlet_f1 is not None and not _outlets_pass(
        report, args.min_outlet_f1, args.outlet_min_gold
    ):
        code = EXIT_QUALITY
    return code


def _gate_pass(figure: str, value: float | None, flag: str, bound: float) -> bool:
    """Check one overall figure against its bound; one ``ok:`` or ``FAIL:`` line on stderr.

    An undefined figure (nothing to score) fails: a gate that cannot be measured is not passed.
    """
    if value is None:
        print(
            f"FAIL: {figure} is undefined (no quotes to score); {flag} {bound:.3f} needs a value",
            file=sys.stderr,
        )
        return False
    ok = value >= bound
    print(
        f"{'ok' if ok else 'FAIL'}: {figure} is {value:.3f} {'>=' if ok else '<'} "
        f"{flag} {bound:.3f}",
        file=sys.stderr,
    )
    return ok


def _outlets_pass(report: Report, bound: float, min_gold: int) -> bool:
    """Check the end-to-end F1 at 0.5 of each outlet with at least ``min_gold`` gold quotes.

    Smaller outlets are not gated (one short article is noise, not a regression); the gated
    outlets are listed on stderr, then one ``FAIL:`` line per gated outlet under ``bound`` (or
    one ``ok:`` line). An outlet with neither gold nor predicted quotes (F1 undefined) does not
    fail.
    """
    from quotes import evaluate as ev

    t = ev.HEADLINE_THRESHOLD
    counts = {outlet: sub.counts(t) for outlet, sub in report.by_outlet().items()}
    gated = {outlet: c for outlet, c in counts.items() if c.gold >= min_gold}
    names = ", ".join(f"{outlet} ({c.gold})" for outlet, c in gated.items()) or "none"
    print(
        f"--min-outlet-f1 gates {len(gated)} of {len(counts)} outlets, those with >= {min_gold} "
        f"gold quotes (--outlet-min-gold): {names}",
        file=sys.stderr,
    )
    low = {
        outlet: c for outlet, c in gated.items() if c.e2e_f1 is not None and c.e2e_f1 < bound
    }
    for outlet, c in low.items():
        print(
            f"FAIL: end-to-end F1 at {t:g} of outlet {outlet} ({c.gold} gold quotes) is "
            f"{c.e2e_f1:.3f} < --min-outlet-f1 {bound:.3f}",
            file=sys.stderr,
        )
    if low:
        return False
    if gated:
        print(
            f"ok: end-to-end F1 at {t:g} >= --min-outlet-f1 {bound:.3f} for all "
            f"{len(gated)} gated outlets",
            file=sys.stderr,
        )
    else:
        print(
            f"note: no outlet has >= {min_gold} gold quotes, --min-outlet-f1 checked none",
            file=sys.stderr,
        )
    return True


# --------------------------------------------------------------------------- bench


BENCH_HELP = "run the benchmark (every argument goes to quotes.bench.main(argv))"


def run_bench(argv: Sequence[str]) -> int:
    try:
        bench = importlib.import_module("quotes.bench")
    except ModuleNotFoundError as exc:
        if exc.name != "quotes.bench":
            raise
        if any(a in ("-h", "--help") for a in argv):
            print(f"usage: quotes bench [ARGS ...]\n\n{BENCH_HELP}")
            print("\n(quotes.bench is not available in this installation)")
            return EXIT_OK
        print(
            "error: the benchmark is not available: the module quotes.bench is missing",
            file=sys.stderr,
        )
        return EXIT_USAGE
    code = bench.main(list(argv))
    return int(code) if isinstance(code, int) else EXIT_OK


# --------------------------------------------------------------------------- parser

CHECKABLE_HELP = ("only the quotes whose claim is checkable, and the speakers who still have "
                  "one (ids as in the full answer)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quotes",
        description="Find every quote and its speaker in Indonesian news articles.",
        epilog="Exit codes: 0 ok, 1 quality threshold failed, 2 usage or input error, "
        "3 NLP models unavailable, 130 interrupted (SIGINT), 143 batch terminated (SIGTERM).",
    )
    parser.add_argument("--version", action="version", version=f"quotes {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "extract",
        help="extract the quotes of one article and print the JSON answer",
        description="Extract the quotes of one article (UTF-8 text) and print the JSON answer "
        '{"quotes", "speakers", "ignored", "meta"} on stdout.',
    )
    p.add_argument("file", metavar="FILE", help="article text file, or - for standard input")
    p.add_argument("--pretty", action="store_true", help="indent the JSON (2 spaces)")
    p.add_argument(
        "--max-chars", metavar="N", type=int, default=DEFAULT_MAX_CHARS,
        help="refuse longer texts (default %(default)s)",
    )
    p.add_argument(
        "--published", metavar="DATE", type=_published, default=None,
        help=f"the article's date, {PUBLISHED_RULE} (the claims read relative dates "
        "against it)",
    )
    p.add_argument("--checkable-only", action="store_true", help=CHECKABLE_HELP)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser(
        "batch",
        help="extract from a JSONL file of {id, text} lines; interruptible and resumable",
        description=BATCH_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("input", metavar="IN.jsonl", help="input JSONL file, or - for standard input")
    p.add_argument("output", metavar="OUT.jsonl", help="output JSONL file (appended to)")
    p.add_argument(
        "--batch-size", metavar="N", type=int, default=DEFAULT_BATCH_SIZE,
        help="documents annotated together (default %(default)s); a chunk also closes at "
        f"{BATCH_MAX_CHARS} characters of text",
    )
    p.add_argument(
        "--max-chars", metavar="N", type=int, default=DEFAULT_MAX_CHARS,
        help="texts longer than this get an error record (default %(default)s)",
    )
    p.add_argument("--checkable-only", action="store_true", help=CHECKABLE_HELP)
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.add_argument("--verbose", action="store_true",
                   help="print the summary line even with --no-progress")
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser(
        "evaluate",
        help="measure quote extraction and attribution against gold annotations",
        description="Match predicted quotes to gold quotes by word-token F1 (one-to-one, best "
        "pairs first) at thresholds 0.3, 0.5 and 0.8 and report quote P/R/F1, recall by "
        "type, speaker and cue accuracy, and end-to-end P/R/F1 (quote matched AND speaker "
        "right), micro-averaged over the articles.",
    )
    p.add_argument(
        "--articles", metavar="DIR", default=str(DEFAULT_ARTICLES),
        help="directory of ID.txt articles (default %(default)s)",
    )
    p.add_argument(
        "--gold", metavar="DIR", default=str(DEFAULT_GOLD),
        help="directory of ID.json gold files (default %(default)s)",
    )
    p.add_argument(
        "--threshold", metavar="T", type=_threshold, default=0.5,
        help="overlap threshold for --misses and --errors (default %(default)s)",
    )
    p.add_argument("--misses", action="store_true",
                   help="list missed quotes, false positives and wrong speakers per article")
    p.add_argument("--errors", action="store_true", help="print the error-kind summary")
    p.add_argument(
        "--calibration", action="store_true",
        help="print the reliability tables at 0.5: quote confidence vs matched AND speaker "
        "right (all predictions), speaker probability vs speaker right (matched quotes); "
        "bins of 0.1, ECE, and the share and accuracy of answers at >= 0.9",
    )
    p.add_argument("--json", metavar="FILE", help="write the full report as JSON to FILE")
    p.add_argument(
        "--min-f1", type=_fraction, metavar="X",
        help="exit 1 when the end-to-end F1 at 0.5 is below X",
    )
    p.add_argument(
        "--min-speaker-acc", type=_fraction, metavar="X",
        help="exit 1 when the speaker accuracy (lenient) at 0.5 is below X",
    )
    p.add_argument(
        "--min-name-acc", type=_fraction, metavar="X",
        help="exit 1 when the name accuracy (strict: the printed name is the gold speaker or "
        "an alias) at 0.5 is below X",
    )
    p.add_argument(
        "--min-outlet-f1", type=_fraction, metavar="X",
        help="exit 1 when the end-to-end F1 at 0.5 of any outlet with at least "
        "--outlet-min-gold gold quotes is below X",
    )
    p.add_argument(
        "--outlet-min-gold", type=_gold_count, metavar="N", default=20,
        help="--min-outlet-f1 gates only outlets with at least N gold quotes "
        "(default %(default)s)",
    )
    p.add_argument(
        "--ids", metavar="A,B*",
        help="only these article ids or glob patterns (comma-separated, e.g. 'd1*,seed-*')",
    )
    p.add_argument(
        "--exclude", metavar="A,B*",
        help="leave out these article ids or glob patterns (same syntax as --ids)",
    )
    p.add_argument(
        "--manifest", metavar="FILE",
        help="JSON list of {id, outlet} objects (default: manifest.json next to the articles "
        "directory, when it exists; else every outlet is 'unknown')",
    )
    p.add_argument(
        "--outlet-threshold", metavar="T", type=_threshold, default=0.5,
        help="overlap threshold of the per-outlet table (default %(default)s)",
    )
    p.add_argument("--no-outlets", action="store_true", help="do not print the per-outlet table")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.set_defaults(func=cmd_evaluate)

    sub.add_parser("bench", help=BENCH_HELP, add_help=False)
    sub.add_parser("corpus", help="extract a whole corpus as a Spark job (quotes.corpus)",
                   add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and args_list[0] == "bench":
            return run_bench(args_list[1:])
        if args_list and args_list[0] == "corpus":
            from quotes.corpus import main as corpus_main

            return corpus_main(args_list[1:])
        parser = build_parser()
        args = parser.parse_args(args_list)
        code: int = args.func(args)
        return code
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ModelError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return EXIT_MODELS
    except InputError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader went away (``quotes extract x.txt | head``): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
