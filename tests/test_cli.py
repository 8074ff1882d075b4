"""The command line: ``quotes extract | batch | evaluate | bench``."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import types
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from quotes import pipeline
from quotes.batch import extraction_to_dict
from quotes.cli import main
from quotes.errors import InputError, ModelError
from quotes.model import Attribution, Cue, Extraction, Ignored, Mention, Meta, Quote, Speaker
from tests.fakes import RegexAnnotator, patch_default_annotator
from tests.test_api import CLAIMS_ARTICLE, ClaimSpy

ARTICLE = (
    "Presiden Joko Widodo meresmikan bendungan di Jawa Tengah.\n\n"
    "\u201cBendungan ini akan mengairi lima ribu hektare sawah \u2014 dari hulu sampai "
    "hilir,\u201d kata Jokowi, Senin.\n"
)


@pytest.fixture
def extracted(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Count the texts given to ``extract_many`` (the real skeleton/engine still runs)."""
    calls: list[list[str]] = []
    real = pipeline.extract_many

    def counting(texts: Sequence[str], annotator: Any) -> list[Extraction]:
        calls.append(list(texts))
        return real(texts, annotator)

    monkeypatch.setattr("quotes.pipeline.extract_many", counting)
    return calls


def sample_extraction(text: str) -> Extraction:
    start = text.index("Bendungan ini")
    end = text.index(",\u201d") + 1
    cue_at = text.index("kata")
    who = text.index("Jokowi")
    quote = Quote(
        id="q1", type="direct", text=text[start:end], start=start, end=end,
        cue=Cue("kata", "kata", cue_at, cue_at + 4),
        speaker=Attribution("Joko Widodo", "s1", Mention("Jokowi", who, who + 6), "name-after-cue"),
        confidence=0.9, paragraph=1, sentence=1,
    )
    speaker = Speaker("s1", "Joko Widodo", "person", aliases=("Jokowi",), titles=("Presiden",),
                      quotes=("q1",))
    return Extraction((quote,), (speaker,), (Ignored(0, 5, "boilerplate"),),
                      Meta("id", "0.1.0", "fake", len(text), 3), timings={"clean": 0.1})


# --------------------------------------------------------------------------- extract


def test_answer_shape_matches_the_http_answer() -> None:
    data = extraction_to_dict(sample_extraction(ARTICLE))
    assert list(data) == ["quotes", "speakers", "ignored", "meta"]
    q = data["quotes"][0]
    assert q["type"] == "direct" and q["cue"]["text"] == "kata"
    assert q["speaker"] == {
        "name": "Joko Widodo", "entity": "s1", "rule": "name-after-cue",
        "mention": {"text": "Jokowi", "start": ARTICLE.index("Jokowi"),
                    "end": ARTICLE.index("Jokowi") + 6},
        "probability": None, "alternatives": [],  # no trained speaker decision in the fake
    }
    assert data["speakers"][0]["aliases"] == ["Jokowi"]  # tuples become lists
    assert data["ignored"] == [{"start": 0, "end": 5, "reason": "boilerplate"}]
    assert data["meta"]["chars"] == len(ARTICLE) and "timings" not in data


def test_extract_file_prints_utf8_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    loads: list[RegexAnnotator],
) -> None:
    monkeypatch.setattr("quotes.pipeline.extract", lambda text, ann: sample_extraction(text))
    path = tmp_path / "artikel.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", str(path)]) == 0
    out = capsys.readouterr().out
    assert "sawah \u2014 dari hulu" in out and "\\u2014" not in out  # ensure_ascii=False
    assert out.count("\n") == 1  # compact: one line
    assert json.loads(out)["quotes"][0]["speaker"]["name"] == "Joko Widodo"
    assert main(["extract", "--pretty", str(path)]) == 0
    pretty = capsys.readouterr().out
    assert '\n  "quotes": [' in pretty
    assert json.loads(pretty) == json.loads(out)


def test_extract_with_the_pipeline_from_file_and_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    loads: list[RegexAnnotator], extracted: list[list[str]],
) -> None:
    path = tmp_path / "artikel.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", str(path)]) == 0
    from_file = json.loads(capsys.readouterr().out)
    assert set(from_file) == {"quotes", "speakers", "ignored", "meta"}
    assert from_file["meta"]["chars"] == len(ARTICLE)

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8"))))
    assert main(["extract", "-"]) == 0
    from_stdin = json.loads(capsys.readouterr().out)
    assert from_stdin["meta"]["chars"] == len(ARTICLE)
    assert from_stdin["quotes"] == from_file["quotes"]
    assert extracted == [[ARTICLE], [ARTICLE]]  # the text reached the engine unchanged


