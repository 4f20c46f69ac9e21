"""The short list and the target list over the last 12 months, from the committed history.

Each point counts the contacts whose committed values put them on the list at the end of a
month (the current month up to `today`), with today's thresholds: a change of a setting reads
the whole history anew. Months that end before the history begins are not shown.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from ..model import PRESENT, History, Timeline, TrackedValue
from ..thresholds import Thresholds

MONTHS = 12


@dataclass(frozen=True, slots=True)
class ListSize:
    """How many people were on the short list and the target list at the end of `day`."""

    day: dt.date
    short_list: int
    targets: int

    @property
    def month(self) -> str:
        """Return the month as YYYY-MM."""
        return f"{self.day.year:04d}-{self.day.month:02d}"


def month_ends(today: dt.date, months: int = MONTHS) -> tuple[dt.date, ...]:
    """Return the last day of each of the `months - 1` months before today's, then today."""
    ends = [today]
    day = today.replace(day=1)
    for _ in range(months - 1):
        day -= dt.timedelta(days=1)
        ends.append(day)
        day = day.replace(day=1)
    return tuple(reversed(ends))


def find_list_sizes(
    history: History, thresholds: Thresholds, today: dt.date
) -> tuple[ListSize, ...]:
    """Count the short list and the target list at each month end, oldest first.

    Month ends before the first commit of `people/` are left out: unknown, not empty.
    """
    first = min((t.added for t in history.timelines.values() if t.added), default=None)
    if first is None:
        return ()
    days = tuple(day for day in month_ends(today) if day >= first)
    short = [0] * len(days)
    targets = [0] * len(days)
    for timeline in history.timelines.values():
        for index, values in enumerate(_values_on(timeline, days)):
            if values.get(PRESENT) is not True:
                continue
            short[index] += _on_short_list(values, thresholds)
            targets[index] += values.get("target") is True
    return tuple(ListSize(*counts) for counts in zip(days, short, targets, strict=True))


def _values_on(timeline: Timeline, days: tuple[dt.date, ...]) -> list[dict[str, TrackedValue]]:
    """Return the committed values at the end of each day, as `Timeline.value_on` tells them."""
    values: list[dict[str, TrackedValue]] = [{} for _ in days]
    for change in timeline.changes:  # in commit order: a later change overrides
        for state in values[bisect.bisect_left(days, change.date) :]:
            state[change.field] = change.new
    return values


def _on_short_list(values: dict[str, TrackedValue], thresholds: Thresholds) -> bool:
    influence, strength = values.get("influence"), values.get("strength")
    return (
        type(influence) is int
        and type(strength) is int
        and influence >= thresholds.short_list_influence
        and strength >= thresholds.short_list_strength
    )
