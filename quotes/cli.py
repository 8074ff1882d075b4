"""Command line: ``quotes extract | batch | evaluate | bench`` (also ``python -m quotes``).

Exit codes: 0 ok, 1 a quality threshold failed (``evaluate --min-f1``, ``--min-outlet-f1``),
2 usage or input error, 3 the NLP models are unavailable (``ModelError``), 130 interrupted.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from quotes import __version__
from quotes.annotator import Annotator
from quotes.errors import InputError, ModelError, QuotesError
from quotes.model import Extraction

if TYPE_CHECKING:
    from quotes.evaluate import Report

EXIT_OK, EXIT_QUALITY, EXIT_USAGE, EXIT_MODELS, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
DEFAULT_MAX_CHARS = 200_000
DEFAULT_BATCH_SIZE = 16
_REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLES = (_REPO_ROOT / ".." / "shared" / "eval" / "dev" / "articles").resolve()
DEFAULT_GOLD = (_REPO_ROOT / ".." / "shared" / "eval" / "dev" / "gold").resolve()


class UsageError(Exception):
    """A problem with the command line or its input files (exit 2)."""


# --------------------------------------------------------------------------- shared helpers


def load_annotator() -> Annotator:
    """``quotes.nlp.default_annotator()``, looked up at call time (tests replace it)."""
    try:
        nlp = importlib.import_module("quotes.nlp")
    except ModuleNotFoundError as exc:
        if exc.name != "quotes.nlp":
            raise ModelError(f"cannot load the NLP module: {exc}") from exc
        raise ModelError("quotes.nlp is not installed: the NLP models are unavailable") from exc
    annotator: Annotator = nlp.default_annotator()
    return annotator


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def extraction_to_dict(extraction: Extraction) -> dict[str, Any]:
    """The HTTP answer's shape: ``{"quotes", "speakers", "ignored", "meta"}`` (no timings)."""
    data = dataclasses.asdict(extraction)
    data.pop("timings", None)
    result: dict[str, Any] = _plain(data)
    return result


def _dumps(obj: Any, pretty: bool = False) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None)


def _error(status: int, code: str, message: str) -> dict[str, Any]:
    return {"status": status, "code": code, "message": message}


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


def _check_text(text: str, max_chars: int) -> dict[str, Any] | None:
    """The error for a text the engine must not get, else None."""
    if not text.strip():
        return _error(422, "validation_error", "text is empty")
    if len(text) > max_chars:
        return _error(
            413,
            "payload_too_large",
            f"text has {len(text)} characters; the limit is {max_chars} (--max-chars)",
        )
    return None


# --------------------------------------------------------------------------- extract


def cmd_extract(args: argparse.Namespace) -> int:
    from quotes import pipeline

    text = _read_text(args.file)
    problem = _check_text(text, args.max_chars)
    if problem is not None:
        raise UsageError(problem["message"])
    result = pipeline.extract(text, load_annotator())
    _utf8_stdout()
    sys.stdout.write(_dumps(extraction_to_dict(result), args.pretty) + "\n")
    sys.stdout.flush()
    return EXIT_OK


# --------------------------------------------------------------------------- batch


def _key(doc_id: Any) -> str:
    return json.dumps(doc_id, ensure_ascii=False, sort_keys=True)


def _valid_id(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, str) and value != "")


def scan_output(path: Path) -> set[str]:
    """Keys of the ids already in ``path``; repairs a truncated last line in place.

    A last line without its newline is kept (and completed) when it is valid JSON, else cut
    off. Lines that are not JSON objects with an ``id`` are ignored.
    """
    done: set[str] = set()
    if not path.exists():
        return done
    complete_end = 0  # offset just past the last complete line
    tail_valid = False
    with path.open("rb") as fh:
        for raw in fh:
            ended = raw.endswith(b"\n")
            try:
                obj = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                obj = None
            if isinstance(obj, dict) and "id" in obj:
                done.add(_key(obj["id"]))
            if ended:
                complete_end += len(raw)
            else:
                tail_valid = isinstance(obj, dict)
        size = fh.tell()
    if size > complete_end:
        with path.open("r+b") as fh:
            if tail_valid:
                fh.seek(0, os.SEEK_END)
                fh.write(b"\n")
            else:
                fh.truncate(complete_end)
    return done


def _input_lines(source: str) -> Iterator[tuple[int, bytes]]:
    if source == "-":
        stream: IO[bytes] = sys.stdin.buffer
        yield from enumerate(stream, 1)
        return
    with open(source, "rb") as fh:
        yield from enumerate(fh, 1)


def _count_lines(source: str) -> int | None:
    if source == "-":
        return None
    with open(source, "rb") as fh:
        return sum(1 for _ in fh)


@dataclasses.dataclass(slots=True)
class _Pending:
    id: Any
    text: str | None = None  # None: ``result`` is already final (an error line)
    result: dict[str, Any] | None = None


