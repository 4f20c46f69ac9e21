"""Results in words, the same on the site and in the terminal: intro paths, scores, counts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction


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


def days_ago(days: int | None) -> str:
    """Say how long ago something was: "today", "1 day ago", "in 3 days", "never"."""
    if days is None:
        return "never"
    if days == 0:
        return "today"
    if days < 0:
        return f"in {plural(-days, 'day')}"
    return f"{plural(days, 'day')} ago"


def due_in(days_until: int) -> str:
    """Say when a follow-up is due: "due today", "due in 3 days", "overdue by 1 day"."""
    if days_until == 0:
        return "due today"
    if days_until < 0:
        return f"overdue by {plural(-days_until, 'day')}"
    return f"due in {plural(days_until, 'day')}"


def times(ratio: Fraction) -> str:
    """Write a ratio to one decimal, rounded half up: "2×", "2.5×"."""
    tenths = math.floor(ratio * 10 + Fraction(1, 2))
    whole, tenth = divmod(tenths, 10)
    return f"{whole}×" if not tenth else f"{whole}.{tenth}×"


def balance(gives: int, asks: int) -> str:
    """Say how what you give weighs against what you ask."""
    if gives > asks:
        return "you give more than you ask"
    if gives == asks:
        return "even"
    return "you ask more than you give: give first"
