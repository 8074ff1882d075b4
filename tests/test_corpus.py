"""Corpus mode (quotes/corpus.py) on a local Spark with the shipped models.

One SparkSession for the module, master ``local[2,3]`` (local mode retries a task only when the
master string allows it). The same small corpus is run twice into the same OUTDIR: the first run
has a Python worker killed mid-task (Spark retries it); the second must give the same tables.
Skipped when PySpark or Java is missing, except under CI (``CI`` set), where that fails.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.corpus_faults import KILL_MARK, RAISE_MARK

pytestmark = pytest.mark.models

REPO = Path(__file__).resolve().parent.parent


def _missing() -> str | None:
    try:
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as exc:
        return f"PySpark/pyarrow not installed ({exc}): pip install -r requirements-spark.txt"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java runtime (java not on PATH, JAVA_HOME unset)"
    return None


_WHY = _missing()
if _WHY is not None:
    if os.environ.get("CI"):
        raise RuntimeError(f"corpus tests cannot run under CI: {_WHY}")
    pytest.skip(_WHY, allow_module_level=True)

ARTICLES = {
    "ru-1": "Menteri Luar Negeri Rusia Sergei Lavrov berbicara di Moskow, Senin (3/3/2025).\n\n"
            "\"Kami tidak akan menyerah pada tekanan Barat dan akan terus membela kepentingan "
            "nasional kami,\" kata Lavrov kepada wartawan.",
    # the same statement, one word changed and a double space: one claim with ru-1
    "ru-2": "Diplomat senior Rusia itu tiba di Jakarta pada Selasa.\n\n"
            "\"Kami tidak akan  menyerah pada tekanan Barat dan akan terus membela kepentingan "
            "nasional kita,\" ujar Sergey Lavrov dalam konferensi pers di Jakarta.",
    "ru-3": "Pertemuan itu berlangsung tertutup.\n\n"
            "\"Rusia menginginkan perdamaian yang adil dan langgeng di kawasan itu,\" kata Lavrov "
            "seusai pertemuan.",
    # a wire copy: ru-3's quote word for word in another outlet's story, a claim of its own
    "ru-4": "Lavrov juga menemui sejumlah duta besar.\n\n"
            "\"Rusia menginginkan perdamaian yang adil dan langgeng di kawasan itu,\" kata Lavrov "
            "seusai pertemuan.",
    # only the title: the one person holding it in the corpus (Lavrov, ru-1)
    "ru-5": "Moskow menolak hasil pemungutan suara itu.\n\n"
            "\"Kami tidak akan mengakui hasil referendum itu,\" kata Menteri Luar Negeri Rusia "
            "kepada wartawan.",
    # anonymous sources and a group: never one speaker across articles
    "rapat": "Rapat kabinet berlangsung hingga malam.\n\n"
             "\"Rapat itu berlangsung panas sejak awal,\" kata seorang sumber.\n\n"
             "\"Kami belum mendapat penjelasan apa pun,\" kata warga.",
    "tender": "Proses tender proyek itu dipersoalkan.\n\n"
              "\"Pemenang tender sudah diatur sejak awal,\" kata seorang sumber.\n\n"
              "\"Kami belum pernah diajak bicara soal proyek ini,\" kata warga.",
    # the same anonymous source at the start of a sentence, capitalised: never one speaker
    "istana": "Presiden menggelar rapat terbatas di Istana, Senin.\n\n"
              "Salah satu sumber mengatakan bahwa rapat itu membahas rencana perombakan "
              "kabinet.",
    "bandara": "Pembangunan bandara baru itu molor dua tahun.\n\n"
               "Salah satu sumber mengatakan bahwa anggaran proyek itu sudah habis sejak "
               "tahun lalu.",
    "pangan": "Pemerintah memantau harga bahan pokok menjelang Ramadan.\n\n"
              "\"Harga beras akan turun bulan depan karena panen raya,\" kata Budi Santoso, "
              "Kepala Badan Pangan, di Jakarta.",
    "sleman": "Perbaikan jalan desa menjadi prioritas tahun ini.\n\n"
              "\"Kami akan memperbaiki seluruh jalan desa yang rusak sebelum musim hujan,\" "
              "ujar Agus Santoso, Bupati Sleman, Rabu.",
    # only the surname, shared by two people: its own speaker, merged with neither
    "santoso": "Stok pangan dipastikan cukup.\n\n"
               "\"Stok beras aman sampai akhir tahun,\" kata Santoso di gudang Bulog.",
    "banjir": "Hujan deras mengguyur Jakarta sejak pagi.\n\n"
              "\"Warga di bantaran sungai kami minta segera mengungsi,\" kata Kepala BPBD DKI "
              "Isnawa Adji di Jakarta.",
    "bola": "Tim nasional bersiap menghadapi laga kualifikasi.\n\n"
            "\"Para pemain dalam kondisi prima dan siap tempur,\" ujar pelatih Patrick Kluivert.",
    "pajak": "Penerimaan pajak tahun ini melampaui target.\n\n"
             "\"Kepatuhan wajib pajak terus meningkat setiap tahun,\" kata Menteri Keuangan Sri "
             "Mulyani Indrawati.",
    "kereta": "Jadwal kereta api mudik sudah dirilis.\n\n"
              "\"Tiket mudik Lebaran bisa dipesan mulai pekan depan,\" kata juru bicara PT KAI "
              "Anne Purba.",
    "gempa": "Gempa bermagnitudo 5,2 mengguncang Cianjur.\n\n"
             "\"Tidak ada potensi tsunami dari gempa ini,\" kata Kepala BMKG Dwikorita "
             "Karnawati.",
    "sekolah": "Sekolah negeri akan menerapkan kurikulum baru.\n\n"
               "\"Guru akan mendapat pelatihan sebelum tahun ajaran dimulai,\" ujar Menteri "
               "Pendidikan Abdul Mu'ti.",
    # a checkable claim (a quantity) quoted in two articles: an item of claims.jsonld
    "bps-1": "Badan Pusat Statistik merilis data inflasi, Senin.\n\n"
             "\"Inflasi Juli 2,5 persen, naik dari 2,1 persen bulan lalu,\" kata Kepala BPS "
             "Amalia Adininggar Widyasanti di Jakarta.",
    "bps-2": "Harga pangan mendorong inflasi bulan lalu.\n\n"
             "\"Inflasi Juli 2,5 persen, naik dari 2,1 persen bulan lalu,\" ujar Amalia "
             "Adininggar Widyasanti kepada wartawan.",
    # the Python worker annotating this one is killed on the first attempt
    "pasar": f"Pasar saham dibuka menguat pagi ini ({KILL_MARK}).\n\n"
             "\"Investor asing mulai kembali masuk ke pasar domestik,\" kata analis Budi "
             "Frensidy.",
}
# ru-1 is the earlier instant (18:00 UTC against 20:00 UTC), though later as a string
PUBLISHED = {"ru-1": "2025-03-04T01:00:00+07:00", "ru-2": "2025-03-03T20:00:00Z",
             "bps-1": "2025-03-02", "bps-2": "2025-03-01T10:00:00+07:00"}
#: no url: its appearance is named by its id only
NO_URL = {"bps-2"}


def _write_input(folder: Path) -> dict[str, int]:
    """The corpus as two JSONL files in ``folder``; returns the rows of each."""
    lines = [json.dumps({"id": k, "text": v, "published": PUBLISHED.get(k, "2025-03-10"),
                         "outlet": "kompas" if i % 2 else "detik",
                         **({} if k in NO_URL else {"url": f"https://x/{k}"})},
                        ensure_ascii=False)
             for i, (k, v) in enumerate(ARTICLES.items())]
    lines.insert(3, "{not json")  # malformed row, on line 5 of a.jsonl (after the blank line)
    lines.insert(7, json.dumps({"id": "no-text"}))  # no text
    lines.append(json.dumps({"id": "boom", "text": f"\"Ini {RAISE_MARK},\" kata Budi."}))
    # a date that is not ISO 8601: an error row, as in ``quotes batch``
    lines.append(json.dumps({"id": "bad-date", "text": ARTICLES["bola"],
                             "published": "Senin, 3 Maret 2025"}))
    first, second = lines[:8], lines[8:]
    first.insert(1, "   ")  # a blank line: no row, but it counts in the line numbers
    folder.mkdir()
    (folder / "a.jsonl").write_text("\n".join(first) + "\n", encoding="utf-8")
    (folder / "b.jsonl").write_text("\n".join(second) + "\n", encoding="utf-8")
    return {"a.jsonl": len(first) - 1, "b.jsonl": len(second)}


def _table(outdir: Path, name: str) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = pq.read_table(outdir / name).to_pylist()
    return rows


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from quotes import corpus

    base = tmp_path_factory.mktemp("corpus")
    marker = base / "killed"
    src = base / "in"
    files = _write_input(src)
    total = sum(files.values())
    outdir = base / "out"
    with pytest.MonkeyPatch.context() as mp:
        path = os.environ.get("PYTHONPATH")
        mp.setenv("PYTHONPATH", str(REPO) + (os.pathsep + path if path else ""))
        mp.setenv("QUOTES_TEST_KILL_MARKER", str(marker))
        with corpus.running("local[2,3]", app="quotes-corpus-test") as spark:
            first = corpus.run(spark, str(src), str(outdir), spec="tests.corpus_faults:annotator",
                               rows_per_partition=4)
            tables = {t: _table(outdir, t) for t in corpus.TABLES}
            killed = marker.exists()
            second = corpus.run(spark, str(src), str(outdir),
                                spec="tests.corpus_faults:annotator", rows_per_partition=4)
            again = {t: _table(outdir, t) for t in corpus.TABLES}
            # Parquet input, a date column, and an id given twice
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.table({
                "id": ["p1", "p2", "p1"],
                "text": [ARTICLES["pangan"], ARTICLES["bola"], ARTICLES["gempa"]],
                "published": pa.array([date(2025, 3, 3), None, date(2025, 3, 4)]),
            }), base / "in.parquet")
            corpus.run(spark, str(base / "in.parquet"), str(base / "pq"), rows_per_partition=2)
            from_parquet = {t: _table(base / "pq", t) for t in ("articles", "errors", "quotes")}
            texts = ["Kami  tidak\u00a0akan, MENYERAH!", "Ya.", "...", "Él dijo: café-olé"]
            df = spark.createDataFrame([(t,) for t in texts], "text string")
            words = df.select(corpus.text_words("text").alias("w"))
            shingles = [list(r[0]) for r in words.select(corpus.shingles(words["w"])).collect()]
            lists = [["personal"], ["quantity", "personal", "cause"], [],
                     ["event", "quantity", "quantity"], ["personal", "personal"]]
            types = [list(r[0]) for r in spark.createDataFrame(
                [(t,) for t in lists], "t array<string>").select(
                corpus.claim_types("t")).collect()]
    yield {"total": total, "files": files, "first": first, "second": second, "tables": tables,
           "again": again, "killed": killed, "outdir": outdir, "parquet": from_parquet,
           "shingles": dict(zip(texts, shingles, strict=True)),
           "claim_types": list(zip(lists, types, strict=True)),
           "jsonld": (outdir / corpus.JSONLD).read_text(encoding="utf-8")}


COLUMNS = {
    "quotes": "article_id quote_id type text start end cue speaker speaker_kind entity_id "
              "speaker_id mention rule confidence published outlet checkable claim_score "
              "claim_types claim_signals",
    "speakers": "speaker_id name aliases titles kind quotes articles",
    "claims": "claim_id text article_ids quote_ids speaker_ids first_article_id first_published "
              "outlets articles quotes types checkable score",
    "errors": "article_id status code message",
    "articles": "article_id quotes elapsed_ms",
}


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_tables_have_the_columns(runs: dict[str, Any], name: str) -> None:
    import pyarrow.parquet as pq

    have = pq.read_schema(next((runs["outdir"] / name).glob("*.parquet"))).names
    assert set(COLUMNS[name].split()) <= set(have)


def test_every_input_row_is_an_article_or_an_error(runs: dict[str, Any]) -> None:
    t = runs["tables"]
    ids = [r["article_id"] for r in t["articles"]]
    assert sorted(ids) == sorted(ARTICLES)  # each once, the killed task's rows too
    assert len(t["articles"]) + len(t["errors"]) == runs["total"]
    assert all(r["quotes"] >= 1 for r in t["articles"])
    errors = {r["article_id"]: r for r in t["errors"]}
    assert errors["no-text"]["status"] == 422 and errors["no-text"]["code"] == "validation_error"
    assert errors[None]["code"] == "invalid_json" and errors[None]["line"] == 5
    assert errors[None]["file"].endswith("/in/a.jsonl")
    # each row's line in its own file; line 2 of a.jsonl is the blank one
    lines: dict[str, list[int]] = {}
    for r in t["articles"] + t["errors"]:
        lines.setdefault(r["file"].rsplit("/", 1)[-1], []).append(r["line"])
    a, b = runs["files"]["a.jsonl"], runs["files"]["b.jsonl"]
    assert sorted(lines["a.jsonl"]) == [1, *range(3, a + 2)]
    assert sorted(lines["b.jsonl"]) == list(range(1, b + 1))


def test_parquet_input_rows_are_numbered_and_a_repeated_id_is_an_error(runs: dict[str, Any]
                                                                       ) -> None:
    t = runs["parquet"]
    articles = {r["article_id"]: r for r in t["articles"]}
    assert set(articles) == {"p1", "p2"}
    assert (articles["p1"]["line"], articles["p1"]["published"]) == (1, "2025-03-03")
    assert (articles["p2"]["line"], articles["p2"]["published"]) == (2, None)
    assert all(r["file"].endswith("/in.parquet") for r in t["articles"] + t["errors"])
    [dup] = t["errors"]
    assert (dup["article_id"], dup["line"], dup["status"], dup["code"]) == (
        "p1", 3, 409, "duplicate_id")
    assert dup["message"] == "duplicate id: already on line 1"  # as in ``quotes batch``
    assert {q["speaker"] for q in t["quotes"]} == {"Budi Santoso", "Patrick Kluivert"}


def test_a_document_that_raises_gets_an_error_row(runs: dict[str, Any]) -> None:
    boom = [r for r in runs["tables"]["errors"] if r["article_id"] == "boom"]
    assert len(boom) == 1
    assert boom[0]["status"] == 500 and boom[0]["code"] == "internal_error"
    assert "injected failure" in boom[0]["message"]


def test_a_killed_python_worker_is_retried(runs: dict[str, Any]) -> None:
    assert runs["killed"], "the fault annotator did not kill a worker"
    quotes = runs["tables"]["quotes"]
    assert [q["speaker"] for q in quotes if q["article_id"] == "pasar"] == ["Budi Frensidy"]
    keys = [(q["article_id"], q["quote_id"]) for q in quotes]
    assert len(keys) == len(set(keys))


def _stable(rows: list[dict[str, Any]]) -> list[str]:
    return sorted(json.dumps({k: v for k, v in r.items() if k != "elapsed_ms"}, sort_keys=True)
                  for r in rows)


def test_a_rerun_into_the_same_outdir_gives_the_same_tables(runs: dict[str, Any]) -> None:
    assert runs["first"] == runs["second"]
    for name in runs["tables"]:
        assert _stable(runs["tables"][name]) == _stable(runs["again"][name]), name
    assert sorted(p.name for p in runs["outdir"].iterdir()) == sorted(
        ["articles", "claims", "claims.jsonld", "errors", "quotes", "speakers"])  # no work.tmp
    assert runs["first"]["claims.jsonld"] == len(json.loads(runs["jsonld"])["@graph"])


def test_corpus_speakers_merge_one_person_and_keep_namesakes_apart(runs: dict[str, Any]) -> None:
    t = runs["tables"]
    by_article = {q["article_id"]: q["speaker_id"] for q in t["quotes"]}
    assert len({by_article[f"ru-{i}"] for i in range(1, 6)}) == 1
    assert by_article["pangan"] != by_article["sleman"]
    speakers = {s["speaker_id"]: s for s in t["speakers"]}
    lavrov = speakers[by_article["ru-1"]]
    assert lavrov["quotes"] == 5 and lavrov["articles"] == 5 and lavrov["scope"] == "name"
    assert lavrov["name"] in ("Sergei Lavrov", "Sergey Lavrov")  # a name over the title
    assert {lavrov["name"], *lavrov["aliases"]} == {
        "Sergei Lavrov", "Sergey Lavrov", "Lavrov", "Menteri Luar Negeri Rusia"}
    assert "Menteri Luar Negeri Rusia" in lavrov["titles"]
    assert by_article["santoso"] not in (by_article["pangan"], by_article["sleman"])
    assert speakers[by_article["santoso"]]["name"] == "Santoso"
    assert speakers[by_article["pangan"]]["name"] == "Budi Santoso"
    assert speakers[by_article["sleman"]]["name"] == "Agus Santoso"
    assert len(t["speakers"]) == len({q["speaker_id"] for q in t["quotes"]})


def test_anonymous_sources_and_groups_stay_in_their_article(runs: dict[str, Any]) -> None:
    t = runs["tables"]
    ids = {(q["article_id"], q["speaker"].lower()): q["speaker_id"] for q in t["quotes"]
           if q["article_id"] in ("rapat", "tender")}
    assert set(ids) == {(a, s) for a in ("rapat", "tender") for s in ("seorang sumber", "warga")}
    assert len(set(ids.values())) == 4
    speakers = {s["speaker_id"]: s for s in t["speakers"]}
    assert all(speakers[i]["scope"] == "article" and speakers[i]["articles"] == 1
               for i in ids.values())


def test_a_capitalised_anonymous_source_stays_in_its_article(runs: dict[str, Any]) -> None:
    """"Salah satu sumber mengatakan …" opens a sentence in two unrelated articles: two
    speakers, each in its own article (issue 18, item 3)."""
    t = runs["tables"]
    ids = {q["article_id"]: q["speaker_id"] for q in t["quotes"]
           if q["article_id"] in ("istana", "bandara") and q["speaker_id"] is not None}
    assert set(ids) == {"istana", "bandara"}
    assert ids["istana"] != ids["bandara"]
    speakers = {s["speaker_id"]: s for s in t["speakers"]}
    assert all(speakers[i]["scope"] == "article" for i in ids.values())


def test_near_duplicate_quotes_across_articles_form_one_claim(runs: dict[str, Any]) -> None:
    claims = {tuple(c["article_ids"]): c for c in runs["tables"]["claims"]}
    assert set(claims) == {("ru-1", "ru-2"), ("ru-3", "ru-4"), ("bps-1", "bps-2")}
    copy = claims[("ru-3", "ru-4")]  # an exact copy: one distinct text in two articles
    assert copy["quote_ids"] == ["ru-3/q1", "ru-4/q1"]
    assert copy["first_article_id"] == "ru-3"
    c = claims[("ru-1", "ru-2")]
    assert c["article_ids"] == ["ru-1", "ru-2"]
    assert c["quote_ids"] == ["ru-1/q1", "ru-2/q1"]
    # the earliest instant, not the smallest string; the date as given
    assert c["first_article_id"] == "ru-1"
    assert c["first_published"] == "2025-03-04T01:00:00+07:00"
    assert c["text"].startswith("Kami tidak akan menyerah")
    assert sorted(c["outlets"]) == ["detik", "kompas"]
    assert len(c["speaker_ids"]) == 1


def test_components() -> None:
    from quotes.corpus import _components

    assert _components([("b", "c"), ("a", "b"), ("x", "y")]) == {
        "a": "a", "b": "a", "c": "a", "x": "x", "y": "x"}


def test_shingles_are_lower_cased_word_bigrams_whatever_the_spacing(runs: dict[str, Any]
                                                                    ) -> None:
    got = runs["shingles"]
    assert got["Kami  tidak\u00a0akan, MENYERAH!"] == [
        "kami tidak", "tidak akan", "akan menyerah"]
    assert got["Ya."] == ["ya"] and got["..."] == []
    assert got["Él dijo: café-olé"] == ["él dijo", "dijo café", "café olé"]  # Unicode words


def test_the_cli_delegates_to_the_corpus_command(capsys: pytest.CaptureFixture[str]) -> None:
    from quotes.cli import main

    assert main(["corpus", "--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: quotes corpus")
    assert main(["corpus"]) == 2
    assert main(["corpus", str(REPO / "no-such-input.jsonl"), str(REPO / "no-out")]) == 2
    assert "INPUT not found" in capsys.readouterr().err
    assert not (REPO / "no-out").exists()


def test_an_unreadable_input_is_one_error_line(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from quotes.corpus import main

    bad = tmp_path / "corrupt.parquet"
    bad.write_bytes(b"not a parquet file")
    before = signal.getsignal(signal.SIGINT)
    assert main([str(bad), str(tmp_path / "out"), "--master", "local[1]"]) == 1
    assert signal.getsignal(signal.SIGINT) is before  # Spark's Ctrl-C handler removed
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("error: ") and "corrupt.parquet" in err[-1]
    assert "Traceback" not in "\n".join(err)


def test_a_published_that_is_not_iso_8601_is_an_error_row(runs: dict[str, Any]) -> None:
    """The one parser of a document record (``quotes.batch.parse_record``): the row is a 422
    naming ``published``, the article is not extracted."""
    [bad] = [r for r in runs["tables"]["errors"] if r["article_id"] == "bad-date"]
    assert (bad["status"], bad["code"]) == (422, "validation_error")
    assert bad["message"].startswith("'published' must be an ISO 8601 date or date-time")
    assert "bad-date" not in {r["article_id"] for r in runs["tables"]["articles"]}


def test_quotes_carry_their_claim(runs: dict[str, Any]) -> None:
    quotes = runs["tables"]["quotes"]
    assert all(isinstance(q["checkable"], bool) and 0 <= q["claim_score"] <= 1
               and isinstance(q["claim_types"], list) for q in quotes)
    [bps] = [q for q in quotes if q["article_id"] == "bps-1"]
    assert bps["checkable"] is True and "quantity" in bps["claim_types"]
    quantities = [s for s in bps["claim_signals"] if s["type"] == "quantity"]
    assert [(s["text"], s["value"], s["unit"]) for s in quantities] == [
        ("2,5 persen", 2.5, "percent"), ("2,1 persen", 2.1, "percent")]
    text = ARTICLES["bps-1"]
    assert all(text[s["start"]:s["end"]] == s["text"] for s in bps["claim_signals"])


def test_claims_have_types_checkable_and_the_max_score(runs: dict[str, Any]) -> None:
    t = runs["tables"]
    quotes = {f"{q['article_id']}/{q['quote_id']}": q for q in t["quotes"]}
    from quotes.claims import CLAIM_TYPES

    for c in t["claims"]:
        mine = [quotes[u] for u in c["quote_ids"]]
        assert c["score"] == max(q["claim_score"] for q in mine)
        assert c["checkable"] is any(q["checkable"] for q in mine)
        union = {ty for q in mine for ty in q["claim_types"]}
        if union - {"personal"}:
            union -= {"personal"}
        assert c["types"] == [ty for ty in CLAIM_TYPES if ty in union]
    [bps] = [c for c in t["claims"] if c["article_ids"] == ["bps-1", "bps-2"]]
    assert bps["checkable"] is True and bps["types"][0] == "quantity"
    assert bps["first_article_id"] == "bps-2"


def test_claim_types_are_the_union_in_order_and_personal_only_alone(runs: dict[str, Any]
                                                                    ) -> None:
    assert runs["claim_types"] == [
        (["personal"], ["personal"]),
        (["quantity", "personal", "cause"], ["quantity", "cause"]),
        ([], []),
        (["event", "quantity", "quantity"], ["quantity", "event"]),
        (["personal", "personal"], ["personal"]),
    ]


def test_claims_jsonld_is_one_schema_org_claim_per_checkable_claim(runs: dict[str, Any]
                                                                   ) -> None:
    doc = json.loads(runs["jsonld"])
    assert list(doc) == ["@context", "@graph"] and doc["@context"] == "https://schema.org"
    items = doc["@graph"]
    claims = {c["claim_id"]: c for c in runs["tables"]["claims"]}
    checkable = sorted(i for i, c in claims.items() if c["checkable"])
    assert [item["identifier"] for item in items] == checkable  # by claim_id
    speakers = {s["speaker_id"]: s for s in runs["tables"]["speakers"]}
    for item in items:
        c = claims[item["identifier"]]
        assert item["@type"] == "Claim"
        assert item["text"] == c["text"] and item["keywords"] == c["types"]
        assert item["datePublished"] == c["first_published"]
        authors = item["author"] if isinstance(item["author"], list) else [item["author"]]
        assert sorted(a["identifier"] for a in authors) == c["speaker_ids"]
        for a in authors:
            kind = speakers[a["identifier"]]["kind"]
            assert a["@type"] == ("Person" if kind == "person" else "Organization")
            assert a["name"] == speakers[a["identifier"]]["name"]
        assert [w["identifier"] for w in item["appearance"]] == c["article_ids"]
        assert all(w["@type"] == "CreativeWork" for w in item["appearance"])
        assert item["firstAppearance"]["identifier"] == c["first_article_id"]
        assert item["firstAppearance"] in item["appearance"]
    [bps] = [item for item in items if item["text"].startswith("Inflasi Juli 2,5 persen")]
    assert bps["author"]["@type"] == "Person"
    assert bps["author"]["name"] == "Amalia Adininggar Widyasanti"
    assert bps["datePublished"] == "2025-03-01T10:00:00+07:00"
    # an article without a url is named by its id (and its date); one with a url has both
    assert bps["firstAppearance"] == {"@type": "CreativeWork", "identifier": "bps-2",
                                      "datePublished": "2025-03-01T10:00:00+07:00"}
    assert bps["appearance"][0] == {"@type": "CreativeWork", "identifier": "bps-1",
                                    "url": "https://x/bps-1", "datePublished": "2025-03-02"}
    assert len(items) < len(claims) or all(c["checkable"] for c in claims.values())


def test_claim_ld_without_speaker_url_or_date() -> None:
    from quotes.corpus import claim_ld

    item = claim_ld({"claim_id": "c1", "text": "Harga naik 5 persen.", "first_article_id": "a",
                     "first_published": None, "types": ["quantity"], "authors": None,
                     "appearances": [{"article_id": "b", "url": None, "published": None},
                                     {"article_id": "a", "url": "https://x/a",
                                      "published": None}]})
    assert item == {"@type": "Claim", "identifier": "c1", "text": "Harga naik 5 persen.",
                    "firstAppearance": {"@type": "CreativeWork", "identifier": "a",
                                        "url": "https://x/a"},
                    "appearance": [{"@type": "CreativeWork", "identifier": "a",
                                    "url": "https://x/a"},
                                   {"@type": "CreativeWork", "identifier": "b"}],
                    "keywords": ["quantity"]}
    two = claim_ld({"claim_id": "c2", "text": "x", "first_article_id": "a",
                    "first_published": "2025-03-01", "types": [], "appearances": [],
                    "authors": [{"speaker_id": "s2", "name": "BMKG", "kind": "organization"},
                                {"speaker_id": "s1", "name": "Rina", "kind": "person"}]})
    assert two["author"] == [{"@type": "Person", "name": "Rina", "identifier": "s1"},
                             {"@type": "Organization", "name": "BMKG", "identifier": "s2"}]
    assert two["firstAppearance"] == {"@type": "CreativeWork", "identifier": "a",
                                      "datePublished": "2025-03-01"}
