"""The image's recipe (no container engine runs here, so it is read, not built): the default
target is the service; a ``corpus`` target adds Java and the Spark extra; every file it copies
exists; every install uses the lock."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def stages() -> list[tuple[str, str, list[str]]]:
    """(base, name, instructions) of each stage, comments and continuations folded."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    out: list[tuple[str, str, list[str]]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.match(r"FROM\s+(\S+)(?:\s+AS\s+(\S+))?$", line, re.IGNORECASE)
        if m:
            out.append((m.group(1), m.group(2) or "", []))
        else:
            out[-1][2].append(line)
    return out


def test_default_target_is_the_service_and_corpus_is_a_target() -> None:
    s = stages()
    names = [name for _, name, _ in s]
    assert names[0] == "service" and "corpus" in names
    base, name, body = s[-1]
    assert base == "service" and name == "" and body == []  # `docker build` gives the service
    service = s[0][2]
    assert any(i.startswith("CMD") and "quotes.serve" in i for i in service)
    assert any("nginx" in i for i in service if i.startswith("RUN"))


def test_corpus_target_has_java_and_the_spark_extra_under_the_lock() -> None:
    base, _, body = next(st for st in stages() if st[1] == "corpus")
    assert base == "service"
    runs = " ".join(i for i in body if i.startswith("RUN"))
    assert "openjdk-17-jre-headless" in runs
    assert "-r requirements-spark.txt -c constraints.txt" in runs
    assert body[-2:] == ["USER quotes", 'CMD ["python", "-m", "quotes", "corpus", "--help"]']


def test_every_copied_file_exists_and_every_pip_install_is_locked() -> None:
    for _, _, body in stages():
        for i in body:
            if i.startswith("COPY"):
                for src in i.split()[1:-1]:
                    assert (ROOT / src.rstrip("/")).exists(), src
            if "pip install" in i and "--no-deps" not in i:
                assert "-c constraints.txt" in i, i
