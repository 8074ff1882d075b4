"""Corpus mode: ``quotes corpus INPUT OUTDIR`` runs the extraction as an Apache Spark job.

INPUT is JSONL (one ``{"id", "text", "published"?, "outlet"?, "url"?}`` object a line) or
Parquet with those columns. OUTDIR gets Parquet tables (each overwritten on a re-run):

    articles/  article_id, quotes, elapsed_ms, speakers, chars, published, outlet, url, line
    errors/    article_id, status, code, message, line     (the API's error envelope)
    quotes/    article_id, quote_id, type, text, start, end, cue, speaker, speaker_kind,
               entity_id, speaker_id, mention, rule, confidence, published, outlet, ...
    speakers/  speaker_id, name, aliases, titles, kind, quotes, articles, keys
    claims/    claim_id, text, article_ids, quote_ids, speaker_ids, first_article_id,
               first_published, outlets, articles, quotes

Every input line (or Parquet row) ends in ``articles/`` or in ``errors/``.

How it runs on the engine:

* the input is read as JSON lines (a Parquet input becomes ``to_json`` of its rows), numbered,
  and spread over ``ceil(rows / --rows-per-partition)`` partitions (at least two per core), so
  even a small file uses every core;
* each task runs :func:`_extract_partition` (``mapPartitions``): the models come from
  :func:`_annotator`, an ``lru_cache`` in this importable module, so they load once per Python
  worker (Spark reuses workers), with one torch thread per task; documents go to
  ``extract_many`` in chunks of ``--chunk-size`` (a chunk that raises is redone one document at
  a time, so one bad document costs only its own error row);
* the per-article results are written once to ``OUTDIR/extracted.tmp`` and every table is derived
  from that with DataFrame operations (nothing of the corpus is collected on the driver; only
  the edge list of the near-duplicate graph is, see below); ``extracted.tmp`` is removed at the end.

Corpus speakers (one row per real person across articles), on the per-article speakers:
the name is reduced to the engine's own folded key (``quotes.stages.cluster.name_key``: case,
punctuation and transliterations folded, so Sergei/Sergey Lavrov share ``sergei lavrov``).
Keys not contained in a longer key are *roots*; a shorter key (``lavrov``) joins the single root
whose words include all of its words, and stays a speaker of its own when two roots contain it
(``Anna Lavrov`` and ``Sergei Lavrov``: ``Lavrov`` is ambiguous). Groups are never merged by
subset. Speaker ids are a hash of the root key, so re-runs give the same ids.

Claims: quote texts are lower-cased and split into words (``\\w+``: whitespace of any kind and
punctuation normalised), shingled into word bigrams (one-word texts use the word; texts without
words are dropped). Identical normalised texts (the words joined by single spaces) are grouped
first: one row per *distinct* text (its id is the smallest ``article_id/quote_id`` of its
quotes), so wire copies of one quote cost one row, not a pair per copy. The distinct texts are
hashed (``HashingTF``, binary) and linked by Spark ML ``MinHashLSH`` (5 hash tables) with
``approxSimilarityJoin`` at Jaccard distance <= ``--claim-distance`` (0.5: a one-word edit in
a 20-word quote changes 2 of 19 bigrams, distance ~0.2, while different statements share almost
no bigrams; at 0.5 both halves of a pair share at least half of their bigrams). Pairs are kept
once (a < b), except two texts both quoted only in one and the same article (no cross-article
pair of quotes). The connected components of that edge list (union-find on the driver: only
edges between distinct texts, never the corpus) are expanded back to quotes: a claim is a
component of distinct texts with all the quotes of all its texts (a distinct text without an
edge is a component by itself, so one text quoted in two articles is a claim with no LSH edge),
and it is kept when it spans two articles or more. Its id is a hash of its smallest
``article_id/quote_id`` (stable across re-runs); its first appearance is the earliest
``published`` (ISO string order; missing dates last), then the smallest article id.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from quotes.annotator import Annotator
from quotes.cli import (
    BATCH_MAX_CHARS,
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_CHARS,
    _parse_line,
    extract_records,
)
from quotes.stages.cluster import name_key

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

DEFAULT_ANNOTATOR = "quotes.nlp:default_annotator"
DEFAULT_ROWS_PER_PARTITION = 32
DEFAULT_CLAIM_DISTANCE = 0.5
TABLES = ("articles", "errors", "quotes", "speakers", "claims")
_WORDS = re.compile(r"\w+")

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


def shingles(text: str) -> list[str]:
    """Word bigrams of the lower-cased words (the word itself for a one-word text)."""
    words = _WORDS.findall(text.lower())
    if len(words) < 2:
        return words
    return [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def _article_row(line: int, doc_id: Any, meta: dict[str, Any], result: dict[str, Any]
                 ) -> tuple[Any, ...]:
    aid = None if doc_id is None else str(doc_id)
    published, outlet, url = (_opt_str(meta.get(k)) for k in ("published", "outlet", "url"))
    error = result.get("error")
    if error is not None:
        return (line, aid, int(error["status"]), str(error["code"]), str(error["message"]),
                None, None, published, outlet, url, [], [])
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
            q["duplicate_of"], shingles(q["text"]),
        ))
    spk = [(s["id"], s["name"], s["kind"], list(s["aliases"]), list(s["titles"]),
            len(s["quotes"]), " ".join(name_key(s["name"])))
           for s in result["speakers"]]
    meta_out = result["meta"]
    return (line, aid, None, None, None, int(meta_out["elapsed_ms"]), int(meta_out["chars"]),
            published, outlet, url, quotes, spk)


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _extract_partition(rows: Iterable[tuple[int, str]], spec: str, chunk_size: int,
                       max_chars: int) -> Iterator[tuple[Any, ...]]:
    """One task: parse each numbered JSON line, extract in small chunks, one row per line."""
    pending: list[tuple[int, Any, dict[str, Any], str]] = []
    chars = 0

    def flush() -> Iterator[tuple[Any, ...]]:
        nonlocal pending, chars
        if pending:
            answers = extract_records([p[3] for p in pending], _annotator(spec))
            for (line, doc_id, meta, _), answer in zip(pending, answers, strict=True):
                yield _article_row(line, doc_id, meta, answer)
        pending, chars = [], 0

    for line, raw in rows:
        item = _parse_line(line, raw.encode("utf-8"), max_chars)
        if item.text is None:
            yield _article_row(line, item.id, {}, item.result or {})
            continue
        meta = json.loads(raw)
        pending.append((line, item.id, meta, item.text))
        chars += len(item.text)
        if len(pending) >= chunk_size or chars >= BATCH_MAX_CHARS:
            yield from flush()
    yield from flush()


# --------------------------------------------------------------------------- on the driver


def _schema() -> Any:
    from pyspark.sql import types as T

    s, i, f = T.StringType(), T.IntegerType(), T.DoubleType()
    quote = T.StructType([
        T.StructField(n, t) for n, t in [
            ("quote_id", s), ("type", s), ("text", s), ("start", i), ("end", i), ("cue", s),
            ("cue_lemma", s), ("speaker", s), ("speaker_kind", s), ("entity_id", s),
            ("mention", s), ("rule", s), ("confidence", f), ("paragraph", i), ("sentence", i),
            ("duplicate_of", s), ("shingles", T.ArrayType(s)),
        ]
    ])
    speaker = T.StructType([
        T.StructField(n, t) for n, t in [
            ("entity_id", s), ("name", s), ("kind", s), ("aliases", T.ArrayType(s)),
            ("titles", T.ArrayType(s)), ("quotes", i), ("key", s),
        ]
    ])
    return T.StructType([
        T.StructField(n, t) for n, t in [
            ("line", T.LongType()), ("article_id", s), ("status", i), ("code", s),
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
    """The input as JSON lines (``value``), Parquet rows turned into JSON objects."""
    from pyspark.sql import functions as F

    if _is_parquet(path, fmt):
        df = spark.read.parquet(path)
        cols = [F.col(c).cast("string").alias(c) if c == "published" else F.col(c)
                for c in df.columns]
        return df.select(F.to_json(F.struct(*cols)).alias("value"))
    return spark.read.text(path).filter(F.trim("value") != "")


def extract_corpus(spark: SparkSession, path: str, fmt: str = "auto",
                   spec: str = DEFAULT_ANNOTATOR, chunk_size: int = DEFAULT_BATCH_SIZE,
                   max_chars: int = DEFAULT_MAX_CHARS,
                   rows_per_partition: int = DEFAULT_ROWS_PER_PARTITION) -> DataFrame:
    """One row per input line (``_schema``), partitioned from the input's size."""
    lines = read_lines(spark, path, fmt).rdd.map(lambda r: r[0]).zipWithIndex()
    numbered = lines.map(lambda x: (x[1] + 1, x[0]))
    n = numbered.count()
    cores = spark.sparkContext.defaultParallelism
    parts = max(1, min(n, max(2 * cores, math.ceil(n / max(1, rows_per_partition)))))
    spread = numbered.partitionBy(parts, lambda k: int(k) % parts)
    out = spread.mapPartitions(
        lambda rows: _extract_partition(rows, spec, chunk_size, max_chars))
    return spark.createDataFrame(out, _schema())


