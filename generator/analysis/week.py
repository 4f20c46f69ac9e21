"""This week's actions: a short, mixed list of what to do next, for the home page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Person, sort_key
from ..thresholds import Thresholds
from .followups import FollowUps
from .intro_paths import IntroPath
from .next_steps import NextStep, OpenStep
from .rhythm import is_dormant

ACTION_KINDS = ("next", "follow-up", "ask", "give", "intro")


@dataclass(frozen=True, slots=True)
class Action:
    """One thing to do this week about one person."""

    kind: str  # one of ACTION_KINDS
    slug: str
    days_overdue: int = 0
    path: IntroPath | None = None
    reason: str = ""  # follow-ups: why they rank where they do; give: why a give comes first
    scheduled: OpenStep | None = None  # next: the step the log scheduled


def plan_week(
    follow_ups: FollowUps,
    ready: Sequence[str],
    steps: Mapping[str, NextStep],
    open_steps: Sequence[OpenStep],
    by_slug: Mapping[str, Person],
    thresholds: Thresholds,
    today: dt.date,
) -> tuple[Action, ...]:
    """Pick at most `dashboard_actions` actions, taking from each kind in turn.

    `steps` are the targets' next steps, in the targets' order. A scheduled step is this week's
    when it is due within `due_soon_days`.
    """
    due_by = today + dt.timedelta(days=thresholds.due_soon_days)
    queues = (
        [Action("next", s.slug, scheduled=s) for s in open_steps if s.date <= due_by],
        _follow_ups(follow_ups, by_slug, thresholds, today),
        [Action("ask", slug) for slug in ready],
        [Action("give", s.slug, reason=s.detail) for s in steps.values() if s.kind == "give-first"],
        _new_intros(steps, by_slug),
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


def _follow_ups(
    follow_ups: FollowUps, by_slug: Mapping[str, Person], thresholds: Thresholds, today: dt.date
) -> list[Action]:
    """Overdue, then fading, targets and influential people, in the agenda's order.

    Someone silent for `dormant_years` is left to the Reconnect page, unless a target.
    """

    def matters(slug: str, last: dt.date | None = None) -> bool:
        person = by_slug[slug]
        if person.target:
            return True
        return person.influence >= thresholds.influential and not is_dormant(
            last, today, thresholds
        )

    reasons = follow_ups.reasons
    overdue = [
        Action("follow-up", o.slug, days_overdue=o.days_overdue, reason=reasons[o.slug])
        for o in follow_ups.overdue
        if matters(o.slug, o.last_contact)
    ]
    fading = [
        Action("follow-up", f.slug, reason=reasons[f.slug])
        for f in follow_ups.fading
        if matters(f.slug)
    ]
    return overdue + fading


def _new_intros(steps: Mapping[str, NextStep], by_slug: Mapping[str, Person]) -> list[Action]:
    """Targets you are not tied to yet and wait on nobody for: the strongest path first."""
    paths = [s.path for s in steps.values() if s.kind == "introduce" and s.path is not None]

    def order(path: IntroPath) -> tuple[Any, ...]:
        target = by_slug[path.target]
        return (-path.score, -target.influence, sort_key(target.name), target.slug)

    paths.sort(key=order)
    return [Action("intro", p.target, path=p) for p in paths]
