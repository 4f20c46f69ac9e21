"""The facts about each contact that depend on settings and today: cadence, last touch, due date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Person, quick_init
from ..settings import Settings
from .rhythm import is_fading, rhythm_of_days


@quick_init
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
    # One pass over the log (it was six, a fifth of the analysis at 10,000 contacts): what
    # `Person.last_contact_on`, `Person.next_planned` and `find_rhythm` say, together.
    asks = gives = interactions = 0
    days: set[dt.date] = set()  # days up to today with a contact
    scheduled: dt.date | None = None
    for entry in person.log:
        when = entry.date
        if when > today:  # planned, not done: no ask or give yet (as patience counts them)
            if scheduled is None or when < scheduled:
                scheduled = when
            continue
        tags = entry.tags
        if tags:
            asks += "ask" in tags
            gives += "give" in tags
        if entry.is_contact:
            interactions += 1
            days.add(when)
    field = person.last_contact_field
    last = max(days, default=None)
    if field is not None and field <= today and (last is None or field > last):
        last = field
    due = last + dt.timedelta(days=cadence) if last is not None and cadence else None
    since = (today - last).days if last is not None else None
    limits = settings.thresholds
    rhythm = rhythm_of_days(sorted(days), limits)
    return Contact(
        person=person,
        cadence=cadence,
        last_contact=last,
        days_since=since,
        due=due,
        asks=asks,
        gives=gives,
        interactions=interactions,
        rhythm=rhythm,
        fading=is_fading(rhythm, since, cadence, last, today, limits),
        scheduled=scheduled,
    )