def test_extract_input_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], loads: list[RegexAnnotator]
) -> None:
    assert main(["extract", str(tmp_path / "tidak-ada.txt")]) == 2
    assert "no such file" in capsys.readouterr().err
    empty = tmp_path / "kosong.txt"
    empty.write_text("  \n", encoding="utf-8")
    assert main(["extract", str(empty)]) == 2
    assert "empty" in capsys.readouterr().err
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("caf\xe9".encode("latin-1"))
    assert main(["extract", str(latin)]) == 2
    long = tmp_path / "panjang.txt"
    long.write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", "--max-chars", "10", str(long)]) == 2
    assert "limit is 10" in capsys.readouterr().err
    assert loads == []  # no models loaded for input that cannot be processed


def test_model_error_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def missing() -> object:
        raise ModelError("No Stanza models at /x (manifest.json missing).")

    patch_default_annotator(monkeypatch, missing)
    path = tmp_path / "artikel.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", str(path)]) == 3
    err = capsys.readouterr().err
    assert "manifest.json missing" in err and "Traceback" not in err
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n", encoding="utf-8")
    assert main(["batch", "--no-progress", str(jsonl), str(tmp_path / "out.jsonl")]) == 3


# --------------------------------------------------------------------------- batch


def write_jsonl(path: Path, lines: Sequence[str]) -> None:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def doc(doc_id: Any, text: str) -> str:
    return json.dumps({"id": doc_id, "text": text}, ensure_ascii=False)


def texts(n: int) -> list[str]:
    return [f"\u201cKalimat nomor {i} diucapkan,\u201d kata Budi {i}." for i in range(n)]


def test_batch_good_and_bad_lines(
    tmp_path: Path, loads: list[RegexAnnotator], extracted: list[list[str]]
) -> None:
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    t = texts(4)
    write_jsonl(src, [
        doc("a", t[0]),                           # 1
        '{"id": "rusak", "text": ',               # 2 invalid JSON
        json.dumps({"text": t[1]}),               # 3 no id
        json.dumps({"id": "no-text"}),            # 4 no text
        json.dumps({"id": "angka", "text": 42}),  # 5 not a string
        doc("kosong", "   "),                     # 6 empty
        "",                                       # 7 blank: not a document
        doc(7, t[1]),                             # 8 an integer id is fine
        doc("panjang", "x" * 300),                # 9 over --max-chars
        "[1, 2]",                                 # 10 not an object
        doc("a", t[2]),                           # 11 duplicate id
        doc("b", t[3]),                           # 12
    ])
    code = main(["batch", "--no-progress", "--batch-size", "2", "--max-chars", "200",
                 str(src), str(dst)])
    assert code == 0
    out = read_jsonl(dst)
    # the input id unchanged (strings stay strings, 7 stays an integer), null without one
    assert [line["id"] for line in out] == ["a", None, None, "no-text", "angka", "kosong", 7,
                                            "panjang", None, "a", "b"]
    assert [line["line"] for line in out] == [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12]
    for line in out:  # every record: id and line first, then the answer or the error
        assert list(line)[:2] == ["id", "line"]
        assert set(line) in ({"id", "line", "error"},
                             {"id", "line", "quotes", "speakers", "ignored", "meta"})
    errors = {i: line["error"] for i, line in enumerate(out) if "error" in line}
    assert sorted(errors) == [1, 2, 3, 4, 5, 7, 8, 9]
    assert [errors[i]["code"] for i in (1, 2, 5, 7, 9)] == [
        "invalid_json", "validation_error", "validation_error", "payload_too_large",
        "duplicate_id",
    ]
    assert [errors[i]["status"] for i in (1, 7)] == [400, 413]
    assert "text" in errors[3]["message"] and "string" in errors[4]["message"]
    assert errors[9]["message"] == "duplicate id: already on line 1"
    for i in (0, 6, 10):
        assert "error" not in out[i]
    assert extracted == [[t[0], t[1]], [t[3]]]  # batches of 2 valid documents
    assert len(loads) == 1  # models loaded once


