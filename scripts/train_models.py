"""Build the shipped Indonesian Stanza models from the UD treebanks, CPU only, reproducibly.

Recipe (see README "Models"):
1. merge UD_Indonesian-GSD dev, CSUI train+test and PUD test into one training treebank
   (XPOS blanked: the three treebanks use incompatible XPOS schemes; the clitic lemma
   ``nya`` normalised to GSD's ``dia``), holding out 8% of sentences (fixed seed) for early
   stopping; GSD test stays untouched as the test set;
2. prepare the data with Stanza's own ``prepare_*_treebank`` scripts (gold tags for lemma and
   depparse, so nothing tries to download a tagger);
3. train tokenize, mwt, lemma, pos and depparse with Stanza's own ``run_*`` trainers, two jobs
   in parallel with one thread each, fixed seeds, sizes chosen for a CPU;
4. copy only the final model files into ``quotes/models/id/`` and write ``manifest.json``
   (treebanks, versions, sha256 of each file); ``scripts/model_scores.py`` adds the test scores.

Usage: python scripts/train_models.py [--ud ../shared/data/ud] [--work build/train]
       [--out quotes/models/id] [--only tokenize,mwt,...]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

TREEBANK = "UD_Indonesian-Quotes"
SHORT = "id_quotes"
SEED = 1234
HELD_OUT = 0.08

SOURCES = [
    ("UD_Indonesian-GSD", "id_gsd-ud-dev.conllu"),
    ("UD_Indonesian-CSUI", "id_csui-ud-train.conllu"),
    ("UD_Indonesian-CSUI", "id_csui-ud-test.conllu"),
    ("UD_Indonesian-PUD", "id_pud-ud-test.conllu"),
]
TEST = ("UD_Indonesian-GSD", "id_gsd-ud-test.conllu")

# (processor, prepare module, prepare args, train module, train args, saved file)
STEPS = {
    "tokenize": ("prepare_tokenizer_treebank", [], "run_tokenizer",
                 ["--no_charlm", "--steps", "1500", "--max_steps_before_stop", "1000"],
                 "tokenize/id_quotes_tokenizer.pt"),
    "mwt": ("prepare_mwt_treebank", [], "run_mwt", [], "mwt/id_quotes_mwt_expander.pt"),
    "lemma": ("prepare_lemma_treebank", ["--gold"], "run_lemma",
              ["--no_charlm", "--num_epoch", "6", "--decay_epoch", "4"],
              "lemma/id_quotes_nocharlm_lemmatizer.pt"),
    "pos": ("prepare_pos_treebank", [], "run_pos",
            ["--no_charlm", "--no_pretrain", "--char_hidden_dim", "200", "--batch_size", "64",
             "--max_steps", "1000"],
            "pos/id_quotes_nopretrain_tagger.pt"),
    "depparse": ("prepare_depparse_treebank", ["--gold"], "run_depparse",
                 ["--no_charlm", "--no_pretrain", "--batch_size", "2000", "--hidden_dim", "200",
                  "--char_hidden_dim", "200", "--deep_biaff_hidden_dim", "200",
                  "--max_steps", "1200"],
                 "depparse/id_quotes_nopretrain_parser.pt"),
}
# Two lanes of roughly equal length on two cores (measured: ~55 and ~45 minutes).
LANES = [["tokenize", "mwt", "lemma", "pos"], ["depparse"]]


def read_sentences(path: Path) -> list[list[str]]:
    sentences, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            current.append(line)
        elif current:
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def normalise(sentence: list[str]) -> list[str]:
    """Blank XPOS and give the clitic ``nya`` GSD's lemma ``dia``; drop newdoc/newpar."""
    out = []
    for line in sentence:
        if line.startswith("#"):
            if not line.startswith(("# newdoc", "# newpar")):
                out.append(line)
            continue
        cols = line.split("\t")
        if len(cols) == 10 and cols[0].isdigit():
            cols[4] = "_"
            if cols[1].lower() == "nya" and cols[3] == "PRON":
                cols[2] = "dia"
        out.append("\t".join(cols))
    return out


def write(path: Path, sentences: list[list[str]]) -> None:
    path.write_text("".join("\n".join(s) + "\n\n" for s in sentences), encoding="utf-8")


def merge(ud: Path, udbase: Path) -> dict[str, int]:
    target = udbase / TREEBANK
    target.mkdir(parents=True, exist_ok=True)
    pool: list[list[str]] = []
    for treebank, name in SOURCES:
        pool.extend(normalise(s) for s in read_sentences(ud / treebank / name))
    rng = random.Random(SEED)
    order = list(range(len(pool)))
    rng.shuffle(order)
    n_dev = round(len(pool) * HELD_OUT)
    dev_ids = set(order[:n_dev])
    train = [s for i, s in enumerate(pool) if i not in dev_ids]
    dev = [s for i, s in enumerate(pool) if i in dev_ids]
    test = [normalise(s) for s in read_sentences(ud / TEST[0] / TEST[1])]
    write(target / f"{SHORT}-ud-train.conllu", train)
    write(target / f"{SHORT}-ud-dev.conllu", dev)
    write(target / f"{SHORT}-ud-test.conllu", test)
    return {"train": len(train), "dev": len(dev), "test": len(test)}


