"""The whole flow on one screen: clean -> annotate -> quotes -> cues -> attribute -> resolve -> cluster.

Every stage is a plain function over immutable data (``quotes.model``); the file names under
``quotes/stages/`` are the pipeline.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from quotes import __version__
from quotes.annotator import Annotator
from quotes.model import Extraction, Meta


def extract(text: str, annotator: Annotator) -> Extraction:
    """Extract every attributed quote from one article."""
    return extract_many([text], annotator)[0]


def extract_many(texts: Sequence[str], annotator: Annotator) -> list[Extraction]:
    """Extract from several articles, annotating them together in one batch."""
    t0 = time.perf_counter()
    docs = annotator.tokenize(list(texts))
    docs = annotator.parse(docs, [set() for _ in docs])
    elapsed = int((time.perf_counter() - t0) * 1000)
    return [
        Extraction((), (), (), Meta("id", __version__, annotator.name, len(doc.text), elapsed))
        for doc in docs
    ]
