"""The facts about each contact that depend on settings and today: cadence, last touch, due date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..model import Person
from ..settings import Settings
from ..thresholds import Thresholds
from .rhythm import find_rhythm, is_fading


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
    interactions: int = 0  # log entries up to today
    rhythm: int | None = None  # the typical days between interactions (None: too few)
    fading: bool = False  # silent for more than `fading_factor` times the rhythm
    scheduled: dt.date | None = None  # the first log entry after today: a touch already booked

    @property
    def slug(self) -> str:
        return self.person.slug

    @property
    def due_in_days(self) -> int | None:
        """Return days until the next touch is due (negative when overdue); None: no reminder."""
        if self.due is None or self.days_since is None:
            return None
        return self.cadence - self.days_since


# Circles an import leaves people in (the default) or that never get reminders by default.
_NOT_CHOSEN = ("acquaintance", "stranger")


def waits_for_owner(person: Person) -> bool:
    """True for someone an import brought in whom the owner has not taken up: no reminders yet.

    Taking someone up is any of: a cadence, a circle other than acquaintance or stranger,
    making them a target, or a contact logged with them (connecting on LinkedIn is none).
    A big network of strangers is not a network: 500 connections must not bury the agenda.
    """
    return (
        bool(person.source)
        and person.cadence is None
        and not person.target
        and person.circle in _NOT_CHOSEN
        and person.last_contact is None
    )


def describe_contact(person: Person, settings: Settings, today: dt.date) -> Contact:
    """Work out cadence, last contact and the next due date of one person."""
    cadence = 0
    if not waits_for_owner(person):
        cadence = settings.cadence_for(person.circle, person.target, person.cadence)
    last = person.last_contact_on(today)
    due = last + dt.timedelta(days=cadence) if last is not None and cadence else None
    return Contact(
        person=person,
        cadence=cadence,
        last_contact=last,
        days_since=(today - last).days if last is not None else None,
        due=due,
        asks=sum(1 for i in person.log if i.is_ask),
        gives=sum(1 for i in person.log if i.is_give),
        interactions=sum(1 for i in person.log if i.date <= today and i.is_contact),
        **_rhythm(person, cadence, last, today, settings.thresholds),
        scheduled=person.next_planned(today),
    )


def _rhythm(
    person: Person, cadence: int, last: dt.date | None, today: dt.date, limits: Thresholds
) -> dict[str, Any]:
    rhythm = find_rhythm((i for i in person.log if i.is_contact), today, limits)
    since = (today - last).days if last is not None else None
    return {"rhythm": rhythm, "fading": is_fading(rhythm, since, cadence, last, today, limits)}
