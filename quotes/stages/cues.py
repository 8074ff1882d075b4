"""Find reporting cues (kata, ujarnya, mengatakan, menurut, tak menampik ...) among the tokens."""

from __future__ import annotations

from dataclasses import dataclass

from quotes.lexicon import CueForm, Lexicon
from quotes.stages.tokens import Tok, View


@dataclass(frozen=True, slots=True)
class CueHit:
    first: int  # token index
    last: int  # token index, inclusive
    form: CueForm
    text: str
    start: int
    end: int

    @property
    def clitic(self) -> bool:
        return self.form.form_kind == "clitic"


def cue_at(view: View, i: int, lex: Lexicon) -> CueHit | None:
    """The cue starting at token ``i``, preferring the longest phrase."""
    toks = view.toks
    for n in range(min(lex.max_phrase, len(toks) - i), 1, -1):
        window = toks[i : i + n]
        if window[-1].sentence != window[0].sentence:
            continue
        key = tuple(t.lower for t in window)
        form = lex.phrases.get(key)
        if form is not None:
            return _hit(view, window[0], window[-1], form)
    tok = toks[i]
    key1 = (tok.lower,)
    if key1 in lex.phrases:
        return _hit(view, tok, tok, lex.phrases[key1])
    form = lex.forms.get(tok.lower)
    if form is None:
        return None
    return _hit(view, tok, tok, form)


def _hit(view: View, first: Tok, last: Tok, form: CueForm) -> CueHit:
    return CueHit(first.i, last.i, form, view.text[first.start : last.end], first.start, last.end)


def find_cues(view: View, lex: Lexicon) -> list[CueHit]:
    out: list[CueHit] = []
    i = 0
    while i < len(view.toks):
        hit = cue_at(view, i, lex)
        if hit is None:
            i += 1
            continue
        out.append(hit)
        i = hit.last + 1
    return out
