"""Merge one contact (OTHER) into another (KEEP) as text, planned in full before writing.

KEEP gets every field it has none of; where both hold different values KEEP's is kept, and
OTHER's is reported and noted under KEEP's `## Private` so nothing is lost. Addresses, numbers,
tags, sources and other names are pooled; OTHER's name becomes an alias. Log entries are added
in date order, as OTHER wrote them, without repeating one KEEP has. Ties are combined (the
stronger wins, `vault.ties`), and every other contact's tie to OTHER points at KEEP instead.
OTHER's file is removed. The plan is a list of batch changes, written all or nothing.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..analysis.identity import fold_name, normal_email, normal_phone
from ..edit.batch import FileRemove, PlannedChange, planned_write
from ..edit.front import LayoutError, set_value, yaml_scalar
from ..edit.knows import renamed_tie, with_tie, without_tie
from ..edit.log import entry_lines, insert_entry, one_line, relinked
from ..edit.sections import with_notes, with_private
from ..edit.writer import ContactText, EditError
from ..model import KNOWN_FIELDS, Person, Tie, Vault
from ..vault.load import parse_person
from ..vault.ties import combined
from .drafts import EMPTY, shown_value, written_fields

# Fields pooled rather than filled: several values each, or the contact's identity.
_POOLED = {"name", "knows", "email", "emails", "phone", "phones", "aliases", "tags", "source"}


@dataclass(frozen=True, slots=True)
class Conflict:
    """A field both contacts hold with different values: KEEP's stays, OTHER's is noted."""

    field: str
    kept: str
    other: str


@dataclass(frozen=True, slots=True)
class MergePlan:
    """Every change a merge makes, and what it did, for the terminal to say."""

    keep: Person
    other: Person
    changes: tuple[PlannedChange, ...]
    filled: tuple[str, ...]
    conflicts: tuple[Conflict, ...]
    log_added: int
    ties: tuple[str, ...]
    repointed: tuple[str, ...]


@dataclass
class _Keep:
    """KEEP's text as the merge changes it."""

    person: Person
    text: str
    raw: dict[str, Any]
    filled: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    ties: list[str] = field(default_factory=list)

    def set(self, key: str, value: str | list[str]) -> None:
        doc = ContactText.cut(self.text)
        self.text = doc.with_front(set_value(doc.front, key, value, doc.nl))

    def front(self, change: Callable[[str, str], str]) -> None:
        doc = ContactText.cut(self.text)
        self.text = doc.with_front(change(doc.front, doc.nl))


def plan_merge(
    vault: Vault, root: Path, keep: str, other: str, today: dt.date, region: str | None = None
) -> MergePlan:
    """Work out the merge of `other` into `keep`; nothing is written (EditError if it cannot)."""
    if keep == other:
        raise EditError(f"'{keep}' is one contact; name two to merge")
    kept, gone = vault.by_slug[keep], vault.by_slug[other]
    _check_files(root, kept, gone)
    gone_text, keep_text = _read(root / gone.path), _read(root / kept.path)
    state = _Keep(kept, keep_text, written_fields(keep_text))
    try:
        _fields(state, written_fields(gone_text))
        _pool(state, gone, region)
        _ties(state, gone)
        log_added = _log(state, gone, gone_text)
        _body(state, gone, today)
        body_start = ContactText.cut(state.text).body_start
        state.text = relinked(state.text, body_start, other, keep)
    except LayoutError as exc:
        raise EditError(f"{kept.path}: {exc}; merge these two by hand") from None
    _verify(state, gone, log_added)
    changes: list[PlannedChange] = [_write(root, kept, keep_text, state.text)]
    repointed = []
    for person in vault.people:
        if person.slug not in (keep, other) and _refers_to(person, other):
            before = _read(root / person.path)
            text = _repoint(before, person, keep, other)
            _check_ties(text, person, other)
            changes.append(_write(root, person, before, text))
            repointed.append(person.slug)
    changes.append(FileRemove(root / gone.path, gone.path, gone_text.encode("utf-8")))
    return MergePlan(
        kept,
        gone,
        tuple(changes),
        tuple(dict.fromkeys(state.filled)),
        tuple(state.conflicts),
        log_added,
        tuple(state.ties),
        tuple(repointed),
    )