def test_batch_falls_back_to_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loads: list[RegexAnnotator]
) -> None:
    real = pipeline.extract_many
    calls: list[int] = []

    def fragile(batch: Sequence[str], annotator: Any) -> list[Extraction]:
        calls.append(len(batch))
        if any("BOOM" in text for text in batch):
            raise RuntimeError("engine crashed")
        return real(batch, annotator)

    monkeypatch.setattr("quotes.pipeline.extract_many", fragile)

    def extract_one(text: str, annotator: Any) -> Extraction:
        if "TOLAK" in text:
            raise InputError("text rejected by the engine")
        return fragile([text], annotator)[0]

    monkeypatch.setattr("quotes.pipeline.extract", extract_one)
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    t = texts(3)
    write_jsonl(src, [doc("a", t[0]), doc("b", "BOOM " + t[1]), doc("c", t[2]),
                      doc("d", "TOLAK " + t[0])])
    assert main(["batch", "--no-progress", "--batch-size", "4", str(src), str(dst)]) == 0
    out = read_jsonl(dst)
    assert [line["id"] for line in out] == ["a", "b", "c", "d"]
    assert "quotes" in out[0] and "quotes" in out[2]
    assert out[1]["error"]["status"] == 500 and "engine crashed" in out[1]["error"]["message"]
    assert out[3]["error"] == {"status": 422, "code": "validation_error",
                               "message": "text rejected by the engine"}
    assert calls == [4, 1, 1, 1]  # the batch, then a, b, c one by one (d raised before)


def test_batch_resumes_after_interruption(
    tmp_path: Path, loads: list[RegexAnnotator], extracted: list[list[str]]
) -> None:
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    t = texts(5)
    ids = ["d0", "d1", "d2", "d3", "d4"]
    write_jsonl(src, [doc(i, x) for i, x in zip(ids, t, strict=True)])
    assert main(["batch", "--no-progress", "--batch-size", "2", str(src), str(dst)]) == 0
    assert [line["id"] for line in read_jsonl(dst)] == ids

    # simulate a crash: keep the first line and half of the second one
    first, second = dst.read_bytes().split(b"\n")[:2]
    dst.write_bytes(first + b"\n" + second[: len(second) // 2])
    extracted.clear()
    assert main(["batch", "--no-progress", "--batch-size", "2", str(src), str(dst)]) == 0
    out = read_jsonl(dst)  # every line is valid JSON: the torn line was removed
    assert [line["id"] for line in out] == ids
    assert [x for batch in extracted for x in batch] == t[1:]  # d0 was not extracted again

    # a finished run does nothing, and does not even load the models
    extracted.clear()
    loads.clear()
    assert main(["batch", "--no-progress", str(src), str(dst)]) == 0
    assert extracted == [] and loads == []
    assert len(read_jsonl(dst)) == 5


def test_batch_keeps_a_complete_last_line_without_newline(
    tmp_path: Path, loads: list[RegexAnnotator], extracted: list[list[str]]
) -> None:
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    t = texts(2)
    write_jsonl(src, [doc("x", t[0]), doc("y", t[1])])
    dst.write_text(json.dumps({"id": "x", "quotes": []}), encoding="utf-8")  # no newline
    assert main(["batch", "--no-progress", str(src), str(dst)]) == 0
    assert [line["id"] for line in read_jsonl(dst)] == ["x", "y"]
    assert extracted == [[t[1]]]


def test_batch_progress_bar_and_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], loads: list[RegexAnnotator]
) -> None:
    src = tmp_path / "in.jsonl"
    write_jsonl(src, [doc("a", texts(1)[0])])
    assert main(["batch", str(src), str(tmp_path / "out.jsonl")]) == 0
    err = capsys.readouterr().err
    assert "1/1" in err and "1 written (0 errors), 0 already in" in err and "1 of 1 done" in err
    assert main(["batch", str(tmp_path / "tidak-ada.jsonl"), str(tmp_path / "o.jsonl")]) == 2
    assert main(["batch", "--batch-size", "0", str(src), str(tmp_path / "o.jsonl")]) == 2
    assert main(["batch", str(tmp_path / "out.jsonl"), str(tmp_path / "out.jsonl")]) == 2


@pytest.fixture
def claim_spy(monkeypatch: pytest.MonkeyPatch) -> ClaimSpy:
    """``quotes.pipeline.claim_of`` recording each ``published`` (see tests/test_api.py)."""
    spy = ClaimSpy()
    monkeypatch.setattr("quotes.pipeline.claim_of", spy)
    return spy