class _BatchRunner:
    def __init__(self, out: IO[bytes], batch_size: int) -> None:
        self.out = out
        self.batch_size = max(1, batch_size)
        self.queue: list[_Pending] = []
        self.docs = 0
        self.annotator: Annotator | None = None
        self.written = 0
        self.errors = 0

    def add(self, item: _Pending) -> None:
        self.queue.append(item)
        if item.text is not None:
            self.docs += 1
        if self.docs >= self.batch_size or len(self.queue) >= 8 * self.batch_size:
            self.flush()
        elif self.docs == 0:
            self.flush()  # nothing to wait for: write error lines right away

    def _extract(self, texts: list[str]) -> list[dict[str, Any]]:
        from quotes import pipeline

        if self.annotator is None:
            self.annotator = load_annotator()
        annotator = self.annotator
        try:
            results = pipeline.extract_many(texts, annotator)
            if len(results) != len(texts):
                raise RuntimeError(f"{len(results)} results for {len(texts)} texts")
            return [extraction_to_dict(r) for r in results]
        except ModelError:
            raise
        except Exception:
            if len(texts) == 1:
                return [self._one(texts[0], annotator)]
        return [self._one(text, annotator) for text in texts]  # batch failed: one by one

    @staticmethod
    def _one(text: str, annotator: Annotator) -> dict[str, Any]:
        from quotes import pipeline

        try:
            return extraction_to_dict(pipeline.extract(text, annotator))
        except ModelError:
            raise
        except QuotesError as exc:
            return {"error": _error(exc.status_code, exc.code, exc.message)}
        except Exception as exc:
            return {"error": _error(500, "internal_error", f"{type(exc).__name__}: {exc}")}

    def flush(self) -> None:
        todo = [item for item in self.queue if item.text is not None]
        if todo:
            answers = self._extract([item.text for item in todo if item.text is not None])
            for item, answer in zip(todo, answers, strict=True):
                item.result = answer
        for item in self.queue:
            line = {"id": item.id, **(item.result or {})}
            if "error" in line:
                self.errors += 1
            self.out.write((_dumps(line) + "\n").encode("utf-8"))
            self.written += 1
        self.out.flush()
        self.queue.clear()
        self.docs = 0


def _parse_line(n: int, raw: bytes, max_chars: int) -> _Pending:
    """The document of input line ``n``, or its error line."""
    try:
        obj = json.loads(raw.decode("utf-8-sig" if n == 1 else "utf-8"))
    except UnicodeDecodeError as exc:
        return _Pending(n, result={"error": _error(400, "invalid_json", f"not UTF-8: {exc}")})
    except json.JSONDecodeError as exc:
        return _Pending(n, result={"error": _error(400, "invalid_json", f"invalid JSON: {exc}")})
    if not isinstance(obj, dict):
        msg = f"expected a JSON object with 'id' and 'text', got {type(obj).__name__}"
        return _Pending(n, result={"error": _error(422, "validation_error", msg)})
    doc_id = obj.get("id")
    if not _valid_id(doc_id):
        why = "missing 'id'" if doc_id is None else "'id' must be a non-empty string or an integer"
        return _Pending(n, result={"error": _error(422, "validation_error", why)})
    text = obj.get("text")
    if text is None:
        return _Pending(doc_id, result={"error": _error(422, "validation_error", "missing 'text'")})
    if not isinstance(text, str):
        msg = f"'text' must be a string, not {type(text).__name__}"
        return _Pending(doc_id, result={"error": _error(422, "validation_error", msg)})
    problem = _check_text(text, max_chars)
    if problem is not None:
        return _Pending(doc_id, result={"error": problem})
    return _Pending(doc_id, text=text)


