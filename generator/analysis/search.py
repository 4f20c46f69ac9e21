"""Find contacts by words: in any order, whole words first; names, work, tags, ties, notes, log."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Person, Vault
from ..vault.slugs import fold

EXCERPT = 60  # characters of context shown around a match in notes or the log
_WORD = re.compile(r"\w+")
# How a query word met a text: as a whole word, as the start of one, or inside one.
WHOLE, START, INSIDE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Hit:
    """One contact that matched, where it matched first, and the text around the match."""

    person: Person
    rank: int  # the field the search had to reach: 0 name, then work, tag, tie, notes, log
    where: str
    excerpt: str
    fit: int = WHOLE  # the loosest way a word met the text: WHOLE, START or INSIDE


@dataclass(frozen=True, slots=True)
class _Found:
    fit: int
    rank: int
    where: str
    text: str
    word: str


def find_people(vault: Vault, query: str) -> tuple[Hit, ...]:
    """Return contacts that hold every word of `query` somewhere (accents and case ignored).

    Words may come in any order and from different fields. Contacts where every word is a whole
    word come first, then those where a word only starts one, then those where it sits inside
    one ("board" in "onboarding"); then by the field the search had to reach (name or slug,
    company or role, tags, tie descriptions, notes, the log), then by name and slug.
    """
    words = _WORD.findall(fold(query))
    if not words:
        return ()
    hits = [hit for person in vault.people if (hit := _match(person, vault, words)) is not None]
    return tuple(sorted(hits, key=lambda h: (h.fit, h.rank, fold(h.person.name), h.person.slug)))


def _match(person: Person, vault: Vault, words: list[str]) -> Hit | None:
    texts = [
        (rank, where, fold(searched), shown)
        for rank, (where, items) in enumerate(_fields(person, vault))
        for searched, shown in items
        if searched
    ]
    found = []
    for word in words:
        fits = (
            _Found(fit, rank, where, shown, word)
            for rank, where, folded, shown in texts
            if (fit := _fit(word, folded)) is not None
        )
        best = min(fits, key=lambda f: (f.fit, f.rank), default=None)
        if best is None:
            return None
        found.append(best)
    shown = max(found, key=lambda f: f.rank)  # the name is listed anyway: show the rest
    fit = max(f.fit for f in found)
    return Hit(person, shown.rank, shown.where, _excerpt(shown.text, shown.word), fit)


def _fit(word: str, folded: str) -> int | None:
    """How a word meets a text: a whole word of it, the start of one, inside one, or not at all."""
    if word not in folded:
        return None
    tokens = _WORD.findall(folded)
    if word in tokens:
        return WHOLE
    return START if any(t.startswith(word) for t in tokens) else INSIDE


def _fields(person: Person, vault: Vault) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Each field as (text searched, text shown) pairs; a tie shows whom it is with."""
    yield "name", _same(person.name, person.slug)
    yield "work", _same(person.company, person.role)
    yield "tag", _same(*person.tags)
    yield (
        "tie",
        [
            (edge.how, f"{edge.how} (with {vault.by_slug[other].name})")
            for other, edge in vault.neighbours(person.slug)
            if edge.how
        ],
    )
    yield "notes", _same(*person.notes.splitlines(), *person.private_notes.splitlines())
    yield "log", _same(*(i.text for i in person.log))


def _same(*texts: str) -> list[tuple[str, str]]:
    return [(text, text) for text in texts]


def _excerpt(text: str, wanted: str) -> str:
    """Cut a long text to the part around the match (positions are approximate after folding)."""
    text = " ".join(text.split())
    if len(text) <= EXCERPT:
        return text
    folded = fold(text)
    centre = int(folded.find(wanted) / max(len(folded), 1) * len(text))
    start = max(0, min(centre - EXCERPT // 2, len(text) - EXCERPT))
    piece = text[start : start + EXCERPT]
    return ("…" if start else "") + piece + ("…" if start + EXCERPT < len(text) else "")
