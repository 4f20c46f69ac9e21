"""Analysis: pure functions of (vault, settings, today) gathered into one Report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from .model import History, Person, Vault
from .movement import Movement, find_movement
from .settings import Settings


@dataclass(frozen=True, slots=True)
class Contact:
    """The facts about one person that depend on settings and today."""

    person: Person
    cadence: int
    last_contact: dt.date | None
    days_since: int | None
    due: dt.date | None
    asks: int
    gives: int


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the pages and the terminal views show, computed once."""

    today: dt.date
    contacts: Mapping[str, Contact] = field(default_factory=dict)
    history: History | None = None  # None: not in git, or a shallow clone (see the build log)
    movement: Movement | None = None


def describe_contact(person: Person, settings: Settings, today: dt.date) -> Contact:
    """Work out cadence, last contact and the next due date of one person."""
    cadence = settings.cadence_for(person.circle, person.target, person.cadence)
    last = person.last_contact
    due = last + dt.timedelta(days=cadence) if last is not None and cadence else None
    return Contact(
        person=person,
        cadence=cadence,
        last_contact=last,
        days_since=(today - last).days if last is not None else None,
        due=due,
        asks=sum(1 for i in person.log if i.is_ask),
        gives=sum(1 for i in person.log if i.is_give),
    )


def analyze(
    vault: Vault, settings: Settings, today: dt.date, history: History | None = None
) -> Report:
    """Compute every derived fact of the vault (and of its history, if known) for `today`."""
    contacts = {p.slug: describe_contact(p, settings, today) for p in vault.people}
    movement = find_movement(history, vault, today) if history is not None else None
    return Report(today=today, contacts=contacts, history=history, movement=movement)
