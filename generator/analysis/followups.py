"""Whom to get back to: overdue and due-soon touches, targets never contacted, cooling, fading.

A touch is due `cadence` days after the last contact. Due exactly today is not overdue yet: it is
due soon, in 0 days; one day later it is overdue by 1. A cadence of 0 never reminds. A tie is
fading when its silence passes `fading_factor` times its own rhythm (`rhythm.py`); one that is
overdue too is listed as overdue, its reason saying it fades. Every list is ranked by
`priority.priority_key`: targets, then influential people, then how far past due. A contact
with a log entry after today (a meeting already booked) is scheduled: listed with that date
instead of overdue, due soon or never contacted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, TypeVar

from ..thresholds import Thresholds
from .cadence import Contact
from .priority import past_cadence, past_rhythm, priority_key, priority_reason

T = TypeVar("T")
_Key = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Overdue:
    """A contact whose next touch is past due."""

    slug: str
    days_overdue: int
    last_contact: dt.date
    cadence: int


@dataclass(frozen=True, slots=True)
class DueSoon:
    """A contact whose next touch falls within the next few days (0 = today)."""

    slug: str
    due_in_days: int


@dataclass(frozen=True, slots=True)
class Scheduled:
    """A contact who would be overdue, due soon or never contacted, with a touch already booked."""

    slug: str
    date: dt.date  # the first log entry after today
    days_overdue: int  # how late the touch is today (0 when it is not late, or never contacted)


@dataclass(frozen=True, slots=True)
class Cooling:
    """A strong tie left alone for more than `cooling_factor` times its cadence."""

    slug: str
    days_since: int
    cadence: int


@dataclass(frozen=True, slots=True)
class Fading:
    """A tie silent for more than `fading_factor` times its own rhythm, not overdue yet."""

    slug: str
    days_since: int
    rhythm: int


@dataclass(frozen=True, slots=True)
class FollowUps:
    """Every follow-up list, each ranked by priority; the reason for each person listed."""

    overdue: tuple[Overdue, ...] = ()
    due_soon: tuple[DueSoon, ...] = ()
    never_contacted: tuple[str, ...] = ()
    cooling: tuple[Cooling, ...] = ()
    fading: tuple[Fading, ...] = ()
    reasons: Mapping[str, str] = field(default_factory=dict)
    scheduled: tuple[Scheduled, ...] = ()


def find_follow_ups(contacts: Iterable[Contact], thresholds: Thresholds) -> FollowUps:
    """Sort every contact into the follow-up lists."""
    contacts = tuple(contacts)
    overdue: list[tuple[_Key, Overdue]] = []
    due_soon: list[tuple[_Key, DueSoon]] = []
    never: list[tuple[_Key, str]] = []
    cooling: list[tuple[_Key, Cooling]] = []
    fading: list[tuple[_Key, Fading]] = []
    reasons: dict[str, str] = {}
    for c in contacts:
        slug = c.slug
        if c.person.target and c.last_contact is None:
            never.append((_key(c, thresholds, Fraction(0)), slug))
            reasons[slug] = priority_reason(c)
        due_in = c.due_in_days
        if due_in is None or c.last_contact is None or c.days_since is None:
            continue
        ratio = past_cadence(c)
        if due_in < 0:
            late = Overdue(slug, -due_in, c.last_contact, c.cadence)
            overdue.append((_key(c, thresholds, ratio), late))
        elif due_in <= thresholds.due_soon_days:
            due_soon.append((_key(c, thresholds, ratio), DueSoon(slug, due_in)))
        if c.fading and due_in >= 0 and c.rhythm is not None:
            faded = Fading(slug, c.days_since, c.rhythm)
            fading.append((_key(c, thresholds, past_rhythm(c)), faded))
        if is_cooling(c, thresholds):
            cooling.append((_key(c, thresholds, ratio), Cooling(slug, c.days_since, c.cadence)))
        if due_in < 0 or due_in <= thresholds.due_soon_days or c.fading:
            reasons[slug] = priority_reason(c)
    lists = FollowUps(
        _ordered(overdue),
        _ordered(due_soon),
        _ordered(never),
        _ordered(cooling),
        _ordered(fading),
        {slug: reasons[slug] for slug in sorted(reasons)},
    )
    return with_scheduled(lists, contacts)


def _key(contact: Contact, thresholds: Thresholds, ratio: Fraction) -> _Key:
    return priority_key(contact.person, thresholds, ratio)


def with_scheduled(lists: FollowUps, contacts: Iterable[Contact]) -> FollowUps:
    """Move contacts with a touch already booked out of overdue, due soon and never contacted."""
    booked = {c.slug: c for c in contacts if c.scheduled is not None}
    found = [
        *((o.slug, o.days_overdue) for o in lists.overdue),
        *((d.slug, 0) for d in lists.due_soon),
        *((s, 0) for s in lists.never_contacted),
    ]
    scheduled = [
        Scheduled(slug, date, late)
        for slug, late in found
        if slug in booked and (date := booked[slug].scheduled) is not None
    ]
    scheduled.sort(key=lambda s: (s.date, -booked[s.slug].person.influence, s.slug))
    return dataclasses.replace(
        lists,
        overdue=tuple(o for o in lists.overdue if o.slug not in booked),
        due_soon=tuple(d for d in lists.due_soon if d.slug not in booked),
        never_contacted=tuple(s for s in lists.never_contacted if s not in booked),
        scheduled=tuple(scheduled),
    )


def is_cooling(contact: Contact, thresholds: Thresholds) -> bool:
    """True for a strong tie not touched for more than `cooling_factor` times its cadence."""
    return (
        contact.cadence > 0
        and contact.days_since is not None
        and contact.person.strength >= thresholds.cooling_strength
        and contact.days_since > thresholds.cooling_factor * contact.cadence
    )


def _ordered(items: list[tuple[_Key, T]]) -> tuple[T, ...]:
    return tuple(item for _, item in sorted(items, key=lambda pair: pair[0]))
