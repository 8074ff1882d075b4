"""Command line: ``quotes extract | batch | evaluate | bench`` (also ``python -m quotes``).

Exit codes: 0 ok, 1 a quality threshold failed (``evaluate --min-f1``, ``--min-outlet-f1``),
2 usage or input error, 3 the NLP models are unavailable (``ModelError``), 130 interrupted
(SIGINT, Ctrl-C), 143 terminated (SIGTERM; ``batch`` only, other commands die by the signal).

``batch`` never loses finished work: records are appended as each small chunk of documents
returns (flushed and fsync'ed), SIGINT/SIGTERM write what is finished and exit 130/143 with a
one-line summary, and rerunning the same command skips exactly what OUT already holds. The
guarantees are listed in ``BATCH_DESCRIPTION`` (``quotes batch --help``).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import importlib
import io
import json
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from quotes import __version__
from quotes.annotator import Annotator
from quotes.batch import DUPLICATE_ID, ID_RULE, DuplicateId, duplicate_message, id_key, valid_id
from quotes.errors import InputError, ModelError, QuotesError
from quotes.model import Extraction

if TYPE_CHECKING:
    from quotes.evaluate import Report

EXIT_OK, EXIT_QUALITY, EXIT_USAGE, EXIT_MODELS, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_TERMINATED = 143  # 128 + SIGTERM, like a shell reports it
DEFAULT_MAX_CHARS = 200_000
DEFAULT_BATCH_SIZE = 4
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


def extract_records(texts: list[str], annotator: Annotator) -> list[dict[str, Any]]:
    """The answer record of each text, annotated together (``extract_many``); when the batch
    raises, each text alone, so one bad document costs only its own error record. A missing
    model (``ModelError``) is no document's fault: it propagates. Used by ``batch`` and by
    ``quotes.corpus``."""
    from quotes import pipeline

    try:
        results = pipeline.extract_many(texts, annotator)
        if len(results) != len(texts):
            raise RuntimeError(f"{len(results)} results for {len(texts)} texts")
        return [extraction_to_dict(r) for r in results]
    except ModelError:
        raise
    except Exception:  # noqa: BLE001 - redone one by one below
        pass
    out: list[dict[str, Any]] = []
    for text in texts:
        try:
            out.append(extraction_to_dict(pipeline.extract(text, annotator)))
        except ModelError:
            raise
        except QuotesError as exc:
            out.append({"error": _error(exc.status_code, exc.code, exc.message)})
        except Exception as exc:  # noqa: BLE001 - the document's error record
            out.append({"error": _error(500, "internal_error", f"{type(exc).__name__}: {exc}")})
    return out


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
#
# What ``quotes batch`` guarantees, and how, is BATCH_DESCRIPTION (its --help), below.

#: Characters of text after which a chunk is annotated even if it has fewer than --batch-size
#: documents (about one second of work on the project's 2-core machine).
BATCH_MAX_CHARS = 20_000
#: Error records (which need no annotation) that may wait behind an unfinished chunk.
_MAX_QUEUED = 64


class _Interrupted(BaseException):
    """SIGINT or SIGTERM arrived while a chunk was being annotated (not an ``Exception``, so
    the one-by-one fallback does not swallow it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _StopSignals:
    """SIGINT/SIGTERM for ``batch``: remember the first one; interrupt only annotation.

    Outside :meth:`interruptible` a signal just sets :attr:`signum`, which the batch loop checks
    between lines and after each chunk is written, so a write is never cut in two.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.signum: int | None = None
        self._armed = False
        self._saved: dict[int, Any] = {}

    def install(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return  # signal handlers can only be set from the main thread
        for sig in self.SIGNALS:
            self._saved[sig] = signal.signal(sig, self._handle)

    def restore(self) -> None:
        for sig, handler in self._saved.items():
            signal.signal(sig, handler)
        self._saved.clear()

    def _handle(self, signum: int, frame: Any) -> None:
        if self.signum is None:
            self.signum = signum
        if self._armed:
            self._armed = False
            raise _Interrupted(signum)

    @contextlib.contextmanager
    def interruptible(self) -> Iterator[None]:
        if self.signum is not None:
            raise _Interrupted(self.signum)
        self._armed = True
        try:
            yield
        finally:
            self._armed = False


@dataclasses.dataclass(slots=True)
class Done:
    """What an output file already holds: the ids it answers and the input lines it covers."""

    ids: set[str] = dataclasses.field(default_factory=set)  # ``id_key(id)`` of each document
    lines: set[int] = dataclasses.field(default_factory=set)  # ``line`` of every record


def _note_record(done: Done, obj: Any) -> None:
    if not isinstance(obj, dict):
        return
    line = obj.get("line")
    if isinstance(line, int) and not isinstance(line, bool):
        done.lines.add(line)
    error = obj.get("error")
    duplicate = isinstance(error, dict) and error.get("code") == DUPLICATE_ID
    if obj.get("id") is not None and not duplicate:
        done.ids.add(id_key(obj["id"]))


def scan_output(path: Path) -> Done:
    """The records already in ``path``; cuts off a torn last line in place.

    A last line without its newline (a hard kill or a full disk in the middle of a write) is
    kept and completed when it is a whole JSON object, else cut off. Other lines that are not
    JSON objects are ignored.
    """
    done = Done()
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
            if ended or isinstance(obj, dict):
                _note_record(done, obj)
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


def _count_documents(source: str) -> int | None:
    """Non-blank lines of ``source`` (one cheap pass, no JSON parsing); None for stdin."""
    if source == "-":
        return None
    with open(source, "rb") as fh:
        return sum(1 for raw in fh if raw.strip())


@dataclasses.dataclass(slots=True)
class _Item:
    line: int
    id: Any  # the input id (str or int), None when the line has no usable one
    text: str | None = None  # None: ``result`` is already final (an error record)
    result: dict[str, Any] | None = None
    fields: dict[str, Any] | None = None  # the parsed input object, for a document

    def record(self) -> dict[str, Any]:
        return {"id": self.id, "line": self.line, **(self.result or {})}


def _failed(line: int, doc_id: Any, status: int, code: str, message: str) -> _Item:
    return _Item(line, doc_id, result={"error": _error(status, code, message)})


class _Output:
    """OUT opened for appending whole lines: each chunk is one write, flushed to the OS, and
    fsync'ed when it holds annotated documents; a failed write is cut back to the last line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            return
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(self.fd)
            raise UsageError(f"{path} is being written by another batch run") from exc

    def append(self, lines: Sequence[bytes], sync: bool) -> None:
        if not lines:
            return
        data = memoryview(b"".join(lines))
        start = os.lseek(self.fd, 0, os.SEEK_END)
        try:
            while data:
                data = data[os.write(self.fd, data):]
            if sync:
                os.fsync(self.fd)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.ftruncate(self.fd, start)  # never leave half a line behind
            raise UsageError(f"cannot write {self.path}: {exc.strerror or exc}") from exc

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.fsync(self.fd)
        os.close(self.fd)


class _Progress:
    """Counts records written, errors and lines skipped; drives the tqdm bar."""

    def __init__(self, bar: Any) -> None:
        self.bar = bar
        self.written = 0
        self.errors = 0
        self.skipped = 0

    def wrote(self, record: dict[str, Any]) -> None:
        self.written += 1
        if "error" in record:
            self.errors += 1
            self.bar.set_postfix_str(f"errors={self.errors}", refresh=False)
        self.bar.update(1)

    def skip(self) -> None:
        self.skipped += 1
        self.bar.update(1)


class _BatchRunner:
    """Queues input items in order; annotates a chunk when it is full and writes its records."""

    def __init__(
        self, out: _Output, batch_size: int, max_chars: int, signals: _StopSignals,
        progress: _Progress,
    ) -> None:
        self.out = out
        self.batch_size = max(1, batch_size)
        self.max_chars = max_chars
        self.signals = signals
        self.progress = progress
        self.queue: list[_Item] = []
        self.docs = 0
        self.chars = 0
        self.annotator: Annotator | None = None

    def add(self, item: _Item) -> None:
        self.queue.append(item)
        if item.text is not None:
            self.docs += 1
            self.chars += len(item.text)
        if (
            self.docs == 0  # nothing to wait for: write error records right away
            or self.docs >= self.batch_size
            or self.chars >= self.max_chars
            or len(self.queue) >= _MAX_QUEUED
        ):
            self.flush()

    def _extract(self, texts: list[str]) -> list[dict[str, Any]]:
        if self.annotator is None:
            self.annotator = load_annotator()
        return extract_records(texts, self.annotator)

    def flush(self) -> None:
        """Annotate the queued documents (interruptible), then write every queued record."""
        todo = [item for item in self.queue if item.text is not None]
        if todo:
            with self.signals.interruptible():
                answers = self._extract([item.text for item in todo if item.text is not None])
            for item, answer in zip(todo, answers, strict=True):
                item.text, item.result = None, answer
        self._write(self.queue, sync=bool(todo))
        self.queue, self.docs, self.chars = [], 0, 0

    def save_finished(self) -> None:
        """On interruption: write the queued records that need no annotation, drop the rest."""
        self._write([item for item in self.queue if item.text is None], sync=False)
        self.queue, self.docs, self.chars = [], 0, 0

    def _write(self, items: Sequence[_Item], sync: bool) -> None:
        if not items:
            return
        records = [item.record() for item in items]
        self.out.append([(_dumps(r) + "\n").encode("utf-8") for r in records], sync)
        for record in records:
            self.progress.wrote(record)


def _parse_line(n: int, raw: bytes, max_chars: int) -> _Item:
    """The document of input line ``n``, or its error record."""
    try:
        obj = json.loads(raw.decode("utf-8-sig" if n == 1 else "utf-8"))
    except UnicodeDecodeError as exc:
        return _failed(n, None, 400, "invalid_json", f"not UTF-8: {exc}")
    except json.JSONDecodeError as exc:
        return _failed(n, None, 400, "invalid_json", f"invalid JSON: {exc}")
    if not isinstance(obj, dict):
        msg = f"expected a JSON object with 'id' and 'text', got {type(obj).__name__}"
        return _failed(n, None, 422, "validation_error", msg)
    doc_id = obj.get("id")
    if not valid_id(doc_id):
        why = "missing 'id'" if doc_id is None else f"'id' must be {ID_RULE}"
        return _failed(n, None, 422, "validation_error", why)
    text = obj.get("text")
    if text is None:
        return _failed(n, doc_id, 422, "validation_error", "missing 'text'")
    if not isinstance(text, str):
        msg = f"'text' must be a string, not {type(text).__name__}"
        return _failed(n, doc_id, 422, "validation_error", msg)
    problem = _check_text(text, max_chars)
    if problem is not None:
        return _Item(n, doc_id, result={"error": problem})
    return _Item(n, doc_id, text=text, fields=obj)


def _summary(progress: _Progress, total: int | None, dst: Path) -> str:
    done = progress.written + progress.skipped
    text = (
        f"{progress.written} written ({progress.errors} errors), {progress.skipped} already in "
        f"{dst}: {done} of {'?' if total is None else total} done"
    )
    if total is not None and total > done:
        text += f", {total - done} remaining"
    return text


BATCH_DESCRIPTION = f"""\
Read one {{"id", "text"}} JSON object per line of IN ("id" a non-empty string or an integer)
and append one JSON line per non-blank input line to OUT:
  {{"id", "line", "quotes", "speakers", "ignored", "meta"}}   the answer, as over HTTP
  {{"id", "line", "error": {{"status", "code", "message"}}}}   a line that could not be done
"id" is the input id unchanged (a string stays a string, an integer an integer), or null when
the line has no usable id (bad JSON, a missing or invalid "id"); "line" is the input line
number (1-based). A bad line gets its error record and the run goes on.

Guarantees:
  * finished work is never lost: documents are annotated in chunks of up to --batch-size
    documents (fewer once they reach {BATCH_MAX_CHARS} characters), and each chunk's records
    are appended as whole lines, flushed and fsync'ed as soon as the chunk returns;
  * SIGINT (Ctrl-C) or SIGTERM stops the chunk in progress (only its work is lost), writes the
    finished records, closes OUT and exits 130 or 143 with a one-line summary on stderr
    (written, errors, already in OUT, remaining); never half a line, never a traceback;
  * rerunning the same command resumes: a line is skipped exactly when OUT holds its record
    (by id; by line number for lines without a usable id and for duplicates). Error records
    count as done: delete them from OUT to retry those documents. A torn last line left by a
    hard kill (SIGKILL, power loss) is cut off first;
  * duplicate ids: the first line with an id is the document; each later line with that id
    gets a 409 "duplicate_id" error record and is not annotated;
  * OUT is in input order, except that a resumed run appends what an interruption left out.
    One run at a time per OUT (a second one is refused).

The progress bar counts finished documents (non-blank input lines) and shows the errors.
"""


def cmd_batch(args: argparse.Namespace) -> int:
    src, dst = args.input, Path(args.output)
    if src != "-" and not Path(src).is_file():
        raise UsageError(f"no such input file: {src}")
    if src != "-" and dst.exists() and Path(src).resolve() == dst.resolve():
        raise UsageError("the output file must differ from the input file")
    if args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    if dst.is_dir():
        raise UsageError(f"{dst} is a directory")
    signals = _StopSignals()
    signals.install()
    try:
        return _run_batch(args, src, dst, signals)
    finally:
        signals.restore()


def _run_batch(args: argparse.Namespace, src: str, dst: Path, signals: _StopSignals) -> int:
    from tqdm import tqdm

    try:
        out = _Output(dst)
        try:
            done = scan_output(dst)
        except OSError:
            out.close()
            raise
    except OSError as exc:
        raise UsageError(f"cannot open {dst}: {exc.strerror or exc}") from exc
    total = _count_documents(src)
    seen: dict[str, int] = {}  # id key -> the line of its first occurrence
    bar = tqdm(
        total=total, unit="doc", file=sys.stderr, disable=args.no_progress, dynamic_ncols=True,
    )
    progress = _Progress(bar)
    runner = _BatchRunner(out, args.batch_size, BATCH_MAX_CHARS, signals, progress)
    try:
        try:
            for n, raw in _input_lines(src):
                if signals.signum is not None:
                    break
                if not raw.strip():
                    continue  # blank lines are not documents
                item = _parse_line(n, raw, args.max_chars)
                if item.id is None:
                    skip = n in done.lines
                else:
                    key = id_key(item.id)
                    first = seen.setdefault(key, n)
                    if first == n:
                        skip = key in done.ids
                    else:
                        skip = n in done.lines
                        msg = duplicate_message(f"on line {first}")
                        item = _failed(n, item.id, DuplicateId.status_code, DUPLICATE_ID, msg)
                if skip:
                    progress.skip()
                    continue
                runner.add(item)
            if signals.signum is None:
                runner.flush()
        except _Interrupted:
            pass
        if signals.signum is not None:
            runner.save_finished()
    finally:
        bar.close()
        out.close()
    if signals.signum is not None:
        name = signal.Signals(signals.signum).name
        print(
            f"interrupted by {name}: {_summary(progress, total, dst)}; "
            "run the same command again to resume",
            file=sys.stderr,
        )
        return EXIT_TERMINATED if signals.signum == signal.SIGTERM else EXIT_INTERRUPTED
    if not args.no_progress or args.verbose:
        print(_summary(progress, total, dst), file=sys.stderr)
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
