"""The word lists in ``quotes/data/``: reporting cues (cues.toml) and speaker words (names.toml)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

DATA = Path(__file__).parent / "data"

CueKind = Literal["say", "attitude", "source"]
FormKind = Literal["bare", "clitic", "verb", "phrase"]


@dataclass(frozen=True, slots=True)
class CueForm:
    """One surface form of a reporting cue: ``tambahnya`` is root tambah, kind say, clitic."""

    form: str
    root: str
    kind: CueKind
    form_kind: FormKind


@dataclass(frozen=True)
class Lexicon:
    forms: dict[str, CueForm]  # single-word forms, lower-case
    phrases: dict[tuple[str, ...], CueForm]  # multi-word forms
    titles: frozenset[str]
    honorifics: frozenset[str]
    org_words: frozenset[str]
    agencies: frozenset[str]
    singular_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    group_words: frozenset[str]
    function_words: frozenset[str]
    #: ordinary words, not names (quotes/data/common_words.txt, learned from the UD and NER
    #: training corpora by scripts/build_common_words.py)
    common_words: frozenset[str] = frozenset()

    def is_common(self, word: str) -> bool:
        """Whether ``word`` is an ordinary word: in the common list itself, or with a clitic
        (``akibatnya``, ``begitupun``) or the nominal ``ke-…-an`` (``kedatangan``) around a
        common stem."""
        w = word.lower().strip(".,;:()\"'\u201c\u201d")
        if w in self.common_words:
            return True
        for suffix in ("nya", "pun", "lah", "kah"):
            if w.endswith(suffix) and w[: -len(suffix)] in self.common_words:
                return True
        return (len(w) > 6 and w.startswith("ke") and w.endswith("an")
                and w[2:-2] in self.common_words)

    @property
    def max_phrase(self) -> int:
        return max((len(p) for p in self.phrases), default=1)

    @cached_property
    def closing_cue(self) -> re.Pattern[str]:
        """", kata" / ", ujarnya": where a quote whose closing mark is missing ends."""
        words = sorted((f for f, c in self.forms.items()
                        if c.form_kind in ("bare", "clitic") and c.kind == "say"),
                       key=len, reverse=True)
        alternatives = "|".join(map(re.escape, words))
        return re.compile(rf",\s{{0,3}}(?:{alternatives})\b", re.IGNORECASE)


def parse_cues(data: dict[str, dict[str, object]]) -> tuple[
    dict[str, CueForm], dict[tuple[str, ...], CueForm]
]:
    """Expand the cue table: bare forms also give their ``-nya`` clitic form (kata -> katanya)."""
    forms: dict[str, CueForm] = {}
    phrases: dict[tuple[str, ...], CueForm] = {}
    for root, entry in data.items():
        kind = entry.get("kind")
        if kind not in ("say", "attitude", "source"):
            raise ValueError(f"cue {root!r}: unknown kind {kind!r}")
        lemma = root.split("_")[0]

        def add(form: str, form_kind: FormKind, lemma: str = lemma, kind: object = kind) -> None:
            cue = CueForm(form.lower(), lemma, kind, form_kind)  # type: ignore[arg-type]
            words = tuple(form.lower().split())
            if len(words) > 1 or form_kind == "phrase":
                phrases.setdefault(words, cue)
            else:
                forms.setdefault(words[0], cue)

        for form in _strings(entry.get("bare", []), root):
            add(form, "bare")
            add(form + "nya", "clitic")
        for form in _strings(entry.get("verb", []), root):
            add(form, "verb")
        for form in _strings(entry.get("phrase", []), root):
            add(form, "phrase")
    return forms, phrases


def _strings(value: object, root: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"cue {root!r}: forms must be a list of strings")
    return list(value)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    cues = tomllib.loads((DATA / "cues.toml").read_text(encoding="utf-8"))
    names = tomllib.loads((DATA / "names.toml").read_text(encoding="utf-8"))
    forms, phrases = parse_cues(cues)

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in names[key])

    return Lexicon(
        forms=forms,
        phrases=phrases,
        titles=words("titles"),
        honorifics=words("honorifics"),
        org_words=words("org_words"),
        agencies=words("agencies"),
        singular_pronouns=words("singular_pronouns"),
        plural_pronouns=words("plural_pronouns"),
        group_words=words("group_words"),
        function_words=words("function_words"),
        common_words=frozenset(
            line.strip() for line in
            (DATA / "common_words.txt").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ),
    )
