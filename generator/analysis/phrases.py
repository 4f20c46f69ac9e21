"""Results in words, the same on the site and in the terminal: intro paths, scores, counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from fractions import Fraction

DAYS_BEFORE_MONTHS = 60  # "45 days ago" reads against a cadence; "1055 days ago" reads as nothing


def describe_path(names: Sequence[str]) -> str:
    """Write a path (first person to ask first, target last) as the action to take."""
    if len(names) == 1:
        return f"reach out to {names[0]} directly"
    action = f"ask {names[0]} to introduce you to {names[1]}"
    return action + "".join(f", who knows {name}" for name in names[2:])


def format_score(score: Fraction | float) -> str:
    """Write a score with up to three decimals (0.8, 0.384, 0.002)."""
    value = float(score)
    if 0 < value < 0.001:
        return "<0.001"
    text = f"{value:.3f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def plural(count: int, word: str, many: str | None = None) -> str:
    """Write "1 day", "2 days", "0 people"."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def span(earlier: dt.date, later: dt.date) -> str:
    """Say how long one day is before another, in calendar terms: "45 days", "2 years 10 months".

    Under 60 days it counts days, as cadences do; beyond, whole calendar months and years.
    """
    days = (later - earlier).days
    if days < DAYS_BEFORE_MONTHS:
        return plural(days, "day")
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    months -= later.day < earlier.day  # the last month is not over yet
    years, months = divmod(months, 12)
    parts = [plural(years, "year")] if years else []
    return " ".join([*parts, plural(months, "month")] if months else parts)


def time_ago(day: dt.date | None, today: dt.date) -> str:
    """Say how long ago a day was: "today", "12 days ago", "2 years 10 months ago", "in 3 days"."""
    if day is None:
        return "never"
    if day == today:
        return "today"
    return f"in {span(today, day)}" if day > today else f"{span(day, today)} ago"


def due_in(due: dt.date, today: dt.date) -> str:
    """Say when a follow-up is due: "due today", "due in 3 days", "overdue by 5 months"."""
    if due == today:
        return "due today"
    return f"due in {span(today, due)}" if due > today else f"overdue by {span(due, today)}"


def no_contacts_yet(folder: str) -> str:
    """Say what to do first in a vault with no contacts (`folder` as the owner sees it)."""
    return f'no contacts yet in {folder}/; add your first with: kith new "Full Name"'


def times(ratio: Fraction) -> str:
    """Write a ratio to one decimal, rounded half up: "2×", "2.5×"."""
    # floor(n/d * 10 + 1/2) in integers (d > 0): Fraction's arithmetic cost 24 µs a call.
    tenths = (20 * ratio.numerator + ratio.denominator) // (2 * ratio.denominator)
    whole, tenth = divmod(tenths, 10)
    return f"{whole}×" if not tenth else f"{whole}.{tenth}×"


def balance(gives: int, asks: int) -> str:
    """Say how what you give weighs against what you ask."""
    if gives > asks:
        return "you give more than you ask"
    if gives == asks:
        return "even"
    return "you ask more than you give: give first"