def _fields(state: _Keep, other_raw: dict[str, Any]) -> None:
    """Fill what KEEP lacks; note where both hold different values."""
    order = {name: i for i, name in enumerate(KNOWN_FIELDS)}
    for key in sorted(other_raw, key=lambda k: order.get(k, len(order))):
        if key in _POOLED:
            continue
        value, have = other_raw[key], state.raw.get(key)
        if have in EMPTY:
            if isinstance(value, dict):
                state.conflicts.append(Conflict(key, "", shown_value(value)))  # noted, not copied
                continue
            state.set(
                key, [str(v) for v in value] if isinstance(value, list) else yaml_scalar(value)
            )
            state.filled.append(key)
        elif shown_value(have) != shown_value(value):
            state.conflicts.append(Conflict(key, shown_value(have), shown_value(value)))


def _pool(state: _Keep, other: Person, region: str | None) -> None:
    """Pool addresses, numbers, names, tags and sources: what KEEP lacks is added."""
    keep = state.person
    _add_values(state, "email", "emails", keep.all_emails, other.all_emails, normal_email)
    _add_values(
        state,
        "phone",
        "phones",
        keep.all_phones,
        other.all_phones,
        lambda p: normal_phone(p, region),
    )
    known = {fold_name(n) for n in (keep.name, *keep.aliases)}
    names = [n for n in (other.name, *other.aliases) if fold_name(n) not in known]
    if names:
        state.set("aliases", [*keep.aliases, *dict.fromkeys(names)])
        state.filled.append("aliases")
    for key, have, offered in (
        ("tags", keep.tags, other.tags),
        ("source", keep.source, other.source),
    ):
        new = [v for v in offered if v.casefold() not in {h.casefold() for h in have}]
        if new:
            state.set(key, [*have, *new])
            state.filled.append(key)


def _add_values(
    state: _Keep,
    main: str,
    more: str,
    have: tuple[str, ...],
    offered: tuple[str, ...],
    normal: Callable[[str], str],
) -> None:
    held = {normal(v) for v in have}
    new = [v for v in offered if normal(v) not in held]
    if not new:
        return
    if not have:
        state.set(main, yaml_scalar(new.pop(0)))
        state.filled.append(main)
    if new:
        extra = getattr(state.person, more)
        state.set(more, [*extra, *new])
        state.filled.append(more)


def _ties(state: _Keep, other: Person) -> None:
    """Combine OTHER's ties into KEEP's (the stronger wins); drop the two's ties to each other."""
    keep = state.person
    mine = {t.other: t for t in keep.ties}
    if other.slug in mine:
        state.front(lambda front, _nl: without_tie(front, other.slug))
    for tie in other.ties:
        if tie.other in (keep.slug, other.slug):
            continue
        best = combined(mine[tie.other], tie) if tie.other in mine else tie
        if best is tie:
            state.front(_tie_setter(tie))
            state.ties.append(tie.other)


def _tie_setter(tie: Tie) -> Callable[[str, str], str]:
    def change(front: str, nl: str) -> str:
        return with_tie(front, tie.other, tie.strength, tie.how or None, nl)

    return change


def _log(state: _Keep, other: Person, other_text: str) -> int:
    """Add OTHER's log entries KEEP lacks, as OTHER wrote them, in date order."""
    seen = {_entry_key(i.date, i.text) for i in state.person.log}
    lines = other_text.splitlines()
    added = 0
    for entry in other.log:
        if _entry_key(entry.date, entry.text) in seen:
            continue
        seen.add(_entry_key(entry.date, entry.text))
        doc = ContactText.cut(state.text)
        block = doc.nl.join(entry_lines(lines, entry.line))
        state.text = insert_entry(state.text, doc.body_start, block, entry.date, doc.nl)
        added += 1
    return added


def _entry_key(date: dt.date, text: str) -> tuple[dt.date, str]:
    return date, one_line(text).casefold()


