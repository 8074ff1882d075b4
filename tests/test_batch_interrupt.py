"""``quotes batch`` never loses finished work: interrupts, resume, duplicates, torn lines.

The fast tests run in-process on the regex annotator and deliver the signal to this very process
(``os.kill(os.getpid(), ...)``) at a chosen point. The ``models`` tests run ``python -m quotes
batch`` as a subprocess on the shipped Stanza models, interrupt it with SIGINT or SIGTERM once
its first records are on disk, and resume it.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from quotes import batch as batch_job
from quotes import pipeline
from quotes.cli import main
from quotes.model import Extraction
from tests.fakes import RegexAnnotator, patch_default_annotator

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = re.compile(
    r"^interrupted by (SIGINT|SIGTERM): (\d+) written \((\d+) errors\), (\d+) already in "
    r"\S+: (\d+) of (\d+) done, (\d+) remaining; run the same command again to resume$"
)


Hook = Callable[[int, Sequence[str]], None]


@pytest.fixture
def extracted(monkeypatch: pytest.MonkeyPatch) -> tuple[list[list[str]], list[Hook]]:
    """Record the texts of each ``extract_many`` call; hooks run before the call (1-based)."""
    calls: list[list[str]] = []
    hooks: list[Hook] = []
    real = pipeline.extract_many

    def counting(texts: Sequence[str], annotator: Any) -> list[Extraction]:
        calls.append(list(texts))
        for hook in hooks:
            hook(len(calls), texts)
        return real(texts, annotator)

    monkeypatch.setattr("quotes.pipeline.extract_many", counting)
    return calls, hooks


def kill_self_on_call(k: int, signum: int) -> Hook:
    def hook(n: int, texts: Sequence[str]) -> None:
        if n == k:
            os.kill(os.getpid(), signum)  # the handler runs here, in the middle of annotation
    return hook


def sentence(i: int) -> str:
    return f"\u201cKalimat nomor {i} diucapkan di Jakarta,\u201d kata Budi Santoso {i}."


def doc(doc_id: Any, text: str) -> str:
    return json.dumps({"id": doc_id, "text": text}, ensure_ascii=False)


def records(path: Path) -> list[dict[str, Any]]:
    raw = path.read_bytes()
    assert raw == b"" or raw.endswith(b"\n"), "a torn last line"
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()]


def by_line(recs: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    lines = [r["line"] for r in recs]
    assert len(lines) == len(set(lines)), "a line answered twice"
    return {r["line"]: r for r in recs}


def timeless(recs: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """``by_line`` without the wall time in ``meta`` (the only field that varies)."""
    out = {}
    for line, r in by_line(recs).items():
        if "meta" in r:
            r = {**r, "meta": {k: v for k, v in r["meta"].items() if k != "elapsed_ms"}}
        out[line] = r
    return out


MIXED = [
    doc("a", sentence(1)),             # 1
    doc(2, sentence(2)),               # 2 an integer id stays an integer
    '{"id": "rusak", "text": "',       # 3 bad JSON: id null, line 3
    doc("2", sentence(3)),             # 4 the string "2" is another id than the integer 2
    "",                                # 5 blank: no record
    doc("a", sentence(4)),             # 6 duplicate of line 1
    json.dumps({"text": sentence(5)}),  # 7 no id
    doc("c", sentence(6)),             # 8
    doc("d", sentence(7)),             # 9
    doc("a", sentence(8)),             # 10 duplicate again
    doc("e", sentence(9)),             # 11
]
MIXED_IDS = {1: "a", 2: 2, 3: None, 4: "2", 6: "a", 7: None, 8: "c", 9: "d", 10: "a", 11: "e"}
MIXED_DOCS = 6  # lines 1, 2, 4, 8, 9, 11 are annotated


def write_input(path: Path, lines: Sequence[str]) -> None:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def batch(src: Path, dst: Path, *extra: str) -> int:
    return main(["batch", "--no-progress", *extra, str(src), str(dst)])


# --------------------------------------------------------------------------- fast, in-process


def test_records_keep_the_id_type_and_carry_the_line(
    tmp_path: Path, loads: list[RegexAnnotator]
) -> None:
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_input(src, MIXED)
    assert batch(src, dst, "--batch-size", "2") == 0
    out = records(dst)
    assert {r["line"]: r["id"] for r in out} == MIXED_IDS
    assert [r["line"] for r in out] == sorted(MIXED_IDS)  # input order
    for r in out:
        keys = set(r)
        assert list(r)[:2] == ["id", "line"]
        if "error" in r:
            assert keys == {"id", "line", "error"}
            assert set(r["error"]) == {"status", "code", "message"}
        else:
            assert keys == {"id", "line", "quotes", "speakers", "ignored", "meta"}
    codes = {r["line"]: r["error"]["code"] for r in out if "error" in r}
    assert codes == {3: "invalid_json", 6: "duplicate_id", 7: "validation_error",
                     10: "duplicate_id"}
    assert by_line(out)[10]["error"]["message"] == "duplicate id: already on line 1"


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("chunk", [1, 2, 3])
def test_an_interrupt_at_any_chunk_then_resume_gives_the_same_records(
    tmp_path: Path, loads: list[RegexAnnotator],
    extracted: tuple[list[list[str]], list[Hook]], capsys: pytest.CaptureFixture[str],
    signum: int, chunk: int,
) -> None:
    calls, hooks = extracted
    src = tmp_path / "in.jsonl"
    write_input(src, MIXED)
    reference = tmp_path / "reference.jsonl"
    assert batch(src, reference, "--batch-size", "2") == 0
    capsys.readouterr()
    calls.clear()

    dst = tmp_path / "out.jsonl"
    hooks.append(kill_self_on_call(chunk, signum))
    code = batch(src, dst, "--batch-size", "2")
    assert code == (130 if signum == signal.SIGINT else 143)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    (summary,) = err.splitlines()
    m = SUMMARY.match(summary)
    assert m is not None, summary
    first = records(dst)
    assert int(m[2]) == len(first) and int(m[4]) == 0
    assert int(m[6]) == len(MIXED_IDS) and int(m[7]) == len(MIXED_IDS) - len(first)
    # everything before the interrupted chunk is on disk, the interrupted chunk is not
    answered = [r for r in first if "error" not in r]
    assert len(answered) == 2 * (chunk - 1)
    assert {r["line"] for r in first} >= {line for line in (3,) if chunk > 1}

    hooks.clear()
    before = len(calls)
    assert batch(src, dst, "--batch-size", "2") == 0
    resumed = [t for c in calls[before:] for t in c]
    assert len(resumed) == MIXED_DOCS - len(answered)  # nothing annotated twice
    out = records(dst)
    assert out[: len(first)] == first  # appended, never rewritten
    assert timeless(out) == timeless(records(reference))


def test_error_records_waiting_behind_a_chunk_are_saved_on_interrupt(
    tmp_path: Path, loads: list[RegexAnnotator],
    extracted: tuple[list[list[str]], list[Hook]], capsys: pytest.CaptureFixture[str],
) -> None:
    calls, hooks = extracted
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_input(src, [doc("a", sentence(1)), "bukan json", doc("b", sentence(2))])
    hooks.append(kill_self_on_call(1, signal.SIGINT))
    assert batch(src, dst, "--batch-size", "3") == 130
    assert records(dst) == [{"id": None, "line": 2, "error": {
        "status": 400, "code": "invalid_json",
        "message": "invalid JSON: Expecting value: line 1 column 1 (char 0)"}}]
    assert "1 written (1 errors), 0 already in" in capsys.readouterr().err
    hooks.clear()
    assert batch(src, dst, "--batch-size", "3") == 0
    assert [r["line"] for r in records(dst)] == [2, 1, 3]  # a resume appends what was missing
    assert calls[-1] == [sentence(1), sentence(2)]


def test_a_signal_during_a_write_waits_for_the_whole_chunk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loads: list[RegexAnnotator],
    capsys: pytest.CaptureFixture[str],
) -> None:
    real = batch_job._Output.append
    writes: list[int] = []

    def append(self: Any, lines: Sequence[bytes], sync: bool) -> None:
        writes.append(len(lines))
        if len(writes) == 1:
            os.kill(os.getpid(), signal.SIGTERM)  # arrives before the chunk is written
        real(self, lines, sync)

    monkeypatch.setattr(batch_job._Output, "append", append)
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_input(src, [doc(f"d{i}", sentence(i)) for i in range(6)])
    assert batch(src, dst, "--batch-size", "3") == 143
    assert [r["id"] for r in records(dst)] == ["d0", "d1", "d2"]  # the whole chunk, then stop
    assert writes == [3]
    assert "interrupted by SIGTERM: 3 written (0 errors)" in capsys.readouterr().err


def test_an_interrupt_while_the_models_load_exits_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def slow_load() -> RegexAnnotator:
        os.kill(os.getpid(), signal.SIGINT)
        return RegexAnnotator()

    patch_default_annotator(monkeypatch, slow_load)
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_input(src, [doc("a", sentence(1)), doc("b", sentence(2))])
    assert batch(src, dst) == 130
    assert dst.read_bytes() == b""
    err = capsys.readouterr().err
    assert "0 written (0 errors), 0 already in" in err and "2 remaining" in err
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # restored


def test_resume_skips_ids_by_type_and_cuts_a_torn_line(
    tmp_path: Path, loads: list[RegexAnnotator], extracted: tuple[list[list[str]], list[Hook]]
) -> None:
    calls, _ = extracted
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_input(src, [doc(7, sentence(1)), doc("x", sentence(2)), "{", doc("y", sentence(3))])
    done = [{"id": "7", "line": 1, "quotes": []},  # the string "7": not the integer 7
            {"id": "x", "line": 9, "quotes": []},  # skipped by id, whatever its line
            {"id": None, "line": 3, "error": {"status": 400}}]
    torn = b'{"id": "y", "line": 4, "quo'
    dst.write_bytes(b"".join(json.dumps(r).encode() + b"\n" for r in done) + torn)
    assert batch(src, dst) == 0
    out = records(dst)
    assert out[:3] == done  # the torn line was cut off, the rest kept
    assert [(r["id"], r["line"]) for r in out[3:]] == [(7, 1), ("y", 4)]
    assert calls == [[sentence(1), sentence(3)]]


def test_progress_bar_counts_documents_and_errors(
    tmp_path: Path, loads: list[RegexAnnotator], capsys: pytest.CaptureFixture[str]
) -> None:
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_input(src, MIXED)
    assert main(["batch", "--batch-size", "2", str(src), str(dst)]) == 0
    err = capsys.readouterr().err
    assert f"{len(MIXED_IDS)}/{len(MIXED_IDS)}" in err  # non-blank lines, not lines read
    assert "errors=4" in err
    assert err.splitlines()[-1] == f"10 written (4 errors), 0 already in {dst}: 10 of 10 done"


def test_one_run_at_a_time_per_output(
    tmp_path: Path, loads: list[RegexAnnotator], capsys: pytest.CaptureFixture[str]
) -> None:
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_input(src, [doc("a", sentence(1))])
    other = batch_job._Output(dst)
    try:
        assert batch(src, dst) == 2
        assert "being written by another batch run" in capsys.readouterr().err
    finally:
        other.close()
    assert batch(src, dst) == 0


def test_a_failed_write_leaves_no_half_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loads: list[RegexAnnotator],
    capsys: pytest.CaptureFixture[str],
) -> None:
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_input(src, [doc(f"d{i}", sentence(i)) for i in range(4)])
    real_write = os.write
    out_fds: list[int] = []
    real_open = os.open

    def opening(path: Any, flags: int, mode: int = 0o777) -> int:
        fd = real_open(path, flags, mode)
        if Path(path) == dst:
            out_fds.append(fd)
        return fd

    def full_disk(fd: int, data: Any) -> int:
        if fd in out_fds and len(out_fds) == 1 and dst.stat().st_size > 0:
            real_write(fd, bytes(data)[:10])
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "open", opening)
    monkeypatch.setattr(os, "write", full_disk)
    assert batch(src, dst, "--batch-size", "2") == 2
    monkeypatch.undo()
    assert "No space left on device" in capsys.readouterr().err
    assert [r["id"] for r in records(dst)] == ["d0", "d1"]  # the torn chunk was cut back
    patch_default_annotator(monkeypatch, RegexAnnotator)
    assert batch(src, dst, "--batch-size", "2") == 0
    assert [r["id"] for r in records(dst)] == ["d0", "d1", "d2", "d3"]


# --------------------------------------------------------------------------- real models

NAMES = ["Budi Santoso", "Siti Rahayu", "Agus Salim", "Dewi Lestari", "Joko Susilo",
         "Rina Marlina", "Hendra Gunawan", "Sri Mulyani Wati"]
PLACES = ["Jakarta", "Surabaya", "Medan", "Makassar", "Bandung", "Palembang", "Semarang"]
TOPICS = ["harga beras", "banjir di pesisir", "jalan tol baru", "sekolah negeri",
          "pasar tradisional", "air bersih", "listrik desa"]


def invented_article(i: int) -> str:
    who, where, what = NAMES[i % len(NAMES)], PLACES[i % len(PLACES)], TOPICS[i % len(TOPICS)]
    last = who.split()[-1]
    return (
        f"{where.upper()} - Pemerintah kota {where} membahas {what} dalam rapat pada hari "
        f"Senin, kata para pejabat.\n\n"
        f"\u201cKami akan menyelesaikan masalah {what} tahun ini,\u201d kata {who} kepada "
        f"wartawan di {where}.\n\n"
        f"Menurut {last}, warga sudah menunggu terlalu lama. Ia menambahkan bahwa anggaran "
        f"untuk {what} sudah disiapkan sejak bulan lalu.\n\n"
        f"\u201cSemua pihak harus bekerja sama,\u201d ujarnya."
    )


def invented_input(path: Path) -> dict[int, Any]:
    """~40 documents and a few bad lines; returns the expected id of each non-blank line."""
    lines: list[str] = []
    for i in range(40):
        doc_id: Any = i if i % 5 == 0 else f"berita-{i:03d}"  # some integer ids
        lines.append(doc(doc_id, invented_article(i)))
    lines.insert(7, '{"id": "rusak-1", "text": "tidak selesai')            # bad JSON
    lines.insert(15, json.dumps({"id": "tanpa-teks"}))                      # no text
    lines.insert(22, "")                                                    # blank
    lines.insert(30, json.dumps({"text": "Tanpa id."}))                     # no id
    lines.insert(36, doc("berita-003", invented_article(3)))               # duplicate id
    write_input(path, lines)
    expected: dict[int, Any] = {}
    for n, line in enumerate(lines, 1):
        if not line:
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            obj = {}
        expected[n] = obj.get("id")
    return expected


def run_interrupted(src: Path, dst: Path, signum: int) -> tuple[int, str, list[dict[str, Any]]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "quotes", "batch", "--batch-size", "2", str(src), str(dst)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if dst.exists() and b'"quotes"' in dst.read_bytes():  # the first chunk is on disk
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the run ended before it could be interrupted"
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    return proc.returncode, err, records(dst)


@pytest.mark.models
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_real_run_interrupted_then_resumed(tmp_path: Path, signum: int) -> None:
    src, dst = tmp_path / "berita.jsonl", tmp_path / "hasil.jsonl"
    expected = invented_input(src)
    code, err, first = run_interrupted(src, dst, signum)
    assert code == 128 + signum
    assert "Traceback" not in err
    summary = err.splitlines()[-1]
    m = SUMMARY.match(summary)
    assert m is not None, err
    assert m[1] == signal.Signals(signum).name
    assert int(m[2]) == len(first) > 0 and int(m[6]) == len(expected)
    assert int(m[7]) == len(expected) - len(first) > 0  # interrupted before the end

    done = subprocess.run(
        [sys.executable, "-m", "quotes", "batch", "--batch-size", "2", str(src), str(dst)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    errors_before = sum("error" in r for r in first)
    assert done.stderr.splitlines()[-1] == (
        f"{len(expected) - len(first)} written ({4 - errors_before} errors), {len(first)} "
        f"already in {dst}: {len(expected)} of {len(expected)} done"
    )
    out = records(dst)
    assert out[: len(first)] == first  # appended, never rewritten
    got = by_line(out)  # exactly one record per non-blank input line
    assert {n: r["id"] for n, r in got.items()} == expected  # ids and their types kept
    errors = {n: r["error"]["code"] for n, r in got.items() if "error" in r}
    assert sorted(errors.values()) == ["duplicate_id", "invalid_json", "validation_error",
                                       "validation_error"]
    answered = [r["id"] for r in out if "error" not in r]
    assert len(answered) == len(set(map(json.dumps, answered))) == 40
    assert sum(isinstance(i, int) for i in answered) == 8
    assert all(r["quotes"] for r in out if "error" not in r)  # the real engine ran
