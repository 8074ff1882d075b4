"""The batch job, the same on every surface: ``quotes batch``, ``POST /v1/extract/batch`` and
``quotes corpus`` all read documents and answer them through this module.

The contract:

* a document id is a non-empty string or an integer (not a boolean), echoed as given: ``"1"``
  and ``1`` are two different ids (:func:`id_key`);
* a repeated id: the first document with it is the document, each later one gets a 409
  ``duplicate_id`` error (:class:`DuplicateId`) naming the 1-based position (a line of a file,
  a document of a request) of the first one;
* one bad document costs only its own error record: documents are annotated together and,
  when that raises, one by one (:func:`extract_each`); a missing model (``ModelError``) is no
  document's fault and propagates;
* a document may carry ``published``, its date: an ISO 8601 date or date-time
  (:func:`parse_published`; anything else is a 422 ``validation_error`` for that document),
  which the claims read relative dates against;
* ``checkable_only`` keeps the quotes whose claim is checkable, and the speakers who still
  have a quote (:func:`only_checkable`).

What is here: the document-record parser of a JSONL line (:func:`parse_record`, also used by
the corpus) and of its date (:func:`parse_published`, also used by the HTTP schemas), the
filter of ``checkable_only`` (:func:`only_checkable`), the error records
(:func:`error_record`, :func:`check_text`), the answer record (:func:`extraction_to_dict`),
the extraction of documents with their dates (:func:`extract_records`), and the resumable
job of ``quotes batch`` (:func:`run`): the durable writer (:class:`_Output`), the resume scan
(:func:`scan_output`), the signals (:class:`_StopSignals`) and the progress
(:class:`_Progress`). Its guarantees are ``BATCH_DESCRIPTION`` (``quotes batch --help``). The
command line (``quotes.cli``) only parses arguments; the HTTP layer validates with its
marshmallow schemas and uses the id rule, the date rule, the duplicate error, the filter and
:func:`extract_each` from here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, TypeVar

from quotes.annotator import Annotator
from quotes.errors import ModelError, QuotesError
from quotes.model import Extraction

DEFAULT_MAX_CHARS = 200_000
DEFAULT_BATCH_SIZE = 4


class UsageError(Exception):
    """A problem with the command line or its input files (the CLI exits 2)."""


# --------------------------------------------------------------------------- the contract


#: what a document id may be, as the messages say it
ID_RULE = "a non-empty string or an integer"
DUPLICATE_ID = "duplicate_id"


class DuplicateId(QuotesError):
    """A document whose id an earlier document of the same batch already uses."""

    status_code = 409
    code = DUPLICATE_ID


def valid_id(value: Any) -> bool:
    """A non-empty string or an integer (a boolean is not one)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, str) and value != "")


def id_key(doc_id: Any) -> str:
    """The identity of an id: its JSON text, so a string never equals an integer."""
    return json.dumps(doc_id, ensure_ascii=False, sort_keys=True)


def duplicate_message(where: str) -> str:
    """``where`` names the first document's 1-based position: ``on line 3``, ``in document 1``."""
    return f"duplicate id: already {where}"


#: what ``published`` may be, as the messages say it
PUBLISHED_RULE = ("an ISO 8601 date or date-time, such as 2025-03-04 or "
                  "2025-03-04T10:30:00+07:00")
#: longer than any ISO 8601 date-time (with microseconds and a zone offset)
_MAX_PUBLISHED_CHARS = 40


