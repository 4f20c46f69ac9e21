"""How often you were in touch: the log counted by day, and by month and circle (pure).

An interaction is a log entry that is a contact (connecting on a network is none), dated on or
before today: later entries are touches already booked, not activity yet.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..model import CIRCLES, Person

MONTHS = 12


@dataclass(frozen=True, slots=True)
class Activity:
    """Interactions from `first` to `last` (today) by day, and by month and circle."""

    first: dt.date
    last: dt.date
    days: Mapping[dt.date, int]  # only days with at least one interaction
    months: tuple[tuple[dt.date, Mapping[str, int]], ...]  # month's first day, count by circle

    @property
    def total(self) -> int:
        return sum(self.days.values())


def year_before(today: dt.date) -> dt.date:
    """Return the first day of the year that ends today (a 29 February steps back to the 1st)."""
    try:
        return today.replace(year=today.year - 1) + dt.timedelta(days=1)
    except ValueError:
        return dt.date(today.year - 1, 3, 1)


def month_starts(today: dt.date, months: int = MONTHS) -> tuple[dt.date, ...]:
    """Return the first day of each of the `months` months that end with today's, oldest first."""
    index = today.year * 12 + today.month - 1
    return tuple(
        dt.date(number // 12, number % 12 + 1, 1) for number in range(index - months + 1, index + 1)
    )


def interactions(
    people: Iterable[Person], first: dt.date, last: dt.date
) -> Iterable[tuple[Person, dt.date]]:
    """Yield (person, day) for every interaction from `first` to `last`, both included."""
    for person in people:
        for entry in person.log:
            if first <= entry.date <= last and entry.is_contact:
                yield person, entry.date


def find_activity(people: Iterable[Person], today: dt.date) -> Activity:
    """Count the interactions of the year that ends today, and of the last 12 months by circle."""
    first = year_before(today)
    starts = month_starts(today)
    days: Counter[dt.date] = Counter()
    by_month: dict[tuple[int, int], Counter[str]] = {(d.year, d.month): Counter() for d in starts}
    for person, day in interactions(people, min(first, starts[0]), today):
        if day >= first:
            days[day] += 1
        month = by_month.get((day.year, day.month))
        if month is not None:
            month[person.circle] += 1
    months = tuple(
        (start, {c: by_month[(start.year, start.month)][c] for c in CIRCLES}) for start in starts
    )
    return Activity(first, today, dict(sorted(days.items())), months)
