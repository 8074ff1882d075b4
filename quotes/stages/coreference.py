"""Resolve every quote's speaker: names and titles through the registry, pronouns (dia, ia,
beliau, mereka) and the clitic -nya (tambahnya, menurutnya) to the most recent compatible
speaker or salient person, a quote with no cue to the previous speaker (floating quote).

Salient persons are the subjects of sentences ("Menteri Luar Negeri Sugiono mengakui ...
Ia mengaku ...") and the speakers of earlier quotes, kept in document order.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from quotes.lexicon import Lexicon
from quotes.model import Span
from quotes.stages import mentions
from quotes.stages.candidates import Candidate
from quotes.stages.cluster import Entity, Registry
from quotes.stages.mentions import MentionInfo
from quotes.stages.tokens import View
from quotes.text import SpanIndex

FLOATING_PARAGRAPHS = 3
PRONOUN_SENTENCES = 6


@dataclass(frozen=True, slots=True)
class Resolved:
    candidate: Candidate
    entity: Entity | None
    mention_text: str | None
    mention_start: int | None
    mention_end: int | None
    rule: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Salient:
    position: int
    sentence: int
    entity: Entity


def sentence_subjects(view: View, lex: Lexicon, quoted: list[Candidate],
                      skip: tuple[Span, ...] = ()) -> list[tuple[int, int, MentionInfo]]:
    """Name/title mentions that open a sentence and are followed by a verb (its subject);
    sentences inside direct quotes are the speaker's words, not the narrative."""
    out = []
    spans = SpanIndex([Span(max(0, c.content.start - 2), c.content.end)
                       for c in quoted if c.kind == "direct"])
    skipped = SpanIndex(skip)
    for s_index, rng in enumerate(view.sent_ranges):
        if len(rng) < 3:
            continue
        first = view.toks[rng.start]
        if spans.containing(first.start) is not None:
            continue
        if skipped.covers(Span(first.start, first.end)):
            continue
        i = rng.start
        toks = view.toks
        # skip a leading connective: "Namun,", "Sementara itu,", "Salah satunya,"
        for k in range(i, min(rng.stop, i + 4)):
            if toks[k].text == "," and k + 1 < rng.stop and toks[k + 1].is_cap:
                if not any(toks[m].is_cap and toks[m].lower not in lex.function_words
                           and m > i for m in range(i, k)):
                    i = k + 1
                break
        while i < rng.stop and (toks[i].lower in lex.function_words or toks[i].text == ","):
            i += 1
        if i >= rng.stop or not toks[i].is_cap:
            continue
        if toks[i].text.isupper() and len(toks[i].text) > 3:
            continue  # a dateline: "BANYUWANGI, KOMPAS.com -"
        m = mentions.forward(view, i, lex, limit=rng.stop)
        if m is None or m.kind not in ("name", "title", "group"):
            continue
        if m.kind == "name" and not m.titles and len(m.name.split()) < 2:
            continue  # "Lewat instingnya", "Salah satu": a capitalised word, not a person
        after = view.tok_at(m.end)
        if after + 1 < rng.stop and toks[after].lower == "dan" and toks[after + 1].is_cap:
            # "Sutanto Wiryo dan Hasan Rahim mengunjungi …": both are subjects
            other = mentions.forward(view, after + 1, lex, limit=rng.stop)
            if other is not None and other.kind == "name":
                out.append((m.start, s_index, m))
                m = other
                after = view.tok_at(m.end)
        if after < rng.stop and (
            (toks[after].is_word and not toks[after].is_cap) or toks[after].text in (",", "(")
        ):
            out.append((m.start, s_index, m))
    return out


def resolve(view: View, lex: Lexicon, candidates: list[Candidate],
            skip: tuple[Span, ...] = ()) -> tuple[
    list[Resolved], Registry
]:
    registry = Registry()
    subjects = sentence_subjects(view, lex, candidates, skip)
    # subjects and quotes in document order (a subject before a quote at the same offset)
    events: list[tuple[int, int, tuple[int, MentionInfo] | Candidate]] = [
        (pos, 0, (s, m)) for pos, s, m in subjects
    ]
    events += [(_anchor(c), 1, c) for c in candidates]
    events.sort(key=lambda e: (e[0], e[1]))

    salient: list[Salient] = []
    last: Resolved | None = None
    out: list[Resolved] = []
    for pos, _, payload in events:
        if isinstance(payload, tuple):
            s_index, subject = payload
            e = registry.add(subject, pos)
            if e is not None and e.kind in ("person", "group"):
                salient.append(Salient(pos, s_index, e))
            continue
        c = payload
        r = _resolve_one(view, c, registry, salient, last)
        out.append(r)
        if r.entity is not None:
            last = r
            salient.append(Salient(pos, c.sentence, r.entity))
    _complete_names(view, lex, registry)
    out.sort(key=lambda r: r.candidate.content.start)
    return _continued_quotes(out), registry


