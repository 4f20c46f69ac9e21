"""What the site may show: the vault without private fields and `## Private` sections."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..model import FREE_FIELDS, LIST_FIELDS, LIST_OF, Person, Vault


def redact(vault: Vault, private_fields: tuple[str, ...]) -> Vault:
    """Return the vault as the site may show it: private fields and `## Private` text emptied."""
    hidden = {name.casefold() for name in private_fields}
    hidden |= {plural for plural, single in LIST_OF.items() if single in hidden}
    people = tuple(_redact_person(person, hidden) for person in vault.people)
    return Vault.build(people, vault.edges)


def _redact_person(person: Person, hidden: set[str]) -> Person:
    changes: dict[str, Any] = {name: "" for name in FREE_FIELDS if name in hidden}
    changes |= {name: () for name in LIST_FIELDS if name in hidden}
    if "tags" in hidden:
        changes["tags"] = ()
    if "notes" in hidden:
        changes["notes"] = ""
    # Extra fields match case-blind: `Email:` is as private as `email:`.
    extra = tuple((key, value) for key, value in person.extra if key.casefold() not in hidden)
    return dataclasses.replace(person, private_notes="", extra=extra, **changes)
