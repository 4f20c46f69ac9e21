"""This week's actions: a short, mixed list of what to do next, for the home page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import Person, sort_key
from ..thresholds import Thresholds
from .followups import FollowUps
from .intro_paths import IntroPath

ACTION_KINDS = ("follow-up", "ask", "intro")


@dataclass(frozen=True, slots=True)
class Action:
    """One thing to do this week about one person."""

    kind: str  # one of ACTION_KINDS
    slug: str
    days_overdue: int = 0
    path: IntroPath | None = None


def plan_week(
    follow_ups: FollowUps,
    ready: Sequence[str],
    targets: Sequence[str],
    best: Mapping[str, IntroPath],
    by_slug: Mapping[str, Person],
    thresholds: Thresholds,
) -> tuple[Action, ...]:
    """Pick at most `dashboard_actions` actions, taking from each kind in turn."""
    queues = (
        [
            Action("follow-up", o.slug, days_overdue=o.days_overdue)
            for o in follow_ups.overdue
            if by_slug[o.slug].influence >= thresholds.influential
        ],
        [Action("ask", slug) for slug in ready],
        _new_intros(targets, best, by_slug),
    )
    chosen: list[Action] = []
    seen: set[str] = set()
    position = 0
    while len(chosen) < thresholds.dashboard_actions and any(position < len(q) for q in queues):
        for queue in queues:
            full = len(chosen) >= thresholds.dashboard_actions
            if not full and position < len(queue) and queue[position].slug not in seen:
                chosen.append(queue[position])
                seen.add(queue[position].slug)
        position += 1
    # sorted() is stable: within a kind, the order of choosing stays.
    return tuple(sorted(chosen, key=lambda a: ACTION_KINDS.index(a.kind)))


def _new_intros(
    targets: Sequence[str], best: Mapping[str, IntroPath], by_slug: Mapping[str, Person]
) -> list[Action]:
    """Targets you are not tied to yet but can reach: the strongest path first."""
    reachable = [t for t in targets if by_slug[t].strength == 0 and t in best]
    reachable.sort(
        key=lambda t: (-best[t].score, -by_slug[t].influence, sort_key(by_slug[t].name), t)
    )
    return [Action("intro", t, path=best[t]) for t in reachable]
