"""Find page furniture and spam, and blank it with spaces so that every offset stays valid.

Scraped Indonesian news carries boilerplate lines ("Baca juga: ...", "SCROLL TO CONTINUE WITH
CONTENT", "[Gambas:Video CNN]", share/login/ads lines), related-headline lists and gambling spam,
often glued inline into a flattened body. They are reported in ``ignored`` and replaced by
spaces (never deleted), so the cleaned text has the same length as the submitted one.

Title-like lines (the headline, related headlines, captions) are not reported but are returned
as ``skip`` spans: no quote is extracted from them ("Netanyahu: Israel Akan Serang Rafah" is a
headline, not a quote).

All patterns are linear: no nested quantifiers, bounded repetition only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quotes.model import Ignored, IgnoredReason, Span
from quotes.text import lines as text_lines

# Whole lines that are page furniture. Anchored, each alternative is a literal prefix.
_BOILERPLATE_LINE = re.compile(
    r"^(?:advertisement|scroll to continue(?: with content)?"
    r"|baca(?: juga| berita| selengkapnya)\b|simak(?: juga)?\b|lihat juga\b"
    r"|ikuti (?:kami|berita|whatsapp|channel|akun|instagram|twitter)\b"
    r"|copyright\b|hak cipta\b|©|editor\s*:|penulis\s*:|reporter\s*:|sumber\s*:|tags?\s*:"
    r"|topik\s*:|halaman\s+\d|tonton juga\b|dapatkan (?:update|berita)\b"
    r"|artikel ini telah tayang|berita terkait\b|artikel terkait\b|\[gambas:|video pilihan\b)",
    re.IGNORECASE,
)
# Short lines of site chrome: these words also start real sentences ("Komentar menteri itu
# memicu kritik ..."), so only a short line without closing punctuation is furniture.
_CHROME_LINE = re.compile(
    r"^(?:iklan|komentar|bagikan|share|login|masuk|daftar|gabung|download|unduh|oke|follow"
    r"|subscribe|close ads|terpopuler|rekomendasi|pilih saluran)\b",
    re.IGNORECASE,
)
# Lines that introduce a list of related headlines.
_RELATED_HEADER = re.compile(
    r"^(?:baca juga|berita terkait|artikel terkait|baca selengkapnya|terpopuler|rekomendasi"
    r"|lihat juga|berita lainnya|artikel lainnya|pilihan editor)\s*:?\s*$",
    re.IGNORECASE,
)
# A line that points to another article: "Baca juga: Judul", "Simak juga: …".
_READ_MORE_LINE = re.compile(
    r"^(?:baca(?: juga| selengkapnya)|simak juga|lihat juga|berita terkait|artikel terkait)"
    r"\s*:?\s*\S", re.IGNORECASE)
# Inline furniture inside a (possibly flattened) paragraph.
_INLINE = re.compile(
    r"ADVERTISEMENT|SCROLL TO CONTINUE WITH CONTENT|\[Gambas:[^\]\n]{0,200}\]"
    r"|Simak (?:juga )?[Vv]ideo\s+(?:'[^'\n]{0,200}'|\"[^\"\n]{0,200}\"|[^:\n]{0,200})\s*:?",
)
_INLINE_READ_MORE = re.compile(r"\b(?:Baca [Jj]uga|BACA JUGA|Baca [Ss]elengkapnya)\s*:?\s*")
# Gambling and similar spam (Indonesian sites are full of it).
# (News about gambling is not spam: only promotional terms count, not "judi online".)
_SPAM = re.compile(
    r"\b(?:slot (?:gacor|demo|online|88|pragmatic|maxwin)|gacor|maxwin|togel"
    r"|situs (?:slot|judi|togel)|bandar (?:togel|judi|bola)|deposit (?:pulsa|dana)|scatter hitam"
    r"|rtp live|link alternatif|sbobet|casino online|daftar (?:slot|judi))\b",
    re.IGNORECASE,
)
# A dateline opening the body: "SUMENEP, KOMPAS.com -", "REPUBLIKA.CO.ID, JAKARTA --",
# "JAKARTA–", "VIVA.co.id -", "Jakarta, CNN Indonesia --", "Jakarta (ANTARA) -", "NEW DELHI:".
_PLACE_OR_OUTLET = (
    r"(?:[A-Z][A-Z.]{1,30}(?: [A-Z][A-Z.]{1,30}){0,2}"  # JAKARTA, NEW DELHI, REPUBLIKA.CO.ID
    r"|\w{2,30}(?:\.\w{2,10}){0,2}\.(?:com|co\.id|id|COM|CO\.ID|ID)"  # Kompas.com, VIVA.co.id
    r"|CNN Indonesia|[A-Z][a-z]{2,20}(?: [A-Z][a-z]{2,20})? ?\((?:ANTARA|Antara)\)"
    r"|[A-Z][a-z]{2,20}(?: [A-Z][a-z]{2,20})?(?=, ?(?:CNN Indonesia|\w{2,30}\.(?:com|co\.id))))"
)
_DATELINE = re.compile(
    rf"{_PLACE_OR_OUTLET}(?:, ?{_PLACE_OR_OUTLET}){{0,2}} ?(?:--|[-–—:])(?=\s|[A-Z])"
    # an outlet then a place in title case: "TEMPO.CO, Jakarta -", "Kompas.com, Sleman -"
    r"|\w{2,30}(?:\.\w{2,10}){0,2}\.(?:com|co\.id|co|id|COM|CO\.ID|CO|ID), ?"
    r"[A-Z][a-z]{2,20}(?: [A-Z][a-z]{2,20})? ?(?:--|[-–—:])(?=\s|[A-Z])"
)
_WORD = re.compile(r"\w+(?:[-']\w+)*")
_TERMINAL = ".!?…\"”’»:;)]"
_LOWER_OK = frozenset(
    "di ke dari dan yang untuk soal dengan pada tak tidak jadi ini itu atau oleh bagi akan "
    "sebagai usai saat vs hingga kala demi".split()
)
_HEADLINE_QUOTE = re.compile(r"^[^:\n]{2,60}:\s{0,3}[\"“‘«]")
_CAPTION = re.compile(r"\((?:foto|dok|ilustrasi|antara|ap|afp|reuters)\b[^)\n]{0,80}\)\s*$",
                      re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    ignored: tuple[Ignored, ...]
    skip: tuple[Span, ...]


def is_title_like(line: str) -> bool:
    """A headline-shaped line: short, no closing punctuation, mostly capitalised words
    (a headline quoting someone, 'Sutanto: "Harga Beras Akan Turun"', counts too)."""
    if line and line[-1] in "\"”’»" and _HEADLINE_QUOTE.match(line):
        line = line.rstrip("\"”’»").rstrip()
    if not line or line[-1] in _TERMINAL or line[-1] == ",":
        return False
    words = _WORD.findall(line)
    if not words or len(words) > 25:
        return False
    content = [w for w in words if w.lower() not in _LOWER_OK]
    if not content:
        return False
    caps = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return caps / len(content) >= 0.6


def _read_more_end(text: str, start: int, limit: int) -> int:
    """End of an inline 'Baca juga: Title Case Headline' run starting at ``start``."""
    pos = start
    last_good = start
    prev_cap_start = -1
    for m in _WORD.finditer(text, start, limit):
        between = text[pos : m.start()]
        if any(ch in "“\"«\n" for ch in between):
            return last_good
        w = m.group()
        if w[0].isupper() or w[0].isdigit():
            prev_cap_start = m.start()
            last_good = m.end()
        elif w.lower() in _LOWER_OK:
            pass
        else:
            # a lower-case content word starts the next sentence: its capitalised first word
            # (just before) belongs to that sentence, not to the headline
            if prev_cap_start >= 0 and prev_cap_start > start:
                end = prev_cap_start
                while end > start and text[end - 1].isspace():
                    end -= 1
                return end
            return last_good
        pos = m.end()
        if m.end() - start > 200:
            break
    return last_good


def clean(text: str) -> Cleaned:
    """Blank boilerplate, related links and spam; list title-like lines to skip."""
    chars = list(text)
    ignored: list[Ignored] = []
    skip: list[Span] = []

    def blank(start: int, end: int, reason: IgnoredReason) -> None:
        if end <= start:
            return
        for i in range(start, end):
            if chars[i] not in "\n\r":
                chars[i] = " "
        ignored.append(Ignored(start, end, reason))

    lines = text_lines(text)
    seen_titles: set[str] = set()
    in_related = False
    for n, line in enumerate(lines):
        s = text[line.start : line.end]
        words = len(_WORD.findall(s))
        title = is_title_like(s)
        if _RELATED_HEADER.match(s):
            blank(line.start, line.end, "boilerplate")
            in_related = True
            continue
        if in_related and (title or words <= 2):
            blank(line.start, line.end, "related-links")
            continue
        in_related = False
        if _SPAM.search(s) and words <= 30:
            blank(line.start, line.end, "spam")
            continue
        if _CHROME_LINE.match(s) and words <= 10 and s[-1] not in ".!?\"”":
            blank(line.start, line.end, "boilerplate")
            continue
        if _BOILERPLATE_LINE.match(s) and len(s) <= 300:
            blank(line.start, line.end,
                  "related-links" if _READ_MORE_LINE.match(s) else "boilerplate")
            continue
        if title:
            key = s.lower()
            if key in seen_titles and n > 0:
                blank(line.start, line.end, "related-links")
                continue
            seen_titles.add(key)
            skip.append(line)
            continue
        if _CAPTION.search(s) and '"' not in s and "“" not in s:
            skip.append(line)
            continue
        # single-word labels between related headlines ("Global", "Internasional")
        if words == 1 and n + 1 < len(lines) and n > 0:
            nxt = text[lines[n + 1].start : lines[n + 1].end]
            if is_title_like(nxt) and is_title_like(text[lines[n - 1].start : lines[n - 1].end]):
                blank(line.start, line.end, "related-links")
                continue
        dateline = _DATELINE.match(text, line.start, line.end)
        if dateline:
            blank(dateline.start(), dateline.end(), "boilerplate")
        for m in _INLINE.finditer(text, line.start, line.end):
            blank(m.start(), m.end(), "boilerplate")
        for m in _INLINE_READ_MORE.finditer(text, line.start, line.end):
            end = _read_more_end(text, m.end(), line.end)
            blank(m.start(), max(end, m.end()), "related-links")
    ignored.sort(key=lambda ig: ig.start)
    return Cleaned("".join(chars), tuple(_merge(ignored)), tuple(skip))


def _merge(items: list[Ignored]) -> list[Ignored]:
    out: list[Ignored] = []
    for it in items:
        if out and it.start <= out[-1].end and it.reason == out[-1].reason:
            out[-1] = Ignored(out[-1].start, max(out[-1].end, it.end), it.reason)
        elif out and it.start < out[-1].end:
            continue
        else:
            out.append(it)
    return out
