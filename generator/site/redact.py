"""What the site may show: the vault without private fields and `## Private` sections."""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable

from ..model import CAN_BE_PRIVATE, LIST_OF, Person, Vault

_FIELDS = tuple(f.name for f in dataclasses.fields(Person))
_VALUES = operator.attrgetter(*_FIELDS)  # every field of a record, read in C
# Each field that can be private, emptied: its default ("" or ()).
_EMPTY = {f.name: f.default for f in dataclasses.fields(Person) if f.name in CAN_BE_PRIVATE}


def redact(
    vault: Vault, private_fields: tuple[str, ...], before: tuple[Vault, Vault] | None = None
) -> Vault:
    """Return the vault as the site may show it: private fields and `## Private` text emptied.

    A person with nothing to hide is the same record; the ties are the vault's own (they hold
    slugs, never a field's value). `before` is an earlier vault and its redaction with the
    same `private_fields` (`mkdocs serve` builds again and again): a person who is the very
    same record as then keeps the same redacted record.
    """
    hidden = {name.casefold() for name in private_fields}
    hidden |= {plural for plural, single in LIST_OF.items() if single in hidden}
    redact_one = _redactor(hidden)
    if before is not None:
        was, shown = before[0].by_slug, before[1].by_slug
        fresh = redact_one

        def redact_one(person: Person) -> Person:
            if was.get(person.slug) is person and person.slug in shown:
                return shown[person.slug]
            return fresh(person)

    people = tuple(redact_one(person) for person in vault.people)
    by_slug = {person.slug: person for person in people}
    return dataclasses.replace(vault, people=people, by_slug=by_slug)


def _redactor(hidden: set[str]) -> Callable[[Person], Person]:
    """Return what redacts one person: every hidden field emptied, and the private notes."""
    # A field of the owner's own may share a name with a record's attribute ("path"): only
    # the fields that can be private are emptied; any other hidden name is an extra field.
    emptied = [(_FIELDS.index(name), empty) for name, empty in _EMPTY.items() if name in hidden]
    emptied.append((_FIELDS.index("private_notes"), ""))
    extra_at = _FIELDS.index("extra")

    def redact_one(person: Person) -> Person:
        values = list(_VALUES(person))
        changed = False
        for i, empty in emptied:
            changed = changed or values[i] != empty
            values[i] = empty
        # Extra fields match case-blind: `Email:` is as private as `email:`.
        extra = person.extra
        if any(key.casefold() in hidden for key, _ in extra):
            values[extra_at] = tuple((k, v) for k, v in extra if k.casefold() not in hidden)
            changed = True
        return Person(*values) if changed else person

    return redact_one
