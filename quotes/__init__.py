"""quotes: who said what in Indonesian news articles.

    >>> from quotes import extract
    >>> result = extract(article_text)   # loads the shipped Stanza models once, then reuses them
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from quotes.model import Extraction

__all__ = ["__version__", "extract"]


def extract(text: str) -> Extraction:
    """Extract every attributed quote from ``text`` with the default (shipped) models."""
    from quotes.nlp import default_annotator
    from quotes.pipeline import extract as run

    return run(text, default_annotator())
