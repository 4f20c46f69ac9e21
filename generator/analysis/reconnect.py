"""Reconnect: dormant ties worth reviving, the influential first.

Executives who reconnected with ties dormant for three years or more got as much value as from
their current ties, and more novel ideas (Levin, Walter & Murnighan, Organization Science 2011);
the most valuable were the higher-status people they had spent less time with (Walter, Levin &
Murnighan 2015). So the list is ranked by influence first, then by how close you once were.

Someone is listed when they were once close (strength `reconnect_strength` or more, now or at
any time in the committed history, or `reconnect_interactions` logged interactions), the last
contact is at least `dormant_years` ago, and they are neither a target (the target list already
says what to do about them), a stranger, a dead end, nor someone with cadence 0 (never remind).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from ..model import History, sort_key
from ..thresholds import Thresholds
from .cadence import Contact
from .phrases import plural
from .rhythm import is_dormant


@dataclass(frozen=True, slots=True)
class Dormant:
    """A tie once close and silent for years."""

    slug: str
    last_contact: dt.date
    years: int  # whole years of silence
    closeness: int  # the strongest strength the tie ever had (now or committed)
    interactions: int


def find_dormant(
    contacts: Iterable[Contact],
    history: History | None,
    dead_ends: Collection[str],
    thresholds: Thresholds,
    today: dt.date,
) -> tuple[Dormant, ...]:
    """Return the dormant ties worth reviving: most influential, then closest once, first."""
    found: list[tuple[Contact, Dormant]] = []
    for c in contacts:
        person, last = c.person, c.last_contact
        if person.target or person.circle == "stranger" or c.cadence == 0 or last is None:
            continue
        if c.slug in dead_ends or not is_dormant(last, today, thresholds):
            continue
        closeness = max(person.strength, _strongest(history, c.slug, today))
        if (
            closeness < thresholds.reconnect_strength
            and c.interactions < thresholds.reconnect_interactions
        ):
            continue
        found.append(
            (c, Dormant(c.slug, last, whole_years(last, today), closeness, c.interactions))
        )
    found.sort(
        key=lambda pair: (
            -pair[0].person.influence,
            -pair[1].closeness,
            pair[1].last_contact,
            sort_key(pair[0].person.name),
            pair[1].slug,
        )
    )
    return tuple(dormant for _, dormant in found)


def _strongest(history: History | None, slug: str, today: dt.date) -> int:
    """Return the highest strength committed for a contact up to today (0 when unknown)."""
    timeline = history.timelines.get(slug) if history is not None else None
    if timeline is None:
        return 0
    values = [
        c.new
        for c in timeline.changes
        if c.field == "strength" and c.date <= today and type(c.new) is int
    ]
    return max(values, default=0)


def whole_years(since: dt.date, today: dt.date) -> int:
    """Return the whole years from `since` to `today`."""
    years = today.year - since.year
    return years - 1 if (today.month, today.day) < (since.month, since.day) else years


def describe_dormant(dormant: Dormant) -> str:
    """Say why a dormant tie is worth reviving."""
    years = plural(dormant.years, "year")
    return f"once close (strength {dormant.closeness}), silent for {years}: worth reviving"
