"""The deliberate target list, the short list "a phone call away", and what to add or trim."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Person, sort_key
from ..thresholds import Thresholds


@dataclass(frozen=True, slots=True)
class TargetList:
    """Slugs of the targets (ranked), the short list and the suggestions; notices in words."""

    targets: tuple[str, ...] = ()
    short_list: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()


def rank_people(people: Iterable[Person]) -> list[Person]:
    """Order people by influence, then strength (both highest first), then name."""
    return sorted(people, key=lambda p: (-p.influence, -p.strength, sort_key(p.name), p.slug))


def plan_targets(people: Iterable[Person], thresholds: Thresholds) -> TargetList:
    """Rank the targets, pick the short list and suggest influential people on neither."""
    ranked = rank_people(people)
    targets = tuple(p.slug for p in ranked if p.target)
    short = tuple(
        p.slug
        for p in ranked
        if p.influence >= thresholds.short_list_influence
        and p.strength >= thresholds.short_list_strength
    )
    # The short list is said once: someone a phone call away is not also suggested as a target.
    suggestions = tuple(
        p.slug
        for p in ranked
        if not p.target and p.influence >= thresholds.influential and p.slug not in short
    )[: thresholds.max_suggestions]
    return TargetList(targets, short, suggestions, target_list_notices(len(targets), thresholds))


def target_list_notices(count: int, thresholds: Thresholds) -> tuple[str, ...]:
    """Say so when the list leaves the focused range, and what to do about it."""
    low, high = thresholds.target_list_min, thresholds.target_list_max
    size = f"The target list has {count} {'person' if count == 1 else 'people'}"
    if count < low:
        return (
            f"{size}; a focused list of {low} to {high} works best: add the influential people "
            "you most want to know (past business partners, connectors, good prospects).",
        )
    if count > high:
        return (
            f"{size}; a focused list of {low} to {high} works best: "
            "take off the ones you will not pursue this year.",
        )
    return ()
