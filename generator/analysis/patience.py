"""The patience guard: asks made too early, and targets you have earned the right to ask.

An interaction is a log entry (asks and gives included). Entries dated after `today` have not
happened yet and are not counted. "Earlier" means on an earlier day: an entry logged the same day
as an ask does not make that ask patient.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Interaction, Person, sort_key
from ..thresholds import Thresholds


@dataclass(frozen=True, slots=True)
class TooEarlyAsk:
    """An ask logged after fewer than `ask_after` earlier interactions with that person."""

    slug: str
    date: dt.date
    earlier: int
    text: str


def find_too_early_asks(
    people: Iterable[Person], thresholds: Thresholds, today: dt.date
) -> tuple[TooEarlyAsk, ...]:
    """Return every too-early ask, newest first."""
    found = []
    for person in people:
        log = _so_far(person, today)
        for entry in log:
            if not entry.is_ask:
                continue
            earlier = sum(1 for other in log if other.date < entry.date)
            if earlier < thresholds.ask_after:
                found.append((entry, TooEarlyAsk(person.slug, entry.date, earlier, entry.text)))
    found.sort(key=lambda pair: (-pair[0].date.toordinal(), pair[1].slug, pair[0].line))
    return tuple(ask for _, ask in found)


def is_ready_to_ask(person: Person, thresholds: Thresholds, today: dt.date) -> bool:
    """True for a close-enough target known long enough, with no recent ask."""
    if not person.target or person.strength < thresholds.ready_strength:
        return False
    log = _so_far(person, today)
    if not log or len(log) < thresholds.ask_after:
        return False
    if (today - log[0].date).days < thresholds.ready_after_days:
        return False
    return not any(i.is_ask and (today - i.date).days < thresholds.ask_gap_days for i in log)


def find_ready_to_ask(
    people: Iterable[Person], thresholds: Thresholds, today: dt.date
) -> tuple[str, ...]:
    """Return the slugs of targets ready for a purposeful ask, most influential first."""
    ready = [p for p in people if is_ready_to_ask(p, thresholds, today)]
    ready.sort(key=lambda p: (-p.influence, -p.strength, sort_key(p.name), p.slug))
    return tuple(p.slug for p in ready)


def _so_far(person: Person, today: dt.date) -> list[Interaction]:
    return [entry for entry in person.log if entry.date <= today and entry.is_contact]
