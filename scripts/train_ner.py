"""Build the shipped Indonesian NER model (PER, ORG, LOC) with Stanza's own trainer, CPU only.

Recipe (see README "Models"):
1. the cased news and Wikipedia sets of ``../shared/data/ner`` (indolem-nerui, indolem-nerugm,
   indonlu-nergrit, ialfina-goldstandard): their train splits together for training, their dev
   splits together for early stopping; every test split is kept for testing only. NERP is left
   out: it is lower-cased, has no ORG class and overlaps nerugm (the data README);
2. BIO files -> Stanza's NER json with ``stanza.utils.datasets.ner.prepare_ner_file`` (Stanza
   converts BIO to BIOES itself);
3. ``python -m stanza.models.ner_tagger --mode train --no_pretrain`` with sizes chosen for a CPU
   (one thread, fixed seed);
4. the final model is copied to ``quotes/models/id/ner.pt`` and registered in ``manifest.json``
   (sha256 checked at load); ``scripts/model_scores.py --ner`` adds the per-type test scores.

Usage: python scripts/train_ner.py [--ner ../shared/data/ner] [--work build/train-ner]
       [--out quotes/models/id] [--package-only]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

SEED = 1234
SETS = ("indolem-nerui", "indolem-nerugm", "indonlu-nergrit", "ialfina-goldstandard")
SAVE_NAME = "id_quotes_nertagger.pt"
# measured on one CPU thread (issue 8): Stanza's default sizes were no better on dev at twice
# the size and time
TRAIN_ARGS = [
    "--no_pretrain", "--batch_size", "32", "--hidden_dim", "128", "--char_hidden_dim", "64",
    "--word_emb_dim", "64", "--char_emb_dim", "50", "--max_steps", "6000",
    "--eval_interval", "200", "--optim", "sgd", "--lr", "0.1",
]


def to_json(bio_files: list[Path], out: Path) -> int:
    """Concatenate BIO files into one Stanza NER json document; return the sentence count."""
    from stanza.utils.datasets.ner.prepare_ner_file import load_conll03  # noqa: PLC0415

    document = []
    for path in bio_files:
        for words, tags in load_conll03(str(path)):
            document.append([{"text": w, "ner": t} for w, t in zip(words, tags, strict=True)])
    out.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return len(document)


def prepare(ner: Path, work: Path) -> dict[str, int]:
    data = work / "data"
    data.mkdir(parents=True, exist_ok=True)
    counts = {
        "train": to_json([ner / s / "train.bio" for s in SETS], data / "train.json"),
        "dev": to_json([ner / s / "dev.bio" for s in SETS], data / "dev.json"),
    }
    for s in SETS:
        counts[f"test:{s}"] = to_json([ner / s / "test.bio"], data / f"test-{s}.json")
    return counts


def train(work: Path) -> float:
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONHASHSEED=str(SEED),
               STANZA_RESOURCES_DIR=str(work / "no_resources"))
    cmd = [
        sys.executable, "-m", "stanza.models.ner_tagger", "--mode", "train",
        "--train_file", str(work / "data" / "train.json"),
        "--eval_file", str(work / "data" / "dev.json"),
        "--shorthand", "id_quotes", "--save_dir", str(work / "saved_models"),
        "--save_name", SAVE_NAME, "--seed", str(SEED), "--cpu", *TRAIN_ARGS,
    ]
    t0 = time.monotonic()
    with (work / "ner.log").open("w", encoding="utf-8") as fh:
        fh.write(f"$ {' '.join(cmd)}\n")
        fh.flush()
        subprocess.run(cmd, env=env, cwd=work, stdout=fh, stderr=subprocess.STDOUT, check=True)
    return time.monotonic() - t0


def package(work: Path, out: Path, counts: dict[str, int], minutes: float | None) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from quotes.nlp import sha256_file  # noqa: PLC0415  (the loader checks with it)

    src = work / "saved_models" / SAVE_NAME
    dst = out / "ner.pt"
    shutil.copyfile(src, dst)
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["files"]["ner"] = {"file": dst.name, "sha256": sha256_file(dst),
                                "bytes": dst.stat().st_size}
    manifest["ner"] = {
        "datasets": {"train_and_dev": list(SETS), "test": list(SETS),
                     "left_out": "indonlu-nerp (lower-cased, no ORG, overlaps nerugm)"},
        "sentences": counts,
        "args": TRAIN_ARGS,
        "seed": SEED,
        "training_minutes": minutes if minutes is not None
        else manifest.get("ner", {}).get("training_minutes"),
        "scores": manifest.get("ner", {}).get("scores", {}),
    }
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ner", type=Path, default=root.parent / "shared" / "data" / "ner")
    parser.add_argument("--work", type=Path, default=root / "build" / "train-ner")
    parser.add_argument("--out", type=Path, default=root / "quotes" / "models" / "id")
    parser.add_argument("--package-only", action="store_true",
                        help="skip training; package what --work already holds")
    args = parser.parse_args()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    counts = prepare(args.ner.resolve(), work)
    print(f"[ner] sentences: {counts}", flush=True)
    minutes = None
    if not args.package_only:
        minutes = round(train(work) / 60, 1)
        print(f"[ner] trained in {minutes} min", flush=True)
    package(work, args.out.resolve(), counts, minutes)
    print(f"[ner] packaged into {args.out / 'ner.pt'}", flush=True)


if __name__ == "__main__":
    main()
