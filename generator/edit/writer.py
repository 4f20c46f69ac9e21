"""The one module that writes into people/: each change keeps every byte it does not mean to change.

An edit locks the contact file, reads it again, refuses it unless it loads cleanly, changes its
text (never re-serialising it), loads the result to prove it holds exactly the intended change,
and replaces the file atomically: a temporary file in the same folder, flushed, then renamed, with
the old file's permissions. Concurrent edits of one file queue on the lock; none is lost.
"""

from __future__ import annotations

import dataclasses
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..disk import current_umask, write_atomic
from ..model import Person, Problem, Severity
from ..vault.load import iter_contact_files, parse_person
from ..vault.slugs import check_folder, check_slug, shown_path
from ..vault.split import BOM, SplitError, split_front_matter
from .front import LayoutError

if sys.platform == "win32":  # pragma: no cover

    def _lock(fd: int) -> None:
        """Windows has no flock: concurrent edits there are not serialised."""

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)


class EditError(Exception):
    """A change that was refused; nothing was written. `problems` say where, when a file is bad."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems


class SlugTakenError(EditError):
    """A new contact's slug is already a contact's file name."""

    def __init__(self, slug: str, rel: str) -> None:
        super().__init__(f"{rel} already exists: the slug '{slug}' is taken")
        self.slug = slug
        self.rel = rel


@dataclass(frozen=True, slots=True)
class ContactText:
    """A contact file's text cut where edits happen; `head` is the BOM and the opening fence."""

    head: str
    front: str
    rest: str
    body_start: int

    @classmethod
    def cut(cls, text: str) -> ContactText:
        split = split_front_matter(text)
        first = len(BOM) if text.startswith(BOM) else 0
        head_end = text.index("\n", first) + 1
        rest = text[head_end + len(split.front) :]
        return cls(text[:head_end], split.front, rest, len(text) - len(split.body))

    @property
    def text(self) -> str:
        return self.head + self.front + self.rest

    @property
    def nl(self) -> str:
        """The file's line break, as its first line ends."""
        return "\r\n" if self.head.endswith("\r\n") else "\n"

    def with_front(self, front: str) -> str:
        """Return the whole file's text with a new front matter."""
        return self.head + front + self.rest


@dataclass(frozen=True, slots=True)
class Edited:
    """What an edit did: the file, whether its bytes changed, the contact as it now loads."""

    rel: str
    changed: bool
    person: Person


@dataclass(frozen=True, slots=True)
class Planned:
    """A change made in memory: the file's bytes before and after, and what it will have done."""

    before: bytes
    after: bytes
    edited: Edited


TextChange = Callable[[ContactText, Person], str]
Expect = Callable[[Person], Person]
Repair = Callable[[ContactText], str]  # the file's text without the part a change replaces


def edit_contact(
    path: Path, rel: str, change: TextChange, expect: Expect, repairs: Repair | None = None
) -> Edited:
    """Apply a text change to one contact file, safely; `expect` says how the contact must end up.

    `change` gets the file's text and the contact as loaded, and returns the new text. The new
    text must load cleanly and give `expect(before)` (line numbers aside), or nothing is written.
    A file that does not load cleanly is refused, unless `repairs` gives it without the part
    the change replaces and that text loads cleanly: that contact is then `before`.
    """
    real = path.resolve()
    with _locked(real, rel) as (data, mode):
        before = _before(data, path.stem, rel, repairs)
        text = data.decode("utf-8")
        try:
            new_text = change(ContactText.cut(text), before)
        except (LayoutError, yaml.YAMLError) as exc:
            raise EditError(f"{rel}: {exc}; edit it by hand (nothing was changed)") from None
        if new_text == text:
            return Edited(rel, False, before)
        new_data = new_text.encode("utf-8")
        after = _verified(new_data, path.stem, rel, expect(before))
        _write(real, rel, new_data, mode, exclusive=False)
    return Edited(rel, True, after)


