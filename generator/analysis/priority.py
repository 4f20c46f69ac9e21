"""What the method values first: targets, then influential people, then how far past due.

Every follow-up list is ranked with one key: the tier (a target, an influential person, anyone
else), then the silence relative to the contact's cadence (or, for fading ties, to their own
rhythm), then influence, then name and slug. The reason says the same in one line.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..model import Person, sort_key
from ..thresholds import Thresholds
from .cadence import Contact
from .phrases import times


def tier(person: Person, thresholds: Thresholds) -> int:
    """Return 0 for a target, 1 for an influential person, 2 for anyone else."""
    if person.target:
        return 0
    return 1 if person.influence >= thresholds.influential else 2


def priority_key(person: Person, thresholds: Thresholds, ratio: Fraction) -> tuple[Any, ...]:
    """Order by tier, then the larger ratio, then influence, then name and slug.

    The ratio is compared as a float first and as the exact fraction only when the floats are
    equal: rounding never reverses two values' order, so the order is the exact one, and
    comparing fractions (in Python) was most of sorting 10,000 contacts' follow-ups.
    """
    return (
        tier(person, thresholds),
        -float(ratio),
        -ratio,
        -person.influence,
        sort_key(person.name),
        person.slug,
    )


def past_cadence(contact: Contact) -> Fraction:
    """Return the silence as a multiple of the cadence (0 without a cadence or a date)."""
    if not contact.cadence or contact.days_since is None:
        return Fraction(0)
    return Fraction(contact.days_since, contact.cadence)


def past_rhythm(contact: Contact) -> Fraction:
    """Return the silence as a multiple of the contact's own rhythm (0 without one)."""
    if not contact.rhythm or contact.days_since is None:
        return Fraction(0)
    return Fraction(contact.days_since, contact.rhythm)


def priority_reason(contact: Contact) -> str:
    """Say why a contact ranks where it does: "target, influence 5, 2× past due"."""
    person = contact.person
    parts = ["target"] if person.target else []
    parts.append(f"influence {person.influence}")
    due_in = contact.due_in_days
    if due_in is not None and due_in < 0:
        parts.append(f"{times(past_cadence(contact))} past due")
    if contact.fading:
        parts.append(f"fading, {times(past_rhythm(contact))} their rhythm")
    return ", ".join(parts)