def parse_published(value: Any) -> date | None:
    """A document's ``published``: ``None`` (or JSON null) when not given, else the date of an
    ISO 8601 date (``2025-03-04``) or date-time (``2025-03-04T10:30:00+07:00``, ``…Z``, a space
    instead of the ``T``, with or without seconds and zone). The date is the one written, in
    the article's own zone (``2025-03-04T01:00:00+07:00`` is 4 March, however late in UTC):
    the day its relative dates (``kemarin``) count from. Raises ``ValueError`` with the rule
    (never the value) otherwise."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"must be a string, {PUBLISHED_RULE}; not {type(value).__name__}")
    if len(value) <= _MAX_PUBLISHED_CHARS:
        try:
            return datetime.fromisoformat(value).date()
        except ValueError:
            pass
    raise ValueError(f"must be {PUBLISHED_RULE}")


def check_text(text: str, max_chars: int) -> dict[str, Any] | None:
    """The error for a text the engine must not get, else None."""
    if not text.strip():
        return error_record(422, "validation_error", "text is empty")
    if len(text) > max_chars:
        return error_record(
            413,
            "payload_too_large",
            f"text has {len(text)} characters; the limit is {max_chars} (--max-chars)",
        )
    return None


# --------------------------------------------------------------------------- answers


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


def only_checkable(extraction: Extraction) -> Extraction:
    """``checkable_only``: the quotes whose claim is checkable, and the speakers who still have
    one of them (each with only those quotes). Ids are the full answer's (``q3`` stays ``q3``,
    so answers with and without the filter line up); ``ignored`` and ``meta`` are about the
    article and stay as they are. A quote without a claim (built outside the pipeline) is not
    checkable."""
    quotes = tuple(q for q in extraction.quotes if q.claim is not None and q.claim.checkable)
    kept = {q.id for q in quotes}
    speakers = tuple(
        dataclasses.replace(s, quotes=tuple(i for i in s.quotes if i in kept))
        for s in extraction.speakers if any(i in kept for i in s.quotes))
    return dataclasses.replace(extraction, quotes=quotes, speakers=speakers)


def extraction_to_dict(extraction: Extraction) -> dict[str, Any]:
    """The HTTP answer's shape: ``{"quotes", "speakers", "ignored", "meta"}`` (no timings)."""
    data = dataclasses.asdict(extraction)
    data.pop("timings", None)
    result: dict[str, Any] = _plain(data)
    return result


def dumps(obj: Any, pretty: bool = False) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None)


def error_record(status: int, code: str, message: str) -> dict[str, Any]:
    return {"status": status, "code": code, "message": message}


T = TypeVar("T")
S = TypeVar("S")


def extract_each(
    texts: Sequence[S],
    many: Callable[[list[S]], Sequence[T]],
    one: Callable[[S], T],
    *,
    propagate: tuple[type[BaseException], ...] = (ModelError,),
    on_batch_failure: Callable[[Exception], None] | None = None,
    on_failure: Callable[[Exception, int], None] | None = None,
) -> list[T | Exception]:
    """The answer of each text (or document: whatever ``many`` and ``one`` take), all of them
    through ``many`` at once; when that raises (or
    answers a wrong number of results), each text through ``one``, so one bad document costs
    only its own answer: the exception it raised. A ``ModelError`` of ``many`` propagates, and
    so do ``propagate`` exceptions of ``one``. ``on_batch_failure`` hears why ``many`` failed,
    ``on_failure`` each unexpected (not ``QuotesError``) failure of one document."""
    if not texts:
        return []
    batch = list(texts)
    try:
        results = list(many(batch))
        if len(results) != len(batch):
            raise RuntimeError(f"{len(results)} results for {len(batch)} texts")
        return list(results)
    except ModelError:
        raise
    except Exception as exc:  # noqa: BLE001 - redone one by one below
        if on_batch_failure is not None:
            on_batch_failure(exc)
    out: list[T | Exception] = []
    for index, text in enumerate(batch):
        try:
            out.append(one(text))
        except propagate:
            raise
        except Exception as exc:  # noqa: BLE001 - the document's error
            if on_failure is not None and not isinstance(exc, QuotesError):
                on_failure(exc, index)
            out.append(exc)
    return out


def failure_record(exc: Exception) -> dict[str, Any]:
    """The ``{"status", "code", "message"}`` of a document whose extraction raised ``exc``."""
    if isinstance(exc, QuotesError):
        return error_record(exc.status_code, exc.code, exc.message)
    return error_record(500, "internal_error", f"{type(exc).__name__}: {exc}")