def run(cmd: list[str], env: dict[str, str], cwd: Path, log: Path) -> None:
    with log.open("a", encoding="utf-8") as fh:
        fh.write(f"$ {' '.join(cmd)}\n")
        fh.flush()
        subprocess.run(cmd, env=env, cwd=cwd, stdout=fh, stderr=subprocess.STDOUT, check=True)


def lane(steps: list[str], env: dict[str, str], work: Path) -> list[tuple[str, float]]:
    timings = []
    for step in steps:
        prep, prep_args, trainer, train_args, _ = STEPS[step]
        log = work / f"{step}.log"
        log.unlink(missing_ok=True)
        t0 = time.monotonic()
        run([sys.executable, "-m", f"stanza.utils.datasets.{prep}", TREEBANK, *prep_args],
            env, work, log)
        run([sys.executable, "-m", f"stanza.utils.training.{trainer}", TREEBANK, "--force",
             *train_args, "--seed", str(SEED)], env, work, log)
        timings.append((step, time.monotonic() - t0))
        print(f"[train] {step} done in {timings[-1][1] / 60:.1f} min", flush=True)
        _record_timing(work, step, timings[-1][1])
    return timings


def _record_timing(work: Path, step: str, seconds: float) -> None:
    """Keep each step's training time in the work dir (a later --only run keeps the others)."""
    path = work / "timings.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    data[step] = round(seconds / 60, 1)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def sha256(path: Path) -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from quotes.nlp import sha256_file  # the loader checks with the same function

    return sha256_file(path)


def _final_model(folder: Path) -> Path:
    """The one final model file a trainer saved (its checkpoint is left behind)."""
    found = [p for p in folder.glob("id_quotes*.pt") if "checkpoint" not in p.name]
    if len(found) != 1:
        raise SystemExit(f"expected one final model in {folder}, found {found}")
    return found[0]


def _training_minutes(work: Path, timings: dict[str, float]) -> dict[str, float]:
    path = work / "timings.json"
    recorded = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    recorded.update({k: round(v / 60, 1) for k, v in timings.items()})
    return {step: recorded[step] for step in STEPS if step in recorded}


def package(work: Path, out: Path, counts: dict[str, int], timings: dict[str, float]) -> None:
    import stanza  # noqa: PLC0415  (build-time only; the package imports stanza in nlp.py alone)
    import torch  # noqa: PLC0415

    out.mkdir(parents=True, exist_ok=True)
    files = {}
    for step, (*_, saved) in STEPS.items():  # ner.pt: scripts/train_ner.py
        src = _final_model(work / "saved_models" / Path(saved).parent)
        dst = out / f"{step}.pt"
        shutil.copyfile(src, dst)
        files[step] = {"file": dst.name, "sha256": sha256(dst), "bytes": dst.stat().st_size}
    manifest = {
        "language": "id",
        "treebanks": {
            "train": [f"{t}/{n}" for t, n in SOURCES],
            "held_out_for_early_stopping": HELD_OUT,
            "test": f"{TEST[0]}/{TEST[1]}",
            "license": "CC BY-SA 4.0",
        },
        "sentences": counts,
        "stanza": stanza.__version__,
        "torch": torch.__version__.split("+")[0],
        "seed": SEED,
        "training_minutes": _training_minutes(work, timings),
        "files": files,
        "scores": {},
    }
    old_path = out / "manifest.json"
    if old_path.is_file():
        # the NER model is built by scripts/train_ner.py: keep its entry
        old = json.loads(old_path.read_text(encoding="utf-8"))
        if "ner" in old.get("files", {}) and "ner" in old:
            manifest["files"]["ner"] = old["files"]["ner"]  # type: ignore[index]
            manifest["ner"] = old["ner"]
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    # Stanza's Pipeline reads a resources.json; an empty one plus explicit model paths keeps it
    # from looking anything up
    (out / "resources.json").write_text("{}\n", encoding="utf-8")


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ud", type=Path, default=root.parent / "shared" / "data" / "ud")
    parser.add_argument("--work", type=Path, default=root / "build" / "train")
    parser.add_argument("--out", type=Path, default=root / "quotes" / "models" / "id")
    parser.add_argument("--package-only", action="store_true",
                        help="skip training; package what --work already holds")
    parser.add_argument("--only", default="",
                        help="comma-separated steps to (re)train, e.g. lemma,pos")
    args = parser.parse_args()

    work = args.work.resolve()
    udbase = work / "ud"
    work.mkdir(parents=True, exist_ok=True)
    counts = merge(args.ud.resolve(), udbase)
    print(f"[train] merged treebank: {counts}", flush=True)
    env = dict(os.environ, UDBASE=str(udbase), DATA_ROOT=str(work / "data"),
               OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONHASHSEED=str(SEED),
               STANZA_RESOURCES_DIR=str(work / "no_resources"))
    timings: dict[str, float] = {}
    if not args.package_only:
        only = {x for x in args.only.split(",") if x}
        lanes = [[s for s in lane_ if not only or s in only] for lane_ in LANES]
        lanes = [lane_ for lane_ in lanes if lane_]
        with concurrent.futures.ThreadPoolExecutor(len(lanes)) as pool:
            for result in pool.map(lambda steps: lane(steps, env, work), lanes):
                timings.update(result)
        if only:
            return
    package(work, args.out.resolve(), counts, timings)
    print(f"[train] packaged into {args.out}", flush=True)


if __name__ == "__main__":
    main()
