"""Cluster speaker mentions into entities: one per real speaker, named by its fullest mention.

Mentions join an entity when their name words (honorifics dropped, lower-cased, transliteration
variants folded: Sergei/Sergey, Shoigu/Shoygu) are a subset of the entity's or the other way
round (Lavrov = Sergei Lavrov), when a social handle spells the name (@rajnathsingh = Rajnath
Singh), or when a title-only mention matches an entity's title (Menlu Rusia = Menteri Luar
Negeri Rusia Sergei Lavrov).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from quotes.model import SpeakerKind
from quotes.stages.mentions import MentionInfo, expand_title

_NON_WORD = re.compile(r"[^\w@]+")
#: words of a title phrase that say which holder, not what the title is ("Bupati itu",
#: "sang Menteri", "para Kepala Desa")
TITLE_DETERMINERS = frozenset({"itu", "tersebut", "ini", "sang", "para"})


_FOLDS = (("kh", "h"), ("ph", "f"), ("dj", "j"), ("tj", "c"), ("oe", "u"), ("y", "i"))


def fold(word: str) -> str:
    """Fold spelling variants: transliterations (Sergey/Sergei, Shoygu/Shoigu, Mukhammad/
    Muhammad), old Indonesian spelling (Soekarno/Sukarno, Djatmiko/Jatmiko), doubled letters."""
    w = word.lower().lstrip("@")
    for old, new in _FOLDS:
        w = w.replace(old, new)
    out: list[str] = []
    for ch in w:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z])")


def name_key(name: str) -> tuple[str, ...]:
    """Folded name words; words glued by a scraper are split ("AgamaNasaruddin")."""
    return tuple(fold(part) for w in _NON_WORD.split(name) if w for part in _GLUED.split(w))


def initials(key: tuple[str, ...]) -> str:
    """First letters of the name words: an organisation's acronym (Komisi Pemberantasan
    Korupsi = KPK, Balai Besar Taman Nasional Gunung Merbabu = BBTNGM). Folded like the keys."""
    return fold("".join(w[0] for w in key if w and w[0].isalpha() and w not in CONNECTORS))


#: lower-case words inside an organisation's name that its acronym skips
CONNECTORS = frozenset("dan & untuk dari of and the for".split())


def spells(handle: str, key: tuple[str, ...]) -> bool:
    """A social handle spells a name when it holds two of its words (@claurakiehl = Cinta Laura
    Kiehl, @budi_santoso = Budi Santoso) or its one long word (@jokowi = Jokowi)."""
    flat = "".join(ch for ch in handle if ch.isalpha())
    long_words = [w for w in key if len(w) >= 3]
    if len(long_words) == 1 and len(long_words[0]) >= 5:
        return long_words[0] in flat
    return sum(1 for w in long_words if w in flat) >= 2


@dataclass
class Entity:
    id: str
    name: str
    kind: SpeakerKind
    keys: set[tuple[str, ...]] = field(default_factory=set)
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    last_seen: int = -1
    #: whether the article writes a word in lower case somewhere (``View.written_lower``)
    written_lower: Callable[[str], bool] | None = field(default=None, repr=False,
                                                        compare=False)
    #: told of every new key (the registry's index of names)
    on_key: Callable[[Entity, tuple[str, ...]], None] | None = field(default=None, repr=False,
                                                                    compare=False)

    def add_name(self, name: str) -> None:
        if name and name != self.name and name not in self.aliases:
            self.aliases.append(name)
        key = name_key(name)
        if key and key not in self.keys:
            self.keys.add(key)
            if self.on_key is not None:
                self.on_key(self, key)
        if self.kind != "group" and self._better(name):
            old = self.name
            if old not in self.aliases:
                self.aliases.append(old)
            self.aliases = [a for a in self.aliases if a != name]
            self.name = name
            if old in self.titles:
                # known by its title until now ("Bupati Novriwan Jaya" read as a role): the
                # name takes over, what precedes it stays the title
                self.titles = [t for t in self.titles if t != old]
                self.aliases = [a for a in self.aliases if a != old]
                if old.endswith(name) and old[: -len(name)].strip():
                    self.add_title(old[: -len(name)].strip(" ,"))

    def _better(self, name: str) -> bool:
        """Whether ``name`` names the entity better than its current name: the fuller form
        of the same name (more words), and a name over the title the entity was known by.
        Between two forms of a person's name, of two words or more, neither of which holds
        the other ("Shohibul Fikri Menggebu-gebu Diduetkan" from a headline, "Muhammad
        Shohibul Fikri"), the one whose words the article never writes in lower case (a
        name, not a sentence's words) is better."""
        new, cur = name_key(name), name_key(self.name)
        if not new:
            return False
        if self.name in self.titles and name not in self.titles and len(new) >= 2 and (
            cur[-len(new):] == new
        ):
            return True  # "Bupati Novriwan Jaya" (a role, NER said ORG) -> "Novriwan Jaya"
        if set(new) <= set(cur) or set(cur) <= set(new) or self.written_lower is None or (
            self.kind != "person" or min(len(new), len(cur)) < 2
        ):
            return len(new) > len(cur)
        new_plain = self._cased(name)
        cur_plain = self._cased(self.name)
        if new_plain != cur_plain:
            return new_plain
        return len(new) > len(cur)

    def _cased(self, name: str) -> bool:
        """No word of ``name`` is written in lower case anywhere in the article."""
        lower = self.written_lower
        return lower is not None and not any(lower(w) for w in name.split())

    def add_title(self, title: str) -> None:
        if title and title not in self.titles:
            self.titles.append(title)

    def words(self) -> set[str]:
        return {w for key in self.keys for w in key}


class Registry:
    def __init__(self, written_lower: Callable[[str], bool] | None = None) -> None:
        self.entities: list[Entity] = []
        self.written_lower = written_lower
        # the entities by the words, the glued form and the initials of their keys, so a
        # lookup reads only the entities that can match (an article with thousands of
        # speakers stays linear); values keep registry order
        self._order: dict[int, int] = {}
        self._by_word: dict[str, dict[int, Entity]] = {}
        self._by_joined: dict[str, dict[int, Entity]] = {}
        self._by_initials: dict[str, dict[int, Entity]] = {}

    def _index(self, e: Entity, key: tuple[str, ...]) -> None:
        for w in key:
            self._by_word.setdefault(w, {})[id(e)] = e
        self._by_joined.setdefault("".join(key), {})[id(e)] = e
        self._by_initials.setdefault(initials(key), {})[id(e)] = e

    def _new(self, name: str, kind: SpeakerKind) -> Entity:
        e = Entity(f"e{len(self.entities) + 1}", name, kind, written_lower=self.written_lower,
                   on_key=self._index)
        self._order[id(e)] = len(self.entities)
        e.add_name(name)
        self.entities.append(e)
        return e

    def _could_match(self, key: tuple[str, ...], handle: bool, acronym: bool) -> list[Entity]:
        if handle:
            return self.entities  # a handle spells a name: any entity may
        found: dict[int, Entity] = {}
        for w in key:
            found.update(self._by_word.get(w, {}))
        if len(key) == 1:
            found.update(self._by_joined.get(key[0], {}))
            if acronym:
                found.update(self._by_initials.get(key[0], {}))
        return sorted(found.values(), key=lambda e: self._order[id(e)])

    def match_name(self, name: str) -> Entity | None:
        key = name_key(name)
        if not key:
            return None
        kset = set(key)
        handle = name.startswith("@")
        acronym = len(key) == 1 and name.isupper() and len(name) >= 2
        best = None
        for e in self._could_match(key, handle, acronym):
            if e.kind == "group":
                continue
            # sorted: the answer must not depend on set order (PYTHONHASHSEED differs between
            # gunicorn workers)
            if any(kset <= set(ek) or set(ek) <= kset or "".join(ek) == key[0]
                   and (handle or len(key) == 1) or handle and spells(key[0], ek)
                   or acronym and e.kind == "organization" and initials(ek) == key[0]
                   for ek in sorted(e.keys)):
                if best is None or e.last_seen > best.last_seen:
                    best = e
        return best

    def match_title(self, title: str) -> Entity | None:
        want = set(expand_title(title).split()) - TITLE_DETERMINERS
        if not want:
            return None
        best = None
        for e in self.entities:
            for t in e.titles:
                have = set(expand_title(t).split())
                if want <= have or (len(want) >= 2 and len(want & have) >= len(want) - 0):
                    if best is None or e.last_seen > best.last_seen:
                        best = e
        return best

    def add(self, mention: MentionInfo, position: int) -> Entity | None:
        """The entity a name/org/group/title mention refers to, creating it when new."""
        if mention.kind in ("pronoun", "agency"):
            return None
        if mention.kind == "anaphor":
            mention = replace(mention, kind="org")
        if mention.kind == "title":
            e = self.match_title(mention.name)
            if e is None:
                e = self._new(mention.name, "person")
                e.add_title(mention.name)
            e.last_seen = max(e.last_seen, position)
            return e
        if mention.kind == "group":
            for g in self.entities:
                if g.kind == "group" and g.name.lower() == mention.name.lower():
                    g.last_seen = max(g.last_seen, position)
                    return g
            e = self._new(mention.name, "group")
            e.last_seen = position
            return e
        e = self.match_name(mention.name)
        if e is None:
            e = self._new(mention.name, mention.entity_kind)
        else:
            e.add_name(mention.name)
        for t in mention.titles:
            e.add_title(t)
        e.last_seen = max(e.last_seen, position)
        return e
