"""How the network moved over the last days, from the committed history (pure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..model import PRESENT, History, Timeline, TrackedValue, Vault

MOVEMENT_DAYS = 30


@dataclass(frozen=True, slots=True)
class Move:
    """One contact's net change over the window; `linked` when it still has a page."""

    slug: str
    name: str
    date: dt.date
    old: TrackedValue | None = None
    new: TrackedValue | None = None
    linked: bool = True


@dataclass(frozen=True, slots=True)
class Movement:
    """The dashboard's movement block: the window and what moved in it, newest first."""

    since: dt.date
    until: dt.date
    stronger: tuple[Move, ...] = ()
    added: tuple[Move, ...] = ()
    joined: tuple[Move, ...] = ()
    left: tuple[Move, ...] = ()

    @property
    def quiet(self) -> bool:
        return not (self.stronger or self.added or self.joined or self.left)


def find_movement(
    history: History, vault: Vault, today: dt.date, days: int = MOVEMENT_DAYS
) -> Movement:
    """Compare each timeline at the start and the end of the last `days` days up to `today`."""
    start = today - dt.timedelta(days=days)  # the state at the end of this day is "before"
    stronger: list[Move] = []
    added: list[Move] = []
    joined: list[Move] = []
    left: list[Move] = []
    for timeline in history.timelines.values():
        person = vault.by_slug.get(timeline.slug)
        name = person.name if person is not None else timeline.name
        base = Move(timeline.slug, name, today, linked=person is not None)
        added_on = timeline.added
        if added_on is not None and start < added_on <= today and person is not None:
            added.append(replace(base, date=added_on))
        was, now = _is_target(timeline, start), _is_target(timeline, today)
        if was != now:
            last = _last_date(timeline, ("target", PRESENT), start, today)
            (joined if now else left).append(replace(base, date=last))
        old, new = _strength_before(timeline, start, today), timeline.value_on("strength", today)
        if now and isinstance(old, int) and isinstance(new, int) and new > old:
            last = _last_date(timeline, ("strength",), start, today)
            stronger.append(replace(base, date=last, old=old, new=new))
    return Movement(
        start + dt.timedelta(days=1),
        today,
        _ordered(stronger),
        _ordered(added),
        _ordered(joined),
        _ordered(left),
    )


def _strength_before(timeline: Timeline, start: dt.date, today: dt.date) -> TrackedValue | None:
    """The strength at the start of the window, or, for a contact added in it, the first one."""
    before = timeline.value_on("strength", start)
    if before is not None:
        return before
    added = (c.new for c in timeline.changes if c.field == "strength" and start < c.date <= today)
    return next(added, None)


def _is_target(timeline: Timeline, day: dt.date) -> bool:
    return timeline.value_on(PRESENT, day) is True and timeline.value_on("target", day) is True


def _last_date(
    timeline: Timeline, fields: tuple[str, ...], start: dt.date, today: dt.date
) -> dt.date:
    dates = [c.date for c in timeline.changes if c.field in fields and start < c.date <= today]
    return max(dates, default=today)


def _ordered(moves: list[Move]) -> tuple[Move, ...]:
    return tuple(sorted(moves, key=lambda m: (-m.date.toordinal(), m.name.casefold(), m.slug)))