def extract_documents(docs: Sequence[tuple[str, date | None]], annotator: Annotator
                      ) -> list[Extraction]:
    """``pipeline.extract_many`` of ``(text, published)`` pairs (the dates passed only when one
    is known, so an engine without them, a test's fake, still answers the rest)."""
    from quotes import pipeline

    texts = [text for text, _ in docs]
    published = [day for _, day in docs]
    if any(day is not None for day in published):
        return pipeline.extract_many(texts, annotator, published=published)
    return pipeline.extract_many(texts, annotator)


def extract_document(text: str, published: date | None, annotator: Annotator) -> Extraction:
    """``pipeline.extract`` of one document (its date passed only when known)."""
    from quotes import pipeline

    if published is not None:
        return pipeline.extract(text, annotator, published=published)
    return pipeline.extract(text, annotator)


def extract_records(texts: list[str], annotator: Annotator,
                    published: Sequence[date | None] | None = None,
                    checkable_only: bool = False) -> list[dict[str, Any]]:
    """The answer record of each text (:func:`extract_each` on ``extract_many``): the HTTP
    answer's shape, or ``{"error": ...}``; ``published`` is each text's date (or None), and
    ``checkable_only`` applies :func:`only_checkable`. Used by ``batch`` and by
    ``quotes.corpus``."""
    days: Sequence[date | None] = [None] * len(texts) if published is None else published
    docs = list(zip(texts, days, strict=True))
    answers = extract_each(docs, lambda batch: extract_documents(batch, annotator),
                           lambda d: extract_document(d[0], d[1], annotator))
    out = []
    for a in answers:
        if isinstance(a, Extraction):
            out.append(extraction_to_dict(only_checkable(a) if checkable_only else a))
        else:
            out.append({"error": failure_record(a)})
    return out



# --------------------------------------------------------------------------- the job
#
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
class Item:
    line: int
    id: Any  # the input id (str or int), None when the line has no usable one
    text: str | None = None  # None: ``result`` is already final (an error record)
    result: dict[str, Any] | None = None
    fields: dict[str, Any] | None = None  # the parsed input object, for a document
    published: date | None = None  # its ``published``, read

    def record(self) -> dict[str, Any]:
        return {"id": self.id, "line": self.line, **(self.result or {})}


def _failed(line: int, doc_id: Any, status: int, code: str, message: str) -> Item:
    return Item(line, doc_id, result={"error": error_record(status, code, message)})


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
        progress: _Progress, checkable_only: bool = False,
    ) -> None:
        self.out = out
        self.checkable_only = checkable_only
        self.batch_size = max(1, batch_size)
        self.max_chars = max_chars
        self.signals = signals
        self.progress = progress
        self.queue: list[Item] = []
        self.docs = 0
        self.chars = 0
        self.annotator: Annotator | None = None

    def add(self, item: Item) -> None:
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

    def _extract(self, items: list[Item]) -> list[dict[str, Any]]:
        if self.annotator is None:
            self.annotator = load_annotator()
        return extract_records([item.text or "" for item in items], self.annotator,
                               [item.published for item in items], self.checkable_only)

    def flush(self) -> None:
        """Annotate the queued documents (interruptible), then write every queued record."""
        todo = [item for item in self.queue if item.text is not None]
        if todo:
            with self.signals.interruptible():
                answers = self._extract(todo)
            for item, answer in zip(todo, answers, strict=True):
                item.text, item.result = None, answer
        self._write(self.queue, sync=bool(todo))
        self.queue, self.docs, self.chars = [], 0, 0

    def save_finished(self) -> None:
        """On interruption: write the queued records that need no annotation, drop the rest."""
        self._write([item for item in self.queue if item.text is None], sync=False)
        self.queue, self.docs, self.chars = [], 0, 0

    def _write(self, items: Sequence[Item], sync: bool) -> None:
        if not items:
            return
        records = [item.record() for item in items]
        self.out.append([(dumps(r) + "\n").encode("utf-8") for r in records], sync)
        for record in records:
            self.progress.wrote(record)


