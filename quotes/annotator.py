"""What the engine needs from an NLP annotator; production uses the Stanza adapter in nlp.py.

Annotation runs in two steps so that the expensive part (tagging, lemmas, the dependency
parse) is spent only on sentences where a quote can be: ``tokenize`` splits every document
into paragraphs, sentences and words; ``parse`` fills upos/lemma/head/deprel for the chosen
sentences; ``recognize`` fills the entity tags (PER/ORG/LOC) of the chosen sentences. All take
lists so that a batch of documents is annotated in one pass.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol

from quotes.model import Document


class Annotator(Protocol):
    #: short description of the models, reported in every response's ``meta.models``
    name: str

    def tokenize(self, texts: Sequence[str]) -> list[Document]: ...

    def parse(
        self, docs: Sequence[Document], sentences: Sequence[Collection[int]]
    ) -> list[Document]: ...

    def recognize(
        self, docs: Sequence[Document], sentences: Sequence[Collection[int]]
    ) -> list[Document]: ...
