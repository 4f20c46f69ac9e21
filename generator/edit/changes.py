"""The changes Kith makes to a contact: set or unset a field, log an interaction, tie two people.

Each is a text change handed to `edit.edit_contact` with the contact it must produce, so a
change that would touch anything else is refused. Values are validated by `fields.convert_field`,
the loader's own code: a value accepted here is exactly a value the loader accepts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from ..model import INTRO_OUTCOMES, KNOWN_FIELDS, LOG_TAGS, Person, Tie
from ..vault.fields import (
    CONVERTERS,
    FieldError,
    convert_field,
    misspelt_field_hint,
    scalar_text,
)
from ..vault.scalars import format_scalar
from ..vault.ties import DEFAULT_STRENGTH, TieError, check_strength, tie_entry
from .batch import FileWrite, WriteError, apply_changes
from .front import compose_root, find_pair, flow_list, quote_of, remove_key, set_value
from .knows import with_tie, without_tie
from .log import NO_LINKS, Links, entry_line, insert_entry, new_entry
from .writer import ContactText, Edited, EditError, Expect, TextChange, edit_contact, plan_edit

FieldValue = str | int | float | bool | dt.date | tuple[str, ...]
_FIELD_NAME = re.compile(r"^[A-Za-z_][\w-]*$")
_TYPED = ("strength", "influence", "cadence", "target", "last_contact", "connected_on")
_ATTRIBUTES = {"last_contact": "last_contact_field", "connected_on": "connected_on_field"}


def value_from_text(field: str, words: Sequence[str]) -> FieldValue:
    """Read command-line words as the loader would read them in the file.

    Tags take several words, each of which may hold several tags separated by commas. Numbers,
    `true`/`false` and dates are read as YAML reads them; every other field takes the text as is.
    """
    if field == "tags":
        return tuple(t.strip() for word in words for t in word.split(",") if t.strip())
    if len(words) != 1:
        raise EditError(f"{field} takes one value (got {len(words)}); quote a value with spaces")
    text = words[0]
    if field not in _TYPED:
        return text
    try:
        value = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError):
        return text
    if isinstance(value, (int, float, bool, dt.date)):
        return value
    return text


def contact_text(
    name: str,
    fields: Sequence[tuple[str, FieldValue]] = (),
    knows: Sequence[tuple[str, int]] = (),
    nl: str = "\n",
) -> str:
    """Write a new contact's file: name, the fields in the order given, ties, an empty log."""
    _validated("name", name)
    lines = ["---", f"name: {format_scalar(name)}"]
    for field, value in fields:
        _check_name(field)
        _validated(field, value)
        written = _written("", field, value)
        lines.append(f"{field}: {written if isinstance(written, str) else flow_list(written)}")
    if knows:
        lines.append("knows:")
        for other, strength in dict(knows).items():
            lines.append(f"  {tie_entry(other, _checked_strength(other, strength))}")
    return nl.join([*lines, "---", "", "## Log", ""])


def set_field(path: Path, rel: str, field: str, value: FieldValue) -> Edited:
    """Give one front-matter field a new value (adding the field when it is not there)."""
    _check_name(field)
    if field == "knows":
        raise EditError("knows holds ties: change them with 'kith tie'")
    model = _validated(field, value)

    def change(doc: ContactText, before: Person) -> str:
        if field not in KNOWN_FIELDS and field not in dict(before.extra):
            hint = misspelt_field_hint(field)
            if hint:
                raise EditError(f"unknown field '{field}'{hint}")
        written = _written(doc.front, field, value)
        return doc.with_front(set_value(doc.front, field, written, doc.nl))

    return edit_contact(path, rel, change, lambda p: _with_field(p, field, model), _without(field))


def _without(field: str) -> Callable[[ContactText], str]:
    """The file without the field: what a set or an unset leaves standing of it, when it is bad."""
    return lambda doc: doc.with_front(remove_key(doc.front, field))


def unset_field(path: Path, rel: str, field: str) -> Edited:
    """Remove one front-matter field; the contact falls back to the field's default."""
    _check_name(field)
    if field == "name":
        raise EditError("name is required: it can be changed, not removed")

    def change(doc: ContactText, before: Person) -> str:
        return doc.with_front(remove_key(doc.front, field))

    def expect(before: Person) -> Person:
        if field == "knows":
            return dataclasses.replace(before, ties=())
        if field in CONVERTERS:
            return _with_field(before, field, convert_field(field, None))
        return dataclasses.replace(before, extra=tuple(e for e in before.extra if e[0] != field))

    return edit_contact(path, rel, change, expect, _without(field))


def add_log_entry(
    path: Path,
    rel: str,
    date: dt.date,
    text: str,
    tags: Sequence[str] = (),
    links: Links = NO_LINKS,
) -> Edited:
    """Add `- DATE (tags): text` to the contact's `## Log`, in date order, with any `links`."""
    return edit_contact(path, rel, *_log_change(path, date, text, tags, links))