def _speaker_map(sp: DataFrame) -> DataFrame:
    """``key -> speaker_id``: roots, and short keys inside exactly one root."""
    from pyspark.sql import functions as F

    keys = (sp.filter(F.col("kind") != "group").select("key").distinct()
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
    people = (keys.join(unique, keys["key"] == unique["sub"], "left")
              .select("key", F.coalesce("root", "key").alias("root")))
    groups = (sp.filter(F.col("kind") == "group").select("key").distinct()
              .select("key", F.concat(F.lit("group:"), "key").alias("root")))
    return (people.unionByName(groups)
            .withColumn("speaker_id", F.concat(F.lit("s"), F.substring(F.sha1("root"), 1, 12)))
            .select("key", "speaker_id"))


def build_speakers(ok: DataFrame) -> tuple[DataFrame, DataFrame]:
    """(per-article speakers with ``speaker_id``, the corpus ``speakers`` table)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    sp = (ok.select("article_id", F.explode("speakers").alias("s"))
          .select("article_id", "s.*").filter(F.col("key") != ""))
    linked = sp.join(_speaker_map(sp), "key")
    # the canonical name is the fullest one (most words, as in one article), then the most
    # quoted spelling: "Sergei Lavrov" over "Lavrov" however often "Lavrov" is quoted
    names = (linked.groupBy("speaker_id", "name").agg(F.sum("quotes").alias("n"))
             .withColumn("r", F.row_number().over(Window.partitionBy("speaker_id").orderBy(
                 F.desc(F.size(F.split("name", " "))), F.desc("n"), F.desc(F.length("name")),
                 "name")))
             .filter("r = 1").select("speaker_id", F.col("name").alias("canonical")))
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
        "titles", F.col("main_kind").alias("kind"), "quotes", "articles", "keys"))
    return linked.select("article_id", "entity_id", "speaker_id"), speakers


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


def build_claims(spark: SparkSession, quotes: DataFrame, distance: float) -> DataFrame:
    """Near-duplicate quotes across articles: identical normalised texts grouped first, the
    distinct texts linked by MinHashLSH (see the module doc)."""
    from pyspark.ml.feature import HashingTF, MinHashLSH
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    # the normalised text (the words of ``shingles``, joined by single spaces)
    words = F.concat_ws(" ", F.transform("shingles", lambda s: F.split(s, " ").getItem(0)),
                        F.element_at(F.split(F.element_at("shingles", -1), " "), -1))
    q = (quotes.filter(F.size("shingles") > 0)
         .withColumn("uid", F.concat_ws("/", "article_id", "quote_id"))
         .withColumn("norm", F.when(F.size("shingles") == 1, F.col("shingles").getItem(0))
                     .otherwise(words)))
    # one row per distinct text: its id is the smallest uid of its quotes
    texts = q.groupBy("norm").agg(
        F.min("uid").alias("tid"), F.first("shingles").alias("shingles"),
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
    first = F.min(F.struct(F.col("published").isNull().alias("nodate"), "published",
                           "article_id", "quote_id", "text"))
    claims = q.groupBy(F.col("troot").alias("root")).agg(
        first.alias("first"),
        F.array_sort(F.collect_set("article_id")).alias("article_ids"),
        F.array_sort(F.collect_set("uid")).alias("quote_ids"),
        F.array_sort(F.collect_set("speaker_id")).alias("speaker_ids"),
        F.array_sort(F.collect_set("outlet")).alias("outlets"),
        F.count("*").cast("int").alias("quotes"),
    )
    return (claims.withColumn("articles", F.size("article_ids"))
            .filter(F.col("articles") >= 2)
            .select(F.concat(F.lit("c"), F.substring(F.sha1("root"), 1, 12)).alias("claim_id"),
                    F.col("first.text").alias("text"), "article_ids", "quote_ids",
                    "speaker_ids", F.col("first.article_id").alias("first_article_id"),
                    F.col("first.published").alias("first_published"), "outlets",
                    "articles", "quotes"))


def _delete(spark: SparkSession, path: str) -> None:
    jvm: Any = spark.sparkContext._jvm
    p = jvm.org.apache.hadoop.fs.Path(path)
    jsc: Any = spark.sparkContext._jsc
    p.getFileSystem(jsc.hadoopConfiguration()).delete(p, True)


def run(spark: SparkSession, input_path: str, outdir: str, *, fmt: str = "auto",
        spec: str = DEFAULT_ANNOTATOR, chunk_size: int = DEFAULT_BATCH_SIZE,
        max_chars: int = DEFAULT_MAX_CHARS,
        rows_per_partition: int = DEFAULT_ROWS_PER_PARTITION,
        claim_distance: float = DEFAULT_CLAIM_DISTANCE) -> dict[str, int]:
    """The whole job; returns the row count of each table."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    out = outdir.rstrip("/")
    work = f"{out}/extracted.tmp"  # not "_x": Spark hides such paths
    t0 = time.perf_counter()
    extract_corpus(spark, input_path, fmt, spec, chunk_size, max_chars,
                   rows_per_partition).write.mode("overwrite").parquet(work)
    timings = {"extract": time.perf_counter() - t0}
    done = spark.read.parquet(work)
    # a repeated id: the first line is the article, the others are 409 errors (like ``batch``)
    rank = F.row_number().over(Window.partitionBy("article_id").orderBy("line"))
    done = done.withColumn("dup", F.when(F.col("article_id").isNotNull() & F.col("status").isNull(),
                                         rank > 1).otherwise(F.lit(False)))
    ok = done.filter(F.col("status").isNull() & ~F.col("dup"))
    errors = done.filter(F.col("status").isNotNull() | F.col("dup")).select(
        "article_id",
        F.when(F.col("dup"), F.lit(409)).otherwise(F.col("status")).alias("status"),
        F.when(F.col("dup"), F.lit("duplicate_id")).otherwise(F.col("code")).alias("code"),
        F.when(F.col("dup"), F.concat(F.lit("id "), F.col("article_id"),
                                      F.lit(" appeared on an earlier line")))
        .otherwise(F.col("message")).alias("message"),
        "line")
    articles = ok.select("article_id", F.size("quotes").alias("quotes"), "elapsed_ms",
                         F.size("speakers").alias("speakers"), "chars", "published", "outlet",
                         "url", "line")
    linked, speakers = build_speakers(ok)
    quotes = (ok.select("article_id", "published", "outlet", F.explode("quotes").alias("q"))
              .select("article_id", "q.*", "published", "outlet")
              .join(linked, ["article_id", "entity_id"], "left"))
    quote_cols = ["article_id", "quote_id", "type", "text", "start", "end", "cue", "speaker",
                  "speaker_kind", "entity_id", "speaker_id", "mention", "rule", "confidence",
                  "published", "outlet", "cue_lemma", "paragraph", "sentence", "duplicate_of"]
    t1 = time.perf_counter()
    claims = build_claims(spark, quotes, claim_distance)
    timings["claim_edges"] = time.perf_counter() - t1
    tables = {"articles": articles, "errors": errors, "quotes": quotes.select(*quote_cols),
              "speakers": speakers, "claims": claims}
    counts = {}
    for name, df in tables.items():
        t1 = time.perf_counter()
        df.write.mode("overwrite").parquet(f"{out}/{name}")
        counts[name] = spark.read.parquet(f"{out}/{name}").count()
        timings[name] = time.perf_counter() - t1
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
                   .config("spark.sql.shuffle.partitions", "8"))
    spark: SparkSession = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="quotes corpus",
        description="Extract the quotes of a whole corpus as an Apache Spark job and write "
        "the Parquet tables articles/, errors/, quotes/, speakers/ and claims/ under OUTDIR "
        "(each overwritten).",
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
    t0 = time.perf_counter()
    spark = session(args.master)
    try:
        counts = run(spark, args.input, args.outdir, fmt=args.fmt, spec=args.annotator,
                     chunk_size=args.chunk_size, max_chars=args.max_chars,
                     rows_per_partition=args.rows_per_partition,
                     claim_distance=args.claim_distance)
    finally:
        spark.stop()
    elapsed = time.perf_counter() - t0
    n = counts["articles"] + counts["errors"]
    print(" ".join(f"{k}={v}" for k, v in counts.items())
          + f" elapsed={elapsed:.1f}s rate={n / elapsed:.1f} articles/s", file=sys.stderr)
    return 0
