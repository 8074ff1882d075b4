"""Decide which spans are quotes and read their cue and explicit speaker mention.

Direct: a quoted span is a quote when a reporting cue stands next to it ("…,” kata X",
"…,” tambahnya", "X mengatakan, “…”"), or when it opens its paragraph or sentence as a whole
utterance (a floating quote that continues the previous speaker), or when it is long. Short
quoted spans inside a sentence without a cue are scare quotes or titles (istilah "blusukan",
film "Dilan").

Indirect: "X mengatakan (bahwa) …", "X berharap …", "Menurut X, …", "…, kata X." and
"…, kata dia, …" — the parse gives the subject of the cue when the word order does not
(adjuncts between subject and verb); an indirect clause that holds a short quoted span is one
mixed quote.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from quotes.lexicon import CueForm, Lexicon
from quotes.model import QuoteKind, Span
from quotes.stages import mentions
from quotes.stages.cues import CueHit, cue_at
from quotes.stages.direct import DOUBLE, SINGLE, Marked
from quotes.stages.mentions import MentionInfo
from quotes.stages.tokens import Tok, View
from quotes.text import SpanIndex

SCARE_WORDS = frozenset(
    "istilah film lagu buku novel judul bertajuk berjudul julukan dijuluki slogan program tagar "
    "sebutan nama bernama gelar jargon kata kalimat frasa tema moto motto semboyan acara album "
    "dinamai dinamakan disebut menyebutnya label status kategori operasi".split()
)
ADJUNCT_PREPS = frozenset(
    "kepada di dalam pada saat usai seusai ketika melalui lewat dari via ditemui selepas sebelum "
    "setelah sesudah dikutip seperti sebagaimana".split()
)
EMPTY_OBJECTS = frozenset("itu demikian ini tersebut tadi".split())
NOUN_OPENERS = frozenset(
    "pentingnya perlunya kekhawatiran kekhawatirannya keprihatinan keprihatinannya apresiasi "
    "terima rasa ucapan belasungkawa duka alasan kesalahan kekecewaan kekecewaannya dukungan "
    "dukungannya selamat permintaan permohonan maaf komitmen komitmennya".split()
)
PUNCT_SKIP = frozenset(",.:;—–-")
MIN_INDIRECT_WORDS = 3
SHORT_OBJECT = 4
NOMINAL = frozenset("NOUN PROPN DET NUM ADP PUNCT".split())
PASSIVE_SUBJECTS = frozenset("hal itu tersebut ini demikian begitu pernyataan penegasan".split())
PASSIVE_CUES = {
    form: CueForm(form, root, "say", "verb")
    for form, root in (
        ("disampaikan", "sampai"), ("diungkapkan", "ungkap"), ("dikatakan", "kata"),
        ("ditegaskan", "tegas"), ("dijelaskan", "jelas"), ("diutarakan", "utara"),
        ("dinyatakan", "nyata"), ("disebutkan", "sebut"), ("dituturkan", "tutur"),
        ("diucapkan", "ucap"), ("dipaparkan", "papar"), ("ditambahkan", "tambah"),
        ("diterangkan", "terang"), ("dibeberkan", "beber"), ("dikemukakan", "kemuka"),
        ("dilontarkan", "lontar"), ("dibenarkan", "benar"), ("diakui", "aku"),
        ("tersampaikan", "sampai"),
    )
}
#: nouns that, with a demonstrative, point back to the previous sentence as what was said:
#: "Hal itu disampaikan …", "Pernyataan tersebut diungkapkan …", "Wacana itu dilontarkan …"
BACK_NOUNS = frozenset(
    "hal pernyataan penegasan penjelasan keterangan informasi wacana kabar pesan harapan "
    "ungkapan usulan".split()
)
#: sentences a pointing-back sentence ("Hal itu disampaikan X") takes as the reported clause
MAX_BACK_SENTENCES = 3
NEGATIONS = frozenset("tak tidak belum bukan enggan menolak urung".split())


@dataclass(frozen=True, slots=True)
class Candidate:
    kind: QuoteKind
    content: Span
    cue: CueHit | None
    mention: MentionInfo | None  # explicit mention, or None
    clitic: bool  # the speaker is the -nya of the cue (tambahnya, menurutnya)
    rule: str
    confidence: float
    paragraph: int
    sentence: int
    floating: bool = False
    unclosed: bool = False  # its paragraph ends without a closing mark (continued quote)


def _title_case(text: str) -> bool:
    """Most words capitalised: a name or title ("Gerakan Menanam Sejuta Pohon")."""
    words = [w for w in text.split() if w[:1].isalpha()]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _words(view: View, span: Span) -> int:
    n = 0
    in_word = False
    for ch in view.text[span.start : span.end]:
        if ch.isalnum():
            if not in_word:
                n += 1
            in_word = True
        else:
            in_word = False
    return n


def _next_word(view: View, i: int, limit: int, max_skip: int = 2) -> int | None:
    """Index of the first word token from ``i`` on, skipping up to ``max_skip`` punctuation."""
    skipped = 0
    while i < len(view.toks) and view.toks[i].start < limit:
        t = view.toks[i]
        if t.is_word:
            return i
        if t.text in PUNCT_SKIP or t.text in DOUBLE or t.text in SINGLE:
            skipped += 1
            if skipped > max_skip + 1:
                return None
            i += 1
            continue
        return None
    return None


def _prev_word(view: View, i: int, floor: int) -> int | None:
    while i >= floor and not view.toks[i].is_word:
        if view.toks[i].text not in PUNCT_SKIP:
            return None
        i -= 1
    return i if i >= floor else None


class Finder:
    """Holds the view and lexicon for one document; methods are the individual rules."""

    def __init__(self, view: View, lex: Lexicon, skip: tuple[Span, ...],
                 marked: list[Marked]) -> None:
        self.view = view
        self.lex = lex
        self.skip = SpanIndex(skip)
        self.marked_index = SpanIndex([m.outer for m in marked])
        self.sent_starts = [s.start for s in view.doc.sentences]
        self._content_ends: dict[int, int] = {}  # per sentence, computed once
        self._last_verb_cue: dict[int, int] = {}  # per sentence: token index, -1 when none

    # -- helpers --------------------------------------------------------------------------
    def sentence_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, offset) - 1)

    def sent_bounds(self, s: int) -> range:
        return self.view.sent_ranges[s]

    def paragraph_end(self, offset: int) -> int:
        para = self.view.doc.paragraphs[self.view.doc.paragraph_at(offset)]
        return para.end

    def skipped(self, span: Span) -> bool:
        """Inside a headline-like line (a line merged into a sentence does not count)."""
        return self.skip.covers(span)

    def subject(self, cue: CueHit, floor: int) -> MentionInfo | None:
        """The subject of a verb cue: word order first (the name right before the verb, the
        name that opens the sentence before an adjunct), then the parse."""
        found = mentions.named(self.view, floor, cue.first, self.lex)
        if found is not None:
            return found
        found = mentions.backward(self.view, cue.first, self.lex, floor)
        if found is not None:
            return found
        found = self._initial_subject(cue, floor)
        if found is not None:
            return found
        return self._parse_subject(cue, floor)

    def _parse_subject(self, cue: CueHit, floor: int) -> MentionInfo | None:
        doc = self.view.doc
        tok = self.view.toks[cue.first]
        if not self.view.parsed(tok.sentence):
            return None
        heads = set(tok.words)
        for k in range(floor, cue.first):
            t = self.view.toks[k]
            for w in t.words:
                word = doc.words[w]
                if word.head in heads and word.deprel.startswith("nsubj"):
                    # Indonesian noun phrases are head-first: the mention starts at the head
                    # ("Investment Specialist PT X Dimas Ardhinugraha")
                    return mentions.forward(self.view, k, self.lex, limit=cue.first)
        return None

    def _initial_subject(self, cue: CueHit, floor: int) -> MentionInfo | None:
        toks = self.view.toks
        i = floor
        # skip a leading connective clause: "Sementara itu,", "Sebelumnya,", "Di sisi lain,"
        for k in range(floor, min(cue.first, floor + 5)):
            if toks[k].text == ",":
                if all(toks[m].lower in self.lex.function_words or not toks[m].is_word
                       for m in range(floor, k)):
                    i = k + 1
                break
        if i >= cue.first:
            return None
        found = mentions.forward(self.view, i, self.lex, limit=cue.first)
        if found is None or found.kind not in ("name", "pronoun", "org", "group", "title"):
            return None
        # the mention must be followed by an adjunct (set off by a comma or opened by a
        # preposition: "Harli Siregar di Gedung Kejaksaan Agung, Jakarta, Selasa, mengatakan")
        # or by a few lower-case words ("Fikri pun tanpa ragu menyebut")
        after = self.view.tok_at(found.end)
        if after < cue.first and (toks[after].text == "," or toks[after].lower in ADJUNCT_PREPS):
            return found
        gap = toks[after : cue.first]
        if 0 < len(gap) <= 4 and all(t.is_word and not t.is_cap for t in gap) and not any(
            cue_at(self.view, t.i, self.lex) for t in gap
        ):
            return found
        return None

    # -- direct -----------------------------------------------------------------------------
    def direct(self, marked: list[Marked]) -> list[Candidate]:
        out: list[Candidate] = []
        for m in marked:
            if self.skipped(m.content):
                continue
            cand = self._direct_one(m)
            if cand is not None:
                out.append(cand)
        return out

    def _direct_one(self, m: Marked) -> Candidate | None:
        view = self.view
        n_words = _words(view, m.content)
        if n_words == 0:
            return None
        sent = self.sentence_index(m.content.start)
        para = m.paragraph
        conf = 0.95 if (m.open_mark is not None and m.close_mark is not None) else 0.7
        after = self._after_cue(m)
        if after is not None:
            cue, mention, clitic, rule = after
            return Candidate("direct", m.content, cue, mention, clitic, rule, conf, para, sent)
        before = self._before_cue(m)
        if before is not None and n_words < 6 and self._clause_goes_on(m):
            # "Lavrov mengatakan “seluruh paket” dokumen penting telah disiapkan": a fragment
            # inside an indirect clause -> the indirect rule makes it one mixed quote
            return None
        if before is not None:
            cue, mention, clitic, rule = before
            return Candidate("direct", m.content, cue, mention, clitic, rule, conf, para, sent)
        if m.single:
            return None
        # no cue: a whole utterance at the start of a paragraph/sentence floats to the previous
        # speaker; a long quoted span is a quote; short spans are scare quotes or titles
        opener = m.open_mark if m.open_mark is not None else m.content.start
        prev_i = view.tok_at(opener) - 1
        starts_unit = prev_i < 0 or view.toks[prev_i].text in (".", "!", "?", ":") or (
            view.doc.paragraphs[para].start >= opener - 1
        ) or self.sentence_index(opener) != view.toks[prev_i].sentence
        if prev_i >= 0 and view.toks[prev_i].lower in SCARE_WORDS:
            return None
        if starts_unit and n_words >= 4 and not (
            self._clause_goes_on(m) and _title_case(view.text[m.content.start : m.content.end])
        ):
            return Candidate("direct", m.content, None, None, False, "floating", conf * 0.9,
                             para, sent, floating=True, unclosed=m.close_mark is None)
        if n_words >= 12:
            return Candidate("direct", m.content, None, None, False, "floating", conf * 0.7,
                             para, sent, floating=True, unclosed=m.close_mark is None)
        return None

    def _clause_goes_on(self, m: Marked) -> bool:
        """The sentence continues in lower case right after the closing mark."""
        if m.close_mark is None:
            return False
        i = self.view.tok_at(m.close_mark + 1)
        if i >= len(self.view.toks):
            return False
        t = self.view.toks[i]
        return t.is_word and not t.is_cap and t.sentence == self.sentence_index(m.content.start)

    def _after_cue(self, m: Marked
                   ) -> tuple[CueHit, MentionInfo | None, bool, str] | None:
        view, lex = self.view, self.lex
        end = m.close_mark + 1 if m.close_mark is not None else m.content.end
        limit = self.paragraph_end(end)
        i = _next_word(view, view.tok_at(end), limit)
        if i is None:
            return None
        cue = cue_at(view, i, lex)
        if cue is not None and cue.form.kind in ("say", "source"):
            if cue.clitic:
                return cue, None, True, "cue-clitic"
            mention = mentions.forward(view, cue.last + 1, lex)
            return cue, mention, False, "cue-after-quote"
        # "“…” Hal itu disampaikan Menteri X di Jakarta." / "Demikian dikatakan X."
        passive = self._passive_agent(i, limit)
        if passive is not None:
            return passive
        # "…,” Puan mengatakan." / "…,” ia menambahkan."
        mention = mentions.forward(view, i, lex)
        if mention is not None:
            j = view.tok_at(mention.end)
            while j < len(view.toks) and view.toks[j].lower in mentions.ADVERBS:
                j += 1
            if j < len(view.toks) and view.toks[j].start < limit:
                cue = cue_at(view, j, lex)
                if cue is not None and cue.form.kind == "say" and cue.form.form_kind == "verb":
                    return cue, mention, False, "speaker-cue-after-quote"
        return None

    def _passive_agent(self, i: int, limit: int
                       ) -> tuple[CueHit, MentionInfo | None, bool, str] | None:
        view, toks = self.view, self.view.toks
        k = i
        while k < len(toks) and k < i + 3 and toks[k].lower in PASSIVE_SUBJECTS:
            k += 1
        if k == i or k >= len(toks) or toks[k].start >= limit:
            return None
        if toks[k].lower not in PASSIVE_CUES:
            return None
        cue = CueHit(k, k, PASSIVE_CUES[toks[k].lower], toks[k].text, toks[k].start, toks[k].end)
        j = k + 1
        if j < len(toks) and toks[j].lower == "oleh":
            j += 1
        mention = mentions.forward(view, j, self.lex)
        if mention is None or mention.kind == "agency":
            return None
        return cue, mention, False, "passive-agent-after-quote"

    def _before_cue(self, m: Marked
                    ) -> tuple[CueHit, MentionInfo | None, bool, str] | None:
        view, lex = self.view, self.lex
        if m.open_mark is None:
            return None
        i = view.tok_at(m.open_mark) - 1
        if i < 0:
            return None
        floor = self.sent_bounds(view.toks[i].sentence).start
        para_start = view.doc.paragraphs[m.paragraph].start
        j = _prev_word(view, i, floor)
        if j is None or view.toks[j].start < para_start:
            return None
        if view.toks[j].lower == "bahwa":
            j = _prev_word(view, j - 1, floor)
            if j is None:
                return None
        # "X mengatakan, “…”" / "Ia menambahkan: “…”" / "Menurutnya, “…”"
        cue = self._cue_ending_at(j, floor)
        if cue is not None:
            if cue.clitic:
                return cue, None, True, "cue-clitic"
            if cue.form.form_kind in ("verb", "phrase") or cue.form.kind == "attitude":
                mention = self.subject(cue, floor)
                return cue, mention, False, "speaker-cue-before-quote"
        # "kata Puan: “…”" / "Menurut X, “…”" / "tulis Kemenkes: “…”"
        for k in range(j, max(floor, j - 10) - 1, -1):
            cue = cue_at(view, k, lex)
            if cue is not None and cue.form.form_kind in ("bare", "phrase") and cue.last < j:
                mention = mentions.forward(view, cue.last + 1, lex, limit=j + 1)
                if mention is not None and view.tok_at(mention.end) >= j:
                    return cue, mention, False, "cue-before-quote"
        return None

    def _cue_ending_at(self, j: int, floor: int) -> CueHit | None:
        for k in range(j, max(floor, j - self.lex.max_phrase + 1) - 1, -1):
            cue = cue_at(self.view, k, self.lex)
            if cue is not None and cue.last == j:
                return cue
        return None

    # -- indirect ---------------------------------------------------------------------------
    def indirect(self, accepted: list[Candidate], marked: list[Marked]) -> list[Candidate]:
        view = self.view
        accepted_contents = {c.content for c in accepted if c.kind == "direct"}
        direct_outer = [m.outer for m in marked if m.content in accepted_contents]
        covered = SpanIndex(direct_outer)
        out: list[Candidate] = []
        for s_index, sent in enumerate(view.doc.sentences):
            if self.skipped(sent.span):
                continue
            rng = view.sent_ranges[s_index]
            i = rng.start
            while i < rng.stop:
                tok = view.toks[i]
                if covered.containing(tok.start) is not None:
                    i += 1
                    continue
                cue = cue_at(view, i, self.lex)
                if cue is None:
                    i += 1
                    continue
                cand = self._indirect_at(cue, rng, covered)
                if cand is None:
                    i = cue.last + 1
                    continue
                out.append(cand)
                i = max(cue.last + 1, view.tok_at(cand.content.end))
        return out

    def _sentence_content_end(self, rng: range) -> int:
        end = self._content_ends.get(rng.start)
        if end is None:
            end = self._content_ends[rng.start] = self._compute_content_end(rng)
        return end

    def _compute_content_end(self, rng: range) -> int:
        toks = self.view.toks
        k = rng.stop - 1
        while k >= rng.start and not toks[k].is_word and toks[k].text not in DOUBLE:
            k -= 1
        return toks[k].end if k >= rng.start else toks[rng.start].start

    def _span(self, start_tok: int, end: int) -> Span | None:
        toks = self.view.toks
        if start_tok >= len(toks):
            return None
        start = toks[start_tok].start
        if end <= start:
            return None
        return Span(start, end)

    def _indirect_at(self, cue: CueHit, rng: range, direct_outer: SpanIndex
                     ) -> Candidate | None:
        view, lex = self.view, self.lex
        toks = view.toks
        floor = rng.start
        sent_end = self._sentence_content_end(rng)
        kind = cue.form.kind
        fk = cue.form.form_kind
        s_index = toks[cue.first].sentence
        para = view.doc.sentences[s_index].paragraph
        prev = _prev_word(view, cue.first - 1, floor) if cue.first > floor else None
        prev_is_comma = cue.first > floor and toks[cue.first - 1].text == ","

        if kind == "source" and fk in ("bare", "clitic", "phrase"):
            return self._source(cue, rng, sent_end, prev_is_comma, para, s_index)

        if fk in ("bare", "clitic") and kind == "say":
            # "…, kata X." / "…, kata dia, …" / "…, ujarnya."
            if not prev_is_comma:
                if cue.first == floor and fk == "bare":
                    return self._cue_first(cue, rng, sent_end, para, s_index)
                return None
            if prev is not None and toks[prev].text in DOUBLE:
                return None
            mention, after_mention = self._mention_after(cue)
            if mention is None and not cue.clitic:
                return None
            if after_mention < rng.stop and _predicate_follows(toks[after_mention]):
                return None  # "Jalan itu rusak, jelas warga sangat terganggu": not a cue
            head = Span(toks[floor].start, toks[cue.first - 1].start)
            if self._tail_after(after_mention, rng, sent_end):
                # "A, kata dia, B." -> the whole sentence holds the reported content
                content = Span(toks[floor].start, sent_end)
            elif _words(view, head) >= 3:
                content = head
            else:
                return None
            content = self._trim(content)
            rule = "cue-clitic" if cue.clitic else "cue-after-quote"
            return self._make(content, cue, mention, cue.clitic, rule, 0.85, para, s_index)

        if fk in ("verb", "phrase"):
            if prev is not None and toks[prev].lower in ("yang", "untuk", "dengan", "sambil"):
                return None
            if fk == "verb" and self._negated(cue, floor):
                return None  # "Puan tak menyebut daftar calon": not saying is not a quote
            if fk == "phrase" and cue.form.root in ("pernyataan",) and prev_is_comma:
                mention = mentions.forward(view, cue.last + 1, lex)
                head = self._trim(Span(toks[floor].start, toks[cue.first - 1].start))
                return self._make(head, cue, mention, False, "cue-after-quote", 0.8, para,
                                  s_index)
            mention = self.subject(cue, floor)
            if mention is None or mention.kind == "agency":
                return None
            if kind == "say" and self._ends_sentence(cue, rng):
                # "Kepala Dinas X mengungkapkan. Jalan itu …": the clause is the next sentence
                return self._next_sentence(cue, mention, s_index)
            start_tok = self._content_start(cue, rng)
            if start_tok is None:
                return None
            if toks[start_tok].text in DOUBLE and direct_outer.containing(
                toks[start_tok].start
            ) is not None:
                return None  # "X mengatakan, “…”": the direct quote carries it
            raw = self._span(start_tok, sent_end)
            if raw is None:
                return None
            content = self._trim(raw)
            n = _words(view, content)
            if n < MIN_INDIRECT_WORDS:
                return None
            if self._inverted_cue_in(start_tok, content.end, rng):
                return None  # "NTB mencatat lonjakan kasus, kata Kepala Dinas X.": X's quote
            marked_clause = start_tok > cue.last + 1 and toks[start_tok - 1].lower in (
                "bahwa", ",", ":")
            if not marked_clause and self._noun_object(start_tok, rng):
                return None
            if not marked_clause and not self._has_predicate(start_tok, content.end):
                return None  # "Lavrov mengatakan hal demikian": a noun object, not a clause
            rule = "subject-of-cue"
            return self._make(content, cue, mention, False, rule, 0.8, para, s_index)
        return None

    def _ends_sentence(self, cue: CueHit, rng: range) -> bool:
        """Only a full stop or a colon follows the cue in its sentence."""
        rest = self.view.toks[cue.last + 1 : rng.stop]
        return bool(rest) and all(t.text in (".", ":") for t in rest)

    def _next_sentence(self, cue: CueHit, mention: MentionInfo, s_index: int
                       ) -> Candidate | None:
        """The sentence after a sentence-final cue, when it is a plain clause: not a quoted
        passage (the direct rules read those), not a headline, with no cue of its own; and
        the cue's own sentence holds no quoted passage it could be closing."""
        view = self.view
        n = s_index + 1
        if n >= len(view.doc.sentences) or self.skipped(view.doc.sentences[n].span):
            return None
        if self.marked_index.overlapping(view.doc.sentences[s_index].span):
            return None  # "“…,” ia menjelaskan.": the cue closes the quoted passage before it
        rng = view.sent_ranges[n]
        if not rng:
            return None
        toks = view.toks
        if toks[rng.start].text in DOUBLE or toks[rng.start].text in SINGLE or any(
            self.marked_index.overlapping(view.doc.sentences[n].span)
        ):
            return None
        for k in rng:
            hit = cue_at(view, k, self.lex)
            if hit is not None and hit.form.kind in ("say", "source"):
                return None
        content = self._trim(Span(toks[rng.start].start, self._sentence_content_end(rng)))
        para = view.doc.sentences[n].paragraph
        return self._make(content, cue, mention, False, "subject-of-cue", 0.75, para, n)

    # -- pointing back ----------------------------------------------------------------------
    def pointing_back(self, taken: list[Span]) -> list[Candidate]:
        """"Jalan itu dibuka bulan depan. Hal itu disampaikan oleh Kepala Dinas X, Budi.": a
        sentence that gives the speaker of what came before it, by a passive cue with its
        agent ("Hal itu disampaikan X", "Pernyataan tersebut diungkapkan oleh X") or by a cue
        whose only object is "hal itu" ("X menjelaskan hal itu di …"). The sentences before it
        in its paragraph, or the paragraph before when it opens one, are the reported clause.
        An agentless passive ("Hal itu disampaikan dalam rapat") names nobody: no quote."""
        out: list[Candidate] = []
        doc = self.view.doc
        for s_index, rng in enumerate(self.view.sent_ranges):
            if not rng or s_index == 0 or self.skipped(doc.sentences[s_index].span):
                continue
            found = self._points_back(rng)
            if found is None:
                continue
            cue, mention, clitic = found
            first = s_index
            while first > 0 and doc.sentences[first - 1].paragraph == doc.sentences[
                first
            ].paragraph and sum(t.is_word for t in self.view.sentence_toks(first - 1)) <= 1:
                first -= 1  # "Plt. Kepala Dinas X, …": the tokenizer ended a sentence at "Plt."
            if first == 0:
                continue
            content = self._previous_block(first)
            if content is None or any(t.overlaps(content) for t in taken):
                continue  # the sentences before hold a quote of their own
            first = self.sentence_index(content.start)
            cand = self._make(content, cue, mention, clitic, "passive-agent-after-quote", 0.75,
                              doc.sentences[first].paragraph, first)
            if cand is not None:
                out.append(cand)
        return out

    def _points_back(self, rng: range) -> tuple[CueHit, MentionInfo | None, bool] | None:
        toks = self.view.toks
        k = self._clause_start(rng)
        if k + 1 < rng.stop and toks[k].lower in BACK_NOUNS and (
            toks[k + 1].lower in mentions.DEMONSTRATIVES
        ):
            k += 2
        elif k < rng.stop and toks[k].lower in ("itu", "ini", "demikian"):
            k += 1
        else:
            return self._active_back(rng)
        while k < rng.stop and toks[k].lower in mentions.ADVERBS:
            k += 1
        if k >= rng.stop:
            return None
        low = toks[k].lower
        clitic = low.endswith("nya") and low[:-3] in PASSIVE_CUES
        form = PASSIVE_CUES.get(low[:-3] if clitic else low)
        if form is None:
            return None
        if clitic:
            form = CueForm(low, form.root, form.kind, "clitic")
        cue = CueHit(k, k, form, toks[k].text, toks[k].start, toks[k].end)
        if clitic:
            return cue, None, True
        j = k + 1
        while j < rng.stop and toks[j].lower in mentions.ADVERBS:
            j += 1
        if j < rng.stop and toks[j].lower == "oleh":
            j += 1
        if j >= rng.stop:
            return None
        mention = self._agent(j)
        if mention is None or mention.kind == "agency":
            return None
        return cue, mention, False

    def _agent(self, j: int) -> MentionInfo | None:
        """The agent of a passive cue: a mention, or a role whose name follows its
        parenthesised acronym ("dosen FISIP Universitas Indonesia (UI), Budi Hartono")."""
        view, toks = self.view, self.view.toks
        mention = mentions.forward(view, j, self.lex)
        if mention is None:
            return None
        k = view.tok_at(mention.end)
        if k < len(toks) and toks[k].text == "(":
            # an acronym after it: the mention was an organisation, whatever it looked like
            while k < len(toks) and toks[k].text != ")" and toks[k].sentence == toks[j].sentence:
                k += 1
            k += 1
        elif mention.kind not in ("title", "org"):
            return mention
        if k + 1 < len(toks) and toks[k].text == "," and toks[k + 1].is_cap and (
            toks[k + 1].sentence == toks[j].sentence
        ):
            named = mentions.forward(view, k + 1, self.lex)
            if named is not None and named.kind == "name" and named.entity_kind == "person":
                role = view.text[mention.start : toks[k - 1].end]
                return replace(named, start=mention.start, text=view.text[mention.start :
                                                                          named.end],
                               titles=(role, *named.titles))
        return mention

    def _active_back(self, rng: range) -> tuple[CueHit, MentionInfo | None, bool] | None:
        """"X menjelaskan hal itu dalam rapat": the object points back."""
        view, toks = self.view, self.view.toks
        cue = None
        for k in rng:
            hit = cue_at(view, k, self.lex)
            if hit is not None and hit.form.form_kind == "verb":
                cue = hit
                break
        if cue is None or cue.form.kind != "say" or self._negated(cue, rng.start):
            return None
        o = cue.last + 1
        if o + 1 < rng.stop and toks[o].lower == "hal" and (
            toks[o + 1].lower in mentions.DEMONSTRATIVES | {"demikian"}
        ):
            o += 2
        elif o < rng.stop and toks[o].lower in ("itu", "demikian"):
            o += 1
        else:
            return None
        if o < rng.stop and toks[o].is_word and toks[o].lower not in ADJUNCT_PREPS:
            return None  # "menyebut hal itu penting": a clause of its own
        mention = self.subject(cue, rng.start)
        if mention is None or mention.kind == "agency":
            return None
        return cue, mention, False

    def _previous_block(self, s_index: int) -> Span | None:
        """The sentence before ``s_index`` in its paragraph; or, when it opens a paragraph,
        the paragraph before: all of it up to MAX_BACK_SENTENCES sentences, else its last."""
        doc, view = self.view.doc, self.view
        prev = s_index - 1
        para = doc.sentences[prev].paragraph
        first = prev
        if para != doc.sentences[s_index].paragraph:
            while first > 0 and doc.sentences[first - 1].paragraph == para:
                first -= 1
            if prev - first + 1 > MAX_BACK_SENTENCES:
                first = prev
        while first <= prev and self.skipped(doc.sentences[first].span):
            first += 1
        if first > prev or not view.sent_ranges[first] or not view.sent_ranges[prev]:
            return None
        start = view.toks[view.sent_ranges[first].start].start
        return self._trim(Span(start, self._sentence_content_end(view.sent_ranges[prev])))

    def _inverted_cue_in(self, start_tok: int, end: int, rng: range) -> bool:
        """A closing cue with its speaker after a comma inside the clause ("…, kata X."): the
        whole clause before it is that speaker's, not the subject's of an earlier verb."""
        toks = self.view.toks
        k = start_tok
        while k + 1 < rng.stop and toks[k].start < end:
            if toks[k].text == ",":
                hit = cue_at(self.view, k + 1, self.lex)
                if hit is not None and hit.form.form_kind in ("bare", "clitic") and (
                    hit.form.kind == "say"
                ):
                    mention, after = self._mention_after(hit)
                    if (mention is not None or hit.clitic) and not (
                        after < rng.stop and _predicate_follows(toks[after])
                    ):
                        return True
            k += 1
        return False

    def _noun_object(self, i: int, rng: range) -> bool:
        """'mengatakan hal itu saat …', 'menyampaikan itu usai …', 'menekankan pentingnya …':
        the verb takes a noun phrase, not a reported clause."""
        toks = self.view.toks
        first = toks[i].lower
        if first in NOUN_OPENERS:
            return True
        if first in SCARE_WORDS and i + 1 < rng.stop and (
            toks[i + 1].text in DOUBLE or toks[i + 1].text in SINGLE
        ):
            return True  # 'menyebut istilah "begal"': a term in scare quotes is the object
        k = i
        if first == "hal":
            k += 1
            if k < rng.stop and toks[k].lower in ("serupa", "senada", "sama", "yang"):
                return True  # "menyampaikan hal serupa", "mengatakan hal yang sama"
        if k < rng.stop and toks[k].lower in EMPTY_OBJECTS:
            nxt = toks[k + 1] if k + 1 < rng.stop else None
            return nxt is None or not nxt.is_word or nxt.lower in ADJUNCT_PREPS
        return False

    def _negated(self, cue: CueHit, floor: int) -> bool:
        toks = self.view.toks
        k = cue.first - 1
        while k >= floor and toks[k].lower in mentions.ADVERBS:
            if toks[k].lower in NEGATIONS:
                return True
            k -= 1
        return k >= floor and toks[k].lower in NEGATIONS

    def _has_predicate(self, start_tok: int, end: int) -> bool:
        """False for a short, purely nominal object ("alasan pencabutan izin itu"), by the
        tagger. Only short spans are judged: the tagger often calls bare-root verbs and
        adjectives (puas, loncat) nouns, and a longer reported clause is rarely one phrase."""
        view = self.view
        doc = view.doc
        toks = [t for t in view.toks[start_tok:start_tok + SHORT_OBJECT + 2] if t.start < end]
        words = [t for t in toks if t.is_word]
        if len(words) > SHORT_OBJECT or not view.parsed(toks[0].sentence):
            return True
        return any(doc.words[w].upos not in NOMINAL for t in words for w in t.words)

    def _content_start(self, cue: CueHit, rng: range) -> int | None:
        toks = self.view.toks
        i = cue.last + 1
        while i < rng.stop and toks[i].text in (",", ":", "—", "-"):
            i += 1
        if i >= rng.stop:
            return None
        if i > cue.last + 1:
            return i  # "Eddy mengungkapkan, saat ini …": the comma opens the clause
        # "bahwa" soon after the cue marks the clause
        for k in range(i, min(rng.stop, i + 16)):
            if toks[k].lower == "bahwa":
                return k + 1 if k + 1 < rng.stop else None
            if toks[k].text in DOUBLE:
                break
        if toks[i].lower in ADJUNCT_PREPS:
            for k in range(i, min(rng.stop, i + 14)):
                if toks[k].text == ",":
                    return k + 1 if k + 1 < rng.stop else None
        return i

    def _source(self, cue: CueHit, rng: range, sent_end: int, prev_is_comma: bool, para: int,
                s_index: int) -> Candidate | None:
        view = self.view
        toks = view.toks
        floor = rng.start
        if prev_is_comma and cue.form.form_kind in ("bare", "clitic"):
            # "…, menurut X." / "…, menurutnya." / "A, menurut X, B."
            mention, after = self._mention_after(cue)
            tail = self._tail_after(after, rng, sent_end)
            end = sent_end if tail else toks[cue.first - 1].start
            content = self._trim(Span(toks[floor].start, end))
            rule = "cue-clitic" if cue.clitic else "source-after"
            return self._make(content, cue, mention, cue.clitic, rule, 0.8, para, s_index)
        # "Menurut X, …" / "Menurutnya, …" / "Berdasarkan keterangan X, …"
        if cue.form.form.startswith("di") and cue.first != self._clause_start(rng):
            return None  # a passive opens the clause or it is no source ("Dikatakan X, …")
        mention, k = self._mention_after(cue)
        if mention is None and not cue.clitic:
            return None
        comma = None
        for m_ in range(k, min(rng.stop, k + 12)):
            if toks[m_].text == ",":
                comma = m_
                break
        appositive = mention is not None and k < rng.stop and "," in view.text[
            mention.start:mention.end] and toks[k].is_word and not toks[k].is_cap
        if comma is None or (appositive and comma > k):
            if cue.clitic and k < rng.stop:
                comma = k - 1  # "Menurutnya hal itu …" without a comma
            elif appositive:
                # "Menurut Sekda, Iyos Somantri kegiatan ini …": the title's appositive name
                # closes the source, and the clause follows it without a comma
                comma = k - 1
            else:
                return None
        if comma + 1 >= rng.stop:
            return None
        # a verb cue later in the sentence carries its own subject ("Dalam keterangan tertulis,
        # Kemenkes menyebut …"): leave it to that cue
        if cue.form.form_kind == "phrase" and self._last_verb_cue_in(rng) > comma:
            return None
        content = self._trim(Span(toks[comma + 1].start, sent_end))
        rule = "cue-clitic" if cue.clitic else "source-before"
        return self._make(content, cue, mention, cue.clitic, rule, 0.85, para, s_index)

    def _clause_start(self, rng: range) -> int:
        """The first word of a sentence after a leading connective ("Sementara itu, …")."""
        toks = self.view.toks
        if toks[rng.start].lower not in self.lex.function_words:
            return rng.start
        for k in range(rng.start, min(rng.stop, rng.start + 4)):
            if toks[k].text == ",":
                i = k + 1
                while i < rng.stop and not toks[i].is_word:
                    i += 1
                return i
        return rng.start

    def _last_verb_cue_in(self, rng: range) -> int:
        """Index of the last verb cue of a sentence (-1 when none), computed once."""
        last = self._last_verb_cue.get(rng.start)
        if last is None:
            last = -1
            for k in range(rng.start, rng.stop):
                hit = cue_at(self.view, k, self.lex)
                if hit is not None and hit.form.form_kind == "verb":
                    last = k
            self._last_verb_cue[rng.start] = last
        return last

    def _mention_after(self, cue: CueHit) -> tuple[MentionInfo | None, int]:
        """The speaker named right after a cue and the token after it (none for -nya)."""
        if cue.clitic:
            return None, cue.last + 1
        mention = mentions.forward(self.view, cue.last + 1, self.lex)
        return mention, (self.view.tok_at(mention.end) if mention else cue.last + 1)

    def _tail_after(self, k: int, rng: range, sent_end: int) -> bool:
        """After a parenthetical speaker ("…, kata dia, …" / "menurut Jo—…—") the reported
        clause goes on for at least three words."""
        toks = self.view.toks
        for m_ in range(k, rng.stop):
            t = toks[m_]
            if t.text in (",", "—", "–") or t.text.startswith("—"):
                rest = toks[m_ + 1].start if m_ + 1 < rng.stop else sent_end
                return _words(self.view, Span(rest, sent_end)) >= 3
            if not t.is_word or t.is_cap or t.lower in ADJUNCT_PREPS:
                continue
            return False
        return False

    def _cue_first(self, cue: CueHit, rng: range, sent_end: int, para: int, s_index: int
                   ) -> Candidate | None:
        """'Kata dia, …' at the start of a sentence."""
        view = self.view
        toks = view.toks
        mention = mentions.forward(view, cue.last + 1, self.lex)
        if mention is None:
            return None
        k = view.tok_at(mention.end)
        if k >= rng.stop or toks[k].text not in (",", ":"):
            return None
        content = self._trim(Span(toks[k + 1].start, sent_end)) if k + 1 < rng.stop else None
        if content is None:
            return None
        return self._make(content, cue, mention, False, "cue-before-quote", 0.8, para, s_index)

    def _trim(self, span: Span) -> Span:
        text = self.view.text
        start, end = span.start, span.end
        while start < end and (text[start].isspace() or text[start] in ",:;—–-"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",:;—–-"):
            end -= 1
        return Span(start, end)

    def _make(self, content: Span, cue: CueHit, mention: MentionInfo | None, clitic: bool,
              rule: str, conf: float, para: int, s_index: int) -> Candidate | None:
        if content.end <= content.start or _words(self.view, content) < 3:
            return None
        if mention is not None and mention.kind == "agency":
            return None
        kind: QuoteKind = "indirect"
        if any(content.contains(o) for o in self.marked_index.overlapping(content)):
            kind = "mixed"
        return Candidate(kind, content, cue, mention, clitic, rule, conf, para, s_index)


