"""Resolve every quote's speaker: names and titles through the registry, pronouns (dia, ia,
beliau, mereka) and the clitic -nya (tambahnya, menurutnya) to the most recent compatible
speaker or salient person, a quote with no cue to the previous speaker (floating quote).

Salient persons are the subjects of sentences ("Menteri Luar Negeri Sugiono mengakui ...
Ia mengaku ...") and the speakers of earlier quotes, kept in document order.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from quotes.lexicon import Lexicon
from quotes.model import Span
from quotes.stages import mentions
from quotes.stages.candidates import Candidate
from quotes.stages.cluster import TITLE_DETERMINERS, Entity, Registry, name_key
from quotes.stages.decide import (
    RULES,
    SURE,
    Decider,
    Option,
    Seen,
    mode_of,
    propose,
    quote_features,
    recent_entities,
)
from quotes.stages.mentions import MentionInfo, expand_title
from quotes.stages.tokens import Tok, View
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
    #: the decision's probability for this speaker (None when the rules decided)
    probability: float | None = None
    #: the next-best candidates and their probabilities, when the decision was not sure
    alternatives: tuple[tuple[Entity | None, float], ...] = ()
    #: every candidate the rules proposed, with its features (the training data of the model)
    options: tuple[Option, ...] = ()
    mode: str = ""
    #: what the confidence model read (the training data of the confidence)
    quote_features: dict[str, float] | None = None


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
        out += _passive_agents(view, lex, s_index, rng)
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
        if m.demonstrative:
            continue  # "Peristiwa itu terjadi …": a description points back, it introduces no one
        if m.kind == "title":
            # "Pemilik usaha perbaikan jok, Ahmad Sajali, juga …": the description is the
            # title of the name set off by commas after it
            named_after = _appositive_person(view, lex, m, rng)
            if named_after is not None:
                m = named_after
        if m.kind == "title" and len(m.text.split()) < 2:
            continue  # "Korban yang tak terima …", "Wartawan, menurutnya, …": a role, no one
        if m.kind == "name" and not m.titles and len(m.name.split()) < 2 and not (
            m.entity == "PER" and _single_name(view, toks[view.tok_at(m.end) - 1])
        ):
            # "Lewat instingnya", "Salah satu": a capitalised word, not a person; a single
            # name opens a sentence when NER and the tagger agree ("Chika pun tertawa")
            continue
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


PASSIVE_WINDOW = 6  # words from the sentence start: "Hal itu disampaikan oleh …"


def _passive_agents(view: View, lex: Lexicon, s_index: int, rng: range
                    ) -> list[tuple[int, int, MentionInfo]]:
    """A person named as the agent of a passive verb is the logical subject of the sentence:
    "Hal itu disampaikan oleh Presiden PKS, Al Muzzammil Yusuf." and "Acara itu dihadiri
    Bupati Sukabumi Marwan Hamami." introduce who the next "ia" or "-nya" is. Only a person
    (a name NER tags PER, or a title with a name) after ``oleh`` or right after a ``di-``
    verb, in narrative sentence ``s_index``, when the passive is the sentence's main verb: in
    its first ``PASSIVE_WINDOW`` words and not in a relative clause ("surat yang dikeluarkan
    oleh X", "penghinaan yang dilakukan X" name no one who speaks next)."""
    toks = view.toks
    out: list[tuple[int, int, MentionInfo]] = []
    k = rng.start + 1
    while k + 1 < min(rng.stop, rng.start + PASSIVE_WINDOW):
        t = toks[k]
        if toks[k - 1].lower == "yang" or (t.lower == "oleh" and k - 2 >= rng.start
                                           and toks[k - 2].lower == "yang"):
            k += 1
            continue
        agent = t.lower == "oleh" or (
            t.is_word and not t.is_cap and len(t.lower) > 5 and t.lower.startswith("di")
            and t.lower not in lex.function_words and t.lower.isalpha())
        if not agent or not toks[k + 1].is_cap:
            k += 1
            continue
        j = k + 1
        m = mentions.forward(view, j, lex, limit=rng.stop)
        if m is not None and m.kind == "title":
            # "oleh Presiden PKS, Al Muzzammil Yusuf": the name set off after the title
            c = view.tok_at(m.end)
            if c + 1 < rng.stop and toks[c].text == "," and toks[c + 1].is_cap:
                name = mentions.forward(view, c + 1, lex, limit=rng.stop)
                if name is not None and name.kind == "name":
                    m = replace(name, start=m.start, text=view.text[m.start : name.end],
                                titles=(*name.titles, m.text))
        if (m is not None and m.kind == "name" and m.entity_kind == "person"
                and not m.demonstrative and (m.entity == "PER" or m.titles)):
            out.append((m.start, s_index, m))
            k = max(k + 1, view.tok_at(m.end))
        else:
            k += 1
    return out


MAX_SINGLE_NAME = 14  # letters; a longer one-word "name" is words a scraper glued


def _single_name(view: View, tok: Tok) -> bool:
    """A one-word name NER found opening a sentence is a person when the tagger says proper
    noun (where parsed) or the article never writes it in lower case, it is no clitic form
    ("Baginya") and not glued words ("Menkesmencontohkan")."""
    if view.doc.sentences[tok.sentence].parsed:
        return mentions.proper_noun(view, tok)
    return (len(tok.words) == 1 and len(tok.text) <= MAX_SINGLE_NAME
            and view.never_lower(tok))


APPOSITIVE_WINDOW = 12  # tokens from a title-only subject to the comma before its name


def _appositive_person(view: View, lex: Lexicon, m: MentionInfo, rng: range
                       ) -> MentionInfo | None:
    """The name after a subject description: "<Title> <lower-case words>, <Name>, <verb>"."""
    toks = view.toks
    j = view.tok_at(m.end)
    limit = min(rng.stop, j + APPOSITIVE_WINDOW)
    while j < limit and toks[j].is_word and not toks[j].is_cap:
        j += 1
    if j + 1 >= limit or toks[j].text != "," or not toks[j + 1].is_cap:
        return None
    name = mentions.forward(view, j + 1, lex, limit=rng.stop)
    if name is None or name.kind != "name" or name.entity_kind != "person":
        return None
    after = view.tok_at(name.end)
    if after >= rng.stop or toks[after].text != ",":
        return None
    description = view.text[m.start : toks[j - 1].end]
    return replace(name, start=m.start, text=view.text[m.start : name.end],
                   titles=(*name.titles, description))


def resolve(view: View, lex: Lexicon, candidates: list[Candidate],
            skip: tuple[Span, ...] = (), decider: Decider = RULES) -> tuple[
    list[Resolved], Registry
]:
    """Every quote's speaker: the rules propose, ``decider`` chooses (see ``decide``)."""
    registry = Registry(view.written_lower)
    skipped = SpanIndex(skip)
    seen: dict[int, Seen] = {}

    def note(e: Entity, m: MentionInfo | None, at: int) -> Seen:
        info = seen.get(id(e))
        if info is None:
            info = seen[id(e)] = Seen(first=at)
            if m is not None:
                info.in_skip = skipped.covers(Span(m.start, m.end))
        if m is not None:
            info.ner.add(m.entity)
        return info

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
            if e is not None:
                note(e, subject, pos).subject += 1
            if e is not None and e.kind in ("person", "group"):
                salient.append(Salient(pos, s_index, e))
            continue
        c = payload
        r = _resolve_one(view, c, registry, salient, last, out)
        if c.mention is not None and r.entity is not None and c.mention.kind != "pronoun":
            note(r.entity, c.mention, c.mention.start)
        r = _decide(view, lex, c, r, registry, salient, last, seen, decider)
        out.append(r)
        if r.entity is not None:
            last = r
            note(r.entity, None, pos).quotes += 1
            salient.append(Salient(pos, c.sentence, r.entity))
            addressee = _addressee(view, lex, r)
            if addressee is not None:
                # "tanya Rina kepada Budi": the one asked is who answers next
                e = registry.add(addressee, addressee.start)
                if e is not None:
                    note(e, addressee, addressee.start).addressee = True
                if e is not None and e.kind == "person" and e is not r.entity:
                    salient.append(Salient(addressee.start, c.sentence, e))
    _complete_names(view, lex, registry, skip)
    out.sort(key=lambda r: r.candidate.content.start)
    return _continued_quotes(out), registry


def _decide(view: View, lex: Lexicon, c: Candidate, r: Resolved, registry: Registry,
            salient: list[Salient], last: Resolved | None, seen: dict[int, Seen],
            decider: Decider) -> Resolved:
    """The rules' choice ``r`` among every candidate they can reach, as the decider scores
    them; the options are kept on the result (they are the model's training data)."""
    m = c.mention
    mode = mode_of(c, m.kind if m is not None else None)
    before = c.content.start if c.kind == "direct" or c.cue is None else min(
        c.cue.start, c.content.start)
    if m is not None:
        before = min(before, m.start)
    title_holder = registry.match_title(m.name) if m is not None and m.kind == "title" else None
    explicit = r.entity if mode in ("mention", "title") else None
    last_entity = last.entity if last is not None else None
    options = propose(
        view, lex, c, mode, r.entity, r.rule, (r.mention_text, r.mention_start, r.mention_end),
        explicit, title_holder, last_entity,
        last.candidate.content.end if last is not None else -1,
        recent_entities(salient, before, c.sentence), seen)
    if decider.speaker is None:
        return replace(r, options=tuple(options), mode=mode)
    probs = decider.speaker.probabilities(options)
    best = max(range(len(options)), key=lambda k: (probs[k], options[k].rule_choice))
    chosen = options[best]
    qf = quote_features(view, c, mode, probs, options, best)
    confidence = (decider.confidence.probability(qf) if decider.confidence is not None
                  else r.confidence)
    alternatives: tuple[tuple[Entity | None, float], ...] = ()
    if probs[best] < SURE:
        ranked = sorted((k for k in range(len(options)) if k != best),
                        key=lambda k: -probs[k])[:2]
        alternatives = tuple((options[k].entity, probs[k]) for k in ranked)
    if chosen.entity is None:
        return Resolved(c, None, None, None, None, chosen.rule, confidence, probs[best],
                        alternatives, tuple(options), mode, qf)
    return Resolved(c, chosen.entity, chosen.mention_text, chosen.mention_start,
                    chosen.mention_end, chosen.rule, confidence, probs[best], alternatives,
                    tuple(options), mode, qf)


def _continued_quotes(out: list[Resolved]) -> list[Resolved]:
    """A quote continued over paragraphs (opening mark repeated, closing mark and cue only at
    the end) takes the speaker of the paragraph where it closes."""
    for k in range(len(out) - 2, -1, -1):
        r, nxt = out[k], out[k + 1]
        c = r.candidate
        if c.unclosed and c.cue is None and nxt.entity is not None and (
            nxt.candidate.kind == "direct"
            and nxt.candidate.paragraph == c.paragraph + 1
            and (r.rule in ("unattributed", "no-speaker") or r.rule.startswith("floating-"))
        ):
            out[k] = replace(r, entity=nxt.entity, mention_text=None, mention_start=None,
                             mention_end=None, rule="continued-quote-speaker",
                             confidence=(min(c.confidence, nxt.confidence)
                                         if r.probability is None else nxt.confidence),
                             probability=nxt.probability, alternatives=())
    return out


def _complete_names(view: View, lex: Lexicon, registry: Registry,
                    skip: tuple[Span, ...] = ()) -> None:
    """Give each speaker the fullest form of its name found anywhere in the article body, with
    its title ("kata Basuki" + "oleh Menteri PUPR Basuki Hadimuljono" -> Basuki Hadimuljono).

    The sentences that hold a word of a speaker's name are given to NER; every person entity
    there that shares the speaker's name completes it. Where NER has not run, a name after a
    title word does. Headlines, captions and datelines (``skip``) never name anyone.
    """
    people = [e for e in registry.entities if e.kind == "person"]
    if not people:
        return
    name_words = {w for e in people for w in e.words()}
    skipped = SpanIndex(skip)
    toks = view.toks
    for s, rng in enumerate(view.sent_ranges):
        if not len(rng) or skipped.covers(Span(toks[rng.start].start, toks[rng.stop - 1].end)):
            continue
        hits = [t for t in toks[rng.start : rng.stop]
                if t.is_cap and any(w in name_words for w in name_key(t.text))]
        if not hits:
            continue
        spans = view.entity_spans(s)
        starts: list[int] = []
        if spans is not None:
            for a, b, kind in spans:
                if kind == "PER" and any(a <= t.i < b for t in hits):
                    # the title before the person belongs to the mention, and so do the
                    # capitalised words NER took for the person's but the mention's rules
                    # may give to the title ("Ketua Prodi Teknik Unpam Ahmad Musyafa" with
                    # "Unpam Ahmad Musyafa" tagged PER)
                    while a > rng.start and toks[a - 1].is_cap and (
                        toks[a - 1].lower.rstrip(".") not in lex.function_words
                        or toks[a - 1].lower.rstrip(".") in lex.titles
                    ):
                        a -= 1
                    starts.append(a)
            # a name NER missed ("disampaikan Nauli Rahmawati Putri") or swallowed into a
            # place ("Wali Kota Bandung Rina Kartika" as one LOC): the rules read the
            # capitalised run that holds the speaker's name word, with its title
            for t in hits:
                if any(a <= t.i < b and kind == "PER" for a, b, kind in spans):
                    continue
                k = t.i
                while k > rng.start and toks[k - 1].is_cap:
                    k -= 1
                starts.append(k)
        else:
            starts = [t.i for t in toks[rng.start : rng.stop]
                      if t.is_cap and t.lower.rstrip(".") in lex.titles]
        for i in starts:
            m = mentions.forward(view, i, lex, limit=rng.stop)
            if m is None or m.kind != "name" or m.entity_kind != "person":
                continue
            e = registry.match_name(m.name)
            if e is not None and e.kind == "person":
                e.add_name(m.name)
                for title in m.titles:
                    e.add_title(title)


_TITLE_STOP = TITLE_DETERMINERS | {"pak", "bu", "bapak", "ibu"}


def _known_by_another_title(e: Entity, title: str) -> bool:
    """``e`` carries titles and none shares a word with ``title`` (a Sekretaris Daerah is not
    the "Bupati" of the next paragraph; a minister is not "juru bicara")."""
    want = set(expand_title(title).lower().split()) - _TITLE_STOP
    if not want or not e.titles:
        return False
    return all(not want & set(expand_title(t).lower().split()) for t in e.titles)


def _specific_role(m: MentionInfo) -> bool:
    """A role tied to a named body or place ("sumber BBC Burma", "Kepala BPBD Samosir") is
    someone of its own; a bare role ("kata Menteri", "ujar Kapolres") may be the person the
    article is talking about."""
    words = m.text.split()
    return len(words) >= 2 and any(w[:1].isupper() for w in words[1:])


def _anchor(c: Candidate) -> int:
    """Where a quote's speaker is read: its explicit mention, else the quote start."""
    if c.mention is not None:
        return min(c.mention.start, c.content.start)
    return c.content.start


ANSWERS = frozenset("jawab balas sahut timpal".split())


def _addressee(view: View, lex: Lexicon, r: Resolved) -> MentionInfo | None:
    """The person a quote was said to: "…?” tanya Rina kepada Budi Santoso"."""
    c = r.candidate
    if r.mention_end is None or c.cue is None:
        return None
    if c.cue.form.root != "tanya" and not view.text[c.content.start : c.content.end].rstrip(
    ).endswith("?"):
        return None  # "kata A kepada B": B was told, not asked; only a question is answered
    k = view.tok_at(r.mention_end)
    toks = view.toks
    if k + 1 >= len(toks) or toks[k].lower not in ("kepada", "pada") or not toks[k + 1].is_cap:
        return None
    m = mentions.forward(view, k + 1, lex)
    return m if m is not None and m.kind == "name" and m.entity_kind == "person" else None


def _recent_person(salient: list[Salient], before: int, sentence: int,
                   plural: bool = False, other_than: Entity | None = None) -> Entity | None:
    k = bisect.bisect_left(salient, before, key=lambda s: s.position)
    for s in reversed(salient[max(0, k - 50) : k]):
        if sentence - s.sentence > PRONOUN_SENTENCES:
            break
        if plural == (s.entity.kind == "group") and s.entity is not other_than:
            return s.entity
    if plural or other_than is not None:
        return None
    return salient[k - 1].entity if k > 0 and salient[k - 1].entity.kind != "group" else None


def _turn_taker(view: View, c: Candidate, history: list[Resolved]) -> Entity | None:
    """In a question-and-answer exchange ("…?” tanya A. “…,” jawab B.), a quote opening the
    next paragraph with "-nya" is the asker's turn again: dialogues alternate."""
    if len(history) < 2:
        return None
    answer, question = history[-1], history[-2]
    a_cue, q_cue = answer.candidate.cue, question.candidate.cue
    if answer.entity is None or question.entity is None or answer.entity is question.entity:
        return None
    q = question.candidate.content
    asked = (q_cue is not None and q_cue.form.root == "tanya") or (
        view.text[q.start : q.end].rstrip().endswith("?"))
    if a_cue is None or a_cue.form.root not in ANSWERS or not asked:
        return None
    if c.paragraph <= answer.candidate.paragraph:
        return None  # the answer goes on in its own paragraph
    return question.entity


def _resolve_one(view: View, c: Candidate, registry: Registry, salient: list[Salient],
                 last: Resolved | None, history: list[Resolved] | None = None) -> Resolved:
    m = c.mention
    if c.clitic and c.cue is not None:
        # the speaker is the -nya of "tambahnya": the most recent speaker or salient person;
        # an answer ("jawabnya", "balasnya") is never the asker's own
        before = c.content.start if c.kind == "direct" else c.cue.start
        e = _recent_person(salient, before, c.sentence)
        if c.cue.form.root in ANSWERS and last is not None and e is last.entity:
            e = _recent_person(salient, before, c.sentence, other_than=last.entity) or e
        elif c.cue.form.root not in ANSWERS and (turn := _turn_taker(view, c, history or [])):
            e = turn
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
        e, rule = None, "title-of-entity"
        if m.demonstrative:
            # "Perempuan berhijab ini menegaskan …": the person just talked about
            e, rule = _recent_person(salient, m.start, c.sentence), "title-salient-person"
        if e is None:
            e, rule = registry.match_title(m.name), "title-of-entity"
        if e is None and not _specific_role(m):
            e = _recent_person(salient, m.start, c.sentence)
            rule = "title-salient-person"
            if e is not None and _known_by_another_title(e, m.name):
                # "Bupati menyatakan …" after the Sekda spoke: not the Sekda
                e = None
        if e is None:
            # a role no one has held yet in the article: a new speaker known by the role
            # ("menurut sumber BBC Burma", "kata Kepala BPBD Samosir")
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