def _body(state: _Keep, other: Person, today: dt.date) -> None:
    """Keep both contacts' notes and private parts; note the values KEEP kept over OTHER's."""
    keep = state.person
    if other.notes and " ".join(other.notes.split()) != " ".join(keep.notes.split()):
        doc = ContactText.cut(state.text)
        state.text = with_notes(state.text, doc.body_start, other.notes, doc.nl)
    private = [other.private_notes] if other.private_notes else []
    if state.conflicts:
        values = "; ".join(f"{c.field} {c.other!r}" for c in state.conflicts)
        private.append(
            f"- {today.isoformat()}: merged {other.slug} ({other.name}) here; it had {values}"
        )
    if private:
        doc = ContactText.cut(state.text)
        state.text = with_private(state.text, doc.body_start, "\n".join(private), doc.nl)


def _refers_to(person: Person, other: str) -> bool:
    """True when a contact's ties or log (`intro:`, `via:`) name OTHER."""
    return any(t.other == other for t in person.ties) or any(
        other in (entry.intro, entry.via) for entry in person.log
    )


def _repoint(text: str, person: Person, keep: str, other: str) -> str:
    """Point a contact's tie and log links to OTHER at KEEP; of two ties, the stronger stays."""
    text = relinked(text, ContactText.cut(text).body_start, other, keep)
    doc = ContactText.cut(text)
    ties = {t.other: t for t in person.ties}
    try:
        if other not in ties:
            return text
        if keep not in ties:
            return doc.with_front(renamed_tie(doc.front, other, keep))
        best: Tie = combined(ties[keep], ties[other])
        front = without_tie(doc.front, other)
        if best is ties[other]:
            front = with_tie(front, keep, best.strength, best.how or None, doc.nl)
        return doc.with_front(front)
    except LayoutError as exc:
        raise EditError(f"{person.path}: {exc}; change its tie to {other} by hand") from None


def _verify(state: _Keep, other: Person, log_added: int) -> None:
    """Refuse a merged KEEP that lost an entry or a tie, or still knows OTHER."""
    keep = state.person
    merged = _check_ties(state.text, keep, other.slug)
    wanted = {t.other for t in (*keep.ties, *other.ties)} - {keep.slug, other.slug}
    if len(merged.log) != len(keep.log) + log_added or {t.other for t in merged.ties} != wanted:
        raise EditError(
            f"{keep.path}: Kith cannot merge into this file without touching other parts of "
            "it; nothing was changed (merge these two by hand)"
        )


def _check_ties(text: str, person: Person, gone: str) -> Person:
    problems: list[Any] = []
    loaded = parse_person(text.encode("utf-8"), person.slug, person.path, problems)
    if loaded is None or _refers_to(loaded, gone):
        raise EditError(f"{person.path}: the tie to {gone} could not be moved; nothing was changed")
    return loaded


def _write(root: Path, person: Person, before: str, text: str) -> PlannedChange:
    path = root / person.path
    return planned_write(path, person.path, before.encode("utf-8"), text.encode("utf-8"))


def _check_files(root: Path, kept: Person, gone: Person) -> None:
    """Refuse a merge that would remove a file through a link: OTHER's file is removed, and a
    link (in people/, to another contact's file) leads to a file that is not OTHER's alone."""
    keep_path, gone_path = root / kept.path, root / gone.path
    try:
        same = os.path.samefile(keep_path, gone_path)
    except OSError as exc:
        raise EditError(f"{gone.path}: cannot read ({exc.strerror})") from None
    if same:
        raise EditError(
            f"{kept.path} and {gone.path} are one file (a link leads from one to the other); "
            "remove the link instead of merging"
        )
    if gone_path.is_symlink():
        target = Path(os.path.relpath(os.path.realpath(gone_path), root)).as_posix()
        raise EditError(
            f"{gone.path} is a link to {target}: merging would remove that file; "
            "remove the link, or merge the contact of the file it leads to"
        )


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EditError(f"{path}: cannot read ({exc})") from None