AFTER_SPEAKER = ADJUNCT_PREPS | mentions.ADVERBS | frozenset(
    "yang singkat seraya sambil menegaskan menambahkan menjelaskan melalui usai dalam".split()
)


def _predicate_follows(tok: Tok) -> bool:
    return tok.is_word and not tok.is_cap and tok.lower not in AFTER_SPEAKER


def find_candidates(view: View, lex: Lexicon, marked: list[Marked], skip: tuple[Span, ...]
                    ) -> list[Candidate]:
    finder = Finder(view, lex, skip, marked)
    direct = finder.direct(marked)
    indirect = finder.indirect(direct, marked)
    # an indirect clause never overlaps a direct quote; a mixed one absorbs the short quoted
    # fragments it holds, but a clause that is mostly one direct quote is that quote
    # ("«…», kata X" / "Menurut X, “…”")
    direct_index = SpanIndex([d.content for d in direct])
    kept = []
    for c in indirect:
        inside = direct_index.overlapping(c.content)
        if not inside:
            kept.append(c)
        elif c.kind == "mixed" and sum(len(d) for d in inside) < 0.6 * len(c.content):
            kept.append(c)
    mixed_index = SpanIndex([c.content for c in kept if c.kind == "mixed"])
    direct = [d for d in direct if not mixed_index.covers(d.content)]
    accepted = {d.content for d in direct}
    taken = [m.outer for m in marked if m.content in accepted] + [c.content for c in kept]
    kept += finder.pointing_back(taken)
    return sorted(direct + kept, key=lambda c: c.content.start)


__all__ = ["Candidate", "Tok", "find_candidates"]
