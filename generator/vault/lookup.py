"""Find the contact a command-line argument means: its slug, its name, or a unique prefix."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .fields import close_matches
from .files import walk_people
from .slugs import fold


@dataclass(frozen=True, slots=True)
class ContactFile:
    """A contact file as found on disk: its slug, its name when it loads, where it is."""

    slug: str
    name: str
    path: Path
    rel: str


class MatchError(Exception):
    """A slug argument that names no contact, or more than one."""

    def __init__(self, message: str, candidates: tuple[ContactFile, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.candidates = candidates


def list_contacts(
    people_dir: Path, root: Path, names: Mapping[str, str]
) -> tuple[ContactFile, ...]:
    """List every contact file, with the name its contact loaded with ('' when it did not)."""
    found = walk_people(people_dir, root)
    return contacts_of(((f.path, f.rel) for f in found if not f.outside), names)


def contacts_of(
    files: Iterable[tuple[str, str]], names: Mapping[str, str]
) -> tuple[ContactFile, ...]:
    """The contact files a walk of people/ found (`LoadResult.files`: each one's path and the
    path shown), with the name each contact loaded with ('' when it did not)."""
    contacts = []
    for path, rel in files:
        slug = os.path.basename(path)[:-3]  # a contact file's name ends in `.md`
        contacts.append(ContactFile(slug, names.get(slug, ""), Path(path), rel))
    return tuple(contacts)


def resolve(query: str, contacts: Sequence[ContactFile]) -> ContactFile:
    """Find the one contact a slug argument means: its slug, its name, or a unique prefix."""
    exact = tuple(c for c in contacts if c.slug == query)
    if len(exact) == 1:
        return exact[0]  # the common case, before any name is folded
    if exact:
        raise _ambiguous(query, exact)
    wanted = fold(query)
    words = re.findall(r"[a-z0-9]+", wanted)
    stages: tuple[Callable[[ContactFile], bool], ...] = (
        lambda c: fold(c.slug) == wanted,
        lambda c: bool(c.name) and fold(c.name) == wanted,
        lambda c: fold(c.slug).startswith(wanted),
        lambda c: bool(words) and _words_match(words, c.name),
    )
    for matches in stages:
        found = tuple(c for c in contacts if matches(c))
        if len(found) == 1:
            return found[0]
        if found:
            raise _ambiguous(query, found)
    raise MatchError(f"no contact matches {query!r}{suggest(query, contacts)}")


def resolve_strictly(query: str, contacts: Sequence[ContactFile]) -> ContactFile | None:
    """Find the contact an argument names exactly: its slug, its name or one whole word of it.

    None when it names nobody; MatchError when it names several. For words that may as well be
    text (`kith log ada ben "Lunch"`), where a prefix would take "the" for Theodore.
    """
    wanted = fold(query)
    found = tuple(
        c
        for c in contacts
        if fold(c.slug) == wanted
        or (c.name and (fold(c.name) == wanted or wanted in re.findall(r"[a-z0-9]+", fold(c.name))))
    )
    if len(found) > 1:
        raise _ambiguous(query, found)
    return found[0] if found else None


def suggest(query: str, contacts: Sequence[ContactFile]) -> str:
    """Return "; did you mean 'a', 'b'?" from the slugs and names closest to what was typed."""
    slugs = sorted(c.slug for c in contacts)
    by_name = {fold(c.name): c.slug for c in sorted(contacts, key=lambda c: c.slug) if c.name}
    close = close_matches(query, slugs, 3)
    close += [by_name[n] for n in close_matches(fold(query), sorted(by_name), 3)]
    unique = list(dict.fromkeys(close))[:3]
    return "; did you mean " + ", ".join(f"'{s}'" for s in unique) + "?" if unique else ""


def _ambiguous(query: str, found: tuple[ContactFile, ...]) -> MatchError:
    listed = "\n".join(f"  {c.slug}  {c.name}  ({c.rel})" for c in _ordered(found))
    return MatchError(f"{query!r} matches {len(found)} contacts:\n{listed}", found)


def _words_match(words: list[str], name: str) -> bool:
    """Each word of the query starts a word of the name (`lop` finds María López)."""
    name_words = re.findall(r"[a-z0-9]+", fold(name))
    return all(any(n.startswith(w) for n in name_words) for w in words)


def _ordered(contacts: Iterable[ContactFile]) -> list[ContactFile]:
    return sorted(contacts, key=lambda c: (c.slug, str(c.path)))
