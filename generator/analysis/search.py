"""Find contacts by a piece of text: names first, then work, tags, notes and the log."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Person, Vault
from ..vault.slugs import fold

EXCERPT = 60  # characters of context shown around a match in notes or the log


@dataclass(frozen=True, slots=True)
class Hit:
    """One contact that matched, where it matched first, and the text around the match."""

    person: Person
    rank: int
    where: str
    excerpt: str


def find_people(vault: Vault, query: str) -> tuple[Hit, ...]:
    """Return contacts whose text holds `query` (accents and case ignored), best first.

    A match in the name or slug ranks above one in company or role, then tags, then notes, then
    the log; within a rank, contacts sort by name, then slug.
    """
    wanted = fold(query)
    if not wanted:
        return ()
    hits = []
    for person in vault.people:
        hit = _first_match(person, wanted)
        if hit is not None:
            hits.append(hit)
    return tuple(sorted(hits, key=lambda h: (h.rank, fold(h.person.name), h.person.slug)))


def _first_match(person: Person, wanted: str) -> Hit | None:
    for rank, (where, text) in enumerate(_fields(person)):
        for item in text:
            if wanted in fold(item):
                return Hit(person, rank, where, _excerpt(item, wanted))
    return None


def _fields(person: Person) -> Iterator[tuple[str, tuple[str, ...]]]:
    yield "name", (person.name, person.slug)
    yield "work", (person.company, person.role)
    yield "tag", person.tags
    yield "notes", (*person.notes.splitlines(), *person.private_notes.splitlines())
    yield "log", tuple(i.text for i in person.log)


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
