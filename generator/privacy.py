"""What the site may show: the vault without private fields and `## Private` sections."""

from __future__ import annotations

import dataclasses
from typing import Any

from .fields import KNOWN_FIELDS
from .model import FREE_FIELDS, Person, Vault

CAN_BE_PRIVATE = (*FREE_FIELDS, "tags", "notes")
ALWAYS_SHOWN = tuple(f for f in KNOWN_FIELDS if f not in CAN_BE_PRIVATE)


class PrivateFieldError(ValueError):
    """A field named in `private_fields` that the site cannot do without."""


def normalize_private_fields(names: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Return the names lower-cased and deduplicated; refuse fields every page needs."""
    folded = tuple(dict.fromkeys(name.strip().casefold() for name in names))
    fixed = [name for name in folded if name in ALWAYS_SHOWN]
    if fixed:
        raise PrivateFieldError(
            f"{', '.join(repr(f) for f in fixed)} cannot be private: the site is built from "
            f"{'it' if len(fixed) == 1 else 'them'} (private fields can be "
            f"{', '.join(CAN_BE_PRIVATE)}, or any field of your own)"
        )
    return folded


def redact(vault: Vault, private_fields: tuple[str, ...]) -> Vault:
    """Return the vault as the site may show it: private fields and `## Private` text emptied."""
    hidden = frozenset(name.casefold() for name in private_fields)
    people = tuple(_redact_person(person, hidden) for person in vault.people)
    return Vault.build(people, vault.edges)


def _redact_person(person: Person, hidden: frozenset[str]) -> Person:
    changes: dict[str, Any] = {name: "" for name in FREE_FIELDS if name in hidden}
    if "tags" in hidden:
        changes["tags"] = ()
    if "notes" in hidden:
        changes["notes"] = ""
    # Extra fields match case-blind: `Email:` is as private as `email:`.
    extra = tuple((key, value) for key, value in person.extra if key.casefold() not in hidden)
    return dataclasses.replace(person, private_notes="", extra=extra, **changes)
