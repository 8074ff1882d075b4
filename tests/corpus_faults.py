"""Fault injection for tests/test_corpus.py, imported by the Spark Python workers.

``annotator()`` is the real annotator wrapped so that a text holding ``RAISE_MARK`` makes
tokenization raise (a document that raises), and a text holding ``KILL_MARK`` kills the Python
worker with SIGKILL on its first attempt only (the file named by ``QUOTES_TEST_KILL_MARKER`` is
created just before the kill, so Spark's retry goes through).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Sequence
from pathlib import Path
from typing import Any

RAISE_MARK = "RUSAK-SENGAJA"
KILL_MARK = "BUNUH-PEKERJA"


class FaultyAnnotator:
    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name

    def tokenize(self, texts: Sequence[str]) -> Any:
        if any(RAISE_MARK in t for t in texts):
            raise RuntimeError("injected failure")
        marker = os.environ.get("QUOTES_TEST_KILL_MARKER")
        if marker and any(KILL_MARK in t for t in texts) and not Path(marker).exists():
            Path(marker).write_text(str(os.getpid()), encoding="utf-8")
            os.kill(os.getpid(), signal.SIGKILL)
        return self.inner.tokenize(texts)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def annotator() -> FaultyAnnotator:
    from quotes.nlp import default_annotator

    return FaultyAnnotator(default_annotator())
