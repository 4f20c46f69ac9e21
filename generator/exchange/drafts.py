"""One contact as an import is about to leave it: what it has, and what the import adds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..analysis.identity import fold_name
from ..model import KNOWN_FIELDS, Interaction, Person
from ..vault.body import parse_entry
from ..vault.split import split_front_matter
from .matching import normal_email, normal_linkedin, normal_name, normal_phone
from .records import Record

EMPTY: tuple[Any, ...] = (None, "", [], {}, ())
Normal = Callable[[str], str]
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Difference:
    """A value the owner has that the import file would have changed; the owner's is kept."""

    line: int
    slug: str
    field: str
    kept: str
    offered: str


@dataclass
class Draft:
    """A contact file being planned: an existing one (`person`, text read when needed) or new."""

    slug: str
    path: Path
    rel: str
    person: Person | None = None
    read: Callable[[], str] | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    knows: list[tuple[str, int, str]] = field(default_factory=list)
    notes: str = ""
    log: list[Interaction] = field(default_factory=list)
    _text: str | None = None
    _raw: dict[str, Any] | None = None

    @classmethod
    def existing(cls, person: Person, path: Path, read: Callable[[], str]) -> Draft:
        """Start from a contact file as it is on disk (read only when the import needs it)."""
        return cls(person.slug, path, person.path, person, read)

    @property
    def text(self) -> str:
        """Return the file's text as it was when first needed (the bytes the plan starts from)."""
        if self._text is None:
            self._text = self.read() if self.read is not None else ""
        return self._text

    @property
    def is_new(self) -> bool:
        return self.person is None

    @property
    def changed(self) -> bool:
        return self.is_new or bool(self.fields or self.knows or self.notes or self.log)

    def current(self, key: str) -> Any:
        """Return what the contact holds for a field, counting what this import already added.

        The loaded contact answers, except where it shows a default: only the file's own YAML
        tells whether `circle: acquaintance` is written (kept) or absent (may be filled).
        """
        if key in self.fields:
            return self.fields[key]
        if self.person is None:
            return None
        held = _held(self.person, key)
        if held in EMPTY and key in _DEFAULTS:
            return self._written(key)  # the default, or written out as the default?
        return held

    def _written(self, key: str) -> Any:
        if self._raw is None:
            self._raw = written_fields(self.text)
        return self._raw.get(key)

    def listed(self, key: str) -> list[str]:
        """Return a field as a list of texts (a list field may hold one value or a list)."""
        value = self.current(key)
        if value in EMPTY:
            return []
        return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]

    def add_reach(
        self, main: str, more: str, offered: tuple[str, ...], normal: Normal
    ) -> list[str]:
        """Add the addresses or numbers the contact lacks: the first to `main` when it is empty,
        the rest to the list `more`. Return the fields that changed."""
        if not offered:
            return []
        held = {normal(v) for v in (*self.listed(main), *self.listed(more))}
        new: list[str] = []
        for value in offered:
            key = normal(value)
            if key and key not in held:
                held.add(key)
                new.append(value)
        filled: list[str] = []
        if new and not self.listed(main):
            self.fields[main] = new.pop(0)
            filled.append(main)
        if new:
            self.fields[more] = [*self.listed(more), *new]
            filled.append(more)
        return filled

    def merge(
        self, record: Record, values: list[tuple[str, Any]], region: str | None = None
    ) -> tuple[list[str], list[Difference]]:
        """Fill empty fields from `values`; return what was filled and what differed."""
        filled: list[str] = []
        differences: list[Difference] = []
        for key, value in values:
            if value in EMPTY:
                continue
            have = self.current(key)
            if have in EMPTY:
                self.fields[key] = value
                filled.append(key)
            elif not same(key, have, value, record):
                differences.append(
                    Difference(record.line, self.slug, key, shown_value(have), shown_value(value))
                )
        filled += self.add_reach("email", "emails", record.emails, normal_email)
        filled += self.add_reach(
            "phone", "phones", record.phones, lambda p: normal_phone(p, region)
        )
        self._merge_name(record, differences, filled)
        self._merge_notes(record, filled, differences)
        self._merge_log(record, filled)
        return filled, differences

    def _merge_name(self, record: Record, differences: list[Difference], filled: list[str]) -> None:
        name = self.person.name if self.person is not None else str(self.fields.get("name", ""))
        known = {fold_name(name)}
        if record.aliases:
            known.update(fold_name(n) for n in self.listed("aliases"))
        aliases = [a for a in record.aliases if fold_name(a) not in known]
        if aliases:
            self.fields["aliases"] = [*self.listed("aliases"), *dict.fromkeys(aliases)]
            filled.append("aliases")
        if normal_name(name) != normal_name(record.name):
            differences.append(Difference(record.line, self.slug, "name", name, record.name))

    def _merge_notes(
        self, record: Record, filled: list[str], differences: list[Difference]
    ) -> None:
        if not record.notes:
            return
        have = self.notes or (self.person.notes if self.person is not None else "")
        if not have:
            self.notes = record.notes
            filled.append("notes")
        elif " ".join(have.split()) != " ".join(record.notes.split()):
            differences.append(
                Difference(record.line, self.slug, "notes", _cut(have), _cut(record.notes))
            )

    def _merge_log(self, record: Record, filled: list[str]) -> None:
        have = self.log + list(self.person.log if self.person is not None else ())
        known = {(i.date, i.text.casefold()) for i in have}
        for line in record.log:
            entry = parse_entry(line, 0, "", [])
            if entry is not None and (entry.date, entry.text.casefold()) not in known:
                self.log.append(entry)
                known.add((entry.date, entry.text.casefold()))
                filled.append("log")


_DEFAULTS: dict[str, Any] = {
    "circle": "acquaintance",
    "strength": 0,
    "influence": 1,
    "target": False,
}
_ATTRIBUTES = {"last_contact": "last_contact_field", "connected_on": "connected_on_field"}


def _held(person: Person, key: str) -> Any:
    """Return a contact's value of a field as loaded; None when empty or the default."""
    if key not in KNOWN_FIELDS:
        return dict(person.extra).get(key)
    value = getattr(person, _ATTRIBUTES.get(key, key), None)
    if key in _DEFAULTS and value == _DEFAULTS[key]:
        return None
    return list(value) if isinstance(value, tuple) else value


def same(key: str, have: Any, offered: Any, record: Record) -> bool:
    """Tell whether two values of a field mean the same for the owner."""
    if key == "linkedin":
        return normal_linkedin(str(have)) == normal_linkedin(str(offered))
    if key == "tags":
        have_set = {
            str(t).casefold() for t in (have if isinstance(have, (list, tuple)) else [have])
        }
        return {str(t).casefold() for t in offered} <= have_set
    if isinstance(have, str) or isinstance(offered, str):
        return (
            " ".join(shown_value(have).split()).casefold()
            == " ".join(shown_value(offered).split()).casefold()
        )
    return bool(have == offered)


def written_fields(text: str) -> dict[str, Any]:
    """Return a contact file's fields as YAML reads them, the empty ones left out."""
    raw = yaml.load(split_front_matter(text).front, Loader=_LOADER) or {}
    return {str(k): v for k, v in raw.items() if v not in EMPTY}


def shown_value(value: Any) -> str:
    """Show a field's value in one line, as the owner would read it (`a, b` for a list)."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).split())


def _cut(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 40 else flat[:39] + "…"
