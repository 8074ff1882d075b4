"""Rules propose, a trained model decides: every candidate speaker of a quote is scored.

The rules already reach several speakers for each quote: the mention at the cue or the cue's
subject, the holder of a title, the previous speaker, the persons the article has just talked
about (sentence subjects, earlier speakers, the one a question was put to), and "no speaker".
``propose`` lists them as :class:`Option` s with their features (which rule proposed it, its
entity type and casing, how far back it was last mentioned, whether it spoke last …);
:class:`SpeakerModel`, a conditional logit over the options of one quote (the mention-ranking
model of coreference systems, with JSON weights), gives each a probability and the best one
wins; :class:`ConfidenceModel`, a logistic regression fitted on out-of-fold predictions, turns
the winner and the quote into the probability that the whole attribution is right.

Neither model executes code when loaded: both are a list of feature names and weights in
``quotes/models/speaker.json`` (sha256 in the manifest), trained by ``scripts/train_speaker.py``.
Without the file the rules' own choice stands, with the rules' constant confidences.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from quotes.lexicon import Lexicon
from quotes.stages.candidates import Candidate
from quotes.stages.cluster import Entity
from quotes.stages.tokens import View
from quotes.text import LETTER_WORD
from quotes.weights import load_weights, manifest_entry

#: how far back a candidate speaker is looked for: distinct salient entities, and sentences
MAX_RECENT = 5
RECENT_SENTENCES = 15
#: under this probability the answer carries its next-best candidates
SURE = 0.9
MAX_ALTERNATIVES = 2

ANSWERS = frozenset("jawab balas sahut timpal".split())

Features = dict[str, float]


@dataclass(slots=True)
class Seen:
    """What the article has shown of one entity so far (kept while the quotes are resolved)."""

    ner: set[str] = field(default_factory=set)  # NER types of its mentions ("" = the rules')
    subject: int = 0  # times it opened a sentence as its subject
    quotes: int = 0  # quotes given to it so far
    addressee: bool = False  # a question was put to it
    first: int = -1  # offset of its first mention
    in_skip: bool = False  # its first mention is in a headline, caption or dateline line


@dataclass(frozen=True, slots=True)
class Option:
    entity: Entity | None
    mention_text: str | None
    mention_start: int | None
    mention_end: int | None
    rule: str
    features: Features
    rule_choice: bool


@dataclass(frozen=True, slots=True)
class Recent:
    """A salient entity before a quote: where it was last mentioned."""

    entity: Entity
    position: int
    sentence: int


#: the ``rule`` of a speaker the rules did not choose but the model did: how the quote names
#: its speaker (``mode_of``) and whether it is the previous speaker or another person the article
#: introduced (written out so tests/test_openapi.py can check each is documented)
_CHOSEN_RULE: dict[tuple[str, bool], str] = {
    ("clitic", True): "clitic-previous-speaker", ("clitic", False): "clitic-salient-person",
    ("pronoun", True): "pronoun-previous-speaker", ("pronoun", False): "pronoun-salient-person",
    ("anaphor", True): "anaphor-previous-speaker", ("anaphor", False): "anaphor-salient-person",
    ("title", True): "title-previous-speaker", ("title", False): "title-salient-person",
    ("mention", True): "mention-previous-speaker", ("mention", False): "mention-salient-person",
    ("floating", True): "floating-previous-speaker",
    ("floating", False): "floating-salient-person",
    ("nocue", True): "nocue-previous-speaker", ("nocue", False): "nocue-salient-person",
}


def mode_of(c: Candidate, mention_kind: str | None) -> str:
    """How the rules read the quote's speaker: from -nya, a pronoun, an anaphor, a title, a
    name or organisation, a floating quote, or nothing."""
    if c.clitic and c.cue is not None:
        return "clitic"
    if mention_kind is not None:
        if mention_kind in ("pronoun", "anaphor", "title"):
            return mention_kind
        return "mention"
    return "floating" if c.floating else "nocue"


def _first_word(name: str) -> str:
    for w in name.split():
        if any(ch.isalnum() for ch in w):
            return w
    return ""


def _name_features(view: View, lex: Lexicon, e: Entity, seen: Seen | None) -> Features:
    f: Features = {f"kind_{e.kind}": 1.0}
    words = [w for w in e.name.split() if any(ch.isalnum() for ch in w)]
    n = len(words)
    f["words1" if n <= 1 else "words2" if n == 2 else "words3p"] = 1.0
    first = _first_word(e.name)
    low = first.lower().strip(".,()")
    if first[:1].islower():
        f["first_lowercase"] = 1.0
    elif view.written_lower(low):
        f["first_written_lower"] = 1.0  # "Akibatnya banyak guru": the article writes "akibatnya"
    if low in lex.function_words:
        f["first_function_word"] = 1.0
    elif lex.is_common(low):
        f["first_common_word"] = 1.0  # "Akibatnya …", "Kedatangan …": an opener, not a name
    if n > 1 and any(w[:1].islower() for w in words[1:]):
        f["inner_lowercase"] = 1.0  # "Homestay warga": a description
    if low in lex.titles:
        f["first_title_word"] = 1.0
    if e.titles:
        f["has_title"] = 1.0
    if e.titles and e.name in e.titles:
        f["title_only"] = 1.0
    if seen is not None:
        types = seen.ner - {""}
        for t in sorted(types):
            f[f"ner_{t}"] = 1.0
        if not types:
            f["ner_none"] = 1.0
        f["subject_log"] = math.log1p(seen.subject)
        f["quotes_log"] = math.log1p(seen.quotes)
        if seen.addressee:
            f["addressee"] = 1.0
        if seen.in_skip:
            f["first_in_skip"] = 1.0
    return f


def recent_entities(salient: Sequence[Any], before: int, sentence: int) -> list[Recent]:
    """Distinct salient entities before ``before``, most recent first, within the window."""
    k = bisect.bisect_left(salient, before, key=lambda s: s.position)
    out: list[Recent] = []
    ids: set[int] = set()
    for s in reversed(salient[max(0, k - 60) : k]):
        if sentence - s.sentence > RECENT_SENTENCES or len(out) >= MAX_RECENT:
            break
        if id(s.entity) in ids:
            continue
        ids.add(id(s.entity))
        out.append(Recent(s.entity, s.position, s.sentence))
    return out


def propose(view: View, lex: Lexicon, c: Candidate, mode: str, rule_entity: Entity | None,
            rule: str, rule_mention: tuple[str | None, int | None, int | None],
            explicit: Entity | None, title_holder: Entity | None, last: Entity | None,
            last_end: int, recent: list[Recent], seen: Mapping[int, Seen]) -> list[Option]:
    """Every speaker the rules can reach for quote ``c``, with its features; the rules' own
    choice first."""
    doc = view.doc
    para = c.paragraph
    pool: list[Entity] = []
    for e in (rule_entity, explicit, title_holder, last, *(r.entity for r in recent)):
        if e is not None and all(e is not p for p in pool):
            pool.append(e)
    rank = {id(r.entity): k for k, r in enumerate(recent)}
    where = {id(r.entity): r for r in recent}
    pronoun_like = mode in ("clitic", "pronoun", "anaphor", "title")
    plural = mode == "pronoun" and rule_mention[0] is not None and (
        rule_mention[0].lower() in lex.plural_pronouns)
    cue_root = c.cue.form.root if c.cue is not None else ""
    out: list[Option] = []
    for e in pool:
        f = _name_features(view, lex, e, seen.get(id(e)))
        is_rule = e is rule_entity
        tags = []
        if is_rule:
            tags.append("rule")
        if e is explicit:
            tags.append("explicit")
        if e is title_holder:
            tags.append("title_holder")
        if e is last:
            tags.append("last")
            if cue_root in ANSWERS:
                tags.append("answer_last")  # "…,” jawabnya": the answer is not the asker's
        r = where.get(id(e))
        if r is not None:
            k = rank[id(e)]
            tags.append(f"rank{min(k, 3)}")
            f["sent_dist"] = math.log1p(max(0, c.sentence - r.sentence))
            p = doc.sentences[r.sentence].paragraph
            f["para_dist"] = math.log1p(max(0, para - p))
            if p == para:
                tags.append("same_para")
            if r.sentence == c.sentence:
                tags.append("same_sent")
            if r.position > last_end and e is not last:
                tags.append("newer")  # introduced since the previous quote
        else:
            tags.append("unranked")
        if mode == "pronoun":
            tags.append("number_match" if plural == (e.kind == "group") else "number_mismatch")
        for t in tags:
            f[t] = 1.0
            f[f"{t}:{mode}"] = 1.0
        f[f"kind_{e.kind}:{mode}"] = 1.0
        if is_rule:
            f[f"rule:{rule}"] = 1.0
            text, start, end = rule_mention
            opt_rule = rule
        else:
            text, start, end = rule_mention if pronoun_like else (None, None, None)
            opt_rule = _CHOSEN_RULE[mode, e is last]
        out.append(Option(e, text, start, end, opt_rule, f, is_rule))
    none: Features = {"none": 1.0, f"none:{mode}": 1.0}
    if rule_entity is None:
        none["rule"] = 1.0
        none[f"rule:{mode}"] = 1.0
    out.append(Option(None, None, None, None,
                      "unattributed" if rule_entity is None else "no-speaker", none,
                      rule_entity is None))
    out.sort(key=lambda o: not o.rule_choice)
    return out


#: the chosen option's features the confidence model reads too
CHOSEN_SHAPE = ("ner_PER", "ner_ORG", "ner_none", "first_common_word", "inner_lowercase",
                "title_only", "kind_person", "kind_organization", "kind_group", "words1")
#: where the chosen speaker stands among the candidates: the previous speaker, one introduced
#: since the previous quote, in the same paragraph or sentence, how recently mentioned
CHOSEN_PLACE = ("last", "newer", "same_para", "same_sent", "rank0", "rank1", "unranked",
                "explicit", "title_holder")
#: Indonesian verb morphology (meN-, ber-, di-, ter-) and the noun endings (-an, -nya): whether
#: an indirect quote's content opens like a clause ("akan dibangun …") or like the noun object
#: of the cue ("membantah adanya pengurangan …")
_VERB_SHAPE = re.compile(r"(?:me|be|di|te)[a-z]{3,}", re.IGNORECASE)
CLAUSE_WORDS = 12


def quote_features(view: View, c: Candidate, mode: str, probs: Sequence[float],
                   options: Sequence[Option], best: int) -> Features:
    """What the confidence model reads: the decision's margin and the kind of quote."""
    p = min(max(probs[best], 1e-4), 1 - 1e-4)
    others = sorted((q for k, q in enumerate(probs) if k != best), reverse=True)
    f: Features = {
        "logit_p": math.log(p / (1 - p)),
        "margin": p - (others[0] if others else 0.0),
        "prior": c.confidence,
        f"mode:{mode}": 1.0,
        f"kind:{c.kind}": 1.0,
        "words_log": math.log1p(sum(1 for w in view.text[c.content.start:c.content.end].split()
                                    if any(ch.isalnum() for ch in w))),
    }
    f[f"rule_of_quote:{c.rule}"] = 1.0  # which rule found the passage
    if c.paragraph == 0:
        f["first_paragraph"] = 1.0  # a headline or lead: more often not a quote
    if c.kind != "direct":
        first = view.text[c.content.start:c.content.end].split(maxsplit=1)[:1]
        w = first[0].lower().strip(",.") if first else ""
        if w == "bahwa":
            f["clause_bahwa"] = 1.0
        elif w.endswith("nya") or (len(w) > 5 and w[:2] in ("pe", "ke") and w.endswith("an")):
            # "adanya …", "pandangannya …", "pengurangan …": a noun object, not a clause
            f["clause_nominal"] = 1.0
        words = LETTER_WORD.findall(view.text[c.content.start:c.content.end])[:CLAUSE_WORDS]
        low = [x.lower() for x in words]
        if "yang" in low:  # a relative clause's verb belongs to a noun phrase
            words = words[:low.index("yang")]
        if words and _VERB_SHAPE.fullmatch(words[0]):
            f["clause_opens_verb"] = 1.0
        if not any(_VERB_SHAPE.fullmatch(x) for x in words):
            f["clause_no_verb"] = 1.0
    # how sure the speaker model is reads differently for each kind of quote
    f[f"kind:{c.kind}*logit_p"] = f["logit_p"]
    if options[best].entity is None:
        f["none_chosen"] = 1.0
    else:
        # what the chosen speaker looks like: a name NER tagged, or an opener or description
        chosen = options[best].features
        for k in CHOSEN_SHAPE:
            if k in chosen:
                f[f"chosen:{k}"] = 1.0
        for k in CHOSEN_PLACE:
            if k in chosen:
                f[f"chosen_place:{k}"] = 1.0
        f["chosen_para_dist"] = chosen.get("para_dist", 0.0)
    # the other persons it could have been (a newly introduced one is the usual mistake)
    rivals = [o for k, o in enumerate(options) if k != best and o.entity is not None
              and o.entity.kind == "person"]
    f["rivals_log"] = math.log1p(len(rivals))
    if any("newer" in o.features for o in rivals):
        f["rival_newer"] = 1.0
    if any("same_para" in o.features for o in rivals):
        f["rival_same_para"] = 1.0
    if options[best].rule_choice:
        f["agrees_with_rule"] = 1.0
    if c.floating:
        f["floating"] = 1.0
    if c.unclosed:
        f["unclosed"] = 1.0
    if c.cue is None:
        f["no_cue"] = 1.0
    else:
        f[f"cue:{c.cue.form.form_kind}"] = 1.0
        f[f"cue_root:{c.cue.form.root}"] = 1.0  # how often this verb introduces a real quote
        f[f"cue_kind:{c.kind}:{c.cue.form.kind}"] = 1.0
    return f


