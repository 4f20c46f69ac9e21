"""The patience guard: asks made too early, and targets you have earned the right to ask.

An interaction is a log entry (asks and gives included). Entries dated after `today` have not
happened yet and are not counted. "Earlier" means on an earlier day: an entry logged the same day
as an ask does not make that ask patient. Closeness counts as patience: family, and anyone at
`patient_strength` or more, have known you longer than any log says, so an ask of them is never
too early and a close target needs no count of logged interactions to be ready.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from ..model import Interaction, Person, sort_key
from ..thresholds import Thresholds
from .phrases import plural


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
        if is_patient(person, thresholds):
            continue
        log = _so_far(person, today)
        for entry in log:
            if not entry.is_ask:
                continue
            earlier = sum(1 for other in log if other.date < entry.date)
            if earlier < thresholds.ask_after:
                found.append((entry, TooEarlyAsk(person.slug, entry.date, earlier, entry.text)))
    found.sort(key=lambda pair: (-pair[0].date.toordinal(), pair[1].slug, pair[0].line))
    return tuple(ask for _, ask in found)


def is_patient(person: Person, thresholds: Thresholds) -> bool:
    """True for someone close enough that an ask is not pushing: family, or a strong tie."""
    if person.circle == "family" and person.strength >= 1:
        return True
    return person.strength >= thresholds.patient_strength


def is_ready_to_ask(person: Person, thresholds: Thresholds, today: dt.date) -> bool:
    """True for a close-enough target known long enough, with no recent ask, who got as much.

    Being in touch (not overdue, not fading) is checked by `find_ready_to_ask`.
    """
    return person.target and not why_not_ready(person, thresholds, today)


def why_not_ready(person: Person, thresholds: Thresholds, today: dt.date) -> str:
    """Say what keeps a target from a purposeful ask, in words ('' when nothing does)."""
    if person.strength < thresholds.ready_strength:
        return f"grow the tie to strength {thresholds.ready_strength} before asking"
    log = _so_far(person, today)
    if not is_patient(person, thresholds):
        if len(log) < thresholds.ask_after:
            return f"{len(log)} of the {thresholds.ask_after} interactions before an ask"
        ready_on = log[0].date + dt.timedelta(days=thresholds.ready_after_days)
        if today < ready_on:
            return f"known since {log[0].date.isoformat()}: an ask fits from {ready_on.isoformat()}"
    asks = sum(1 for i in log if i.is_ask)
    gives = sum(1 for i in log if i.is_give)
    if asks > gives:
        return f"{plural(asks, 'ask')} and {plural(gives, 'give')}: give as much as you ask"
    recent = [i.date for i in log if i.is_ask and (today - i.date).days < thresholds.ask_gap_days]
    if recent:
        again = max(recent) + dt.timedelta(days=thresholds.ask_gap_days)
        return f"asked on {max(recent).isoformat()}: the next ask from {again.isoformat()}"
    return ""


def find_ready_to_ask(
    people: Iterable[Person],
    thresholds: Thresholds,
    today: dt.date,
    out_of_touch: Collection[str] = (),
) -> tuple[str, ...]:
    """Return the targets ready for a purposeful ask, most influential first.

    Someone overdue or fading (`out_of_touch`) is to reconnect with first, not to ask.
    """
    ready = [
        p for p in people if p.slug not in out_of_touch and is_ready_to_ask(p, thresholds, today)
    ]
    ready.sort(key=lambda p: (-p.influence, -p.strength, sort_key(p.name), p.slug))
    return tuple(p.slug for p in ready)


def _so_far(person: Person, today: dt.date) -> list[Interaction]:
    return [entry for entry in person.log if entry.date <= today and entry.is_contact]
