"""Quotation-mark pairing (``quotes.stages.direct.find_marked``) and paragraph splitting
(``quotes.text.paragraphs``), below the quote rules.

A marked span is listed as (content text, opening glyph or None, closing glyph or None,
paragraph index, single).
"""

from __future__ import annotations

import pytest

from quotes.model import Span
from quotes.stages.direct import find_marked
from quotes.text import paragraphs
from tests.fakes import RegexAnnotator

MarkRow = tuple[str, str | None, str | None, int, bool]


def marked(text: str, skip: tuple[Span, ...] = ()) -> list[MarkRow]:
    doc = RegexAnnotator().tokenize([text])[0]
    found = find_marked(text, doc.paragraphs, [s.end for s in doc.sentences], skip)
    out = []
    for m in found:
        # the content never includes a mark or surrounding spaces, and lies inside its outer span
        assert m.outer.contains(m.content)
        content = text[m.content.start : m.content.end]
        assert content == content.strip() and content
        out.append((
            content,
            text[m.open_mark] if m.open_mark is not None else None,
            text[m.close_mark] if m.close_mark is not None else None,
            m.paragraph,
            m.single,
        ))
    starts = [m.outer.start for m in found]
    assert starts == sorted(starts)
    return out


MARKS = [
    # curly pair
    ("“Stok beras aman,” kata Hendra.", [("Stok beras aman,", "“", "”", 0, False)]),
    # straight pair: roles read from the context
    ('"Stok beras aman," kata Hendra.', [("Stok beras aman,", '"', '"', 0, False)]),
    # guillemets
    ("«Stok beras aman,» kata Hendra.", [("Stok beras aman,", "«", "»", 0, False)]),
    # mismatched: straight opening, curly closing
    ('"Stok beras aman,” kata Hendra.', [("Stok beras aman,", '"', "”", 0, False)]),
    # two closing glyphs: the first opens by its context (space/start before, letter after)
    ("”Stok beras aman,” kata Hendra.", [("Stok beras aman,", "”", "”", 0, False)]),
    # two opening glyphs: the second closes by its context (letter before, space after)
    ("“Stok beras aman,“ kata Hendra.", [("Stok beras aman,", "“", "“", 0, False)]),
    # opening mark glued after a full stop: wartawan."Kami
    (
        'Hendra menemui wartawan."Kami siap," katanya.',
        [("Kami siap,", '"', '"', 0, False)],
    ),
    # opening mark glued after a colon
    ('Ia berkata:"Kami siap berunding."', [("Kami siap berunding.", '"', '"', 0, False)]),
    # the full stop written after the closing mark
    (
        "Pak Budi berkata, “Saya hanya ingin jalan ini diperbaiki”.",
        [("Saya hanya ingin jalan ini diperbaiki", "“", "”", 0, False)],
    ),
    # several sentences inside one pair, then a second pair in the same paragraph
    (
        "“Jalan itu rusak. Kami perbaiki,” kata Surya. “Mulai pekan depan.”",
        [
            ("Jalan itu rusak. Kami perbaiki,", "“", "”", 0, False),
            ("Mulai pekan depan.", "“", "”", 0, False),
        ],
    ),
    # a mark inside parentheses
    ('Jawabannya singkat ("Kami siap") lalu ia pergi.', [("Kami siap", '"', '"', 0, False)]),
    # single marks inside a double-quoted span are part of it, not a span of their own
    (
        "“Dia bilang ‘tidak’ kepada kami,” kata Marni.",
        [("Dia bilang ‘tidak’ kepada kami,", "“", "”", 0, False)],
    ),
    # single marks on their own are found (flagged single; the quote stage decides)
    ("Guru itu menggambar ‘2+2’ di papan tulis.", [("2+2", "‘", "’", 0, True)]),
    # straight single marks
    ("Warga menyebutnya 'jalan tikus' sejak dulu.", [("jalan tikus", "'", "'", 0, True)]),
    # apostrophes between letters are never marks
    ("Kitab Qur’an dibaca setiap Jum'at di masjid Ma'had.", []),
    # an unclosed mark recovers at the paragraph end; the next paragraph is untouched
    (
        "“Perbaikan dimulai pekan depan\nWarga menyeberang dengan perahu.",
        [("Perbaikan dimulai pekan depan", "“", None, 0, False)],
    ),
    # an unclosed mark recovers at the next opening mark in the same paragraph
    (
        "“Stok beras aman. “Harga cabai turun,” kata Hendra.",
        [
            ("Stok beras aman.", "“", None, 0, False),
            ("Harga cabai turun,", "“", "”", 0, False),
        ],
    ),
    # in a long flattened paragraph an unclosed mark stops after its third sentence
    (
        "“Satu dua tiga. Empat lima enam. Tujuh delapan sembilan. Sepuluh sebelas. Dua belas.",
        [("Satu dua tiga. Empat lima enam. Tujuh delapan sembilan.", "“", None, 0, False)],
    ),
    # a closing mark with no opening one: the quote runs from the paragraph start
    (
        "Stok beras aman sampai akhir tahun,” kata Hendra.",
        [("Stok beras aman sampai akhir tahun,", None, "”", 0, False)],
    ),
    # ... or from the start of its sentence
    (
        "Harga naik. Stok beras aman sampai akhir tahun,” kata Hendra.",
        [("Stok beras aman sampai akhir tahun,", None, "”", 0, False)],
    ),
    # a quote continued over paragraphs: one span per paragraph, the last one closed
    (
        "“Pupuk sudah kami kirim.\n“Benih juga sudah tiba,” katanya.",
        [
            ("Pupuk sudah kami kirim.", "“", None, 0, False),
            ("Benih juga sudah tiba,", "“", "”", 1, False),
        ],
    ),
    # a quoted fragment in mid-sentence is still a marked span (the rules decide its type)
    (
        "Lavrov mengatakan “seluruh paket” dokumen.",
        [("seluruh paket", "“", "”", 0, False)],
    ),
    # marks with nothing but spaces between them give no span
    ("Ia hanya menjawab “ ” lalu pergi.", []),
]