def _continued_quotes(out: list[Resolved]) -> list[Resolved]:
    """A quote continued over paragraphs (opening mark repeated, closing mark and cue only at
    the end) takes the speaker of the paragraph where it closes."""
    for k in range(len(out) - 2, -1, -1):
        r, nxt = out[k], out[k + 1]
        c = r.candidate
        if c.unclosed and c.cue is None and nxt.entity is not None and (
            nxt.candidate.kind == "direct"
            and nxt.candidate.paragraph == c.paragraph + 1
            and r.rule in ("unattributed", "floating-previous-speaker", "floating-salient-person")
        ):
            out[k] = Resolved(c, nxt.entity, None, None, None, "continued-quote-speaker",
                              min(c.confidence, nxt.confidence))
    return out


def _complete_names(view: View, lex: Lexicon, registry: Registry) -> None:
    """Give each speaker the fullest form of its name found anywhere in the article, with its
    title ("kata Basuki" + "oleh Menteri PUPR Basuki Hadimuljono" -> Basuki Hadimuljono)."""
    if not any(e.kind != "group" for e in registry.entities):
        return
    i = 0
    while i < len(view.toks):
        t = view.toks[i]
        m = None
        if t.is_cap and t.lower.rstrip(".") in lex.titles:
            m = mentions.forward(view, i, lex)
        if m is None or m.kind != "name":
            i += 1
            continue
        e = registry.match_name(m.name)
        if e is not None:
            e.add_name(m.name)
            for title in m.titles:
                e.add_title(title)
        i = max(i + 1, view.tok_at(m.end))


def _anchor(c: Candidate) -> int:
    """Where a quote's speaker is read: its explicit mention, else the quote start."""
    if c.mention is not None:
        return min(c.mention.start, c.content.start)
    return c.content.start


def _recent_person(salient: list[Salient], before: int, sentence: int,
                   plural: bool = False) -> Entity | None:
    k = bisect.bisect_left(salient, before, key=lambda s: s.position)
    for s in reversed(salient[max(0, k - 50) : k]):
        if sentence - s.sentence > PRONOUN_SENTENCES:
            break
        if plural == (s.entity.kind == "group"):
            return s.entity
    if plural:
        return None
    return salient[k - 1].entity if k > 0 and salient[k - 1].entity.kind != "group" else None


def _resolve_one(view: View, c: Candidate, registry: Registry, salient: list[Salient],
                 last: Resolved | None) -> Resolved:
    m = c.mention
    if c.clitic and c.cue is not None:
        # the speaker is the -nya of "tambahnya": the most recent speaker or salient person
        e = _recent_person(salient, c.content.start if c.kind == "direct" else c.cue.start,
                           c.sentence)
        nya = c.cue.end - 3
        return Resolved(c, e, "-nya", nya, c.cue.end, "clitic-previous-speaker",
                        c.confidence * (0.9 if e else 0.3))
    if m is not None and m.kind == "pronoun":
        cut = c.content.start if m.start > c.content.start else m.start
        e = _recent_person(salient, cut, c.sentence, plural=m.plural)
        return Resolved(c, e, m.text, m.start, m.end, "pronoun-previous-speaker",
                        c.confidence * (0.9 if e else 0.3))
    if m is not None and m.kind == "anaphor" and last is not None and last.entity is not None:
        return Resolved(c, last.entity, m.text, m.start, m.end, "anaphor-previous-speaker",
                        c.confidence * 0.8)
    if m is not None and m.kind == "title":
        e = registry.match_title(m.name)
        rule = "title-of-entity"
        if e is None:
            e = _recent_person(salient, m.start, c.sentence)
            rule = "title-salient-person"
        if e is None:
            e = registry.add(m, m.start)
            rule = "title"
        return Resolved(c, e, m.text, m.start, m.end, rule, c.confidence * 0.85)
    if m is not None:
        e = registry.add(m, m.start)
        return Resolved(c, e, m.text, m.start, m.end, c.rule, c.confidence)
    if c.floating:
        # the previous speaker, unless a person was introduced as a subject since then
        # ("Sementara itu, Menteri Y hadir dalam acara itu. “…”")
        newer = _recent_person(salient, c.content.start, c.sentence)
        k = bisect.bisect_left(salient, c.content.start, key=lambda s: s.position)
        newest = salient[k - 1] if k > 0 else None
        if last is not None and last.entity is not None and (
            c.paragraph - last.candidate.paragraph <= FLOATING_PARAGRAPHS
        ):
            if newest is not None and newer is not None and newest.entity is newer and (
                newest.position > last.candidate.content.end
            ) and newer is not last.entity:
                return Resolved(c, newer, None, None, None, "floating-salient-person",
                                c.confidence * 0.7)
            return Resolved(c, last.entity, None, None, None, "floating-previous-speaker",
                            c.confidence * 0.8)
        if newest is not None and newer is not None and newest.entity is newer and (
            c.sentence - newest.sentence <= 2
        ):
            # no earlier speaker: the person the article has just introduced
            return Resolved(c, newer, None, None, None, "floating-salient-person",
                            c.confidence * 0.7)
    return Resolved(c, None, None, None, None, "unattributed", c.confidence * 0.5)