def parse_record(n: int, raw: bytes, max_chars: int) -> Item:
    """The document of JSONL line ``n`` (``{"id", "text", "published"?, ...}``), or its error
    record: the one parser of a document record, for ``batch`` and the corpus. Other fields
    are kept in ``fields`` (the corpus reads ``outlet`` and ``url``)."""
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
    problem = check_text(text, max_chars)
    if problem is not None:
        return Item(n, doc_id, result={"error": problem})
    try:
        published = parse_published(obj.get("published"))
    except ValueError as exc:
        return _failed(n, doc_id, 422, "validation_error", f"'published' {exc}")
    return Item(n, doc_id, text=text, fields=obj, published=published)


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
Read one {{"id", "text", "published"?}} JSON object per line of IN ("id" a non-empty string or
an integer; "published" the article's date, {PUBLISHED_RULE}, which the
claims read relative dates against) and append one JSON line per non-blank input line to OUT:
  {{"id", "line", "quotes", "speakers", "ignored", "meta"}}   the answer, as over HTTP
  {{"id", "line", "error": {{"status", "code", "message"}}}}   a line that could not be done
"id" is the input id unchanged (a string stays a string, an integer an integer), or null when
the line has no usable id (bad JSON, a missing or invalid "id"); "line" is the input line
number (1-based). A bad line (a "published" that is not ISO 8601 included: 422
"validation_error") gets its error record and the run goes on. Every quote carries its
"claim" {{"checkable", "score", "types", "signals"}}, as over HTTP; with --checkable-only only
the quotes whose claim is checkable are written, with the speakers who still have one.

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
    hard kill (SIGKILL, power loss) is cut off first. OUT does not record the options: resume
    with the same --checkable-only as the first run;
  * duplicate ids: the first line with an id is the document; each later line with that id
    gets a 409 "duplicate_id" error record and is not annotated;
  * OUT is in input order, except that a resumed run appends what an interruption left out.
    One run at a time per OUT (a second one is refused).

The progress bar counts finished documents (non-blank input lines) and shows the errors.
"""


def run(src: str, dst: Path, *, batch_size: int = DEFAULT_BATCH_SIZE,
        max_chars: int = DEFAULT_MAX_CHARS, progress_bar: bool = True,
        summary: bool = True, checkable_only: bool = False) -> int | None:
    """``quotes batch``: answer every document of JSONL ``src`` (a path, or ``-`` for stdin)
    into ``dst`` (see ``BATCH_DESCRIPTION``); returns the signal (SIGINT, SIGTERM) that stopped
    the run, or None when it finished. The summary line goes to stderr when interrupted, and
    at the end when ``summary``; ``checkable_only`` applies :func:`only_checkable` to each
    answer. Raises :class:`UsageError` for unusable files."""
    if src != "-" and not Path(src).is_file():
        raise UsageError(f"no such input file: {src}")
    if src != "-" and dst.exists() and Path(src).resolve() == dst.resolve():
        raise UsageError("the output file must differ from the input file")
    if batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    if dst.is_dir():
        raise UsageError(f"{dst} is a directory")
    signals = _StopSignals()
    signals.install()
    try:
        return _run(src, dst, batch_size, max_chars, progress_bar, summary, signals,
                    checkable_only)
    finally:
        signals.restore()


def _run(src: str, dst: Path, batch_size: int, max_chars: int, progress_bar: bool,
         summary: bool, signals: _StopSignals, checkable_only: bool = False) -> int | None:
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
        total=total, unit="doc", file=sys.stderr, disable=not progress_bar, dynamic_ncols=True,
    )
    progress = _Progress(bar)
    runner = _BatchRunner(out, batch_size, BATCH_MAX_CHARS, signals, progress,
                          checkable_only)
    try:
        try:
            for n, raw in _input_lines(src):
                if signals.signum is not None:
                    break
                if not raw.strip():
                    continue  # blank lines are not documents
                item = parse_record(n, raw, max_chars)
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
        return signals.signum
    if summary:
        print(_summary(progress, total, dst), file=sys.stderr)
    return None
