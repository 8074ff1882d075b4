"""Corpus mode: ``quotes corpus INPUT OUTDIR`` runs the extraction as an Apache Spark job.

INPUT is JSONL (one ``{"id", "text", "published"?, "outlet"?, "url"?}`` object a line) or
Parquet with those columns; a row is parsed as a line of ``quotes batch`` is
(``quotes.batch.parse_record``: a ``published`` that is not ISO 8601 is a 422 error row, a
valid one reaches the claims of its quotes). OUTDIR gets Parquet tables (each overwritten on a
re-run) and ``claims.jsonld``:

    articles/  article_id, quotes, elapsed_ms, speakers, chars, published, outlet, url, line, file
    errors/    article_id, status, code, message, line, file   (the API's error envelope)
    quotes/    article_id, quote_id, type, text, start, end, cue, speaker, speaker_kind,
               entity_id, speaker_id, mention, rule, confidence, published, outlet, ...,
               checkable, claim_score, claim_types, claim_signals   (the quote's ``claim``)
    speakers/  speaker_id, name, aliases, titles, kind, quotes, articles, scope, keys
    claims/    claim_id, text, article_ids, quote_ids, speaker_ids, first_article_id,
               first_published, outlets, articles, quotes, types, checkable, score
    claims.jsonld  one schema.org ``Claim`` per checkable claim (:func:`write_jsonld`)

Every non-blank input line (or Parquet row) ends in ``articles/`` or in ``errors/``, with its
``file`` and its ``line`` number in that file. A repeated id: the first row (by file name, then
line) is the article, the others get a 409 ``duplicate_id`` error.

How it runs on the engine:

* the input is read as text lines (a Parquet input becomes ``to_json`` of its rows) and
  numbered by the engine (:func:`numbered_lines`: one small job counts each file piece); the
  non-blank lines are spread round-robin over ``ceil(rows / --rows-per-partition)`` partitions
  (at least two per core), so even a small file uses every core; the text of a line reaches
  Python once, in the task that annotates it;
* each task runs :func:`_extract_partition` (``mapPartitions``): the models come from
  :func:`_annotator`, an ``lru_cache`` in this importable module, so they load once per Python
  worker (Spark reuses workers), with one torch thread per task; documents go to
  ``extract_many`` in chunks of ``--chunk-size`` (a chunk that raises is redone one document at
  a time, so one bad document costs only its own error row);
* the per-article results are written once to ``OUTDIR/work.tmp/extracted`` and every table is
  derived from that with DataFrame operations (:func:`derive`; nothing of the corpus is
  collected on the driver; only the edge list of the near-duplicate graph is, see below);
  ``work.tmp`` is removed at the end.

Corpus speakers (one row per real person across articles), on the per-article speakers. Each
has a *scope* (:func:`_speaker_row`): ``name`` for a proper name; ``title`` for a person named
only by a role ("Menteri Luar Negeri Rusia"); ``article`` for a description (:func:`descriptive`:
a group, "seorang sumber", "Salah satu sumber" opening a sentence, "Seorang pejabat …",
"sumber BBC Burma", a lone "Badan"): an anonymous source in one article is not the anonymous
source of another, so these are never merged across articles.
A name is reduced to the engine's own folded key (``quotes.stages.cluster.name_key``: case,
punctuation and transliterations folded, so Sergei/Sergey Lavrov share ``sergei lavrov``).
Keys not contained in a longer key are *roots*; a shorter key (``lavrov``) joins the single root
whose words include all of its words, and stays a speaker of its own when two roots contain it
(``Anna Lavrov`` and ``Sergei Lavrov``: ``Lavrov`` is ambiguous). A title-only speaker joins
the single named speaker who holds that title somewhere in the corpus (Lavrov, "Menteri Luar
Negeri Rusia Sergei Lavrov" in another article), and when no one or several do, the title is a
speaker of its own. Speaker ids are a hash of the root key (of the title, or of the article
and entity for the ``article`` scope), so re-runs give the same ids.

Claims: quote texts are lower-cased and split into words (Unicode ``\\w+``, in Spark SQL:
whitespace of any kind and punctuation normalised), shingled into word bigrams (one-word texts
use the word; texts without words are dropped). Identical normalised texts (the words joined by
single spaces) are grouped first: one row per *distinct* text (its id is the smallest
``article_id/quote_id`` of its quotes), so wire copies of one quote cost one row, not a pair
per copy. The distinct texts are hashed (``HashingTF``, binary) and linked by Spark ML
``MinHashLSH`` (5 hash tables) with ``approxSimilarityJoin`` at Jaccard distance <=
``--claim-distance`` (0.5: a one-word edit in a 20-word quote changes 2 of 19 bigrams, distance
~0.2, while different statements share almost no bigrams; at 0.5 both halves of a pair share at
least half of their bigrams). Pairs are kept once (a < b), except two texts both quoted only in
one and the same article (no cross-article pair of quotes). The connected components of that
edge list (union-find on the driver: only edges between distinct texts, never the corpus) are
expanded back to quotes: a claim is a component of distinct texts with all the quotes of all
its texts (a distinct text without an edge is a component by itself, so one text quoted in two
articles is a claim with no LSH edge), and it is kept when it spans two articles or more. Its
id is a hash of its smallest ``article_id/quote_id`` (stable across re-runs); its first
appearance is the earliest ``published`` instant (ISO 8601 dates and times, a zone offset
honoured, a time without one in the session time zone, UTC for a local master; missing or
unreadable dates last), then the smallest article id; ``first_published`` is the date as given.
What a claim claims comes from its quotes: ``score`` the highest, ``checkable`` when any quote
is, ``types`` their union (:func:`claim_types`). The checkable ones are exported as JSON-LD
(:func:`claim_ld`, :func:`write_jsonld`).
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from quotes.annotator import Annotator
from quotes.batch import (
    BATCH_MAX_CHARS,
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_CHARS,
    duplicate_message,
    extract_records,
    parse_record,
)
from quotes.stages.cluster import name_key

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

DEFAULT_ANNOTATOR = "quotes.nlp:default_annotator"
DEFAULT_ROWS_PER_PARTITION = 32
DEFAULT_CLAIM_DISTANCE = 0.5
TABLES = ("articles", "errors", "quotes", "speakers", "claims")
QUOTE_COLUMNS = ("article_id", "quote_id", "type", "text", "start", "end", "cue", "speaker",
                 "speaker_kind", "entity_id", "speaker_id", "mention", "rule", "confidence",
                 "published", "outlet", "cue_lemma", "paragraph", "sentence", "duplicate_of",
                 "checkable", "claim_score", "claim_types", "claim_signals")
#: the JSON-LD export of the checkable claims, a file of OUTDIR beside the tables
JSONLD = "claims.jsonld"
SCHEMA_ORG = "https://schema.org"

# --------------------------------------------------------------------------- on the workers


@lru_cache(maxsize=4)
def _annotator(spec: str) -> Annotator:
    """The annotator named ``module:function``, built once per Python worker (one torch
    thread: Spark already runs one task per core)."""
    os.environ["QUOTES_TORCH_THREADS"] = "1"
    module, _, func = spec.partition(":")
    annotator: Annotator = getattr(importlib.import_module(module), func)()
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:  # pragma: no cover - the fake annotators need no torch
        pass
    return annotator


def _article_row(line: int, file: str | None, doc_id: Any, meta: dict[str, Any],
                 result: dict[str, Any]) -> tuple[Any, ...]:
    aid = None if doc_id is None else str(doc_id)
    published, outlet, url = (_opt_str(meta.get(k)) for k in ("published", "outlet", "url"))
    error = result.get("error")
    if error is not None:
        return (line, file, aid, int(error["status"]), str(error["code"]),
                str(error["message"]), None, None, published, outlet, url, [], [])
    speakers = {s["id"]: s for s in result["speakers"]}
    quotes = []
    for q in result["quotes"]:
        sp, cue = q["speaker"], q["cue"]
        ent = speakers.get(sp["entity"]) if sp else None
        mention = sp["mention"] if sp else None
        quotes.append((
            q["id"], q["type"], q["text"], q["start"], q["end"],
            cue["text"] if cue else None, cue["lemma"] if cue else None,
            sp["name"] if sp else None, ent["kind"] if ent else None,
            sp["entity"] if sp else None, mention["text"] if mention else None,
            sp["rule"] if sp else None, float(q["confidence"]), q["paragraph"], q["sentence"],
            q["duplicate_of"], *_claim_columns(q.get("claim")),
        ))
    spk = [_speaker_row(s) for s in result["speakers"]]
    meta_out = result["meta"]
    return (line, file, aid, None, None, None, int(meta_out["elapsed_ms"]),
            int(meta_out["chars"]), published, outlet, url, quotes, spk)


#: words that open a description of an unnamed person or body, capitalised or not ("Salah
#: satu sumber", "Seorang pejabat Kementerian", "Sejumlah warga")
INDEFINITE = frozenset("seorang salah satu suatu sebuah sejumlah beberapa sebagian banyak para "
                       "seseorang".split())
#: a source that is anonymous by what it is called ("sumber", "narasumber")
ANONYMOUS = frozenset({"sumber", "narasumber"})
#: heads of a body's name that say nothing without the rest ("Badan", "Dinas", "Pemerintah")
GENERIC_HEADS = frozenset(
    "badan dinas kementerian lembaga komisi kantor pemerintah pemprov pemkot pemkab pihak "
    "partai perusahaan tim satgas biro divisi bidang majelis mahkamah pengadilan kejaksaan "
    "kepolisian dewan universitas institut asosiasi federasi grup bank negara".split())


def _words(text: str) -> list[str]:
    return [w.strip(".,;:!?\"'()") for w in text.split() if w.strip(".,;:!?\"'()")]


def _bare(title: str) -> bool:
    """A one-word title that is a place or a body, not a role ("Rusia", "Indonesia", "Badan")."""
    from quotes.lexicon import lexicon

    words = [w.lower() for w in _words(title)]
    lex = lexicon()
    return len(words) == 1 and (words[0] in lex.org_words or words[0] in GENERIC_HEADS)


def _role_title(title: str) -> bool:
    """A title that names a role (it holds a role noun: "Menteri Luar Negeri Rusia", "Kepala
    BPBD"), so it can link a speaker known only by it to the one named holder."""
    from quotes.lexicon import lexicon

    roles = lexicon().titles - ANONYMOUS
    return any(w.lower() in roles for w in _words(title))


def _described(words: list[str], kind: str) -> bool:
    lower = [w.lower() for w in words]
    return (kind == "group" or not words or not any(w[:1].isupper() for w in words)
            or lower[0] in INDEFINITE or bool(ANONYMOUS & set(lower)) or "yang" in lower)


def descriptive(name: str, kind: str) -> bool:
    """A speaker known only by a description, whom no other article can mean: a group; a
    name with no capitalised word, or none after the first (a description capitalised only
    because it opens the sentence: "Salah satu sumber", "Warga setempat"); an indefinite
    opener ("Seorang pejabat Kementerian …"); an anonymous source ("sumber BBC Burma"); a
    relative clause ("pejabat yang menolak namanya disebut"); or one generic word ("Badan",
    "Pemerintah", a person called "Rusia")."""
    from quotes.lexicon import lexicon

    words = _words(name)
    if _described(words, kind):
        return True
    lower = [w.lower() for w in words]
    if len(words) == 1:
        lex = lexicon()
        generic = lex.group_words | lex.function_words | GENERIC_HEADS
        return lower[0] in generic or (kind == "person" and lower[0] in lex.org_words)
    return not any(w[:1].isupper() for w in words[1:])


def speaker_scope(name: str, kind: str, title_keys: Sequence[str]) -> str:
    """``article``, ``title`` or ``name`` (see :func:`_speaker_row`)."""
    key = " ".join(name_key(name))
    if (kind == "person" and key in title_keys and _role_title(name)
            and not _described(_words(name), kind)):
        return "title"
    if descriptive(name, kind):
        return "article"
    return "name"


def _speaker_row(s: dict[str, Any]) -> tuple[Any, ...]:
    """An article's speaker, with its folded key, the keys of its titles and its scope:
    ``name`` (a proper name: linked across articles), ``title`` (only a role, e.g. "Menteri
    Luar Negeri Rusia": linked to the one named holder of that title, if there is one) or
    ``article`` (a description, whoever it is: "seorang sumber", "Salah satu sumber", "Seorang
    pejabat Kementerian", "Badan": never merged across articles; :func:`descriptive`).
    A bare place or body among the titles ("Rusia", "Indonesia") is no title: it is dropped,
    and only titles naming a role link speakers."""
    key = " ".join(name_key(s["name"]))
    titles = [t for t in s["titles"] if not _bare(t)]
    title_keys = sorted({" ".join(name_key(t)) for t in titles if _role_title(t)} - {""})
    scope = speaker_scope(s["name"], s["kind"], title_keys)
    return (s["id"], s["name"], s["kind"], list(s["aliases"]), titles,
            len(s["quotes"]), key, title_keys, scope)


def _opt_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _claim_columns(claim: dict[str, Any] | None) -> tuple[Any, ...]:
    """``checkable, claim_score, claim_types, claim_signals`` of a quote's ``claim``."""
    if claim is None:  # (a quote built outside the pipeline)
        return None, None, [], []
    signals = [(s["type"], s["text"], s["start"], s["end"], _opt_float(s.get("value")),
                _opt_float(s.get("max")), s.get("unit"), s.get("iso"))
               for s in claim["signals"]]
    return (bool(claim["checkable"]), float(claim["score"]), list(claim["types"]), signals)


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _extract_partition(rows: Iterable[tuple[int, str | None, str]], spec: str, chunk_size: int,
                       max_chars: int) -> Iterator[tuple[Any, ...]]:
    """One task: parse each numbered JSON line (``line, file, raw``), extract in small chunks,
    one row per line."""
    pending: list[tuple[int, str | None, Any, dict[str, Any], str, date | None]] = []
    chars = 0

    def flush() -> Iterator[tuple[Any, ...]]:
        nonlocal pending, chars
        if pending:
            answers = extract_records([p[4] for p in pending], _annotator(spec),
                                      [p[5] for p in pending])
            for (line, file, doc_id, meta, *_), answer in zip(pending, answers, strict=True):
                yield _article_row(line, file, doc_id, meta, answer)
        pending, chars = [], 0

    for line, file, raw in rows:
        item = parse_record(line, raw.encode("utf-8"), max_chars)
        if item.text is None:
            yield _article_row(line, file, item.id, {}, item.result or {})
            continue
        pending.append((line, file, item.id, item.fields or {}, item.text, item.published))
        chars += len(item.text)
        if len(pending) >= chunk_size or chars >= BATCH_MAX_CHARS:
            yield from flush()
    yield from flush()


# --------------------------------------------------------------------------- on the driver


def _schema() -> Any:
    from pyspark.sql import types as T

    s, i, f = T.StringType(), T.IntegerType(), T.DoubleType()
    signal = T.StructType([
        T.StructField(n, t) for n, t in [
            ("type", s), ("text", s), ("start", i), ("end", i), ("value", f), ("max", f),
            ("unit", s), ("iso", s),
        ]
    ])
    quote = T.StructType([
        T.StructField(n, t) for n, t in [
            ("quote_id", s), ("type", s), ("text", s), ("start", i), ("end", i), ("cue", s),
            ("cue_lemma", s), ("speaker", s), ("speaker_kind", s), ("entity_id", s),
            ("mention", s), ("rule", s), ("confidence", f), ("paragraph", i), ("sentence", i),
            ("duplicate_of", s), ("checkable", T.BooleanType()), ("claim_score", f),
            ("claim_types", T.ArrayType(s)), ("claim_signals", T.ArrayType(signal)),
        ]
    ])
    speaker = T.StructType([
        T.StructField(n, t) for n, t in [
            ("entity_id", s), ("name", s), ("kind", s), ("aliases", T.ArrayType(s)),
            ("titles", T.ArrayType(s)), ("quotes", i), ("key", s),
            ("title_keys", T.ArrayType(s)), ("scope", s),
        ]
    ])
    return T.StructType([
        T.StructField(n, t) for n, t in [
            ("line", T.LongType()), ("file", s), ("article_id", s), ("status", i), ("code", s),
            ("message", s), ("elapsed_ms", i), ("chars", i), ("published", s),
            ("outlet", s), ("url", s), ("quotes", T.ArrayType(quote)),
            ("speakers", T.ArrayType(speaker)),
        ]
    ])


def _is_parquet(path: str, fmt: str) -> bool:
    if fmt != "auto":
        return fmt == "parquet"
    if path.rstrip("/").endswith(".parquet"):
        return True
    return os.path.isdir(path) and any(n.endswith(".parquet") for n in os.listdir(path))


def read_lines(spark: SparkSession, path: str, fmt: str = "auto") -> DataFrame:
    """The input as ``value`` (a text line; a Parquet row as a JSON object), ``file`` and
    ``block`` (the input file and the start of its split, from Spark's file metadata)."""
    from pyspark.sql import functions as F

    where = [F.col("_metadata.file_path").alias("file"),
             F.col("_metadata.file_block_start").alias("block")]
    if _is_parquet(path, fmt):
        df = spark.read.parquet(path)
        cols = [F.col(c).cast("string").alias(c) if c == "published" else F.col(c)
                for c in df.columns]
        return df.select(F.to_json(F.struct(*cols)).alias("value"), *where)
    return spark.read.text(path).select("value", *where)


def numbered_lines(spark: SparkSession, path: str, fmt: str = "auto") -> tuple[DataFrame, int]:
    """(``line, file, value`` for every non-blank input line, how many there are).

    ``line`` is the 1-based line number in its ``file`` (blank lines counted, as in ``batch``;
    the row number for Parquet). It comes from the engine, not from a Python pass: one job
    counts the rows of each piece of a file in each task (a row per piece reaches the driver),
    and a row's number is the rows of its file before its piece plus its position in the piece
    (``monotonically_increasing_id`` counts the rows of a task in order; a task may hold
    pieces of several files)."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    rows = read_lines(spark, path, fmt).select(
        F.spark_partition_id().alias("split"), "file", "block",
        (F.monotonically_increasing_id().bitwiseAND((1 << 33) - 1)).alias("pos"), "value")
    piece = ["split", "file", "block"]
    sizes = (rows.groupBy(*piece)
             .agg(F.count("*").alias("rows"), F.min("pos").alias("first"),
                  F.count_if(F.trim("value") != "").alias("lines"))
             .collect())
    offsets: list[tuple[int, str, int, int]] = []
    seen: dict[str, int] = {}  # rows of each file so far, its pieces in the order of blocks
    for r in sorted(sizes, key=lambda r: (r["file"], r["block"])):
        start = seen.get(r["file"], 0)
        offsets.append((int(r["split"]), r["file"], int(r["block"]), start - int(r["first"])))
        seen[r["file"]] = start + int(r["rows"])
    schema = T.StructType([T.StructField("split", T.IntegerType()),
                           T.StructField("file", T.StringType()),
                           T.StructField("block", T.LongType()),
                           T.StructField("offset", T.LongType())])
    off = spark.createDataFrame(offsets, schema)
    numbered = (rows.join(F.broadcast(off), piece)
                .select((F.col("offset") + F.col("pos") + 1).alias("line"), "file", "value")
                .filter(F.trim("value") != ""))
    return numbered, sum(int(r["lines"]) for r in sizes)


def extract_corpus(spark: SparkSession, path: str, fmt: str = "auto",
                   spec: str = DEFAULT_ANNOTATOR, chunk_size: int = DEFAULT_BATCH_SIZE,
                   max_chars: int = DEFAULT_MAX_CHARS,
                   rows_per_partition: int = DEFAULT_ROWS_PER_PARTITION) -> DataFrame:
    """One row per non-blank input line (``_schema``), spread evenly over partitions sized
    from the input (round-robin, by the engine: the lines reach Python once, in the task that
    annotates them)."""
    lines, n = numbered_lines(spark, path, fmt)
    cores = spark.sparkContext.defaultParallelism
    parts = max(1, min(n, max(2 * cores, math.ceil(n / max(1, rows_per_partition)))))
    out = lines.repartition(parts).rdd.mapPartitions(
        lambda rows: _extract_partition(rows, spec, chunk_size, max_chars))  # Rows are tuples
    return spark.createDataFrame(out, _schema())


def _hash_id(prefix: str, col: Column) -> Column:
    from pyspark.sql import functions as F

    return F.concat(F.lit(prefix), F.substring(F.sha1(col), 1, 12))


def _speaker_map(sp: DataFrame) -> DataFrame:
    """``key -> speaker_id`` for the named speakers: roots, and short keys inside exactly one
    root."""
    from pyspark.sql import functions as F

    keys = (sp.select("key").distinct()
            .withColumn("toks", F.array_distinct(F.split("key", " ")))
            .withColumn("ntok", F.size("toks")))
    tok = keys.select("key", "ntok", F.explode("toks").alias("tok"))
    a, b = tok.alias("a"), tok.alias("b")
    pairs = (a.join(b, (F.col("a.tok") == F.col("b.tok")) & (F.col("b.ntok") > F.col("a.ntok")))
             .groupBy(F.col("a.key").alias("sub"), F.col("b.key").alias("sup"),
                      F.col("a.ntok").alias("ntok"))
             .count().filter(F.col("count") == F.col("ntok")).select("sub", "sup"))
    roots = keys.select("key").join(pairs, keys["key"] == pairs["sub"], "left_anti")
    unique = (pairs.join(roots, pairs["sup"] == roots["key"])
              .groupBy("sub").agg(F.count("*").alias("n"), F.min("sup").alias("root"))
              .filter(F.col("n") == 1).select("sub", "root"))
    return (keys.join(unique, keys["key"] == unique["sub"], "left")
            .select("key", _hash_id("s", F.coalesce("root", "key")).alias("speaker_id")))


def link_speakers(sp: DataFrame) -> DataFrame:
    """``article_id, entity_id, speaker_id`` for every article speaker (see ``_speaker_row``
    for the scopes): named speakers by their keys; a title-only speaker to the single named
    speaker holding that title anywhere in the corpus (else all who are only that title are
    one speaker); the others one speaker per article."""
    from pyspark.sql import functions as F

    named = sp.filter(F.col("scope") == "name")
    by_key = _speaker_map(named)
    named_ids = named.join(by_key, "key").select("article_id", "entity_id", "speaker_id",
                                                 "title_keys")
    holders = (named_ids.select("speaker_id", F.explode("title_keys").alias("key")).distinct()
               .groupBy("key").agg(F.count("*").alias("n"), F.min("speaker_id").alias("holder"))
               .filter(F.col("n") == 1).select("key", "holder"))
    titled = (sp.filter(F.col("scope") == "title").join(holders, "key", "left")
              .select("article_id", "entity_id",
                      F.coalesce("holder", _hash_id("s", F.concat(F.lit("title:"), "key")))
                      .alias("speaker_id")))
    local = (sp.filter(F.col("scope") == "article")
             .select("article_id", "entity_id",
                     _hash_id("s", F.concat_ws("/", F.lit("article:"), "article_id",
                                               "entity_id")).alias("speaker_id")))
    return named_ids.drop("title_keys").unionByName(titled).unionByName(local)


def build_speakers(linked: DataFrame) -> DataFrame:
    """The corpus ``speakers`` table from the article speakers with their ``speaker_id``."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    # the canonical name is a proper name if the speaker has one, the fullest (most words, as
    # in one article), then the most quoted spelling: "Sergei Lavrov" over "Lavrov" however
    # often "Lavrov" is quoted, and over the title "Menteri Luar Negeri Rusia"
    names = (linked.groupBy("speaker_id", "name", "scope").agg(F.sum("quotes").alias("n"))
             .withColumn("r", F.row_number().over(Window.partitionBy("speaker_id").orderBy(
                 F.col("scope") != "name", F.desc(F.size(F.split("name", " "))), F.desc("n"),
                 F.desc(F.length("name")), "name")))
             .filter("r = 1").select("speaker_id", F.col("name").alias("canonical"),
                                     F.col("scope").alias("main_scope")))
    kinds = (linked.groupBy("speaker_id", "kind").agg(F.sum("quotes").alias("n"))
             .withColumn("r", F.row_number().over(Window.partitionBy("speaker_id").orderBy(
                 F.desc("n"), "kind")))
             .filter("r = 1").select("speaker_id", F.col("kind").alias("main_kind")))
    agg = linked.groupBy("speaker_id").agg(
        F.array_distinct(F.flatten(F.collect_list(F.concat(F.array("name"), "aliases"))))
        .alias("all_names"),
        F.array_sort(F.array_distinct(F.flatten(F.collect_list("titles")))).alias("titles"),
        F.sum("quotes").cast("int").alias("quotes"),
        F.countDistinct("article_id").cast("int").alias("articles"),
        F.array_sort(F.collect_set("key")).alias("keys"),
    )
    speakers = (agg.join(names, "speaker_id").join(kinds, "speaker_id").select(
        "speaker_id", F.col("canonical").alias("name"),
        F.array_sort(F.array_except("all_names", F.array("canonical"))).alias("aliases"),
        "titles", F.col("main_kind").alias("kind"), "quotes", "articles",
        F.col("main_scope").alias("scope"), "keys"))
    return speakers


def _components(edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Union-find over an edge list: node -> smallest node of its component."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in list(parent)}


def text_words(col: str) -> Column:
    """The lower-cased words (Unicode ``\\w+``) of a text column: whitespace of any kind
    (no-break, doubled) and punctuation never make two texts differ."""
    from pyspark.sql import functions as F

    return F.filter(F.split(F.lower(F.col(col)), r"(?U)\W+"), lambda w: w != "")


def shingles(words: Column) -> Column:
    """Word bigrams of a words column (the word itself for a one-word text)."""
    from pyspark.sql import functions as F

    n = F.size(words)
    pairs = F.zip_with(F.slice(words, 1, n - 1), F.slice(words, 2, n - 1),
                       lambda a, b: F.concat_ws(" ", a, b))
    return F.when(n < 2, words).otherwise(pairs)


def build_claims(spark: SparkSession, quotes: DataFrame, distance: float) -> DataFrame:
    """Near-duplicate quotes across articles: identical normalised texts grouped first, the
    distinct texts linked by MinHashLSH (see the module doc)."""
    from pyspark.ml.feature import HashingTF, MinHashLSH
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    words = text_words("text")
    q = (quotes.withColumn("words", words).filter(F.size("words") > 0)
         .withColumn("uid", F.concat_ws("/", "article_id", "quote_id"))
         .withColumn("norm", F.array_join("words", " ")))
    # one row per distinct text: its id is the smallest uid of its quotes
    texts = q.groupBy("norm").agg(
        F.min("uid").alias("tid"), shingles(F.first("words")).alias("shingles"),
        F.min("article_id").alias("amin"), F.max("article_id").alias("amax"))
    tf = HashingTF(inputCol="shingles", outputCol="features", numFeatures=1 << 18, binary=True)
    feats = tf.transform(texts.select("tid", "shingles", "amin", "amax"))
    model = MinHashLSH(inputCol="features", outputCol="hashes", numHashTables=5,
                       seed=11).fit(feats)
    a_, b_ = "datasetA.", "datasetB."
    one_article = ((F.col(a_ + "amin") == F.col(a_ + "amax"))
                   & (F.col(b_ + "amin") == F.col(b_ + "amax"))
                   & (F.col(a_ + "amin") == F.col(b_ + "amin")))
    pairs = (model.approxSimilarityJoin(feats, feats, distance, distCol="dist")
             .filter(F.col(a_ + "tid") < F.col(b_ + "tid"))
             # two texts both quoted only in the same single article: no cross-article pair
             .filter(~one_article)
             .select(F.col(a_ + "tid").alias("a"), F.col(b_ + "tid").alias("b"))
             .distinct())
    # only the edges between distinct texts come to the driver (streamed), never the quotes
    comp = _components((r["a"], r["b"]) for r in pairs.toLocalIterator())
    schema = T.StructType([T.StructField("tid", T.StringType()),
                           T.StructField("troot", T.StringType())])
    members = spark.createDataFrame(sorted(comp.items()), schema)
    # every text is in a component (alone when it has no edge); the claim's root is the
    # smallest uid of all its quotes, as when quotes themselves were the nodes
    q = (q.join(texts.select("norm", "tid"), "norm")
         .join(members, "tid", "left")
         .withColumn("troot", F.coalesce("troot", "tid")))
    # the earliest instant (ISO dates and times, with or without a zone; an unreadable date
    # counts as missing), then the article id
    when = F.col("published").try_cast("timestamp")
    first = F.min(F.struct(when.isNull().alias("nodate"), when.alias("when"), "published",
                           "article_id", "quote_id", "text"))
    claims = q.groupBy(F.col("troot").alias("root")).agg(
        first.alias("first"),
        F.array_sort(F.collect_set("article_id")).alias("article_ids"),
        F.array_sort(F.collect_set("uid")).alias("quote_ids"),
        F.array_sort(F.collect_set("speaker_id")).alias("speaker_ids"),
        F.array_sort(F.collect_set("outlet")).alias("outlets"),
        F.count("*").cast("int").alias("quotes"),
        F.flatten(F.collect_list("claim_types")).alias("all_types"),
        F.max("checkable").alias("checkable"),
        F.max("claim_score").alias("score"),
    )
    return (claims.withColumn("articles", F.size("article_ids"))
            .filter(F.col("articles") >= 2)
            .select(F.concat(F.lit("c"), F.substring(F.sha1("root"), 1, 12)).alias("claim_id"),
                    F.col("first.text").alias("text"), "article_ids", "quote_ids",
                    "speaker_ids", F.col("first.article_id").alias("first_article_id"),
                    F.col("first.published").alias("first_published"), "outlets",
                    "articles", "quotes", claim_types("all_types").alias("types"),
                    "checkable", "score"))


def claim_types(col: str) -> Column:
    """The claim types of a list of its quotes' types: each once, in the order of
    ``quotes.claims.CLAIM_TYPES``, and ``personal`` only alone (as in a quote's claim: a
    claim one copy makes checkable is not also the speaker's own experience)."""
    from pyspark.sql import functions as F

    from quotes.claims import CHECKABLE_TYPES, CLAIM_TYPES

    present = F.filter(F.array(*[F.lit(t) for t in CLAIM_TYPES]),
                       lambda t: F.array_contains(F.col(col), t))
    checkable = F.array(*[F.lit(t) for t in CHECKABLE_TYPES])
    return (F.when(F.arrays_overlap(present, checkable), F.array_remove(present, "personal"))
            .otherwise(present))


def _creative_work(article: dict[str, Any]) -> dict[str, Any]:
    """An article as a schema.org ``CreativeWork``: its id, and its url and date when known."""
    work: dict[str, Any] = {"@type": "CreativeWork", "identifier": article["article_id"]}
    if article.get("url"):
        work["url"] = article["url"]
    if article.get("published"):
        work["datePublished"] = article["published"]
    return work


def claim_ld(claim: dict[str, Any]) -> dict[str, Any]:
    """One row of the ``claims`` table, with its ``appearances`` (``article_id, url,
    published`` of each article) and ``authors`` (``speaker_id, name, kind`` of each corpus
    speaker), as a schema.org ``Claim``: ``text``; ``author`` (a ``Person``, or an
    ``Organization`` for a body or a group; one object, a list when the copies name several
    speakers, absent when none is known); ``datePublished`` (the first appearance's date, as
    given); ``firstAppearance`` and ``appearance`` (each article as a ``CreativeWork``);
    ``keywords`` (the claim types) and ``identifier`` (the ``claim_id``)."""
    authors = [{"@type": "Person" if a["kind"] == "person" else "Organization",
                "name": a["name"], "identifier": a["speaker_id"]}
               for a in sorted(claim.get("authors") or [], key=lambda a: a["speaker_id"])]
    appearances = sorted(claim.get("appearances") or [], key=lambda a: a["article_id"])
    first = next((a for a in appearances if a["article_id"] == claim["first_article_id"]),
                 {"article_id": claim["first_article_id"], "published": claim["first_published"]})
    out: dict[str, Any] = {"@type": "Claim", "identifier": claim["claim_id"],
                           "text": claim["text"]}
    if authors:
        out["author"] = authors[0] if len(authors) == 1 else authors
    if claim.get("first_published"):
        out["datePublished"] = claim["first_published"]
    out["firstAppearance"] = _creative_work(first)
    out["appearance"] = [_creative_work(a) for a in appearances]
    out["keywords"] = list(claim.get("types") or [])
    return out


def _jsonld_lines(items: Iterable[str]) -> Iterator[str]:
    """The lines of the JSON-LD document around its items (one ``Claim`` a line)."""
    yield f'{{"@context": "{SCHEMA_ORG}", "@graph": ['
    previous = None
    for item in items:
        if previous is not None:
            yield previous + ","
        previous = item
    if previous is not None:
        yield previous
    yield "]}"


def write_jsonld(spark: SparkSession, work: str, out: str) -> int:
    """``OUTDIR/claims.jsonld``: one schema.org ``Claim`` (:func:`claim_ld`) per checkable row
    of the written ``claims`` table, by ``claim_id``, in one JSON-LD document ``{"@context":
    "https://schema.org", "@graph": [...]}``. The items are built on the workers and written
    by one task (a text file under ``work``, then moved), never collected on the driver;
    returns how many there are."""
    import json

    from pyspark.sql import functions as F

    claims = spark.read.parquet(f"{out}/claims").filter(F.col("checkable"))
    articles = spark.read.parquet(f"{out}/articles").select("article_id", "url", "published")
    speakers = spark.read.parquet(f"{out}/speakers").select("speaker_id", "name", "kind")
    appearances = (claims.select("claim_id", F.explode("article_ids").alias("article_id"))
                   .join(articles, "article_id", "left")
                   .groupBy("claim_id")
                   .agg(F.collect_list(F.struct("article_id", "url", "published"))
                        .alias("appearances")))
    authors = (claims.select("claim_id", F.explode("speaker_ids").alias("speaker_id"))
               .join(speakers, "speaker_id")
               .groupBy("claim_id")
               .agg(F.collect_list(F.struct("speaker_id", "name", "kind")).alias("authors")))
    rows = (claims.select("claim_id", "text", "first_article_id", "first_published", "types")
            .join(appearances, "claim_id", "left").join(authors, "claim_id", "left"))
    n = rows.count()
    items = (rows.rdd.map(lambda r: (r["claim_id"], json.dumps(
        claim_ld(r.asDict(recursive=True)), ensure_ascii=False)))
        .sortByKey().values())
    single = (items.coalesce(1) if items.getNumPartitions() > 0
              else spark.sparkContext.parallelize([], 1))
    staging = f"{work}/jsonld"
    _delete(spark, staging)
    single.mapPartitions(_jsonld_lines).saveAsTextFile(staging)
    _move_part(spark, staging, f"{out}/{JSONLD}")
    return n


def _move_part(spark: SparkSession, folder: str, target: str) -> None:
    """Move the one ``part-*`` file of ``folder`` (a single-task output) to ``target``
    (replaced), on whatever file system they are."""
    jvm: Any = spark.sparkContext._jvm
    jsc: Any = spark.sparkContext._jsc
    path = jvm.org.apache.hadoop.fs.Path
    src, dst = path(folder), path(target)
    fs = src.getFileSystem(jsc.hadoopConfiguration())
    [part] = [st.getPath() for st in fs.listStatus(src)
              if st.getPath().getName().startswith("part-")]
    fs.delete(dst, True)  # with its checksum file, on a local file system
    # a local file system moves the hidden ``.crc`` beside the file too: move only the file
    checksummed = jvm.java.lang.Class.forName("org.apache.hadoop.fs.ChecksumFileSystem")
    mover = fs.getRawFileSystem() if checksummed.isInstance(fs) else fs
    if not mover.rename(part, dst):
        raise OSError(f"cannot move {part} to {target}")


def _delete(spark: SparkSession, path: str) -> None:
    jvm: Any = spark.sparkContext._jvm
    p = jvm.org.apache.hadoop.fs.Path(path)
    jsc: Any = spark.sparkContext._jsc
    p.getFileSystem(jsc.hadoopConfiguration()).delete(p, True)


def derive(spark: SparkSession, work: str, out: str,
           claim_distance: float = DEFAULT_CLAIM_DISTANCE,
           timings: dict[str, float] | None = None) -> dict[str, int]:
    """Every table of ``out`` from the per-article rows in ``work/extracted``, and
    ``claims.jsonld``; returns the row counts (and the items of ``claims.jsonld``). The small
    intermediates (the article speakers and their corpus ids) are staged as Parquet under
    ``work`` and the claims are read from the written ``quotes`` table (the JSON-LD from the
    written ``claims``, ``articles`` and ``speakers``): each table's plan starts from files,
    not from the whole derivation again (planning those repeated subtrees cost more than the
    data on a small corpus), and the stages are on the output's file system, so they survive
    a lost executor."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    timings = {} if timings is None else timings

    def staged(df: DataFrame, path: str) -> DataFrame:
        df.write.mode("overwrite").parquet(path)
        return spark.read.parquet(path)

    def table(name: str, df: DataFrame) -> DataFrame:
        t1 = time.perf_counter()
        written = staged(df, f"{out}/{name}")
        counts[name] = written.count()
        timings[name] = time.perf_counter() - t1
        return written

    counts: dict[str, int] = {}
    done = spark.read.parquet(f"{work}/extracted")
    # a repeated id: the first line is the article, the others are 409 errors (like ``batch``)
    by_id = Window.partitionBy("article_id").orderBy("file", "line")
    rank = F.row_number().over(by_id)
    first = F.first(F.struct("file", "line")).over(by_id)
    done = (done.withColumn("dup", F.when(F.col("article_id").isNotNull()
                                          & F.col("status").isNull(),
                                          rank > 1).otherwise(F.lit(False)))
            .withColumn("first", first))
    # the message of ``quotes batch`` (quotes.batch.duplicate_message), the file named when
    # the first line is in another one
    where = F.concat(F.lit("on line "), F.col("first.line").cast("string"),
                     F.when(F.col("first.file") != F.col("file"),
                            F.concat(F.lit(" of "), F.col("first.file"))).otherwise(F.lit("")))
    ok = done.filter(F.col("status").isNull() & ~F.col("dup"))
    table("errors", done.filter(F.col("status").isNotNull() | F.col("dup")).select(
        "article_id",
        F.when(F.col("dup"), F.lit(409)).otherwise(F.col("status")).alias("status"),
        F.when(F.col("dup"), F.lit("duplicate_id")).otherwise(F.col("code")).alias("code"),
        F.when(F.col("dup"), F.concat(F.lit(duplicate_message("")), where))
        .otherwise(F.col("message")).alias("message"),
        "line", "file"))
    table("articles", ok.select("article_id", F.size("quotes").alias("quotes"), "elapsed_ms",
                                F.size("speakers").alias("speakers"), "chars", "published",
                                "outlet", "url", "line", "file"))
    t1 = time.perf_counter()
    sp = staged(ok.select("article_id", F.explode("speakers").alias("s"))
                .select("article_id", "s.*").filter(F.col("key") != ""), f"{work}/speakers")
    linked = staged(sp.join(link_speakers(sp), ["article_id", "entity_id"]), f"{work}/linked")
    timings["link"] = time.perf_counter() - t1
    quotes = table("quotes", ok.select("article_id", "published", "outlet",
                                       F.explode("quotes").alias("q"))
                   .select("article_id", "q.*", "published", "outlet")
                   .join(linked.select("article_id", "entity_id", "speaker_id"),
                         ["article_id", "entity_id"], "left")
                   .select(*QUOTE_COLUMNS))
    table("speakers", build_speakers(linked))
    t1 = time.perf_counter()
    claims = build_claims(spark, quotes, claim_distance)
    timings["claim_edges"] = time.perf_counter() - t1
    table("claims", claims)
    t1 = time.perf_counter()
    counts[JSONLD] = write_jsonld(spark, work, out)
    timings["jsonld"] = time.perf_counter() - t1
    return {name: counts[name] for name in (*TABLES, JSONLD)}


def run(spark: SparkSession, input_path: str, outdir: str, *, fmt: str = "auto",
        spec: str = DEFAULT_ANNOTATOR, chunk_size: int = DEFAULT_BATCH_SIZE,
        max_chars: int = DEFAULT_MAX_CHARS,
        rows_per_partition: int = DEFAULT_ROWS_PER_PARTITION,
        claim_distance: float = DEFAULT_CLAIM_DISTANCE) -> dict[str, int]:
    """The whole job; returns the row count of each table."""
    out = outdir.rstrip("/")
    work = f"{out}/work.tmp"  # not "_x": Spark hides such paths
    t0 = time.perf_counter()
    extract_corpus(spark, input_path, fmt, spec, chunk_size, max_chars,
                   rows_per_partition).write.mode("overwrite").parquet(f"{work}/extracted")
    timings = {"extract": time.perf_counter() - t0}
    counts = derive(spark, work, out, claim_distance, timings)
    _delete(spark, work)
    print("corpus: " + " ".join(f"{k}={v:.1f}s" for k, v in timings.items()), file=sys.stderr)
    return counts


_LOG4J = """rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex
logger.hadoop.name = org.apache.hadoop.util.NativeCodeLoader
logger.hadoop.level = error
"""


def session(master: str | None = None, app: str = "quotes-corpus") -> SparkSession:
    """A SparkSession: workers on this Python, one torch thread per task; for a local master
    bound to 127.0.0.1 with no web UI and quiet logs. Under ``spark-submit`` (``master`` None
    and a gateway already running) the submitted master and configuration are kept."""
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ
    if master is None and not submitted:
        master = "local[*]"
    local = master is not None and master.startswith("local")
    if local:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        if "SPARK_CONF_DIR" not in os.environ:
            conf_dir = tempfile.mkdtemp(prefix="quotes-spark-conf-")
            with open(os.path.join(conf_dir, "log4j2.properties"), "w", encoding="utf-8") as fh:
                fh.write(_LOG4J)
            os.environ["SPARK_CONF_DIR"] = conf_dir
    from pyspark.sql import SparkSession

    builder: Any = SparkSession.builder.appName(app)
    if master is not None:
        builder = builder.master(master)
    builder = (builder.config("spark.executorEnv.QUOTES_TORCH_THREADS", "1")
               .config("spark.executorEnv.OMP_NUM_THREADS", "1")
               .config("spark.python.worker.reuse", "true"))
    if local:
        builder = (builder.config("spark.ui.enabled", "false")
                   .config("spark.ui.showConsoleProgress", "false")
                   .config("spark.sql.shuffle.partitions", "8")
                   .config("spark.sql.session.timeZone", "UTC"))
    spark: SparkSession = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark


@contextmanager
def running(master: str | None = None, app: str = "quotes-corpus") -> Iterator[SparkSession]:
    """:func:`session`, stopped on exit, with the SIGINT handler it replaced put back (the
    SparkContext installs one that cancels jobs on Ctrl-C and leaves it after ``stop``)."""
    previous = signal.getsignal(signal.SIGINT)
    spark = session(master, app)
    try:
        yield spark
    finally:
        spark.stop()
        if previous is not None and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, previous)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="quotes corpus",
        description="Extract the quotes of a whole corpus as an Apache Spark job and write "
        "the Parquet tables articles/, errors/, quotes/, speakers/ and claims/, and the "
        "schema.org JSON-LD of the checkable claims, claims.jsonld, under OUTDIR (each "
        "overwritten).",
    )
    p.add_argument("input", metavar="INPUT",
                   help="JSONL file or directory of {id, text, published?, outlet?, url?}, "
                   "or Parquet with those columns")
    p.add_argument("outdir", metavar="OUTDIR", help="output directory (tables overwritten)")
    p.add_argument("--master", default=None,
                   help="Spark master (default local[*]; under spark-submit, the submitted one)")
    p.add_argument("--format", dest="fmt", choices=("auto", "jsonl", "parquet"), default="auto",
                   help="input format (default: Parquet for *.parquet or a Parquet directory)")
    p.add_argument("--rows-per-partition", type=int, default=DEFAULT_ROWS_PER_PARTITION,
                   metavar="N", help="input rows per task (default %(default)s; at least two "
                   "tasks per core)")
    p.add_argument("--chunk-size", type=int, default=DEFAULT_BATCH_SIZE, metavar="N",
                   help="documents annotated together (default %(default)s)")
    p.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, metavar="N",
                   help="longer texts get an error row (default %(default)s)")
    p.add_argument("--claim-distance", type=float, default=DEFAULT_CLAIM_DISTANCE, metavar="D",
                   help="MinHashLSH Jaccard distance linking two quotes (default %(default)s)")
    p.add_argument("--annotator", default=DEFAULT_ANNOTATOR, metavar="MODULE:FUNC",
                   help="annotator factory, called once per Python worker "
                   "(default %(default)s)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error (2): a code, like the other commands
        return exc.code if isinstance(exc.code, int) else 2
    if args.rows_per_partition < 1 or args.chunk_size < 1:
        print("error: --rows-per-partition and --chunk-size must be >= 1", file=sys.stderr)
        return 2
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print("error: PySpark is not installed: pip install -r requirements-spark.txt",
              file=sys.stderr)
        return 2
    if "://" not in args.input and not os.path.exists(args.input):  # before a JVM starts
        print(f"error: INPUT not found: {args.input}", file=sys.stderr)
        return 2
    from py4j.protocol import Py4JJavaError
    from pyspark.errors import AnalysisException

    t0 = time.perf_counter()
    try:
        with running(args.master) as spark:
            counts = run(spark, args.input, args.outdir, fmt=args.fmt, spec=args.annotator,
                         chunk_size=args.chunk_size, max_chars=args.max_chars,
                         rows_per_partition=args.rows_per_partition,
                         claim_distance=args.claim_distance)
    except AnalysisException as exc:  # a missing or unreadable input: Spark's words, one line
        print(f"error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    except Py4JJavaError as exc:  # a job that failed (e.g. a corrupt file; Spark logged the trace)
        print(f"error: {str(exc.java_exception.toString()).splitlines()[0]}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - t0
    n = counts["articles"] + counts["errors"]
    print(" ".join(f"{k}={v}" for k, v in counts.items())
          + f" elapsed={elapsed:.1f}s rate={n / elapsed:.1f} articles/s", file=sys.stderr)
    return 0
