"""The whole engine on the shipped Stanza models, with handwritten articles."""

from __future__ import annotations

from typing import Any

import pytest

from quotes.pipeline import extract, extract_many

pytestmark = pytest.mark.models

ARTICLE = (
    "Menteri Pertahanan Kirim Bantuan ke Wilayah Banjir\n\n"
    "PALU, KOMPAS.com - Menteri Pertahanan Rusia Sergei Shoigu tiba di Jakarta pada Senin "
    "malam untuk membahas kerja sama alutsista. ADVERTISEMENT SCROLL TO CONTINUE WITH CONTENT "
    "“Kami datang untuk memperkuat kemitraan yang sudah terjalin lama. Kedua negara punya "
    "kepentingan yang sama,” kata Shoigu kepada wartawan di Bandara Halim Perdanakusuma.\n\n"
    "Ia menambahkan bahwa latihan militer gabungan akan digelar tahun depan di Laut Natuna.\n\n"
    "“Kami juga membawa tim medis untuk korban banjir di Sulawesi,” ujarnya.\n\n"
    "Baca juga: Banjir Rendam Ribuan Rumah di Palu\n\n"
    "Menurut Gubernur Sulawesi Tengah Rusdi Mastura, bantuan itu tiba tepat waktu karena "
    "ribuan warga masih mengungsi.\n\n"
    "Film \"Senja di Palu\" juga diputar untuk menghibur para pengungsi."
)


@pytest.fixture(scope="module")
def result(stanza_annotator: Any) -> Any:
    return extract(ARTICLE, stanza_annotator)


def test_offsets_are_exact(result: Any) -> None:
    for q in result.quotes:
        assert ARTICLE[q.start : q.end] == q.text
        if q.cue is not None:
            assert ARTICLE[q.cue.start : q.cue.end] == q.cue.text


def test_every_quote_and_its_speaker(result: Any) -> None:
    got = [(q.type, q.text[:30], q.speaker.name if q.speaker else None) for q in result.quotes]
    assert got == [
        ("direct", "Kami datang untuk memperkuat k", "Sergei Shoigu"),
        ("indirect", "latihan militer gabungan akan ", "Sergei Shoigu"),
        ("direct", "Kami juga membawa tim medis un", "Sergei Shoigu"),
        ("indirect", "bantuan itu tiba tepat waktu k", "Rusdi Mastura"),
    ]


def test_rules_and_mentions(result: Any) -> None:
    rules = [q.speaker.rule for q in result.quotes]
    assert rules == ["cue-after-quote", "pronoun-previous-speaker", "clitic-previous-speaker",
                     "source-before"]
    mentions = [q.speaker.mention.text for q in result.quotes]
    assert mentions == ["Shoigu", "Ia", "-nya", "Gubernur Sulawesi Tengah Rusdi Mastura"]
    assert [q.cue.text for q in result.quotes] == ["kata", "menambahkan", "ujarnya", "Menurut"]


def test_speakers_are_clustered_with_titles(result: Any) -> None:
    names = {s.name: s for s in result.speakers}
    assert set(names) == {"Sergei Shoigu", "Rusdi Mastura"}
    shoigu = names["Sergei Shoigu"]
    assert "Shoigu" in shoigu.aliases
    assert "Menteri Pertahanan Rusia" in shoigu.titles
    assert shoigu.quotes == ("q1", "q2", "q3")


def test_noise_is_reported_and_never_quoted(result: Any) -> None:
    reasons = {ig.reason for ig in result.ignored}
    assert {"boilerplate", "related-links"} <= reasons
    for ig in result.ignored:
        assert not any(ig.start <= q.start and q.end <= ig.end for q in result.quotes)
    assert not any("Senja di Palu" in q.text for q in result.quotes)


def test_batch_gives_the_same_answer_as_one_by_one(stanza_annotator: Any) -> None:
    other = "“Harga cabai naik dua kali lipat,” kata Siti Aminah, pedagang di Pasar Inpres."
    one = [extract(t, stanza_annotator) for t in (ARTICLE, other)]
    many = extract_many([ARTICLE, other], stanza_annotator)
    assert [r.quotes for r in many] == [r.quotes for r in one]
    assert many[1].quotes[0].speaker.name == "Siti Aminah"
