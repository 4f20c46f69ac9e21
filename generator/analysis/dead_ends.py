"""Dead ends: the business cards that led nowhere, listed to prune or to ask a friend about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..model import Vault, sort_key
from ..thresholds import Thresholds
from .cadence import Contact


def is_dead_end(contact: Contact, vault: Vault, thresholds: Thresholds) -> bool:
    """True for a weak, untied, barely met contact not touched for a long time (never a target)."""
    person = contact.person
    return (
        not person.target
        and person.strength <= thresholds.dead_end_strength
        and not vault.neighbours(person.slug)
        and contact.interactions <= thresholds.dead_end_interactions
        and (contact.days_since is None or contact.days_since >= thresholds.dead_end_days)
    )


def find_dead_ends(
    contacts: Iterable[Contact], vault: Vault, thresholds: Thresholds
) -> tuple[str, ...]:
    """Return the dead ends, longest untouched first (never touched before all)."""
    found = [c for c in contacts if is_dead_end(c, vault, thresholds)]
    found.sort(
        key=lambda c: (
            (c.last_contact or dt.date.min).toordinal(),
            sort_key(c.person.name),
            c.slug,
        )
    )
    return tuple(c.slug for c in found)
