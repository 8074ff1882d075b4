"""The immutable data model: every span is half-open code-point offsets into ONE submitted text.

Cleaning is length-preserving (noise becomes spaces), so offsets into the cleaned text are
offsets into the original and no offset map exists anywhere in the project.

    Document  -- what the annotator returns: paragraphs, sentences, words
    Quote, Cue, Mention, Attribution, Speaker, Ignored, Extraction -- what the engine returns
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Literal

QuoteKind = Literal["direct", "indirect", "mixed"]
SpeakerKind = Literal["person", "organization", "group"]
IgnoredReason = Literal["boilerplate", "spam", "related-links"]
LooksLike = Literal["id", "ms", "other", "unknown"]


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open ``[start, end)`` offsets into the document text."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Word:
    """A syntactic word; a split clitic (``tambah`` + ``nya``) keeps its surface token's span.

    ``head`` is the index into ``Document.words`` of the syntactic head, ``None`` for the root
    or when the sentence was not parsed (``Sentence.parsed`` is False; upos/lemma are then "").
    ``ner`` is the BIOES entity tag of the word's surface token (``B-PER``, ``E-ORG``,
    ``S-LOC``, ``O``), "" when the sentence was not tagged (``Sentence.ner`` is False).
    """

    index: int
    text: str
    start: int
    end: int
    sentence: int
    token_start: int
    token_end: int
    lemma: str = ""
    upos: str = ""
    head: int | None = None
    deprel: str = ""
    ner: str = ""

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    @property
    def is_clitic_part(self) -> bool:
        """True for the pieces of a multiword token such as ``ujarnya`` -> ``ujar`` + ``nya``."""
        return (self.token_start, self.token_end) != (self.start, self.end)


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    paragraph: int
    first_word: int
    end_word: int
    parsed: bool = False
    ner: bool = False

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    @property
    def word_range(self) -> range:
        return range(self.first_word, self.end_word)


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    paragraphs: tuple[Span, ...]
    sentences: tuple[Sentence, ...]
    words: tuple[Word, ...]

    def sentence_words(self, sentence: Sentence) -> tuple[Word, ...]:
        return self.words[sentence.first_word : sentence.end_word]

    def paragraph_at(self, offset: int) -> int:
        """Index of the paragraph holding ``offset`` (the previous one when between them)."""
        k = bisect.bisect_right(self.paragraphs, offset, key=lambda p: p.start) - 1
        return max(0, k)


@dataclass(frozen=True, slots=True)
class Ignored:
    start: int
    end: int
    reason: IgnoredReason


@dataclass(frozen=True, slots=True)
class Cue:
    text: str
    lemma: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """The words that point to the speaker for one quote: a name, a title, a pronoun, ``-nya``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Alternative:
    """Another speaker the decision weighed for a quote: its name, entity id (``None`` for
    "no speaker") and the probability the decision gave it."""

    name: str | None
    entity: str | None
    probability: float


@dataclass(frozen=True, slots=True)
class Attribution:
    name: str
    entity: str
    mention: Mention | None
    rule: str
    #: the probability the speaker decision gave this speaker among its candidates (``None``
    #: when no trained decision ran)
    probability: float | None = None
    #: when the chosen speaker's probability is under 0.9: up to two other candidates, best
    #: first (a fact-checker reviewing the attribution sees who else it could be)
    alternatives: tuple[Alternative, ...] = ()


ClaimType = Literal["quantity", "cause", "rule", "prediction", "event", "personal"]
SignalType = Literal["quantity", "comparison", "cause", "rule", "future", "date", "personal"]


@dataclass(frozen=True, slots=True)
class Signal:
    """A span of a quote that bears on what it claims (``quotes.claims``): a number and its
    unit, a comparative, a causal connective, a law or rule, a future marker, a date, a
    first-person marker. ``text`` is ``text[start:end]`` of the submitted text.

    A ``quantity`` carries ``value`` (and ``max`` for a range, ``unit`` when the text names
    one: ``percent``, ``IDR``, ``tonne``, ``people``, ``factor`` ...) when the text gives a
    number; a ``date`` carries ``iso`` (``2025``, ``2025-07``, ``2025-07-17``) when it names
    the year.
    """

    type: SignalType
    text: str
    start: int
    end: int
    value: float | None = None
    max: float | None = None
    unit: str | None = None
    iso: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """What a quote claims, for a fact-checker: whether it is checkable (any type other than
    ``personal``), the calibrated probability of that, its types and the signals read."""

    checkable: bool
    score: float
    types: tuple[ClaimType, ...]
    signals: tuple[Signal, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    type: QuoteKind
    text: str
    start: int
    end: int
    cue: Cue | None
    speaker: Attribution | None
    confidence: float
    paragraph: int
    sentence: int
    duplicate_of: str | None = None
    #: what the quote claims (``quotes.claims``); ``None`` only for a quote built outside
    #: the pipeline
    claim: Claim | None = None


@dataclass(frozen=True, slots=True)
class Speaker:
    id: str
    name: str
    kind: SpeakerKind
    aliases: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LanguageCheck:
    """Whether the text looks Indonesian (``quotes.language``): a signal, never a gate.

    ``looks_like`` is ``id``, ``ms`` (Malay), ``other`` or ``unknown`` (fewer than 20 words);
    ``confidence`` (0–1) is how sure the check is of it, 0 for ``unknown``; ``words`` is the
    number of words it read.
    """

    looks_like: LooksLike
    confidence: float
    words: int

    @property
    def looks_indonesian(self) -> bool | None:
        """True for ``id``, False for ``ms`` and ``other``, None for ``unknown``."""
        return None if self.looks_like == "unknown" else self.looks_like == "id"


#: the check of a Meta built without one
NOT_CHECKED = LanguageCheck("unknown", 0.0, 0)


@dataclass(frozen=True, slots=True)
class Meta:
    language: str
    version: str
    models: str
    chars: int
    elapsed_ms: int
    language_check: LanguageCheck = NOT_CHECKED


@dataclass(frozen=True, slots=True)
class Extraction:
    quotes: tuple[Quote, ...]
    speakers: tuple[Speaker, ...]
    ignored: tuple[Ignored, ...]
    meta: Meta
    timings: dict[str, float] = field(default_factory=dict, compare=False)