def plan_edit(path: Path, rel: str, change: TextChange, expect: Expect) -> Planned:
    """Make a change in memory as `edit_contact` would, with the same checks; write nothing.

    The result is written later by `write_planned` (one of many files, all or nothing), which
    refuses if the file no longer holds the bytes the change was made from.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EditError(f"{rel}: cannot open ({exc.strerror})") from None
    before = _clean_person(data, path.stem, rel, "does not load cleanly; fix it first")
    try:
        new_text = change(ContactText.cut(data.decode("utf-8")), before)
    except (LayoutError, yaml.YAMLError) as exc:
        raise EditError(f"{rel}: {exc}; edit it by hand (nothing was changed)") from None
    new_data = new_text.encode("utf-8")
    after = _verified(new_data, path.stem, rel, expect(before)) if new_data != data else before
    return Planned(data, new_data, Edited(rel, new_data != data, after))


@contextmanager
def _locked(path: Path, rel: str) -> Iterator[tuple[bytes, int]]:
    """Hold an exclusive lock on the file and yield its bytes and permissions.

    A writer replaces the file by renaming, so a waiter may wake up holding the lock of a file
    that is gone; it then locks the new one instead.
    """
    while True:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError as exc:
            raise EditError(f"{rel}: cannot open ({exc.strerror})") from None
        try:
            _lock(fd)
            held = os.fstat(fd)
            try:
                now = os.stat(path)
            except FileNotFoundError:
                raise EditError(f"{rel}: the file was removed while waiting to edit it") from None
            if (now.st_ino, now.st_dev) == (held.st_ino, held.st_dev):
                with open(fd, "rb", closefd=False) as handle:
                    yield handle.read(), stat.S_IMODE(held.st_mode)
                return
        finally:
            os.close(fd)


def _before(data: bytes, slug: str, rel: str, repairs: Repair | None) -> Person:
    """The contact as it loads, or, for a repair, as it loads without the part being replaced."""
    try:
        return _clean_person(data, slug, rel, "does not load cleanly; fix it first")
    except EditError as error:
        refused = error
        if repairs is None:
            raise
        try:
            text = data.decode("utf-8")
            without = repairs(ContactText.cut(text))
        except (UnicodeDecodeError, SplitError, LayoutError, yaml.YAMLError):
            raise refused from None
    problems: list[Problem] = []
    person = parse_person(without.encode("utf-8"), slug, rel, problems)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if person is not None and not errors:
        return person
    # The problems that would be left, on the lines of the file as it is.
    first = _first_changed_line(text, without)
    shift = text.count("\n") - without.count("\n")
    left = tuple(
        dataclasses.replace(p, line=p.line + shift) if p.line >= first else p for p in errors
    )
    if set(left) == set(refused.problems):  # the field was not what was wrong
        raise refused
    raise EditError(f"{rel} has other problems too; fix them first (nothing was changed)", left)


def _first_changed_line(old: str, new: str) -> int:
    """Return the number of the first line that differs between two texts."""
    pairs = zip(old.splitlines(True), new.splitlines(True), strict=False)
    return next((n for n, (a, b) in enumerate(pairs, start=1) if a != b), 1)


def _parsed(data: bytes, slug: str, rel: str, refusal: str) -> Person:
    """Parse a contact file's bytes; refuse with `refusal` when they do not load cleanly."""
    problems: list[Problem] = []
    person = parse_person(data, slug, rel, problems)
    errors = tuple(p for p in problems if p.severity is Severity.ERROR)
    if person is None or errors:
        raise EditError(refusal, errors)
    return person


def _clean_person(data: bytes, slug: str, rel: str, why: str) -> Person:
    return _parsed(data, slug, rel, f"{rel} {why} (nothing was changed)")


def _verified(data: bytes, slug: str, rel: str, expected: Person) -> Person:
    refusal = f"the change would leave {rel} broken; nothing was changed"
    after = _parsed(data, slug, rel, refusal)
    if _comparable(after) != _comparable(expected):
        raise EditError(
            f"{rel}: Kith cannot make this change without touching other parts of the file; "
            "nothing was changed (edit it by hand)"
        )
    return after


def _comparable(person: Person) -> Person:
    """Drop what an edit may rightly move: line numbers, and the order of same-day log entries."""
    ties = tuple(dataclasses.replace(t, line=0) for t in person.ties)
    log = sorted((dataclasses.replace(i, line=0) for i in person.log), key=repr)
    return dataclasses.replace(person, ties=ties, log=tuple(log))


def folder_is_link(people_dir: Path, parts: Sequence[str]) -> bool:
    """Tell whether a folder of the people folder leads elsewhere through a link: a contact
    written there would be where `kith check` never looks, or outside the people folder."""
    return people_dir.joinpath(*parts).resolve() != people_dir.resolve().joinpath(*parts)


def create_contact(
    people_dir: Path, root: Path, slug: str, text: str, folder: str = ""
) -> tuple[str, Person]:
    """Write a new contact file `<people>/<folder>/<slug>.md`; refuse a slug that is taken."""
    check_slug(slug)
    parts = check_folder(folder)
    path = people_dir.joinpath(*parts, f"{slug}.md")
    rel = shown_path(path, root)
    if folder_is_link(people_dir, parts):
        raise EditError(
            f"{shown_path(path.parent, root)} is a link to {path.parent.resolve()}: Kith writes "
            "only inside the people folder, to a folder of its own (nothing was written)"
        )
    for existing in iter_contact_files(people_dir):
        if existing.stem.casefold() == slug.casefold():
            raise SlugTakenError(existing.stem, shown_path(existing, root))
    data = text.encode("utf-8")
    person = _clean_person(data, slug, rel, "would not load cleanly")
    try:
        _write(path, rel, data, 0o666 & ~current_umask(), exclusive=True)
    except FileExistsError:
        raise SlugTakenError(slug, rel) from None
    return rel, person


def check_planned(data: bytes, slug: str, rel: str) -> None:
    """Refuse (EditError, with the problems) planned bytes that would not load cleanly."""
    _clean_person(data, slug, rel, "would not load cleanly")


@contextmanager
def locked(path: Path, rel: str) -> Iterator[tuple[bytes, int]]:
    """Hold the edit lock of a contact file; yield its bytes and permissions (see `_locked`)."""
    with _locked(path.resolve(), rel) as held:
        yield held


def _write(path: Path, rel: str, data: bytes, mode: int, exclusive: bool) -> None:
    try:
        write_atomic(path, data, mode=mode, durable=True, exclusive=exclusive)
    except FileExistsError:
        raise
    except OSError as exc:
        raise EditError(f"{rel}: cannot write ({exc.strerror}); nothing was changed") from None