def add_log_entries(
    files: Sequence[tuple[Path, str]],
    date: dt.date,
    text: str,
    tags: Sequence[str] = (),
    links: Links = NO_LINKS,
) -> tuple[Edited, ...]:
    """Add the same entry to several contacts' logs: every file is written, or none is."""
    if len(files) == 1:
        return (add_log_entry(*files[0], date, text, tags, links),)
    planned = [
        (path, rel, plan_edit(path, rel, *_log_change(path, date, text, tags, links)))
        for path, rel in files
    ]
    writes = [FileWrite(path, rel, p.before, p.after) for path, rel, p in planned]
    try:
        apply_changes(writes, doing="logging")
    except WriteError as exc:
        raise EditError(str(exc)) from None
    return tuple(p.edited for _, _, p in planned)


def _log_change(
    path: Path, date: dt.date, text: str, tags: Sequence[str], links: Links
) -> tuple[TextChange, Expect]:
    entry = new_entry(date, text, tags, links)
    if not entry.text:
        raise EditError("a log entry needs some text")
    unknown = [t for t in tags if t not in LOG_TAGS]
    if unknown:
        raise EditError(f"unknown log tag '{unknown[0]}' (known: {', '.join(LOG_TAGS)})")
    if links.outcome and (links.outcome not in INTRO_OUTCOMES or not links.intro):
        raise EditError(f"'{links.outcome}' is how an introduction went: it needs an introduction")
    for key, other in (("intro", links.intro), ("via", links.via)):
        if other == path.stem:
            raise EditError(f"{key}: '{other}' is this contact")
    line = entry_line(entry)

    def change(doc: ContactText, before: Person) -> str:
        return insert_entry(doc.text, doc.body_start, line, date, doc.nl)

    return change, lambda p: dataclasses.replace(p, log=(*p.log, entry))


def set_tie(
    path: Path, rel: str, other: str, strength: int | None = None, how: str | None = None
) -> Edited:
    """Add or change the tie to `other` under `knows`; None keeps a value ('' drops `how`)."""
    if other == path.stem:
        raise EditError("a contact cannot know themselves")
    if strength is not None:
        _checked_strength(other, strength)

    def change(doc: ContactText, before: Person) -> str:
        return doc.with_front(with_tie(doc.front, other, strength, how, doc.nl))

    def expect(before: Person) -> Person:
        old = next((t for t in before.ties if t.other == other), None)
        tie = Tie(
            other,
            strength if strength is not None else old.strength if old else DEFAULT_STRENGTH,
            how if how is not None else old.how if old else "",
        )
        ties = [tie if t.other == other else t for t in before.ties]
        return dataclasses.replace(before, ties=tuple(ties if old else [*ties, tie]))

    return edit_contact(path, rel, change, expect)


def remove_tie(path: Path, rel: str, other: str) -> Edited:
    """Remove the tie to `other` from this contact's `knows`."""

    def change(doc: ContactText, before: Person) -> str:
        return doc.with_front(without_tie(doc.front, other))

    def expect(before: Person) -> Person:
        return dataclasses.replace(before, ties=tuple(t for t in before.ties if t.other != other))

    return edit_contact(path, rel, change, expect)


def _checked_strength(other: str, strength: object) -> int:
    try:
        return check_strength(other, strength)
    except TieError as exc:
        raise EditError(str(exc)) from None


def _check_name(field: str) -> None:
    if not _FIELD_NAME.match(field):
        raise EditError(f"{field!r} is not a field name (letters, digits, '_' and '-')")


def _validated(field: str, value: FieldValue) -> Any:
    if field not in CONVERTERS:
        if isinstance(value, tuple):
            raise EditError(f"{field} takes one value")
        return scalar_text(value)
    try:
        return convert_field(field, list(value) if isinstance(value, tuple) else value)
    except FieldError as exc:
        raise EditError(exc.message) from None


def _written(front: str, field: str, value: FieldValue) -> str | tuple[str, ...]:
    """Format a value for the file, in the quoting style the old value had."""
    if isinstance(value, tuple):
        return tuple(dict.fromkeys(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, dt.date)):
        return scalar_text(value)
    root = compose_root(front)
    pair = find_pair(root, field) if root is not None else None
    quote = quote_of(pair[1]) if pair is not None else ""
    return format_scalar(value, quote=quote, typed_ok=field not in CONVERTERS)


def _with_field(person: Person, field: str, model: Any) -> Person:
    if field in CONVERTERS:
        attr = _ATTRIBUTES.get(field, field)
        return dataclasses.replace(person, **{attr: model})
    extra = dict(person.extra)
    extra[field] = model
    return dataclasses.replace(person, extra=tuple(extra.items()))