def test_batch_published_reaches_the_claims_and_a_bad_one_is_an_error_record(
    tmp_path: Path, loads: list[RegexAnnotator], claim_spy: ClaimSpy
) -> None:
    """One parser of a document record: ``published`` is read like the HTTP field (its date,
    as written), a bad one is the line's 422 record, and the other lines go on."""
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    t = texts(4)
    write_jsonl(src, [
        json.dumps({"id": "a", "text": t[0], "published": "2025-03-04T01:00:00+07:00"}),
        json.dumps({"id": "b", "text": t[1], "published": "4 Maret 2025"}),
        json.dumps({"id": "c", "text": t[2], "published": None}),
        json.dumps({"id": "d", "text": t[3], "published": 2025}),
        json.dumps({"id": "e", "text": CLAIMS_ARTICLE, "published": "2025-03-05"}),
    ])
    assert main(["batch", "--no-progress", str(src), str(dst)]) == 0
    out = {line["id"]: line for line in read_jsonl(dst)}
    assert list(out) == ["a", "b", "c", "d", "e"]
    for bad in ("b", "d"):
        assert out[bad]["error"]["status"] == 422
        assert out[bad]["error"]["code"] == "validation_error"
        assert out[bad]["error"]["message"].startswith("'published' must be")
        assert "ISO 8601" in out[bad]["error"]["message"]
    assert "not int" in out["d"]["error"]["message"]
    dates = claim_spy.dates()
    assert {dates[q["text"]] for q in out["a"]["quotes"]} == {date(2025, 3, 4)}
    assert {dates[q["text"]] for q in out["c"]["quotes"]} == {None}
    assert {dates[q["text"]] for q in out["e"]["quotes"]} == {date(2025, 3, 5)}
    # every quote of the batch output carries its claim, as over HTTP
    assert all(list(q["claim"]) == ["checkable", "score", "types", "signals"]
               for q in out["e"]["quotes"])


def test_batch_and_extract_checkable_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], loads: list[RegexAnnotator],
    claim_spy: ClaimSpy,
) -> None:
    src = tmp_path / "in.jsonl"
    write_jsonl(src, [doc("a", CLAIMS_ARTICLE), doc("b", texts(1)[0])])
    assert main(["batch", "--no-progress", str(src), str(tmp_path / "all.jsonl")]) == 0
    assert main(["batch", "--no-progress", "--checkable-only", str(src),
                 str(tmp_path / "some.jsonl")]) == 0
    full = {line["id"]: line for line in read_jsonl(tmp_path / "all.jsonl")}
    some = {line["id"]: line for line in read_jsonl(tmp_path / "some.jsonl")}
    assert [q["id"] for q in full["a"]["quotes"]] == ["q1", "q2", "q3", "q4"]
    assert [q["id"] for q in some["a"]["quotes"]] == ["q1"]
    assert some["a"]["quotes"][0] == full["a"]["quotes"][0]
    assert [(s["id"], s["quotes"]) for s in some["a"]["speakers"]] == [("e1", ["q1"])]
    assert full["b"]["quotes"] and (some["b"]["quotes"], some["b"]["speakers"]) == ([], [])
    article = tmp_path / "artikel.txt"
    article.write_text(CLAIMS_ARTICLE, encoding="utf-8")
    assert main(["extract", "--checkable-only", "--published", "2025-03-04",
                 str(article)]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert [q["id"] for q in answer["quotes"]] == ["q1"]
    assert set(claim_spy.calls[-4:]) <= {(q["text"], date(2025, 3, 4))
                                         for q in full["a"]["quotes"]}
    with pytest.raises(SystemExit) as exc:
        main(["extract", "--published", "kemarin", str(article)])
    assert exc.value.code == 2
    assert "ISO 8601" in capsys.readouterr().err


# --------------------------------------------------------------------------- help, bench


@pytest.mark.parametrize("command", ["extract", "batch", "evaluate"])
def test_help_of_each_subcommand(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: quotes {command}")


def test_top_level_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for command in ("extract", "batch", "evaluate", "bench"):
        assert command in out
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2


def test_bench_missing_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "quotes.bench", None)  # makes the import fail
    assert main(["bench", "--rounds", "3"]) == 2
    assert "quotes.bench" in capsys.readouterr().err
    assert main(["bench", "--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: quotes bench")


def test_bench_delegates_its_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    fake = types.ModuleType("quotes.bench")

    def bench_main(argv: list[str]) -> int:
        seen.append(argv)
        return 1

    fake.main = bench_main  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "quotes.bench", fake)
    assert main(["bench", "--help", "-n", "5"]) == 1
    assert seen == [["--help", "-n", "5"]]


def test_python_dash_m_quotes() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "quotes", "extract", "--help"],
        capture_output=True, text=True, timeout=60, check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 0 and "usage: quotes extract" in done.stdout