def _dot(weights: Mapping[str, float], f: Features) -> float:
    return sum(weights.get(k, 0.0) * v for k, v in f.items())


def softmax(scores: Sequence[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [x / total for x in exps]


@dataclass(frozen=True)
class SpeakerModel:
    """A conditional logit over the options of one quote: ``p(o) ∝ exp(w · f(o))``."""

    weights: Mapping[str, float]

    def probabilities(self, options: Sequence[Option]) -> list[float]:
        return softmax([_dot(self.weights, o.features) for o in options])


@dataclass(frozen=True)
class ConfidenceModel:
    """Logistic regression: the probability that the attribution is right."""

    weights: Mapping[str, float]
    bias: float

    def probability(self, f: Features) -> float:
        z = self.bias + _dot(self.weights, f)
        return 1.0 / (1.0 + math.exp(-z)) if z > -40 else 0.0


@dataclass(frozen=True)
class Decider:
    """The trained decision: the speaker model and the confidence model (either may be
    absent: the rules' choice, or the rules' confidence, stands)."""

    speaker: SpeakerModel | None = None
    confidence: ConfidenceModel | None = None
    name: str = "rules"

    @property
    def trained(self) -> bool:
        return self.speaker is not None


RULES = Decider()


def from_json(data: Mapping[str, Any]) -> Decider:
    """A decider from the JSON document written by ``scripts/train_speaker.py``."""
    spk = data.get("speaker")
    conf = data.get("confidence")
    speaker = SpeakerModel(dict(zip(spk["features"], spk["weights"], strict=True))) if spk else None
    confidence = ConfidenceModel(dict(zip(conf["features"], conf["weights"], strict=True)),
                                 float(conf["bias"])) if conf else None
    return Decider(speaker, confidence, str(data.get("name", "speaker model")))


class ModelFileError(RuntimeError):
    """The speaker model file is unreadable or does not match its recorded sha256."""


def load(path: Path, sha256: str | None = None) -> Decider:
    """Read a speaker model (JSON: no code runs); check its sha256 when one is given."""
    return load_weights(path, sha256, from_json, "speaker model", "`make speaker-model`",
                        ModelFileError)

MODEL_FILE = Path(__file__).resolve().parent.parent / "models" / "id" / "speaker.json"
MANIFEST_FILE = MODEL_FILE.parent / "manifest.json"
#: ``QUOTES_SPEAKER_MODEL``: unset = the shipped model; ``rules`` (or 0/off) = the rules' own
#: choice and constant confidences; a path = that model file (no sha256 check)
OFF = frozenset(("0", "off", "rules", "false", "no"))


def configured(setting: str | None = None) -> Decider:
    """The decider the environment asks for (``QUOTES_SPEAKER_MODEL``), loaded once."""
    import os

    value = (os.environ.get("QUOTES_SPEAKER_MODEL", "") if setting is None else setting).strip()
    return _configured(value)


@lru_cache(maxsize=8)
def _configured(value: str) -> Decider:
    if value.lower() in OFF:
        return RULES
    if value:
        return load(Path(value))
    entry = manifest_entry(MANIFEST_FILE, "speaker_model", ModelFileError)
    # no model shipped: the rules' own choice
    return RULES if entry is None else load(*entry)
