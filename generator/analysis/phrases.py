"""Results in words, the same on the site and in the terminal: intro paths, scores, counts."""

from __future__ import annotations

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


def no_contacts_yet(folder: str) -> str:
    """Say what to do first in a vault with no contacts (`folder` as the owner sees it)."""
    return f'no contacts yet in {folder}/; add your first with: kith new "Full Name"'
