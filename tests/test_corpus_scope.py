"""Which corpus speakers may be merged across articles (issue 18, item 3): handwritten article
speakers through ``quotes.corpus._speaker_row``, no Spark needed. An anonymous or descriptive
source, in any position (capitalised because it opens the sentence or not), stays in its
article; a bare place or body is no title; a one-word generic body is no name."""

from __future__ import annotations

from typing import Any

import pytest

from quotes.corpus import _speaker_row


def speaker(name: str, kind: str = "person", titles: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"id": "e1", "name": name, "kind": kind, "aliases": [], "titles": list(titles),
            "quotes": ["q1"]}


def row(name: str, kind: str = "person", titles: tuple[str, ...] = ()) -> dict[str, Any]:
    keys = ("entity_id", "name", "kind", "aliases", "titles", "quotes", "key", "title_keys",
            "scope")
    return dict(zip(keys, _speaker_row(speaker(name, kind, titles)), strict=True))


@pytest.mark.parametrize("name, kind, titles", [
    ("Salah satu sumber", "person", ()),                 # "Salah satu sumber mengatakan …"
    ("Seorang sumber", "person", ()),                    # "Seorang sumber mengatakan …"
    ("seorang sumber", "person", ()),
    ("Sumber", "person", ()),
    ("sumber BBC Burma", "person", ("sumber BBC Burma",)),
    ("Sumber Kompas di Istana", "person", ()),
    ("Seorang pejabat Kementerian Luar Negeri", "person", ("pejabat Kementerian Luar Negeri",)),
    ("Salah satu saksi mata", "person", ()),
    ("Sumber di Istana yang menolak identitasnya diungkap", "person", ()),
    ("Pejabat yang enggan disebut namanya", "person", ("Pejabat",)),
    ("Warga setempat", "person", ()),
    ("Badan", "person", ()),
    ("Badan", "organization", ()),
    ("Pemerintah", "organization", ()),
    ("Rusia", "person", ()),
    ("Indonesia", "person", ("Indonesia",)),
    ("warga", "group", ()),
    ("Para petani Karawang", "group", ()),
])
def test_descriptive_speakers_stay_in_their_article(name: str, kind: str,
                                                    titles: tuple[str, ...]) -> None:
    assert row(name, kind, titles)["scope"] == "article"


@pytest.mark.parametrize("name, kind", [
    ("Sergei Lavrov", "person"), ("Lavrov", "person"), ("Budi Santoso", "person"),
    ("Sri Mulyani Indrawati", "person"), ("BMKG", "organization"),
    ("Kementerian Luar Negeri", "organization"), ("Rusia", "organization"),
])
def test_proper_names_are_linked_across_articles(name: str, kind: str) -> None:
    assert row(name, kind)["scope"] == "name"


@pytest.mark.parametrize("name", ["Menteri Luar Negeri Rusia", "Kepala BPBD Samosir",
                                  "Kapolri"])
def test_a_role_alone_is_a_title(name: str) -> None:
    assert row(name, "person", (name,))["scope"] == "title"


def test_a_bare_place_or_body_is_no_title() -> None:
    r = row("Sergei Lavrov", "person", ("Menteri Luar Negeri Rusia", "Rusia", "Indonesia",
                                        "Badan"))
    assert r["titles"] == ["Menteri Luar Negeri Rusia"]
    assert r["title_keys"] == ["menteri luar negeri rusia"]
    assert r["scope"] == "name"
    # an affiliation of several words is kept as a title, but names no role: it links nobody
    r = row("Anne Purba", "person", ("juru bicara PT KAI", "Kementerian Luar Negeri"))
    assert r["titles"] == ["juru bicara PT KAI", "Kementerian Luar Negeri"]
    assert r["title_keys"] == ["juru bicara pt kai"]