def cmd_batch(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    src, dst = args.input, Path(args.output)
    if src != "-" and not Path(src).is_file():
        raise UsageError(f"no such input file: {src}")
    if src != "-" and dst.exists() and Path(src).resolve() == dst.resolve():
        raise UsageError("the output file must differ from the input file")
    if args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    if dst.is_dir():
        raise UsageError(f"{dst} is a directory")
    try:
        done = scan_output(dst)
    except OSError as exc:
        raise UsageError(f"cannot read {dst}: {exc.strerror or exc}") from exc
    seen: dict[str, int] = {}
    skipped = 0
    bar = tqdm(
        total=_count_lines(src), unit="doc", file=sys.stderr, disable=args.no_progress,
        dynamic_ncols=True,
    )
    try:
        with dst.open("ab") as out:
            runner = _BatchRunner(out, args.batch_size)
            try:
                for n, raw in _input_lines(src):
                    bar.update(1)
                    if not raw.strip():
                        continue  # blank lines are not documents
                    item = _parse_line(n, raw, args.max_chars)
                    key = _key(item.id)
                    if key in done:
                        skipped += 1
                        continue
                    if key in seen:
                        msg = f"duplicate id: already on line {seen[key]}"
                        item = _Pending(item.id, result={"error": _error(409, "duplicate_id", msg)})
                    else:
                        seen[key] = n
                    runner.add(item)
                runner.flush()
            finally:
                bar.close()
                out.flush()
    except KeyboardInterrupt:
        print(
            "\ninterrupted: finished batches are saved; run the same command again to resume",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    if not args.no_progress or args.verbose:
        print(
            f"{runner.written} written ({runner.errors} errors), "
            f"{skipped} already in {dst}",
            file=sys.stderr,
        )
    return EXIT_OK


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
    if args.misses:
        print()
        print(ev.format_misses(report, args.threshold))
    if args.misses or args.errors:
        print()
        print(ev.format_errors(report, args.threshold))
    if args.json:
        data = report.to_dict()
        try:
            Path(args.json).write_text(_dumps(data, pretty=True) + "\n", encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {args.json}: {exc.strerror or exc}") from exc
    code = EXIT_OK
    if args.min_f1 is not None:
        f1 = report.counts(ev.HEADLINE_THRESHOLD).e2e_f1 or 0.0
        if f1 < args.min_f1:
            print(
                f"FAIL: end-to-end F1 at {ev.HEADLINE_THRESHOLD:g} is {f1:.3f} "
                f"< --min-f1 {args.min_f1:.3f}",
                file=sys.stderr,
            )
            code = EXIT_QUALITY
        else:
            print(
                f"ok: end-to-end F1 at {ev.HEADLINE_THRESHOLD:g} is {f1:.3f} "
                f">= --min-f1 {args.min_f1:.3f}",
                file=sys.stderr,
            )
    if args.min_outlet_f1 is not None and not _outlets_pass(report, args.min_outlet_f1):
        code = EXIT_QUALITY
    return code


def _outlets_pass(report: Report, bound: float) -> bool:
    """Check every outlet's end-to-end F1 at 0.5 against ``--min-outlet-f1``; report on stderr.

    An outlet with neither gold nor predicted quotes (F1 undefined) does not fail.
    """
    from quotes import evaluate as ev

    t = ev.HEADLINE_THRESHOLD
    scores = {outlet: sub.counts(t).e2e_f1 for outlet, sub in report.by_outlet().items()}
    low = {outlet: f1 for outlet, f1 in scores.items() if f1 is not None and f1 < bound}
    if low:
        print(
            f"FAIL: end-to-end F1 at {t:g} < --min-outlet-f1 {bound:.3f} for "
            f"{len(low)} of {len(scores)} outlets:",
            file=sys.stderr,
        )
        for outlet, f1 in low.items():
            print(f"  {outlet}: {f1:.3f}", file=sys.stderr)
        return False
    print(
        f"ok: end-to-end F1 at {t:g} >= --min-outlet-f1 {bound:.3f} for all "
        f"{len(scores)} outlets",
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quotes",
        description="Find every quote and its speaker in Indonesian news articles.",
        epilog="Exit codes: 0 ok, 1 quality threshold failed, 2 usage or input error, "
        "3 NLP models unavailable.",
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
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser(
        "batch",
        help="extract from a JSONL file of {id, text} lines, resumable",
        description="Read one {\"id\", \"text\"} object per line of IN and append one line per "
        'input to OUT: {"id", ...answer...} or {"id", "error": {"status", "code", "message"}}. '
        "Bad lines get an error line (with the line number as id when they have none) and the "
        "run goes on. Ids already in OUT are skipped, so rerunning an interrupted command "
        "resumes it. Blank input lines are ignored.",
    )
    p.add_argument("input", metavar="IN.jsonl", help="input JSONL file, or - for standard input")
    p.add_argument("output", metavar="OUT.jsonl", help="output JSONL file (appended to)")
    p.add_argument(
        "--batch-size", metavar="N", type=int, default=DEFAULT_BATCH_SIZE,
        help="documents per extract_many call (default %(default)s)",
    )
    p.add_argument(
        "--max-chars", metavar="N", type=int, default=DEFAULT_MAX_CHARS,
        help="texts longer than this get an error line (default %(default)s)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.add_argument("--verbose", action="store_true", help="print a summary even without a bar")
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
    p.add_argument("--json", metavar="FILE", help="write the full report as JSON to FILE")
    p.add_argument(
        "--min-f1", type=_fraction, metavar="X",
        help="exit 1 when the end-to-end F1 at 0.5 is below X",
    )
    p.add_argument(
        "--min-outlet-f1", type=_fraction, metavar="X",
        help="exit 1 when any outlet's end-to-end F1 at 0.5 is below X",
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and args_list[0] == "bench":
            return run_bench(args_list[1:])
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
