"""Slugs: made from names, checked as file names, and found again from a prefix or a name."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from anyascii import anyascii

from .load import iter_contact_files

MAX_SLUG = 80
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# Names Windows keeps for devices: a file called `con.md` cannot be opened there.
_RESERVED = {"con", "prn", "aux", "nul", *(f"{p}{i}" for p in ("com", "lpt") for i in range(10))}


class SlugError(Exception):
    """A slug (or a folder) that cannot be a contact's file name."""


@dataclass(frozen=True, slots=True)
class Contact:
    """A contact file as found on disk: its slug, its name when it loads, where it is."""

    slug: str
    name: str
    path: Path
    rel: str


class MatchError(Exception):
    """A slug argument that names no contact, or more than one."""

    def __init__(self, message: str, candidates: tuple[Contact, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.candidates = candidates


def fold(text: str) -> str:
    """Lower-case and strip accents, for comparisons a person would call equal."""
    return " ".join(anyascii(text).casefold().split())


def make_slug(name: str) -> str:
    """Make a file-name slug from a name: `María López` -> `maria-lopez`."""
    if any(c in "/\\" or not c.isprintable() for c in name) or name.strip() in (".", ".."):
        raise SlugError(
            f"the name {name!r} holds characters that cannot be part of a file name; choose a slug"
        )
    words = re.findall(r"[a-z0-9]+", anyascii(name).lower())
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > MAX_SLUG:
            break
        slug = longer
    if not slug:
        raise SlugError(f"cannot make a file name from the name {name!r}; choose a slug")
    check_slug(slug)
    return slug


def check_slug(slug: str) -> str:
    """Refuse a slug that is not a plain, portable file name inside the people folder."""
    if slug.endswith(".md"):
        raise SlugError(f"give the slug without '.md' (got {slug!r})")
    if not _SLUG.match(slug) or slug.endswith(".") or ".." in slug:
        raise SlugError(
            f"a slug is letters, digits, '-', '_' and '.', starting with a letter or digit "
            f"(got {slug!r})"
        )
    if len(slug) > MAX_SLUG:
        raise SlugError(f"a slug has at most {MAX_SLUG} characters (got {len(slug)})")
    if slug.split(".")[0].lower() in _RESERVED:
        raise SlugError(f"{slug!r} is a device name on Windows; choose another slug")
    return slug


def check_folder(folder: str) -> tuple[str, ...]:
    """Split a sub-folder of people/ into parts, refusing any that would leave it."""
    parts = tuple(p for p in folder.replace("\\", "/").split("/") if p)
    for part in parts:
        try:
            check_slug(part)
        except SlugError:
            raise SlugError(
                f"a folder inside people/ is names of letters, digits, '-', '_' and '.' "
                f"separated by '/' (got {folder!r})"
            ) from None
    return parts


def list_contacts(people_dir: Path, root: Path, names: Mapping[str, str]) -> tuple[Contact, ...]:
    """List every contact file, with the name its contact loaded with ('' when it did not)."""
    return tuple(
        Contact(p.stem, names.get(p.stem, ""), p, shown_path(p, root))
        for p in iter_contact_files(people_dir)
    )


def resolve(query: str, contacts: Sequence[Contact]) -> Contact:
    """Find the one contact a slug argument means: its slug, its name, or a unique prefix."""
    wanted = fold(query)
    words = re.findall(r"[a-z0-9]+", wanted)
    stages = (
        lambda c: c.slug == query,
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
            listed = "\n".join(f"  {c.slug}  {c.name}  ({c.rel})" for c in _ordered(found))
            raise MatchError(f"{query!r} matches {len(found)} contacts:\n{listed}", found)
    raise MatchError(f"no contact matches {query!r}{suggest(query, contacts)}")


def suggest(query: str, contacts: Sequence[Contact]) -> str:
    """Return "; did you mean 'a', 'b'?" from the slugs and names closest to what was typed."""
    slugs = sorted(c.slug for c in contacts)
    by_name = {fold(c.name): c.slug for c in sorted(contacts, key=lambda c: c.slug) if c.name}
    close = difflib.get_close_matches(query, slugs, n=3, cutoff=0.6)
    close += [by_name[n] for n in difflib.get_close_matches(fold(query), sorted(by_name), n=3)]
    unique = list(dict.fromkeys(close))[:3]
    return "; did you mean " + ", ".join(f"'{s}'" for s in unique) + "?" if unique else ""


def _words_match(words: list[str], name: str) -> bool:
    """Each word of the query starts a word of the name (`lop` finds María López)."""
    name_words = re.findall(r"[a-z0-9]+", fold(name))
    return all(any(n.startswith(w) for n in name_words) for w in words)


def _ordered(contacts: Iterable[Contact]) -> list[Contact]:
    return sorted(contacts, key=lambda c: (c.slug, str(c.path)))


def shown_path(path: Path, root: Path) -> str:
    """Show a path relative to the project root, as problems name files."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