@pytest.mark.parametrize("text, expected", MARKS)
def test_find_marked(text: str, expected: list[MarkRow]) -> None:
    assert marked(text) == expected


SKIPPED = [
    # a skipped (headline) paragraph contributes no span; the body's quote stays
    (
        "Sutanto: \"Harga Beras Turun\"\n“Stok kami cukup,” kata Sutanto.",
        (Span(0, 28),),
        [("Stok kami cukup,", "“", "”", 1, False)],
    ),
]


@pytest.mark.parametrize("text, skip, expected", SKIPPED)
def test_find_marked_skips_paragraphs(text: str, skip: tuple[Span, ...],
                                      expected: list[MarkRow]) -> None:
    assert text[skip[0].start : skip[0].end] == 'Sutanto: "Harga Beras Turun"'
    assert marked(text, skip) == expected


PARAGRAPHS = [
    # one paragraph a line, trimmed; blank lines dropped
    (
        "Harga beras naik.\n\n  Pedagang mengeluh.  \r\nPembeli sepi.",
        ["Harga beras naik.", "Pedagang mengeluh.", "Pembeli sepi."],
    ),
    # a line broken in mid-sentence continues in lower case: joined
    ("Harga beras naik\nterus setiap pekan.", ["Harga beras naik\nterus setiap pekan."]),
    # a short capitalised fragment left where a link was stripped, after a long line: joined
    (
        "Warga melapor ke polisi karena harga beras naik terus setiap pekan di\nKejagung\n"
        "terkait kasus itu.",
        ["Warga melapor ke polisi karena harga beras naik terus setiap pekan di\nKejagung\n"
         "terkait kasus itu."],
    ),
    # closing punctuation ends the paragraph even when the next line is lower case
    ("Harga beras naik.\nterus setiap pekan.", ["Harga beras naik.", "terus setiap pekan."]),
    # two headline-like lines stay apart
    ("Harga Beras Naik\nPedagang Mengeluh", ["Harga Beras Naik", "Pedagang Mengeluh"]),
    # empty text
    ("", []),
]


@pytest.mark.parametrize("text, expected", PARAGRAPHS)
def test_paragraphs(text: str, expected: list[str]) -> None:
    spans = paragraphs(text)
    assert [text[p.start : p.end] for p in spans] == expected
